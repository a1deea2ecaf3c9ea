// Many runs on worker threads (worker-threads-pool). The pool starts one worker per `acquire`,
// so it starts `workers` threads and each pulls the next task when it finishes one: a chunk of
// runs per worker, balanced as runs finish, and results streamed back as they come.
// Results do not depend on which worker ran what: every task carries its own random stream
// (seeds.ts), so any number of workers gives bit-identical results.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Pool from 'worker-threads-pool';
import type { Worker } from 'node:worker_threads';
import type { RunResult } from '../model/simulation.ts';
import { runSeed } from './seeds.ts';
import { runTask } from './task.ts';
import type { ResultMessage, RunTask, TaskMessage } from './task.ts';
import type { ShardReply, ShardRequest } from './particleShard.ts';

export type { RunTask };

export interface RunDone {
  task: RunTask;
  result?: RunResult;
  error?: string;
}

export interface RunManyOptions {
  /** worker threads; default the number of cores. 1 runs in this thread, unless `threads` is set. */
  workers?: number;
  /** run on worker threads even when `workers` is 1 (the benchmark compares 1 worker with 2) */
  threads?: boolean;
  /** called as each run finishes, in completion order */
  onDone?: (done: RunDone) => void;
  /**
   * false: the returned list keeps each run's task and error but not its result, so a caller
   * that handles results in `onDone` (a sweep: 10⁵ runs) holds one at a time. Default true.
   */
  keepResults?: boolean;
  /** asked before each run starts: true stops handing out runs (the runs under way finish) */
  stop?: () => boolean;
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
/**
 * A worker thread's young generation is smaller than the main thread's by default, and a run
 * allocates enough short-lived numbers that a worker ran about 7% slower than the same run on
 * the main thread; at 48 MB the gap closes to about 3% (measured over 6-run batches).
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 48 } };
/** Workers that die before taking a task, in a row, before the pool gives up on the rest. */
const MAX_STARTUP_FAILURES = 3;

export function defaultWorkers(): number {
  return availableParallelism();
}

/** "scenarios/x.yaml (stream corridor|7|...|p0|r3): message", for error reports. */
export function describeFailure(done: RunDone): string {
  return `${done.task.scenarioFile} (task ${done.task.id}, seed ${done.task.key.masterSeed}, stream ${runSeed(done.task.key)}): ${done.error}`;
}

/** Runs every task (until `stop`); results in task order. Never rejects for a failed run: its `error` is set instead. */
export async function runMany(tasks: RunTask[], opts: RunManyOptions = {}): Promise<RunDone[]> {
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), tasks.length));
  if (tasks.length === 0) return [];
  return workers === 1 && !opts.threads ? runInProcess(tasks, opts) : runOnWorkers(tasks, workers, opts);
}

/** What runMany returns for a finished run: without its result unless the caller keeps them. */
function kept(done: RunDone, opts: RunManyOptions): RunDone {
  return opts.keepResults === false && done.result ? { task: done.task } : done;
}

