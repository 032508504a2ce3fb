import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkConvLogChange, logMatchesId } from '../access/conv-log-access.ts';
import {
  appendManyToLog,
  appendToLog,
  convLogId,
  messagePeriod,
  parseConvLogId,
  previousPeriod,
  readConvLog,
} from './conv-log.ts';

const NOV = Date.UTC(2026, 10, 20, 3, 0); // 20 Nov 2026, 10:00 in Hà Nội
const person = (id: string) => ({ id, unitId: 'ubnd-tp', rank: 3 }) as never;

function copy(doc: Y.Doc): Y.Doc {
  const out = new Y.Doc();
  Y.applyUpdate(out, Y.encodeStateAsUpdate(doc));
  return out;
}

describe('conversation message logs by month', () => {
  it('puts a message in the month of Vietnam time, and names logs it can parse back', () => {
    expect(messagePeriod(NOV)).toBe('202611');
    // 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in Vietnam.
    expect(messagePeriod(Date.UTC(2026, 11, 31, 18, 0))).toBe('202701');
    expect(previousPeriod('202701')).toBe('202612');
    expect(previousPeriod('202611')).toBe('202610');
    expect(convLogId('dm-abc', '202611')).toBe('dm-abc_202611');
    expect(parseConvLogId('case-x_y_202611')).toEqual({ convId: 'case-x_y', period: '202611' });
    expect(parseConvLogId('dm-abc_202613')).toBeNull();
    expect(parseConvLogId('dm-abc')).toBeNull();
    expect(() => convLogId('dm-abc', '2026-11')).toThrow();
  });

  it('appends once per message id, and refuses a message of another month', () => {
    const doc = new Y.Doc();
    appendToLog(doc, 'c1', { id: 'm1', by: 'u-a', at: NOV, text: 'Chào anh' });
    appendToLog(doc, 'c1', { id: 'm1', by: 'u-a', at: NOV, text: 'Chào anh' });
    expect(readConvLog(doc)?.messages.map((m) => m.id)).toEqual(['m1']);
    expect(() => appendToLog(doc, 'c1', { id: 'm2', by: 'u-a', at: Date.UTC(2026, 11, 5), text: 'x' })).toThrow();
    expect(() => appendToLog(doc, 'c2', { id: 'm3', by: 'u-a', at: NOV, text: 'x' })).toThrow();
    expect(() => appendToLog(doc, 'c1', { id: 'm4', by: 'u-a', at: NOV, text: '  ' })).toThrow();
    const log = readConvLog(doc);
    expect(log && logMatchesId(log, 'c1_202611')).toBe(true);
    expect(log && logMatchesId(log, 'c1_202612')).toBe(false);
  });

  it('allows only appending in one’s own name, in the right month', () => {
    const doc = new Y.Doc();
    appendToLog(doc, 'c1', { id: 'm1', by: 'u-a', at: NOV, text: 'Một' });
    const before = readConvLog(doc);
    expect(checkConvLogChange(person('u-a'), null, before).ok).toBe(true);
    expect(checkConvLogChange(person('u-b'), null, before).ok).toBe(false);

    const other = copy(doc);
    appendToLog(other, 'c1', { id: 'm2', by: 'u-b', at: NOV + 1, text: 'Hai' });
    expect(checkConvLogChange(person('u-b'), before, readConvLog(other)).ok).toBe(true);
    expect(checkConvLogChange(person('u-a'), before, readConvLog(other))).toMatchObject({ ok: false });

    const edited = copy(doc);
    edited.getArray('messages').delete(0, 1);
    edited.getArray('messages').push([{ id: 'm1', by: 'u-a', at: NOV, text: 'Đã sửa' }]);
    expect(checkConvLogChange(person('u-a'), before, readConvLog(edited))).toMatchObject({ ok: false });

    const misplaced = copy(doc);
    misplaced.getArray('messages').push([{ id: 'm9', by: 'u-a', at: Date.UTC(2026, 11, 5), text: 'Tháng sau' }]);
    expect(checkConvLogChange(person('u-a'), before, readConvLog(misplaced))).toMatchObject({ ok: false });

    const moved = copy(doc);
    moved.getMap('meta').set('period', '202612');
    expect(checkConvLogChange(person('u-a'), before, readConvLog(moved))).toMatchObject({ ok: false });
    expect(checkConvLogChange(person('u-a'), before, null)).toMatchObject({ ok: false, code: 'invalid_doc' });
  });

  it('converges: concurrent appends from 2–4 devices, merged in any order, keep every message once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.boolean(), { maxLength: 6 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        (plans, order) => {
          const devices = plans.map(() => new Y.Doc());
          plans.forEach((plan, d) => {
            plan.forEach((retry, i) => {
              const message = { id: `d${d}-m${i}`, by: `u-${d}`, at: NOV + i, text: `Tin ${i}` };
              appendToLog(devices[d] as Y.Doc, 'c1', message);
              if (retry) appendToLog(devices[d] as Y.Doc, 'c1', message);
            });
          });
          const updates = devices.map((doc) => Y.encodeStateAsUpdate(doc));
          const merged = devices.map((_, i) => {
            const doc = new Y.Doc();
            const ranked = updates.map((u, j) => ({ u, k: (order[(i + j) % order.length] ?? 0) + j / 10 }));
            for (const { u } of ranked.sort((a, b) => a.k - b.k)) Y.applyUpdate(doc, u);
            return readConvLog(doc)?.messages.map((m) => m.id) ?? [];
          });
          const total = plans.reduce((n, p) => n + p.length, 0);
          for (const ids of merged) {
            expect(ids).toEqual(merged[0]);
            expect(new Set(ids).size).toBe(ids.length);
          }
          if (total > 0) expect(merged[0]).toHaveLength(total);
        },
      ),
      { seed: 20261122, numRuns: 200 },
    );
  });

  it('appends many messages of one month at once, each once, and refuses a mixed batch whole', () => {
    const doc = new Y.Doc();
    const m = (i: number, at = NOV + i) => ({ id: `m${i}`, by: 'u-a', at, text: `Tin ${i}` });
    appendManyToLog(doc, 'c1', [m(1), m(2)]);
    appendManyToLog(doc, 'c1', [m(2), m(3), m(3)]);
    expect(readConvLog(doc)?.messages.map((x) => x.id)).toEqual(['m1', 'm2', 'm3']);
    expect(() => appendManyToLog(doc, 'c1', [m(4), m(5, Date.UTC(2026, 11, 5))])).toThrow();
    expect(readConvLog(doc)?.messages).toHaveLength(3);
  });
});
