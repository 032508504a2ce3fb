import type * as Y from 'yjs';

/**
 * The layout of a person's private document (`user/<id>`), schema version 1; only that
 * person's devices hold it. Only the user doc model files import this.
 * - `meta`        Y.Map  schemaVersion, id
 * - `reminders`   Y.Map  reminderId -> Y.Map { text, dueAt, done, taskId, createdAt } per field,
 *                        so ticking "done" on the phone and editing the text on the desktop both stay
 * - `preferences` Y.Map  one key per preference
 * - `pins`        Y.Map  docId -> { at }
 * - `drafts`      Y.Map  draftId -> Y.Map { target, updatedAt, text: Y.Text }
 * - `groups`      Y.Map  groupId -> { name, unitIds, at }  saved recipient groups (LWW per group)
 * - `notificationReads` Y.Map  notificationId -> { at }  read marks of the notification center,
 *                        one key each so marks made on two devices both stay; the key `*` holds
 *                        { at } meaning "everything notified at or before `at` is read"
 */
export const USER_DOC_SCHEMA_VERSION = 1;

export const userMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const userReminders = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('reminders');
export const userPreferences = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('preferences');
export const userPins = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('pins');
export const userDrafts = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('drafts');
export const userGroups = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('groups');
export const userNotificationReads = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('notificationReads');
