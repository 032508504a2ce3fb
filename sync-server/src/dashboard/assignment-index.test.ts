import {
  addProgressReport,
  addRecipient,
  createTask,
  decideExtension,
  linkSubAssignment,
  readTask,
  removeRecipient,
  requestExtension,
  setAssignmentStatus,
  setTaskDeadline,
  syncUpdate,
  type TaskStatus,
} from '@thongsuot/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readAssignmentIndex } from '../storage/assignment-table.ts';
import { openDatabase } from '../storage/sqlite-database.ts';
import { changeOf } from '../testing/fixtures.ts';
import type { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';
import { rebuildAssignmentIndex } from './rebuild-index.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

/**
 * The assignment index is written in each write's transaction, from what the relay checked and
 * stamped (docs/design.md §14); the backfill rebuilds it from the stored docs alone. After random
 * histories of real writes over real sockets — refused ones included — the two are equal.
 */
const RECIPIENTS = [
  { id: 'phuong-ben-thanh', kind: 'unit', actor: 'benthanh.cv', leader: 'benthanh' },
  { id: 'phuong-sai-gon', kind: 'unit', actor: 'saigon.vt', leader: 'saigon' },
  { id: 'so-noi-vu', kind: 'unit', actor: 'sonoivu', leader: 'sonoivu' },
  { id: 'u-benthanh-cv', kind: 'person', actor: 'benthanh.cv', leader: 'benthanh.cv' },
] as const;
const USER_IDS: Record<string, string> = {
  chutich: 'u-chutich',
  benthanh: 'u-benthanh',
  'benthanh.cv': 'u-benthanh-cv',
  saigon: 'u-saigon',
  'saigon.vt': 'u-saigon-vt',
  sonoivu: 'u-sonoivu',
};
const STAGES: TaskStatus[] = ['read', 'in_progress', 'reported', 'completed', 'in_progress'];

const opArb = fc.record({
  kind: fc.constantFrom('stage', 'stage', 'report', 'ask', 'decide', 'remove', 'add', 'deadline', 'handDown'),
  task: fc.nat(3),
  recipient: fc.nat(3),
  stage: fc.nat(STAGES.length - 1),
  number: fc.integer({ min: 0, max: 100 }),
  approve: fc.boolean(),
});
type Op = typeof opArb extends fc.Arbitrary<infer A> ? A : never;

describe('the assignment index (docs/design.md §14)', () => {
  let server: TestServer;
  const peers = new Map<string, TestPeer>();
  let ref = 0;

  beforeAll(async () => {
    server = await new TestServer().start();
    for (const username of Object.keys(USER_IDS)) peers.set(username, await server.peer(username));
  });
  afterAll(async () => {
    for (const peer of peers.values()) peer.close();
    await server.stop();
  });

  /** What the relay accepted of each doc, and each person's own replica (their own client id). */
  const truth = new Map<string, Y.Doc>();
  const replicas = new Map<string, Y.Doc>();

  async function act(username: string, docId: string, edit: (doc: Y.Doc) => void): Promise<boolean> {
    const key = `${username}|${docId}`;
    const replica = replicas.get(key) ?? new Y.Doc();
    replicas.set(key, replica);
    const accepted = truth.get(docId) ?? new Y.Doc();
    truth.set(docId, accepted);
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(accepted));
    let update: Uint8Array;
    try {
      update = changeOf(replica, edit);
    } catch {
      replicas.delete(key);
      return false; // the model itself refuses (no such assignment, already decided, …)
    }
    if (update.length <= 2) return false;
    const peer = peers.get(username) as TestPeer;
    const r = ++ref;
    peer.send({ type: 'sync', docId, ref: r, payload: syncUpdate(update) });
    const verdict = await peer.verdict(r);
    if (verdict.type === 'ack') Y.applyUpdate(accepted, update);
    else replicas.delete(key); // refused: this person's copy starts again from what was accepted
    return verdict.type === 'ack';
  }

  async function run(prefix: string, ops: Op[]): Promise<number> {
    let accepted = 0;
    const now = Date.now();
    for (let t = 0; t < 4; t++) {
      const ok = await act('chutich', `task/${prefix}${t}`, (d) =>
        createTask(d, {
          id: `${prefix}${t}`,
          title: `Chỉ đạo ${t}`,
          issuerId: 'u-chutich',
          issuerUnitId: 'ubnd-tp',
          deadline: t % 2 ? '2026-01-15' : '2099-12-31',
          recipients: RECIPIENTS.slice(0, 2 + (t % 3)).map((r) => ({ id: r.id, kind: r.kind })),
          at: now,
        }),
      );
      expect(ok).toBe(true);
    }
    for (const [n, op] of ops.entries()) {
      const taskId = `${prefix}${op.task}`;
      const docId = `task/${taskId}`;
      const rec = RECIPIENTS[op.recipient] as (typeof RECIPIENTS)[number];
      const at = Date.now();
      let ok = false;
      switch (op.kind) {
        case 'stage': {
          const stage = STAGES[op.stage] as TaskStatus;
          const who = stage === 'completed' || (stage === 'in_progress' && op.approve) ? 'chutich' : rec.actor;
          ok = await act(who, docId, (d) => setAssignmentStatus(d, rec.id, stage, USER_IDS[who] as string, at));
          break;
        }
        case 'report':
          ok = await act(rec.actor, docId, (d) =>
            addProgressReport(d, {
              id: `${taskId}-r${n}`,
              recipientId: rec.id,
              by: USER_IDS[rec.actor] as string,
              at,
              text: 'Đã triển khai',
              percent: op.number,
            }),
          );
          break;
        case 'ask':
          ok = await act(rec.leader, docId, (d) =>
            requestExtension(d, {
              id: `${taskId}-x${n}`,
              recipientId: rec.id,
              by: USER_IDS[rec.leader] as string,
              at,
              proposedDeadline: `2100-01-${String(1 + (op.number % 28)).padStart(2, '0')}`,
              reason: 'Cần thêm thời gian',
            }),
          );
          break;
        case 'decide': {
          const pending = readTask(truth.get(docId) ?? new Y.Doc())?.extensionRequests.find((r) => r.decision === null);
          if (!pending) break;
          ok = await act('chutich', docId, (d) =>
            decideExtension(d, pending.id, {
              outcome: op.approve ? 'approved' : 'rejected',
              by: 'u-chutich',
              at,
              reason: '',
            }),
          );
          break;
        }
        case 'remove':
          ok = await act('chutich', docId, (d) => removeRecipient(d, rec.id, 'u-chutich', at));
          break;
        case 'add':
          ok = await act('chutich', docId, (d) => addRecipient(d, { id: rec.id, kind: rec.kind }, 'u-chutich', at));
          break;
        case 'deadline':
          ok = await act('chutich', docId, (d) =>
            setTaskDeadline(d, op.approve ? '2026-02-01' : '2099-06-30', 'u-chutich', at),
          );
          break;
        case 'handDown': {
          // The ward hands its assignment down to one of its people: a child task the city monitors.
          const childId = `${taskId}-c${n}`;
          ok = await act('benthanh', `task/${childId}`, (d) =>
            createTask(d, {
              id: childId,
              title: 'Giao lại cho chuyên viên',
              issuerId: 'u-benthanh',
              issuerUnitId: 'phuong-ben-thanh',
              deadline: '2026-01-10',
              recipients: [{ id: 'u-benthanh-cv', kind: 'person' }],
              parent: { taskId, recipientId: 'phuong-ben-thanh', monitors: ['user:u-chutich', 'unit:ubnd-tp'] },
              at,
            }),
          );
          if (ok) {
            await act('benthanh', docId, (d) =>
              linkSubAssignment(d, {
                childTaskId: childId,
                recipientId: 'phuong-ben-thanh',
                by: 'u-benthanh',
                at,
                title: 'Giao lại',
              }),
            );
          }
          break;
        }
      }
      if (ok) accepted++;
    }
    return accepted;
  }

  it('equals a from-scratch rebuild from the stored docs after random histories of real writes', async () => {
    let round = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 20, maxLength: 60 }), async (ops) => {
        accepted += await run(`ix${round++}-`, ops);
        await server.app.context.hub.drain();
        const db = openDatabase(server.databasePath);
        try {
          const live = readAssignmentIndex(db).rows;
          const result = rebuildAssignmentIndex(db, Date.now());
          expect(result.rows).toBe(live.length);
          expect(readAssignmentIndex(db).rows).toEqual(live);
        } finally {
          db.close();
        }
      }),
      { seed: 1412, numRuns: 4 },
    );
    // The histories did exercise the relay: most writes were accepted, and rows carry relay times.
    expect(accepted).toBeGreaterThan(60);
    const rows = (await server.app.context.docs.assignmentIndex()).rows;
    expect(rows.some((r) => r.completedAt !== null)).toBe(true);
    expect(rows.some((r) => r.extensionPending)).toBe(true);
    expect(rows.some((r) => r.monitorUnits.includes('ubnd-tp'))).toBe(true);
  });
});
