import { docId } from '@thongsuot/shared/ids';
import { readConvLog } from '@thongsuot/shared/model/conv-log';
import { directConversationId, readConversation } from '@thongsuot/shared/model/conversation';
import { afterEach, describe, expect, it } from 'vitest';
import { directDocId, markLatestRead, sendMessage } from './conversation-actions.ts';
import { joinSegments } from './conversation-history.ts';
import { closeTestDevices, relay, type TestDevice, testDevice } from './conversation-test-devices.ts';
import { messageIdsIn, pendingMessageIds } from './pending-messages.ts';
import { pendingOf } from './pending-of.ts';
import { messageState, readBy, readState } from './receipts.ts';

const AN = 'u-an';
const BINH = 'u-binh';
const DM = directDocId(AN, BINH);
const CONV_ID = directConversationId(AN, BINH);
/** 31 Oct 2026, 23:30 and 1 Nov 2026, 00:10 in Vietnam (UTC+7). */
const OCT_31_LATE = Date.UTC(2026, 9, 31, 16, 30);
const NOV_1_EARLY = Date.UTC(2026, 9, 31, 17, 10);
const NOV_20 = Date.UTC(2026, 10, 20, 3, 0);

afterEach(closeTestDevices);

/** Everything the device holds of the conversation, opened month by month as the view does. */
async function history(device: TestDevice) {
  const rows = await device.db.convLogs.where('convId').equals(CONV_ID).toArray();
  const segments = [];
  for (const row of rows) {
    const doc = await device.repository.open(row.docId);
    const messages = row.period === '' ? readConversation(doc)?.messages : readConvLog(doc)?.messages;
    segments.push({ period: row.period, messages: messages ?? [] });
  }
  return joinSegments(segments);
}

async function send(device: TestDevice, me: string, text: string, now: number, id: string, other?: string) {
  await sendMessage(device.repository, DM, { me, text, now, id, ...(other ? { with: other } : {}) });
  await device.repository.flushed();
}

async function markRead(device: TestDevice, me: string, now: number) {
  markLatestRead(await device.repository.open(DM), me, await history(device), now);
  await device.repository.flushed();
}

