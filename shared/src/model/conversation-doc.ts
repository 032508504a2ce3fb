import type * as Y from 'yjs';

/**
 * The layout of a conversation document (`conv/<id>`), schema version 1. Only the
 * conversation model files import this.
 * - `meta`     Y.Map   schemaVersion, id, kind, createdAt, createdBy, taskId, title (LWW per key)
 * - `members`  Y.Map   personId -> { role, active, at, by }   one key per member
 * - `messages` Y.Array append-only messages
 * - `read`     Y.Map   personId -> { messageId, at }          each member writes only their own
 */
export const CONVERSATION_SCHEMA_VERSION = 1;

export const convMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const convMembers = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('members');
export const convMessages = (doc: Y.Doc): Y.Array<unknown> => doc.getArray('messages');
export const convReadMarkers = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('read');
