import type { Assignment } from '../model/assignment.ts';
import type { Task } from '../model/task.ts';
import { leadsUnit, mayApprove, speaksForUnit } from './capabilities.ts';
import { type Person, type Principal, principalsOf, unitPrincipal, unitsOf, userPrincipal } from './principal.ts';

/**
 * Who may read a task (docs/design.md §1): the issuer and the issuer's unit, every active
 * recipient, watchers, and the issuer sides of parent tasks (monitoring from above).
 */
export function taskReaders(task: Task): Principal[] {
  const readers = new Set<Principal>([userPrincipal(task.issuerId), unitPrincipal(task.issuerUnitId)]);
  for (const a of task.assignments) readers.add(recipientPrincipal(a));
  for (const w of task.watchers) readers.add(w);
  for (const m of task.parent?.monitors ?? []) readers.add(m);
  return [...readers];
}

export function recipientPrincipal(a: Pick<Assignment, 'recipientId' | 'recipientKind'>): Principal {
  return a.recipientKind === 'unit' ? unitPrincipal(a.recipientId) : userPrincipal(a.recipientId);
}

/** The issuer or anyone of the issuer's unit: they read and follow the task. */
export function isIssuerSide(person: Person, task: Task): boolean {
  return person.id === task.issuerId || unitsOf(person).includes(task.issuerUnitId);
}

/**
 * Who manages a task — changes its deadline, title, body, priority, recipients and watchers,
 * confirms completion or sends work back: the issuer, and the leaders of the issuer's unit.
 */
export function mayManageTask(person: Person, task: Task): boolean {
  return person.id === task.issuerId || leadsUnit(person, task.issuerUnitId);
}

/** Who decides an extension request: a manager of the task with the right to approve. */
export function mayDecideExtension(person: Person, task: Task): boolean {
  return person.id === task.issuerId ? true : mayManageTask(person, task) && mayApprove(person);
}

/** True when the person acts for this assignment: the person recipient, or a member of the unit. */
export function actsFor(person: Person, a: Pick<Assignment, 'recipientId' | 'recipientKind'>): boolean {
  return a.recipientKind === 'unit' ? unitsOf(person).includes(a.recipientId) : a.recipientId === person.id;
}

/** The recipient ids whose assignment this person acts for. */
export function ownAssignments(person: Person, task: Task): string[] {
  return task.assignments.filter((a) => actsFor(person, a)).map((a) => a.recipientId);
}

/** Report progress and move the status (up to "reported") of an assignment: whoever acts for it. */
export function mayReportOn(person: Person, task: Task, recipientId: string): boolean {
  const a = task.assignments.find((x) => x.recipientId === recipientId);
  return a !== undefined && actsFor(person, a);
}

/** Ask for more time, or hand work down: the person recipient, or the unit's leaders and division heads. */
export function maySpeakFor(person: Person, task: Task, recipientId: string): boolean {
  const a = task.assignments.find((x) => x.recipientId === recipientId);
  if (!a) return false;
  return a.recipientKind === 'person' ? a.recipientId === person.id : speaksForUnit(person, a.recipientId);
}

export function canReadTask(person: Person, task: Task): boolean {
  const mine = new Set(principalsOf(person));
  return taskReaders(task).some((p) => mine.has(p));
}

/** Readers who may also write (comment at least): everyone but watchers and monitors from above. */
export function mayWriteTask(person: Person, task: Task): boolean {
  return isIssuerSide(person, task) || ownAssignments(person, task).length > 0;
}
