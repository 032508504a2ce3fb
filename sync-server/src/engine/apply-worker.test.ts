import { addTaskComment } from '@thongsuot/shared';
import { afterEach, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, newTask } from '../testing/fixtures.ts';
import { ApplyWorker } from './apply-worker.ts';
import { DEFAULT_WORKER_URL } from './doc-engine.ts';
import type { LoadedDoc } from './engine-messages.ts';

vi.setConfig({ testTimeout: 30_000 });

const OFFICE = { id: 'u-vanphong', unitId: 'vp-ubnd', rank: 5 };
const workers: ApplyWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close();
});

/** A worker that hangs on writes to docs whose id ends in "hang", with the given loader. */
async function hangingWorker(loader: (docId: string) => Promise<LoadedDoc>): Promise<ApplyWorker> {
  const worker = new ApplyWorker({
    loader,
    timeoutMs: 1000,
    workerUrl: DEFAULT_WORKER_URL,
    workerData: { entry: new URL('../testing/hanging-engine-worker.ts', import.meta.url).href },
    maxHeapMb: 256,
  });
  workers.push(worker);
  await worker.ready();
  return worker;
}

it('replays the writes of a replaced worker in the order they came, those still loading their doc included', async () => {
  // Each load of a doc waits until the test lets it finish, in whatever order the test chooses.
  const loads: { docId: string; finish: (doc: LoadedDoc) => void }[] = [];
  const worker = await hangingWorker((docId) => new Promise((finish) => loads.push({ docId, finish })));

  const hangDoc = Y.encodeStateAsUpdate(newTask('hang'));
  const task = newTask('d');
  const created = Y.encodeStateAsUpdate(task);
  const commented = changeOf(task, (d) =>
    addTaskComment(d, { id: 'c1', by: OFFICE.id, at: 1_700_000_000_100, text: 'Đang xử lý' }),
  );

  const hang = worker.ask('task/hang', { op: 'write', person: OFFICE, update: hangDoc });
  await vi.waitFor(() => expect(loads.map((l) => l.docId)).toEqual(['task/hang']));
  loads[0]?.finish({ updates: [], owners: [] });
  // The first write to task/d waits for its doc to load while the worker hangs and is replaced.
  const first = worker.ask('task/d', { op: 'write', person: OFFICE, update: created });
  await vi.waitFor(() => expect(worker.restarts).toBe(1), { timeout: 10_000 });
  // The second (built on the first) arrives after the replacement.
  const second = worker.ask('task/d', { op: 'write', person: OFFICE, update: commented });
  await new Promise((resolve) => setImmediate(resolve));
  // Loads finish newest first: the order of the writes must not depend on it.
  for (const load of loads.slice(1).reverse()) load.finish({ updates: [], owners: [] });

  expect(await hang).toMatchObject({ ok: false, code: 'timeout' });
  expect(await first).toMatchObject({ ok: true, changed: true });
  expect(await second).toMatchObject({ ok: true, changed: true });
});

it('refuses the write the worker hangs on, not an earlier one of the same batch whose reply it held', async () => {
  const worker = await hangingWorker(async () => ({ updates: [], owners: [] }));
  const created = (id: string) => Y.encodeStateAsUpdate(newTask(id));
  // Asked in one turn: posted to the worker in one message, answered in one.
  const before = worker.ask('task/a', { op: 'write', person: OFFICE, update: created('a') });
  const hang = worker.ask('task/hang', { op: 'write', person: OFFICE, update: created('hang') });
  const after = worker.ask('task/c', { op: 'write', person: OFFICE, update: created('c') });

  expect(await hang).toMatchObject({ ok: false, code: 'timeout' });
  expect(await before).toMatchObject({ ok: true, changed: true });
  expect(await after).toMatchObject({ ok: true, changed: true });
  expect(worker.restarts).toBe(1);
});
