import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRecipient, removeRecipient, setAssignmentStatus } from '../model/assignment.ts';
import { markDelivered } from '../model/delivery.ts';
import { decideExtension, requestExtension } from '../model/extension-request.ts';
import { addProgressReport } from '../model/progress-report.ts';
import { linkSubAssignment } from '../model/sub-assignment.ts';
import { createTask, type NewTask, readTask, setTaskDeadline, setTaskTitle } from '../model/task.ts';
import { addTaskComment } from '../model/task-comment.ts';
import { taskDeliveries } from '../model/task-doc.ts';
import { urgeRecipient } from '../model/urge.ts';
import type { Person } from './principal.ts';
import { canReadTask, taskReaders } from './task-access.ts';
import { checkTaskChange } from './task-change.ts';

const P = {
  chair: { id: 'chair', unitId: 'city', rank: 1 },
  vice: { id: 'vice', unitId: 'city', rank: 2 },
  secretary: { id: 'sec', unitId: 'city', rank: 5 },
  wardChair: { id: 'wchair', unitId: 'ward-a', rank: 1 },
  wardDivHead: { id: 'wdiv', unitId: 'ward-a', rank: 3 },
  wardClerk: { id: 'wclerk', unitId: 'ward-a', rank: 5 },
  director: { id: 'dir-b', unitId: 'dept-b', rank: 1 },
  deptStaff: { id: 'b-staff', unitId: 'dept-b', rank: 5 },
  outsider: { id: 'other', unitId: 'ward-z', rank: 1 },
  watcher: { id: 'w1', unitId: 'dept-w', rank: 5 },
  skeleton: { id: 'chair', unitId: 'city' },
} satisfies Record<string, Person>;

const T = 1_767_600_000_000;
const BASE: NewTask = {
  id: 't1',
  title: 'Rà soát điểm ngập',
  issuerId: 'chair',
  issuerUnitId: 'city',
  deadline: '2026-01-20',
  recipients: [
    { id: 'ward-a', kind: 'unit' },
    { id: 'dir-b', kind: 'person' },
  ],
  watchers: ['unit:dept-w'],
  at: T,
};

function base(): Y.Doc {
  const doc = new Y.Doc();
  createTask(doc, BASE);
  requestExtension(doc, {
    id: 'e0',
    recipientId: 'ward-a',
    by: 'wdiv',
    at: T,
    proposedDeadline: '2026-01-31',
    reason: 'Mưa',
  });
  return doc;
}

type Edit = (doc: Y.Doc, by: string) => void;
const report =
  (recipientId: string, as?: string): Edit =>
  (doc, by) =>
    addProgressReport(doc, { id: 'r9', recipientId, by: as ?? by, at: T + 9, text: 'Đã rà soát 12 điểm', percent: 40 });
const status =
  (recipientId: string, s: Parameters<typeof setAssignmentStatus>[2]): Edit =>
  (doc, by) =>
    setAssignmentStatus(doc, recipientId, s, by, T + 9);
const extend =
  (recipientId: string): Edit =>
  (doc, by) =>
    requestExtension(doc, {
      id: 'e9',
      recipientId,
      by,
      at: T + 9,
      proposedDeadline: '2026-02-10',
      reason: 'Thiếu người',
    });
const decide: Edit = (doc, by) => decideExtension(doc, 'e0', { outcome: 'approved', by, at: T + 9, reason: '' });
const deadline: Edit = (doc, by) => setTaskDeadline(doc, '2026-02-01', by, T + 9);
const recipient: Edit = (doc, by) => addRecipient(doc, { id: 'ward-c', kind: 'unit' }, by, T + 9);
const subAssign: Edit = (doc, by) =>
  linkSubAssignment(doc, { childTaskId: 't1-sub', recipientId: 'ward-a', by, at: T + 9, title: 'Khảo sát' });
const delivered =
  (recipientId: string, as?: string): Edit =>
  (doc, by) => {
    markDelivered(doc, recipientId, as ?? by, T + 9);
  };
const comment: Edit = (doc, by) => addTaskComment(doc, { id: 'c9', by, at: T + 9, text: 'Đề nghị khẩn trương' });

