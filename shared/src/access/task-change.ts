import { statusRank, TASK_STATUSES } from '../model/assignment.ts';
import type { Task } from '../model/task.ts';
import type { TaskEvent } from '../model/task-event.ts';
import { CITY_OFFICE_ID, EXTERNAL_ISSUERS } from '../org/city-structure.ts';
import { isHigherSourceLevel } from '../org/source-level.ts';
import { mayAssignToPeople, mayAssignToUnits } from './capabilities.ts';
import {
  addedByIdentity,
  appended,
  type ChangeVerdict,
  type DocLookup,
  NO_LOOKUP,
  OK,
  refuse,
  same,
} from './change-verdict.ts';
import { type Person, type Principal, unitPrincipal, userPrincipal } from './principal.ts';
import { canReadTask, mayDecideExtension, mayManageTask, mayReportOn, maySpeakFor } from './task-access.ts';

export type { ChangeVerdict } from './change-verdict.ts';

const isExternalIssuer = (unitId: string) => EXTERNAL_ISSUERS.some((u) => u.id === unitId);

/**
 * What the check of another doc may know of a task (a child's parent, a case group's task):
 * who issued it, from where, and its assignments — not its history.
 */
export function taskFacts(task: Task): Task {
  return { ...task, body: '', reports: [], extensionRequests: [], subAssignments: [], comments: [], events: [] };
}

/**
 * Decides whether `person` may turn `before` into `after` (docs/design.md §4: rules that depend
 * on what changed are checked on the projection before and after an update). `before` is null
 * when the update creates the task: creation is checked as a change from the task as its
 * issuer first sets it up — recipients at their first stage, no history — so nothing a change
 * may not add can be created along with it (docs/design.md §11).
 */
export function checkTaskChange(
  person: Person,
  before: Task | null,
  after: Task | null,
  lookup: DocLookup = NO_LOOKUP,
): ChangeVerdict {
  if (after === null) return refuse('invalid_task', 'Thay đổi này làm nhiệm vụ thiếu thông tin hoặc không hợp lệ.');
  if (before === null) {
    const created = checkCreation(person, after, lookup);
    return created.ok ? checkChange(person, creationBase(after), after) : created;
  }
  return checkChange(person, before, after);
}

/** The task as its issuer sets it up, before anyone acts on it. */
function creationBase(task: Task): Task {
  const fresh = (a: Task['assignments'][number]) => ({
    ...a,
    status: 'received' as const,
    statusAt: a.addedAt,
    statusBy: a.addedBy,
    round: 0,
  });
  return {
    ...task,
    assignments: task.assignments.map(fresh),
    removedAssignments: task.removedAssignments.map(fresh),
    deliveries: [],
    reports: [],
    extensionRequests: [],
    subAssignments: [],
    comments: [],
    events: [],
  };
}

