/**
 * Measures the document model at realistic content: generates the full city (50,000 officials,
 * 20,000 tasks by default), then for each doc kind prints encoded sizes and the time to load a
 * typical (median-size) and a large (largest) instance: decode into a fresh Y.Doc and read the
 * typed projection. Run (docs/model.md):
 *
 *   pnpm --filter @thongsuot/sync-server exec tsx ../shared/src/generator/measure-model.ts [officials] [tasks]
 */
import * as Y from 'yjs';
import { readBulletin } from '../model/bulletin.ts';
import { readConversation } from '../model/conversation.ts';
import { saveDraft } from '../model/draft.ts';
import { addReminder } from '../model/reminder.ts';
import { readTask } from '../model/task.ts';
import { readUnitPage } from '../model/unit-page.ts';
import { createUserDoc, pinDoc, readUserDoc, setPreferences } from '../model/user-doc.ts';
import type { GeneratedDoc } from './actor.ts';
import { generateCity } from './city.ts';
import { DEFAULT_NOW, generateWorkload } from './workload.ts';

declare const console: { log(...args: unknown[]): void };
declare const performance: { now(): number };
declare const process: { argv: string[] };

const officials = Number(process.argv[2] ?? 50_000);
const tasks = Number(process.argv[3] ?? 20_000);
const options = { seed: 2026, officials, tasks, now: DEFAULT_NOW };

const READERS: Record<string, (doc: Y.Doc) => unknown> = {
  task: readTask,
  conv: readConversation,
  unit: readUnitPage,
  bulletin: readBulletin,
  user: readUserDoc,
};

function timeLoad(kind: string, update: Uint8Array): number {
  const read = READERS[kind];
  if (!read) throw new Error(kind);
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    if (read(doc) === null) throw new Error(`${kind} doc does not read as valid`);
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? 0;
}

function userDoc(reminders: number, drafts: number, pins: number): GeneratedDoc {
  const doc = new Y.Doc();
  createUserDoc(doc, 'u-000001');
  setPreferences(doc, { language: 'vi', theme: 'dark', digestHour: 7 });
  for (let i = 0; i < reminders; i++) {
    addReminder(doc, {
      id: `r${i}`,
      text: 'Nhắc gọi điện cho Phường Bến Thành về báo cáo ngập nước',
      dueAt: DEFAULT_NOW + i * 3_600_000,
      createdAt: DEFAULT_NOW,
      taskId: `t${i}`,
    });
  }
  for (let i = 0; i < drafts; i++)
    saveDraft(doc, `d${i}`, `conv/g${i}`, 'Kính gửi anh chị, em xin báo cáo tiến độ như sau: '.repeat(4), DEFAULT_NOW);
  for (let i = 0; i < pins; i++) pinDoc(doc, `task/t${i}`, DEFAULT_NOW + i);
  return { docId: 'user/u-000001', update: Y.encodeStateAsUpdate(doc) };
}

const t0 = performance.now();
const city = generateCity(options);
const t1 = performance.now();
const byKind = new Map<string, GeneratedDoc[]>();
let total = 0;
for (const d of generateWorkload(city, options)) {
  const kind = d.docId.slice(0, d.docId.indexOf('/'));
  const list = byKind.get(kind) ?? [];
  list.push(d);
  byKind.set(kind, list);
  total += d.update.length;
}
const t2 = performance.now();
byKind.set('user', [userDoc(20, 3, 10), userDoc(500, 50, 200)]);

console.log(
  `city: ${city.units.length} units, ${city.officials.length} officials in ${((t1 - t0) / 1000).toFixed(2)} s`,
);
console.log(
  `workload: ${[...byKind].map(([k, v]) => `${v.length} ${k}`).join(', ')}; ${(total / 1e6).toFixed(1)} MB encoded; generated in ${((t2 - t1) / 1000).toFixed(2)} s`,
);
console.log('');
console.log('| kind | docs | median bytes | p99 bytes | max bytes | load typical (ms) | load large (ms) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [kind, list] of byKind) {
  const sorted = [...list].sort((a, b) => a.update.length - b.update.length);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as GeneratedDoc;
  const typical = kind === 'user' ? (sorted[0] as GeneratedDoc) : at(0.5);
  const large = sorted[sorted.length - 1] as GeneratedDoc;
  console.log(
    `| ${kind} | ${kind === 'user' ? 'synthetic' : list.length} | ${typical.update.length} | ${at(0.99).update.length} | ${large.update.length} (${large.docId}) | ${timeLoad(kind, typical.update).toFixed(2)} | ${timeLoad(kind, large.update).toFixed(2)} |`,
  );
}
