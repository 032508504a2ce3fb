import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../store/local-db.ts';
import { byUrgency, cardSyncState, isUnread, itemSyncState } from './task-queries.ts';

function row(docId: string, deadline: string, statuses: string[], priority = 'normal'): TaskRow {
  return {
    docId,
    title: docId,
    deadline,
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    recipientIds: statuses.map((_, i) => (i === 0 ? 'phuong-ben-thanh' : `unit-${i}`)),
    statuses,
    priority,
    createdAt: 1,
  };
}

const me = ['u-benthanh', 'phuong-ben-thanh'];

describe('task queries', () => {
  it('puts open work first, nearest deadline first, then the more urgent', () => {
    const rows = [
      row('done', '2026-01-01', ['completed']),
      row('later', '2026-03-01', ['received']),
      row('soon-normal', '2026-02-01', ['read']),
      row('soon-flash', '2026-02-01', ['in_progress'], 'flash'),
    ];
    expect(rows.sort(byUrgency(me)).map((r) => r.docId)).toEqual(['soon-flash', 'soon-normal', 'later', 'done']);
  });

  it('counts a task as unread until someone acting for the recipient opened it', () => {
    expect(isUnread(row('a', '2026-01-01', ['received']), me)).toBe(true);
    expect(isUnread(row('a', '2026-01-01', ['read']), me)).toBe(false);
    expect(isUnread(row('a', '2026-01-01', ['received']), ['someone-else'])).toBe(false);
  });

  it('derives the item state from the outbox and the relayed statuses, never guessing', () => {
    expect(itemSyncState(1, row('a', '2026-01-01', ['read'])).state).toBe('local');
    expect(itemSyncState(0, row('a', '2026-01-01', ['received', 'read']))).toEqual({ state: 'saved', seen: 1 });
    expect(itemSyncState(0, row('a', '2026-01-01', ['read', 'in_progress']))).toEqual({ state: 'seen', seen: 2 });
    expect(itemSyncState(0, undefined).state).toBe('saved');
  });
});

describe("a card's badge", () => {
  it('says nothing until a fact is known, and "saved" only when the outbox holds nothing for it', () => {
    const base = row('task/x', '2026-12-15', ['received']);
    // Neither the row's count (rows from before it) nor the outbox query is known yet.
    expect(cardSyncState(base, undefined)).toBeNull();
    expect(cardSyncState({ ...base, waiting: 1 }, false)?.state).toBe('local');
    // The row's own count wins over a list query that has not caught up.
    expect(cardSyncState({ ...base, waiting: 1 }, undefined)?.state).toBe('local');
    expect(cardSyncState({ ...base, waiting: 0 }, true)?.state).toBe('saved');
    expect(cardSyncState(base, true)?.state).toBe('local');
    expect(cardSyncState(base, false)?.state).toBe('saved');
  });
});
