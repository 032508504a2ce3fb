// Runs inside Chromium on the app's origin, injected by e2e/bench/tasks-bench.ts. Seeds the
// device of a leader who issued 20,000 directives (with the statuses, reports and extension
// requests of a real workload) and times, with the app's own code: the inbox read from the
// store, the same inbox computed the way a list without the inbox index would (the baseline),
// and creating a directive to 168 recipients.
import {
  addProgressReport,
  createTask,
  docId,
  requestExtension,
  setAssignmentStatus,
  TASK_STATUSES,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { prng } from '../../client/bench/prng.ts';
import { readInbox } from '../../client/src/inbox/read-inbox.ts';
import { meOf, workItems } from '../../client/src/inbox/work-items.ts';
import { DocRepository } from '../../client/src/store/doc-repository.ts';
import { LocalDb, type TaskRow } from '../../client/src/store/local-db.ts';
import { taskRow } from '../../client/src/store/task-projection.ts';
import { createDirective } from '../../client/src/tasks/create-directive.ts';
import { addDays, today } from '../../client/src/tasks/deadline.ts';

/** 20,000 directives by one leader: most to a few units, some to many, in every stage. */
async function seed(userId: string, unitId: string, units: string[], tasks: number): Promise<number> {
  const random = prng(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const db = new LocalDb(userId);
  const now = today();
  let updates: { docId: string; data: Uint8Array }[] = [];
  let rows: TaskRow[] = [];
  const flush = async () => {
    await db.transaction('rw', [db.updates, db.tasks], async () => {
      await db.updates.bulkAdd(updates);
      await db.tasks.bulkPut(rows);
    });
    updates = [];
    rows = [];
  };
  for (let i = 0; i < tasks; i += 1) {
    const id = `lead${String(i).padStart(6, '0')}`;
    const doc = new Y.Doc();
    const fanOut = random() < 0.02 ? 168 : 1 + Math.floor(random() * 4);
    const recipients = new Set<string>();
    while (recipients.size < Math.min(fanOut, units.length)) recipients.add(pick(units));
    const deadline = addDays(now, Math.floor(random() * 120) - 60);
    createTask(doc, {
      id,
      title: `Chỉ đạo số ${i}: kiểm tra, báo cáo tình hình thực hiện tại địa phương`,
      issuerId: userId,
      issuerUnitId: unitId,
      deadline,
      recipients: [...recipients].map((r) => ({ id: r, kind: 'unit' as const })),
      at: Date.now() - 90 * 86_400_000 + i,
    });
    for (const r of recipients) {
      const stage = Math.floor(random() * TASK_STATUSES.length);
      for (let s = 1; s <= stage; s += 1) setAssignmentStatus(doc, r, TASK_STATUSES[s] ?? 'read', 'u-x', i + s);
      if (stage >= 2) {
        addProgressReport(doc, {
          id: `${id}-${r}`,
          recipientId: r,
          by: 'u-x',
          at: i + 9,
          text: 'Đã triển khai',
          percent: 40,
        });
      }
      if (random() < 0.03) {
        requestExtension(doc, {
          id: `${id}-e-${r}`,
          recipientId: r,
          by: 'u-x',
          at: i + 10,
          proposedDeadline: addDays(deadline, 14),
          reason: 'Thiếu nhân lực',
        });
      }
    }
    const row = taskRow(docId('task', id), doc);
    if (row) rows.push(row);
    updates.push({ docId: docId('task', id), data: Y.encodeStateAsUpdate(doc) });
    doc.destroy();
    if (rows.length >= 1_000) await flush();
  }
  await flush();
  const count = await db.tasks.count();
  db.close();
  return count;
}

function render(rows: readonly TaskRow[]): void {
  const list = document.createElement('ul');
  for (const row of rows.slice(0, 50)) {
    const item = document.createElement('li');
    item.textContent = `${row.title} — ${row.deadline}`;
    list.append(item);
  }
  document.body.replaceChildren(list);
}

/** The inbox as the app reads it: key ranges of the `inboxKeys` index, counted in the index. */
async function storeInbox(userId: string, unitId: string): Promise<{ ms: number; items: number; counted: number }> {
  const started = performance.now();
  const db = new LocalDb(userId);
  const inbox = await readInbox(db, meOf(userId, unitId), today(), 100);
  render(inbox.items.map((i) => i.row));
  const ms = performance.now() - started;
  db.close();
  return { ms, items: inbox.items.length, counted: Object.values(inbox.counts).reduce((a, b) => a + b, 0) };
}

/** The baseline: every task I issued or received read from the projection, then sorted. */
async function scanInbox(userId: string, unitId: string): Promise<{ ms: number; items: number }> {
  const started = performance.now();
  const db = new LocalDb(userId);
  const rows = [
    ...(await db.tasks.where('issuerId').equals(userId).toArray()),
    ...(await db.tasks.where('recipientIds').anyOf([userId, unitId]).toArray()),
  ];
  const now = today();
  const items = workItems(rows, meOf(userId, unitId), now, addDays(now, 3));
  render(items.map((i) => i.row));
  const ms = performance.now() - started;
  db.close();
  return { ms, items: items.length };
}

/** Creating a directive to `recipients` through the app's code: doc, row and outbox in one transaction. */
async function createMany(userId: string, unitId: string, recipients: string[], runs: number): Promise<number[]> {
  const db = new LocalDb(userId);
  const repository = new DocRepository(db);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await createDirective(repository, {
      title: `Chỉ đạo khẩn số ${i} gửi toàn bộ phường, xã, đặc khu`,
      body: 'Các đơn vị triển khai ngay, báo cáo kết quả trước hạn.',
      issuerId: userId,
      issuerUnitId: unitId,
      deadline: addDays(today(), 7),
      priority: 'urgent',
      recipients: recipients.map((id) => ({ id, kind: 'unit' as const })),
      at: Date.now(),
    });
    times.push(performance.now() - started);
  }
  repository.destroy();
  db.close();
  return times;
}

Object.assign(globalThis, { tasksHarness: { seed, storeInbox, scanInbox, createMany } });
