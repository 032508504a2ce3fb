import { parentPort } from 'node:worker_threads';
import { DocShard } from './doc-shard.ts';
import type { EngineReply, EngineRequest } from './engine-messages.ts';

/** Entry of an apply worker: untrusted updates are decoded and applied here, off the main thread. */
const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
const shard = new DocShard();

port.on('message', (request: EngineRequest) => {
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
  if (reply) port.postMessage(reply);
});
port.postMessage({ id: 0, result: { ok: true, changed: false } } satisfies EngineReply);
