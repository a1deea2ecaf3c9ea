// Sweeps: a design of parameter points × replications, run on the worker pool, each finished run
// recorded atomically in <out>/runs/ as it finishes (so --resume runs only what is missing, and
// memory does not grow with the number of runs), sliceable into shards for a cluster
// (--shard i/N), and finished into runs.csv, runs.parquet, sensitivity.csv, the base scenario's
// run folder (scenario/) and report.html, built in a temporary folder and moved in together.
//
// Everything that decides a run — its point, its parameters, its random stream — comes from the
// sweep file alone, so any worker count, resume or shard split gives byte-identical files.
//
// A run whose simulation fails, or one of whose outcomes throws or is not a finite number, is a
// failed run: it gets no record, is listed in failed.json, and the others go on; runs.csv then
// holds the good runs, and the caller exits non-zero.
import fs from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDesign, analyzeDesign } from '../analysis/designs.ts';
import type { DesignMeta, ParameterSpec } from '../analysis/designs.ts';
import { compileOutcome } from '../analysis/outcomes.ts';
import type { CompiledOutcome } from '../analysis/outcomes.ts';
import { regressionIndices } from '../analysis/regressionIndices.ts';
import type { RunResult } from '../model/simulation.ts';
import { canonicalJson, contentHash } from '../scenario/hash.ts';
import { loadScenario } from '../scenario/load.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { MARKER, moveEntries, removeStaleTemps, tempPath, writeFileAtomic, writeFolderAtomic } from '../output/atomic.ts';
import { csvLine, sixDecimals, toCsv } from '../output/csv.ts';
import type { Cell } from '../output/csv.ts';
import { OutputError, writeFailure } from '../output/errors.ts';
import { claimOutputFolder, lockHolder } from '../output/outputFolder.ts';
import { writeParquet } from '../output/parquet.ts';
import type { ParquetColumn } from '../output/parquet.ts';
import { writeReport } from '../output/report/index.ts';
import { manifestFor } from '../output/manifest.ts';
import { runTables, writeRunFiles } from '../output/results.ts';
import { checkStart, manifestFrom, scaleFrom, stateOf } from './fromNowcast.ts';
import type { NowcastStart } from './fromNowcast.ts';
import { defaultWorkers, runMany } from './pool.ts';
import type { RunDone, RunTask } from './pool.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';
import { isModelParameter } from './sweepFile.ts';
import type { LoadedSweep } from './sweepFile.ts';

/** sensitivity.csv: Sobol (S1, ST), Morris (mu_star, sigma), PRCC and SRC (coefficient, r2 for SRC); empty where a method has no such column. */
export const SENSITIVITY_HEADER = [
  'outcome', 'parameter', 'method', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high', 'mu_star', 'sigma',
  'coefficient', 'coefficient_low', 'coefficient_high', 'r2',
];
const BASE_TASK = 'base';
/** What a finished sweep adds to its folder, moved in together. */
const RESULT_ENTRIES = ['runs.csv', 'runs.parquet', 'sensitivity.csv', 'failed.json', 'scenario', 'report.html', 'sweep.json'];
const FAILED_FILE = 'failed.json';

/** What sweep.json holds: enough to check a resume or a merge and to finish a sweep without the sweep file. */
export interface SweepPlan {
  name: string;
  sweepFile: string;
  sweepText: string;
  /** hash of everything that decides the runs */
  hash: string;
  scenarioFile: string;
  scenarioHash: string;
  seed: number;
  build: BuildOptions;
  design: DesignMeta;
  parameters: { name: string; kind: 'parameter' | 'lever' }[];
  outcomes: Record<string, string>;
  replications: number;
  commonRandomNumbers: boolean;
  points: Record<string, number>[];
  /** task ids in order: the base scenario run first, then point-major, replication-minor */
  taskIds: string[];
  /** every run starts from a nowcast's states (`--from`): replication r from state stateOf(r), the base run from state 0 */
  from?: NowcastStart;
}

/** One finished run, as recorded in runs/<id>.json. */
export interface RunRecord {
  id: string;
  point: number;
  rep: number;
  stream: string;
  values: Record<string, number>;
  outcomes: Record<string, number>;
}

/** A run that failed: in failed.json and on stderr. */
export interface SweepFailure {
  id: string;
  stream: string;
  error: string;
}

