import { type Principal, unitPrincipal, userPrincipal } from '@thongsuot/shared/access/principal';
import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { linkSubAssignment, readSubAssignments } from '@thongsuot/shared/model/sub-assignment';
import { createTask, readTask, type Task } from '@thongsuot/shared/model/task';
import type * as Y from 'yjs';
import type { DocRepository } from '../store/doc-repository.ts';

export interface SubAssignment {
  readonly parentDoc: Y.Doc;
  readonly parent: Task;
  /** The assignment being handed down (the person's unit, or the person). */
  readonly recipientId: string;
  readonly issuer: { readonly id: string; readonly unitId: string };
  readonly people: readonly string[];
  readonly title: string;
  readonly body: string;
  readonly deadline: string;
  readonly at: number;
}

/** The issuer sides of every ancestor: they read the child and see its progress roll up. */
export function monitorsOf(parent: Task): Principal[] {
  const all = new Set<Principal>([...(parent.parent?.monitors ?? []), userPrincipal(parent.issuerId)]);
  all.add(unitPrincipal(parent.issuerUnitId));
  return [...all].slice(-64);
}

/**
 * Hands an assignment down (cascade): a child task to divisions' heads or people of the unit,
 * linked both ways — the child names its parent and the monitors above, the parent lists the
 * child under the assignment. The child keeps the parent's origin, so a directive from the
 * Government Office stays "from higher levels" all the way down.
 */
export async function subAssign(
  repository: DocRepository,
  input: SubAssignment,
  id: string = newId(),
): Promise<string> {
  const childDocId = makeDocId('task', id);
  const child = await repository.open(childDocId);
  // Each part only if missing: replayed after a crash (store/intents.ts), it completes, never doubles.
  if (readTask(child) === null)
    createTask(child, {
      id,
      title: input.title,
      body: input.body,
      issuerId: input.issuer.id,
      issuerUnitId: input.issuer.unitId,
      deadline: input.deadline,
      sourceLevel: input.parent.sourceLevel,
      priority: input.parent.priority,
      ...(input.parent.reference ? { reference: input.parent.reference } : {}),
      recipients: input.people.map((p) => ({ id: p, kind: 'person' as const })),
      parent: { taskId: input.parent.id, recipientId: input.recipientId, monitors: monitorsOf(input.parent) },
      at: input.at,
    });
  if (!readSubAssignments(input.parentDoc)?.some((s) => s.childTaskId === id))
    linkSubAssignment(input.parentDoc, {
      childTaskId: id,
      recipientId: input.recipientId,
      by: input.issuer.id,
      at: input.at,
      title: input.title,
    });
  await repository.flushed();
  return childDocId;
}
