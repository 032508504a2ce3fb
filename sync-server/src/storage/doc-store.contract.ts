import type { Principal } from '@thongsuot/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore, DocWrite } from './doc-store.ts';

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

/**
 * The contract every DocStore passes (DESIGN.md §8): SQLite and in-memory now, PostgreSQL
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
      'keeps every committed write across a reopen',
      withStore(async (harness) => {
        if (!harness.reopen) return;
        const doc = new Y.Doc();
        const updates = [edit(doc, 'a', '1'), edit(doc, 'b', '2')];
        await harness.store.appendBatch(
          updates.map((u) => write('conv/x', u, ['user:u1'])),
          1,
        );
        const reopened = await harness.reopen();
        expect(await reopened.loadUpdates('conv/x')).toEqual(updates);
        expect(await reopened.readersOf('conv/x')).toEqual(['user:u1']);
      }),
    );
  });
}
