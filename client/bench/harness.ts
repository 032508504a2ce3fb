// Runs inside Chromium on the app's origin, injected by e2e/bench/client-bench.ts. It seeds the
// local store the app ships and the y-indexeddb baseline (one database per doc) with the same
// docs, and times what each needs to show an inbox and to open every doc.
import { createTask, docId, setTaskTitle } from '@thongsuot/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { DocRepository } from '../src/store/doc-repository.ts';
import { type DirectoryOfficialRow, LocalDb, type TaskRow } from '../src/store/local-db.ts';
import { taskRow } from '../src/store/task-projection.ts';
import { byUrgency } from '../src/tasks/task-queries.ts';
import { prng } from './prng.ts';

const Y_PREFIX = 'bench-y-';
const LAST_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Quốc', 'Thanh', 'Hữu', 'Thu'];
const GIVEN = [
  'An',
  'Bình',
  'Châu',
  'Dũng',
  'Giang',
  'Hà',
  'Khánh',
  'Lan',
  'Mai',
  'Nam',
  'Phúc',
  'Quyên',
  'Sơn',
  'Tâm',
];

export function taskDoc(i: number, recipientId: string, random: () => number): { id: string; doc: Y.Doc } {
  const id = `bench${String(i).padStart(5, '0')}`;
  const doc = new Y.Doc();
  const day = 1 + Math.floor(random() * 360);
  const deadline = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
  createTask(doc, {
    id,
    title: `Nhiệm vụ số ${i}: rà soát hồ sơ hành chính khu phố ${1 + (i % 12)}`,
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline,
    recipients: [{ id: recipientId, kind: 'unit' }],
    at: 1_700_000_000_000 + i,
  });
  return { id, doc };
}

async function seed(userId: string, recipientId: string, tasks: number, officials: number): Promise<void> {
  const random = prng(2024);
  const db = new LocalDb(userId);
  const updates: { docId: string; data: Uint8Array }[] = [];
  const rows: TaskRow[] = [];
  for (let i = 0; i < tasks; i += 1) {
    const { id, doc } = taskDoc(i, recipientId, random);
    const row = taskRow(docId('task', id), doc);
    if (row) rows.push(row);
    const state = Y.encodeStateAsUpdate(doc);
    updates.push({ docId: docId('task', id), data: state });
    // The baseline gets the very same doc, in its own database, as y-indexeddb stores it.
    const persistence = new IndexeddbPersistence(`${Y_PREFIX}${id}`, doc);
    await persistence.whenSynced;
    await persistence.destroy();
    doc.destroy();
  }
  const people: DirectoryOfficialRow[] = [];
  for (let i = 0; i < officials; i += 1) {
    const fullName = `${LAST_NAMES[i % 10]} ${MIDDLE[Math.floor(random() * 8)]} ${GIVEN[Math.floor(random() * 14)]}`;
    people.push({
      id: `bench-o${i}`,
      fullName,
      position: 'Chuyên viên',
      rank: 5,
      unitId: recipientId,
      phone: `09${String(10_000_000 + i)}`,
      email: `o${i}@thongsuot.gov.vn`,
    });
  }
  await db.transaction('rw', [db.updates, db.tasks, db.officials, db.meta], async () => {
    await db.updates.bulkAdd(updates);
    await db.tasks.bulkPut(rows);
    await db.officials.bulkPut(people);
    await db.meta.put({ key: 'directoryDownloadedAt', value: Date.now() });
  });
  db.close();
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

/** The store we ship: the inbox is one indexed query on the `tasks` projection. */
async function storeInbox(userId: string, ids: string[]): Promise<number> {
  const started = performance.now();
  const db = new LocalDb(userId);
  const rows = await db.tasks.where('recipientIds').anyOf(ids).distinct().toArray();
  render(rows.sort(byUrgency(ids)));
  const elapsed = performance.now() - started;
  db.close();
  return elapsed;
}

/** The baseline: y-indexeddb has only docs, so an inbox opens and reads every one of them. */
async function yIndexedDbInbox(count: number, ids: string[]): Promise<number> {
  const started = performance.now();
  const rows: TaskRow[] = [];
  const opened: IndexeddbPersistence[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `bench${String(i).padStart(5, '0')}`;
      const doc = new Y.Doc();
      const persistence = new IndexeddbPersistence(`${Y_PREFIX}${id}`, doc);
      opened.push(persistence);
      await persistence.whenSynced;
      const row = taskRow(docId('task', id), doc); // readTask inside: the same decoding the app would do
      if (row?.recipientIds.some((r) => ids.includes(r))) rows.push(row);
    }),
  );
  render(rows.sort(byUrgency(ids)));
  const elapsed = performance.now() - started;
  await Promise.all(opened.map((p) => p.destroy()));
  return elapsed;
}

/** Opening (decoding) every doc, as a first sync after a long absence would. */
async function storeOpenAll(userId: string, count: number): Promise<number> {
  const started = performance.now();
  const db = new LocalDb(userId);
  const repository = new DocRepository(db);
  await Promise.all(
    Array.from({ length: count }, (_, i) => repository.open(docId('task', `bench${String(i).padStart(5, '0')}`))),
  );
  const elapsed = performance.now() - started;
  repository.destroy();
  db.close();
  return elapsed;
}

async function yIndexedDbOpenAll(count: number): Promise<number> {
  const started = performance.now();
  const opened = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const persistence = new IndexeddbPersistence(`${Y_PREFIX}bench${String(i).padStart(5, '0')}`, new Y.Doc());
      await persistence.whenSynced;
      return persistence;
    }),
  );
  const elapsed = performance.now() - started;
  await Promise.all(opened.map((p) => p.destroy()));
  return elapsed;
}

/** 2 edits in each of `docs` new task docs, made through the app's repository: all go to the outbox. */
async function offlineEdits(userId: string, recipientId: string, docs: number): Promise<number> {
  const db = new LocalDb(userId);
  const repository = new DocRepository(db);
  const random = prng(7);
  for (let i = 0; i < docs; i += 1) {
    const id = `edit${Date.now().toString(36)}${i}`;
    const doc = await repository.open(docId('task', id));
    createTask(doc, {
      id,
      title: `Việc làm khi mất mạng số ${i}`,
      issuerId: userId,
      issuerUnitId: 'vp-ubnd',
      deadline: `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
      recipients: [{ id: recipientId, kind: 'unit' }],
      at: Date.now(),
    });
    setTaskTitle(doc, `Việc làm khi mất mạng số ${i} (đã sửa)`);
  }
  await repository.flushed();
  const waiting = await db.outbox.count();
  repository.destroy();
  db.close();
  return waiting;
}

Object.assign(globalThis, {
  benchHarness: { seed, storeInbox, yIndexedDbInbox, storeOpenAll, yIndexedDbOpenAll, offlineEdits },
});
