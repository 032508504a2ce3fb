import { parentPort } from 'node:worker_threads';

// An apply worker that takes 400 ms over each batch holding a write to a doc whose id ends in
// "slow", as a worker does on a loaded machine: a test can act while such a write is being
// checked. Registered before the real worker's listener, so it runs first.
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort?.on('message', (requests: { op: string; docId: string }[]) => {
  if (requests.some((r) => r.op === 'write' && r.docId.endsWith('slow'))) Atomics.wait(pause, 0, 0, 400);
});
await import('../engine/engine-worker.ts');
