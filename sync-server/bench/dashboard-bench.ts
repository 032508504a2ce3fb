// `pnpm bench:dashboard` (docs/benchmarks.md): leaders' figures on the 50,000-official city with
// 20,000 tasks (docs/design.md §14), in one run:
// 1. recomputing every scope one write affects, from the in-memory assignment index
//    (DashboardModel: the write's rows, then each touched unit's entries and the patch against
//    what its doc holds), p50/p99 over random writes;
// 2. the naive approach on the same writes: recount every assignment into every unit's figures;
// 3. decoding the city's dashboard doc as a device does when it opens the page offline (the
//    browser measure is `pnpm bench:dashboard:phone`).
// The city is generated once into BENCH_CITY_DB (default: a file in the OS temp dir) and reused.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AssignmentRow,
  dashDocOf,
  dashPatch,
  readDashboard,
  SECTIONS,
  sectionReport,
  type TaskStatus,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { DashboardModel } from '../src/dashboard/dashboard-model.ts';
import { readOrgFacts } from '../src/dashboard/dashboard-service.ts';
import { readAssignmentIndex } from '../src/storage/assignment-table.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const OFFICIALS = Number(process.env.BENCH_OFFICIALS ?? 50_000);
const TASKS = Number(process.env.BENCH_TASKS ?? 20_000);
const WRITES = Number(process.env.BENCH_WRITES ?? 300);
const NAIVE_WRITES = Number(process.env.BENCH_NAIVE_WRITES ?? 12);
const path = process.env.BENCH_CITY_DB ?? join(tmpdir(), `thongsuot-dash-city-${OFFICIALS}-${TASKS}.sqlite`);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

