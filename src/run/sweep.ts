// Sweeps: a design of parameter points × replications, run on the worker pool, each finished run
// recorded atomically in <out>/runs/ (so --resume runs only what is missing), sliceable into
// shards for a cluster (--shard i/N), and finished into runs.csv, runs.parquet, sensitivity.csv,
// the base scenario's run folder (scenario/) and report.html.
//
// Everything that decides a run — its point, its parameters, its random stream — comes from the
// sweep file alone, so any worker count, resume or shard split gives byte-identical files.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildDesign, analyzeDesign } from '../analysis/designs.ts';
import type { DesignMeta, ParameterSpec } from '../analysis/designs.ts';
import { compileOutcome } from '../analysis/outcomes.ts';
import { mean } from '../analysis/stats.ts';
import { canonicalJson, contentHash } from '../scenario/hash.ts';
import { loadScenario } from '../scenario/load.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { writeFileAtomic, writeFolderAtomic } from '../output/atomic.ts';
import { sixDecimals, toCsv } from '../output/csv.ts';
import { writeParquet } from '../output/parquet.ts';
import type { ParquetColumn } from '../output/parquet.ts';
import { writeReport } from '../output/report/index.ts';
import { manifestFor } from '../output/manifest.ts';
import { runTables, writeRunFiles } from '../output/results.ts';
import { runMany } from './pool.ts';
import type { RunDone, RunTask } from './pool.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';
import { isModelParameter } from './sweepFile.ts';
import type { LoadedSweep } from './sweepFile.ts';

const SENSITIVITY_HEADER = ['outcome', 'parameter', 'method', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high', 'mu_star', 'sigma'];
const BASE_TASK = 'base';

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

export function planSweep(sweep: LoadedSweep): SweepPlan {
  const { spec } = sweep;
  const base = loadScenario(sweep.scenarioFile, sweep.build);
  const seed = spec.seed ?? base.seed;
  const params: ParameterSpec[] = spec.parameters.map((p) => ({ name: p.name, min: p.range?.[0], max: p.range?.[1], levels: p.levels, log: p.log }));
  const design = buildDesign(spec.design, params, { samples: spec.samples, seed: `${seed}|${base.hash}`, morrisLevels: spec.morris_levels });
  const taskIds = [BASE_TASK];
  design.points.forEach((_, p) => {
    for (let r = 0; r < spec.replications; r++) taskIds.push(`p${p}-r${r}`);
  });
  const decisive = {
    scenarioHash: base.hash, seed, build: sweep.build, design: spec.design, samples: spec.samples, morrisLevels: spec.morris_levels,
    parameters: spec.parameters.map(({ note: _note, ...p }) => p), outcomes: spec.outcomes, replications: spec.replications, crn: spec.common_random_numbers,
  };
  return {
    name: sweep.name, sweepFile: sweep.file, sweepText: sweep.text, hash: contentHash(canonicalJson(decisive)),
    scenarioFile: sweep.scenarioFile, scenarioHash: base.hash, seed, build: sweep.build, design: design.meta,
    parameters: spec.parameters.map((p) => ({ name: p.name, kind: isModelParameter(p.name) ? 'parameter' : 'lever' })),
    outcomes: spec.outcomes, replications: spec.replications, commonRandomNumbers: spec.common_random_numbers,
    points: design.points, taskIds,
  };
}

function parseId(id: string): { point: number; rep: number } {
  if (id === BASE_TASK) return { point: -1, rep: 0 };
  const m = /^p(\d+)-r(\d+)$/.exec(id)!;
  return { point: Number(m[1]), rep: Number(m[2]) };
}

function taskFor(plan: SweepPlan, id: string): RunTask {
  const { point, rep } = parseId(id);
  const key: RunKey = { masterSeed: plan.seed, scope: plan.scenarioHash, point: plan.commonRandomNumbers || point < 0 ? 0 : point, rep };
  if (point < 0) return { id, scenarioFile: plan.scenarioFile, build: plan.build, key };
  const parameterOverrides: Record<string, number> = {};
  const leverOverrides: Record<string, number> = {};
  for (const p of plan.parameters) (p.kind === 'parameter' ? parameterOverrides : leverOverrides)[p.name] = plan.points[point][p.name];
  return { id, scenarioFile: plan.scenarioFile, build: { ...plan.build, parameterOverrides, leverOverrides }, key };
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

const recordPath = (out: string, id: string) => join(out, 'runs', `${id}.json`);
const baseRunDir = (out: string) => join(out, 'runs', BASE_TASK);

/** Ids of the runs already recorded in `out` (complete records only: files are written atomically). */
function recordedIds(out: string): Set<string> {
  const dir = join(out, 'runs');
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -5)));
}

function readRecord(out: string, id: string): RunRecord {
  return JSON.parse(readFileSync(recordPath(out, id), 'utf8')) as RunRecord;
}

