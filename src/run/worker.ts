// One worker thread of the pool (pool.ts): takes one task at a time from the main thread, runs
// it, and posts the result back.
//
// The result's typed arrays are copied, not transferred. Transferring detaches the worker's
// buffers, and the first detached buffer switches off a V8 fast path for every typed array in
// the thread (the "array buffer detaching" protector): every later run in that worker was about
// 8% slower. Copying a result's tables costs well under a millisecond.
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskMessage, type ResultMessage } from './task.ts';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;

port.on('message', (msg: TaskMessage) => {
  if (msg.type === 'stop') {
    port.close();
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
