import * as v from 'valibot';
import type * as Y from 'yjs';
import { vietnamDate } from './vietnam-time.ts';

export { VIETNAM_OFFSET_MS, vietnamClock, vietnamDate } from './vietnam-time.ts';

/**
 * When the relay received each entry (docs/design.md §11). A device's time says when the work was
 * done on the device — offline work is real and keeps its time — but it is the device's claim.
 * The relay writes, in the same commit as the write that brought an entry, the time it received
 * it, under a Yjs client id only the relay writes with, into the `received` map of the doc:
 * `<root>/<key>` for keyed entries (`progress/<recipientId>/read`), `<root>/<id>` for entries
 * of an append-only list (`reports/<reportId>`), `meta/createdAt` for the doc itself. The first
 * receipt under a key stays, except for a task's stages and rounds (`progress/…`, `rounds/…`):
 * a stage recorded again after the issuer sent the work back is received again. Nobody else may write there, so the map travels with the doc to
 * every device and can be read offline like the rest.
 */
export const RELAY_CLIENT_ID = 0;
export const RECEIVED_ROOT = 'received';

/** Device and relay times further apart than this are both shown. */
export const TIME_DISAGREEMENT_MS = 5 * 60_000;

export function receiptKey(root: string, key: string): string {
  return `${root}/${key}`;
}

const TimeSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Every receipt in the doc by key; entries not yet received by the relay have none. */
export function readReceipts(doc: Y.Doc): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of doc.getMap(RECEIVED_ROOT).entries()) {
    if (v.is(TimeSchema, value)) out.set(key, value);
  }
  return out;
}

/** Receipts looked up one key at a time. */
export interface ReceiptLookup {
  get(key: string): number | undefined;
}

/**
 * The doc's receipts read one key at a time, straight from the `received` map: what a reader that
 * wants a few keys needs, without reading every receipt the doc holds (one per entry: the relay
 * projects a task on every write, and a long-lived task's map holds thousands).
 */
export function receiptLookup(doc: Y.Doc): ReceiptLookup {
  const received = doc.getMap(RECEIVED_ROOT);
  return {
    get: (key) => {
      const value = received.get(key);
      return v.is(TimeSchema, value) ? value : undefined;
    },
  };
}

/**
 * When the relay received each entry of an append-only list root, by the entry's id
 * (`messages` of a conversation or a month log; `reports`, `comments` of a task).
 */
export function receiptsOfList(doc: Y.Doc, root: string): Map<string, number> {
  const prefix = `${root}/`;
  const out = new Map<string, number>();
  for (const [key, value] of doc.getMap(RECEIVED_ROOT).entries()) {
    if (key.startsWith(prefix) && v.is(TimeSchema, value)) out.set(key.slice(prefix.length), value);
  }
  return out;
}

/** A time the relay vouches for when it has one, beside the device's own claim. */
export interface VouchedTime {
  /** What the device says. */
  readonly device: number;
  /** When the relay received it; null while only the device has it. */
  readonly relay: number | null;
}

/** The time that decides things: the relay's once it has one, the device's until then. */
export function decidingTime(time: VouchedTime): number {
  return time.relay ?? time.device;
}

/** Whether the two times differ enough that both should be shown. */
export function timesDisagree(time: VouchedTime): boolean {
  return time.relay !== null && Math.abs(time.relay - time.device) > TIME_DISAGREEMENT_MS;
}

/** Whether something done at `at` was done after the last day `deadline` allows (Vietnam time). */
export function afterDeadline(at: number, deadline: string): boolean {
  return vietnamDate(at) > deadline;
}