describe('direct conversations', () => {
  it('are the same doc whoever writes first', () => {
    expect(directDocId(AN, BINH)).toBe(directDocId(BINH, AN));
    expect(DM).toBe(`conv/${CONV_ID}`);
  });

  it('are started by the first message, on either side, offline, into one conversation', async () => {
    const a = testDevice(AN);
    const b = testDevice(BINH);
    await send(a, AN, 'Chào anh', NOV_20, 'm1', BINH);
    await send(b, BINH, 'Chào chị', NOV_20 + 1, 'm2', AN);
    await relay(a, b);
    const onA = readConversation(await a.repository.open(DM));
    expect(onA?.members.map((m) => m.personId)).toEqual([AN, BINH]);
    // Messages live in the month's log, not in the head doc.
    expect(onA?.messages).toEqual([]);
    expect((await history(a)).messages.map((m) => m.id).sort()).toEqual(['m1', 'm2']);
    expect((await history(b)).messages.map((m) => m.id)).toEqual((await history(a)).messages.map((m) => m.id));
  });

  it('never shows a resent message twice', async () => {
    const a = testDevice(AN);
    await send(a, AN, 'Một lần', NOV_20, 'm1', BINH);
    await send(a, AN, 'Một lần', NOV_20, 'm1', BINH);
    expect((await history(a)).messages).toHaveLength(1);
    expect(pendingMessageIds(await pendingOf(a.db, CONV_ID))).toEqual(new Set(['m1']));
  });

  it('refuses an empty message and writes nothing', async () => {
    const a = testDevice(AN);
    await expect(send(a, AN, '   ', NOV_20, 'm1', BINH)).rejects.toThrow();
    expect(readConversation(await a.repository.open(DM))).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('files each message in the month of Vietnam time, across a month boundary', async () => {
    const a = testDevice(AN);
    await send(a, AN, 'Trước nửa đêm', OCT_31_LATE, 'late', BINH);
    await send(a, AN, 'Sau nửa đêm', NOV_1_EARLY, 'early');
    const oct = readConvLog(await a.repository.open(docId('convlog', `${CONV_ID}_202610`)));
    const nov = readConvLog(await a.repository.open(docId('convlog', `${CONV_ID}_202611`)));
    expect(oct?.messages.map((m) => m.id)).toEqual(['late']);
    expect(nov?.messages.map((m) => m.id)).toEqual(['early']);
    const h = await history(a);
    expect(h.messages.map((m) => m.id)).toEqual(['late', 'early']);
    expect(h.periods).toEqual(['202610', '202611']);
    // Both wait in the outbox (offline), each in its month's log.
    const outbox = await pendingOf(a.db, CONV_ID);
    expect(new Set(outbox.map((e) => e.docId))).toEqual(
      new Set([DM, `convlog/${CONV_ID}_202610`, `convlog/${CONV_ID}_202611`]),
    );
  });
});

describe('message state', () => {
  it('finds the messages an outbox entry holds, and nothing in a read marker', async () => {
    const a = testDevice(AN);
    const b = testDevice(BINH);
    await send(a, AN, 'Báo cáo số liệu', NOV_20, 'm1', BINH);
    const entries = await a.db.outbox.where('docId').equals(`convlog/${CONV_ID}_202611`).toArray();
    expect(entries.flatMap((e) => messageIdsIn(e.data))).toEqual(['m1']);
    await relay(a, b);
    await markRead(b, BINH, NOV_20 + 5);
    const marks = await b.db.outbox.toArray();
    expect(marks.map((e) => e.docId)).toEqual([DM]);
    expect(pendingMessageIds(marks)).toEqual(new Set());
    await send(a, AN, 'Thứ hai', NOV_20 + 6, 'm2');
    expect(pendingMessageIds(await pendingOf(a.db, CONV_ID))).toEqual(new Set(['m2']));
    // The latest is AN's own: nothing to mark.
    await markRead(a, AN, NOV_20 + 7);
    expect(await a.db.outbox.where('docId').equals(DM).count()).toBe(0);
  });

  it('says who read each of my messages, and when, across months', async () => {
    const a = testDevice(AN);
    const b = testDevice(BINH);
    await send(a, AN, 'Một', OCT_31_LATE, 'm1', BINH);
    await send(a, AN, 'Hai', NOV_1_EARLY, 'm2');
    await relay(a, b);
    await markRead(b, BINH, NOV_20);
    await send(a, AN, 'Ba', NOV_20 + 1, 'm3');
    await relay(a, b);
    const head = readConversation(await a.repository.open(DM));
    if (!head) throw new Error('no conversation');
    expect(head.readMarkers.get(BINH)).toEqual({ messageId: 'm2', at: NOV_20, period: '202611' });
    const state = readState(await history(a), [AN, BINH], head.readMarkers);
    expect(readBy(state, 'm1', AN)).toEqual([{ personId: BINH, at: NOV_20 }]);
    expect(readBy(state, 'm2', AN)).toEqual([{ personId: BINH, at: NOV_20 }]);
    expect(readBy(state, 'm3', AN)).toEqual([]);
    // With only November opened, the October message is not on screen; November's receipts hold.
    const november = await history(a);
    const onlyNov = {
      messages: november.messages.filter((_, i) => november.periods[i] === '202611'),
      periods: november.periods.filter((p) => p === '202611'),
      received: november.received.filter((_, i) => november.periods[i] === '202611'),
    };
    expect(readBy(readState(onlyNov, [AN, BINH], head.readMarkers), 'm2', AN)).toEqual([
      { personId: BINH, at: NOV_20 },
    ]);
  });
});

describe('the list row', () => {
  it('counts what each member has not read of the others’ messages, across months', async () => {
    const a = testDevice(AN);
    const b = testDevice(BINH);
    await send(a, AN, 'Một', OCT_31_LATE, 'm1', BINH);
    await send(a, AN, 'Hai', NOV_1_EARLY, 'm2');
    await relay(a, b);
    expect((await b.db.conversations.get(DM))?.unread).toEqual({ [AN]: 0, [BINH]: 2 });
    await markRead(b, BINH, NOV_20);
    await send(b, BINH, 'Đã nhận', NOV_20 + 1, 'm3');
    await send(a, AN, 'Tháng sau', Date.UTC(2026, 11, 2), 'm4');
    await relay(a, b);
    for (const device of [a, b]) {
      expect(await device.db.conversations.get(DM)).toMatchObject({
        kind: 'direct',
        memberIds: [AN, BINH],
        lastText: 'Tháng sau',
        lastBy: AN,
        lastAt: Date.UTC(2026, 11, 2),
        messageCount: 4,
        unread: { [AN]: 1, [BINH]: 1 },
      });
    }
    const months = await b.db.convLogs.where('convId').equals(CONV_ID).toArray();
    expect(months.map((m) => [m.period, m.count]).sort()).toEqual([
      ['202610', 1],
      ['202611', 2],
      ['202612', 1],
    ]);
  });
});

describe('read markers', () => {
  // Concurrent messages are ordered by the writers' client ids: both orders are tried.
  it.each([
    [1, 2],
    [2, 1],
  ])('reach a message merged in before the reader’s own latest one (client ids %i, %i)', async (idA, idB) => {
    const a = testDevice(AN);
    const b = testDevice(BINH);
    const logId = `convlog/${CONV_ID}_202611`;
    (await a.repository.open(logId)).clientID = idA;
    (await b.repository.open(logId)).clientID = idB;
    await send(a, AN, 'Một', NOV_20, 'm1', BINH);
    await relay(a, b);
    await markRead(b, BINH, NOV_20 + 2);
    // Concurrently: AN offline writes m2, BINH writes m3.
    await send(a, AN, 'Hai', NOV_20 + 3, 'm2');
    await send(b, BINH, 'Ba', NOV_20 + 4, 'm3');
    await relay(a, b);
    await markRead(b, BINH, NOV_20 + 5);
    await relay(a, b);
    const head = readConversation(await a.repository.open(DM));
    if (!head) throw new Error('no conversation');
    expect(readBy(readState(await history(a), [AN, BINH], head.readMarkers), 'm2', AN)).toEqual([
      { personId: BINH, at: NOV_20 + 5 },
    ]);
    expect((await a.db.conversations.get(DM))?.unread[BINH]).toBe(0);
  });
});

describe("the sender's state of a message", () => {
  it('is saved only with the relay receipt, whatever the outbox says', () => {
    // Rendered from the doc before the outbox entry is written: not in the outbox, no receipt.
    expect(messageState(false, null, 0)).toBe('local');
    expect(messageState(true, null, 0)).toBe('local');
    expect(messageState(true, 5, 0)).toBe('local');
    expect(messageState(false, 5, 0)).toBe('saved');
    expect(messageState(false, 5, 2)).toBe('read');
  });
});