/** The sweep's plan; `from` (a nowcast) sets the scale to the nowcast's and is checked against the base scenario. */
export function planSweep(sweep: LoadedSweep, from?: NowcastStart): SweepPlan {
  const { spec } = sweep;
  const build = from ? { ...sweep.build, scale: scaleFrom(from, sweep.build.scale, 'the sweep file\'s scale') } : sweep.build;
  const base = loadScenario(sweep.scenarioFile, build);
  if (from) checkStart(base, from);
  const seed = spec.seed ?? base.seed;
  const params: ParameterSpec[] = spec.parameters.map((p) => ({ name: p.name, min: p.range?.[0], max: p.range?.[1], levels: p.levels, log: p.log }));
  const design = buildDesign(spec.design, params, { samples: spec.samples, seed: `${seed}|${base.hash}`, morrisLevels: spec.morris_levels });
  const taskIds = [BASE_TASK];
  design.points.forEach((_, p) => {
    for (let r = 0; r < spec.replications; r++) taskIds.push(`p${p}-r${r}`);
  });
  const decisive = {
    scenarioHash: base.hash, seed, build, design: spec.design, samples: spec.samples, morrisLevels: spec.morris_levels,
    parameters: spec.parameters.map(({ note: _note, ...p }) => p), outcomes: spec.outcomes, replications: spec.replications, crn: spec.common_random_numbers,
    // a resume or merge from another nowcast would mix runs from two starting points
    ...(from ? { from: { file: from.file, digest: from.digest, through: from.through, states: from.states, scale: from.scale } } : {}),
  };
  return {
    name: sweep.name, sweepFile: sweep.file, sweepText: sweep.text, hash: contentHash(canonicalJson(decisive)),
    scenarioFile: sweep.scenarioFile, scenarioHash: base.hash, seed, build, design: design.meta,
    parameters: spec.parameters.map((p) => ({ name: p.name, kind: isModelParameter(p.name) ? 'parameter' : 'lever' })),
    outcomes: spec.outcomes, replications: spec.replications, commonRandomNumbers: spec.common_random_numbers,
    points: design.points, taskIds,
    ...(from ? { from } : {}),
  };
}

function parseId(id: string): { point: number; rep: number } {
  if (id === BASE_TASK) return { point: -1, rep: 0 };
  const m = /^p(\d+)-r(\d+)$/.exec(id)!;
  return { point: Number(m[1]), rep: Number(m[2]) };
}

function keyOf(plan: SweepPlan, id: string): RunKey {
  const { point, rep } = parseId(id);
  return { masterSeed: plan.seed, scope: plan.scenarioHash, point: plan.commonRandomNumbers || point < 0 ? 0 : point, rep };
}

function taskFor(plan: SweepPlan, id: string): RunTask {
  const { point, rep } = parseId(id);
  const key = keyOf(plan, id);
  // a swept parameter replaces the state's value of it; a swept lever acts from the state's week on
  const from = plan.from ? { from: { states: plan.from.file, state: stateOf(plan.from, rep) } } : {};
  if (point < 0) return { id, scenarioFile: plan.scenarioFile, build: plan.build, key, ...from };
  const parameterOverrides: Record<string, number> = {};
  const leverOverrides: Record<string, number> = {};
  for (const p of plan.parameters) (p.kind === 'parameter' ? parameterOverrides : leverOverrides)[p.name] = plan.points[point][p.name];
  return { id, scenarioFile: plan.scenarioFile, build: { ...plan.build, parameterOverrides, leverOverrides }, key, ...from };
}

/** Shard i of n (1-based) takes every n-th task, starting with the i-th: round robin balances costs. */
export function shardIds(plan: SweepPlan, shard?: { index: number; count: number }): string[] {
  if (!shard) return plan.taskIds;
  return plan.taskIds.filter((_, j) => j % shard.count === shard.index - 1);
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) throw new Error(`--shard expects i/N with 1 ≤ i ≤ N, e.g. 3/16 (got '${text}')`);
  return { index, count };
}

const recordPath = (runsDir: string, id: string) => join(runsDir, `${id}.json`);
const baseRunDir = (runsDir: string) => join(runsDir, BASE_TASK);

