// `pnpm bench:growth`: what one write to a task costs the relay as the task grows (issue 15,
// item 5: the per-write check should cost what the write touched, not the doc). For each size, a
// task already holding that many comments (each with its event in the task's history) takes
// BENCH_WRITES more comments, one write each, by its issuer:
// - ours: the apply worker's whole write (DocShard.write: apply, inspect, project, check, stamp
//   the receipts, project the tables), in this process, without the worker's messages;
// - baseline: what a relay with no rules does with the same update (Y.applyUpdate into a copy
//   of the same doc, as @y/websocket-server does), in the same run.
// Prints µs per write and the ratio; docs/benchmarks.md has the figures.
import { addTaskComment, createTask, type Person } from '@thongsuot/shared';
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
