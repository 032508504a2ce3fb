import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format.ts';

describe('times as officials write them', () => {
  it('reads "HH:mm, dd/MM/yyyy" in the device time zone', () => {
    const at = new Date(2026, 10, 30, 18, 14).getTime();
    expect(formatDateTime(at)).toBe('18:14, 30/11/2026');
    expect(formatDateTime(new Date(2027, 0, 5, 7, 3).getTime())).toBe('07:03, 05/01/2027');
  });
});
