import Dexie from 'dexie';
import { expect, it } from 'vitest';
import { LocalDb } from './local-db.ts';

it('a tab whose person signed out in another tab does not create the deleted database again', async () => {
  // Two tabs of one person; the other tab signs out and deletes the database.
  const here = new LocalDb('u-signout');
  await here.meta.put({ key: 'k', value: 1 } as never);
  await Dexie.delete(LocalDb.nameFor('u-signout'));
  // A query this tab had still coming (a live query, the sync engine) fails; nothing reappears.
  await expect(here.meta.get('k')).rejects.toThrow();
  expect(await Dexie.exists(LocalDb.nameFor('u-signout'))).toBe(false);
});
