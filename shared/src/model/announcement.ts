import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, CalendarDateSchema, IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { AudienceSchema } from './audience.ts';
import { bulletinAnnouncements, bulletinWithdrawn } from './bulletin-doc.ts';
import { parsePlainEntry } from './y-read.ts';

/**
 * An announcement: written once by a leader of the unit, withdrawn (never edited in place), so
 * what was announced stays on record. A correction is a new announcement.
 */
export const IMPORTANCES = ['normal', 'important', 'urgent'] as const;
export type Importance = (typeof IMPORTANCES)[number];

export const AnnouncementSchema = v.object({
  id: IdSchema,
  title: nonBlankText(300),
  body: boundedText(50_000),
  importance: v.picklist(IMPORTANCES),
  /** Narrows who is notified and sees it in their feed; the doc's audience decides who may read. */
  audience: AudienceSchema,
  by: IdSchema,
  at: TimestampSchema,
  /** The last day it is shown. */
  until: v.optional(CalendarDateSchema),
});
export type Announcement = v.InferOutput<typeof AnnouncementSchema>;

export const WithdrawalSchema = v.object({ at: TimestampSchema, by: IdSchema });

export function publishAnnouncement(doc: Y.Doc, announcement: Announcement): void {
  const valid = parseOrThrow(AnnouncementSchema, announcement, 'announcement');
  if (bulletinAnnouncements(doc).has(valid.id)) throw new Error(`announcement ${valid.id} exists`);
  bulletinAnnouncements(doc).set(valid.id, { ...valid });
}

export function withdrawAnnouncement(doc: Y.Doc, id: string, by: string, at: number): void {
  if (!bulletinAnnouncements(doc).has(id)) throw new Error(`no announcement ${id}`);
  bulletinWithdrawn(doc).set(id, { at, by });
}

export interface PostedAnnouncement extends Announcement {
  readonly withdrawnAt: number | null;
}

/** Newest first; null if an entry is malformed. */
export function readAnnouncements(doc: Y.Doc): PostedAnnouncement[] | null {
  const out: PostedAnnouncement[] = [];
  for (const [id, raw] of bulletinAnnouncements(doc).entries()) {
    // Parsed once per stored entry (y-read.ts): the relay reads the whole bulletin on every write.
    const parsed = parsePlainEntry(AnnouncementSchema, raw);
    if (parsed === undefined || parsed.id !== id) return null;
    const withdrawal = bulletinWithdrawn(doc).get(id);
    const withdrawn = withdrawal === undefined ? null : parsePlainEntry(WithdrawalSchema, withdrawal);
    if (withdrawn === undefined) return null;
    out.push({ ...parsed, withdrawnAt: withdrawn ? withdrawn.at : null });
  }
  return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

/** What a reader sees today: not withdrawn, not expired, newest and most important first. */
export function currentAnnouncements(all: readonly PostedAnnouncement[], today: string): PostedAnnouncement[] {
  const weight = (a: PostedAnnouncement) => IMPORTANCES.indexOf(a.importance);
  return all
    .filter((a) => a.withdrawnAt === null && (a.until === undefined || a.until >= today))
    .sort((a, b) => weight(b) - weight(a) || b.at - a.at);
}
