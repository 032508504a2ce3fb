import { docId as makeDocId } from '@thongsuot/shared/ids';
import { createUserDoc, readUserDoc } from '@thongsuot/shared/model/user-doc';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { usePlatform } from '../shell/platform-context.ts';
import type { DocRepository } from '../store/doc-repository.ts';

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
  const { repository, user } = usePlatform();
  const [state, setState] = useState<{ doc: Y.Doc | null; version: number }>({ doc: null, version: 0 });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` re-opens a rebuilt doc
  useEffect(() => {
    let live = true;
    let detach = (): void => undefined;
    void repository()
      .then((docs) => openUserDoc(docs, user.id))
      .then((doc) => {
        if (!live) return;
        const refresh = (): void => setState((s) => ({ doc, version: s.version + 1 }));
        const reopen = (): void => setGeneration((n) => n + 1);
        doc.on('update', refresh);
        doc.on('destroy', reopen);
        detach = () => {
          doc.off('update', refresh);
          doc.off('destroy', reopen);
        };
        refresh();
      });
    return () => {
      live = false;
      detach();
    };
  }, [repository, user.id, generation]);
  return state;
}
