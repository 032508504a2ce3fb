/**
 * The order a new device asks for the docs of its manifest (docs/design.md §20): on a weak link
 * the person's own work comes first, history after it. The manifest lists docs oldest change
 * first; within a rank the most recently changed come first.
 *
 * - work: the person's own doc, their tasks and documents, then their conversations, unit
 *   bulletins and figures, and each conversation's latest month of messages;
 * - history: earlier months of messages.
 *
 * Bulk docs (the directory's pages) are not here: a download brings them after the work.
 */
export function orderManifest(docIds: readonly string[]): { work: string[]; history: string[] } {
  const latestMonth = new Map<string, string>();
  for (const id of docIds) {
    const log = convLog(id);
    if (log && (latestMonth.get(log.conv) ?? '') < log.month) latestMonth.set(log.conv, log.month);
  }
  const ranked: { id: string; rank: number; at: number }[] = [];
  const history: { id: string; month: string; at: number }[] = [];
  docIds.forEach((id, at) => {
    const log = convLog(id);
    if (log && latestMonth.get(log.conv) !== log.month) history.push({ id, month: log.month, at });
    else ranked.push({ id, rank: rank(id), at });
  });
  ranked.sort((a, b) => a.rank - b.rank || b.at - a.at);
  history.sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : b.at - a.at));
  return { work: ranked.map((d) => d.id), history: history.map((d) => d.id) };
}

function rank(docId: string): number {
  const kind = docId.slice(0, docId.indexOf('/'));
  if (kind === 'user') return 0;
  if (kind === 'task' || kind === 'dossier') return 1;
  if (kind === 'convlog') return 3;
  return 2;
}

/** `convlog/<convId>_<YYYYMM>`: the conversation and the month. */
function convLog(docId: string): { conv: string; month: string } | null {
  if (!docId.startsWith('convlog/')) return null;
  const cut = docId.lastIndexOf('_');
  return cut > 0 ? { conv: docId.slice(8, cut), month: docId.slice(cut + 1) } : null;
}
