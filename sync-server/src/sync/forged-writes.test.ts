import {
  addConversationMember,
  addProgressReport,
  addReminder,
  addTaskComment,
  addTaskWatcher,
  appendTaskEvent,
  appendToLog,
  caseConversationId,
  caseThreadId,
  createBulletin,
  createCaseThread,
  createConversation,
  createTask,
  createUnitPage,
  createUserDoc,
  directConversationId,
  linkSubAssignment,
  markDelivered,
  messagePeriod,
  patchUnitFacts,
  postMessage,
  publishAnnouncement,
  publishPublicKey,
  putDirectoryPerson,
  putDivision,
  RELAY_CLIENT_ID,
  readConversation,
  readReceipts,
  readSyncPayload,
  readTask,
  readUnitPage,
  removeConversationMember,
  requestExtension,
  setAssignmentStatus,
  setBulletinAudience,
  setConversationTitle,
  setDirectoryAdmin,
  setPreferences,
  setReadMarker,
  setTaskBody,
  setTaskPriority,
  setTaskTitle,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf, newConversation, newTask } from '../testing/fixtures.ts';
import { SignedInPeers } from '../testing/signed-in-peers.ts';
import { isAck, isReceipt, isSync, type TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

/**
 * Forged writes through the real relay (docs/security.md): each is what a signed-in official
 * could send by hand. Every one must be refused with `forbidden`, leave the stored doc as it
 * was, and reach no other device: after the refusal a legitimate change follows, and the
 * observing device's next frame for the doc must be that change, not the forgery.
 */
const AT = 1_700_000_000_000;
let server: TestServer;
const peers = new SignedInPeers(() => server);
/** Fresh devices that watch a doc, closed after the file's tests. */
const observers: TestPeer[] = [];
let seq = 0;
const peer = (username: string) => peers.peer(username);
const send = (username: string, docId: string, update: Uint8Array) => peers.send(username, docId, update);

async function accepted(username: string, docId: string, update: Uint8Array): Promise<void> {
  const answer = await send(username, docId, update);
  expect(answer, `${username} writing ${docId}`).toMatchObject({ type: 'ack' });
}

async function stored(docId: string): Promise<Uint8Array> {
  const updates = await server.app.context.docs.loadUpdates(docId);
  return updates.length === 0 ? new Uint8Array([0, 0]) : Y.mergeUpdates(updates);
}

/** A fresh device of the observer, subscribed to the doc (a sync step 1), its answer drained. */
async function observe(username: string, docId: string): Promise<TestPeer> {
  const p = await server.peer(username);
  observers.push(p);
  p.send({ type: 'sync', docId, ref: 0, payload: syncStep1(new Uint8Array([0])) });
  await p.next((m): m is Extract<typeof m, { type: 'sync' }> => isSync(m) && m.docId === docId);
  return p;
}

interface Forgery {
  readonly by: string;
  readonly docId: string;
  readonly update: Uint8Array;
  /** A reader of the doc who must not receive the forgery, and a legitimate change that follows it. */
  readonly observer?: { readonly username: string; readonly writer: string; readonly marker: Uint8Array };
}

async function expectRefused(forgery: Forgery): Promise<string> {
  const before = await stored(forgery.docId);
  const watcher = forgery.observer ? await observe(forgery.observer.username, forgery.docId) : null;
  const answer = await send(forgery.by, forgery.docId, forgery.update);
  expect(answer).toMatchObject({ type: 'error', code: 'forbidden' });
  expect(await stored(forgery.docId)).toEqual(before);
  if (watcher && forgery.observer) {
    await accepted(forgery.observer.writer, forgery.docId, forgery.observer.marker);
    const next = await watcher.next(
      (m): m is Extract<typeof m, { type: 'sync' }> => isSync(m) && m.docId === forgery.docId,
    );
    const payload = readSyncPayload(next.payload);
    const delivered = payload.kind === 'step1' ? new Uint8Array() : payload.update;
    // The marker, with the relay's receipt for it: nothing under any other client id.
    const writers = (u: Uint8Array) => new Set(Y.decodeUpdate(u).structs.map((x) => x.id.client));
    const expected = writers(forgery.observer.marker);
    expect([...writers(delivered)].filter((c) => !expected.has(c) && c !== RELAY_CLIENT_ID)).toEqual([]);
    expect([...expected].every((c) => writers(delivered).has(c))).toBe(true);
  }
  return answer.type === 'error' ? answer.message : '';
}

/** A task created and stored by the City Office for Phường Bến Thành; returns its doc and id. */
async function storedTask(recipient = 'phuong-ben-thanh'): Promise<{ doc: Y.Doc; docId: string; id: string }> {
  const id = `ft${++seq}`;
  const doc = newTask(id, recipient);
  await accepted('vanphong', `task/${id}`, Y.encodeStateAsUpdate(doc));
  return { doc, docId: `task/${id}`, id };
}

/** A comment the issuer adds: the legitimate change that follows a refused forgery. */
function issuerComment(doc: Y.Doc): Uint8Array {
  return changeOf(doc, (d) => addTaskComment(d, { id: `c${++seq}`, by: 'u-vanphong', at: AT + 10, text: 'Đã nhận.' }));
}

/** An update adding one raw struct, hand-encoded: what no Yjs API would produce. */
function rawItem(client: number, clock: number, root: string, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, 1); // structs of this client
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 1); // ContentDeleted, no origins, no parentSub
  encoding.writeVarUint(e, 1); // parent named by its root key
  encoding.writeVarString(e, root);
  encoding.writeVarUint(e, length);
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/**
 * A task Bến Thành's chairman hands down to his clerk, naming `parent` (with the monitors above
 * it, and the origin it claims): the doc id and the update that creates it.
 */
