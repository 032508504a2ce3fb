// The directory's rows from a unit page (unit-projection.ts) on a real IndexedDB (fake-indexeddb):
// the version that makes the search rebuild moves only when the rows do.
import { describe, expect, it } from 'vitest';
import { LocalDb } from '../store/local-db.ts';
import { DIRECTORY_VERSION_KEY, type UnitProjection, writeUnitProjection } from './unit-projection.ts';

const page = (people: { id: string; fullName: string; phone?: string }[]): UnitProjection => ({
  unit: {
    id: 'phuong-ben-thanh',
    name: 'Phường Bến Thành',
    kind: 'ward',
    parentId: null,
    divisions: [],
    admins: [],
    people: people.length,
    clerks: [],
  },
  officials: people.map((p) => ({
    id: p.id,
    fullName: p.fullName,
    position: 'Chuyên viên',
    unitId: 'phuong-ben-thanh',
    phone: p.phone ?? '',
    email: '',
    rank: undefined,
    positionId: undefined,
  })),
});

describe('writeUnitProjection', () => {
  it('writes and moves the version only when the rows change', async () => {
    const db = new LocalDb(`unit-projection-${Math.random()}`);
    const version = async () => db.getMeta<number>(DIRECTORY_VERSION_KEY);
    const write = (projection: UnitProjection) =>
      db.transaction('rw', db.units, db.officials, db.meta, () => writeUnitProjection(db, projection));
    const two = [
      { id: 'a', fullName: 'Nguyễn Văn An' },
      { id: 'b', fullName: 'Trần Thị Bình' },
    ];

    await write(page(two));
    expect(await version()).toBe(1);
    // The same page again (a reconnection re-applies it), its people in another order.
    await write(page([...two].reverse()));
    expect(await version()).toBe(1);

    // A phone changes: written, and the version moves.
    await write(
      page([two[0] as { id: string; fullName: string }, { id: 'b', fullName: 'Trần Thị Bình', phone: '0908' }]),
    );
    expect(await version()).toBe(2);
    expect((await db.officials.get('b'))?.phone).toBe('0908');

    // Someone leaves: gone from the list.
    await write(page([two[0] as { id: string; fullName: string }]));
    expect(await version()).toBe(3);
    expect(await db.officials.get('b')).toBeUndefined();

    // Rows stored with their keys in another order (the download writes them so) are the same rows.
    const reordered = page([two[0] as { id: string; fullName: string }]);
    await db.officials.put(Object.fromEntries(Object.entries(reordered.officials[0] ?? {}).reverse()) as never);
    await write(reordered);
    expect(await version()).toBe(3);
    db.close();
  });
});
