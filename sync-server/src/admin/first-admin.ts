import { cityUnits, type OrgUnit } from '@thongsuot/shared';
import { AuditLog } from '../audit/audit-log.ts';
import { AccountStore } from '../storage/account-store.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import { newAccountId } from './account-admin.ts';
import { AdminStore } from './admin-store.ts';
import { hashAll, temporaryPassword } from './temporary-password.ts';
import { USERNAME_PATTERN } from './usernames.ts';

export type FirstAdmin =
  | { readonly username: string; readonly unitName: string; readonly temporaryPassword: string; readonly id: string }
  | { readonly error: string };

/**
 * Creates an administrator from the command line (`pnpm admin:create`), on a fresh database too:
 * its unit must exist, or be one of the city's units (org/city-structure.ts), which is then added
 * with its parent units (the console creates the unit's directory page with its first people).
 * The account gets a temporary password to change at the first sign-in; the action is audited.
 */
export async function createFirstAdmin(
  db: SqliteDatabase,
  input: { username: string; unitId: string; fullName: string; now?: number },
): Promise<FirstAdmin> {
  const username = input.username.trim().toLowerCase();
  const fullName = input.fullName.replace(/\s+/g, ' ').trim();
  if (!USERNAME_PATTERN.test(username)) {
    return {
      error: `Tên đăng nhập “${input.username}” chỉ được gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–64 ký tự).`,
    };
  }
  if (fullName === '' || fullName.length > 120) return { error: 'Hãy ghi họ và tên (tối đa 120 ký tự).' };
  const store = new AdminStore(db);
  if (store.usernameTaken(username)) return { error: `Tên đăng nhập “${username}” đã có người dùng.` };
  let unit: OrgUnit | null = store.unit(input.unitId);
  if (!unit) {
    const city = cityUnits();
    const known = city.find((u) => u.id === input.unitId);
    if (!known) {
      return {
        error: `Không có đơn vị “${input.unitId}”. Hãy dùng một mã đơn vị có sẵn, ví dụ vp-ubnd (Văn phòng Ủy ban nhân dân Thành phố).`,
      };
    }
    const chain: OrgUnit[] = [];
    for (let u: OrgUnit | undefined = known; u && !store.unit(u.id); u = city.find((x) => x.id === u?.parentId)) {
      chain.unshift(u);
    }
    for (const u of chain) await store.insertUnit(u);
    unit = known;
  } else if (store.unit(unit.id)?.mergedInto) {
    return { error: `Đơn vị “${unit.name}” đã sáp nhập; hãy chọn đơn vị còn hoạt động.` };
  }
  const password = temporaryPassword();
  const [passwordHash] = await hashAll([password]);
  const id = newAccountId();
  await store.insertAccounts([
    {
      id,
      username,
      fullName,
      position: 'Quản trị hệ thống',
      rank: 5,
      unitId: unit.id,
      division: '',
      phone: '',
      email: '',
      passwordHash: passwordHash as string,
    },
  ]);
  await new AccountStore(db).setRoles(id, ['admin']);
  await new AuditLog(db, () => input.now ?? Date.now()).record({
    actorId: null,
    action: 'admin.account.create',
    detail: `${username} (${id}) ${fullName}, ${unit.name}, quản trị hệ thống (pnpm admin:create)`,
  });
  return { id, username, unitName: unit.name, temporaryPassword: password };
}