function handDown(parent: {
  readonly id?: string;
  readonly taskId: string;
  readonly recipientId: string;
  readonly monitors?: readonly string[];
  readonly sourceLevel?: 'government_office';
}): { docId: string; update: Uint8Array } {
  const id = parent.id ?? `ft${++seq}`;
  const doc = new Y.Doc();
  createTask(doc, {
    id,
    title: 'Giao lại cho chuyên viên',
    issuerId: 'u-benthanh',
    issuerUnitId: 'phuong-ben-thanh',
    deadline: '2026-12-31',
    recipients: [{ id: 'u-benthanh-cv', kind: 'person' }],
    ...(parent.sourceLevel ? { sourceLevel: parent.sourceLevel } : {}),
    parent: {
      taskId: parent.taskId,
      recipientId: parent.recipientId,
      monitors: [...(parent.monitors ?? ['user:u-vanphong'])] as never,
    },
    at: AT,
  });
  return { docId: `task/${id}`, update: Y.encodeStateAsUpdate(doc) };
}

beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  peers.close();
  for (const p of observers) p.close();
  await server.stop();
});

describe('creation is checked as a change from the empty doc', () => {
  it('refuses a task created already holding a report in another person’s name', async () => {
    const doc = newTask(`ft${++seq}`);
    addProgressReport(doc, {
      id: 'r1',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: AT + 1,
      text: 'Đã hoàn thành',
      percent: 100,
    });
    await expectRefused({ by: 'vanphong', docId: `task/${readTask(doc)?.id}`, update: Y.encodeStateAsUpdate(doc) });
  });

  it('refuses a task created with a recipient’s stage written in another person’s name', async () => {
    const doc = newTask(`ft${++seq}`);
    setAssignmentStatus(doc, 'phuong-ben-thanh', 'read', 'u-benthanh', AT + 1);
    await expectRefused({ by: 'vanphong', docId: `task/${readTask(doc)?.id}`, update: Y.encodeStateAsUpdate(doc) });
  });

  it('refuses a task created with work already done, even in the issuer’s own name', async () => {
    const doc = newTask(`ft${++seq}`);
    setAssignmentStatus(doc, 'phuong-ben-thanh', 'completed', 'u-vanphong', AT + 1);
    await expectRefused({ by: 'vanphong', docId: `task/${readTask(doc)?.id}`, update: Y.encodeStateAsUpdate(doc) });
  });

  it('refuses a task created with a comment or an event in another person’s name', async () => {
    const commented = newTask(`ft${++seq}`);
    addTaskComment(commented, { id: 'c1', by: 'u-chutich', at: AT + 1, text: 'Đồng ý' });
    await expectRefused({
      by: 'vanphong',
      docId: `task/${readTask(commented)?.id}`,
      update: Y.encodeStateAsUpdate(commented),
    });
    const evented = newTask(`ft${++seq}`);
    evented.transact(() => appendTaskEvent(evented, 'status_changed', 'u-benthanh', AT + 1, 'phuong-ben-thanh:read'));
    await expectRefused({
      by: 'vanphong',
      docId: `task/${readTask(evented)?.id}`,
      update: Y.encodeStateAsUpdate(evented),
    });
  });

  it('refuses a conversation created holding a message or a read marker of another person', async () => {
    const withMessage = newConversation(`g${++seq}`, 'u-benthanh', ['u-benthanh', 'u-saigon']);
    withMessage.getArray('messages').push([{ id: 'm1', by: 'u-saigon', at: AT + 1, text: 'Tôi đồng ý' }]);
    await expectRefused({ by: 'benthanh', docId: `conv/g${seq}`, update: Y.encodeStateAsUpdate(withMessage) });

    const withMarker = newConversation(`g${++seq}`, 'u-benthanh', ['u-benthanh', 'u-saigon']);
    setReadMarker(withMarker, 'u-saigon', { messageId: 'm1', at: AT + 1 });
    await expectRefused({ by: 'benthanh', docId: `conv/g${seq}`, update: Y.encodeStateAsUpdate(withMarker) });
  });
});

