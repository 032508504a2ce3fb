import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rebuildAssignmentIndex } from '../src/dashboard/rebuild-index.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';

/**
 * Rebuilds the assignment index behind leaders' figures from the stored task docs
 * (docs/design.md §14, docs/operations.md):
 *
 *   pnpm backfill:assignments [--data <data dir>] [--database <file>]
 *
 * The relay does it by itself on its first start after the upgrade that added the index; this is
 * for an operator who wants to check or repair it. Run it with the relay stopped: it replaces the
 * whole table in one transaction. Paths are relative to where `pnpm` was run.
 */
const base = process.env.INIT_CWD ?? process.cwd();
const { values } = parseArgs({ options: { data: { type: 'string' }, database: { type: 'string' } } });
const databasePath = values.database
  ? resolve(base, values.database)
  : resolve(base, values.data ?? process.env.DATA_DIR ?? 'data', 'thongsuot.sqlite');
const db = openDatabase(databasePath);
try {
  const result = rebuildAssignmentIndex(db, Date.now());
  process.stdout.write(
    `Đã dựng lại chỉ mục phân công từ ${result.tasks} nhiệm vụ: ${result.rows} dòng, ${Math.round(result.ms)} ms (${databasePath}).\n`,
  );
} finally {
  db.close();
}
