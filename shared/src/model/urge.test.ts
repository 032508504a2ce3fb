import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTask, readTask } from './task.ts';
import { latestUrges, readUrges, urgeRecipient } from './urge.ts';

describe('urges', () => {
  it('are read back from the event log, with an optional note, latest per recipient', () => {
    const doc = new Y.Doc();
    createTask(doc, {
      id: 't1',
      title: 'Báo cáo số liệu',
      issuerId: 'chair',
      issuerUnitId: 'city',
      deadline: '2026-01-20',
      recipients: [
        { id: 'ward-a', kind: 'unit' },
        { id: 'ward-b', kind: 'unit' },
      ],
      at: 1,
    });
    urgeRecipient(doc, 'ward-a', 'chair', 5);
    urgeRecipient(doc, 'ward-b', 'chair', 6, 'Hạn cuối: thứ Sáu: 17 giờ');
    urgeRecipient(doc, 'ward-a', 'chair', 7, 'Lần 2');
    const task = readTask(doc);
    expect(task).not.toBeNull();
    const urges = readUrges(task?.events ?? []);
    expect(urges.map((u) => [u.recipientId, u.at, u.note])).toEqual([
      ['ward-a', 5, ''],
      ['ward-b', 6, 'Hạn cuối: thứ Sáu: 17 giờ'],
      ['ward-a', 7, 'Lần 2'],
    ]);
    expect(latestUrges(task?.events ?? []).get('ward-a')?.note).toBe('Lần 2');
  });

  it('refuses an urge to someone who is not a recipient', () => {
    const doc = new Y.Doc();
    expect(() => urgeRecipient(doc, 'ward-z', 'chair', 1)).toThrow(/no assignment/);
  });
});