describe('ids are bound to their content and their owner', () => {
  it('refuses another person’s user doc, whatever its content names, and lets its owner create it after', async () => {
    const theirs = new Y.Doc();
    createUserDoc(theirs, 'u-saigon');
    await expectRefused({ by: 'benthanh', docId: 'user/u-saigon', update: Y.encodeStateAsUpdate(theirs) });
    const mine = new Y.Doc();
    createUserDoc(mine, 'u-benthanh');
    await expectRefused({ by: 'benthanh', docId: 'user/u-saigon', update: Y.encodeStateAsUpdate(mine) });
    // The squatting failed: the owner's own device still creates it.
    await accepted('saigon', 'user/u-saigon', Y.encodeStateAsUpdate(theirs));
  });

  it('refuses another unit’s bulletin, and a bulletin whose content names another unit', async () => {
    const theirs = new Y.Doc();
    createBulletin(theirs, 'phuong-sai-gon', { kind: 'all' });
    await expectRefused({ by: 'benthanh', docId: 'bulletin/phuong-sai-gon', update: Y.encodeStateAsUpdate(theirs) });
    const mine = new Y.Doc();
    createBulletin(mine, 'phuong-ben-thanh', { kind: 'all' });
    await expectRefused({ by: 'benthanh', docId: 'bulletin/phuong-sai-gon', update: Y.encodeStateAsUpdate(mine) });
  });

  it('refuses the direct conversation of two other people, and a group under a reserved id', async () => {
    const id = directConversationId('u-saigon', 'u-cangio');
    const direct = new Y.Doc();
    createConversation(direct, {
      id,
      kind: 'direct',
      title: '',
      createdBy: 'u-saigon',
      at: AT,
      members: ['u-saigon', 'u-cangio'],
    });
    await expectRefused({ by: 'benthanh', docId: `conv/${id}`, update: Y.encodeStateAsUpdate(direct) });
    const mine = new Y.Doc();
    createConversation(mine, {
      id: 'g-x',
      kind: 'group',
      title: 'Nhóm',
      createdBy: 'u-benthanh',
      at: AT,
      members: ['u-benthanh', 'u-cangio'],
    });
    // The same content under the id of their direct conversation.
    const squat = newConversation(id, 'u-benthanh', ['u-benthanh', 'u-cangio']);
    await expectRefused({ by: 'benthanh', docId: `conv/${id}`, update: Y.encodeStateAsUpdate(squat) });
    const caseSquat = newConversation('case-t999', 'u-benthanh', ['u-benthanh']);
    await expectRefused({ by: 'benthanh', docId: 'conv/case-t999', update: Y.encodeStateAsUpdate(caseSquat) });
  });

  it('refuses a task whose content names a different id, and re-creating a task that exists', async () => {
    const doc = newTask('another-id');
    await expectRefused({ by: 'vanphong', docId: `task/ft${++seq}`, update: Y.encodeStateAsUpdate(doc) });
    const { doc: existing, docId } = await storedTask();
    const again = new Y.Doc();
    createTask(again, {
      id: docId.slice('task/'.length),
      title: 'Nội dung khác',
      issuerId: 'u-benthanh',
      issuerUnitId: 'phuong-ben-thanh',
      deadline: '2026-12-31',
      recipients: [{ id: 'phuong-sai-gon', kind: 'unit' }],
      at: AT,
    });
    await expectRefused({
      by: 'benthanh',
      docId,
      update: Y.encodeStateAsUpdate(again),
      observer: { username: 'benthanh', writer: 'vanphong', marker: issuerComment(existing) },
    });
  });
});

describe('claims about other docs are checked against them', () => {
  it('refuses a Government Office directive registered by a ward leader through a parent that does not exist', async () => {
    const forged = handDown({
      taskId: 'no-such-task',
      recipientId: 'phuong-ben-thanh',
      sourceLevel: 'government_office',
    });
    const message = await expectRefused({ by: 'benthanh', ...forged });
    expect(message).toContain('Nhiệm vụ cấp trên không tồn tại');
  });

  it('refuses a task that is its own parent, and two new tasks naming each other, without waiting on itself', async () => {
    const self = `ft${++seq}`;
    await expectRefused({ by: 'benthanh', ...handDown({ id: self, taskId: self, recipientId: 'phuong-ben-thanh' }) });
    const [a, b] = [`ft${++seq}`, `ft${++seq}`];
    const [first, second] = await Promise.all(
      [
        handDown({ id: a, taskId: b, recipientId: 'phuong-ben-thanh' }),
        handDown({ id: b, taskId: a, recipientId: 'phuong-ben-thanh' }),
      ].map((w) => send('benthanh', w.docId, w.update)),
    );
    expect(first).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(second).toMatchObject({ type: 'error', code: 'forbidden' });
  });

  it('hands down only an assignment the creator holds, keeping the parent’s origin and monitors', async () => {
    // Bến Thành's chairman does not hold Sài Gòn's assignment.
    const theirs = await storedTask('phuong-sai-gon');
    await expectRefused({ by: 'benthanh', ...handDown({ taskId: theirs.id, recipientId: 'phuong-sai-gon' }) });
    const held = await storedTask('phuong-ben-thanh');
    const own = { taskId: held.id, recipientId: 'phuong-ben-thanh' };
    await expectRefused({
      by: 'benthanh',
      ...handDown({ ...own, monitors: ['user:u-vanphong', 'unit:phuong-sai-gon'] }),
    });
    await expectRefused({ by: 'benthanh', ...handDown({ ...own, sourceLevel: 'government_office' }) });
    const legit = handDown({ ...own, monitors: ['user:u-vanphong', 'unit:vp-ubnd'] });
    await accepted('benthanh', legit.docId, legit.update);
  });

  it('lets only the task’s issuer side start its case group, and only for a task that exists', async () => {
    const task = await storedTask();
    const caseGroup = (createdBy: string, taskId: string) => {
      const doc = new Y.Doc();
      createConversation(doc, {
        id: caseConversationId(taskId),
        kind: 'case',
        title: 'Nhóm xử lý',
        taskId,
        createdBy,
        at: AT,
        members: [createdBy],
      });
      return Y.encodeStateAsUpdate(doc);
    };
    await expectRefused({
      by: 'saigon',
      docId: `conv/${caseConversationId(task.id)}`,
      update: caseGroup('u-saigon', task.id),
    });
    await expectRefused({ by: 'vanphong', docId: 'conv/case-nothing', update: caseGroup('u-vanphong', 'nothing') });
    await accepted('vanphong', `conv/${caseConversationId(task.id)}`, caseGroup('u-vanphong', task.id));
  });

  it('lets the issuer side or the recipient itself start or join the case’s thread with it, both at once, nobody else', async () => {
    const task = await storedTask();
    const thread = (writer: string, recipientId: string, issuerId = 'u-vanphong') => {
      const doc = new Y.Doc();
      createCaseThread(doc, {
        taskId: task.id,
        recipientId,
        title: 'Trao đổi riêng',
        issuerId,
        writer,
        at: AT,
        members: [writer],
      });
      return doc;
    };
    const docId = `conv/${caseThreadId(task.id, 'phuong-ben-thanh')}`;
    // Another ward, a recipient the task does not have, and a thread not in the issuer's name are refused.
    await expectRefused({ by: 'saigon', docId, update: Y.encodeStateAsUpdate(thread('u-saigon', 'phuong-ben-thanh')) });
    await expectRefused({
      by: 'vanphong',
      docId: `conv/${caseThreadId(task.id, 'phuong-sai-gon')}`,
      update: Y.encodeStateAsUpdate(thread('u-vanphong', 'phuong-sai-gon')),
    });
    await expectRefused({
      by: 'benthanh.cv',
      docId,
      update: Y.encodeStateAsUpdate(thread('u-benthanh-cv', 'phuong-ben-thanh', 'u-benthanh-cv')),
    });
    // The issuer and the ward's clerk start it at once, each offline: both are taken, in one thread.
    const issuerSide = thread('u-vanphong', 'phuong-ben-thanh');
    const wardSide = thread('u-benthanh-cv', 'phuong-ben-thanh');
    await accepted('vanphong', docId, Y.encodeStateAsUpdate(issuerSide));
    await accepted('benthanh.cv', docId, Y.encodeStateAsUpdate(wardSide));
    const kept = new Y.Doc();
    Y.applyUpdate(kept, await stored(docId));
    const merged = readConversation(kept);
    expect(merged).toMatchObject({ recipientId: 'phuong-ben-thanh', taskId: task.id, createdBy: 'u-vanphong' });
    expect(merged?.members.map((m) => [m.personId, m.role])).toEqual([
      ['u-benthanh-cv', 'member'],
      ['u-vanphong', 'owner'],
    ]);
    // Someone of another ward cannot join it; nobody re-targets it at another recipient.
    await expectRefused({
      by: 'saigon',
      docId,
      update: changeOf(copyOf(kept), (d) => addConversationMember(d, 'u-saigon', 'member', 'u-saigon', AT + 1)),
    });
    await expectRefused({
      by: 'benthanh.cv',
      docId,
      update: changeOf(copyOf(kept), (d) => d.getMap('meta').set('recipientId', 'phuong-sai-gon')),
    });
    // The ward's chairman joins it himself.
    await accepted(
      'benthanh',
      docId,
      changeOf(copyOf(kept), (d) => addConversationMember(d, 'u-benthanh', 'member', 'u-benthanh', AT + 2)),
    );
  });
});

