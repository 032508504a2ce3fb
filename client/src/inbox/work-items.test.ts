import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../store/local-db.ts';
import { inboxKeysOf } from './inbox-keys.ts';
import { meOf, reasonsFor, workItems } from './work-items.ts';

function row(docId: string, facts: Parameters<typeof inboxKeysOf>[0], priority = 'normal'): TaskRow {
  return {
    docId,
    title: docId,
    deadline: facts.deadline,
    issuerId: facts.issuerId,
    issuerUnitId: 'ubnd-tp',
    recipientIds: facts.recipients.map((r) => r.id),
    statuses: facts.recipients.map((r) => r.status),
    priority,
    createdAt: 1,
    inboxKeys: inboxKeysOf(facts),
  };
}

const TODAY = '2026-01-15';
const SOON = '2026-01-18';
const ward = meOf('u-lan', 'phuong-ben-thanh');
const chair = meOf('u-chair', 'ubnd-tp');
const r = (id: string, status: string, deadline: string, urgedAt = 0) => ({ id, status, deadline, urgedAt });

describe('the inbox: what awaits me and why', () => {
  const rows = [
    row('task/new', {
      issuerId: 'u-chair',
      deadline: '2026-02-01',
      recipients: [r('phuong-ben-thanh', 'received', '2026-02-01')],
      extensionsPending: [],
    }),
    row('task/late', {
      issuerId: 'u-chair',
      deadline: '2026-01-10',
      recipients: [r('phuong-ben-thanh', 'in_progress', '2026-01-10'), r('phuong-sai-gon', 'reported', '2026-01-10')],
      extensionsPending: [],
    }),
    row(
      'task/soon',
      {
        issuerId: 'u-chair',
        deadline: '2026-01-17',
        recipients: [r('phuong-ben-thanh', 'read', '2026-01-17')],
        extensionsPending: ['phuong-ben-thanh'],
      },
      'flash',
    ),
    row('task/extended', {
      issuerId: 'u-chair',
      deadline: '2026-01-10',
      recipients: [r('phuong-ben-thanh', 'in_progress', '2026-01-30')],
      extensionsPending: [],
    }),
    row('task/done', {
      issuerId: 'u-chair',
      deadline: '2026-01-10',
      recipients: [r('phuong-ben-thanh', 'completed', '2026-01-10')],
      extensionsPending: [],
    }),
  ];

  it('gives the ward its overdue, due-soon, new and other open work, an approved extension moving the deadline', () => {
    expect(workItems(rows, ward, TODAY, SOON).map((i) => [i.row.docId, i.reasons])).toEqual([
      ['task/late', ['overdue']],
      ['task/soon', ['dueSoon']],
      ['task/new', ['new', 'todo']],
      ['task/extended', ['todo']],
    ]);
  });

  it('gives the issuer the extension to decide, the report to review and the late recipients', () => {
    expect(workItems(rows, chair, TODAY, SOON).map((i) => [i.row.docId, i.reasons])).toEqual([
      ['task/soon', ['extension']],
      ['task/late', ['review', 'late']],
    ]); // task/extended is not late: its only recipient was given until the 30th
  });

  it('reads nothing for someone else', () => {
    expect(reasonsFor(rows[0] as TaskRow, meOf('u-x', 'xa-can-gio'), TODAY, SOON)).toEqual([]);
  });

  it("puts the unit's work in the to-do of those who act for the unit, not of every specialist in it", () => {
    const unitTask = rows[0] as TaskRow;
    expect(unitTask.recipientIds).toContain('phuong-ben-thanh');
    // The ward's chair (rank 1) and a division head (3) act for the ward; a specialist (5) does not.
    expect(reasonsFor(unitTask, meOf('u-lan', 'phuong-ben-thanh', 1), TODAY, SOON)).not.toEqual([]);
    expect(meOf('u-head', 'phuong-ben-thanh', 3).ids).toEqual(['u-head', 'phuong-ben-thanh']);
    expect(reasonsFor(unitTask, meOf('u-cv', 'phuong-ben-thanh', 5), TODAY, SOON)).toEqual([]);
    expect(meOf('u-cv', 'phuong-ben-thanh', 5).ids).toEqual(['u-cv']);
  });
});
