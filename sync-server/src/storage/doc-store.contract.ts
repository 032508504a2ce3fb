import type { AssignmentRow, Principal } from '@thongsuot/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DocStore, type DocWrite, MAX_BLOB_REFS } from './doc-store.ts';

export interface StoreHarness {
  readonly store: DocStore;
  /** Closes and opens the same storage again; absent for stores that do not outlive the process. */
  reopen?(): Promise<DocStore>;
  dispose(): Promise<void>;
}

function edit(doc: Y.Doc, key: string, value: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc, before);
}

function write(docId: string, update: Uint8Array, readers: Principal[] | null): DocWrite {
  return { docId, kind: 'conv', update, projection: readers ? { readers } : null, audit: [] };
}

/** A write to a doc that takes its readers from `parentId` (its projection's readers are ignored). */
function dependent(docId: string, update: Uint8Array, parentId: string): DocWrite {
  return { docId, kind: 'convlog', update, projection: { readers: ['user:ignored'] }, audit: [], parentId };
}

function docOf(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

function assignment(taskId: string, recipientId: string, percent: number | null): AssignmentRow {
  return {
    taskId,
    recipientId,
    recipientKind: 'unit',
    issuerId: 'u-chutich',
    issuerUnitId: 'ubnd-tp',
    sourceLevel: 'city_people_committee',
    parentTaskId: null,
    monitorUnits: ['ubnd-tp'],
    status: percent === null ? 'received' : 'in_progress',
    addedAt: 1_764_547_200_000,
    readAt: percent === null ? null : 1_764_547_260_000,
    reportedAt: null,
    completedAt: null,
    deadline: '2026-12-15',
    effectiveDeadline: '2026-12-20',
    extendedAt: 1_764_547_300_000,
    extensionPending: percent === null,
    percent,
  };
}

/**
 * The contract every DocStore passes (docs/design.md §8): SQLite and in-memory now, PostgreSQL
 * later. Call it from a test file with a factory for fresh, empty storage.
 */
export function describeDocStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`DocStore contract: ${name}`, () => {
    const withStore = (fn: (h: StoreHarness) => Promise<void>) => async () => {
      const harness = await open();
      try {
        await fn(harness);
      } finally {
        await harness.dispose();
      }
    };

    it(
      'returns appended updates in order with increasing sequence numbers',
      withStore(async ({ store }) => {
        const doc = new Y.Doc();
        const a = edit(doc, 'a', '1');
        const b = edit(doc, 'b', '2');
        const [s1, s2] = await store.appendBatch([write('conv/x', a, ['user:u1']), write('conv/x', b, null)], 1);
        expect(s2).toBeGreaterThan(s1 as number);
        expect(await store.loadUpdates('conv/x')).toEqual([a, b]);
        expect(await store.exists('conv/x')).toBe(true);
        expect(await store.exists('conv/y')).toBe(false);
        expect(await store.docInfo('conv/y')).toBeNull();
        const info = await store.docInfo('conv/x');
        expect(info).toMatchObject({ lastSeq: s2, updateCount: 2, byteCount: a.byteLength + b.byteLength });
        expect(info?.readers).toEqual(['user:u1']);
      }),
    );

    it(
      'replaces readers with each projection and keeps them when a write has none',
      withStore(async ({ store }) => {
        const doc = new Y.Doc();
        await store.appendBatch([write('conv/x', edit(doc, 'a', '1'), ['user:u1', 'user:u2'])], 1);
        await store.appendBatch([write('conv/x', edit(doc, 'a', '2'), null)], 2);
        expect((await store.readersOf('conv/x')).sort()).toEqual(['user:u1', 'user:u2']);
        await store.appendBatch([write('conv/x', edit(doc, 'a', '3'), ['user:u2'])], 3);
        expect(await store.readersOf('conv/x')).toEqual(['user:u2']);
      }),
    );

    it(
      'lists in the manifest the docs changed after a cursor, newly granted ones included',
      withStore(async ({ store }) => {
        const x = new Y.Doc();
        const y = new Y.Doc();
        await store.appendBatch([write('conv/x', edit(x, 'a', '1'), ['user:u1'])], 1);
        const first = await store.changedSince(['user:u1'], 0);
        expect(first.docIds).toEqual(['conv/x']);
        expect((await store.changedSince(['user:u1'], first.cursor)).docIds).toEqual([]);
        await store.appendBatch([write('conv/y', edit(y, 'a', '1'), ['user:u2'])], 2);
        expect((await store.changedSince(['user:u1'], first.cursor)).docIds).toEqual([]);
        // u1 is granted y: it appears in u1's manifest although u1's cursor is past its creation.
        await store.appendBatch([write('conv/y', edit(y, 'b', '1'), ['user:u1', 'user:u2'])], 3);
        expect((await store.changedSince(['user:u1'], first.cursor)).docIds).toEqual(['conv/y']);
        expect((await store.changedSince([], 0)).docIds).toEqual([]);
      }),
    );

    it(
      'compacts a prefix into one state that loads to the same doc, keeping later updates',
      withStore(async ({ store }) => {
        const doc = new Y.Doc();
        const seqs: number[] = [];
        for (let i = 0; i < 20; i++)
          seqs.push(...(await store.appendBatch([write('conv/x', edit(doc, `k${i}`, `${i}`), ['user:u1'])], i)));
        const upTo = seqs[14] as number;
        const partial = new Y.Doc();
        for (const u of (await store.loadUpdates('conv/x')).slice(0, 15)) Y.applyUpdate(partial, u);
        await store.compact('conv/x', upTo, Y.encodeStateAsUpdate(partial));
        const loaded = await store.loadUpdates('conv/x');
        expect(loaded).toHaveLength(6);
        const copy = new Y.Doc();
        for (const u of loaded) Y.applyUpdate(copy, u);
        expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
        expect((await store.docInfo('conv/x'))?.updateCount).toBe(6);
        // The manifest still sees the doc as changed at its last write.
        expect((await store.changedSince(['user:u1'], upTo)).docIds).toEqual(['conv/x']);
      }),
    );

    it(
      "gives a dependent its parent's readers, and every later change of them in the same transaction",
      withStore(async ({ store }) => {
        const head = new Y.Doc();
        const log = new Y.Doc();
        await store.appendBatch([write('conv/a', edit(head, 't', '1'), ['user:u1'])], 1);
        const [logSeq] = await store.appendBatch([dependent('convlog/a_202611', edit(log, 'm', '1'), 'conv/a')], 2);
        expect(await store.readersOf('convlog/a_202611')).toEqual(['user:u1']);
        // Another conversation whose id shares the prefix is not a dependent of conv/a.
        const other = new Y.Doc();
        await store.appendBatch(
          [
            write('conv/a_b', edit(other, 't', '1'), ['user:u3']),
            dependent('convlog/a_b_202611', edit(other, 'm', '1'), 'conv/a_b'),
          ],
          3,
        );
        expect(await store.dependentsOf('conv/a')).toEqual([{ docId: 'convlog/a_202611', lastSeq: logSeq }]);
        expect(await store.dependentsOf('conv/none')).toEqual([]);
        const cursor = (await store.changedSince(['user:u2'], 0)).cursor;

        // A write that leaves the parent's readers as they were leaves its dependents alone.
        await store.appendBatch([write('conv/a', edit(head, 't', '2'), ['user:u1'])], 4);
        expect(await store.dependentsOf('conv/a')).toEqual([{ docId: 'convlog/a_202611', lastSeq: logSeq }]);

        // u2 joins: the log gets the new readers and a new sequence number in the same batch, so a
        // manifest from a cursor past the log's last real write lists it.
        const [headSeq] = await store.appendBatch([write('conv/a', edit(head, 't', '3'), ['user:u1', 'user:u2'])], 5);
        const [bumped] = await store.dependentsOf('conv/a');
        expect(bumped?.lastSeq).toBeGreaterThan(headSeq as number);
        expect((await store.readersOf('convlog/a_202611')).sort()).toEqual(['user:u1', 'user:u2']);
        expect((await store.changedSince(['user:u2'], cursor)).docIds).toEqual(['conv/a', 'convlog/a_202611']);
        expect((await store.changedSince(['user:u3'], cursor)).docIds).toEqual([]);

        // Later writes to the log keep its readers; it still loads to the same doc, and compacts.
        await store.appendBatch([dependent('convlog/a_202611', edit(log, 'm', '2'), 'conv/a')], 6);
        expect((await store.readersOf('convlog/a_202611')).sort()).toEqual(['user:u1', 'user:u2']);
        expect(
          docOf(await store.loadUpdates('convlog/a_202611'))
            .getMap('m')
            .toJSON(),
        ).toEqual({ m: '2' });
        const info = await store.docInfo('convlog/a_202611');
        await store.compact('convlog/a_202611', info?.lastSeq as number, Y.encodeStateAsUpdate(log));
        expect(await store.loadUpdates('convlog/a_202611')).toHaveLength(1);
        expect(
          docOf(await store.loadUpdates('convlog/a_202611'))
            .getMap('m')
            .toJSON(),
        ).toEqual({ m: '2' });

        // u1 leaves: gone from the log's readers too.
        await store.appendBatch([write('conv/a', edit(head, 't', '4'), ['user:u2'])], 7);
        expect(await store.readersOf('convlog/a_202611')).toEqual(['user:u2']);
        expect(await store.readersOf('convlog/a_b_202611')).toEqual(['user:u3']);
      }),
    );

    it(
      "stores a write's blob references in its transaction, each once, and lists them bounded",
      withStore(async (harness) => {
        const { store } = harness;
        const a = 'a'.repeat(64);
        const b = 'b'.repeat(64);
        const x = new Y.Doc();
        const y = new Y.Doc();
        await store.appendBatch(
          [
            { ...write('conv/x', edit(x, 'a', '1'), ['user:u1']), blobRefs: [[a, 'u1']] },
            {
              ...write('conv/y', edit(y, 'a', '1'), ['user:u2']),
              blobRefs: [
                [a, 'u2'],
                [b, 'u2'],
              ],
            },
          ],
          1,
        );
        // The same reference written again (another entry with the same file) is kept once.
        await store.appendBatch(
          [
            {
              ...write('conv/x', edit(x, 'b', '1'), null),
              blobRefs: [
                [a, 'u1'],
                [a, 'u3'],
              ],
            },
          ],
          2,
        );
        const sorted = (refs: { docId: string; authorId: string }[]) =>
          [...refs].sort((p, q) => `${p.docId}${p.authorId}`.localeCompare(`${q.docId}${q.authorId}`));
        expect(sorted(await store.blobRefs(a))).toEqual([
          { docId: 'conv/x', authorId: 'u1' },
          { docId: 'conv/x', authorId: 'u3' },
          { docId: 'conv/y', authorId: 'u2' },
        ]);
        expect(await store.blobRefs(b)).toEqual([{ docId: 'conv/y', authorId: 'u2' }]);
        expect(await store.blobRefs('c'.repeat(64))).toEqual([]);

        // At most MAX_BLOB_REFS are listed.
        const many = Array.from({ length: MAX_BLOB_REFS + 20 }, (_, i) => {
          const doc = new Y.Doc();
          return { ...write(`conv/m${i}`, edit(doc, 'a', '1'), ['user:u1']), blobRefs: [[b, 'u1'] as const] };
        });
        await store.appendBatch(many, 3);
        expect(await store.blobRefs(b)).toHaveLength(MAX_BLOB_REFS);

        if (harness.reopen) {
          const reopened = await harness.reopen();
          expect(sorted(await reopened.blobRefs(a))).toHaveLength(3);
        }
      }),
    );

    it(
      "keeps who owns each client id and the task's assignment rows, as the writes' projections say",
      withStore(async (harness) => {
        const doc = new Y.Doc();
        const task = (update: Uint8Array, upsert: AssignmentRow[], remove: string[]): DocWrite => ({
          docId: 'task/t1',
          kind: 'task',
          update,
          projection: {
            readers: ['user:u1'],
            task: {
              title: 'Kiểm tra an toàn phòng cháy',
              issuerId: 'u-chutich',
              issuerUnitId: 'ubnd-tp',
              deadline: '2026-12-15',
              recipients: ['p-benthanh', 'p-saigon'],
              assignments: { upsert, remove },
            },
          },
          audit: [{ actorId: 'u-chutich', action: 'task.assign', docId: 'task/t1', detail: null }],
          clients: [
            [4_000_000_001, 'u-chutich'],
            [7, 'u-vanphong'],
          ],
        });
        await harness.store.appendBatch(
          [task(edit(doc, 'a', '1'), [assignment('t1', 'p-benthanh', null), assignment('t1', 'p-saigon', 40)], [])],
          1,
        );
        // A client id keeps its first owner.
        await harness.store.appendBatch(
          [{ ...write('task/t1', edit(doc, 'b', '1'), null), clients: [[7, 'u-other']] }],
          2,
        );
        const byId = (pairs: [number, string][]) => [...pairs].sort((p, q) => p[0] - q[0]);
        expect(byId(await harness.store.clientOwners('task/t1'))).toEqual([
          [7, 'u-vanphong'],
          [4_000_000_001, 'u-chutich'],
        ]);
        const first = await harness.store.assignmentIndex();
        expect(first.rows).toEqual([assignment('t1', 'p-benthanh', null), assignment('t1', 'p-saigon', 40)]);
        expect(first.titles).toEqual([['t1', 'Kiểm tra an toàn phòng cháy']]);
        // Only what changed is written: one row updated, one removed.
        await harness.store.appendBatch(
          [task(edit(doc, 'c', '1'), [assignment('t1', 'p-benthanh', 80)], ['p-saigon'])],
          3,
        );
        const store = harness.reopen ? await harness.reopen() : harness.store;
        expect((await store.assignmentIndex()).rows).toEqual([assignment('t1', 'p-benthanh', 80)]);
        expect(await store.clientOwners('task/none')).toEqual([]);
      }),
    );

    it(
      'keeps every committed write across a reopen',
      withStore(async (harness) => {
        if (!harness.reopen) return;
        const doc = new Y.Doc();
        const updates = [edit(doc, 'a', '1'), edit(doc, 'b', '2')];
        await harness.store.appendBatch(
          updates.map((u) => write('conv/x', u, ['user:u1'])),
          1,
        );
        const log = new Y.Doc();
        await harness.store.appendBatch([dependent('convlog/x_202611', edit(log, 'm', '1'), 'conv/x')], 2);
        const reopened = await harness.reopen();
        expect(await reopened.loadUpdates('conv/x')).toEqual(updates);
        expect(await reopened.readersOf('conv/x')).toEqual(['user:u1']);
        // Who depends on whom survives too.
        await reopened.appendBatch([write('conv/x', edit(doc, 'c', '3'), ['user:u2'])], 3);
        expect(await reopened.readersOf('convlog/x_202611')).toEqual(['user:u2']);
      }),
    );
  });
}
