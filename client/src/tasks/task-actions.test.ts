import { addProgressReport, createTask, readTask, setAssignmentStatus, TASK_STATUSES } from '@thongsuot/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { allowedStatuses, firstRead, startingPercent } from './task-actions.ts';

function task(): Y.Doc {
  const doc = new Y.Doc();
  createTask(doc, {
    id: 't1',
    title: 'Rà soát điểm ngập',
    issuerId: 'chair',
    issuerUnitId: 'city',
    deadline: '2026-02-01',
    recipients: [{ id: 'ward-a', kind: 'unit' }],
    at: 1,
  });
  return doc;
}

describe('the actions the task screen offers', () => {
  it('lets a ward move forward up to reported, never to completed or back', () => {
    const doc = task();
    setAssignmentStatus(doc, 'ward-a', 'in_progress', 'wchair', 2);
    const t = readTask(doc);
    if (!t) throw new Error('no task');
    const ward = { id: 'wchair', unitId: 'ward-a', rank: 1 };
    expect(allowedStatuses(ward, doc, t, 'ward-a')).toEqual(['in_progress', 'reported']);
    // The issuer sends work back, but confirms only reported work: the stages between are the ward's.
    const chair = { id: 'chair', unitId: 'city', rank: 1 };
    expect(allowedStatuses(chair, doc, t, 'ward-a')).toEqual(['received', 'read', 'in_progress']);
    setAssignmentStatus(doc, 'ward-a', 'reported', 'wchair', 3);
    const reported = readTask(doc);
    if (!reported) throw new Error('no task');
    expect(allowedStatuses(chair, doc, reported, 'ward-a')).toEqual(TASK_STATUSES);
    expect(allowedStatuses({ id: 'x', unitId: 'ward-z', rank: 1 }, doc, t, 'ward-a')).toEqual(['in_progress']);
  });

  it('tells who opened the task first for a recipient, and when', () => {
    const doc = task();
    setAssignmentStatus(doc, 'ward-a', 'read', 'clerk', 5);
    setAssignmentStatus(doc, 'ward-a', 'in_progress', 'wchair', 7);
    expect(firstRead(readTask(doc)?.events ?? [], 'ward-a')).toEqual({ by: 'clerk', at: 5, stage: 'read' });
    expect(firstRead(readTask(task())?.events ?? [], 'ward-a')).toBeNull();
  });

  it("starts the progress slider at the recipient's latest report, not at a fixed 50%", () => {
    const doc = task();
    const at = (t: number) =>
      readTask(doc) ??
      (() => {
        throw new Error(`no task at ${t}`);
      })();
    expect(startingPercent(at(0), 'ward-a')).toBe(0);
    addProgressReport(doc, { id: 'r1', recipientId: 'ward-a', by: 'wchair', at: 2, text: 'Đã khảo sát', percent: 60 });
    addProgressReport(doc, { id: 'r0', recipientId: 'ward-a', by: 'wchair', at: 1, text: 'Bắt đầu', percent: 20 });
    expect(startingPercent(at(2), 'ward-a')).toBe(60);
  });
});
