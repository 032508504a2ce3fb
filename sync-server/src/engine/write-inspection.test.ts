import {
  type AttachmentRef,
  addProgressReport,
  addTaskComment,
  appendToLog,
  createTask,
  messagePeriod,
  requestExtension,
  setTaskTitle,
} from '@thongsuot/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf } from '../testing/fixtures.ts';
import { DocShard } from './doc-shard.ts';
import type { WriteResult } from './engine-messages.ts';

const AT = 1_700_000_000_000;
const OFFICE = { id: 'u-vanphong', unitId: 'vp-ubnd', rank: 5 };
const WARD = { id: 'u-benthanh', unitId: 'phuong-ben-thanh', rank: 1 };
const [A, B, C, D, E] = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(64)) as [string, string, string, string, string];
let seq = 0;
const file = (sha256?: string): AttachmentRef => ({
  id: `f${++seq}`,
  name: 'tep.pdf',
  mimeType: 'application/pdf',
  size: 10,
  ...(sha256 ? { sha256 } : {}),
});

function refsOf(result: WriteResult) {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true, changed: true });
  return result.ok && result.changed ? result.blobRefs : [];
}

describe('blob references gathered from what a write adds (docs/design.md §13)', () => {
  it("collects the hashes of a write's new entries only, each with the writer as author", () => {
    const shard = new DocShard();
    shard.load('task/t1', []);
    const task = new Y.Doc();
    createTask(task, {
      id: 't1',
      title: 'Kiểm tra ngập',
      issuerId: OFFICE.id,
      issuerUnitId: OFFICE.unitId,
      deadline: '2026-12-01',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: AT,
      // The meta key `attachments`: its value is the list. A reference without a hash is not one.
      attachments: [file(A), file(), file(A)],
    });
    expect(refsOf(shard.write('task/t1', OFFICE, Y.encodeStateAsUpdate(task)))).toEqual([[A, OFFICE.id]]);

    // A report (array entry) and an extension request (map entry), from the ward's own device:
    // only their own files, not A again.
    const ward = copyOf(task);
    const report = changeOf(ward, (d) =>
      addProgressReport(d, {
        id: 'r1',
        recipientId: 'phuong-ben-thanh',
        by: WARD.id,
        at: AT + 1,
        text: 'Đã kiểm tra',
        percent: 50,
        attachments: [file(B), file(B)],
      }),
    );
    expect(refsOf(shard.write('task/t1', WARD, report))).toEqual([[B, WARD.id]]);
    const extension = changeOf(ward, (d) =>
      requestExtension(d, {
        id: 'x1',
        recipientId: 'phuong-ben-thanh',
        by: WARD.id,
        at: AT + 2,
        proposedDeadline: '2027-01-31',
        reason: 'Mưa lớn',
        attachments: [file(C)],
      }),
    );
    expect(refsOf(shard.write('task/t1', WARD, extension))).toEqual([[C, WARD.id]]);

    // A comment naming an already referenced file references it again, in its own author's name.
    const comment = changeOf(task, (d) =>
      addTaskComment(d, { id: 'c1', by: OFFICE.id, at: AT + 3, text: '', attachments: [file(A), file(D)] }),
    );
    expect(refsOf(shard.write('task/t1', OFFICE, comment))).toEqual([
      [A, OFFICE.id],
      [D, OFFICE.id],
    ]);
    // A write adding no file: none, although the doc is full of them.
    expect(
      refsOf(
        shard.write(
          'task/t1',
          OFFICE,
          changeOf(task, (d) => setTaskTitle(d, 'Kiểm tra ngập nước')),
        ),
      ),
    ).toEqual([]);
  });

  it("collects a conversation message's files", () => {
    const shard = new DocShard();
    const docId = `convlog/g1_${messagePeriod(AT)}`;
    shard.load(docId, []);
    const log = new Y.Doc();
    const update = changeOf(log, (d) =>
      appendToLog(d, 'g1', { id: 'm1', by: WARD.id, at: AT, text: 'Ảnh hiện trường', attachments: [file(E)] }),
    );
    expect(refsOf(shard.write(docId, WARD, update))).toEqual([[E, WARD.id]]);
  });
});
