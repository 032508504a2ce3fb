import {
  addProgressReport,
  addTaskComment,
  decideExtension,
  linkSubAssignment,
  readTask,
  readUrges,
  requestExtension,
  setAssignmentStatus,
  statusRank,
  urgeRecipient,
} from '@thongsuot/shared';
import type * as Y from 'yjs';

/**
 * Carries the work a device still had waiting onto a task doc rebuilt from the server's state.
 *
 * Every task edit appends to the doc's event log, so a change made after a refused one builds on
 * it in Yjs terms and cannot be sent as it is. What the person did is not lost for that: the
 * reports, extension requests and decisions, hand-downs, comments, urges and forward status
 * moves found in the old copy and missing from the rebuilt one are written again, with their
 * original author and time, as new changes. Edits to the directive itself (title, deadline,
 * recipients) are not carried: those are what a refusal is usually about. `skip` holds what was
 * already carried once, so a change the server refuses again is not carried forever.
 */
export function carryOverTaskWork(previous: Y.Doc, fresh: Y.Doc, skip: ReadonlySet<string>): string[] {
  const before = readTask(previous);
  const now = readTask(fresh);
  if (!before || !now) return [];
  const carried: string[] = [];
  const attempt = (key: string, write: () => void): void => {
    if (skip.has(key)) return;
    try {
      write();
      carried.push(key);
    } catch {
      // No longer possible on the server's state (e.g. the recipient was removed): let it go.
    }
  };
  const has = <T>(list: readonly T[], pick: (x: T) => string) => new Set(list.map(pick));
  fresh.transact(() => {
    const reports = has(now.reports, (r) => r.id);
    for (const r of before.reports)
      if (!reports.has(r.id)) attempt(`report:${r.id}`, () => addProgressReport(fresh, r));
    const requests = new Map(now.extensionRequests.map((r) => [r.id, r]));
    for (const r of before.extensionRequests) {
      const { decision, ...request } = r;
      if (!requests.has(r.id)) attempt(`extension:${r.id}`, () => requestExtension(fresh, request));
      if (decision && !requests.get(r.id)?.decision) {
        attempt(`decision:${r.id}`, () => decideExtension(fresh, r.id, decision));
      }
    }
    const links = has(now.subAssignments, (s) => s.childTaskId);
    for (const s of before.subAssignments) {
      if (!links.has(s.childTaskId)) attempt(`sub:${s.childTaskId}`, () => linkSubAssignment(fresh, s));
    }
    const comments = has(now.comments, (c) => c.id);
    for (const c of before.comments)
      if (!comments.has(c.id)) attempt(`comment:${c.id}`, () => addTaskComment(fresh, c));
    const urgeKey = (u: { recipientId: string; by: string; at: number }) => `urge:${u.recipientId}:${u.by}:${u.at}`;
    const urges = has(readUrges(now.events), urgeKey);
    for (const u of readUrges(before.events)) {
      if (!urges.has(urgeKey(u))) attempt(urgeKey(u), () => urgeRecipient(fresh, u.recipientId, u.by, u.at, u.note));
    }
    for (const a of before.assignments) {
      const current = now.assignments.find((x) => x.recipientId === a.recipientId);
      if (!current || current.round !== a.round || statusRank(a.status) <= statusRank(current.status)) continue;
      attempt(`status:${a.recipientId}:${a.round}:${a.status}`, () =>
        setAssignmentStatus(fresh, a.recipientId, a.status, a.statusBy, a.statusAt),
      );
    }
  });
  return carried;
}
