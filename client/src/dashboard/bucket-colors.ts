import type { Bucket } from '@thongsuot/shared/dashboard/measures';

/**
 * One color per bucket, the same on tiles, charts and the task page's figures. Each has at least
 * 4.5:1 contrast on white (WCAG AA for text, above the 3:1 asked of graphics).
 */
export const BUCKET_COLORS: Readonly<Record<Bucket, string>> = {
  on_time: '#1b7f3b',
  late: '#a15c00',
  open: '#1f5fa8',
  overdue: '#b71c1c',
};
