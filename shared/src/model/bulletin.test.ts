import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { currentAnnouncements, publishAnnouncement, withdrawAnnouncement } from './announcement.ts';
import { inAudience } from './audience.ts';
import { createBulletin, readBulletin } from './bulletin.ts';

describe('bulletin model', () => {
  it('lists current announcements by importance, hiding withdrawn and expired ones', () => {
    const doc = new Y.Doc();
    createBulletin(doc, 'ubnd-tp', { kind: 'all' });
    const base = { body: '', audience: { kind: 'all' as const }, by: 'u-chutich' };
    publishAnnouncement(doc, { ...base, id: 'a1', title: 'Lịch họp', importance: 'normal', at: 1 });
    publishAnnouncement(doc, {
      ...base,
      id: 'a2',
      title: 'Bão số 3',
      importance: 'urgent',
      at: 2,
      until: '2026-01-10',
    });
    publishAnnouncement(doc, { ...base, id: 'a3', title: 'Nghỉ lễ', importance: 'important', at: 3 });
    withdrawAnnouncement(doc, 'a3', 'u-chutich', 4);
    const b = readBulletin(doc);
    expect(b?.announcements.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
    expect(currentAnnouncements(b?.announcements ?? [], '2026-01-09').map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(currentAnnouncements(b?.announcements ?? [], '2026-01-11').map((a) => a.id)).toEqual(['a1']);
    expect(() => publishAnnouncement(doc, { ...base, id: 'a1', title: 'x', importance: 'normal', at: 5 })).toThrow(
      /exists/,
    );
  });

  it('matches audiences', () => {
    const ward = { unitId: 'phuong-ben-thanh', unitKind: 'ward' as const };
    expect(inAudience({ kind: 'unit_kinds', unitKinds: ['ward', 'commune'] }, ward)).toBe(true);
    expect(inAudience({ kind: 'units', unitIds: ['so-noi-vu'] }, ward)).toBe(false);
    expect(inAudience({ kind: 'all' }, ward)).toBe(true);
  });
});