const CASES: [string, Person, Edit, 'ok' | RegExp, Edit?][] = [
  ['the issuer changes the deadline', P.chair, deadline, 'ok'],
  ['a vice chairman of the issuing unit changes the deadline', P.vice, deadline, 'ok'],
  ['a specialist of the issuing unit changes the deadline', P.secretary, deadline, /đổi hạn xử lý/],
  ['a recipient changes the deadline', P.wardChair, deadline, /đổi hạn xử lý/],
  ['a recipient edits the title', P.wardClerk, (d) => setTaskTitle(d, 'Khác'), /đổi tên nhiệm vụ/],
  ['a ward clerk reports on the ward assignment', P.wardClerk, report('ward-a'), 'ok'],
  ['a ward clerk reports on another assignment', P.wardClerk, report('dir-b'), /báo cáo tiến độ phần việc của mình/],
  ['a director reports on his personal assignment', P.director, report('dir-b'), 'ok'],
  ['staff of the director reports on his personal assignment', P.deptStaff, report('dir-b'), /không có quyền truy cập/],
  ['a report in another person’s name', P.wardClerk, report('ward-a', 'wchair'), /báo cáo tiến độ phần việc của mình/],
  ['a ward clerk moves the ward assignment to in progress', P.wardClerk, status('ward-a', 'in_progress'), 'ok'],
  [
    'a ward clerk marks the ward assignment completed',
    P.wardClerk,
    status('ward-a', 'completed'),
    /mới được xác nhận hoàn thành/,
  ],
  ['the issuer confirms reported work', P.chair, status('ward-a', 'completed'), 'ok', status('ward-a', 'reported')],
  ['the issuer confirms work not yet reported', P.chair, status('ward-a', 'completed'), /sau khi đã có báo cáo/],
  ['the issuer records a ward’s read receipt for it', P.chair, status('ward-a', 'read'), /cập nhật tiến độ/],
  [
    'a recipient sends its own work back',
    P.wardClerk,
    status('ward-a', 'read'),
    /trả lại để làm tiếp/,
    status('ward-a', 'reported'),
  ],
  ['the issuer sends work back', P.chair, status('ward-a', 'read'), 'ok', status('ward-a', 'reported')],
  ['a ward division head asks for more time', P.wardDivHead, extend('ward-a'), 'ok'],
  ['a ward clerk asks for more time', P.wardClerk, extend('ward-a'), /xin gia hạn/],
  ['a person recipient asks for more time', P.director, extend('dir-b'), 'ok'],
  ['the issuer decides an extension', P.chair, decide, 'ok'],
  ['a vice chairman decides an extension', P.vice, decide, 'ok'],
  ['a specialist of the issuing unit decides an extension', P.secretary, decide, /quyết định đề nghị gia hạn/],
  ['the ward decides its own extension', P.wardChair, decide, /quyết định đề nghị gia hạn/],
  ['the issuer adds a recipient', P.chair, recipient, 'ok'],
  ['a recipient adds a recipient', P.wardChair, recipient, /thay đổi đơn vị nhận/],
  ['the issuer removes a recipient', P.chair, (d, by) => removeRecipient(d, 'dir-b', by, T + 9), 'ok'],
  ['a ward division head hands the work down', P.wardDivHead, subAssign, 'ok'],
  ['a ward clerk hands the work down', P.wardClerk, subAssign, /mới được chuyển giao phần việc/],
  ['a watcher comments', P.watcher, comment, 'ok'],
  ['the issuer urges a ward', P.chair, (d, by) => urgeRecipient(d, 'ward-a', by, T + 9, 'Khẩn trương'), 'ok'],
  ['a vice chairman urges a ward', P.vice, (d, by) => urgeRecipient(d, 'ward-a', by, T + 9), 'ok'],
  ['a ward urges another recipient', P.wardChair, (d, by) => urgeRecipient(d, 'dir-b', by, T + 9), /đôn đốc/],
  ['an outsider comments', P.outsider, comment, /không có quyền truy cập/],
  ['a ward clerk’s device records the ward received it', P.wardClerk, delivered('ward-a'), 'ok'],
  ['a director’s device records his personal assignment arrived', P.director, delivered('dir-b'), 'ok'],
  ['the issuer records that a ward received it', P.chair, delivered('ward-a'), /đơn vị nhận mới được ghi nhận/],
  ['a ward records another recipient received it', P.wardClerk, delivered('dir-b'), /đơn vị nhận mới được ghi nhận/],
  [
    'a ward clerk records a delivery in his chairman’s name',
    P.wardClerk,
    delivered('ward-a', 'wchair'),
    /đơn vị nhận mới được ghi nhận/,
  ],
  [
    'a ward clerk rewrites his colleague’s delivery time',
    P.wardClerk,
    (d) => taskDeliveries(d).set('ward-a/wdiv', { at: T + 99, by: 'wdiv' }),
    /sửa thời điểm đã nhận/,
    delivered('ward-a', 'wdiv'),
  ],
  [
    'a ward clerk deletes his colleague’s delivery',
    P.wardClerk,
    (d) => taskDeliveries(d).delete('ward-a/wdiv'),
    /xóa thời điểm đã nhận/,
    delivered('ward-a', 'wdiv'),
  ],
  [
    'the skeleton’s rankless issuer changes deadline and recipients',
    P.skeleton,
    (d, by) => {
      deadline(d, by);
      recipient(d, by);
    },
    'ok',
  ],
];

