import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../store/local-db.ts';
import { matches, NO_FILTERS } from './filters.ts';

const row: TaskRow = {
  docId: 'task/a',
  title: 'Chỉ thị',
  deadline: '2026-01-20',
  issuerId: 'u-chair',
  issuerUnitId: 'ubnd-tp',
  recipientIds: ['phuong-a', 'phuong-b'],
  statuses: ['in_progress', 'reported'],
  deadlines: ['2026-01-10', '2026-01-20'],
  createdAt: 1,
  sourceLevel: 'government_office',
};
const TODAY = '2026-01-15';

describe('inbox filters', () => {
  it('filter by source, unit, status, deadline', () => {
    expect(matches(row, NO_FILTERS, TODAY, [])).toBe(true);
    expect(matches(row, { ...NO_FILTERS, source: 'department' }, TODAY, [])).toBe(false);
    expect(matches(row, { ...NO_FILTERS, unit: 'phuong-b' }, TODAY, [])).toBe(true);
    expect(matches(row, { ...NO_FILTERS, unit: 'phuong-z' }, TODAY, [])).toBe(false);
    expect(matches(row, { ...NO_FILTERS, status: 'reported' }, TODAY, [])).toBe(true);
    expect(matches(row, { ...NO_FILTERS, status: 'overdue' }, TODAY, [])).toBe(true);
    expect(matches(row, { ...NO_FILTERS, deadline: 'week' }, TODAY, [])).toBe(true);
  });

  it('reads the status of my own assignment when I have one', () => {
    expect(matches(row, { ...NO_FILTERS, status: 'reported' }, TODAY, ['phuong-a'])).toBe(false);
    expect(matches(row, { ...NO_FILTERS, status: 'overdue' }, TODAY, ['phuong-b'])).toBe(false);
  });
});
