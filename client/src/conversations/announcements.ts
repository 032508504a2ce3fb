import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { AnnouncementSchema, type Importance, publishAnnouncement } from '@thongsuot/shared/model/announcement';
import type { Audience } from '@thongsuot/shared/model/audience';
import { inAudience } from '@thongsuot/shared/model/audience';
import { createBulletin, readBulletin } from '@thongsuot/shared/model/bulletin';
import type { UnitKind } from '@thongsuot/shared/org/org-unit';
import { parseOrThrow } from '@thongsuot/shared/validation/parse';
import type * as Y from 'yjs';
import type { AnnouncementRow, LocalDb } from '../store/local-db.ts';

/** The device's marker: announcements after it are new to this person. */
export const SEEN_KEY = 'announcementsSeenAt';

export interface NewAnnouncement {
  readonly unitId: string;
  readonly by: string;
  readonly title: string;
  readonly body: string;
  readonly importance: Importance;
  readonly audience: Audience;
  readonly at: number;
}

export function bulletinDocId(unitId: string): string {
  return makeDocId('bulletin', unitId);
}

/**
 * Publishes on the unit's bulletin (created on first use, readable by all staff: bulletins are
 * not for confidential content); the announcement's audience decides whose feed it reaches.
 * One Yjs transaction, so one outbox entry: offline it waits and is sent on reconnecting.
 */
export function publish(doc: Y.Doc, input: NewAnnouncement): string {
  const id = newId();
  const announcement = {
    id,
    title: input.title,
    body: input.body,
    importance: input.importance,
    audience: input.audience,
    by: input.by,
    at: input.at,
  };
  // Checked first: a Yjs transaction is not undone by a throw, so nothing may be half written.
  parseOrThrow(AnnouncementSchema, announcement, 'announcement');
  doc.transact(() => {
    if (readBulletin(doc) === null) createBulletin(doc, input.unitId, { kind: 'all' });
    publishAnnouncement(doc, announcement);
  });
  return id;
}

export interface Reader {
  readonly id: string;
  readonly unitId: string;
  readonly unitKind: UnitKind | undefined;
}

/** The reader a signed-in person is, with their unit's kind from this device's directory. */
export async function readerOf(db: LocalDb, person: { readonly id: string; readonly unitId: string }): Promise<Reader> {
  const unit = await db.units.get(person.unitId);
  return { id: person.id, unitId: person.unitId, unitKind: unit?.kind as UnitKind | undefined };
}

/** What a person's feed shows today: for them, not withdrawn, not expired; newest first. */
export function feedFor(rows: readonly AnnouncementRow[], reader: Reader, today: string): AnnouncementRow[] {
  return rows
    .filter((a) => a.withdrawnAt === null && (a.until === undefined || a.until >= today))
    .filter(
      (a) =>
        a.unitId === reader.unitId ||
        a.by === reader.id ||
        (reader.unitKind !== undefined &&
          inAudience(a.audience as Audience, { unitId: reader.unitId, unitKind: reader.unitKind })),
    )
    .sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
}

/** New to the reader: published after they last looked, by someone else. */
export function unseen(feed: readonly AnnouncementRow[], reader: Reader, seenAt: number): AnnouncementRow[] {
  return feed.filter((a) => a.at > seenAt && a.by !== reader.id);
}
