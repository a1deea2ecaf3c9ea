// One worker thread of the pool (pool.ts): takes one task at a time from the main thread, runs
// it, and posts the result back with its typed arrays transferred, not copied.
import { parentPort } from 'node:worker_threads';
import type { RunResult } from '../model/simulation.ts';
import { runTask, type TaskMessage, type ResultMessage } from './task.ts';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;

function buffersOf(result: RunResult): ArrayBuffer[] {
  const t = result.tables;
  return [t.originFlows, t.originMoney, t.originStocks, t.sectorFlows, t.sectorMoney].map((a) => a.buffer as ArrayBuffer);
}

port.on('message', (msg: TaskMessage) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  if (msg.type !== 'task') return;
  let reply: ResultMessage;
  try {
    const result = runTask(msg.task);
    reply = { type: 'done', index: msg.index, result };
    port.postMessage(reply, buffersOf(result));
  } catch (e) {
    reply = { type: 'done', index: msg.index, error: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
  }
});
