import { readTask, type Task } from '@thongsuot/shared';
import type * as Y from 'yjs';
import { useLiveDoc } from '../store/use-live-doc.ts';

/** A task doc from the device, re-read on every change (see useLiveDoc). */
export function useTaskDoc(docId: string): { doc: Y.Doc | null; task: Task | null; loading: boolean } {
  const { doc, value, loading } = useLiveDoc(docId, (docs) => docs.open(docId), readTask);
  return { doc, task: value, loading };
}