/** The record in `text` if it is a complete record of run `id` of this plan, else what is wrong with it. */
function checkRecord(text: string, id: string, plan: SweepPlan): RunRecord | string {
  let rec: RunRecord;
  try {
    rec = JSON.parse(text) as RunRecord;
  } catch (e) {
    return (e as Error).message;
  }
  if (!rec || typeof rec !== 'object' || rec.id !== id) return `it is not the record of run ${id}`;
  if (id === BASE_TASK) return rec;
  for (const name of Object.keys(plan.outcomes)) if (!Number.isFinite(rec.outcomes?.[name])) return `outcome ${name} is missing`;
  for (const p of plan.parameters) if (!Number.isFinite(rec.values?.[p.name])) return `parameter ${p.name} is missing`;
  return rec;
}

function readRecord(runsDir: string, id: string, plan: SweepPlan): RunRecord | string {
  try {
    return checkRecord(fs.readFileSync(recordPath(runsDir, id), 'utf8'), id, plan);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? String(e);
  }
}

/** Ids of this plan's runs whose record file is in `runsDir` (names only). */
function recordFiles(runsDir: string, plan: SweepPlan): string[] {
  if (!fs.existsSync(runsDir)) return [];
  const ids = new Set(plan.taskIds);
  return fs.readdirSync(runsDir).filter((f) => f.endsWith('.json') && ids.has(f.slice(0, -5))).map((f) => f.slice(0, -5));
}

/** The runs recorded completely in `runsDir`; a broken record is named and left to be run again. */
function completeRecords(runsDir: string, plan: SweepPlan, warn: (line: string) => void): Set<string> {
  const have = new Set<string>();
  for (const id of recordFiles(runsDir, plan)) {
    const rec = readRecord(runsDir, id, plan);
    if (typeof rec === 'string') warn(`${recordPath(runsDir, id)} is not a complete record (${rec}): it will be run again`);
    else have.add(id);
  }
  return have;
}

function readPlan(dir: string): SweepPlan | undefined {
  const file = join(dir, 'sweep.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    const plan = JSON.parse(fs.readFileSync(file, 'utf8')) as SweepPlan;
    if (typeof plan.hash !== 'string' || !Array.isArray(plan.taskIds)) throw new Error('no hash or task ids');
    return plan;
  } catch (e) {
    throw new OutputError(file, `${file} is not a sweep plan (${(e as Error).message})`);
  }
}

function readFailed(dir: string): SweepFailure[] {
  const file = join(dir, FAILED_FILE);
  if (!fs.existsSync(file)) return [];
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SweepFailure[];
  } catch (e) {
    throw new OutputError(file, `${file} is not a list of failed runs (${(e as Error).message})`);
  }
}

