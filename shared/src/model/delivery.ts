import * as v from 'valibot';
import type * as Y from 'yjs';
import { IdSchema, TimestampSchema } from '../validation/primitives.ts';
import type { TaskStatus } from './assignment.ts';
import { taskDeliveries } from './task-doc.ts';

/**
 * That a directive reached a recipient: written by the device of someone who acts for the
 * recipient (a clerk, a leader of the unit; the person) the first time it holds the task, under
 * `<recipientId>/<personId>`, so two colleagues' devices receiving it at once write two entries
 * and nobody's is overwritten (docs/design.md §11). "Đã nhận" means this happened on their side —
 * never that the issuer sent it. The relay stamps when it received each entry.
 */
export const DeliverySchema = v.object({ at: TimestampSchema, by: IdSchema });

export interface Delivery {
  readonly recipientId: string;
  readonly at: number;
  readonly by: string;
}

export function deliveryKey(recipientId: string, by: string): string {
  return `${recipientId}/${by}`;
}

/** Records that the task reached `by`'s device for `recipientId`; once per person and recipient. */
export function markDelivered(doc: Y.Doc, recipientId: string, by: string, at: number): boolean {
  const map = taskDeliveries(doc);
  const key = deliveryKey(recipientId, by);
  if (map.has(key)) return false;
  map.set(key, { at, by });
  return true;
}

/** Every delivery, oldest first; null when an entry is malformed or filed under another person's key. */
export function readDeliveries(doc: Y.Doc): Delivery[] | null {
  const out: Delivery[] = [];
  for (const [key, raw] of taskDeliveries(doc).entries()) {
    const parsed = v.safeParse(DeliverySchema, raw);
    const slash = key.lastIndexOf('/');
    if (!parsed.success || slash <= 0 || key.slice(slash + 1) !== parsed.output.by) return null;
    out.push({ recipientId: key.slice(0, slash), ...parsed.output });
  }
  return out.sort((a, b) => a.at - b.at || a.by.localeCompare(b.by));
}

/** The first delivery to each recipient. */
export function firstDeliveries(deliveries: readonly Delivery[]): Map<string, Delivery> {
  const out = new Map<string, Delivery>();
  for (const d of deliveries) {
    const known = out.get(d.recipientId);
    if (!known || d.at < known.at) out.set(d.recipientId, d);
  }
  return out;
}

/**
 * What a recipient's state reads as: "sent" (Chưa nhận) while the work has not reached any
 * device on their side and nobody there has acted on it, the assignment's own status otherwise.
 */
export type ShownStatus = 'sent' | TaskStatus;

export function shownStatus(
  assignment: { readonly recipientId: string; readonly status: TaskStatus; readonly round: number },
  delivered: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): ShownStatus {
  return assignment.status === 'received' && assignment.round === 0 && !delivered.has(assignment.recipientId)
    ? 'sent'
    : assignment.status;
}
