import type * as Y from 'yjs';

/**
 * The layout of a task document (`task/<id>`), schema version 2. Only the files of the task
 * model import this; everything else goes through their typed accessors.
 *
 * Plain values in flat maps, so that every concurrent edit lands on its own key:
 * - `meta`        Y.Map   schemaVersion, id, issuerId, issuerUnitId, sourceLevel, priority,
 *                         reference, createdAt, deadline, parent — each field its own key (LWW)
 * - `title`,`body` Y.Text merged per character
 * - `assignments` Y.Map   recipientId -> { kind, at, by }            written once per recipient
 * - `membership`  Y.Map   recipientId -> { active, at, by }          removal and re-adding (LWW)
 * - `progress`    Y.Map   `<recipientId>/<stage>` -> { at, by, round } stages reached
 * - `rounds`      Y.Map   recipientId -> { n, at, by }               the issuer sending work back
 * - `deliveries`  Y.Map   `<recipientId>/<personId>` -> { at, by }   reached a device on their side
 * - `reports`     Y.Array progress reports, append-only
 * - `extensions`  Y.Map   requestId -> extension request             written once
 * - `decisions`   Y.Map   requestId -> decision                      LWW
 * - `children`    Y.Map   childTaskId -> sub-assignment link
 * - `comments`    Y.Array append-only
 * - `watchers`    Y.Map   principal -> { at, by }
 * - `events`      Y.Array append-only event log
 *
 * Version 1 stored each assignment as a nested Y.Map { recipientKind, status, statusAt,
 * statusBy }; a status was one LWW value, so two members of a unit could move it backwards
 * by merging. Version 2 records each stage reached and derives the status (assignment.ts).
 */
export const TASK_SCHEMA_VERSION = 2;

export const taskMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const taskTitleText = (doc: Y.Doc): Y.Text => doc.getText('title');
export const taskBodyText = (doc: Y.Doc): Y.Text => doc.getText('body');
export const taskAssignments = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('assignments');
export const taskMembership = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('membership');
export const taskProgress = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('progress');
export const taskRounds = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('rounds');
export const taskDeliveries = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('deliveries');
export const taskReports = (doc: Y.Doc): Y.Array<unknown> => doc.getArray('reports');
export const taskExtensions = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('extensions');
export const taskDecisions = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('decisions');
export const taskChildren = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('children');
export const taskComments = (doc: Y.Doc): Y.Array<unknown> => doc.getArray('comments');
export const taskWatchers = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('watchers');
export const taskEvents = (doc: Y.Doc): Y.Array<unknown> => doc.getArray('events');

export function progressKey(recipientId: string, stage: string): string {
  return `${recipientId}/${stage}`;
}
