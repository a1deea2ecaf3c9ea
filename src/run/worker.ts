// One worker thread of the pool (pool.ts): takes one task at a time from the main thread, runs
// it, and posts the result back; or, for a nowcast, holds a shard of its particles between
// requests (particleShard.ts).
//
// The result's typed arrays are copied, not transferred. Transferring detaches the worker's
// buffers, and the first detached buffer switches off a V8 fast path for every typed array in
// the thread (the "array buffer detaching" protector): every later run in that worker was about
// 8% slower. Copying a result's tables costs well under a millisecond.
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskMessage, type ResultMessage } from './task.ts';
import { ParticleShard } from './particleShard.ts';
import type { ShardReply } from './particleShard.ts';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;
/** a shard of a nowcast's particles, held between requests (particleShard.ts) */
let shard: ParticleShard | undefined;

port.on('message', (msg: TaskMessage) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  if (msg.type === 'shard') {
    let reply: ShardReply;
    try {
      if (msg.req.op === 'open') shard = new ParticleShard(msg.req.spec);
      else if (!shard) throw new Error('particle shard: not opened');
      reply = { type: 'shard-reply', id: msg.id, result: msg.req.op === 'open' ? undefined : shard.handle(msg.req) };
      if (msg.req.op === 'close') shard = undefined;
    } catch (e) {
      reply = { type: 'shard-reply', id: msg.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    return;
  }
  if (msg.type !== 'task') return;
  let reply: ResultMessage;
  try {
    reply = { type: 'done', index: msg.index, result: runTask(msg.task) };
  } catch (e) {
    reply = { type: 'done', index: msg.index, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
