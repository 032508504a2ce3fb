import { createTask, docId } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { taskDocStore } from '../tasks/task-doc-store.ts';
import { DOC_KIND_STORES } from './doc-kind-table.ts';
import type { DocKindStore } from './doc-kinds.ts';
import { DocRepository } from './doc-repository.ts';
import { LocalDb } from './local-db.ts';

// A new kind plugs into the store with an entry in the kind table, from outside the store: its
// projection is written in the doc's own transaction, whose scope is its tables (docs/design.md §6).

const opened: LocalDb[] = [];
function openDb(user = 'u-kinds'): LocalDb {
  const db = new LocalDb(`${user}-${opened.length}`);
  opened.push(db);
  return db;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** The stores of the transaction running now, sorted. */
function scopeNow(): string[] {
  return [...(Dexie.currentTransaction?.storeNames ?? [])].sort();
}

/** The table names of each transaction the db was asked for. */
function scopes(spy: { mock: { calls: unknown[][] } }): string[][] {
  return spy.mock.calls.map((call) => {
    const tables = call[1];
    return (Array.isArray(tables) ? tables : [tables]).map((t: { name: string }) => t.name).sort();
  });
}

interface Seen {
  scope: string[];
  prepared: unknown;
  rebuilt: boolean;
  waiting: number;
}

/** A test kind, standing for one a feature adds: its title in `meta`, under `title:<docId>`. */
function titleKind(seen: Seen[], options: { fail?: () => boolean } = {}): DocKindStore<string> {
  const store: DocKindStore<string> = {
    tables: (db) => [db.meta],
    // Before the transaction: a read the projection needs (here, a prefix kept in meta).
    prepare: async ({ db }) => (await db.getMeta<string>('prefix')) ?? '',
    async project({ db, docId, doc, prepared, rebuilt, waiting }) {
      seen.push({ scope: scopeNow(), prepared, rebuilt, waiting: await waiting() });
      const title = doc.getMap('d').get('title');
      if (typeof title === 'string') await db.meta.put({ key: `title:${docId}`, value: `${prepared ?? ''}${title}` });
      if (options.fail?.()) throw new Error('projection failed');
    },
    carryOver(previous, fresh, skip) {
      const mine = previous.getMap('d').get('note');
      if (typeof mine !== 'string' || skip.has(`note:${mine}`) || fresh.getMap('d').has('note')) return [];
      fresh.getMap('d').set('note', mine);
      return [`note:${mine}`];
    },
  };
  return store;
}

describe('the per-kind store table', () => {
  it('writes a plugged-in kind’s projection in the doc’s transaction, scoped to its tables', async () => {
    const db = openDb();
    await db.setMeta('prefix', '» ');
    const seen: Seen[] = [];
    let failing = false;
    const kinds = { ...DOC_KIND_STORES, dossier: titleKind(seen, { fail: () => failing }) };
    const repository = new DocRepository(db, { kinds });
    const transaction = vi.spyOn(db, 'transaction');
    const id = docId('dossier', 'd1');
    const doc = await repository.open(id);

    doc.getMap('d').set('title', 'Công văn 12');
    await repository.flushed();
    expect(await db.getMeta(`title:${id}`)).toBe('» Công văn 12');
    expect(seen).toEqual([{ scope: ['meta', 'outbox', 'updates'], prepared: '» ', rebuilt: false, waiting: 1 }]);
    expect(scopes(transaction)).toEqual([['meta', 'outbox', 'updates']]);

    // A projection that fails takes the change's update and outbox entry with it: one transaction.
    failing = true;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    doc.getMap('d').set('title', 'Công văn 13');
    await repository.flushed();
    expect(await db.updates.where('docId').equals(id).count()).toBe(1);
    expect(await db.outbox.where('docId').equals(id).count()).toBe(1);
    expect(await db.getMeta(`title:${id}`)).toBe('» Công văn 12');
    repository.destroy();
  });

  it('projects a plugged-in kind again on a rebuild and carries its work over', async () => {
    const db = openDb();
    const seen: Seen[] = [];
    const repository = new DocRepository(db, { kinds: { dossier: titleKind(seen) } });
    const id = docId('dossier', 'd2');
    const server = new Y.Doc();
    server.getMap('d').set('title', 'Tờ trình');
    await repository.applyRemote(id, Y.encodeStateAsUpdate(server));
    const doc = await repository.open(id);
    doc.getMap('d').set('note', 'đã xem');
    await repository.flushed();
    await db.outbox.clear(); // the server refused the note

    const result = await repository.rebuild(id, Y.encodeStateAsUpdate(server));
    expect(result.carried).toEqual(['note:đã xem']);
    expect(seen.find((s) => s.rebuilt)).toEqual({
      scope: ['meta', 'outbox', 'updates'],
      prepared: undefined,
      rebuilt: true,
      waiting: 0,
    });
    await repository.flushed();
    expect((await repository.open(id)).getMap('d').get('note')).toBe('đã xem');
    expect(await db.outbox.count()).toBe(1); // the carried note, as a local change
    repository.destroy();
  });

  it('stores a plugged-in kind with a batch in one transaction of the batch paths', async () => {
    const db = openDb();
    const written: unknown[][] = [];
    const dossier: DocKindStore<unknown, { key: string; value: unknown }> = {
      tables: (d) => [d.meta],
      project: async () => undefined,
      batch: {
        row: (id, doc) => ({ key: `title:${id}`, value: doc.getMap('d').get('title') }),
        async write(d, rows) {
          written.push(scopeNow());
          await d.meta.bulkPut(rows);
        },
      },
    };
    const kinds = { dossier };
    const repository = new DocRepository(db, { kinds });
    const transaction = vi.spyOn(db, 'transaction');
    const items = ['a', 'b', 'c'].map((n) => {
      const doc = new Y.Doc();
      doc.getMap('d').set('title', `Hồ sơ ${n}`);
      return { docId: docId('dossier', n), update: Y.encodeStateAsUpdate(doc) };
    });
    await repository.applyRemoteBatch(items);
    expect(scopes(transaction)).toEqual([['meta', 'outbox', 'updates']]);
    expect(written).toEqual([['meta', 'outbox', 'updates']]);
    expect(await db.getMeta('title:dossier/b')).toBe('Hồ sơ b');

    await repository.writeBatchInBackground(
      items.map(({ docId: id }) => ({ docId: id, write: (doc) => doc.getMap('d').set('title', `${id}!`) })),
    );
    expect(scopes(transaction)).toHaveLength(2);
    expect(await db.getMeta('title:dossier/c')).toBe('dossier/c!');
    expect(await db.outbox.count()).toBe(3);
    repository.destroy();
  });

  it('stores a kind with no entry with no projection, in a transaction of its update and outbox only', async () => {
    const db = openDb();
    const { dossier: _listed, ...withoutDossier } = DOC_KIND_STORES;
    const repository = new DocRepository(db, { kinds: withoutDossier });
    const transaction = vi.spyOn(db, 'transaction');
    const doc = await repository.open(docId('dossier', 'd3'));
    doc.getMap('d').set('title', 'Quyết định');
    await repository.flushed();
    expect(scopes(transaction)).toEqual([['outbox', 'updates']]);
    expect(await db.outbox.count()).toBe(1);
    repository.destroy();
    const reloaded = new DocRepository(db, { kinds: withoutDossier });
    expect((await reloaded.open(docId('dossier', 'd3'))).getMap('d').get('title')).toBe('Quyết định');
    reloaded.destroy();
  });

  it('keeps a task change in a transaction of updates, outbox and tasks only', async () => {
    const db = openDb();
    const seen: string[][] = [];
    const task: typeof taskDocStore = {
      ...taskDocStore,
      project: (input) => {
        seen.push(scopeNow());
        return taskDocStore.project(input);
      },
    };
    const repository = new DocRepository(db, { kinds: { ...DOC_KIND_STORES, task } });
    const id = docId('task', 't1');
    createTask(await repository.open(id), {
      id: 't1',
      title: 'Báo cáo quý',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-12-15',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: 1,
    });
    await repository.flushed();
    expect(seen).toEqual([['outbox', 'tasks', 'updates']]);
    expect((await db.tasks.get(id))?.waiting).toBe(1);
    repository.destroy();
  });
});
