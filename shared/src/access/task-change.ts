import { statusRank, TASK_STATUSES } from '../model/assignment.ts';
import type { Task } from '../model/task.ts';
import type { TaskEvent } from '../model/task-event.ts';
import { CITY_OFFICE_ID, EXTERNAL_ISSUERS } from '../org/city-structure.ts';
import { mayAssignToPeople, mayAssignToUnits } from './capabilities.ts';
import { appended, type ChangeVerdict, OK, refuse, same } from './change-verdict.ts';
import type { Person } from './principal.ts';
import { canReadTask, mayDecideExtension, mayManageTask, mayReportOn, maySpeakFor } from './task-access.ts';

export type { ChangeVerdict } from './change-verdict.ts';

const isExternalIssuer = (unitId: string) => EXTERNAL_ISSUERS.some((u) => u.id === unitId);

/**
 * Decides whether `person` may turn `before` into `after` (DESIGN.md §4: rules that depend on
 * what changed are checked on the projection before and after an update). `before` is null
 * when the update creates the task.
 */
export function checkTaskChange(person: Person, before: Task | null, after: Task | null): ChangeVerdict {
  if (after === null) return refuse('invalid_task', 'The update leaves the task incomplete or invalid.');
  if (before === null) return checkCreation(person, after);
  if (!canReadTask(person, before)) return refuse('forbidden', 'You have no access to this task.');
  const fixed = ['id', 'issuerId', 'issuerUnitId', 'sourceLevel', 'createdAt', 'parent'] as const;
  if (fixed.some((k) => !same(before[k], after[k]))) {
    return refuse('forbidden', 'The issuer, origin and parent of a task cannot be changed.');
  }
  const manager = mayManageTask(person, before);
  return (
    firstRefusal([
      manager ? OK : checkManagedFields(before, after),
      manager ? checkNewRecipients(person, before, after) : OK,
      checkAssignments(person, before, after, manager),
      checkReports(person, before, after),
      checkExtensions(person, before, after),
      checkSubAssignments(person, before, after, manager),
      checkComments(person, before, after),
      checkEvents(person, before, after, manager),
    ]) ?? OK
  );
}

function firstRefusal(verdicts: readonly ChangeVerdict[]): ChangeVerdict | undefined {
  return verdicts.find((v) => !v.ok);
}

function checkCreation(person: Person, task: Task): ChangeVerdict {
  if (task.issuerId !== person.id || task.issuerUnitId !== person.unitId) {
    return refuse('forbidden', 'A task can only be created in your own name and unit.');
  }
  if (task.assignments.length === 0) return refuse('invalid_task', 'A task needs at least one recipient.');
  // Directives from above the city are registered by the City Office (or by the issuer itself);
  // a handed-down task keeps the origin of its parent.
  const external = ['government_office', 'city_party_committee', 'city_pc_party_committee'].includes(task.sourceLevel);
  if (external && task.parent === null && person.unitId !== CITY_OFFICE_ID && !isExternalIssuer(person.unitId)) {
    return refuse('forbidden', 'Only the City Office registers directives from higher levels.');
  }
  return checkNewRecipients(person, null, task);
}

const recipientKey = (a: { recipientId: string; recipientKind: string }) => `${a.recipientKind}:${a.recipientId}`;

function checkNewRecipients(person: Person, before: Task | null, after: Task): ChangeVerdict {
  const known = new Set(before ? [...before.assignments, ...before.removedAssignments].map(recipientKey) : []);
  for (const a of after.assignments) {
    if (known.has(recipientKey(a))) continue;
    if (a.recipientKind === 'unit' && !mayAssignToUnits(person)) {
      return refuse('forbidden', 'Only the leaders of a unit may assign work to other units.');
    }
    if (a.recipientKind === 'person' && !mayAssignToPeople(person)) {
      return refuse('forbidden', 'Your position does not allow assigning work.');
    }
  }
  return OK;
}

function checkManagedFields(before: Task, after: Task): ChangeVerdict {
  if (before.deadline !== after.deadline) return refuse('forbidden', 'Only the issuer may change the deadline.');
  if (before.title !== after.title) return refuse('forbidden', 'Only the issuer may change the title.');
  if (before.body !== after.body || before.priority !== after.priority || before.reference !== after.reference) {
    return refuse('forbidden', 'Only the issuer may change the directive itself.');
  }
  const recipients = (t: Task) => [t.assignments.map(recipientKey), t.removedAssignments.map(recipientKey)];
  if (!same(recipients(before), recipients(after)))
    return refuse('forbidden', 'Only the issuer may change the recipients.');
  if (!same(before.watchers, after.watchers))
    return refuse('forbidden', 'Only the issuer may change who watches a task.');
  return OK;
}

