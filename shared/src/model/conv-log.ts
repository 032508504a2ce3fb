import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema } from '../validation/primitives.ts';
import { messagePeriod, PERIOD_PATTERN, PeriodSchema } from './conv-log-period.ts';
import { type ConversationMessage, ConversationMessageSchema } from './message.ts';
import { readPlainArray } from './y-read.ts';

/**
 * One month of a conversation's messages (`convlog/<convId>_<YYYYMM>`). A conversation's head
 * doc (`conv/<id>`) keeps who is in it and how far each has read; its messages live in one log
 * doc per month, so opening a long history decodes only its latest month(s) and the relay
 * checks a write against one month, not the whole history (docs/benchmarks.md, Conversations).
 * A log doc is read and written by exactly the readers of its head doc (the relay sees to it).
 *
 * Layout, schema version 1 (only this file touches it):
 * - `meta`     Y.Map   schemaVersion, convId, period
 * - `messages` Y.Array append-only messages, each in its month (by its `at`)
 */
export const CONV_LOG_SCHEMA_VERSION = 1;

const logMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
const logMessages = (doc: Y.Doc): Y.Array<unknown> => doc.getArray('messages');

const LOG_ID_PATTERN = /^(.+)_(\d{6})$/;

export { HEAD_PERIOD, messagePeriod, PeriodSchema, previousPeriod } from './conv-log-period.ts';

/** The id (without the `convlog/` kind) of a conversation's log for one month. */
export function convLogId(convId: string, period: string): string {
  parseOrThrow(PeriodSchema, period, 'period');
  return `${convId}_${period}`;
}

/** The conversation and month a log id names; null when it names none. */
export function parseConvLogId(id: string): { convId: string; period: string } | null {
  const match = LOG_ID_PATTERN.exec(id);
  if (!match || !PERIOD_PATTERN.test(match[2] ?? '') || !v.is(IdSchema, id)) return null;
  return { convId: match[1] ?? '', period: match[2] ?? '' };
}

export interface ConvLog {
  readonly convId: string;
  readonly period: string;
  readonly schemaVersion: number;
  /** In the order every replica agrees on. */
  readonly messages: readonly ConversationMessage[];
}

export const LogMetaSchema = v.object({
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(CONV_LOG_SCHEMA_VERSION)),
  convId: IdSchema,
  period: PeriodSchema,
});

/**
 * Appends a message to the log doc of its month, starting the log if needed. A message whose id
 * the log already holds (a retry) is not added again. Validates everything before writing.
 */
export function appendToLog(doc: Y.Doc, convId: string, message: ConversationMessage): void {
  const valid = parseOrThrow(ConversationMessageSchema, message, 'message');
  if (valid.text.trim() === '' && (valid.attachments ?? []).length === 0)
    throw new Error('a message needs text or a file');
  const period = messagePeriod(valid.at);
  const meta = logMeta(doc);
  const existing = v.safeParse(LogMetaSchema, meta.toJSON());
  if (existing.success && (existing.output.convId !== convId || existing.output.period !== period)) {
    throw new Error(`message of ${period} does not belong in log ${existing.output.convId}_${existing.output.period}`);
  }
  if (hasMessage(doc, valid.id)) return;
  doc.transact(() => {
    if (!existing.success) {
      // The same values from every device that starts this month's log, so concurrent starts agree.
      meta.set('schemaVersion', CONV_LOG_SCHEMA_VERSION);
      meta.set('convId', convId);
      meta.set('period', period);
    }
    logMessages(doc).push([{ ...valid }]);
  });
}

/**
 * Appends many messages of one month in one transaction (imports, benchmarks), each validated
 * and each once: ids the log already holds are skipped.
 */
