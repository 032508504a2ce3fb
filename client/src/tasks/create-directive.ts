import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { createTask, type NewTask, readTask } from '@thongsuot/shared/model/task';
import type { DocRepository } from '../store/doc-repository.ts';

/**
 * Writes a new directive on the device: one doc, one assignment per recipient, one IndexedDB
 * transaction (update, list row, outbox). Offline it waits in the outbox; online the sync
 * client sends it at once and the relay hands it to every recipient unit's connected leaders.
 */
export async function createDirective(
  repository: DocRepository,
  input: Omit<NewTask, 'id'>,
  id: string = newId(),
): Promise<string> {
  const docId = makeDocId('task', id);
  const doc = await repository.open(docId);
  // Idempotent under its id: an action replayed after a crash (store/intents.ts) finds it written.
  if (readTask(doc) === null) createTask(doc, { ...input, id });
  await repository.flushed();
  return docId;
}
