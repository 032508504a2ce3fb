import { readTask, type Task } from '@thongsuot/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { usePlatform } from '../shell/platform-context.ts';

/** Opens a task doc from the device and re-reads it on every change, local or remote. */
export function useTaskDoc(docId: string): { doc: Y.Doc | null; task: Task | null; loading: boolean } {
  const { repository } = usePlatform();
  const [state, setState] = useState<{ doc: Y.Doc | null; task: Task | null; loading: boolean }>({
    doc: null,
    task: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    let detach = (): void => undefined;
    void repository()
      .then((docs) => docs.open(docId))
      .then((doc) => {
        if (!live) return;
        const refresh = (): void => setState({ doc, task: readTask(doc), loading: false });
        doc.on('update', refresh);
        detach = () => doc.off('update', refresh);
        refresh();
      });
    return () => {
      live = false;
      detach();
    };
  }, [docId, repository]);
  return state;
}
