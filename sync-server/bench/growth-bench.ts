// `pnpm bench:growth`: what one write to a task costs the relay as the task grows (issue 15,
// item 5: the per-write check should cost what the write touched, not the doc). For each size, a
// task already holding that many comments (each with its event in the task's history) takes
// BENCH_WRITES more comments, one write each, by its issuer:
// - ours: the apply worker's whole write (DocShard.write: apply, inspect, project, check, stamp
//   the receipts, project the tables), in this process, without the worker's messages;
// - baseline: what a relay with no rules does with the same update (Y.applyUpdate into a copy
//   of the same doc, as @y/websocket-server does), in the same run.
// Then the city's widest task: a directive to 184 units, each unit's stage writes in turn (the
// third stage of every unit is timed), against the same baseline.
// Prints µs per write and the ratio; docs/benchmarks.md has the figures.
import { addTaskComment, cityUnits, createTask, type Person, setAssignmentStatus } from '@thongsuot/shared';
import * as Y from 'yjs';
import { DocShard } from '../src/engine/doc-shard.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10,1000,5000,20000').split(',').map(Number);
const WRITES = Number(process.env.BENCH_WRITES ?? 300);
const ISSUER: Person = { id: 'u-vanphong', unitId: 'vp-ubnd', rank: 5 };
const AT = Date.now() - 3_600_000;

function taskWith(comments: number): Y.Doc {
  const task = new Y.Doc();
  createTask(task, {
    id: 't1',
    title: 'Rà soát các điểm ngập trên địa bàn',
    issuerId: ISSUER.id,
    issuerUnitId: ISSUER.unitId,
    deadline: '2026-12-31',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: AT,
  });
  task.transact(() => {
    for (let i = 0; i < comments; i++)
      addTaskComment(task, { id: `c${i}`, by: ISSUER.id, at: AT + i, text: `Ý kiến ${i}` });
  });
  return task;
}

const rows: string[] = [];
// The first size is run twice and its first run dropped: it would carry the JIT's warm-up.
for (const [n, size] of [SIZES[0] ?? 10, ...SIZES].entries()) {
  const device = taskWith(size);
  const state = Y.encodeStateAsUpdate(device);
  const shard = new DocShard();
  shard.load('task/t1', [state], [[device.clientID, ISSUER.id]]);
  const plain = new Y.Doc();
  Y.applyUpdate(plain, state);
  let ours = 0;
  let baseline = 0;
  for (let i = 0; i < WRITES; i++) {
    const before = Y.encodeStateVector(device);
    addTaskComment(device, { id: `n${i}`, by: ISSUER.id, at: AT + size + i, text: `Ý kiến mới ${i}` });
    const update = Y.encodeStateAsUpdate(device, before);
    let t = performance.now();
    const result = shard.write('task/t1', ISSUER, update);
    ours += performance.now() - t;
    if (!result.ok) throw new Error(`write ${i} at ${size} refused: ${JSON.stringify(result)}`);
    t = performance.now();
    Y.applyUpdate(plain, update);
    baseline += performance.now() - t;
  }
  const us = (ms: number) => ((ms / WRITES) * 1000).toFixed(0);
  if (n > 0)
    rows.push(`| ${size.toLocaleString('en')} | ${us(ours)} | ${us(baseline)} | ${(ours / baseline).toFixed(1)}× |`);
}
console.log(`One comment per write, ${WRITES} writes per size, node ${process.version}`);
console.log('| comments already in the task | ours: µs per write | baseline (Y.applyUpdate): µs | ours / baseline |');
console.log('|---:|---:|---:|---:|');
for (const row of rows) console.log(row);

/** A directive from the City Office to 184 units; every unit marks it read, in progress, reported. */
function wideDirective(): { ours: number; baseline: number; recipients: number } {
  const units = cityUnits()
    .filter((u) => u.id !== ISSUER.unitId && ['ward', 'commune', 'special_zone', 'department'].includes(u.kind))
    .slice(0, 184);
  const issued = new Y.Doc();
  createTask(issued, {
    id: 't2',
    title: 'Triển khai phương án phòng chống bão số 9',
    issuerId: ISSUER.id,
    issuerUnitId: ISSUER.unitId,
    deadline: '2026-12-31',
    recipients: units.map((u) => ({ id: u.id, kind: 'unit' as const })),
    at: AT,
  });
  const shard = new DocShard();
  shard.load('task/t2', []);
  const created = shard.write('task/t2', ISSUER, Y.encodeStateAsUpdate(issued));
  if (!created.ok) throw new Error(`directive refused: ${JSON.stringify(created)}`);
  const plain = new Y.Doc();
  Y.applyUpdate(plain, Y.encodeStateAsUpdate(issued));
  const devices = new Map(units.map((u) => [u.id, new Y.Doc()]));
  for (const device of devices.values()) Y.applyUpdate(device, Y.encodeStateAsUpdate(issued));
  let ours = 0;
  let baseline = 0;
  let at = AT;
  for (const status of ['read', 'in_progress', 'reported'] as const) {
    for (const unit of units) {
      const device = devices.get(unit.id) as Y.Doc;
      const person: Person = { id: `p-${unit.id}`, unitId: unit.id, rank: 1 };
      const before = Y.encodeStateVector(device);
      setAssignmentStatus(device, unit.id, status, person.id, ++at);
      const update = Y.encodeStateAsUpdate(device, before);
      let t = performance.now();
      const result = shard.write('task/t2', person, update);
      if (status === 'reported') ours += performance.now() - t;
      if (!result.ok) throw new Error(`${unit.id} ${status} refused: ${JSON.stringify(result)}`);
      t = performance.now();
      Y.applyUpdate(plain, update);
      if (status === 'reported') baseline += performance.now() - t;
    }
  }
  return { ours: (ours / units.length) * 1000, baseline: (baseline / units.length) * 1000, recipients: units.length };
}

const wide = wideDirective();
console.log('');
console.log(`A directive to ${wide.recipients} units, each unit's third stage (read, in progress, then "reported")`);
console.log('| task | ours: µs per write | baseline (Y.applyUpdate): µs | ours / baseline |');
console.log('|---|---:|---:|---:|');
console.log(
  `| ${wide.recipients} recipients, ~${wide.recipients * 2} stages and events before | ${wide.ours.toFixed(0)} | ${wide.baseline.toFixed(0)} | ${(wide.ours / wide.baseline).toFixed(1)}× |`,
);
