// Runs fuzz cases in a worker thread, one after the other: writes each case's files into its own
// folder, reads the case through the library's entry point for its kind, and classifies the
// result. The test's thread watches the time each case takes and ends the worker on a hang.
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readCalibration } from '../../src/run/calibrationSetup.ts';
import { loadSweepFile } from '../../src/run/sweepFile.ts';
import { InputError } from '../../src/scenario/errors.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import type { FuzzCase, Kind } from './corpus.ts';

/** accepted; refused with one clean line (an InputError naming its file); any other exception; an InputError whose message is not one clean line; too slow */
export type Outcome = 'accepted' | 'refused' | 'crash' | 'bad-message' | 'hang';

export interface CaseResult {
  outcome: Outcome;
  ms: number;
  detail?: string;
}

export type FromWorker = { start: number; limitMs: number } | { done: number; result: CaseResult };

const ENTRY: Record<Kind, (file: string) => unknown> = {
  scenario: (file) => loadScenario(file),
  sweep: (file) => loadSweepFile(file),
  calibration: (file) => readCalibration(file),
};

// a control character or a line break in a message would reach the terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let sharedFifo: string | undefined;

/** One named pipe for every case (through a link): making one costs a process. */
function fifo(dir: string): string {
  if (!sharedFifo) {
    sharedFifo = join(dir, '..', `fifo-${process.pid}-${Date.now()}`);
    execFileSync('mkfifo', [sharedFifo]);
  }
  return sharedFifo;
}

function materialize(c: FuzzCase, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of c.files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    if (f.folder) mkdirSync(path, { recursive: true });
    else if (f.fifo) symlinkSync(fifo(dir), path);
    else if (f.link) symlinkSync(f.link, path);
    else if (f.size !== undefined) {
      const fd = openSync(path, 'w');
      ftruncateSync(fd, f.size);
      closeSync(fd);
    } else writeFileSync(path, f.bytes ?? (f.text ?? '').replaceAll('@CASE@', dir));
  }
}

export function runCase(c: FuzzCase, dir: string): CaseResult {
  materialize(c, dir);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    ENTRY[c.kind](join(dir, c.entry));
    return { outcome: 'accepted', ms: ms() };
  } catch (e) {
    if (e instanceof InputError) {
      const clean = e.file !== '' && e.expected !== '' && !UNSAFE.test(e.message);
      return clean ? { outcome: 'refused', ms: ms(), detail: e.message.slice(0, 300) } : { outcome: 'bad-message', ms: ms(), detail: JSON.stringify(e.message.slice(0, 300)) };
    }
    return { outcome: 'crash', ms: ms(), detail: String((e as Error)?.stack ?? e).slice(0, 800) };
  }
}

if (parentPort && workerData?.cases) {
  const { cases, from, dir } = workerData as { cases: FuzzCase[]; from: number; dir: string };
  for (let i = from; i < cases.length; i++) {
    parentPort.postMessage({ start: i, limitMs: cases[i].limitMs ?? 0 } satisfies FromWorker);
    const result = runCase(cases[i], join(dir, `c${i}`));
    parentPort.postMessage({ done: i, result } satisfies FromWorker);
  }
}
