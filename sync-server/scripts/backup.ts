import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir, restoreDataDir } from '../src/ops/backup.ts';

/**
 * Online backup and restore of a relay's data (docs/operations.md):
 *
 *   pnpm backup <empty target dir> [--data <data dir>] [--database <file>] [--blobs <blob dir>]
 *   pnpm backup --restore <backup dir> --data <new data dir>
 *
 * The backup runs beside a serving relay. Paths are relative to where `pnpm` was run.
 */
const base = process.env.INIT_CWD ?? process.cwd();
const USAGE =
  'Cách dùng: pnpm backup <thư mục sao lưu trống> [--data <thư mục dữ liệu>] [--database <tệp>] [--blobs <thư mục tệp>]\n' +
  '           pnpm backup --restore <thư mục sao lưu> --data <thư mục dữ liệu mới>';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const OPTIONS = {
  data: { type: 'string' },
  database: { type: 'string' },
  blobs: { type: 'string' },
  restore: { type: 'string' },
} as const;

function parse() {
  return parseArgs({ options: OPTIONS, allowPositionals: true });
}

// Several nodes keep the documents and the log of their own records in PostgreSQL: a node's data
// directory holds only its working copy, and its backup would miss every document.
if (process.env.DATABASE_URL) {
  fail(
    'Máy chủ này chạy nhiều nút trên PostgreSQL (DATABASE_URL): hãy sao lưu PostgreSQL bằng công cụ của nó (pg_dump hoặc lưu trữ WAL liên tục) và thư mục tệp đính kèm dùng chung (BLOB_DIR); `pnpm backup` dành cho một máy chủ SQLite.\n' +
      'This relay runs several nodes on PostgreSQL (DATABASE_URL): back up PostgreSQL with its own tools (pg_dump or continuous WAL archiving) and the shared BLOB_DIR; `pnpm backup` is for one SQLite node.',
  );
}

let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const dataDir = resolve(base, args.values.data ?? process.env.DATA_DIR ?? 'data');

try {
  if (args.values.restore !== undefined) {
    if (args.values.data === undefined || args.positionals.length > 0) fail(USAGE);
    const manifest = await restoreDataDir({ backup: resolve(base, args.values.restore), dataDir });
    process.stdout.write(
      `Đã khôi phục vào ${dataDir}: ${manifest.docs} tài liệu, ${manifest.updates} thay đổi, ${manifest.blobs} tệp (bản sao lưu lúc ${new Date(manifest.startedAt).toISOString()}).\n`,
    );
  } else {
    const [target] = args.positionals;
    if (!target || args.positionals.length > 1) fail(USAGE);
    const manifest = await backupDataDir({
      databasePath: args.values.database ? resolve(base, args.values.database) : resolve(dataDir, 'thongsuot.sqlite'),
      ...(args.values.blobs ? { blobDir: resolve(base, args.values.blobs) } : {}),
      target: resolve(base, target),
    });
    process.stdout.write(`${JSON.stringify(manifest)}\n`);
  }
} catch (error) {
  fail((error as Error).message);
}
