import {
  addRecipient,
  postMessage,
  readSyncPayload,
  removeConversationMember,
  removeRecipient,
  syncUpdate,
} from '@thongsuot/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf, newConversation, newTask } from '../testing/fixtures.ts';
import { isAck, isError, isSync, isUnsubscribed } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

describe('access that changes while connected (docs/design.md §4, §5, §9)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await new TestServer({ sessionCheckMs: 250 }).start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('closes the socket of a session revoked elsewhere within 5 seconds', async () => {
    const token = await server.token('benthanh');
    const { TestPeer } = await import('../testing/test-peer.ts');
    const peer = await TestPeer.connect(server.wsUrl, { authorization: `Bearer ${token}` });
    const closed = peer.closed();
    const started = Date.now();
    const { createHash } = await import('node:crypto');
    // An administrator revokes the session directly: no sign-out request closes the socket.
    server.app.context.accounts.revokeSession(createHash('sha256').update(token).digest('base64url'), Date.now());
    expect(await closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('unsubscribes a member removed from a conversation at once, and relays nothing more to them', async () => {
    const owner = await server.peer('vanphong');
    const member = await server.peer('benthanh');
    const conv = newConversation('g1', 'u-vanphong', ['u-vanphong', 'u-benthanh']);
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
    await owner.next(isAck);
    expect(readSyncPayload((await member.next(isSync)).payload).kind).toBe('step2');

    const removal = changeOf(conv, (d) => removeConversationMember(d, 'u-benthanh', 'u-vanphong', 1_700_000_002_000));
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 2, payload: syncUpdate(removal) });
    await owner.next(isAck);
    expect((await member.next(isUnsubscribed)).docIds).toEqual(['conv/g1']);

    const later = changeOf(conv, (d) =>
      postMessage(d, { id: 'm1', by: 'u-vanphong', at: 1_700_000_003_000, text: 'Riêng' }),
    );
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 3, payload: syncUpdate(later) });
    await owner.next(isAck);
    await expect(member.next(isSync, 300)).rejects.toThrow('timed out');
    // The conversation-membership projection followed.
    const { openDatabase } = await import('../storage/sqlite-database.ts');
    const db = openDatabase(server.databasePath);
    expect(db.prepare("SELECT person_id FROM conv_members WHERE doc_id = 'conv/g1'").pluck().all()).toEqual([
      'u-vanphong',
    ]);
    expect(db.prepare("SELECT action FROM audit_log WHERE doc_id = 'conv/g1' ORDER BY id").pluck().all()).toEqual([
      'conv.create',
      'conv.members',
    ]);
    db.close();
    owner.close();
    member.close();
  });

  it('refuses a recipient changing the recipients; the issuer may, and the task index follows', async () => {
    const office = await server.peer('vanphong');
    const task = newTask('r1');
    office.send({ type: 'sync', docId: 'task/r1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
    await office.next(isAck);

    const ward = await server.peer('benthanh');
    const wardCopy = copyOf(task);
    const sneaky = changeOf(wardCopy, (d) =>
      addRecipient(d, { id: 'phuong-sai-gon', kind: 'unit' }, 'u-benthanh', 1_700_000_002_000),
    );
    ward.send({ type: 'sync', docId: 'task/r1', ref: 7, payload: syncUpdate(sneaky) });
    expect(await ward.next(isError)).toMatchObject({ ref: 7, code: 'forbidden' });

    const saigon = await server.peer('saigon');
    const reassign = changeOf(task, (d) => {
      addRecipient(d, { id: 'phuong-sai-gon', kind: 'unit' }, 'u-vanphong', 1_700_000_003_000);
      removeRecipient(d, 'phuong-ben-thanh', 'u-vanphong', 1_700_000_003_000);
    });
    office.send({ type: 'sync', docId: 'task/r1', ref: 2, payload: syncUpdate(reassign) });
    const verdict = await Promise.race([office.next(isAck), office.next(isError)]);
    expect(verdict.type).toBe('ack');
    // The new recipient gets the whole task; the old one is unsubscribed.
    expect(readSyncPayload((await saigon.next(isSync)).payload).kind).toBe('step2');
    expect((await ward.next(isUnsubscribed)).docIds).toEqual(['task/r1']);
    const { openDatabase } = await import('../storage/sqlite-database.ts');
    const db = openDatabase(server.databasePath);
    expect(db.prepare("SELECT recipients FROM task_index WHERE doc_id = 'task/r1'").pluck().get()).toContain(
      'phuong-sai-gon',
    );
    expect(db.prepare("SELECT action FROM audit_log WHERE doc_id = 'task/r1' ORDER BY id").pluck().all()).toEqual([
      'task.assign',
      // The ward's attempt to change the recipients, refused, in the ward's name.
      'write.refused',
      'task.recipients',
    ]);
    db.close();
    for (const p of [office, ward, saigon]) p.close();
  });
});
