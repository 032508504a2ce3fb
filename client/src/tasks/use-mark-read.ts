import { ownAssignments, type Person, setAssignmentStatus, type Task } from '@thongsuot/shared';
import { useEffect } from 'react';
import type * as Y from 'yjs';

/**
 * Opening a task as (someone acting for) a recipient moves that assignment from `received` to
 * `read`. That change syncs like any other; the issuer's "seen by the recipient" is this fact
 * arriving from the server, never a guess.
 */
export function useMarkRead(doc: Y.Doc | null, task: Task | null, person: Person): void {
  const unread = task ? ownAssignments(person, task).filter((id) => statusOf(task, id) === 'received') : [];
  const key = unread.join(',');
  useEffect(() => {
    if (!doc || key === '') return;
    const at = Date.now();
    for (const recipientId of key.split(',')) setAssignmentStatus(doc, recipientId, 'read', person.id, at);
  }, [doc, key, person.id]);
}

function statusOf(task: Task, recipientId: string): string | undefined {
  return task.assignments.find((a) => a.recipientId === recipientId)?.status;
}