function checkChange(person: Person, before: Task, after: Task): ChangeVerdict {
  if (!canReadTask(person, before)) return refuse('forbidden', 'Bạn không có quyền truy cập nhiệm vụ này.');
  const fixed = ['id', 'issuerId', 'issuerUnitId', 'sourceLevel', 'createdAt', 'parent', 'sourceDossierId'] as const;
  if (fixed.some((k) => !same(before[k], after[k]))) {
    return refuse('forbidden', 'Không được thay đổi người giao, nguồn giao và nhiệm vụ cấp trên của nhiệm vụ.');
  }
  const manager = mayManageTask(person, before);
  return (
    firstRefusal([
      manager ? OK : checkManagedFields(before, after),
      manager ? checkNewRecipients(person, before, after) : OK,
      checkAssignments(person, before, after, manager),
      checkDeliveries(person, before, after),
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

function checkCreation(person: Person, task: Task, lookup: DocLookup): ChangeVerdict {
  if (task.issuerId !== person.id || task.issuerUnitId !== person.unitId) {
    return refuse('forbidden', 'Bạn chỉ được giao việc nhân danh chính mình và đơn vị của mình.');
  }
  if (task.assignments.length === 0) return refuse('invalid_task', 'Nhiệm vụ phải có ít nhất một đơn vị nhận.');
  if (task.removedAssignments.length > 0)
    return refuse('forbidden', 'Nhiệm vụ mới giao không được có đơn vị nhận đã bị bỏ khỏi nhiệm vụ.');
  if (task.assignments.some((a) => a.status !== 'received' || a.round !== 0)) {
    return refuse('forbidden', 'Khi mới giao, mọi đơn vị nhận phải ở tình trạng “Đã nhận”.');
  }
  if (task.parent !== null) {
    const parentVerdict = checkParent(person, task, lookup(`task/${task.parent.taskId}`) as Task | null);
    if (!parentVerdict.ok) return parentVerdict;
  } else if (
    isHigherSourceLevel(task.sourceLevel) &&
    person.unitId !== CITY_OFFICE_ID &&
    !isExternalIssuer(person.unitId)
  ) {
    // Directives from above the city are registered by the City Office (or by the issuer itself).
    return refuse('forbidden', 'Chỉ Văn phòng UBND Thành phố mới được nhập chỉ đạo từ cấp trên vào hệ thống.');
  }
  return checkNewRecipients(person, null, task);
}

/**
 * A handed-down task: its parent exists, names the assignment the creator hands down (one they
 * speak for, or manage the parent), keeps the parent's origin, and lets only the parent's issuer
 * side and the parent's own monitors watch from above.
 */
function checkParent(person: Person, task: Task, parent: Task | null): ChangeVerdict {
  const link = task.parent;
  if (link === null) return OK;
  if (parent === null) return refuse('forbidden', 'Nhiệm vụ cấp trên không tồn tại.');
  if (!parent.assignments.some((a) => a.recipientId === link.recipientId)) {
    return refuse('forbidden', 'Nhiệm vụ cấp trên không có phần việc này.');
  }
  if (!maySpeakFor(person, parent, link.recipientId) && !mayManageTask(person, parent)) {
    return refuse('forbidden', 'Bạn chỉ được chuyển giao phần việc mà mình được giao.');
  }
  if (task.sourceLevel !== parent.sourceLevel)
    return refuse('forbidden', 'Việc chuyển giao phải giữ nguồn giao của nhiệm vụ cấp trên.');
  const allowed = new Set<Principal>([
    userPrincipal(parent.issuerId),
    unitPrincipal(parent.issuerUnitId),
    ...(parent.parent?.monitors ?? []),
  ]);
  if (link.monitors.some((m) => !allowed.has(m))) {
    return refuse(
      'forbidden',
      'Chỉ người giao và đơn vị giao các nhiệm vụ cấp trên mới được theo dõi việc chuyển giao.',
    );
  }
  return OK;
}

const recipientKey = (a: { recipientId: string; recipientKind: string }) => `${a.recipientKind}:${a.recipientId}`;

function checkNewRecipients(person: Person, before: Task | null, after: Task): ChangeVerdict {
  const known = new Set(before ? [...before.assignments, ...before.removedAssignments].map(recipientKey) : []);
  for (const a of after.assignments) {
    if (known.has(recipientKey(a))) continue;
    if (a.recipientKind === 'unit' && !mayAssignToUnits(person)) {
      return refuse('forbidden', 'Chỉ lãnh đạo đơn vị mới được giao việc cho đơn vị khác.');
    }
    if (a.recipientKind === 'person' && !mayAssignToPeople(person)) {
      return refuse('forbidden', 'Chức vụ của bạn không có quyền giao việc.');
    }
  }
  return OK;
}

function checkManagedFields(before: Task, after: Task): ChangeVerdict {
  if (before.deadline !== after.deadline) return refuse('forbidden', 'Chỉ đơn vị giao việc mới được đổi hạn xử lý.');
  if (before.title !== after.title) return refuse('forbidden', 'Chỉ đơn vị giao việc mới được đổi tên nhiệm vụ.');
  if (before.body !== after.body || before.priority !== after.priority || before.reference !== after.reference) {
    return refuse('forbidden', 'Chỉ đơn vị giao việc mới được sửa nội dung chỉ đạo, độ khẩn và số hiệu văn bản.');
  }
  const recipients = (t: Task) => [t.assignments.map(recipientKey), t.removedAssignments.map(recipientKey)];
  if (!same(recipients(before), recipients(after)))
    return refuse('forbidden', 'Chỉ đơn vị giao việc mới được thay đổi đơn vị nhận.');
  if (!same(before.watchers, after.watchers))
    return refuse('forbidden', 'Chỉ đơn vị giao việc mới được thay đổi người theo dõi nhiệm vụ.');
  return OK;
}

function checkAssignments(person: Person, before: Task, after: Task, manager: boolean): ChangeVerdict {
  for (const a of after.assignments) {
    const prior = before.assignments.find((b) => b.recipientId === a.recipientId);
    if (!prior || (prior.status === a.status && prior.statusAt === a.statusAt && prior.round === a.round)) continue;
    if (manager) {
      // The issuer side sends work back (a new round) and confirms reported work; the stages
      // in between are the recipient's record of its own work, never written for it.
      const forward = a.round === prior.round && statusRank(a.status) > statusRank(prior.status);
      const confirms = a.status === 'completed' && prior.status === 'reported';
      if (forward && !confirms && !mayReportOn(person, before, a.recipientId)) {
        return refuse(
          'forbidden',
          'Chỉ đơn vị nhận mới được cập nhật tiến độ phần việc của mình; đơn vị giao việc chỉ xác nhận hoàn thành sau khi đã có báo cáo.',
        );
      }
      continue;
    }
    if (!mayReportOn(person, before, a.recipientId)) {
      return refuse('forbidden', 'Bạn chỉ được cập nhật tình trạng phần việc của mình.');
    }
    if (a.round !== prior.round || statusRank(a.status) < statusRank(prior.status)) {
      return refuse('forbidden', 'Chỉ đơn vị giao việc mới được trả lại để làm tiếp.');
    }
    if (a.status === TASK_STATUSES[TASK_STATUSES.length - 1]) {
      return refuse('forbidden', 'Chỉ đơn vị giao việc mới được xác nhận hoàn thành.');
    }
  }
  return OK;
}

/** A delivery is recorded by a device on the recipient's side, in its holder's own name, once. */
function checkDeliveries(person: Person, before: Task, after: Task): ChangeVerdict {
  const key = (d: Task['deliveries'][number]) => `${d.recipientId}/${d.by}`;
  const known = new Map(before.deliveries.map((d) => [key(d), d]));
  for (const d of after.deliveries) {
    const prior = known.get(key(d));
    if (prior) {
      if (!same(prior, d)) return refuse('forbidden', 'Không được sửa thời điểm đã nhận nhiệm vụ.');
      continue;
    }
    if (d.by !== person.id || !mayReportOn(person, before, d.recipientId)) {
      return refuse('forbidden', 'Chỉ người của đơn vị nhận mới được ghi nhận đã nhận nhiệm vụ.');
    }
  }
  if (after.deliveries.length < before.deliveries.length)
    return refuse('forbidden', 'Không được xóa thời điểm đã nhận nhiệm vụ.');
  return OK;
}

function checkReports(person: Person, before: Task, after: Task): ChangeVerdict {
  const added = appended(before.reports, after.reports, (r) => r.id);
  if (added === null) return refuse('forbidden', 'Không được sửa hoặc xóa báo cáo tiến độ.');
  for (const r of added) {
    if (r.by !== person.id || !mayReportOn(person, before, r.recipientId)) {
      return refuse('forbidden', 'Bạn chỉ được báo cáo tiến độ phần việc của mình.');
    }
  }
  return OK;
}

function checkExtensions(person: Person, before: Task, after: Task): ChangeVerdict {
  const request = (r: Task['extensionRequests'][number]) => ({ ...r, decision: null });
  const added = appended(before.extensionRequests.map(request), after.extensionRequests.map(request), (r) => r.id);
  if (added === null) return refuse('forbidden', 'Không được sửa hoặc xóa đề nghị gia hạn.');
  for (const r of added) {
    if (r.by !== person.id || !maySpeakFor(person, before, r.recipientId)) {
      return refuse('forbidden', 'Chỉ đơn vị nhận mới được xin gia hạn cho phần việc của mình.');
    }
  }
  for (const r of after.extensionRequests) {
    const prior = before.extensionRequests.find((b) => b.id === r.id);
    if (same(prior?.decision ?? null, r.decision)) continue;
    if (!mayDecideExtension(person, before) || r.decision?.by !== person.id) {
      return refuse('forbidden', 'Chỉ đơn vị giao việc mới được quyết định đề nghị gia hạn.');
    }
  }
  return OK;
}

function checkSubAssignments(person: Person, before: Task, after: Task, manager: boolean): ChangeVerdict {
  const added = appended(before.subAssignments, after.subAssignments, (s) => s.childTaskId);
  if (added === null) return refuse('forbidden', 'Không được sửa hoặc xóa liên kết tới việc đã chuyển giao.');
  for (const s of added) {
    if (s.by !== person.id || !(manager || maySpeakFor(person, before, s.recipientId))) {
      return refuse('forbidden', 'Chỉ đơn vị nhận mới được chuyển giao phần việc của mình.');
    }
  }
  return OK;
}

function checkComments(person: Person, before: Task, after: Task): ChangeVerdict {
  const added = appended(before.comments, after.comments, (c) => c.id);
  if (added === null) return refuse('forbidden', 'Không được sửa hoặc xóa ý kiến đã gửi.');
  if (added.some((c) => c.by !== person.id))
    return refuse('forbidden', 'Bạn chỉ được nêu ý kiến nhân danh chính mình.');
  return OK;
}

function checkEvents(person: Person, before: Task, after: Task, manager: boolean): ChangeVerdict {
  const added = addedEvents(before.events, after.events);
  if (added === null) return refuse('forbidden', 'Nhật ký nhiệm vụ chỉ được ghi thêm, không được sửa hoặc xóa.');
  if (added.some((e) => e.by !== person.id))
    return refuse('forbidden', 'Bạn chỉ được ghi nhật ký nhân danh chính mình.');
  if (!manager && added.some((e) => e.type === 'urged'))
    return refuse('forbidden', 'Chỉ đơn vị giao việc mới được đôn đốc đơn vị nhận.');
  return OK;
}

/**
 * The events `after` adds to `before`, or null when one of `before` is gone or changed. Events
 * have no id, so they are told apart by content, as a multiset. By identity first
 * (`addedByIdentity`): the others' content is not looked at, and the history grows with every
 * act on the task.
 */
export function addedEvents(before: readonly TaskEvent[], after: readonly TaskEvent[]): TaskEvent[] | null {
  const added = addedByIdentity(before, after);
  if (added !== null) return added;
  const key = (e: TaskEvent) => JSON.stringify([e.at, e.by, e.type, e.detail ?? null]);
  const remaining = new Map<string, number>();
  for (const e of after) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
  for (const e of before) {
    const n = remaining.get(key(e)) ?? 0;
    if (n === 0) return null;
    remaining.set(key(e), n - 1);
  }
  return after.filter((e) => {
    const n = remaining.get(key(e)) ?? 0;
    return n > 0 && remaining.set(key(e), n - 1) !== undefined;
  });
}
