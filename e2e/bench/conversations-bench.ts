// `pnpm bench:conversations`: what opening a long conversation costs on this machine, in Node
// (the model and projection code the app runs; no browser, so IndexedDB and React are not in it).
// For 1,000 / 10,000 / 100,000 messages: decode the stored doc (baseline: unavoidable for one
// doc), read it as the conversation view does, project the list row (runs on every message),
// post one more message; and the alternative of splitting the history by period, as one
// month's doc of a 100,000-message conversation spread over three years.
import { createConversation, readConversation } from '@thongsuot/shared/model/conversation';
import { convMessages } from '@thongsuot/shared/model/conversation-doc';
import { postMessage } from '@thongsuot/shared/model/message';
import * as Y from 'yjs';
import { conversationRow } from '../../client/src/conversations/conv-projection.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const PER_MONTH = Math.ceil(100_000 / 36);
const MEMBERS = ['u-a', 'u-b', 'u-c', 'u-d', 'u-e'];

/** A stored conversation of `count` messages. Built through the doc layout in batches: posting
 * 100,000 messages one by one through the model scans the array each time (see the report). */
function storedConversation(count: number): Uint8Array {
  const doc = new Y.Doc();
  createConversation(doc, {
    id: 'bench',
    kind: 'group',
    title: 'Tổ công tác',
    createdBy: 'u-a',
    at: 1,
    members: MEMBERS,
  });
  for (let start = 0; start < count; start += 1_000) {
    const batch: { id: string; by: string; at: number; text: string }[] = [];
    for (let i = start; i < Math.min(count, start + 1_000); i++) {
      batch.push({
        id: `m${i}`,
        by: MEMBERS[i % MEMBERS.length] ?? 'u-a',
        at: 1_000 + i,
        text: `Tin nhắn số ${i}: báo cáo tiến độ công việc trong ngày.`,
      });
    }
    doc.transact(() => convMessages(doc).push(batch));
  }
  return Y.encodeStateAsUpdate(doc);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function load(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

const rows: string[][] = [];
function measure(label: string, count: number): void {
  const update = storedConversation(count);
  const decode = time(() => load(update).destroy());
  const open = time(() => {
    const doc = load(update);
    readConversation(doc)?.messages.slice(-30);
    doc.destroy();
  });
  const doc = load(update);
  const project = time(() => conversationRow('conv/bench', doc));
  let n = 0;
  const post = time(() => postMessage(doc, { id: `new${n++}`, by: 'u-a', at: 9e12, text: 'Thêm một tin.' }));
  doc.destroy();
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  rows.push([label, `${(update.length / 1024).toFixed(0)} KB`, f(decode), f(open), f(project), f(post)]);
}

for (const size of SIZES) measure(`${size.toLocaleString('en')} messages`, size);
measure(`split by month: one month of 100,000 (${PER_MONTH.toLocaleString('en')})`, PER_MONTH);

const header = [
  'conversation',
  'stored',
  'decode (baseline)',
  'open: decode + read as the view does',
  'list row per change',
  'post one message',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nmedian of ${RUNS} runs each; Node ${process.version}`);
