import type * as Y from 'yjs';

/**
 * Every document carries `schemaVersion` in its `meta` map. A migration lifts a document one
 * version up by writing to it, so it must be deterministic and idempotent: two devices that
 * migrate the same document offline write the same values to the same keys, and the merge of
 * their writes is the migrated document again. Migrations never append to arrays.
 */
export interface Migration {
  readonly from: number;
  readonly to: number;
  readonly description: string;
  readonly up: (doc: Y.Doc) => void;
}

export type MigrationOutcome = 'empty' | 'current' | 'migrated' | 'too_new';

/** The marker a migration's transaction carries, so observers can tell it from a user's edit. */
export const MIGRATION_ORIGIN = 'thongsuot:migration';

export function schemaVersionOf(doc: Y.Doc): number | null {
  const value = doc.getMap('meta').get('schemaVersion');
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null;
}

/**
 * Brings `doc` to `current` by running `migrations` in order. A document newer than this
 * code is left untouched ('too_new'): an old client must not rewrite what it cannot read.
 */
export function migrateDoc(doc: Y.Doc, migrations: readonly Migration[], current: number): MigrationOutcome {
  const version = schemaVersionOf(doc);
  if (version === null) return 'empty';
  if (version > current) return 'too_new';
  if (version === current) return 'current';
  doc.transact(() => {
    let at = version;
    while (at < current) {
      const step = migrations.find((m) => m.from === at);
      if (!step) throw new Error(`no migration from schema version ${at}`);
      step.up(doc);
      doc.getMap('meta').set('schemaVersion', step.to);
      at = step.to;
    }
  }, MIGRATION_ORIGIN);
  return 'migrated';
}
