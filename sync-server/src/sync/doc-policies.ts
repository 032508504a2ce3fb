import {
  type ChangeVerdict,
  checkTaskChange,
  type DocKind,
  type Person,
  type Principal,
  readTask,
  taskReaders,
} from '@thongsuot/shared';
import type * as Y from 'yjs';
import type { AuditEntry, DocProjection } from '../storage/doc-store.ts';

/**
 * What the relay needs to know about one kind of doc: how to project it, who may read it, and
 * whether a person may make a given change. Kinds without a policy refuse every write.
 */
export interface DocPolicy<P> {
  project(doc: Y.Doc): P | null;
  check(person: Person, before: P | null, after: P | null): ChangeVerdict;
  projection(after: P): DocProjection;
  audit(person: Person, docId: string, before: P | null, after: P): AuditEntry[];
}

const taskPolicy: DocPolicy<ReturnType<typeof readTask> & object> = {
  project: readTask,
  check: checkTaskChange,
  projection(task) {
    return {
      readers: taskReaders(task),
      task: {
        title: task.title,
        issuerId: task.issuerId,
        issuerUnitId: task.issuerUnitId,
        deadline: task.deadline,
        recipients: task.assignments.map((a) => a.recipientId),
      },
    };
  },
  audit(person, docId, before, after) {
    if (before === null) {
      return [
        {
          actorId: person.id,
          action: 'task.assign',
          docId,
          detail: after.assignments.map((a) => a.recipientId).join(','),
        },
      ];
    }
    if (before.deadline !== after.deadline) {
      return [{ actorId: person.id, action: 'task.deadline', docId, detail: after.deadline }];
    }
    return [];
  },
};

export const DOC_POLICIES: Partial<Record<DocKind, DocPolicy<unknown>>> = {
  task: taskPolicy as DocPolicy<unknown>,
};

export function readersOf(projection: DocProjection): ReadonlySet<Principal> {
  return new Set(projection.readers);
}
