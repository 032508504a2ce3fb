import { createConversation } from '@thongsuot/shared/model/conversation';
import { postMessage } from '@thongsuot/shared/model/message';
import { afterEach, describe, expect, it } from 'vitest';
import { postToConversation } from './conversation-actions.ts';
import {
  displayOrder,
  earlierPeriod,
  FIRST_SCREEN,
  firstScreenFrom,
  joinSegments,
  markerAt,
  markerIndex,
} from './conversation-history.ts';
import { closeTestDevices, testDevice } from './conversation-test-devices.ts';

afterEach(closeTestDevices);

const msg = (id: string, by = 'u-a') => ({ id, by, at: 1, text: id });

describe('choosing the months to open', () => {
  it('opens the latest months until the first screen is full, and one more month per step back', () => {
    const segments = [
      { period: '202609', count: 500 },
      { period: '202611', count: 10 },
      { period: '202610', count: FIRST_SCREEN - 10 },
      { period: '', count: 3 },
    ];
    expect(firstScreenFrom(segments)).toBe('202610');
    expect(firstScreenFrom([{ period: '202611', count: FIRST_SCREEN + 1 }])).toBe('202611');
    // Not enough anywhere: everything, the head's own messages included.
    expect(
      firstScreenFrom([
        { period: '202611', count: 1 },
        { period: '', count: 2 },
      ]),
    ).toBe('');
    expect(firstScreenFrom([])).toBe('');
    const periods = segments.map((s) => s.period);
    expect(earlierPeriod(periods, '202610')).toBe('202609');
    expect(earlierPeriod(periods, '202609')).toBe('');
    expect(earlierPeriod(periods, '')).toBeNull();
  });

  it('orders month by month, the head’s own messages first, each month in its log order', () => {
    const h = joinSegments([
      { period: '202611', messages: [msg('n1'), msg('n2')] },
      { period: '', messages: [msg('h1')] },
      { period: '202610', messages: [msg('o1')] },
    ]);
    expect(h.messages.map((m) => m.id)).toEqual(['h1', 'o1', 'n1', 'n2']);
    expect(h.periods).toEqual(['', '202610', '202611', '202611']);
  });

  it('places a read marker in the opened history, whether or not its month is opened', () => {
    const h = joinSegments([
      { period: '202610', messages: [msg('o1'), msg('o2')] },
      { period: '202611', messages: [msg('n1')] },
    ]);
    expect(markerIndex(h, undefined)).toBe(-1);
    expect(markerIndex(h, { messageId: 'o2', at: 5, period: '202610' })).toBe(1);
    // In a month not opened: before it reads nothing here, after it reads everything here.
    expect(markerIndex(h, { messageId: 'x', at: 5, period: '202609' })).toBe(-1);
    expect(markerIndex(h, { messageId: 'x', at: 5 })).toBe(-1);
    expect(markerIndex(h, { messageId: 'x', at: 5, period: '202612' })).toBe(2);
    // A message of an opened month not arrived yet: that month is read.
    expect(markerIndex(h, { messageId: 'x', at: 5, period: '202610' })).toBe(1);
    expect(markerAt(h, 2, 9)).toEqual({ messageId: 'n1', at: 9, period: '202611' });
    expect(markerAt(joinSegments([{ period: '', messages: [msg('h1')] }]), 0, 9)).toEqual({ messageId: 'h1', at: 9 });
  });
});

describe('a conversation with history before the month logs', () => {
  it('keeps the head doc’s messages as the oldest month, counted in the list row', async () => {
    const { db, repository } = testDevice('u-b');
    const head = await repository.open('conv/g1');
    createConversation(head, { id: 'g1', kind: 'group', title: 'Tổ', createdBy: 'u-a', at: 1, members: ['u-b'] });
    postMessage(head, msg('old1'));
    postMessage(head, msg('old2'));
    await postToConversation(repository, 'g1', { id: 'new1', by: 'u-a', at: Date.UTC(2026, 10, 20), text: 'Mới' });
    await repository.flushed();
    const months = await db.convLogs.where('convId').equals('g1').toArray();
    expect(months.map((m) => [m.docId, m.period, m.count])).toEqual([
      ['conv/g1', '', 2],
      ['convlog/g1_202611', '202611', 1],
    ]);
    expect(await db.conversations.get('conv/g1')).toMatchObject({
      lastText: 'Mới',
      messageCount: 3,
      unread: { 'u-a': 0, 'u-b': 3 },
    });
  });

  it('redoes a list row written before the month logs (no markers) from the head doc', async () => {
    const { db, repository } = testDevice('u-b');
    const head = await repository.open('conv/g3');
    createConversation(head, { id: 'g3', kind: 'group', title: 'Tổ', createdBy: 'u-a', at: 1, members: ['u-b'] });
    postMessage(head, msg('old1'));
    await repository.flushed();
    // As a device upgraded from v6 holds it: the row without the head's markers or createdAt.
    const row = await db.conversations.get('conv/g3');
    if (!row) throw new Error('no row');
    const { markers: _m, createdAt: _c, ...old } = row;
    await db.conversations.put(old);
    await db.convLogs.clear();
    await postToConversation(repository, 'g3', { id: 'new1', by: 'u-a', at: Date.UTC(2026, 10, 20), text: 'Mới' });
    await repository.flushed();
    expect(await db.conversations.get('conv/g3')).toMatchObject({
      messageCount: 2,
      unread: { 'u-b': 2 },
      createdAt: 1,
      markers: {},
    });
  });
});

describe('the order a thread is shown in', () => {
  it("follows the authors' times within each month, so offline messages do not run backwards", () => {
    const at = (id: string, time: number) => ({ id, by: 'u-a', at: time, text: id });
    // Log order is arrival: the one written offline at 19:23 arrived after the one of 20:22.
    const h = joinSegments([
      {
        period: '202611',
        messages: [at('online-2022', 2022), at('offline-1923', 1923), at('tie-b', 2100), at('tie-a', 2100)],
      },
      { period: '202610', messages: [at('october', 9999)] },
    ]);
    expect(displayOrder(h).map((i) => h.messages[i]?.id)).toEqual([
      'october',
      'offline-1923',
      'online-2022',
      'tie-b',
      'tie-a',
    ]);
  });

  it('keeps the relay receipt of each message in step with it', () => {
    const h = joinSegments([{ period: '202611', messages: [msg('a'), msg('b')], received: new Map([['b', 42]]) }]);
    expect(h.received).toEqual([null, 42]);
  });
});