describe('entries name their authors, and nobody removes another person’s', () => {
  it('refuses a recipient’s stage recorded with another person as its author', async () => {
    const { doc, docId } = await storedTask();
    const clerk = copyOf(doc);
    const forged = changeOf(clerk, (d) => setAssignmentStatus(d, 'phuong-ben-thanh', 'read', 'u-benthanh', AT + 5));
    await expectRefused({
      by: 'benthanh.cv',
      docId,
      update: forged,
      observer: { username: 'benthanh', writer: 'vanphong', marker: issuerComment(doc) },
    });
  });

  it('takes “received” only from a device on the recipient’s side, in its own name, once, with a receipt', async () => {
    const { doc, docId } = await storedTask();
    const issuer = copyOf(doc);
    // The issuer side cannot say a ward has it; nor a ward clerk in his chairman's name.
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(issuer, (d) => markDelivered(d, 'phuong-ben-thanh', 'u-vanphong', AT + 5)),
    });
    const clerk = copyOf(doc);
    await expectRefused({
      by: 'benthanh.cv',
      docId,
      update: changeOf(clerk, (d) => markDelivered(d, 'phuong-ben-thanh', 'u-benthanh', AT + 5)),
    });
    const own = copyOf(doc);
    await accepted(
      'benthanh.cv',
      docId,
      changeOf(own, (d) => markDelivered(d, 'phuong-ben-thanh', 'u-benthanh-cv', AT + 5)),
    );
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await stored(docId));
    expect(readTask(copy)?.deliveries).toEqual([{ recipientId: 'phuong-ben-thanh', by: 'u-benthanh-cv', at: AT + 5 }]);
    expect(readReceipts(copy).get('deliveries/phuong-ben-thanh/u-benthanh-cv')).toBeGreaterThan(AT);
    // Once recorded, nobody — its author included — moves it.
    await expectRefused({
      by: 'benthanh.cv',
      docId,
      update: changeOf(copy, (d) =>
        d.getMap('deliveries').set('phuong-ben-thanh/u-benthanh-cv', { at: AT + 9, by: 'u-benthanh-cv' }),
      ),
    });
  });

  it('refuses reports, comments, extension requests and decisions in another person’s name', async () => {
    const { doc, docId } = await storedTask();
    const ward = copyOf(doc);
    const report = changeOf(ward, (d) =>
      addProgressReport(d, {
        id: 'r9',
        recipientId: 'phuong-ben-thanh',
        by: 'u-benthanh',
        at: AT + 5,
        text: 'Xong',
        percent: 100,
      }),
    );
    await expectRefused({ by: 'benthanh.cv', docId, update: report });
    const comment = changeOf(copyOf(doc), (d) =>
      addTaskComment(d, { id: 'c9', by: 'u-vanphong', at: AT + 5, text: 'Giả mạo' }),
    );
    await expectRefused({ by: 'benthanh', docId, update: comment });
    const request = changeOf(copyOf(doc), (d) =>
      requestExtension(d, {
        id: 'x9',
        recipientId: 'phuong-ben-thanh',
        by: 'u-benthanh',
        at: AT + 5,
        proposedDeadline: '2027-01-31',
        reason: 'Mưa lớn',
      }),
    );
    await expectRefused({ by: 'benthanh.cv', docId, update: request });
    // The real request, then a decision the issuer signs with the Chairman's name.
    const real = copyOf(doc);
    await accepted(
      'benthanh',
      docId,
      changeOf(real, (d) =>
        requestExtension(d, {
          id: 'x10',
          recipientId: 'phuong-ben-thanh',
          by: 'u-benthanh',
          at: AT + 6,
          proposedDeadline: '2027-01-31',
          reason: 'Mưa lớn',
        }),
      ),
    );
    const decided = changeOf(real, (d) =>
      d.getMap('decisions').set('x10', { outcome: 'approved', by: 'u-chutich', at: AT + 7, reason: '' }),
    );
    await expectRefused({ by: 'vanphong', docId, update: decided });
  });

  it('refuses removing a progress report (the log is append-only)', async () => {
    const { doc, docId } = await storedTask();
    const ward = copyOf(doc);
    await accepted(
      'benthanh',
      docId,
      changeOf(ward, (d) =>
        addProgressReport(d, {
          id: 'r1',
          recipientId: 'phuong-ben-thanh',
          by: 'u-benthanh',
          at: AT + 5,
          text: 'Đang làm',
          percent: 40,
        }),
      ),
    );
    const issuer = copyOf(ward);
    await expectRefused({ by: 'vanphong', docId, update: changeOf(issuer, (d) => d.getArray('reports').delete(0, 1)) });
  });

  it('refuses a member deleting or overwriting another member’s read marker', async () => {
    const id = `g${++seq}`;
    const conv = newConversation(id, 'u-benthanh', ['u-benthanh', 'u-saigon']);
    await accepted('benthanh', `conv/${id}`, Y.encodeStateAsUpdate(conv));
    const theirs = copyOf(conv);
    await accepted(
      'saigon',
      `conv/${id}`,
      changeOf(theirs, (d) => setReadMarker(d, 'u-saigon', { messageId: 'm1', at: AT + 3 })),
    );
    const mine = copyOf(theirs);
    await expectRefused({
      by: 'benthanh',
      docId: `conv/${id}`,
      update: changeOf(mine, (d) => d.getMap('read').delete('u-saigon')),
    });
    const again = copyOf(theirs);
    await expectRefused({
      by: 'benthanh',
      docId: `conv/${id}`,
      update: changeOf(again, (d) => setReadMarker(d, 'u-saigon', { messageId: 'm0', at: AT + 4 })),
    });
  });

  it('refuses a message in another member’s name in a month log', async () => {
    const id = `g${++seq}`;
    const conv = newConversation(id, 'u-benthanh', ['u-benthanh', 'u-saigon']);
    await accepted('benthanh', `conv/${id}`, Y.encodeStateAsUpdate(conv));
    const log = new Y.Doc();
    log.transact(() => {
      log.getMap('meta').set('schemaVersion', 1);
      log.getMap('meta').set('convId', id);
      log.getMap('meta').set('period', '202311');
      log.getArray('messages').push([{ id: 'm1', by: 'u-saigon', at: AT, text: 'Không phải tôi viết' }]);
    });
    await expectRefused({ by: 'benthanh', docId: `convlog/${id}_202311`, update: Y.encodeStateAsUpdate(log) });
  });

  it('refuses a message that takes the id of another member’s message, and takes the next one', async () => {
    const id = `g${++seq}`;
    const conv = newConversation(id, 'u-benthanh', ['u-benthanh', 'u-saigon']);
    await accepted('benthanh', `conv/${id}`, Y.encodeStateAsUpdate(conv));
    const logId = `convlog/${id}_${messagePeriod(AT)}`;
    const theirs = new Y.Doc();
    const mine = new Y.Doc();
    const post = (doc: Y.Doc, by: string, messageId: string, n: number) =>
      changeOf(doc, (d) => appendToLog(d, id, { id: messageId, by, at: AT + n, text: `Tin ${n}` }));
    await accepted('saigon', logId, post(theirs, 'u-saigon', 'm1', 1));
    await accepted('saigon', logId, post(theirs, 'u-saigon', 'm2', 2));
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs));
    // Shown under the id of Sài Gòn's message, it could stand in for it on every device.
    const shadow = changeOf(mine, (d) =>
      d.getArray('messages').push([{ id: 'm2', by: 'u-benthanh', at: AT + 3, text: 'Giả' }]),
    );
    await expectRefused({ by: 'benthanh', docId: logId, update: shadow });
    await accepted('benthanh', logId, post(copyOf(theirs), 'u-benthanh', 'm3', 4));
  });

  it('refuses an announcement in another leader’s name, and a key published for someone else', async () => {
    const bulletin = new Y.Doc();
    createBulletin(bulletin, 'phuong-ben-thanh', { kind: 'all' });
    await accepted('benthanh', 'bulletin/phuong-ben-thanh', Y.encodeStateAsUpdate(bulletin));
    const forged = changeOf(copyOf(bulletin), (d) =>
      publishAnnouncement(d, {
        id: 'a1',
        title: 'Thông báo khẩn',
        body: 'Nội dung',
        importance: 'urgent',
        audience: { kind: 'all' },
        by: 'u-chutich',
        at: AT,
      } as never),
    );
    await expectRefused({ by: 'benthanh', docId: 'bulletin/phuong-ben-thanh', update: forged });
  });
});

