import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { structsSince } from './structs-since.ts';

it("encodes one client's structs from a clock on, also from the middle of a merged item", () => {
  const doc = new Y.Doc();
  doc.clientID = 7;
  const text = doc.getText('body');
  text.insert(0, 'Báo cáo ');
  const before = Y.getState(doc.store, 7);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  text.insert(text.length, 'tuần 48');
  doc.getMap('meta').set('title', 'Tuần 48');
  // Yjs merged the two insertions into one item: the encoding starts inside it.
  expect(doc.store.clients.get(7)?.length).toBe(2);

  const since = structsSince(doc, 7, before);
  expect(since).not.toBeNull();
  Y.applyUpdate(copy, since as Uint8Array);
  expect(copy.store.pendingStructs).toBeNull();
  expect(copy.getText('body').toString()).toBe('Báo cáo tuần 48');
  expect(copy.getMap('meta').get('title')).toBe('Tuần 48');
  expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
  // The same bytes Yjs writes for that client beyond that clock, with an empty delete set.
  const vector = Y.encodeStateVector(new Map([[7, before]]));
  expect(since).toEqual(Y.encodeStateAsUpdate(doc, vector));

  expect(structsSince(doc, 7, Y.getState(doc.store, 7))).toBeNull();
  expect(structsSince(doc, 8, 0)).toBeNull();
});
