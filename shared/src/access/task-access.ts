import type { Task } from '../model/task.ts';
import { type Person, type Principal, unitPrincipal, userPrincipal } from './principal.ts';

/** Who may read a task: the issuer, the issuer's unit, and every recipient. */
export function taskReaders(task: Task): Principal[] {
  const readers = new Set<Principal>([userPrincipal(task.issuerId), unitPrincipal(task.issuerUnitId)]);
  for (const a of task.assignments) {
    readers.add(a.recipientKind === 'unit' ? unitPrincipal(a.recipientId) : userPrincipal(a.recipientId));
  }
  return [...readers];
}

export function isIssuerSide(person: Person, task: Task): boolean {
  return person.id === task.issuerId || person.unitId === task.issuerUnitId;
}

/** The recipient ids whose assignment this person acts for. */
export function ownAssignments(person: Person, task: Task): string[] {
  return task.assignments
    .filter((a) => (a.recipientKind === 'unit' ? a.recipientId === person.unitId : a.recipientId === person.id))
    .map((a) => a.recipientId);
}

export function canReadTask(person: Person, task: Task): boolean {
  return isIssuerSide(person, task) || ownAssignments(person, task).length > 0;
}

export type ChangeVerdict = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

const OK: ChangeVerdict = { ok: true };

function refuse(code: string, message: string): ChangeVerdict {
  return { ok: false, code, message };
}

function sameRecipients(a: Task, b: Task): boolean {
  const left = a.assignments.map((x) => `${x.recipientKind}:${x.recipientId}`).join(',');
  const right = b.assignments.map((x) => `${x.recipientKind}:${x.recipientId}`).join(',');
  return left === right;
}

/**
 * Decides whether `person` may turn `before` into `after` (DESIGN.md §4: rules that depend on
 * what changed are checked on the projection before and after an update). `before` is null
 * when the update creates the task.
 */
export function checkTaskChange(person: Person, before: Task | null, after: Task | null): ChangeVerdict {
  if (after === null) return refuse('invalid_task', 'The update leaves the task incomplete or invalid.');
  if (before === null) {
    if (after.issuerId !== person.id || after.issuerUnitId !== person.unitId) {
      return refuse('forbidden', 'A task can only be created in your own name and unit.');
    }
    if (after.assignments.length === 0) return refuse('invalid_task', 'A task needs at least one recipient.');
    return OK;
  }
  if (!canReadTask(person, before)) return refuse('forbidden', 'You have no access to this task.');
  if (before.id !== after.id || before.issuerId !== after.issuerId || before.issuerUnitId !== after.issuerUnitId) {
    return refuse('forbidden', 'The issuer of a task cannot be changed.');
  }
  const issuer = isIssuerSide(person, before);
  if (!issuer) {
    if (before.deadline !== after.deadline) return refuse('forbidden', 'Only the issuer may change the deadline.');
    if (before.title !== after.title) return refuse('forbidden', 'Only the issuer may change the title.');
    if (!sameRecipients(before, after)) return refuse('forbidden', 'Only the issuer may change the recipients.');
    const own = new Set(ownAssignments(person, before));
    for (const a of after.assignments) {
      const prior = before.assignments.find((b) => b.recipientId === a.recipientId);
      const changed = prior?.status !== a.status || prior?.statusAt !== a.statusAt;
      if (changed && !own.has(a.recipientId)) {
        return refuse('forbidden', 'You may only update the status of your own assignment.');
      }
    }
    const known = new Set(before.reports.map((r) => r.id));
    const kept = new Set(after.reports.map((r) => r.id));
    if ([...known].some((id) => !kept.has(id))) return refuse('forbidden', 'Progress reports cannot be removed.');
    for (const report of after.reports) {
      if (known.has(report.id)) continue;
      if (!own.has(report.recipientId) || report.by !== person.id) {
        return refuse('forbidden', 'You may only report progress on your own assignment.');
      }
    }
  }
  return OK;
}
