import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setAssignmentStatus, type TaskStatus } from '../model/assignment.ts';
import { decideExtension, requestExtension } from '../model/extension-request.ts';
import { addProgressReport } from '../model/progress-report.ts';
import { vietnamDate } from '../model/receipts.ts';
import { createTask, readTask } from '../model/task.ts';
import { type AssignmentRow, assignmentRows } from './assignment-row.ts';
import { readLists, storeLists } from './dash-doc.ts';
import { bucketCounts, figuresOf, rankUnits, weeklyOnTime } from './measures.ts';
import { type ReportLookup, sectionReport } from './scope-report.ts';

/**
 * Every measure on random task histories against a brute-force recount (docs/design.md §14). A
 * history is a list of actions with the relay's time of each (strictly increasing) and a device
 * time that lies by up to three hours. The doc is built with the model's own functions and the
 * receipts the relay would write; the measures go through `assignmentRows` and `figuresOf`. The
 * recount replays the actions up to the instant asked, by relay time, with nothing but the rules.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 8, 1, 1, 0);
const ISSUER = 'chair';

const actionArb = fc.record({
  kind: fc.constantFrom('read', 'progress', 'report', 'complete', 'sendBack', 'ask', 'decide'),
  recipient: fc.nat(3),
  gap: fc.integer({ min: 60_000, max: 9 * DAY }),
  skew: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
  percent: fc.integer({ min: 0, max: 100 }),
  days: fc.integer({ min: 1, max: 30 }),
  approve: fc.boolean(),
});
type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never;

const taskArb = fc.record({
  recipients: fc.integer({ min: 1, max: 4 }),
  deadlineDays: fc.integer({ min: 0, max: 40 }),
  actions: fc.array(actionArb, { maxLength: 30 }),
});
type TaskHistory = typeof taskArb extends fc.Arbitrary<infer A> ? A : never;

/** What the recount knows of one assignment at an instant. */
interface Truth {
  status: TaskStatus;
  readAt: number | null;
  reportedAt: number | null;
  completedAt: number | null;
  pending: string | null;
  approvedAt: number | null;
  approvedDeadline: string | null;
  addedAt: number;
  deadline: string;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Builds the task doc and its receipts, and the recount's state after each action (by relay time). */
function play(history: TaskHistory, index: number) {
  const doc = new Y.Doc();
  const receipts = new Map<string, number>();
  const taskId = `t${index}`;
  const deadline = addDays(vietnamDate(T0), history.deadlineDays);
  const ids = Array.from({ length: history.recipients }, (_, i) => `u${i}`);
  createTask(doc, {
    id: taskId,
    title: 'Việc',
    issuerId: ISSUER,
    issuerUnitId: 'city',
    deadline,
    recipients: ids.map((id) => ({ id, kind: 'unit' as const })),
    at: T0 - 3_600_000,
  });
  receipts.set('meta/createdAt', T0);
  for (const id of ids) receipts.set(`assignments/${id}`, T0);
  const truth = new Map<string, Truth>(
    ids.map((id) => [
      id,
      {
        status: 'received',
        readAt: null,
        reportedAt: null,
        completedAt: null,
        pending: null,
        approvedAt: null,
        approvedDeadline: null,
        addedAt: T0,
        deadline,
      },
    ]),
  );
  const timeline: { at: number; snapshot: Map<string, Truth> }[] = [{ at: T0, snapshot: clone(truth) }];
  let relay = T0;
  history.actions.forEach((action: Action, n) => {
    const rid = ids[action.recipient % ids.length] as string;
    const t = truth.get(rid) as Truth;
    relay += action.gap;
    const device = relay + action.skew;
    const stage = (status: TaskStatus) => {
      setAssignmentStatus(doc, rid, status, status === 'completed' ? ISSUER : `p-${rid}`, device);
      receipts.set(`progress/${rid}/${status}`, relay);
      t.status = status;
    };
    switch (action.kind) {
      case 'read':
        if (t.status !== 'received') return;
        stage('read');
        t.readAt ??= relay;
        break;
      case 'progress':
        if (t.status !== 'read' && t.status !== 'in_progress') return;
        addProgressReport(doc, {
          id: `r${index}-${n}`,
          recipientId: rid,
          by: `p-${rid}`,
          at: device,
          text: 'Báo cáo',
          percent: action.percent,
        });
        receipts.set(`reports/r${index}-${n}`, relay);
        if (t.status === 'read') stage('in_progress');
        break;
      case 'report':
        if (t.status !== 'read' && t.status !== 'in_progress') return;
        stage('reported');
        t.reportedAt = relay;
        break;
      case 'complete':
        if (t.status !== 'in_progress' && t.status !== 'reported') return;
        stage('completed');
        t.completedAt = relay;
        break;
      case 'sendBack':
        if (t.status !== 'reported' && t.status !== 'completed') return;
        setAssignmentStatus(doc, rid, 'in_progress', ISSUER, device);
        receipts.set(`rounds/${rid}`, relay);
        receipts.set(`progress/${rid}/in_progress`, relay);
        t.status = 'in_progress';
        t.reportedAt = null;
        t.completedAt = null;
        break;
      case 'ask': {
        if (t.pending !== null || t.approvedAt !== null || t.status === 'received') return;
        const id = `x${index}-${n}`;
        requestExtension(doc, {
          id,
          recipientId: rid,
          by: `p-${rid}`,
          at: device,
          proposedDeadline: addDays(deadline, action.days),
          reason: 'Cần thêm thời gian',
        });
        receipts.set(`extensions/${id}`, relay);
        t.pending = id;
        break;
      }
      case 'decide': {
        if (t.pending === null) return;
        const outcome = action.approve ? 'approved' : 'rejected';
        decideExtension(doc, t.pending, { outcome, by: ISSUER, at: device, reason: '' });
        receipts.set(`decisions/${t.pending}`, relay);
        if (action.approve) {
          t.approvedAt = relay;
          const request = readTask(doc)?.extensionRequests.find((r) => r.id === t.pending);
          t.approvedDeadline = request?.proposedDeadline ?? null;
        }
        t.pending = null;
        break;
      }
    }
    timeline.push({ at: relay, snapshot: clone(truth) });
  });
  const task = readTask(doc);
  if (!task) throw new Error('task unreadable');
  return { rows: assignmentRows(task, receipts), timeline, end: relay };
}

function clone(truth: Map<string, Truth>): Map<string, Truth> {
  return new Map([...truth].map(([k, v]) => [k, { ...v }]));
}

/** The recount's bucket of one assignment at `asOf`. */
function recountBucket(t: Truth, asOf: number): string {
  const deadlineAt = (at: number) =>
    t.approvedAt !== null && t.approvedAt <= at && t.approvedDeadline ? t.approvedDeadline : t.deadline;
  if (t.status === 'completed' && t.completedAt !== null) {
    const done = t.reportedAt !== null && t.reportedAt <= t.completedAt ? t.reportedAt : t.completedAt;
    return vietnamDate(done) <= deadlineAt(done) ? 'on_time' : 'late';
  }
  return vietnamDate(asOf) > deadlineAt(asOf) ? 'overdue' : 'open';
}

function stateAt(timeline: { at: number; snapshot: Map<string, Truth> }[], asOf: number): Map<string, Truth> {
  let found = timeline[0]?.snapshot ?? new Map();
  for (const step of timeline) if (step.at <= asOf) found = step.snapshot;
  return found;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(m * 100) / 100;
}

function recount(states: Truth[], asOf: number) {
  const buckets = { on_time: 0, late: 0, open: 0, overdue: 0 } as Record<string, number>;
  const ages = { d1_7: 0, d8_30: 0, d31: 0 } as Record<string, number>;
  const toRead: number[] = [];
  const toDone: number[] = [];
  for (const t of states) {
    const b = recountBucket(t, asOf);
    buckets[b] = (buckets[b] ?? 0) + 1;
    if (b === 'overdue') {
      const deadline =
        t.approvedAt !== null && t.approvedAt <= asOf && t.approvedDeadline ? t.approvedDeadline : t.deadline;
      const days = (Date.parse(vietnamDate(asOf)) - Date.parse(deadline)) / DAY;
      const band = days <= 7 ? 'd1_7' : days <= 30 ? 'd8_30' : 'd31';
      ages[band] = (ages[band] ?? 0) + 1;
    }
    if (t.readAt !== null) toRead.push((t.readAt - t.addedAt) / DAY);
    if (b === 'on_time' || b === 'late') {
      const done = t.reportedAt !== null && t.reportedAt <= (t.completedAt as number) ? t.reportedAt : t.completedAt;
      toDone.push(((done as number) - t.addedAt) / DAY);
    }
  }
  const decided = (buckets.on_time ?? 0) + (buckets.late ?? 0) + (buckets.overdue ?? 0);
  const mean = (v: number[]) => (v.length ? Math.round((v.reduce((s, x) => s + x, 0) / v.length) * 100) / 100 : null);
  return {
    total: states.length,
    buckets,
    onTimeRate: decided === 0 ? null : (buckets.on_time ?? 0) / decided,
    overdueAges: ages,
    extensionsPending: states.filter((t) => t.pending !== null).length,
    daysToRead: { n: toRead.length, mean: mean(toRead), median: median(toRead) },
    daysToDone: { n: toDone.length, mean: mean(toDone), median: median(toDone) },
  };
}

const citiesArb = fc.record({
  tasks: fc.array(taskArb, { minLength: 1, maxLength: 5 }),
  later: fc.integer({ min: 0, max: 60 * DAY }),
  fraction: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('leaders’ measures against a brute-force recount', () => {
  it('every measure, now, equals the recount of the replayed histories', () => {
    fc.assert(
      fc.property(citiesArb, ({ tasks, later }) => {
        const played = tasks.map(play);
        const asOf = Math.max(...played.map((p) => p.end)) + later;
        const rows: AssignmentRow[] = played.flatMap((p) => p.rows);
        const states = played.flatMap((p) => [...stateAt(p.timeline, asOf).values()]);
        expect(figuresOf(rows, asOf)).toEqual(recount(states, asOf));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('the figures a period ago equal the recount then, for histories where nothing is undone', () => {
    const monotone = taskArb.map((t) => ({ ...t, actions: t.actions.filter((a) => a.kind !== 'sendBack') }));
    fc.assert(
      fc.property(
        fc.array(monotone, { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (tasks, f) => {
          const played = tasks.map(play);
          const end = Math.max(...played.map((p) => p.end));
          const asOf = Math.round(T0 + (end - T0) * f);
          const rows = played.flatMap((p) => p.rows);
          const states = played.flatMap((p) => [...stateAt(p.timeline, asOf).values()]);
          const { buckets, onTimeRate, overdueAges } = figuresOf(rows, asOf);
          const expected = recount(states, asOf);
          expect({ buckets, onTimeRate, overdueAges }).toEqual({
            buckets: expected.buckets,
            onTimeRate: expected.onTimeRate,
            overdueAges: expected.overdueAges,
          });
          // The ranking's "before" column is the same count at the period's start.
          const byUnit = new Map<string, AssignmentRow[]>();
          for (const row of rows) byUnit.set(row.recipientId, [...(byUnit.get(row.recipientId) ?? []), row]);
          const ranked = rankUnits(byUnit, end, asOf);
          for (const line of ranked) {
            const then = played.flatMap((p) => {
              const s = stateAt(p.timeline, asOf).get(line.unitId);
              return s ? [s] : [];
            });
            expect(line.previous.overdue).toBe(recount(then, asOf).buckets.overdue);
          }
        },
      ),
      { seed: 20261202, numRuns: 200 },
    );
  });

  it('the weekly on-time rate counts each decided assignment once, in its deadline’s week', () => {
    fc.assert(
      fc.property(citiesArb, ({ tasks, later }) => {
        const played = tasks.map(play);
        const asOf = Math.max(...played.map((p) => p.end)) + later;
        const rows = played.flatMap((p) => p.rows);
        const states = played.flatMap((p) => [...stateAt(p.timeline, asOf).values()]);
        const weeks = weeklyOnTime(rows, asOf, 520);
        const decided = states.filter((t) => recountBucket(t, asOf) !== 'open');
        const inRange = decided.filter((t) => {
          const d =
            t.approvedAt !== null && t.approvedAt <= asOf && t.approvedDeadline ? t.approvedDeadline : t.deadline;
          return d >= (weeks[0]?.week ?? '') && d < addDays(weeks[weeks.length - 1]?.week ?? '', 7);
        });
        expect(weeks.reduce((s, w) => s + w.due, 0)).toBe(inRange.length);
        expect(weeks.reduce((s, w) => s + w.onTime, 0)).toBe(
          inRange.filter((t) => recountBucket(t, asOf) === 'on_time').length,
        );
      }),
      { seed: 20261203, numRuns: 200 },
    );
  });

  it('a section’s report, made in one pass, agrees with each measure taken on its own', () => {
    const lookup: ReportLookup = {
      unitOfRecipient: (row) => row.recipientId,
      unit: (id) => ({ name: `Đơn vị ${id}`, kind: id === 'u0' ? 'department' : 'ward' }),
      personName: (id) => id,
      taskTitle: (id) => `Việc ${id}`,
    };
    fc.assert(
      fc.property(citiesArb, ({ tasks, later }) => {
        const played = tasks.map(play);
        const asOf = Math.max(...played.map((p) => p.end)) + later;
        const rows = played.flatMap((p) => p.rows);
        const { report, lists } = sectionReport(rows, lookup, asOf);
        // As the doc stores a unit's lists, and as a device reads them back.
        for (const [unitId, list] of lists) expect(readLists(unitId, storeLists(unitId, list))).toEqual(list);
        expect(report.figures).toEqual(figuresOf(rows, asOf));
        expect(report.weekly).toEqual(weeklyOnTime(rows, asOf));
        const byUnit = new Map<string, AssignmentRow[]>();
        for (const row of rows) byUnit.set(row.recipientId, [...(byUnit.get(row.recipientId) ?? []), row]);
        expect(report.units.map(({ name, group, ...line }) => line)).toEqual(rankUnits(byUnit, asOf));
        for (const [unitId, unitRows] of byUnit) {
          const counts = bucketCounts(unitRows, asOf);
          const list = lists.get(unitId);
          for (const bucket of ['on_time', 'late', 'open', 'overdue'] as const) {
            expect(list?.[bucket].length ?? 0).toBe(counts[bucket]);
          }
        }
        const sum = (lines: readonly { buckets: Record<string, number> }[]) =>
          lines.reduce((s, l) => s + Object.values(l.buckets).reduce((a, b) => a + b, 0), 0);
        expect(sum(report.bySource)).toBe(report.figures.total);
        expect(sum(report.byGroup)).toBe(report.figures.total);
        for (const d of report.directives) {
          expect(d.buckets).toEqual(
            bucketCounts(
              rows.filter((r) => r.taskId === d.key),
              asOf,
            ),
          );
        }
      }),
      { seed: 20261204, numRuns: 200 },
    );
  });
});