describe('nothing but the model, and no one else’s client id', () => {
  it('refuses unknown root types, unknown meta keys, map entries in a text and nested types', async () => {
    const { doc, docId } = await storedTask();
    const marker = () => ({ username: 'benthanh', writer: 'vanphong', marker: issuerComment(doc) });
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) => d.getMap('junk').set('x', 1)),
      observer: marker(),
    });
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) => d.getMap('meta').set('approvedBy', 'u-chutich')),
    });
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) => d.getText('title').format(0, 2, { bold: true })),
    });
    // 2,000 maps deep: applied on a browser's main thread, reading it overflowed the stack.
    const nested = changeOf(copyOf(doc), (d) => {
      let inner = d.getMap('watchers').set('user:u-chutich', new Y.Map<unknown>());
      for (let i = 0; i < 2_000; i++) inner = inner.set('x', new Y.Map<unknown>());
    });
    await expectRefused({ by: 'vanphong', docId, update: nested });
    let deep: unknown = 'đáy';
    for (let i = 0; i < 50; i++) deep = { deep };
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) =>
        d.getArray('comments').push([{ id: 'cx', by: 'u-vanphong', at: AT, text: 'x', deep }]),
      ),
    });
  });

  it('refuses entries holding keys the model does not know, and malformed ones as invalid', async () => {
    const { doc, docId } = await storedTask();
    const report = {
      id: 'rk',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: AT + 5,
      text: 'Xong',
      percent: 100,
    };
    await expectRefused({
      by: 'benthanh',
      docId,
      update: changeOf(copyOf(doc), (d) => d.getArray('reports').push([{ ...report, approvedBy: 'u-chutich' }])),
    });
    await expectRefused({
      by: 'benthanh',
      docId,
      update: changeOf(copyOf(doc), (d) =>
        d.getArray('reports').push([
          {
            ...report,
            attachments: [
              {
                id: 'f1',
                name: 'x.pdf',
                mimeType: 'application/pdf',
                size: 1,
                sha256: 'a'.repeat(64),
                extra: { x: 1 },
              },
            ],
          },
        ]),
      ),
    });
    const malformed = await send(
      'benthanh',
      docId,
      changeOf(copyOf(doc), (d) => d.getArray('reports').push([{ ...report, percent: 'một trăm' }])),
    );
    expect(malformed).toMatchObject({ type: 'error', code: 'invalid_doc' });
  });

  it('refuses entries dated in the future beyond the clock skew', async () => {
    const { doc, docId } = await storedTask();
    const later = Date.now() + 3_600_000;
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) =>
        addTaskComment(d, { id: 'cf', by: 'u-vanphong', at: later, text: 'Từ tương lai' }),
      ),
    });
  });

  it('refuses entries dated before the task existed, and receipts written by anyone but the relay', async () => {
    const { doc, docId } = await storedTask();
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) =>
        addTaskComment(d, { id: 'cp', by: 'u-vanphong', at: AT - 86_400_000, text: 'Hôm qua' }),
      ),
    });
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(copyOf(doc), (d) => d.getMap('received').set('reports/r1', AT)),
    });
    // Continuing the relay's own clock in the doc (its receipts so far), as only the relay may.
    const relay = copyOf(doc);
    Y.applyUpdate(relay, await stored(docId));
    relay.clientID = RELAY_CLIENT_ID;
    await expectRefused({
      by: 'vanphong',
      docId,
      update: changeOf(relay, (d) => addTaskComment(d, { id: 'cr', by: 'u-vanphong', at: AT + 1, text: 'x' })),
    });
  });

  it('records when it received each entry, in the doc, and sends the writer its receipt before the ack', async () => {
    const { docId } = await storedTask();
    // The ward's device has the task as the relay sent it (with the receipt of its creation).
    const ward = new Y.Doc();
    Y.applyUpdate(ward, await stored(docId));
    const p = await peer('benthanh');
    const ref = peers.nextRef();
    const sent = Date.now();
    // Done offline a day after the task was made; received now.
    p.send({
      type: 'sync',
      docId,
      ref,
      payload: syncUpdate(
        changeOf(ward, (d) => setAssignmentStatus(d, 'phuong-ben-thanh', 'read', 'u-benthanh', AT + 86_400_000)),
      ),
    });
    const receipt = await p.next((m): m is Extract<typeof m, { type: 'sync' }> => isReceipt(m) && m.docId === docId);
    await p.next((m): m is Extract<typeof m, { type: 'ack' }> => isAck(m) && m.refs.includes(ref));
    const payload = readSyncPayload(receipt.payload);
    if (payload.kind !== 'update') throw new Error(`expected an update, got ${payload.kind}`);
    Y.applyUpdate(ward, payload.update);
    const received = readReceipts(ward).get('progress/phuong-ben-thanh/read');
    expect(received).toBeGreaterThanOrEqual(sent);
    expect(received).toBeLessThanOrEqual(Date.now());
    // The stored doc holds the same receipt, and the task's creation has one too.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await stored(docId));
    expect(readReceipts(copy).get('progress/phuong-ben-thanh/read')).toBe(received);
    expect(readReceipts(copy).get('meta/createdAt')).toBeLessThanOrEqual(received as number);
    expect(readTask(copy)?.assignments[0]?.statusAt).toBe(AT + 86_400_000);
  });

  it('refuses a write under another person’s client id, so the victim’s later edits are stored', async () => {
    const { doc, docId } = await storedTask();
    const victim = copyOf(doc);
    await accepted(
      'benthanh',
      docId,
      changeOf(victim, (d) => setAssignmentStatus(d, 'phuong-ben-thanh', 'read', 'u-benthanh', AT + 1)),
    );
    const clock = Y.getState(victim.store, victim.clientID);
    // The attacker claims the victim's next 2^31 clock values.
    await expectRefused({ by: 'benthanh.cv', docId, update: rawItem(victim.clientID, clock, 'title', 2 ** 31) });
    // The same claim under a client id of one's own: more than any write can carry.
    await expectRefused({ by: 'benthanh.cv', docId, update: rawItem(424_242, 0, 'title', 2 ** 31) });
    await accepted(
      'benthanh',
      docId,
      changeOf(victim, (d) =>
        addProgressReport(d, {
          id: 'rv',
          recipientId: 'phuong-ben-thanh',
          by: 'u-benthanh',
          at: AT + 2,
          text: 'Vẫn lưu được',
          percent: 10,
        }),
      ),
    );
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await stored(docId));
    expect(readTask(copy)?.reports.map((r) => r.text)).toEqual(['Vẫn lưu được']);
  });

  it('refuses the issuer writing under a ward’s client id even for a change the issuer may make', async () => {
    const { doc, docId } = await storedTask();
    const ward = copyOf(doc);
    await accepted(
      'benthanh',
      docId,
      changeOf(ward, (d) => setAssignmentStatus(d, 'phuong-ben-thanh', 'read', 'u-benthanh', AT + 1)),
    );
    // The ward's own doc, edited and sent by the issuer: structs under the ward's client id.
    expect(ward.clientID).not.toBe(doc.clientID);
    await expectRefused({ by: 'vanphong', docId, update: changeOf(ward, (d) => setTaskTitle(d, 'Tiêu đề mới')) });
  });
});

