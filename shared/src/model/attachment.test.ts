import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attachmentHashesOf } from './attachment.ts';
import { createTask, readTask } from './task.ts';
import { addTaskComment } from './task-comment.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const ref = (sha: string, id = sha.slice(0, 6)) => ({
  id,
  name: 'Công văn 125.pdf',
  mimeType: 'application/pdf',
  size: 10,
  sha256: sha,
});

describe('attachment references', () => {
  it('finds the hashes an entry references, once each, and nothing in other fields', () => {
    expect(attachmentHashesOf({ text: 'x', attachments: [ref(A), ref(B), ref(A, 'again')] })).toEqual([A, B]);
    expect(attachmentHashesOf([ref(B)])).toEqual([B]);
    expect(attachmentHashesOf({ text: A, note: { sha256: A } })).toEqual([]);
    expect(attachmentHashesOf({ attachments: [{ sha256: 'not-a-hash' }] })).toEqual([]);
    expect(attachmentHashesOf(null)).toEqual([]);
  });

  it('travels with a directive and a comment; a comment needs text or a file', () => {
    const doc = new Y.Doc();
    createTask(doc, {
      id: 't1',
      title: 'Khắc phục ngập úng',
      issuerId: 'u1',
      issuerUnitId: 'vp',
      deadline: '2026-12-15',
      recipients: [{ id: 'p1', kind: 'unit' }],
      at: 1,
      attachments: [ref(A)],
    });
    addTaskComment(doc, { id: 'c1', by: 'u1', at: 2, text: '', attachments: [ref(B)] });
    expect(() => addTaskComment(doc, { id: 'c2', by: 'u1', at: 3, text: '  ' })).toThrow();
    const task = readTask(doc);
    expect(task?.attachments.map((a) => a.sha256)).toEqual([A]);
    expect(task?.comments.map((c) => c.attachments?.[0]?.sha256)).toEqual([B]);
  });
});
