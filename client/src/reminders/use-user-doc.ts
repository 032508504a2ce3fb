import { docId as makeDocId } from '@thongsuot/shared/ids';
import { createUserDoc, readUserDoc } from '@thongsuot/shared/model/user-doc';
import * as Y from 'yjs';
import { usePlatform } from '../shell/platform-context.ts';
import type { DocRepository } from '../store/doc-repository.ts';
import { useLiveDoc } from '../store/use-live-doc.ts';

/**
 * Opens the person's own doc (`user/<id>`: reminders, saved groups, preferences), creating it
 * on first use. Two devices creating it offline write the same two values, so they merge.
 */
export async function openUserDoc(repository: DocRepository, userId: string): Promise<Y.Doc> {
  const doc = await repository.open(makeDocId('user', userId));
  const empty = Y.encodeStateVector(doc).length <= 1; // nothing stored or received yet
  if (empty && readUserDoc(doc) === null) createUserDoc(doc, userId);
  return doc;
}

/** The user doc and a counter that changes with every edit, for components that read it. */
export function useUserDoc(): { doc: Y.Doc | null; version: number } {
  const { user } = usePlatform();
  const { doc, version } = useLiveDoc(
    makeDocId('user', user.id),
    (docs) => openUserDoc(docs, user.id),
    () => null,
  );
  return { doc, version };
}
