import { readBulletin } from '@thongsuot/shared/model/bulletin';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { feedFor, publish, unseen } from './announcements.ts';
import { bulletinProjection } from './bulletin-projection.ts';

const WARD = { id: 'u-ward', unitId: 'phuong-a', unitKind: 'ward' as const };
const DEPT = { id: 'u-dept', unitId: 'so-a', unitKind: 'department' as const };

function cityBulletin(): Y.Doc {
  const doc = new Y.Doc();
  const base = { unitId: 'ubnd-tp', by: 'u-chutich', body: '', importance: 'urgent' as const };
  publish(doc, { ...base, title: 'Cho mọi người', audience: { kind: 'all' }, at: 10 });
  publish(doc, {
    ...base,
    title: 'Cho phường xã',
    audience: { kind: 'unit_kinds', unitKinds: ['ward', 'commune', 'special_zone'] },
    at: 20,
  });
  publish(doc, { ...base, title: 'Cho Sở A', audience: { kind: 'units', unitIds: ['so-a'] }, at: 30 });
  return doc;
}

describe('announcements', () => {
  it('are published on a bulletin created on first use, readable by all staff', () => {
    const doc = cityBulletin();
    const bulletin = readBulletin(doc);
    expect(bulletin?.audience).toEqual({ kind: 'all' });
    expect(bulletin?.announcements).toHaveLength(3);
  });

  it('reach each reader’s feed by their audience, newest first', () => {
    const rows = bulletinProjection(cityBulletin())?.rows ?? [];
    expect(rows.map((r) => r.key.startsWith('ubnd-tp/'))).toEqual([true, true, true]);
    expect(feedFor(rows, WARD, '2026-11-22').map((a) => a.title)).toEqual(['Cho phường xã', 'Cho mọi người']);
    expect(feedFor(rows, DEPT, '2026-11-22').map((a) => a.title)).toEqual(['Cho Sở A', 'Cho mọi người']);
  });

  it('are new to a reader until they look, never to their author', () => {
    const rows = bulletinProjection(cityBulletin())?.rows ?? [];
    const feed = feedFor(rows, WARD, '2026-11-22');
    expect(unseen(feed, WARD, 0)).toHaveLength(2);
    expect(unseen(feed, WARD, 15).map((a) => a.title)).toEqual(['Cho phường xã']);
    const author = { id: 'u-chutich', unitId: 'ubnd-tp', unitKind: 'city' as const };
    expect(unseen(feedFor(rows, author, '2026-11-22'), author, 0)).toEqual([]);
  });

  it('refuses an announcement without a title and writes nothing', () => {
    const doc = new Y.Doc();
    expect(() =>
      publish(doc, {
        unitId: 'ubnd-tp',
        by: 'u-chutich',
        title: '  ',
        body: '',
        importance: 'normal',
        audience: { kind: 'all' },
        at: 1,
      }),
    ).toThrow();
    expect(readBulletin(doc)).toBeNull();
  });
});