describe('the directory', () => {
  it('refuses junk and nesting written into another unit’s directory page, and a key for someone else', async () => {
    // The page as the Sài Gòn head creates it, then the Bến Thành chairman's attempts on it.
    const page = new Y.Doc();
    page.transact(() => {
      const meta = page.getMap('meta');
      meta.set('schemaVersion', 1);
      meta.set('id', 'phuong-sai-gon');
      meta.set('kind', 'ward');
      meta.set('name', 'Phường Sài Gòn');
      meta.set('parentId', 'ubnd-tp');
    });
    await accepted('saigon', 'unit/phuong-sai-gon', Y.encodeStateAsUpdate(page));
    await expectRefused({
      by: 'benthanh',
      docId: 'unit/phuong-sai-gon',
      update: changeOf(copyOf(page), (d) => d.getArray('x').push([1])),
    });
    const nested = changeOf(copyOf(page), (d) => {
      const entry = new Y.Map<unknown>();
      d.getMap('people').set('u-fake', entry);
      entry.set('fullName', new Y.Map());
    });
    await expectRefused({ by: 'benthanh', docId: 'unit/phuong-sai-gon', update: nested });
    const key = changeOf(copyOf(page), (d) =>
      publishPublicKey(d, {
        personId: 'u-saigon',
        keyId: 'k1',
        algorithm: 'ECDSA-P256',
        spki: 'A'.repeat(120),
        at: AT,
      }),
    );
    await expectRefused({ by: 'benthanh', docId: 'unit/phuong-sai-gon', update: key });
    const bundle = await server.app.server.inject({
      method: 'GET',
      url: '/api/directory/bundle',
      headers: { cookie: await server.signIn('benthanh') },
    });
    expect(bundle.statusCode).toBe(200);
  });
});

