import { readTask, type Task } from '@thongsuot/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { usePlatform } from '../shell/platform-context.ts';

/**
 * Opens a task doc from the device and re-reads it on every change, local or remote. When the
 * doc is rebuilt after the server refused a change (DocRepository.rebuild), the old copy is
 * destroyed and this opens the rebuilt one.
 */
export function useTaskDoc(docId: string): { doc: Y.Doc | null; task: Task | null; loading: boolean } {
  const { repository } = usePlatform();
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ doc: Y.Doc | null; task: Task | null; loading: boolean }>({
    doc: null,
    task: null,
    loading: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` re-opens a rebuilt doc
  useEffect(() => {
    let live = true;
    let detach = (): void => undefined;
    void repository()
      .then((docs) => docs.open(docId))
      .then((doc) => {
        if (!live) return;
        const refresh = (): void => setState({ doc, task: readTask(doc), loading: false });
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
  }, [docId, repository, generation]);
  return state;
}
