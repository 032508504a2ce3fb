import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRecipient, isAssignmentOverdue, removeRecipient, setAssignmentStatus } from './assignment.ts';
import { decideExtension, requestExtension } from './extension-request.ts';
import { addProgressReport } from './progress-report.ts';
import { linkSubAssignment } from './sub-assignment.ts';
import { createTask, readTask, setTaskBody, setTaskDeadline, setTaskTitle } from './task.ts';
import { addTaskComment } from './task-comment.ts';

const T0 = Date.UTC(2026, 0, 5, 8);

function newTask(doc = new Y.Doc()): Y.Doc {
  createTask(doc, {
    id: 't1',
    title: 'Báo cáo tình hình ngập nước',
    issuerId: 'u-chutich',
    issuerUnitId: 'ubnd-tp',
    deadline: '2026-01-20',
    recipients: [
      { id: 'phuong-ben-thanh', kind: 'unit' },
      { id: 'u-sonoivu', kind: 'person' },
    ],
    at: T0,
    sourceLevel: 'city_people_committee',
    priority: 'urgent',
    body: 'Các phường báo cáo trước ngày 20.',
  });
  return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('task model', () => {
  it('creates and reads a task with defaults and its fields', () => {
    const task = readTask(newTask());
    expect(task).not.toBeNull();
    expect(task?.title).toBe('Báo cáo tình hình ngập nước');
    expect(task?.priority).toBe('urgent');
    expect(task?.body).toBe('Các phường báo cáo trước ngày 20.');
    expect(task?.assignments.map((a) => [a.recipientId, a.status, a.deadline])).toEqual([
      ['phuong-ben-thanh', 'received', '2026-01-20'],
      ['u-sonoivu', 'received', '2026-01-20'],
    ]);
    expect(task?.events.map((e) => e.type)).toEqual(['created']);
  });

  it('refuses invalid input at the boundary', () => {
    const doc = new Y.Doc();
    const base = { id: 't', title: 'x', issuerId: 'a', issuerUnitId: 'b', deadline: '2026-02-30', at: 1 };
    expect(() => createTask(doc, { ...base, recipients: [{ id: 'c', kind: 'unit' }] })).toThrow(/deadline/);
    expect(() => createTask(doc, { ...base, deadline: '2026-02-28', recipients: [] })).toThrow(/recipient/);
    expect(() =>
      createTask(doc, { ...base, deadline: '2026-02-28', title: '  ', recipients: [{ id: 'c', kind: 'unit' }] }),
    ).toThrow(/title/);
    expect(readTask(doc)).toBeNull();
    const task = newTask();
    expect(() => setTaskDeadline(task, '20-01-2026', 'u-chutich', T0)).toThrow();
    expect(() =>
      addProgressReport(task, { id: 'r', recipientId: 'nobody', by: 'x', at: T0, text: '', percent: 5 }),
    ).toThrow(/assignment/);
    expect(() =>
      addProgressReport(task, { id: 'r', recipientId: 'u-sonoivu', by: 'x', at: T0, text: '', percent: 101 }),
    ).toThrow(/percent/);
  });

  it('never moves a status backwards when two members of a unit merge', () => {
    const a = newTask();
    const b = fork(a);
    setAssignmentStatus(a, 'phuong-ben-thanh', 'read', 'clerk-1', T0 + 1);
    setAssignmentStatus(b, 'phuong-ben-thanh', 'reported', 'clerk-2', T0 + 2);
    sync(a, b);
    expect(readTask(a)?.assignments[0]?.status).toBe('reported');
    expect(readTask(b)).toEqual(readTask(a));
  });

  it('sends work back by starting a new round', () => {
    const doc = newTask();
    setAssignmentStatus(doc, 'u-sonoivu', 'reported', 'u-sonoivu', T0 + 1);
    setAssignmentStatus(doc, 'u-sonoivu', 'in_progress', 'u-chutich', T0 + 2);
    const a = readTask(doc)?.assignments.find((x) => x.recipientId === 'u-sonoivu');
    expect(a).toMatchObject({ status: 'in_progress', round: 1, statusBy: 'u-chutich' });
    setAssignmentStatus(doc, 'u-sonoivu', 'received', 'u-chutich', T0 + 3);
    expect(readTask(doc)?.assignments[1]).toMatchObject({ status: 'received', round: 2, statusAt: T0 + 3 });
  });

  it('keeps both reports of two recipients reporting at once', () => {
    const a = newTask();
    const b = fork(a);
    addProgressReport(a, {
      id: 'r1',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: T0 + 5,
      text: 'Đã xong 50%',
      percent: 50,
    });
    addProgressReport(b, {
      id: 'r2',
      recipientId: 'u-sonoivu',
      by: 'u-sonoivu',
      at: T0 + 5,
      text: 'Đang làm',
      percent: 20,
      attachments: [{ id: 'f1', name: 'bao-cao.pdf', mimeType: 'application/pdf', size: 1234 }],
    });
    sync(a, b);
    expect(
      readTask(a)
        ?.reports.map((r) => r.id)
        .sort(),
    ).toEqual(['r1', 'r2']);
    expect(readTask(b)).toEqual(readTask(a));
  });

  it('keeps a deadline change and a concurrent report', () => {
    const a = newTask();
    const b = fork(a);
    setTaskDeadline(a, '2026-02-01', 'u-chutich', T0 + 1);
    addProgressReport(b, { id: 'r1', recipientId: 'u-sonoivu', by: 'u-sonoivu', at: T0 + 1, text: 'ok', percent: 100 });
    sync(a, b);
    const task = readTask(b);
    expect(task?.deadline).toBe('2026-02-01');
    expect(task?.reports).toHaveLength(1);
  });

  it('keeps both recipients added concurrently, and removes only the removed one', () => {
    const a = newTask();
    const b = fork(a);
    addRecipient(a, { id: 'phuong-sai-gon', kind: 'unit' }, 'u-chutich', T0 + 1);
    addRecipient(b, { id: 'xa-can-gio', kind: 'unit' }, 'u-phochutich', T0 + 1);
    removeRecipient(b, 'u-sonoivu', 'u-phochutich', T0 + 2);
    sync(a, b);
    const task = readTask(a);
    expect(task?.assignments.map((x) => x.recipientId)).toEqual(['phuong-ben-thanh', 'phuong-sai-gon', 'xa-can-gio']);
    expect(task?.removedAssignments.map((x) => x.recipientId)).toEqual(['u-sonoivu']);
    addRecipient(a, { id: 'u-sonoivu', kind: 'person' }, 'u-chutich', T0 + 3);
    expect(readTask(a)?.assignments).toHaveLength(4);
  });

  it('derives an assignment deadline from approved extensions only', () => {
    const doc = newTask();
    requestExtension(doc, {
      id: 'e1',
      recipientId: 'u-sonoivu',
      by: 'u-sonoivu',
      at: T0 + 1,
      proposedDeadline: '2026-01-31',
      reason: 'Thiếu số liệu',
    });
    requestExtension(doc, {
      id: 'e2',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: T0 + 1,
      proposedDeadline: '2026-02-15',
      reason: 'Mưa lớn',
    });
    const a = fork(doc);
    const b = fork(doc);
    decideExtension(a, 'e1', { outcome: 'approved', by: 'u-chutich', at: T0 + 2, reason: '' });
    decideExtension(b, 'e2', { outcome: 'rejected', by: 'u-phochutich', at: T0 + 2, reason: 'Không đủ căn cứ' });
    sync(a, b);
    const task = readTask(a);
    expect(task?.assignments.map((x) => [x.recipientId, x.deadline])).toEqual([
      ['phuong-ben-thanh', '2026-01-20'],
      ['u-sonoivu', '2026-01-31'],
    ]);
    expect(task?.extensionRequests.map((r) => r.decision?.outcome)).toEqual(['approved', 'rejected']);
    const overdue = task?.assignments.map((x) => isAssignmentOverdue(x, '2026-01-25'));
    expect(overdue).toEqual([true, false]);
  });

  it('merges concurrent title and body edits per character', () => {
    const a = newTask();
    const b = fork(a);
    setTaskTitle(a, 'Khẩn: Báo cáo tình hình ngập nước');
    setTaskTitle(b, 'Báo cáo tình hình ngập nước tháng 1');
    setTaskBody(b, 'Các phường, xã báo cáo trước ngày 20.');
    sync(a, b);
    expect(readTask(a)?.title).toBe('Khẩn: Báo cáo tình hình ngập nước tháng 1');
    expect(readTask(a)?.body).toBe('Các phường, xã báo cáo trước ngày 20.');
  });

  it('links sub-assignments and keeps comments', () => {
    const doc = newTask();
    linkSubAssignment(doc, {
      childTaskId: 't1-c1',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: T0 + 1,
      title: 'Khảo sát điểm ngập',
    });
    addTaskComment(doc, { id: 'c1', by: 'u-chutich', at: T0 + 2, text: 'Khẩn trương.' });
    const task = readTask(doc);
    expect(task?.subAssignments.map((s) => s.childTaskId)).toEqual(['t1-c1']);
    expect(task?.comments.map((c) => c.text)).toEqual(['Khẩn trương.']);
  });

  it('reads a doc holding a malformed entry as no task at all', () => {
    const doc = newTask();
    doc.getArray('reports').push([{ id: 'x', evil: true }]);
    expect(readTask(doc)).toBeNull();
  });
});
