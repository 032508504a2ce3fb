import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { describeDocStoreContract } from '../doc-store.contract.ts';
import type { DocWrite } from '../doc-store.ts';
import { openPool } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';

/**
 * The PostgreSQL store against a real server: the machine's (127.0.0.1:5432, database `test`,
 * started by scripts/bootstrap.sh, as the user running the tests) or TEST_DATABASE_URL. Each test gets its own schema. Without
 * a server these tests fail; they are never skipped.
 */
const schemas = new TestSchemas();

afterAll(() => schemas.dropAll());

describeDocStoreContract('PostgreSQL', async () => {
  const options = await schemas.fresh();
  let store = new PgDocStore(openPool(options));
  return {
    store,
    async reopen() {
      await store.close();
      store = new PgDocStore(openPool(options));
      return store;
    },
    async dispose() {
      await store.close();
    },
  };
});

function newDoc(docId: string): DocWrite {
  const doc = new Y.Doc();
  doc.getMap('m').set('id', docId);
  return { docId, kind: 'conv', update: Y.encodeStateAsUpdate(doc), projection: { readers: ['user:r'] }, audit: [] };
}

/** A later write to a doc: no projection, so it goes the batched way. */
function plainWrite(docId: string, n: number): DocWrite {
  const doc = new Y.Doc();
  doc.getMap('m').set(`k${n}`, n);
  return { docId, kind: 'conv', update: Y.encodeStateAsUpdate(doc), projection: null, audit: [] };
}

it('never lets a manifest cursor pass a commit that lands later with a lower number, across nodes', async () => {
  const options = await schemas.fresh();
  // Two relay nodes, each with its own connections, committing at once; a device syncs meanwhile.
  const nodes = [new PgDocStore(openPool(options)), new PgDocStore(openPool(options))];
  const reader = new PgDocStore(openPool({ ...options, max: 1 }));
  /** Every committed write: its doc and sequence number. */
  const committed: { docId: string; seq: number }[] = [];
  const polls: { before: number; after: number; docIds: Set<string> }[] = [];
  let cursor = 0;
  let writing = true;
  const poll = async () => {
    const manifest = await reader.changedSince(['user:r'], cursor);
    expect(manifest.cursor).toBeGreaterThanOrEqual(cursor);
    polls.push({ before: cursor, after: manifest.cursor, docIds: new Set(manifest.docIds) });
    cursor = manifest.cursor;
  };
  const device = (async () => {
    while (writing) await poll();
  })();
  await Promise.all(
    nodes.flatMap((node, n) =>
      Array.from({ length: 4 }, async (_, lane) => {
        const mine: string[] = [];
        for (let i = 0; i < 40; i++) {
          // A new doc, then later writes to this lane's earlier docs, in one batch.
          const created = `conv/n${n}l${lane}i${i}`;
          const later = mine.slice(-1 - ((i + lane) % 3)).map((id, k) => plainWrite(id, i * 10 + k));
          const batch = [newDoc(created), ...later];
          mine.push(created);
          const seqs = await node.appendBatch(batch, i);
          for (const [k, w] of batch.entries()) committed.push({ docId: w.docId, seq: seqs[k] as number });
        }
      }),
    ),
  );
  writing = false;
  await device;
  // One more sync after the last commit: everything committed is listed by now.
  await poll();
  expect(committed.length).toBeGreaterThan(500);
  // The first sync whose cursor reached a write's number must list its doc: otherwise the
  // device, now past that number, would never ask for it.
  const skipped = committed.filter(({ docId, seq }) => {
    const first = polls.find((p) => p.after >= seq);
    return !first || first.before >= seq || !first.docIds.has(docId);
  });
  expect(skipped).toEqual([]);
  for (const store of [...nodes, reader]) await store.close();
}, 60_000);
