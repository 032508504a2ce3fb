import type * as Y from 'yjs';

/**
 * The layout of a unit's bulletin (`bulletin/<unitId>`), schema version 1. Only the bulletin
 * model files import this.
 * - `meta`          Y.Map schemaVersion, unitId, audience (who may read the doc)
 * - `announcements` Y.Map announcementId -> announcement, written once
 * - `withdrawn`     Y.Map announcementId -> { at, by }
 */
export const BULLETIN_SCHEMA_VERSION = 1;

export const bulletinMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const bulletinAnnouncements = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('announcements');
export const bulletinWithdrawn = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('withdrawn');