function planJson(plan: SweepPlan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

function failedJson(failures: SweepFailure[]): string {
  return JSON.stringify(failures, null, 2) + '\n';
}

/** In plan order: the base run, then point by point, replication by replication. */
function byPlanOrder(a: { id: string }, b: { id: string }): number {
  const x = parseId(a.id);
  const y = parseId(b.id);
  return x.point - y.point || x.rep - y.rep;
}

/** "run p3-r0 (stream corridor|…): outcome revenue (…) is NaN", for stderr. */
export function failureLine(f: SweepFailure): string {
  return `run ${f.id} (stream ${f.stream}) failed: ${f.error}`;
}

const compiled = new Map<string, CompiledOutcome>();
const firstMonths = new Map<string, number>();

function firstMonthOf(plan: SweepPlan): number {
  let m = firstMonths.get(plan.hash);
  if (m === undefined) {
    m = loadScenario(plan.scenarioFile, plan.build).input.calendar.firstMonth;
    firstMonths.set(plan.hash, m);
  }
  return m;
}

/** The run's outcomes, or why one of them is not a number. */
function evaluateOutcomes(plan: SweepPlan, result: RunResult): Record<string, number> | string {
  const first = firstMonthOf(plan);
  const outcomes: Record<string, number> = {};
  for (const [name, expr] of Object.entries(plan.outcomes)) {
    let outcome = compiled.get(expr);
    if (!outcome) compiled.set(expr, (outcome = compileOutcome(expr)));
    let value: number;
    try {
      value = outcome.evaluate(result.tables, first);
    } catch (e) {
      return `outcome ${name} (${expr}) failed: ${(e as Error).message}`;
    }
    if (!Number.isFinite(value)) return `outcome ${name} (${expr}) is ${value}`;
    outcomes[name] = value;
  }
  return outcomes;
}

async function writeBaseRun(plan: SweepPlan, runsDir: string, result: RunResult, key: RunKey, startedAt: Date): Promise<void> {
  const loaded = loadScenario(plan.scenarioFile, plan.build);
  const tables = runTables(result, { scenario: loaded.name, seed: plan.seed, firstMonth: firstMonthOf(plan) });
  const manifest = manifestFor(loaded, plan.seed, [runSeed(key)], startedAt, `corridor sweep ${plan.sweepFile}`);
  manifest.startedAt = '';
  manifest.finishedAt = '';
  manifest.gitCommit = '';
  manifest.sweep = plan.name;
  if (plan.from) manifest.from = manifestFrom(plan.from);
  await writeFolderAtomic(baseRunDir(runsDir), (dir) => writeRunFiles(dir, tables, manifest), 'run');
}

export interface SweepStart {
  plan: SweepPlan;
  /** runs to do now */
  todo: number;
  /** runs of this sweep (or shard) */
  total: number;
  /** runs already recorded (--resume) */
  recorded: number;
  /** worker threads that will run them */
  workers: number;
  /** for the reader (with --from: months the nowcast did not simulate) */
  notes?: string[];
}

export interface SweepRunOptions {
  out: string;
  /** start every run from a nowcast's states (`--from`) */
  from?: NowcastStart;
  resume?: boolean;
  shard?: { index: number; count: number };
  workers?: number;
  command: string;
  /** told what will run, before any run starts */
  onStart?: (start: SweepStart) => void;
  onDone?: (done: RunDone) => void;
  /** warnings: a broken record, a stale lock (default stderr) */
  warn?: (line: string) => void;
}

export interface SweepRunOutcome {
  plan: SweepPlan;
  ran: number;
  skipped: number;
  failures: SweepFailure[];
  /** set when the sweep was finished into its result files (a sweep, not a shard) */
  finished?: SweepResults;
}

/** "sweep x: 8 points × 4 replications = 32 runs (+ 1 base run) on 2 workers[; shard …][; … already recorded, … to run]" */
export function planLine(start: SweepStart, opts: { resume?: boolean; shard?: { index: number; count: number } } = {}): string {
  const { plan } = start;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const points = plan.points.length;
  let line = `sweep ${plan.name}: ${n(points, 'point')} × ${n(plan.replications, 'replication')} = ${n(points * plan.replications, 'run')} (+ 1 base run) on ${n(start.workers, 'worker')}`;
  if (opts.shard) line += `; shard ${opts.shard.index}/${opts.shard.count}: ${n(start.total, 'run')} of them`;
  if (opts.resume) line += `; ${start.recorded} already recorded, ${start.todo} to run`;
  return line;
}

export async function runSweep(sweep: LoadedSweep, opts: SweepRunOptions): Promise<SweepRunOutcome> {
  const plan = planSweep(sweep, opts.from);
  const { out } = opts;
  const warn = opts.warn ?? ((line: string) => console.error(line));
  const runsDir = join(out, 'runs');
  const folder = claimOutputFolder(out, 'sweep', { warn });
  try {
    // we hold the lock: what a killed sweep left half-written is nobody's now
    removeStaleTemps(out);
    removeStaleTemps(runsDir);
    if (opts.resume) {
      const existing = readPlan(out);
      if (existing && existing.hash !== plan.hash) {
        throw new OutputError(join(out, 'sweep.json'), `${join(out, 'sweep.json')} is from a different sweep (hash ${existing.hash}, now ${plan.hash}): the sweep file or its scenario changed; use a new --out, or run without --resume to start over`);
      }
    } else folder.clear();
    writeFileAtomic(join(out, 'sweep.json'), planJson(plan));
    fs.mkdirSync(runsDir, { recursive: true });
    const mine = shardIds(plan, opts.shard);
    if (opts.shard) writeFileAtomic(join(out, 'shard.json'), JSON.stringify({ shard: opts.shard.index, of: opts.shard.count, hash: plan.hash, taskIds: mine }, null, 2) + '\n');
    const have = opts.resume ? completeRecords(runsDir, plan, warn) : new Set<string>();
    const todo = mine.filter((id) => !have.has(id));
    const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), todo.length));
    const notes = plan.from ? checkStart(loadScenario(plan.scenarioFile, plan.build), plan.from) : [];
    opts.onStart?.({ plan, todo: todo.length, total: mine.length, recorded: mine.length - todo.length, workers, notes });

    const startedAt = new Date();
    const failures: SweepFailure[] = [];
    let writeError: unknown;
    let baseWrite = Promise.resolve();
    const onDone = (done: RunDone) => {
      const { id } = done.task;
      const stream = runSeed(done.task.key);
      const { point, rep } = parseId(id);
      let outcomes = done.result ? evaluateOutcomes(plan, done.result) : (done.error ?? 'no result');
      // the base run is there for scenario/ and the report, not for runs.csv: an outcome it cannot give is no failure
      if (point < 0 && done.result && typeof outcomes === 'string') outcomes = {};
      if (typeof outcomes === 'string') failures.push({ id, stream, error: outcomes });
      else {
        const rec: RunRecord = { id, point, rep, stream, values: point < 0 ? {} : plan.points[point], outcomes };
        const write = () => writeFileAtomic(recordPath(runsDir, id), JSON.stringify(rec) + '\n');
        // the base run's folder first, then its record: a record means the run is complete
        if (point < 0) baseWrite = writeBaseRun(plan, runsDir, done.result!, done.task.key, startedAt).then(write).catch((e) => void (writeError ??= e));
        else {
          try {
            write();
          } catch (e) {
            writeError ??= e;
          }
        }
      }
      opts.onDone?.(done);
    };
    await runMany(todo.map((id) => taskFor(plan, id)), { workers: opts.workers, keepResults: false, stop: () => writeError !== undefined, onDone });
    await baseWrite;
    if (writeError !== undefined) throw writeFailure(out, writeError);
    failures.sort(byPlanOrder);
    const outcome: SweepRunOutcome = { plan, ran: todo.length, skipped: mine.length - todo.length, failures };
    if (opts.shard) {
      if (failures.length) writeFileAtomic(join(out, FAILED_FILE), failedJson(failures));
      else fs.rmSync(join(out, FAILED_FILE), { force: true });
    } else outcome.finished = await finishInPlace(plan, out, failures);
    return outcome;
  } finally {
    folder.release();
  }
}