async function runInProcess(tasks: RunTask[], opts: RunManyOptions): Promise<RunDone[]> {
  const out: RunDone[] = [];
  for (const task of tasks) {
    if (opts.stop?.()) break;
    let done: RunDone;
    try {
      done = { task, result: runTask(task) };
    } catch (e) {
      done = { task, error: e instanceof Error ? e.message : String(e) };
    }
    out.push(kept(done, opts));
    opts.onDone?.(done);
    // let timers (progress) and signals (Ctrl-C) through between runs
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * A started worker thread. Workers stay alive between calls of runMany (idle and unref'd, so
 * they never keep the process alive): starting one costs about half a second (tsx and the
 * scenario layer's imports), which a calibration calling runMany once per generation should pay
 * only once.
 */
interface Slot {
  worker: Worker;
  onMessage?: (msg: ResultMessage | ShardReply) => void;
  onExit?: (code: number, error: string) => void;
}

const pool = new Pool({ max: 1024 });
const idle: Slot[] = [];

function acquire(callback: (err: Error | null, slot?: Slot) => void): void {
  const reused = idle.pop();
  if (reused) {
    reused.worker.ref();
    callback(null, reused);
    return;
  }
  pool.acquire(WORKER_ENTRY, WORKER_OPTIONS, (err: Error | null, worker: Worker) => {
    if (err) return callback(err);
    const slot: Slot = { worker };
    let lastError = '';
    worker.on('message', (msg: ResultMessage | ShardReply) => slot.onMessage?.(msg));
    worker.on('error', (e: Error) => (lastError = e.message));
    worker.on('exit', (code: number) => {
      const at = idle.indexOf(slot);
      if (at >= 0) idle.splice(at, 1);
      slot.onExit?.(code, lastError);
    });
    callback(null, slot);
  });
}

function release(slot: Slot): void {
  slot.onMessage = undefined;
  slot.onExit = undefined;
  slot.worker.unref();
  idle.push(slot);
}

/** Stops the idle workers (tests, or a long-lived process that is done with simulations). */
export async function closeWorkers(): Promise<void> {
  const slots = idle.splice(0);
  await Promise.all(slots.map((s) => s.worker.terminate()));
}

/** A worker thread that holds a shard of a nowcast's particles (particleShard.ts) between requests. */
export interface ShardChannel {
  /** the request's answer; rejects with the worker's error, or when the worker dies */
  call(req: ShardRequest): Promise<unknown>;
  /** drops the worker's shard and returns the thread to the idle workers */
  close(): Promise<void>;
}

/** n worker threads, each opened on a shard of the particles (`open` sent by the caller). */
export async function openShardChannels(n: number): Promise<ShardChannel[]> {
  const started = await Promise.allSettled(Array.from({ length: n }, () => new Promise<Slot>((resolve, reject) => acquire((err, slot) => (err || !slot ? reject(err ?? new Error('no worker')) : resolve(slot))))));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    // give back the threads that did start
    for (const r of started) if (r.status === 'fulfilled') release(r.value);
    throw new Error(`could not start a worker: ${(failed.reason as Error)?.message ?? failed.reason}`);
  }
  const slots = started.map((r) => (r as PromiseFulfilledResult<Slot>).value);
  return slots.map((slot) => {
    let next = 0;
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    slot.onMessage = (msg) => {
      if (msg.type !== 'shard-reply') return;
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(msg.error));
      else p?.resolve(msg.result);
    };
    slot.onExit = (code, lastError) => {
      for (const p of pending.values()) p.reject(new Error(`worker died (exit code ${code})${lastError ? `: ${lastError}` : ''}`));
      pending.clear();
    };
    const call = (req: ShardRequest) => new Promise<unknown>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'shard', id, req } satisfies TaskMessage);
    });
    return {
      call,
      close: async () => {
        await call({ op: 'close' });
        release(slot);
      },
    };
  });
}

function runOnWorkers(tasks: RunTask[], workers: number, opts: RunManyOptions): Promise<RunDone[]> {
  const out: RunDone[] = new Array(tasks.length);
  let next = 0;
  let finished = 0;
  let active = 0;
  let startupFailures = 0;
  let stopped = false;

  return new Promise((resolve) => {
    const settle = (index: number, result?: RunResult, error?: string) => {
      if (out[index]) return;
      const done: RunDone = error === undefined ? { task: tasks[index], result } : { task: tasks[index], error };
      out[index] = kept(done, opts);
      finished++;
      opts.onDone?.(done);
    };
    const maybeResolve = () => {
      if ((finished === tasks.length || stopped) && active === 0) resolve(stopped ? out.filter(Boolean) : out);
    };
    const start = () => {
      active++;
      acquire((err, slot) => {
        if (err || !slot) {
          active--;
          while (next < tasks.length) settle(next++, undefined, `could not start a worker: ${err?.message}`);
          maybeResolve();
          return;
        }
        let current = -1;
        let tookTask = false;
        const give = () => {
          if (!stopped && next < tasks.length && opts.stop?.()) stopped = true;
          if (!stopped && next < tasks.length) {
            current = next++;
            tookTask = true;
            slot.worker.postMessage({ type: 'task', index: current, task: tasks[current] } satisfies TaskMessage);
          } else {
            current = -1;
            release(slot);
            active--;
            maybeResolve();
          }
        };
        slot.onMessage = (msg) => {
          if (msg.type !== 'done') return;
          settle(msg.index, msg.result, msg.error);
          current = -1;
          give();
        };
        slot.onExit = (code, lastError) => {
          active--;
          if (current >= 0) settle(current, undefined, `worker died (exit code ${code})${lastError ? `: ${lastError}` : ''}`);
          current = -1;
          startupFailures = tookTask ? 0 : startupFailures + 1;
          if (next < tasks.length && !stopped) {
            if (startupFailures >= MAX_STARTUP_FAILURES) {
              while (next < tasks.length) settle(next++, undefined, `workers fail to start${lastError ? `: ${lastError}` : ''}`);
            } else start();
          }
          maybeResolve();
        };
        give();
      });
    };
    for (let w = 0; w < workers; w++) start();
  });
}
