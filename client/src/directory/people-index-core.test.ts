// The directory's index as its worker runs it (people-index-core.ts), on a real IndexedDB
// (fake-indexeddb) written by the app's own store.
import { describe, expect, it } from 'vitest';
import { type DirectoryOfficialRow, LocalDb } from '../store/local-db.ts';
import { type PeopleAnswer, PeopleIndexCore } from './people-index-core.ts';

const person = (id: string, fullName: string, unitId: string, rank?: number): DirectoryOfficialRow => ({
  id,
  fullName,
  position: rank === 1 ? 'Chủ tịch' : 'Chuyên viên',
  unitId,
  phone: '',
  email: '',
  ...(rank === undefined ? {} : { rank }),
});

describe('PeopleIndexCore', () => {
  it('loads what the device stored, answers without diacritics, leaders first, the total beyond the limit', async () => {
    const db = new LocalDb(`index-core-${Math.random()}`);
    await db.units.bulkPut([
      { id: 'phuong-ben-thanh', name: 'Phường Bến Thành', kind: 'ward', parentId: null },
      { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', parentId: null },
      { id: 'xa-can-gio', name: 'Xã Cần Giờ', kind: 'commune', parentId: null },
      { id: 'ubnd', name: 'Ủy ban nhân dân Thành phố', kind: 'city', parentId: null },
      { id: 'dac-khu-con-dao', name: 'Đặc khu Côn Đảo', kind: 'special_zone', parentId: null },
      { id: 'phuong-an-lac', name: 'Phường An Lạc', kind: 'ward', parentId: null },
    ]);
    await db.officials.bulkPut([
      person('a', 'Nguyễn Văn An', 'phuong-ben-thanh'),
      person('b', 'Trần Thị Bình', 'phuong-ben-thanh', 1),
      person('c', 'Lê Văn Cường', 'so-noi-vu'),
      person('d', 'Phạm Thị Dung', 'phuong-ben-thanh'),
    ]);
    const core = new PeopleIndexCore();
    // The units in Vietnamese order: Đ after D (not after Z as code points put it), Ủ with U.
    expect(await core.handle({ kind: 'load', dbName: db.name })).toEqual({
      count: 4,
      unitOrder: ['dac-khu-con-dao', 'phuong-an-lac', 'phuong-ben-thanh', 'so-noi-vu', 'ubnd', 'xa-can-gio'],
    });

    const ward = (await core.handle({ kind: 'search', query: 'ben thanh', limit: 2 })) as PeopleAnswer;
    expect(ward.total).toBe(3);
    expect(ward.people.map((p) => p.id)).toEqual(['b', 'a']);
    const named = (await core.handle({ kind: 'search', query: 'cuong', limit: 10 })) as PeopleAnswer;
    expect(named.people.map((p) => p.fullName)).toEqual(['Lê Văn Cường']);

    // A load after more was stored (a part of the download) replaces what was loaded.
    await db.officials.delete('c');
    await db.officials.put(person('e', 'Võ Văn Em', 'so-noi-vu'));
    await core.handle({ kind: 'load', dbName: db.name });
    expect(((await core.handle({ kind: 'search', query: 'cuong', limit: 10 })) as PeopleAnswer).total).toBe(0);
    expect(((await core.handle({ kind: 'search', query: 'vo van', limit: 10 })) as PeopleAnswer).total).toBe(1);
    db.close();
  });

  it('never creates the person’s database again by loading from it after it was deleted (signed out)', async () => {
    const name = `index-core-gone-${Math.random()}`;
    expect(await new PeopleIndexCore().handle({ kind: 'load', dbName: name })).toEqual({ count: 0, unitOrder: [] });
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
  });

  it('answers nothing before anything is loaded', async () => {
    expect(await new PeopleIndexCore().handle({ kind: 'search', query: 'an', limit: 5 })).toEqual({
      total: 0,
      people: [],
    });
  });
});
