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
import type { BuildOptions } from '../scenario/build.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';
import { runTask } from './task.ts';
import type { ResultMessage, TaskMessage } from './task.ts';

export interface RunTask {
  id: string;
  scenarioFile: string;
  build: BuildOptions;
  key: RunKey;
}

export interface RunDone {
  task: RunTask;
  result?: RunResult;
  error?: string;
}

export interface RunManyOptions {
  /** worker threads; default the number of cores. 1 runs in this thread. */
  workers?: number;
  /** called as each run finishes, in completion order */
  onDone?: (done: RunDone) => void;
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
/** Workers that die before taking a task, in a row, before the pool gives up on the rest. */
const MAX_STARTUP_FAILURES = 3;

export function defaultWorkers(): number {
  return availableParallelism();
}

/** "scenarios/x.yaml (stream corridor|7|...|p0|r3): message", for error reports. */
export function describeFailure(done: RunDone): string {
  return `${done.task.scenarioFile} (task ${done.task.id}, seed ${done.task.key.masterSeed}, stream ${runSeed(done.task.key)}): ${done.error}`;
}

/** Runs every task; results in task order. Never rejects for a failed run: its `error` is set instead. */
export async function runMany(tasks: RunTask[], opts: RunManyOptions = {}): Promise<RunDone[]> {
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), tasks.length));
  if (tasks.length === 0) return [];
  return workers === 1 ? runInProcess(tasks, opts.onDone) : runOnWorkers(tasks, workers, opts.onDone);
}

async function runInProcess(tasks: RunTask[], onDone?: (done: RunDone) => void): Promise<RunDone[]> {
  const out: RunDone[] = [];
  for (const task of tasks) {
    let done: RunDone;
    try {
      done = { task, result: runTask(task) };
    } catch (e) {
      done = { task, error: e instanceof Error ? e.message : String(e) };
    }
    out.push(done);
    onDone?.(done);
    // let timers (progress) and signals (Ctrl-C) through between runs
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

function runOnWorkers(tasks: RunTask[], workers: number, onDone?: (done: RunDone) => void): Promise<RunDone[]> {
  const out: RunDone[] = new Array(tasks.length);
  const pool = new Pool({ max: workers });
  let next = 0;
  let finished = 0;
  let alive = 0;
  let startupFailures = 0;

  return new Promise((resolve) => {
    const settle = (index: number, result?: RunResult, error?: string) => {
      if (out[index]) return;
      const done: RunDone = error === undefined ? { task: tasks[index], result } : { task: tasks[index], error };
      out[index] = done;
      finished++;
      onDone?.(done);
    };
    const maybeResolve = () => {
      if (finished === tasks.length && alive === 0) resolve(out);
    };
    const start = () => {
      alive++;
      pool.acquire(WORKER_ENTRY, undefined, (err: Error | null, worker: Worker) => {
        if (err) {
          alive--;
          while (next < tasks.length) settle(next++, undefined, `could not start a worker: ${err.message}`);
          maybeResolve();
          return;
        }
        let current = -1;
        let tookTask = false;
        let lastError = '';
        const give = () => {
          if (next < tasks.length) {
            current = next++;
            tookTask = true;
            worker.postMessage({ type: 'task', index: current, task: tasks[current] } satisfies TaskMessage);
          } else {
            current = -1;
            worker.postMessage({ type: 'stop' } satisfies TaskMessage);
          }
        };
        worker.on('message', (msg: ResultMessage) => {
          if (msg.type === 'done') {
            settle(msg.index, msg.result, msg.error);
            current = -1;
          }
          give();
        });
        worker.on('error', (e: Error) => {
          lastError = e.message;
        });
        worker.on('exit', (code: number) => {
          alive--;
          if (current >= 0) settle(current, undefined, `worker died (exit code ${code})${lastError ? `: ${lastError}` : ''}`);
          current = -1;
          startupFailures = tookTask ? 0 : startupFailures + 1;
          if (next < tasks.length) {
            if (startupFailures >= MAX_STARTUP_FAILURES) {
              while (next < tasks.length) settle(next++, undefined, `workers fail to start${lastError ? `: ${lastError}` : ''}`);
            } else start();
          }
          maybeResolve();
        });
      });
    };
    for (let w = 0; w < workers; w++) start();
  });
}