export function appendManyToLog(doc: Y.Doc, convId: string, messages: readonly ConversationMessage[]): void {
  const held = new Set(logMessages(doc).map((m) => (m as { id?: unknown }).id));
  const fresh: ConversationMessage[] = [];
  for (const m of messages) {
    if (held.has(m.id)) continue;
    held.add(m.id);
    fresh.push(m);
  }
  if (fresh.length === 0) return;
  const [first, ...rest] = fresh;
  if (!first) return;
  // Checked before writing: a Yjs transaction is not undone by a throw.
  const valid = rest.map((m) => parseOrThrow(ConversationMessageSchema, m, 'message'));
  if (valid.some((m) => messagePeriod(m.at) !== messagePeriod(first.at))) throw new Error('messages of another month');
  doc.transact(() => {
    appendToLog(doc, convId, first);
    logMessages(doc).push(valid.map((m) => ({ ...m })));
  });
}

export function hasMessage(doc: Y.Doc, messageId: string): boolean {
  // Newest first: a retry is almost always of a recent message.
  const messages = logMessages(doc);
  for (let i = messages.length - 1; i >= 0; i--) {
    if ((messages.get(i) as { id?: unknown } | undefined)?.id === messageId) return true;
  }
  return false;
}

export function readConvLog(doc: Y.Doc): ConvLog | null {
  const meta = v.safeParse(LogMetaSchema, logMeta(doc).toJSON());
  if (!meta.success) return null;
  const messages = readPlainArray(logMessages(doc), ConversationMessageSchema);
  if (!messages) return null;
  return { ...meta.output, messages };
}

/**
 * A log without its messages, for the relay: which conversation and month it is, and how often
 * given message ids occur in it (a raw scan, no parsing). The relay checks the messages a write
 * adds, not the whole month again (docs/design.md §11).
 */
export interface ConvLogHead {
  readonly convId: string;
  readonly period: string;
  readonly schemaVersion: number;
  /** How many messages in the log carry each of `ids`, as the log stands when asked. */
  occurrences(ids: ReadonlySet<string>): Map<string, number>;
}

export function readConvLogHead(doc: Y.Doc): ConvLogHead | null {
  const meta = v.safeParse(LogMetaSchema, logMeta(doc).toJSON());
  if (!meta.success) return null;
  const messages = logMessages(doc);
  return { ...meta.output, occurrences: (ids) => countIds(messages, ids) };
}

function countIds(messages: Y.Array<unknown>, ids: ReadonlySet<string> | null): Map<string, number> {
  const counts = new Map<string, number>();
  messages.forEach((raw) => {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && (ids === null || ids.has(id))) counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return counts;
}

/** Every message id of a log with its count, per live Y.Array: see `readConvLogHeadForRelay`. */
const relayIdCounts = new WeakMap<Y.Array<unknown>, Map<string, number>>();

/**
 * `readConvLogHead` for the relay, whose month logs only grow and whose copy of a doc is thrown
 * away when a write is refused: the ids are counted once per copy, then each checked write's new
 * ids are added as it is checked, so a check costs the messages the write adds, not the month.
 * Asked after the write is applied, the counts include the write's own messages.
 */
export function readConvLogHeadForRelay(doc: Y.Doc): ConvLogHead | null {
  const head = readConvLogHead(doc);
  if (!head) return null;
  const messages = logMessages(doc);
  return {
    ...head,
    occurrences(ids) {
      const known = relayIdCounts.get(messages);
      if (!known) {
        const counted = countIds(messages, null);
        relayIdCounts.set(messages, counted);
        return new Map([...ids].map((id) => [id, counted.get(id) ?? 0]));
      }
      for (const id of ids) known.set(id, (known.get(id) ?? 0) + 1);
      return new Map([...ids].map((id) => [id, known.get(id) ?? 0]));
    },
  };
}

/**
 * Forgets the ids counted for a log's copy (`readConvLogHeadForRelay`): messages that reached
 * the copy without being checked here (another relay node's, taken into it) are counted anew.
 */
export function forgetRelayIdCounts(doc: Y.Doc): void {
  relayIdCounts.delete(logMessages(doc));
}

/** Only the messages, for views that already know which log they opened. */
export function readLogMessages(doc: Y.Doc): ConversationMessage[] {
  return readPlainArray(logMessages(doc), ConversationMessageSchema) ?? [];
}
