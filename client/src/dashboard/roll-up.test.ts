import { describe, expect, it } from 'vitest';
import { childrenByRecipient, progressOf } from './roll-up.ts';

describe('roll-up of progress', () => {
  it('averages the latest percents, counting completed as 100 and no report as 0', () => {
    expect(progressOf({ statuses: ['in_progress', 'completed', 'received'], percents: [40, 80, -1] })).toEqual({
      percent: 47,
      done: 1,
      reported: 0,
      total: 3,
    });
    expect(progressOf({ statuses: [], percents: [] }).percent).toBe(0);
  });

  it('groups child tasks under the assignment they serve, skipping those not on the device', () => {
    const row = { docId: 'task/c1', statuses: ['read'] } as never;
    const grouped = childrenByRecipient(
      [
        { childTaskId: 'c1', recipientId: 'ward-a' },
        { childTaskId: 'c2', recipientId: 'ward-a' },
      ],
      new Map([['task/c1', row]]),
    );
    expect(grouped.get('ward-a')).toEqual([row]);
  });
});
