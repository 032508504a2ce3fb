import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema } from '../validation/primitives.ts';
import { type PostedAnnouncement, readAnnouncements } from './announcement.ts';
import { type Audience, AudienceSchema } from './audience.ts';
import { BULLETIN_SCHEMA_VERSION, bulletinMeta } from './bulletin-doc.ts';

/**
 * A unit's bulletin (`bulletin/<unitId>`): its announcements to its audience. A document is
 * all-or-nothing for access (docs/design.md §1), so the audience that may read is the bulletin's;
 * an announcement's own audience only narrows who is notified. Bulletins are not for
 * confidential content: that belongs in a task or a conversation.
 */
export interface Bulletin {
  readonly unitId: string;
  readonly schemaVersion: number;
  readonly audience: Audience;
  readonly announcements: readonly PostedAnnouncement[];
}

export function createBulletin(doc: Y.Doc, unitId: string, audience: Audience): void {
  parseOrThrow(IdSchema, unitId, 'unit id');
  const valid = parseOrThrow(AudienceSchema, audience, 'audience');
  doc.transact(() => {
    bulletinMeta(doc).set('schemaVersion', BULLETIN_SCHEMA_VERSION);
    bulletinMeta(doc).set('unitId', unitId);
    bulletinMeta(doc).set('audience', valid);
  });
}

export function setBulletinAudience(doc: Y.Doc, audience: Audience): void {
  bulletinMeta(doc).set('audience', parseOrThrow(AudienceSchema, audience, 'audience'));
}

export function readBulletin(doc: Y.Doc): Bulletin | null {
  const meta = bulletinMeta(doc);
  const version = meta.get('schemaVersion');
  const unitId = meta.get('unitId');
  const audience = v.safeParse(AudienceSchema, meta.get('audience'));
  if (typeof version !== 'number' || version < 1 || version > BULLETIN_SCHEMA_VERSION) return null;
  if (!v.is(IdSchema, unitId) || !audience.success) return null;
  const announcements = readAnnouncements(doc);
  if (!announcements) return null;
  return { unitId, schemaVersion: version, audience: audience.output, announcements };
}