if (!existsSync(path)) {
  process.stdout.write(`Generating the city (${OFFICIALS} officials, ${TASKS} tasks) into ${path}…\n`);
  const started = performance.now();
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, '../scripts/generate-city.ts'),
      '--db',
      path,
      '--officials',
      String(OFFICIALS),
      '--tasks',
      String(TASKS),
      '--conversations',
      '0',
    ],
    { stdio: 'inherit' },
  );
  process.stdout.write(`  generated in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

const db = openDatabase(path);
const loadStarted = performance.now();
const index = readAssignmentIndex(db);
const org = readOrgFacts(db);
const model = new DashboardModel(org);
for (const [taskId, title] of index.titles) model.setTitle(taskId, title);
const byTask = new Map<string, AssignmentRow[]>();
for (const row of index.rows) {
  const ofTask = byTask.get(row.taskId);
  if (ofTask) ofTask.push(row);
  else byTask.set(row.taskId, [row]);
}
for (const [taskId, rows] of byTask) model.apply(taskId, { upsert: rows, remove: [] });
const loadMs = performance.now() - loadStarted;
const units = model.units();
const asOf = Date.parse('2026-06-15T03:00:00Z');

// Every unit's figures once, as at the relay's start; kept as what each doc holds.
const startAll = performance.now();
const published = new Map<string, Map<string, string>>();
for (const unit of units) {
  const entries = new Map<string, string>();
  dashPatch(entries, unit, model.entries(unit, asOf), asOf);
  published.set(unit, entries);
}
const allMs = performance.now() - startAll;

// Random writes: a recipient's next stage, with the relay's time; seeded.
let seed = 2026;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const NEXT: Record<TaskStatus, TaskStatus> = {
  received: 'read',
  read: 'in_progress',
  in_progress: 'reported',
  reported: 'completed',
  completed: 'completed',
};
function nextWrite(at: number): { taskId: string; row: AssignmentRow } {
  const row = index.rows[Math.floor(random() * index.rows.length)] as AssignmentRow;
  const status = NEXT[row.status];
  const changed: AssignmentRow = {
    ...row,
    status,
    readAt: row.readAt ?? at,
    reportedAt: status === 'reported' || status === 'completed' ? (row.reportedAt ?? at) : null,
    completedAt: status === 'completed' ? at : null,
    percent: Math.min(100, (row.percent ?? 0) + 20),
  };
  return { taskId: row.taskId, row: changed };
}

const ours: number[] = [];
const touchedCounts: number[] = [];
for (let i = 0; i < WRITES; i++) {
  const at = asOf + i * 1000;
  const { taskId, row } = nextWrite(at);
  const started = performance.now();
  const touched = model.apply(taskId, { upsert: [row], remove: [] });
  for (const unit of touched) {
    const entries = published.get(unit) ?? new Map<string, string>();
    published.set(unit, entries);
    dashPatch(entries, unit, model.entries(unit, at), at);
  }
  ours.push(performance.now() - started);
  touchedCounts.push(touched.size);
}

// The naive approach: after each write, recount every assignment into every unit's figures.
const naive: number[] = [];
for (let i = 0; i < NAIVE_WRITES; i++) {
  const at = asOf + (WRITES + i) * 1000;
  const { taskId, row } = nextWrite(at);
  model.apply(taskId, { upsert: [row], remove: [] });
  const started = performance.now();
  const rows = readAssignmentIndex(db).rows; // every assignment, as stored
  const lookup = model.lookup();
  for (const unit of units) {
    const ids = [unit];
    const received = rows.filter((r) => r.recipientKind === 'unit' && lookup.unitOfRecipient(r) === unit);
    const handed = rows.filter((r) => ids.includes(r.issuerUnitId) || r.monitorUnits.some((u) => ids.includes(u)));
    if (received.length > 0) sectionReport(received, lookup, at);
    if (handed.length > 0) sectionReport(handed, lookup, at);
  }
  naive.push(performance.now() - started);
}

// The device's offline open: decode the city's doc and read it (the browser adds rendering).
const city = [...units].sort((a, b) => model.rows('handed', b).length - model.rows('handed', a).length)[0] as string;
const cityUpdate = Y.encodeStateAsUpdate(dashDocOf(city, model.entries(city, asOf), asOf));
const opens: number[] = [];
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, cityUpdate);
  const dash = readDashboard(doc);
  for (const section of SECTIONS) dash?.[section]?.units.length;
  opens.push(performance.now() - started);
  doc.destroy();
}

const rowsOf = (unit: string) => model.rows('handed', unit).length + model.rows('received', unit).length;
process.stdout.write(`
Leaders' figures — ${OFFICIALS.toLocaleString('en')} officials, ${TASKS.toLocaleString('en')} tasks, ${index.rows.length.toLocaleString('en')} assignments, ${units.length} units with figures
  index loaded and built in memory: ${ms(loadMs)}; every unit's figures once: ${ms(allMs)}
  largest scope: ${city} (${rowsOf(city).toLocaleString('en')} assignments); its doc ${(cityUpdate.length / 1024).toFixed(0)} KB

| after one write                                  | writes | p50        | p99        | units recomputed (p50/max) |
|--------------------------------------------------|-------:|-----------:|-----------:|---------------------------:|
| ours: touched units from the in-memory index     | ${String(WRITES).padStart(6)} | ${ms(quantile(ours, 0.5)).padStart(10)} | ${ms(quantile(ours, 0.99)).padStart(10)} | ${`${quantile(touchedCounts, 0.5)}/${Math.max(...touchedCounts)}`.padStart(26)} |
| naive: recount every assignment, every unit      | ${String(NAIVE_WRITES).padStart(6)} | ${ms(quantile(naive, 0.5)).padStart(10)} | ${ms(quantile(naive, 0.99)).padStart(10)} | ${String(units.length).padStart(26)} |
| ratio naive / ours                               |        | ${`${(quantile(naive, 0.5) / quantile(ours, 0.5)).toFixed(0)}×`.padStart(10)} | ${`${(quantile(naive, 0.99) / quantile(ours, 0.99)).toFixed(0)}×`.padStart(10)} |                            |

Device open of the largest scope's doc (decode + read, Node, no CPU slowdown): p50 ${ms(quantile(opens, 0.5))}, max ${ms(Math.max(...opens))}
`);
db.close();
