import { describe, expect, it } from 'vitest';
import { auditQuery, vietnamDayStart } from './audit-api.ts';

describe('the audit filter as the relay reads it', () => {
  it('takes days in Vietnam time: a day starts at 17:00 UTC the day before', () => {
    expect(new Date(vietnamDayStart('2026-12-01')).toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('sends only what was filled in, the end day inclusive, and the page', () => {
    const q = new URLSearchParams(
      auditQuery({ person: ' benthanh ', unitId: '', fromDate: '2026-11-01', toDate: '2026-11-30' }, 100, 42),
    );
    expect(Object.fromEntries(q)).toEqual({
      person: 'benthanh',
      from: String(Date.UTC(2026, 9, 31, 17)),
      to: String(Date.UTC(2026, 10, 30, 17)),
      limit: '100',
      before: '42',
    });
  });

  it('reads dates typed in the wrong order as the range they name', () => {
    const q = new URLSearchParams(auditQuery({ fromDate: '2026-11-30', toDate: '2026-11-01' }, 10));
    expect(Number(q.get('from'))).toBe(Date.UTC(2026, 9, 31, 17));
    expect(Number(q.get('to'))).toBe(Date.UTC(2026, 10, 30, 17));
  });
});
