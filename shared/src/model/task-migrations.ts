import * as Y from 'yjs';
import { type Migration, type MigrationOutcome, migrateDoc } from './doc-version.ts';
import { progressKey, TASK_SCHEMA_VERSION, taskAssignments, taskMeta, taskProgress } from './task-doc.ts';

/**
 * v1 -> v2: each assignment's nested Y.Map { recipientKind, status, statusAt, statusBy } becomes
 * a plain { kind, at, by } plus the stage it had reached, recorded in `progress` in round 0.
 * Every value written is a function of the v1 content, so concurrent migrations agree.
 */
const v1ToV2: Migration = {
  from: 1,
  to: 2,
  description: 'assignments: one LWW status -> stages reached per round; meta gains sourceLevel and priority',
  up(doc) {
    const meta = taskMeta(doc);
    const createdAt = meta.get('createdAt');
    const issuerId = meta.get('issuerId');
    const at = typeof createdAt === 'number' ? createdAt : 0;
    const by = typeof issuerId === 'string' ? issuerId : 'unknown';
    if (!meta.has('sourceLevel')) meta.set('sourceLevel', 'city_people_committee');
    if (!meta.has('priority')) meta.set('priority', 'normal');
    const assignments = taskAssignments(doc);
    for (const [recipientId, entry] of [...assignments.entries()]) {
      if (!(entry instanceof Y.Map)) continue;
      const kind = entry.get('recipientKind');
      const status = entry.get('status');
      const statusAt = entry.get('statusAt');
      const statusBy = entry.get('statusBy');
      assignments.set(recipientId, { kind, at, by });
      if (typeof status === 'string' && status !== 'received') {
        taskProgress(doc).set(progressKey(recipientId, status), { at: statusAt, by: statusBy, round: 0 });
      }
    }
  },
};

export const TASK_MIGRATIONS: readonly Migration[] = [v1ToV2];

/** Lifts a task document to the current schema version (see doc-version.ts). */
export function migrateTask(doc: Y.Doc): MigrationOutcome {
  return migrateDoc(doc, TASK_MIGRATIONS, TASK_SCHEMA_VERSION);
}