/** A stored doc of each kind, as its rightful writer made it. */
const FIXTURES = {
  task: async () => storedTask(),
  conv: async () => {
    const id = `g${++seq}`;
    const doc = newConversation(id, 'u-benthanh', ['u-benthanh', 'u-saigon', 'u-cangio']);
    await accepted('benthanh', `conv/${id}`, Y.encodeStateAsUpdate(doc));
    return { doc, docId: `conv/${id}` };
  },
  unit: async () => {
    const id = 'xa-can-gio';
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await stored(`unit/${id}`));
    if (readUnitPage(doc) === null) {
      createUnitPage(
        doc,
        { id, kind: 'commune', name: 'Xã Cần Giờ', parentId: 'ubnd-tp' },
        ['u-cangio'],
        AT,
        'u-cangio',
      );
      await accepted('cangio', `unit/${id}`, Y.encodeStateAsUpdate(doc));
    }
    return { doc, docId: `unit/${id}` };
  },
  user: async () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await stored('user/u-condao'));
    if (doc.getMap('meta').size === 0) {
      createUserDoc(doc, 'u-condao');
      await accepted('condao', 'user/u-condao', Y.encodeStateAsUpdate(doc));
    }
    return { doc, docId: 'user/u-condao' };
  },
  bulletin: async () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await stored('bulletin/xa-can-gio'));
    if (doc.getMap('meta').size === 0) {
      createBulletin(doc, 'xa-can-gio', { kind: 'all' });
      await accepted('cangio', 'bulletin/xa-can-gio', Y.encodeStateAsUpdate(doc));
    }
    return { doc, docId: 'bulletin/xa-can-gio' };
  },
} as const;

/**
 * One forged write per doc kind and entry type: [kind, root, who sends it, the edit]. Each is
 * made on the sender's own copy (their own client id) by someone who may write the doc at all.
 */
