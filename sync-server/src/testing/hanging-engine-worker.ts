import { parentPort, workerData } from 'node:worker_threads';

// An apply worker that hangs on any write to a doc whose id ends in "hang", standing in for
// the Yjs bugs where a crafted update loops forever (yjs#479). Registered before the real
// worker's listener, so it runs first.
// Requests arrive in batches (apply-worker.ts); the worker says which one it is on, as the
// real one does, so the relay refuses the write that hangs and replays the rest of the batch.
const progress = (workerData as { progress?: Int32Array } | undefined)?.progress;
parentPort?.on('message', (requests: { op: string; docId: string; id?: number }[]) => {
  for (const request of requests) {
    if (request.op !== 'write' || !request.docId.endsWith('hang')) continue;
    if (progress && request.id !== undefined) Atomics.store(progress, 0, request.id);
    for (;;) {}
  }
});
// Start slowly, as a worker does on a loaded machine: a request posted before the engine's own
// listener is attached would reach only the listener above and be lost. The relay must wait
// for the worker's "ready" before posting (CI failed once on exactly this race).
await new Promise((resolve) => setTimeout(resolve, 1500));
await import('../engine/engine-worker.ts');
