import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { CommitQueue, StaleWriteError } from '../commit-queue.ts';
import { type DocWrite, StaleDocsError } from '../doc-store.ts';
import { openPool } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';

// One check against every node's commits (docs/scale-out.md): a write checked on one node
// against a copy of its doc that another node's commit has made old is refused, as retryable,
// and nothing of it is stored; other docs in the same batch still commit.
const schemas = new TestSchemas();

afterAll(() => schemas.dropAll());

function write(docId: string, key: string, basedOn?: number): DocWrite {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, key);
  return {
    docId,
    kind: 'conv',
    update: Y.encodeStateAsUpdate(doc),
    projection: null,
    audit: [],
    ...(basedOn === undefined ? {} : { basedOn }),
  };
}

it('refuses a batch whose first write of a doc was checked against an older copy; later writes of the doc build on it', async () => {
  const options = await schemas.fresh();
  const store = new PgDocStore(openPool(options));
  try {
    const [first] = await store.appendBatch([write('conv/a', 'one', 0)], 1);
    // Checked against the empty doc again: another write has committed since.
    await expect(store.appendBatch([write('conv/a', 'two', 0), write('conv/b', 'x', 0)], 2)).rejects.toBeInstanceOf(
      StaleDocsError,
    );
    expect(await store.loadUpdates('conv/a')).toHaveLength(1);
    expect(await store.docInfo('conv/b')).toBeNull();
    // On the committed copy: taken, with a second write of the doc in the same batch.
    const seqs = await store.appendBatch([write('conv/a', 'two', first), write('conv/a', 'three', first)], 3);
    expect(seqs).toHaveLength(2);
    expect(await store.loadUpdates('conv/a')).toHaveLength(3);
  } finally {
    await store.close();
  }
});

it('two nodes: the node with the old copy has its write refused as stale, the rest of its batch committed', async () => {
  const options = await schemas.fresh();
  const stores = [new PgDocStore(openPool(options)), new PgDocStore(openPool(options))] as const;
  const [a, b] = stores.map((store) => new CommitQueue(store, () => 1, { windowMs: 5, maxBatch: 100 }));
  try {
    // Both nodes loaded the doc when it was empty (basis 0); node A commits first.
    let basisA = 0;
    const seqA = await (a as CommitQueue).commit(write('task/t', 'from A'), {
      valid: () => true,
      failed: () => undefined,
      basedOn: () => basisA,
    });
    basisA = seqA;
    let failedOnB = false;
    const onB = (b as CommitQueue).commit(write('task/t', 'from B'), {
      valid: () => true,
      failed: () => {
        failedOnB = true;
      },
      basedOn: () => 0,
    });
    const otherDoc = (b as CommitQueue).commit(write('task/u', 'elsewhere'), {
      valid: () => true,
      failed: () => undefined,
      basedOn: () => 0,
    });
    const refused = await onB.catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StaleWriteError);
    expect((refused as StaleWriteError).otherNode).toBe(true);
    expect(failedOnB).toBe(true);
    expect(await otherDoc).toBeGreaterThan(seqA);
    // Reloaded on B (basis = what is committed), the same write is taken.
    const info = await stores[1].docInfo('task/t');
    const again = await (b as CommitQueue).commit(write('task/t', 'from B'), {
      valid: () => true,
      failed: () => undefined,
      basedOn: () => info?.lastSeq ?? -1,
    });
    expect(again).toBeGreaterThan(seqA);
    expect(await stores[0].loadUpdates('task/t')).toHaveLength(2);
  } finally {
    for (const store of stores) await store.close();
  }
});
