import type * as Y from 'yjs';
import { type Principal, unitPrincipal, userPrincipal } from '../access/principal.ts';
import { type Recipient, setAssignmentStatus, statusRank, type TaskStatus } from '../model/assignment.ts';
import { markDelivered } from '../model/delivery.ts';
import { decideExtension, requestExtension } from '../model/extension-request.ts';
import { addProgressReport } from '../model/progress-report.ts';
import { linkSubAssignment } from '../model/sub-assignment.ts';
import type { NewTask } from '../model/task.ts';
import { addTaskComment } from '../model/task-comment.ts';
import type { Official } from '../org/org-unit.ts';
import { as } from './actor.ts';
import type { CityIndex } from './city-index.ts';
import type { Random } from './prng.ts';
import { DAY, dateOf } from './tasks.ts';
import { reportText } from './texts.ts';

/**
 * The life of a generated task up to "now": recipients read, work, report; the issuer
 * confirms; some ask for more time and get an answer; some hand the work down.
 */
/** Who acts for an assignment: the person, or someone of the unit (a division head, a specialist). */
function actorFor(index: CityIndex, random: Random, r: Recipient, speaking: boolean): Official | undefined {
  if (r.kind === 'person') return index.official(r.id);
  const pool = speaking ? index.middleOf(r.id) : index.workersOf(r.id);
  return pool.length > 0 ? random.pick(pool) : undefined;
}

const REACHED: TaskStatus[] = ['received', 'read', 'in_progress', 'reported', 'completed'];

/** Plays the task's life up to `now`; returns the child tasks recipients handed down. */
export function progress(
  doc: Y.Doc,
  index: CityIndex,
  random: Random,
  task: NewTask,
  now: number,
  mayHandDown = true,
): NewTask[] {
  const deadlineMs = Date.parse(`${task.deadline}T17:00:00+07:00`);
  const elapsed = Math.min(1.6, (now - task.at) / Math.max(DAY, deadlineMs - task.at));
  const children: NewTask[] = [];
  let clock = task.at;
  let n = 0;
  const nextId = (prefix: string) => `${prefix}${++n}`;
  const tick = () => {
    clock = Math.min(now, clock + random.int(10, 600) * 60_000);
    return clock;
  };
  for (const r of task.recipients) {
    const worker = actorFor(index, random, r, false);
    if (!worker) continue;
    const target = Math.min(4, Math.floor(elapsed * 3 + random.next() * 1.8));
    // It reached a device of theirs before anyone acted on it (or, untouched, once a day has passed).
    // No draw from `random`: the rest of the generated city stays as it was.
    if (target >= 1 || now - task.at > DAY) {
      const at = Math.min(now, task.at + 2 * 60_000);
      as(doc, worker.id, () => markDelivered(doc, r.id, worker.id, at));
    }
    for (let s = 1; s <= Math.min(target, 3); s++) {
      const status = REACHED[s] as TaskStatus;
      if (status === 'in_progress' && random.chance(0.5))
        report(doc, worker, r, random, tick(), random.int(10, 70), nextId);
      if (status === 'reported') report(doc, worker, r, random, tick(), 100, nextId);
      as(doc, worker.id, () => setAssignmentStatus(doc, r.id, status, worker.id, tick()));
    }
    if (target >= 4) as(doc, task.issuerId, () => setAssignmentStatus(doc, r.id, 'completed', task.issuerId, tick()));
    const late = elapsed > 0.8 && target < 3;
    if (random.chance(late ? 0.3 : 0.05)) extension(doc, index, random, task, r, tick(), nextId);
    if (mayHandDown && r.kind === 'unit' && random.chance(0.12) && statusRank(REACHED[target] ?? 'received') >= 1) {
      const child = handDown(doc, index, random, task, r, tick());
      if (child) children.push(child);
    }
  }
  for (let c = random.int(0, 2); c > 0; c--) {
    const author = random.chance(0.5)
      ? task.issuerId
      : (actorFor(index, random, random.pick(task.recipients), true)?.id ?? task.issuerId);
    as(doc, author, () =>
      addTaskComment(doc, {
        id: nextId('c'),
        by: author,
        at: tick(),
        text: 'Đề nghị khẩn trương thực hiện, báo cáo đúng hạn.',
      }),
    );
  }
  return children;
}

type NextId = (prefix: string) => string;

function report(
  doc: Y.Doc,
  worker: Official,
  r: Recipient,
  random: Random,
  at: number,
  percent: number,
  nextId: NextId,
): void {
  const attachments = random.chance(0.3)
    ? [
        {
          id: nextId('f'),
          name: 'bao-cao-ket-qua.pdf',
          mimeType: 'application/pdf',
          size: random.int(40_000, 2_000_000),
        },
      ]
    : undefined;
  as(doc, worker.id, () =>
    addProgressReport(doc, {
      id: nextId('r'),
      recipientId: r.id,
      by: worker.id,
      at,
      text: reportText(random),
      percent,
      ...(attachments ? { attachments } : {}),
    }),
  );
}

function extension(
  doc: Y.Doc,
  index: CityIndex,
  random: Random,
  task: NewTask,
  r: Recipient,
  at: number,
  nextId: NextId,
): void {
  const speaker = actorFor(index, random, r, true);
  if (!speaker) return;
  const id = nextId('e');
  const proposed = dateOf(Date.parse(`${task.deadline}T00:00:00Z`) + random.int(5, 30) * DAY);
  as(doc, speaker.id, () =>
    requestExtension(doc, {
      id,
      recipientId: r.id,
      by: speaker.id,
      at,
      proposedDeadline: proposed,
      reason: 'Khối lượng công việc lớn, cần thêm thời gian tổng hợp số liệu.',
    }),
  );
  if (random.chance(0.7)) {
    const outcome = random.chance(0.75) ? 'approved' : 'rejected';
    as(doc, task.issuerId, () =>
      decideExtension(doc, id, {
        outcome,
        by: task.issuerId,
        at: at + 3_600_000,
        reason: outcome === 'approved' ? '' : 'Đề nghị hoàn thành đúng hạn.',
      }),
    );
  }
}

function handDown(
  doc: Y.Doc,
  index: CityIndex,
  random: Random,
  parent: NewTask,
  r: Recipient,
  at: number,
): NewTask | null {
  const head = index.headOf(r.id);
  const to = random.sample(index.middleOf(r.id), random.int(1, 2));
  if (to.length === 0) return null;
  const childId = `${parent.id}-${r.id.slice(0, 40)}`.slice(0, 64);
  const monitors: Principal[] = [
    userPrincipal(parent.issuerId),
    unitPrincipal(parent.issuerUnitId),
    ...(parent.parent?.monitors ?? []),
  ];
  const title = `Triển khai: ${parent.title}`.slice(0, 500);
  as(doc, head.id, () => linkSubAssignment(doc, { childTaskId: childId, recipientId: r.id, by: head.id, at, title }));
  return {
    id: childId,
    title,
    body: `Giao các phòng chuyên môn thực hiện nội dung chỉ đạo tại văn bản ${parent.reference ?? ''}.`,
    issuerId: head.id,
    issuerUnitId: r.id,
    deadline: parent.deadline,
    at,
    // A handed-down task keeps its parent's origin, as the app's hand-down does (and the relay requires).
    sourceLevel: parent.sourceLevel ?? 'city_people_committee',
    priority: parent.priority ?? 'normal',
    parent: { taskId: parent.id, recipientId: r.id, monitors },
    recipients: to.map((o) => ({ id: o.id, kind: 'person' })),
  };
}
