import { parentPort } from 'node:worker_threads';

// An apply worker that hangs on any write to a doc whose id ends in "hang", standing in for
// the Yjs bugs where a crafted update loops forever (yjs#479). Registered before the real
// worker's listener, so it runs first.
parentPort?.on('message', (request: { op: string; docId: string }) => {
  if (request.op === 'write' && request.docId.endsWith('hang')) for (;;) {}
});
await import('../engine/engine-worker.ts');
