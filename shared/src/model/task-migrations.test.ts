import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setAssignmentStatus } from './assignment.ts';
import { schemaVersionOf } from './doc-version.ts';
import { readTask } from './task.ts';
import { TASK_SCHEMA_VERSION } from './task-doc.ts';
import { migrateTask } from './task-migrations.ts';

/** A task exactly as schema version 1 (the walking skeleton) wrote it. */
function v1Task(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('schemaVersion', 1);
    meta.set('id', 't1');
    meta.set('issuerId', 'u-chutich');
    meta.set('issuerUnitId', 'ubnd-tp');
    meta.set('createdAt', 1000);
    meta.set('deadline', '2026-01-20');
    doc.getText('title').insert(0, 'Việc cũ');
    const assignments = doc.getMap('assignments');
    for (const [id, kind, status] of [
      ['phuong-ben-thanh', 'unit', 'reported'],
      ['u-sonoivu', 'person', 'received'],
    ] as const) {
      const entry = new Y.Map<unknown>();
      entry.set('recipientKind', kind);
      entry.set('status', status);
      entry.set('statusAt', 2000);
      entry.set('statusBy', status === 'received' ? 'u-chutich' : 'u-benthanh');
      assignments.set(id, entry);
    }
    doc
      .getArray('reports')
      .push([{ id: 'r1', recipientId: 'phuong-ben-thanh', by: 'u-benthanh', at: 2000, text: 'xong', percent: 100 }]);
    doc.getArray('events').push([{ at: 1000, by: 'u-chutich', type: 'created' }]);
  });
  return doc;
}

function summary(doc: Y.Doc) {
  const task = readTask(doc);
  return task && { ...task, schemaVersion: 0 };
}

describe('task migrations', () => {
  it('reads a v1 document as it is', () => {
    const task = readTask(v1Task());
    expect(task?.schemaVersion).toBe(1);
    expect(task?.assignments.map((a) => [a.recipientId, a.status, a.statusBy])).toEqual([
      ['phuong-ben-thanh', 'reported', 'u-benthanh'],
      ['u-sonoivu', 'received', 'u-chutich'],
    ]);
    expect(task?.priority).toBe('normal');
  });

  it('migrates v1 to the current version without changing what it reads as', () => {
    const doc = v1Task();
    const before = summary(doc);
    expect(migrateTask(doc)).toBe('migrated');
    expect(schemaVersionOf(doc)).toBe(TASK_SCHEMA_VERSION);
    expect(doc.getMap('assignments').get('phuong-ben-thanh')).not.toBeInstanceOf(Y.Map);
    expect(summary(doc)).toEqual(before);
    expect(migrateTask(doc)).toBe('current');
  });

  it('converges when two devices migrate the same document offline', () => {
    const origin = v1Task();
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(origin));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(origin));
    migrateTask(a);
    migrateTask(b);
    setAssignmentStatus(b, 'u-sonoivu', 'read', 'u-sonoivu', 3000);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readTask(a)).toEqual(readTask(b));
    expect(readTask(a)?.assignments.map((x) => x.status)).toEqual(['reported', 'read']);
  });

  it('leaves a document from a newer version untouched and unread', () => {
    const doc = v1Task();
    doc.getMap('meta').set('schemaVersion', TASK_SCHEMA_VERSION + 1);
    const bytes = Y.encodeStateAsUpdate(doc);
    expect(migrateTask(doc)).toBe('too_new');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(bytes);
    expect(readTask(doc)).toBeNull();
  });

  it('reports an empty document as empty', () => {
    expect(migrateTask(new Y.Doc())).toBe('empty');
  });
});
