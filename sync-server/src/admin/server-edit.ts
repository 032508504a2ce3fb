import type { Person } from '@thongsuot/shared';
import * as Y from 'yjs';
import type { ServerContext } from '../context.ts';
import type { WriteOutcome } from '../sync/doc-hub.ts';

/** Y.encodeStateVector of an empty doc: "send me everything". */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/**
 * A change made on the server in someone's name — an administrator's console action, an
 * integration client's request — taking exactly the path of a device's write (docs/operations.md):
 * the doc's current state is read from its apply worker, `edit` runs on a copy under a fresh Yjs
 * client id, and the resulting update goes through `DocHub.write` as `person`, so it meets the
 * same access rules, authorship checks, audit and acknowledgement as any device's. Resolves once
 * committed (or refused, with the rule's message).
 */
export async function serverEdit(
  ctx: Pick<ServerContext, 'engine' | 'hub'>,
  person: Person,
  docId: string,
  edit: (doc: Y.Doc) => void,
): Promise<WriteOutcome> {
  const current = await ctx.engine.diff(docId, EMPTY_STATE_VECTOR);
  if (!current.ok) return { ok: false, code: current.code, message: current.message };
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, current.update);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => edit(doc));
    const update = Y.encodeStateAsUpdate(doc, before);
    return await ctx.hub.write(person, docId, update, null);
  } finally {
    doc.destroy();
  }
}
