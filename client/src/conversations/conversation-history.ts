import { HEAD_PERIOD } from '@thongsuot/shared/model/conv-log';
import { type ConversationMessage, markerPeriod, type ReadMarker } from '@thongsuot/shared/model/message';

/**
 * The part of a conversation the view has opened, in the order every device agrees on: month by
 * month (the head doc's own messages, period '', first), each month in its log's order.
 */
export interface History {
  readonly messages: readonly ConversationMessage[];
  /** The period of each message, in step with `messages`. */
  readonly periods: readonly string[];
  /**
   * When the relay received each message (its receipt in the doc, docs/design.md §11), in step
   * with `messages`; null while the device has no receipt for it: then it is not known to be on
   * the server, whatever the outbox says.
   */
  readonly received: readonly (number | null)[];
}

export interface Segment {
  readonly period: string;
  readonly messages: readonly ConversationMessage[];
  /** The relay's receipts of the segment's messages, by message id. */
  readonly received?: ReadonlyMap<string, number>;
}

/** The opened segments (any order) as one history. */
export function joinSegments(segments: readonly Segment[]): History {
  const sorted = [...segments].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const messages: ConversationMessage[] = [];
  const periods: string[] = [];
  const received: (number | null)[] = [];
  for (const s of sorted) {
    for (const m of s.messages) {
      messages.push(m);
      periods.push(s.period);
      received.push(s.received?.get(m.id) ?? null);
    }
  }
  return { messages, periods, received };
}

/**
 * The order a thread is shown in: by the time each author wrote (the device's time), so a message
 * written offline at 19:23 sits above one written at 20:22 even when it reached the server later;
 * ties keep the log's order. Messages stay within their month (a month log holds the messages
 * written in it). Returns indexes into the history; read markers keep the log's order.
 */
export function displayOrder(history: History): number[] {
  return history.messages
    .map((_, i) => i)
    .sort((a, b) => {
      const pa = history.periods[a] ?? '';
      const pb = history.periods[b] ?? '';
      if (pa !== pb) return pa < pb ? -1 : 1;
      return (history.messages[a]?.at ?? 0) - (history.messages[b]?.at ?? 0) || a - b;
    });
}

/**
 * Up to which message of the history a read marker reaches (-1: none of it). A marker whose
 * message is not opened here (an earlier month, or a message still on its way) reaches the end
 * of its month: everything of that month and before is read.
 */
export function markerIndex(
  history: History,
  marker: ReadMarker | undefined,
  indexOf?: ReadonlyMap<string, number>,
): number {
  if (!marker) return -1;
  const found = indexOf ? indexOf.get(marker.messageId) : history.messages.findIndex((m) => m.id === marker.messageId);
  if (found !== undefined && found >= 0) return found;
  const period = markerPeriod(marker);
  let last = -1;
  for (let i = 0; i < history.periods.length && (history.periods[i] ?? '') <= period; i++) last = i;
  return last;
}

/** A marker at the history's message `index`, made at `at`. */
export function markerAt(history: History, index: number, at: number): ReadMarker | null {
  const message = history.messages[index];
  const period = history.periods[index];
  if (!message || period === undefined) return null;
  return { messageId: message.id, at, ...(period === HEAD_PERIOD ? {} : { period }) };
}

/** How many messages the first screen needs at most (more than fit on a desktop's screen). */
export const FIRST_SCREEN = 40;

/**
 * The earliest period to open so the first screen is full: the latest months, going back until
 * they hold FIRST_SCREEN messages (or there is nothing earlier). HEAD_PERIOD when that is all.
 */
export function firstScreenFrom(segments: readonly { period: string; count: number }[]): string {
  const latestFirst = [...segments].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
  let total = 0;
  let from = HEAD_PERIOD;
  for (const s of latestFirst) {
    from = s.period;
    total += s.count;
    if (total >= FIRST_SCREEN) break;
  }
  return from;
}

/** The period before `from` that holds messages, or null when `from` is the earliest. */
export function earlierPeriod(periods: readonly string[], from: string): string | null {
  let best: string | null = null;
  for (const p of periods) if (p < from && (best === null || p > best)) best = p;
  return best;
}