function checkAssignments(person: Person, before: Task, after: Task, manager: boolean): ChangeVerdict {
  if (manager) return OK;
  for (const a of after.assignments) {
    const prior = before.assignments.find((b) => b.recipientId === a.recipientId);
    if (!prior || (prior.status === a.status && prior.statusAt === a.statusAt && prior.round === a.round)) continue;
    if (!mayReportOn(person, before, a.recipientId)) {
      return refuse('forbidden', 'You may only update the status of your own assignment.');
    }
    if (a.round !== prior.round || statusRank(a.status) < statusRank(prior.status)) {
      return refuse('forbidden', 'Only the issuer may send work back.');
    }
    if (a.status === TASK_STATUSES[TASK_STATUSES.length - 1]) {
      return refuse('forbidden', 'Only the issuer may confirm that work is completed.');
    }
  }
  return OK;
}

function checkReports(person: Person, before: Task, after: Task): ChangeVerdict {
  const added = appended(before.reports, after.reports, (r) => r.id);
  if (added === null) return refuse('forbidden', 'Progress reports cannot be changed or removed.');
  for (const r of added) {
    if (r.by !== person.id || !mayReportOn(person, before, r.recipientId)) {
      return refuse('forbidden', 'You may only report progress on your own assignment.');
    }
  }
  return OK;
}

function checkExtensions(person: Person, before: Task, after: Task): ChangeVerdict {
  const request = (r: Task['extensionRequests'][number]) => ({ ...r, decision: null });
  const added = appended(before.extensionRequests.map(request), after.extensionRequests.map(request), (r) => r.id);
  if (added === null) return refuse('forbidden', 'Extension requests cannot be changed or removed.');
  for (const r of added) {
    if (r.by !== person.id || !maySpeakFor(person, before, r.recipientId)) {
      return refuse('forbidden', 'Only the recipient may ask for more time on its assignment.');
    }
  }
  for (const r of after.extensionRequests) {
    const prior = before.extensionRequests.find((b) => b.id === r.id);
    if (same(prior?.decision ?? null, r.decision)) continue;
    if (!mayDecideExtension(person, before) || r.decision?.by !== person.id) {
      return refuse('forbidden', 'Only the issuer may decide an extension request.');
    }
  }
  return OK;
}

function checkSubAssignments(person: Person, before: Task, after: Task, manager: boolean): ChangeVerdict {
  const added = appended(before.subAssignments, after.subAssignments, (s) => s.childTaskId);
  if (added === null) return refuse('forbidden', 'Links to sub-assignments cannot be changed or removed.');
  for (const s of added) {
    if (s.by !== person.id || !(manager || maySpeakFor(person, before, s.recipientId))) {
      return refuse('forbidden', 'Only the recipient may hand its assignment down.');
    }
  }
  return OK;
}

function checkComments(person: Person, before: Task, after: Task): ChangeVerdict {
  const added = appended(before.comments, after.comments, (c) => c.id);
  if (added === null) return refuse('forbidden', 'Comments cannot be changed or removed.');
  if (added.some((c) => c.by !== person.id)) return refuse('forbidden', 'You may only comment in your own name.');
  return OK;
}

function checkEvents(person: Person, before: Task, after: Task, manager: boolean): ChangeVerdict {
  const key = (e: TaskEvent) => JSON.stringify([e.at, e.by, e.type, e.detail ?? null]);
  const remaining = new Map<string, number>();
  for (const e of after.events) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
  for (const e of before.events) {
    const n = remaining.get(key(e)) ?? 0;
    if (n === 0) return refuse('forbidden', 'The event log is append-only.');
    remaining.set(key(e), n - 1);
  }
  const added = after.events.filter((e) => {
    const n = remaining.get(key(e)) ?? 0;
    return n > 0 && remaining.set(key(e), n - 1) !== undefined;
  });
  if (added.some((e) => e.by !== person.id)) return refuse('forbidden', 'Events are written in your own name only.');
  if (!manager && added.some((e) => e.type === 'urged'))
    return refuse('forbidden', 'Only the issuer may urge a recipient.');
  return OK;
}
