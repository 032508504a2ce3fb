import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createFirstAdmin } from '../src/admin/first-admin.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';

/**
 * The first administrator of a fresh database (docs/operations.md "Administration"):
 *
 *   pnpm admin:create <username> <unitId> "<Full name>" [--data <data dir>] [--database <file>]
 *
 * Prints a temporary password, shown once; it must be changed at the first sign-in. Safe while
 * the relay runs (it writes only the accounts tables). Paths are relative to where `pnpm` was run.
 */
const base = process.env.INIT_CWD ?? process.cwd();
const USAGE =
  'Cách dùng: pnpm admin:create <tên đăng nhập> <mã đơn vị> "<Họ và tên>" [--data <thư mục dữ liệu>] [--database <tệp>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: { data: { type: 'string' }, database: { type: 'string' } },
    allowPositionals: true,
  });
}
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const [username, unitId, fullName, ...rest] = args.positionals;
if (!username || !unitId || !fullName || rest.length > 0) fail(USAGE);
const databasePath = args.values.database
  ? resolve(base, args.values.database)
  : resolve(base, args.values.data ?? process.env.DATA_DIR ?? 'data', 'thongsuot.sqlite');

const db = openDatabase(databasePath);
try {
  const created = await createFirstAdmin(db, { username, unitId, fullName });
  if ('error' in created) fail(created.error);
  process.stdout.write(
    `Đã tạo quản trị viên ${created.username} (${created.unitName}).\n` +
      `Mật khẩu tạm: ${created.temporaryPassword}\n` +
      'Mật khẩu này chỉ hiện một lần; người dùng phải đặt mật khẩu mới khi đăng nhập lần đầu.\n',
  );
} finally {
  db.close();
}
