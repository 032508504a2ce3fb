import {
  CityIndex,
  DEFAULT_NOW,
  DEMO_OFFICIALS,
  DEMO_PASSWORD,
  DEMO_SYSTEM_ROLES,
  generateCity,
  generateUnitPages,
  parseDocId,
  readUnitPage,
  unitPageReaders,
  withDemoOfficials,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { hashPassword } from '../auth/password.ts';
import type { AccountStore } from '../storage/account-store.ts';
import type { DocStore, DocWrite } from '../storage/doc-store.ts';

export interface DemoSeedOptions {
  /** Where the directory's unit docs go; without it only units and accounts are seeded. */
  readonly docs?: DocStore;
  /** About how many officials; the generator staffs every unit, so at least ~4,000. */
  readonly officials?: number;
  readonly seed?: number;
}

/**
 * Seeds the demo city when the database has no officials yet, and returns whether it did: the
 * generated city (all 189 units, every unit staffed) with the demo accounts in their seats
 * (org/demo-city.ts), and, given a store, every unit's directory page. One password hash for
 * everyone: scrypt at 32 MiB per hash would take minutes for thousands of demo accounts.
 */
export async function seedDemoCity(accounts: AccountStore, options: DemoSeedOptions = {}): Promise<boolean> {
  if (!accounts.isEmpty()) return false;
  const city = withDemoOfficials(
    generateCity({ seed: options.seed ?? 2026, officials: options.officials ?? 0 }),
    DEMO_OFFICIALS,
  );
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Several nodes started together on an empty database may each append the unit pages before one
  // of them seeds the accounts: Yjs merges the copies, at the cost of a second update per page.
  if (options.docs) {
    const writes: DocWrite[] = [];
    for (const { docId, update } of generateUnitPages(new CityIndex(city), DEFAULT_NOW)) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      const page = readUnitPage(doc);
      if (!page || parseDocId(docId)?.kind !== 'unit') throw new Error(`generated ${docId} is not a unit page`);
      writes.push({ docId, kind: 'unit', update, projection: { readers: unitPageReaders(page) }, audit: [] });
    }
    await options.docs.appendBatch(writes, DEFAULT_NOW);
  }
  // Accounts last, in one change: an interrupted seed leaves the database empty of officials, so
  // it runs again. On several nodes starting together, the first to take the log's lock seeds them.
  return accounts.change(() => {
    if (!accounts.isEmpty()) return false;
    accounts.insertUnits(city.units);
    accounts.insertAccounts(city.officials.map((o) => ({ ...o, passwordHash })));
    for (const [id, roles] of Object.entries(DEMO_SYSTEM_ROLES)) accounts.assignRoles(id, roles);
    return true;
  });
}
