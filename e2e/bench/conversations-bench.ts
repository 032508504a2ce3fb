// `pnpm bench:conversations`: what opening a long conversation costs, the way the conversation
// view opens it, from IndexedDB to the first screen's messages ready (Node, with fake-indexeddb
// under the app's own Dexie store and DocRepository; no browser, so React's drawing is not in it
// — the list is virtualized: only the rows on screen are drawn, whatever the length).
// Two layouts of the same 100,000 messages over 24 months, measured in the same run:
// - one doc (schema v1, the baseline): decode the whole doc, read every message;
// - by month (now): the months that exist from their summary rows, the head doc, and only the
//   latest month log(s) that fill the first screen; then one earlier month as the person scrolls back.
// Each run opens with a fresh repository (nothing in memory), median of BENCH_RUNS (5).
import 'fake-indexeddb/auto';
import { readLogMessages } from '@thongsuot/shared/model/conv-log';
import { readConversation } from '@thongsuot/shared/model/conversation';
import Dexie from 'dexie';
import { conversationTables, projectConversationDoc } from '../../client/src/conversations/conv-log-projection.ts';
import { postToConversation } from '../../client/src/conversations/conversation-actions.ts';
import {
  earlierPeriod,
  FIRST_SCREEN,
  firstScreenFrom,
  type History,
  joinSegments,
} from '../../client/src/conversations/conversation-history.ts';
import { readState } from '../../client/src/conversations/receipts.ts';
import { DocRepository } from '../../client/src/store/doc-repository.ts';
import { LocalDb } from '../../client/src/store/local-db.ts';
import { benchMessages, MEMBERS, storeByMonth, storeSingleDoc } from './conversations-store.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const COUNT = Number(process.env.BENCH_MESSAGES ?? 100_000);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 24);
const BUDGET_MS = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** What the view had ready on its first screen: the messages, and receipts computed over them. */
function firstScreen(history: History, markers: Parameters<typeof readState>[2]): number {
  readState(history, MEMBERS, markers);
  return history.messages.slice(-FIRST_SCREEN).length;
}

/** The single doc, as the view read it before the month logs. */
async function openSingle(db: LocalDb): Promise<number> {
  const repository = new DocRepository(db);
  const conv = readConversation(await repository.open('conv/single'));
  repository.destroy();
  if (!conv) throw new Error('no conversation');
  return firstScreen(joinSegments([{ period: '', messages: conv.messages }]), conv.readMarkers);
}

/** By month, as useConversationHistory opens it: summaries → head → the latest months needed. */
async function openByMonth(db: LocalDb): Promise<{ opened: number; months: number }> {
  const repository = new DocRepository(db);
  const segments = await db.convLogs.where('convId').equals('bymonth').toArray();
  const from = firstScreenFrom(segments);
  const wanted = segments.map((s) => s.period).filter((p) => p >= from);
  const [head, ...months] = await Promise.all([
    repository.open('conv/bymonth'),
    ...wanted.map((p) => repository.open(`convlog/bymonth_${p}`)),
  ]);
  const conv = head ? readConversation(head) : null;
  if (!conv) throw new Error('no conversation');
  const history = joinSegments(months.map((doc, i) => ({ period: wanted[i] ?? '', messages: readLogMessages(doc) })));
  firstScreen(history, conv.readMarkers);
  repository.destroy();
  return { opened: history.messages.length, months: wanted.length };
}

/** Scrolling back: the month before the opened ones, opened and joined to the history. */
async function openEarlierMonth(db: LocalDb): Promise<number> {
  const repository = new DocRepository(db);
  const segments = await db.convLogs.where('convId').equals('bymonth').toArray();
  const periods = segments.map((s) => s.period);
  const from = firstScreenFrom(segments);
  const earlier = earlierPeriod(periods, from);
  const opened = readLogMessages(await repository.open(`convlog/bymonth_${from}`));
  const started = performance.now();
  const doc = await repository.open(`convlog/bymonth_${earlier}`);
  joinSegments([
    { period: from, messages: opened },
    { period: earlier ?? '', messages: readLogMessages(doc) },
  ]);
  const ms = performance.now() - started;
  repository.destroy();
  return ms;
}

/** The list row's cost on a message arriving: the repository's projection of the changed doc. */
async function listRowPerMessage(db: LocalDb, docId: string): Promise<number> {
  const repository = new DocRepository(db);
  const doc = await repository.open(docId);
  const ms = await time(() =>
    db.transaction('rw', conversationTables(db), () => projectConversationDoc(db, docId, doc)),
  );
  repository.destroy();
  return ms;
}

const db = new LocalDb('bench-conversations');
await db.open();
const messages = benchMessages(COUNT, MONTHS);
const singleBytes = await storeSingleDoc(db, 'single', messages);
const splitBytes = await storeByMonth(db, 'bymonth', messages);

const single = await time(() => openSingle(db));
const split = await time(() => openByMonth(db));
const { opened, months } = await openByMonth(db);
const earlierSamples: number[] = [];
for (let i = 0; i < RUNS; i++) earlierSamples.push(await openEarlierMonth(db));
const earlier = median(earlierSamples);
const latest =
  (await db.convLogs.where('convId').equals('bymonth').toArray())
    .map((s) => s.docId)
    .sort()
    .at(-1) ?? '';
const rowSingle = await listRowPerMessage(db, 'conv/single');
const rowSplit = await listRowPerMessage(db, latest);
const poster = new DocRepository(db);
let n = 0;
const last = messages.at(-1)?.at ?? 0;
const postSplit = await time(async () => {
  await postToConversation(poster, 'bymonth', { id: `new${n++}`, by: 'u-a', at: last, text: 'Thêm một tin.' });
  await poster.flushed();
});

const f = (ms: number) => `${ms.toFixed(1)} ms`;
const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;
console.log(`${COUNT.toLocaleString('en')} messages over ${MONTHS} months, 5 members; median of ${RUNS} runs`);
console.log(
  '| layout | stored | open: IndexedDB → first screen ready | one earlier month (scroll back) | list row per new message | post one message (to IndexedDB) |',
);
console.log('|---|---|---|---|---|---|');
console.log(`| one doc (baseline) | ${kb(singleBytes)} | ${f(single)} | — (all loaded) | ${f(rowSingle)} | — |`);
console.log(
  `| **by month** (${months} log opened, ${opened.toLocaleString('en')} messages) | ${kb(splitBytes)} | **${f(split)}** | ${f(earlier)} | ${f(rowSplit)} | ${f(postSplit)} |`,
);
console.log(
  `\nby month / one doc: ${(split / single).toFixed(3)} (${(single / split).toFixed(0)}× faster); budget ${BUDGET_MS} ms: ${split <= BUDGET_MS ? 'met' : 'NOT met'}`,
);
console.log(`Node ${process.version}, fake-indexeddb`);
poster.destroy();
db.close();
await Dexie.delete(db.name);
