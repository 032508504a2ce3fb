/**
 * What awaits whom in one task, as index keys `<who>|<kind>|<sort key>` on the `tasks` table
 * (multi-entry). The inbox then asks IndexedDB for a key range per kind — "the open work of my
 * unit due by Friday", "the extension requests I must decide" — ordered by deadline and counted
 * in the index, without reading the rows of the 20,000 tasks a leader may have issued.
 *
 * `who` is a recipient id (a unit or a person) or `by:<issuerId>` for the issuer's side.
 */
export const INBOX_KINDS = {
  /** Assigned to the recipient and not yet opened by anyone acting for it. */
  new: 'new',
  /** The recipient's work not yet reported; sorted by its deadline (near and overdue are ranges). */
  open: 'open',
  /** The issuer urged the recipient; sorted by when (the notifier reads what is newer than it saw). */
  urged: 'urged',
  /** A recipient reported: the issuer reviews and confirms completion. */
  review: 'review',
  /** A recipient asked for more time: the issuer decides. */
  extension: 'extension',
  /** An extension request of the recipient was decided; sorted by when. */
  decided: 'decided',
  /** The issuer's side of open work: the nearest deadline among the recipients still working. */
  tracking: 'tracking',
} as const;
export type InboxKind = keyof typeof INBOX_KINDS;

export const ISSUER_PREFIX = 'by:';
const SEP = '|';

export function inboxKey(who: string, kind: InboxKind, sort: string): string {
  return `${who}${SEP}${kind}${SEP}${sort}`;
}

/** The key range of one kind for one person or unit, optionally up to `upTo` (inclusive). */
export function inboxRange(who: string, kind: InboxKind, upTo?: string): [string, string] {
  const lower = `${who}${SEP}${kind}${SEP}`;
  return [lower, upTo === undefined ? `${lower}\uffff` : `${lower}${upTo}`];
}

/** Milliseconds as a fixed-width string, so keys sort by time. */
export function timeKey(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(15, '0');
}

export interface InboxFacts {
  readonly issuerId: string;
  readonly deadline: string;
  readonly recipients: readonly {
    readonly id: string;
    readonly status: string;
    readonly deadline: string;
    readonly urgedAt: number;
  }[];
  readonly extensionsPending: readonly string[];
  /** Decided extension requests (who asked, when decided). */
  readonly decisions?: readonly { readonly recipientId: string; readonly at: number }[];
}

const OPEN = new Set(['sent', 'received', 'read', 'in_progress']);

export function inboxKeysOf(facts: InboxFacts): string[] {
  const keys = new Set<string>();
  const by = `${ISSUER_PREFIX}${facts.issuerId}`;
  let nearest: string | null = null;
  for (const r of facts.recipients) {
    if (r.status === 'sent' || r.status === 'received') keys.add(inboxKey(r.id, 'new', r.deadline));
    if (OPEN.has(r.status)) {
      keys.add(inboxKey(r.id, 'open', r.deadline));
      if (r.urgedAt > 0) keys.add(inboxKey(r.id, 'urged', timeKey(r.urgedAt)));
      if (nearest === null || r.deadline < nearest) nearest = r.deadline;
    }
    if (r.status === 'reported') keys.add(inboxKey(by, 'review', facts.deadline));
  }
  if (nearest !== null) keys.add(inboxKey(by, 'tracking', nearest));
  if (facts.extensionsPending.length > 0) keys.add(inboxKey(by, 'extension', facts.deadline));
  for (const d of facts.decisions ?? []) keys.add(inboxKey(d.recipientId, 'decided', timeKey(d.at)));
  return [...keys];
}
