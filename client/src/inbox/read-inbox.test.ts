import { createTask, docId, requestExtension, setAssignmentStatus } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LocalDb } from '../store/local-db.ts';
import { taskRow } from '../store/task-projection.ts';
import { readInbox } from './read-inbox.ts';
import { meOf } from './work-items.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function task(id: string, deadline: string, edit?: (doc: Y.Doc) => void) {
  const doc = new Y.Doc();
  createTask(doc, {
    id,
    title: id,
    issuerId: 'u-chair',
    issuerUnitId: 'ubnd-tp',
    deadline,
    recipients: [
      { id: 'phuong-a', kind: 'unit' },
      { id: 'phuong-b', kind: 'unit' },
    ],
    at: 1,
  });
  edit?.(doc);
  const row = taskRow(docId('task', id), doc);
  if (!row) throw new Error('no row');
  return row;
}

describe('readInbox on IndexedDB', () => {
  it('reads each side’s work from the index ranges, with exact counts, most urgent first', async () => {
    const db = new LocalDb('u-inbox');
    opened.push(db);
    await db.tasks.bulkPut([
      task('late', '2026-01-10', (d) => setAssignmentStatus(d, 'phuong-a', 'in_progress', 'x', 2)),
      task('soon', '2026-01-16'),
      task('later', '2026-02-20', (d) => setAssignmentStatus(d, 'phuong-a', 'read', 'x', 2)),
      task('asked', '2026-02-01', (d) =>
        requestExtension(d, {
          id: 'e1',
          recipientId: 'phuong-b',
          by: 'x',
          at: 3,
          proposedDeadline: '2026-03-01',
          reason: 'Mưa',
        }),
      ),
      task('done', '2026-01-05', (d) => {
        setAssignmentStatus(d, 'phuong-a', 'reported', 'x', 2);
        setAssignmentStatus(d, 'phuong-b', 'completed', 'u-chair', 3);
      }),
    ]);
    const ward = await readInbox(db, meOf('u-lan', 'phuong-a'), '2026-01-15', 100);
    expect(ward.items.map((i) => [i.row.docId, i.reasons])).toEqual([
      ['task/late', ['overdue']],
      ['task/soon', ['dueSoon', 'new']],
      ['task/asked', ['new', 'todo']],
      ['task/later', ['todo']],
    ]);
    expect(ward.counts).toMatchObject({ overdue: 1, dueSoon: 1, new: 2, todo: 4 });

    const chair = await readInbox(db, meOf('u-chair', 'ubnd-tp'), '2026-01-15', 100);
    expect(chair.items.map((i) => [i.row.docId, i.reasons])).toEqual([
      ['task/asked', ['extension']],
      ['task/done', ['review']],
      ['task/late', ['late']],
    ]);
    expect(chair.counts).toMatchObject({ extension: 1, review: 1, late: 1 });

    const page = await readInbox(db, meOf('u-lan', 'phuong-a'), '2026-01-15', 1);
    expect(page.more).toBe(true);
    expect(page.counts.todo).toBe(4);
  });

  it('lists the work of a unit merged into the person’s unit for those who act for it, and only them', async () => {
    const db = new LocalDb('u-merged');
    opened.push(db);
    // phuong-c absorbed phuong-a (docs/operations.md "Administration"); phuong-b's work stays its own.
    await db.tasks.bulkPut([task('old-ward', '2026-01-20'), task('late-old', '2026-01-10')]);
    const chair = await readInbox(db, meOf('u-c', 'phuong-c', 1, ['phuong-a']), '2026-01-15', 100);
    expect(chair.items.map((i) => [i.row.docId, i.reasons])).toEqual([
      ['task/late-old', ['overdue', 'new']],
      ['task/old-ward', ['new', 'todo']],
    ]);
    const before = await readInbox(db, meOf('u-c', 'phuong-c', 1), '2026-01-15', 100);
    expect(before.items).toEqual([]);
    // A specialist of the absorbing unit does not act for it, nor for what was merged into it.
    const specialist = await readInbox(db, meOf('u-c5', 'phuong-c', 5, ['phuong-a']), '2026-01-15', 100);
    expect(specialist.items).toEqual([]);
  });
});