const ENTRY_FORGERIES: [keyof typeof FIXTURES, string, string, (d: Y.Doc) => void][] = [
  ['task', 'meta (issuer)', 'vanphong', (d) => d.getMap('meta').set('issuerId', 'u-chutich')],
  ['task', 'meta (priority, by a recipient)', 'benthanh', (d) => setTaskPriority(d, 'flash', 'u-benthanh', AT + 5)],
  ['task', 'title', 'benthanh', (d) => setTaskTitle(d, 'Tiêu đề do phường sửa')],
  ['task', 'body', 'benthanh', (d) => setTaskBody(d, 'Nội dung do phường sửa')],
  [
    'task',
    'assignments',
    'vanphong',
    (d) => d.getMap('assignments').set('phuong-sai-gon', { kind: 'unit', at: AT + 5, by: 'u-chutich' }),
  ],
  [
    'task',
    'membership',
    'vanphong',
    (d) => d.getMap('membership').set('phuong-ben-thanh', { active: false, at: AT + 5, by: 'u-chutich' }),
  ],
  [
    'task',
    'progress',
    'benthanh.cv',
    (d) => d.getMap('progress').set('phuong-ben-thanh/read', { at: AT + 5, by: 'u-benthanh', round: 0 }),
  ],
  [
    'task',
    'rounds',
    'vanphong',
    (d) => d.getMap('rounds').set('phuong-ben-thanh', { n: 1, at: AT + 5, by: 'u-chutich' }),
  ],
  [
    'task',
    'reports',
    'benthanh',
    (d) =>
      addProgressReport(d, {
        id: 'rx',
        recipientId: 'phuong-ben-thanh',
        by: 'u-benthanh-cv',
        at: AT + 5,
        text: 'x',
        percent: 5,
      }),
  ],
  [
    'task',
    'extensions',
    'benthanh',
    (d) =>
      requestExtension(d, {
        id: 'xx',
        recipientId: 'phuong-ben-thanh',
        by: 'u-benthanh-cv',
        at: AT + 5,
        proposedDeadline: '2027-01-31',
        reason: 'x',
      }),
  ],
  [
    'task',
    'children',
    'benthanh',
    (d) =>
      linkSubAssignment(d, {
        childTaskId: 'cx',
        recipientId: 'phuong-ben-thanh',
        by: 'u-benthanh-cv',
        at: AT + 5,
        title: 'x',
      }),
  ],
  ['task', 'comments', 'benthanh', (d) => addTaskComment(d, { id: 'cx', by: 'u-vanphong', at: AT + 5, text: 'x' })],
  ['task', 'watchers', 'vanphong', (d) => addTaskWatcher(d, 'unit:so-noi-vu', 'u-chutich', AT + 5)],
  ['task', 'events', 'vanphong', (d) => d.transact(() => appendTaskEvent(d, 'commented', 'u-chutich', AT + 5))],
  ['conv', 'meta (rename by a member)', 'saigon', (d) => setConversationTitle(d, 'Đổi tên')],
  [
    'conv',
    'members (in another’s name)',
    'benthanh',
    (d) => addConversationMember(d, 'u-condao', 'member', 'u-saigon', AT + 5),
  ],
  [
    'conv',
    'members (removing another, not an owner)',
    'saigon',
    (d) => removeConversationMember(d, 'u-cangio', 'u-saigon', AT + 5),
  ],
  ['conv', 'messages', 'saigon', (d) => postMessage(d, { id: 'mx', by: 'u-cangio', at: AT + 5, text: 'x' })],
  ['conv', 'read', 'saigon', (d) => setReadMarker(d, 'u-cangio', { messageId: 'mx', at: AT + 5 })],
  ['unit', 'meta', 'benthanh', (d) => patchUnitFacts(d, { phone: '0909 000 000' })],
  ['unit', 'divisions', 'benthanh', (d) => putDivision(d, { id: 'dx', name: 'Phòng mới', order: 9 })],
  [
    'unit',
    'people',
    'benthanh',
    (d) =>
      putDirectoryPerson(d, {
        id: 'u-fake',
        fullName: 'Nguyễn Văn Giả',
        positionId: 'p-x',
        position: 'Chủ tịch',
        rank: 1,
      }),
  ],
  ['unit', 'admins', 'benthanh', (d) => setDirectoryAdmin(d, 'u-benthanh', true, 'u-benthanh', AT + 5)],
  [
    'unit',
    'keys',
    'benthanh',
    (d) =>
      publishPublicKey(d, {
        personId: 'u-cangio',
        keyId: 'kx',
        algorithm: 'ECDSA-P256',
        spki: 'B'.repeat(120),
        at: AT + 5,
      }),
  ],
  ['user', 'preferences', 'benthanh', (d) => setPreferences(d, { language: 'en' })],
  [
    'user',
    'reminders',
    'benthanh',
    (d) => addReminder(d, { id: 'rx', text: 'Nhắc', dueAt: AT + 60_000, createdAt: AT + 5 }),
  ],
  [
    'bulletin',
    'meta (audience)',
    'benthanh',
    (d) => setBulletinAudience(d, { kind: 'units', unitIds: ['phuong-ben-thanh'] }),
  ],
  [
    'bulletin',
    'announcements',
    'cangio',
    (d) =>
      publishAnnouncement(d, {
        id: 'ax',
        title: 'Tin',
        body: 'x',
        importance: 'normal',
        audience: { kind: 'all' },
        by: 'u-chutich',
        at: AT + 5,
      } as never),
  ],
  ['bulletin', 'withdrawn', 'cangio', (d) => d.getMap('withdrawn').set('a0', { at: AT + 5, by: 'u-chutich' })],
];

describe('one forged write per doc kind and entry type', () => {
  it.each(ENTRY_FORGERIES)('%s %s, sent by %s', async (kind, _root, by, edit) => {
    const { doc, docId } = await FIXTURES[kind]();
    await expectRefused({ by, docId, update: changeOf(copyOf(doc), edit) });
  });
});
