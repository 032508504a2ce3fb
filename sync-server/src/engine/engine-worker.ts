import { parentPort, workerData } from 'node:worker_threads';
import { DocShard } from './doc-shard.ts';
import type { EngineReply, EngineRequest } from './engine-messages.ts';

/** Entry of an apply worker: untrusted updates are decoded and applied here, off the main thread. */
const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
const shard = new DocShard();
/** Where the main thread reads which request this worker is on (apply-worker.ts). */
const progress = (workerData as { progress?: Int32Array } | undefined)?.progress ?? new Int32Array(1);

/** Replies held longer than this go back before the batch ends: the relay's watchdog counts from them. */
const FLUSH_AFTER_MS = 20;

/** The main thread posts the requests of one event-loop turn together; the replies go back together. */
port.on('message', (requests: EngineRequest[]) => {
  let replies: EngineReply[] = [];
  let since = performance.now();
  for (const request of requests) {
    const reply = answer(request);
    if (reply) replies.push(reply);
    if (replies.length > 0 && performance.now() - since > FLUSH_AFTER_MS) {
      port.postMessage(replies);
      replies = [];
      since = performance.now();
    }
  }
  Atomics.store(progress, 0, 0);
  if (replies.length > 0) port.postMessage(replies);
});

function answer(request: EngineRequest): EngineReply | null {
  Atomics.store(progress, 0, 'id' in request ? request.id : 0);
  let reply: EngineReply | null = null;
  switch (request.op) {
    case 'load':
      shard.load(request.docId, request.updates, request.owners);
      break;
    case 'unload':
      shard.unload(request.docId);
      break;
    case 'write':
      reply = { id: request.id, result: shard.write(request.docId, request.person, request.update, request.facts) };
      break;
    case 'register':
      reply = { id: request.id, result: shard.register(request.docId, request.entry) };
      break;
    case 'publishDash':
      reply = { id: request.id, result: shard.publishDash(request.docId, request.patch) };
      break;
    case 'absorb':
      reply = { id: request.id, result: shard.absorb(request.docId, request.update, request.owners) };
      break;
    case 'facts':
      reply = { id: request.id, result: shard.facts(request.docId) };
      break;
    case 'diff':
      reply = { id: request.id, result: shard.diff(request.docId, request.stateVector) };
      break;
    case 'snapshot':
      reply = { id: request.id, result: shard.snapshot(request.docId) };
      break;
  }
  return reply;
}
port.postMessage({ id: 0, result: { ok: true, changed: false } } satisfies EngineReply);
