import { DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS } from '@thongsuot/shared';
import { hashPassword } from '../auth/password.ts';
import type { AccountStore } from '../storage/account-store.ts';

/** Seeds the small demo city when the database has no officials yet. Returns whether it did. */
export async function seedDemoCity(accounts: AccountStore): Promise<boolean> {
  if (!accounts.isEmpty()) return false;
  accounts.insertUnits(DEMO_UNITS);
  const accountsWithHashes = [];
  for (const official of DEMO_OFFICIALS) {
    accountsWithHashes.push({ ...official, passwordHash: await hashPassword(DEMO_PASSWORD) });
  }
  accounts.insertAccounts(accountsWithHashes);
  return true;
}