/** What finishing a sweep gave. */
export interface SweepResults {
  /** runs in runs.csv */
  runs: number;
  /** report.html, unless the base run failed */
  reportPath?: string;
  /** sensitivity indices left out, and why */
  notes: string[];
}

/** Builds the result files of the records in out/runs in a temporary folder and moves them into `out` together. */
async function finishInPlace(plan: SweepPlan, out: string, failures: SweepFailure[]): Promise<SweepResults> {
  const tmp = tempPath(out);
  try {
    fs.mkdirSync(tmp);
    const results = await buildResults(plan, join(out, 'runs'), tmp, failures);
    moveEntries(tmp, out, RESULT_ENTRIES);
    return { ...results, reportPath: results.reportPath && join(out, 'report.html') };
  } catch (e) {
    throw writeFailure(out, e, { temp: tmp, shown: out });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Writes runs.csv, runs.parquet, sensitivity.csv, sweep.json, failed.json (if any failed),
 * scenario/ and report.html into `into`, from the records in `runsDir` read one at a time:
 * only numbers (and two short strings) per run are kept, for the Parquet columns.
 */
async function buildResults(plan: SweepPlan, runsDir: string, into: string, failures: SweepFailure[]): Promise<SweepResults> {
  const failed = new Set(failures.map((f) => f.id));
  const present = new Set(recordFiles(runsDir, plan));
  const missing = plan.taskIds.filter((id) => !present.has(id) && !failed.has(id));
  if (missing.length) {
    throw new OutputError(runsDir, `${runsDir}: ${missing.length} of ${plan.taskIds.length} runs missing (first: ${missing.slice(0, 5).join(', ')}); run the sweep with --resume`);
  }
  const ids = plan.taskIds.filter((id) => id !== BASE_TASK && present.has(id));
  const names = plan.parameters.map((p) => p.name);
  const outcomeNames = Object.keys(plan.outcomes);
  const n = ids.length;
  const runId: string[] = new Array(n);
  const stream: string[] = new Array(n);
  const point = new Int32Array(n);
  const rep = new Int32Array(n);
  const values = names.map(() => new Float64Array(n));
  const outcomes = outcomeNames.map(() => new Float64Array(n));
  // per point, for the sensitivity indices: sums over replications, in replication order
  const sums = outcomeNames.map(() => new Float64Array(plan.points.length));
  const counts = new Int32Array(plan.points.length);
  ids.forEach((id, i) => {
    const rec = readRecord(runsDir, id, plan);
    if (typeof rec === 'string') throw new OutputError(recordPath(runsDir, id), `${recordPath(runsDir, id)} is not a complete record (${rec}); run the sweep with --resume`);
    runId[i] = rec.id;
    stream[i] = rec.stream;
    point[i] = rec.point;
    rep[i] = rec.rep;
    names.forEach((name, j) => (values[j][i] = rec.values[name]));
    outcomeNames.forEach((name, j) => {
      outcomes[j][i] = rec.outcomes[name];
      sums[j][rec.point] += rec.outcomes[name];
    });
    counts[rec.point]++;
  });
  // full precision (shortest round-trip form), so runs.csv reads back exactly
  const header = ['run_id', 'point', 'rep', 'stream', ...names, ...outcomeNames];
  function* lines(): Generator<string> {
    yield header.join(',') + '\n';
    for (let i = 0; i < n; i++) yield csvLine([runId[i], point[i], rep[i], stream[i], ...values.map((v) => String(v[i])), ...outcomes.map((v) => String(v[i]))]) + '\n';
  }
  writeFileAtomic(join(into, 'runs.csv'), lines());
  const columns: ParquetColumn[] = [
    { name: 'run_id', type: 'STRING', data: runId },
    { name: 'point', type: 'INT32', data: point },
    { name: 'rep', type: 'INT32', data: rep },
    { name: 'stream', type: 'STRING', data: stream },
    ...names.map((name, j): ParquetColumn => ({ name, type: 'DOUBLE', data: values[j] })),
    ...outcomeNames.map((name, j): ParquetColumn => ({ name, type: 'DOUBLE', data: outcomes[j] })),
  ];
  writeParquet(join(into, 'runs.parquet'), columns);
  const notes: string[] = [];
  const rows = outcomeNames.flatMap((name, j) => sensitivityRows(plan, name, sums[j], counts, notes));
  writeFileAtomic(join(into, 'sensitivity.csv'), toCsv(SENSITIVITY_HEADER, rows));
  writeFileAtomic(join(into, 'sweep.json'), planJson(plan));
  if (failures.length) writeFileAtomic(join(into, FAILED_FILE), failedJson(failures));
  if (!present.has(BASE_TASK)) return { runs: n, notes };
  // the base scenario's run, where the report looks for a run to describe
  fs.cpSync(baseRunDir(runsDir), join(into, 'scenario'), { recursive: true });
  return { runs: n, notes, reportPath: await writeReport(into, { title: `Sweep ${plan.name}` }) };
}

/**
 * Sensitivity rows of one outcome, on the mean over replications at each point: Sobol or Morris
 * indices for their designs (every point needed), PRCC and SRC for LHS and grid designs (the
 * points with a finished run).
 */
function sensitivityRows(plan: SweepPlan, outcome: string, sums: Float64Array, counts: Int32Array, notes: string[]): Cell[][] {
  const d = sixDecimals;
  const means = sums.map((s, p) => s / counts[p]);
  const design = plan.design.design;
  if (design === 'sobol' || design === 'morris') {
    const empty = counts.filter((c) => c === 0).length;
    if (empty) {
      notes.push(`sensitivity.csv has no ${design} indices for ${outcome}: ${empty} of ${counts.length} points have no finished run`);
      return [];
    }
    const analysis = analyzeDesign(plan.design, means);
    if (analysis.design === 'sobol') return analysis.indices.map((ix) => [outcome, ix.name, 'sobol', d(ix.S1), d(ix.S1_low), d(ix.S1_high), d(ix.ST), d(ix.ST_low), d(ix.ST_high), '', '', '', '', '', '']);
    return analysis.indices.map((ix) => [outcome, ix.name, 'morris', '', '', '', '', '', '', d(ix.muStar), d(ix.sigma), '', '', '', '']);
  }
  const at = plan.points.map((_, p) => p).filter((p) => counts[p] > 0);
  const names = plan.parameters.map((p) => p.name);
  if (at.length < names.length + 2) {
    notes.push(`sensitivity.csv has no PRCC or SRC for ${outcome}: ${at.length} points have a finished run, and ${names.length} parameters need ${names.length + 2}`);
    return [];
  }
  const columns = names.map((name) => Float64Array.from(at, (p) => plan.points[p][name]));
  const r = regressionIndices(names, columns, Float64Array.from(at, (p) => means[p]), { seed: `${plan.design.seed}/bootstrap/${outcome}` });
  const noSobolOrMorris = ['', '', '', '', '', '', '', ''];
  return [
    ...r.prcc.map((ix): Cell[] => [outcome, ix.name, 'prcc', ...noSobolOrMorris, d(ix.coefficient), d(ix.low), d(ix.high), '']),
    ...r.src.map((ix): Cell[] => [outcome, ix.name, 'src', ...noSobolOrMorris, d(ix.coefficient), d(ix.low), d(ix.high), d(r.r2)]),
  ];
}

/**
 * Joins shard folders into one: all from the same sweep, none still being written, every run
 * exactly once (or listed as failed by its shard), then the same result files as a
 * single-machine sweep. `out` may be the shards' parent: they stay.
 */
export async function mergeShards(dirs: string[], out: string): Promise<{ plan: SweepPlan; runs: number; failures: SweepFailure[]; finished: SweepResults }> {
  if (dirs.length === 0) throw new OutputError(out, 'merge: no shard folders given');
  let plan: SweepPlan | undefined;
  const owner = new Map<string, string>();
  const failedIn = new Map<string, SweepFailure>();
  for (const dir of dirs) {
    const holder = lockHolder(dir);
    if (holder) throw new OutputError(dir, `merge: ${dir} is still being written (${holder}); wait for that shard to finish`);
    const p = readPlan(dir);
    if (!p) throw new OutputError(dir, `merge: ${dir} has no sweep.json; is it a sweep shard folder?`);
    if (plan && p.hash !== plan.hash) throw new OutputError(dir, `merge: ${dir} is from a different sweep (hash ${p.hash}) than ${dirs[0]} (hash ${plan.hash})`);
    plan ??= p;
    for (const id of recordFiles(join(dir, 'runs'), p)) {
      const other = owner.get(id);
      if (other) throw new OutputError(dir, `merge: run ${id} is in both ${other} and ${dir}; each run must come from exactly one shard`);
      owner.set(id, dir);
    }
    for (const f of readFailed(dir)) failedIn.set(f.id, f);
  }
  const sweep = plan!;
  const failures = [...failedIn.values()].filter((f) => !owner.has(f.id)).sort(byPlanOrder);
  const failed = new Set(failures.map((f) => f.id));
  const missing = sweep.taskIds.filter((id) => !owner.has(id) && !failed.has(id));
  if (missing.length) {
    throw new OutputError(out, `merge: ${missing.length} of ${sweep.taskIds.length} runs missing (first: ${missing.slice(0, 5).join(', ')}); a shard is missing or unfinished (rerun it with --resume)`);
  }
  const shardPaths = new Set(dirs.map((d) => resolve(d)));
  const folder = claimOutputFolder(out, 'sweep', { allowed: (name) => shardPaths.has(resolve(out, name)) || fs.existsSync(join(out, name, MARKER)) });
  const tmp = tempPath(out);
  try {
    removeStaleTemps(out);
    fs.mkdirSync(join(tmp, 'runs'), { recursive: true });
    for (const [id, dir] of owner) {
      const from = recordPath(join(dir, 'runs'), id);
      const rec = readRecord(join(dir, 'runs'), id, sweep);
      if (typeof rec === 'string') throw new OutputError(from, `merge: ${from} is not a complete record (${rec}); rerun that shard with --resume`);
      if (id === BASE_TASK) fs.cpSync(baseRunDir(join(dir, 'runs')), baseRunDir(join(tmp, 'runs')), { recursive: true });
      fs.copyFileSync(from, recordPath(join(tmp, 'runs'), id));
    }
    const finished = await buildResults(sweep, join(tmp, 'runs'), tmp, failures);
    moveEntries(tmp, out, ['runs', ...RESULT_ENTRIES]);
    return { plan: sweep, runs: owner.size, failures, finished: { ...finished, reportPath: finished.reportPath && join(out, 'report.html') } };
  } catch (e) {
    throw writeFailure(out, e, { temp: tmp, shown: out });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    folder.release();
  }
}