describe('checkTaskChange: who may change what', () => {
  it.each(CASES)('%s', (_name, person, edit, expected, setup) => {
    const doc = base();
    setup?.(doc, 'chair');
    const before = readTask(doc);
    edit(doc, person.id);
    const verdict = checkTaskChange(person, before, readTask(doc));
    if (expected === 'ok') expect(verdict).toEqual({ ok: true });
    else expect(verdict.ok ? 'ok' : verdict.message).toMatch(expected);
  });
});

describe('checkTaskChange: creating a task', () => {
  const create = (task: Partial<NewTask>) => {
    const doc = new Y.Doc();
    createTask(doc, { ...BASE, ...task });
    return readTask(doc);
  };
  it.each([
    ['the chairman assigns to units', P.chair, {}, 'ok'],
    ['a specialist assigns to units', P.secretary, { issuerId: 'sec' }, /không có quyền giao việc/],
    [
      'a division head assigns to another unit',
      P.wardDivHead,
      { issuerId: 'wdiv', issuerUnitId: 'ward-a', recipients: [{ id: 'ward-b', kind: 'unit' as const }] },
      /lãnh đạo đơn vị/,
    ],
    [
      'a ward division head assigns to one of his people',
      P.wardDivHead,
      { issuerId: 'wdiv', issuerUnitId: 'ward-a', recipients: [{ id: 'wclerk', kind: 'person' as const }] },
      'ok',
    ],
    ['someone creates a task in the chairman’s name', P.vice, {}, /nhân danh chính mình/],
    [
      'a specialist of the City People’s Committee Office registers a directive for units',
      { id: 'vp-cv', unitId: 'vp-ubnd', rank: 5 },
      { issuerId: 'vp-cv', issuerUnitId: 'vp-ubnd', recipients: [{ id: 'ward-a', kind: 'unit' as const }] },
      'ok',
    ],
    [
      'a ward registers a directive as from the Government Office',
      P.wardChair,
      {
        issuerId: 'wchair',
        issuerUnitId: 'ward-a',
        sourceLevel: 'government_office' as const,
        recipients: [{ id: 'wclerk', kind: 'person' as const }],
      },
      /Văn phòng UBND Thành phố/,
    ],
    [
      'the City Office registers a directive from the Government Office',
      { id: 'vp-cv', unitId: 'vp-ubnd', rank: 5 },
      {
        issuerId: 'vp-cv',
        issuerUnitId: 'vp-ubnd',
        sourceLevel: 'government_office' as const,
        recipients: [{ id: 'ward-a', kind: 'unit' as const }],
      },
      'ok',
    ],
  ] as const)('%s', (_name, person, task, expected) => {
    const verdict = checkTaskChange(person, null, create(task));
    if (expected === 'ok') expect(verdict).toEqual({ ok: true });
    else expect(verdict.ok ? 'ok' : verdict.message).toMatch(expected);
  });
});

describe('task readers', () => {
  it('are issuer side, active recipients, watchers and monitors from above', () => {
    const doc = new Y.Doc();
    createTask(doc, { ...BASE, parent: { taskId: 'p1', recipientId: 'city', monitors: ['user:pm', 'unit:gov'] } });
    removeRecipient(doc, 'dir-b', 'chair', T + 1);
    const task = readTask(doc);
    if (!task) throw new Error('no task');
    expect(taskReaders(task).sort()).toEqual([
      'unit:city',
      'unit:dept-w',
      'unit:gov',
      'unit:ward-a',
      'user:chair',
      'user:pm',
    ]);
    expect(canReadTask(P.director, task)).toBe(false);
    expect(canReadTask(P.watcher, task)).toBe(true);
    expect(canReadTask({ id: 'pm', unitId: 'gov-office' }, task)).toBe(true);
  });
});