function readPlan(out: string): SweepPlan | undefined {
  const file = join(out, 'sweep.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SweepPlan) : undefined;
}

function planJson(plan: SweepPlan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

/** Records a finished run: the base run's folder first, then its JSON (whose presence means done). */
async function record(plan: SweepPlan, out: string, done: RunDone, startedAt: Date): Promise<void> {
  const { point, rep } = parseId(done.task.id);
  const result = done.result!;
  const first = loadFirstMonth(plan);
  if (point < 0) {
    const loaded = loadScenario(plan.scenarioFile, plan.build);
    const tables = runTables(result, { scenario: loaded.name, seed: plan.seed, firstMonth: first });
    const manifest = manifestFor(loaded, plan.seed, [runSeed(done.task.key)], startedAt, `corridor sweep ${plan.sweepFile}`);
    manifest.startedAt = '';
    manifest.finishedAt = '';
    manifest.gitCommit = '';
    manifest.sweep = plan.name;
    await writeFolderAtomic(baseRunDir(out), (dir) => writeRunFiles(dir, tables, manifest));
  }
  const outcomes: Record<string, number> = {};
  for (const [name, expr] of Object.entries(plan.outcomes)) outcomes[name] = compileOutcome(expr).evaluate(result.tables, first);
  const rec: RunRecord = { id: done.task.id, point, rep, stream: runSeed(done.task.key), values: point < 0 ? {} : plan.points[point], outcomes };
  writeFileAtomic(recordPath(out, done.task.id), JSON.stringify(rec) + '\n');
}

const firstMonths = new Map<string, number>();
function loadFirstMonth(plan: SweepPlan): number {
  let m = firstMonths.get(plan.hash);
  if (m === undefined) {
    m = loadScenario(plan.scenarioFile, plan.build).input.calendar.firstMonth;
    firstMonths.set(plan.hash, m);
  }
  return m;
}

export interface SweepRunOptions {
  out: string;
  resume?: boolean;
  shard?: { index: number; count: number };
  workers?: number;
  command: string;
  /** told how many runs there are to do (after resume), before any starts */
  onStart?: (todo: number, total: number) => void;
  onDone?: (done: RunDone) => void;
}

export interface SweepRunOutcome {
  plan: SweepPlan;
  ran: number;
  skipped: number;
  failures: RunDone[];
  /** set when the sweep was complete and finished into its result files */
  reportPath?: string;
  finished: boolean;
}

export async function runSweep(sweep: LoadedSweep, opts: SweepRunOptions): Promise<SweepRunOutcome> {
  const plan = planSweep(sweep);
  const { out } = opts;
  const existing = readPlan(out);
  if (opts.resume) {
    if (existing && existing.hash !== plan.hash) {
      throw new Error(`${out}/sweep.json is from a different sweep (hash ${existing.hash}, now ${plan.hash}): the sweep file or its scenario changed; use a new --out`);
    }
  } else if (existsSync(join(out, 'runs'))) {
    rmSync(join(out, 'runs'), { recursive: true, force: true });
  }
  mkdirSync(join(out, 'runs'), { recursive: true });
  writeFileAtomic(join(out, 'sweep.json'), planJson(plan));
  const mine = shardIds(plan, opts.shard);
  if (opts.shard) writeFileAtomic(join(out, 'shard.json'), JSON.stringify({ shard: opts.shard.index, of: opts.shard.count, hash: plan.hash, taskIds: mine }, null, 2) + '\n');
  const have = opts.resume ? recordedIds(out) : new Set<string>();
  const todo = mine.filter((id) => !have.has(id));
  opts.onStart?.(todo.length, mine.length);
  const startedAt = new Date();
  const failures: RunDone[] = [];
  const writes: Promise<void>[] = [];
  await runMany(todo.map((id) => taskFor(plan, id)), {
    workers: opts.workers,
    onDone: (done) => {
      if (done.error !== undefined) failures.push(done);
      else writes.push(record(plan, out, done, startedAt));
      opts.onDone?.(done);
    },
  });
  await Promise.all(writes);
  const outcome: SweepRunOutcome = { plan, ran: todo.length, skipped: mine.length - todo.length, failures, finished: false };
  if (!opts.shard && failures.length === 0) {
    outcome.reportPath = await finishSweep(plan, out);
    outcome.finished = true;
  }
  return outcome;
}

/** Turns a complete set of run records in `out` into the sweep's result files. */
async function finishSweep(plan: SweepPlan, out: string): Promise<string> {
  const have = recordedIds(out);
  const missing = plan.taskIds.filter((id) => !have.has(id));
  if (missing.length) throw new Error(`${out}: ${missing.length} of ${plan.taskIds.length} runs missing (first: ${missing.slice(0, 5).join(', ')}); run the sweep with --resume`);
  const records = plan.taskIds.filter((id) => id !== BASE_TASK).map((id) => readRecord(out, id));
  const names = plan.parameters.map((p) => p.name);
  const outcomeNames = Object.keys(plan.outcomes);
  // full precision (shortest round-trip form), so runs.csv reads back exactly
  const header = ['run_id', 'point', 'rep', 'stream', ...names, ...outcomeNames];
  const rows = records.map((r) => [r.id, r.point, r.rep, r.stream, ...names.map((n) => String(r.values[n])), ...outcomeNames.map((n) => String(r.outcomes[n]))]);
  writeFileAtomic(join(out, 'runs.csv'), toCsv(header, rows));
  const columns: ParquetColumn[] = [
    { name: 'run_id', type: 'STRING', data: records.map((r) => r.id) },
    { name: 'point', type: 'INT32', data: records.map((r) => r.point) },
    { name: 'rep', type: 'INT32', data: records.map((r) => r.rep) },
    { name: 'stream', type: 'STRING', data: records.map((r) => r.stream) },
    ...names.map((n): ParquetColumn => ({ name: n, type: 'DOUBLE', data: records.map((r) => r.values[n]) })),
    ...outcomeNames.map((n): ParquetColumn => ({ name: n, type: 'DOUBLE', data: records.map((r) => r.outcomes[n]) })),
  ];
  writeParquet(join(out, 'runs.parquet'), columns);
  writeFileAtomic(join(out, 'sensitivity.csv'), toCsv(SENSITIVITY_HEADER, sensitivityRows(plan, records)));
  // the base scenario's run, where the report looks for a run to describe
  await writeFolderAtomic(join(out, 'scenario'), (dir) => cpSync(baseRunDir(out), dir, { recursive: true }));
  return writeReport(out, { title: `Sweep ${plan.name}` });
}

/** Sobol or Morris indices per outcome, from the mean over replications at each point. */
function sensitivityRows(plan: SweepPlan, records: RunRecord[]): (string | number)[][] {
  if (plan.design.design !== 'sobol' && plan.design.design !== 'morris') return [];
  const rows: (string | number)[][] = [];
  for (const outcome of Object.keys(plan.outcomes)) {
    const perPoint = plan.points.map(() => [] as number[]);
    for (const r of records) perPoint[r.point].push(r.outcomes[outcome]);
    const analysis = analyzeDesign(plan.design, perPoint.map((v) => mean(v)));
    if (analysis.design === 'sobol') {
      for (const ix of analysis.indices) rows.push([outcome, ix.name, 'sobol', sixDecimals(ix.S1), sixDecimals(ix.S1_low), sixDecimals(ix.S1_high), sixDecimals(ix.ST), sixDecimals(ix.ST_low), sixDecimals(ix.ST_high), '', '']);
    } else {
      for (const ix of analysis.indices) rows.push([outcome, ix.name, 'morris', '', '', '', '', '', '', sixDecimals(ix.muStar), sixDecimals(ix.sigma)]);
    }
  }
  return rows;
}

/**
 * Joins shard folders into one: all from the same sweep, every run exactly once, then the same
 * result files as a single-machine sweep.
 */
export async function mergeShards(dirs: string[], out: string): Promise<{ plan: SweepPlan; runs: number; reportPath: string }> {
  if (dirs.length === 0) throw new Error('merge: no shard folders given');
  let plan: SweepPlan | undefined;
  const owner = new Map<string, string>();
  for (const dir of dirs) {
    const p = readPlan(dir);
    if (!p) throw new Error(`merge: ${dir} has no sweep.json; is it a sweep shard folder?`);
    if (plan && p.hash !== plan.hash) throw new Error(`merge: ${dir} is from a different sweep (hash ${p.hash}) than ${dirs[0]} (hash ${plan.hash})`);
    plan ??= p;
    for (const id of recordedIds(dir)) {
      const other = owner.get(id);
      if (other) throw new Error(`merge: run ${id} is in both ${other} and ${dir}; each run must come from exactly one shard`);
      owner.set(id, dir);
    }
  }
  const missing = plan!.taskIds.filter((id) => !owner.has(id));
  if (missing.length) {
    throw new Error(`merge: ${missing.length} of ${plan!.taskIds.length} runs missing (first: ${missing.slice(0, 5).join(', ')}); a shard is missing or unfinished (rerun it with --resume)`);
  }
  const extra = [...owner.keys()].filter((id) => !plan!.taskIds.includes(id));
  if (extra.length) throw new Error(`merge: runs not in the sweep's plan: ${extra.slice(0, 5).join(', ')}`);
  mkdirSync(join(out, 'runs'), { recursive: true });
  writeFileAtomic(join(out, 'sweep.json'), planJson(plan!));
  for (const [id, dir] of owner) {
    if (join(dir) === join(out)) continue;
    writeFileAtomic(recordPath(out, id), readFileSync(recordPath(dir, id)));
    if (id === BASE_TASK) await writeFolderAtomic(baseRunDir(out), (tmp) => cpSync(baseRunDir(dir), tmp, { recursive: true }));
  }
  const reportPath = await finishSweep(plan!, out);
  return { plan: plan!, runs: owner.size, reportPath };
}
