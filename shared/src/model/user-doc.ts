import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { type Draft, readDrafts } from './draft.ts';
import { readNotificationReads } from './notification-reads.ts';
import { type Reminder, readReminders } from './reminder.ts';
import { USER_DOC_SCHEMA_VERSION, userMeta, userPins, userPreferences } from './user-doc-layout.ts';
import { readPlainMap, sortedEntries } from './y-read.ts';

/** A person's private document (`user/<id>`): reminders, preferences, pins, drafts and notification read marks. */
export const PreferencesSchema = v.object({
  language: v.optional(v.picklist(['vi', 'en']), 'vi'),
  theme: v.optional(v.picklist(['system', 'light', 'dark']), 'system'),
  notifications: v.optional(v.boolean(), true),
  /** The hour (0–23, local time) of the daily digest of what awaits me. */
  digestHour: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(23)), 7),
});
export type Preferences = v.InferOutput<typeof PreferencesSchema>;

export const PinSchema = v.object({ at: TimestampSchema });
const PinnedDocSchema = v.pipe(v.string(), v.regex(/^(task|conv|unit|bulletin)\/[A-Za-z0-9_-]{1,64}$/));

export interface Pin {
  readonly docId: string;
  readonly at: number;
}

export interface UserDoc {
  readonly id: string;
  readonly schemaVersion: number;
  readonly preferences: Preferences;
  readonly reminders: readonly Reminder[];
  readonly pins: readonly Pin[];
  readonly drafts: readonly Draft[];
}

export function createUserDoc(doc: Y.Doc, personId: string): void {
  parseOrThrow(IdSchema, personId, 'person id');
  doc.transact(() => {
    userMeta(doc).set('schemaVersion', USER_DOC_SCHEMA_VERSION);
    userMeta(doc).set('id', personId);
  });
}

/** Sets the given preferences, one key each, so changes on two devices to different ones both stay. */
export function setPreferences(doc: Y.Doc, patch: Partial<Preferences>): void {
  const valid = parseOrThrow(v.partial(PreferencesSchema), patch, 'preferences');
  doc.transact(() => {
    for (const [key, value] of Object.entries(valid)) if (value !== undefined) userPreferences(doc).set(key, value);
  });
}

export function pinDoc(doc: Y.Doc, docId: string, at: number): void {
  userPins(doc).set(parseOrThrow(PinnedDocSchema, docId, 'pinned doc'), { at });
}

export function unpinDoc(doc: Y.Doc, docId: string): void {
  userPins(doc).delete(docId);
}

export function readUserDoc(doc: Y.Doc): UserDoc | null {
  const version = userMeta(doc).get('schemaVersion');
  const id = userMeta(doc).get('id');
  if (typeof version !== 'number' || version < 1 || version > USER_DOC_SCHEMA_VERSION || !v.is(IdSchema, id))
    return null;
  const preferences = v.safeParse(PreferencesSchema, userPreferences(doc).toJSON());
  const pins = readPlainMap(userPins(doc), PinSchema);
  const reminders = readReminders(doc);
  const drafts = readDrafts(doc);
  // Read marks are read on their own (model/notification-reads.ts), but garbage there makes the doc invalid.
  if (!preferences.success || !pins || !reminders || !drafts || !readNotificationReads(doc)) return null;
  return {
    id,
    schemaVersion: version,
    preferences: preferences.output,
    reminders,
    pins: sortedEntries(pins)
      .map(([docId, p]) => ({ docId, at: p.at }))
      .sort((a, b) => b.at - a.at || (a.docId < b.docId ? -1 : 1)),
    drafts,
  };
}
