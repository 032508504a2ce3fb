import { createTask, readTask, setAssignmentStatus } from '@thongsuot/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trackingRows } from './tracking-rows.ts';

const DEADLINE = '2026-11-30';
/** 16:00 on the last day, Vietnam time. */
const LAST_AFTERNOON = Date.UTC(2026, 10, 30, 9, 0);
/** 08:00 the next morning, Vietnam time. */
const NEXT_MORNING = Date.UTC(2026, 11, 1, 1, 0);

function reportedTask(): Y.Doc {
  const doc = new Y.Doc();
  createTask(doc, {
    id: 't1',
    title: 'Báo cáo thiệt hại sau bão',
    issuerId: 'chair',
    issuerUnitId: 'city',
    deadline: DEADLINE,
    recipients: [{ id: 'ward-a', kind: 'unit' }],
    at: Date.UTC(2026, 10, 20),
  });
  setAssignmentStatus(doc, 'ward-a', 'read', 'clerk', LAST_AFTERNOON - 3_600_000);
  setAssignmentStatus(doc, 'ward-a', 'reported', 'clerk', LAST_AFTERNOON);
  return doc;
}

describe('the tracking table’s times', () => {
  it('judges a report written offline before the deadline by when the relay received it', () => {
    const task = readTask(reportedTask());
    if (!task) throw new Error('no task');
    // Not yet received: the device's time is all there is, and it is on time.
    expect(trackingRows(task, new Map(), '2026-12-01')[0]?.reportedLate).toBe(false);
    // Received the next morning: late, whatever the device says.
    const received = new Map([['progress/ward-a/reported', NEXT_MORNING]]);
    expect(trackingRows(task, received, '2026-12-01')[0]?.reportedLate).toBe(true);
    // Received on the last day: on time.
    const onTime = new Map([['progress/ward-a/reported', LAST_AFTERNOON + 60_000]]);
    expect(trackingRows(task, onTime, '2026-12-01')[0]?.reportedLate).toBe(false);
  });

  it('gives the first read both the device’s time and the relay’s', () => {
    const task = readTask(reportedTask());
    if (!task) throw new Error('no task');
    const received = new Map([['progress/ward-a/read', NEXT_MORNING]]);
    expect(trackingRows(task, received, '2026-12-01')[0]?.read).toEqual({
      by: 'clerk',
      at: { device: LAST_AFTERNOON - 3_600_000, relay: NEXT_MORNING },
    });
  });
});
