// Replications of one scenario on the worker pool: N runs that differ only in their random
// stream, written as one run folder (all replications in monthly.csv etc., `seed` telling them
// apart) with summaries over replications (summary_monthly.csv, summary_annual.csv).
import { join } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import { SUMMARY_ANNUAL_HEADER, SUMMARY_MONTHLY_HEADER, summaryAnnualRows, summaryMonthlyRows } from '../analysis/replications.ts';
import { toCsv } from '../output/csv.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import type { OutputFolder } from '../output/outputFolder.ts';
import { writeReport } from '../output/report/index.ts';
import { runTables, writeRunFiles } from '../output/results.ts';
import { manifestFor } from '../output/manifest.ts';
import type { Manifest } from '../output/manifest.ts';
import type { RunTables } from '../output/results.ts';
import { checkStart, manifestFrom, scaleFrom, stateOf } from './fromNowcast.ts';
import type { NowcastStart } from './fromNowcast.ts';
import { describeFailure } from './pool.ts';
import type { RunDone, RunTask } from './pool.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';

export interface ReplicationOptions {
  build: BuildOptions;
  /** master seed; default the scenario file's */
  seed?: number;
  reps: number;
  /** stream scope; default the scenario hash ("compare" for both arms of a comparison) */
  scope?: string;
  /** start every replication from a nowcast's state (`--from`): replication r from state stateOf(r) (fromNowcast.ts), at the nowcast's scale */
  from?: NowcastStart;
}

/**
 * The `seed` column of a replication's rows: the master seed alone for a single run (as
 * `corridor run` always wrote), `<seed>/r<rep>` when there are several, e.g. `7/r3`.
 */
function seedLabel(seed: number, rep: number, reps: number): string | number {
  return reps === 1 ? seed : `${seed}/r${rep}`;
}

export interface ReplicationPlan {
  file: string;
  loaded: LoadedScenario;
  seed: number;
  keys: RunKey[];
  tasks: RunTask[];
  from?: NowcastStart;
  /** for the reader, before the runs (months a nowcast did not simulate) */
  notes: string[];
}

export function planReplications(file: string, opts: ReplicationOptions, idPrefix = ''): ReplicationPlan {
  const from = opts.from;
  const build = from ? { ...opts.build, scale: scaleFrom(from, opts.build.scale) } : opts.build;
  const loaded = loadScenario(file, build);
  const notes = from ? checkStart(loaded, from) : [];
  const seed = opts.seed ?? loaded.seed;
  const scope = opts.scope ?? loaded.hash;
  const keys = Array.from({ length: opts.reps }, (_, rep): RunKey => ({ masterSeed: seed, scope, point: 0, rep }));
  const tasks = keys.map((key): RunTask => ({
    id: `${idPrefix}r${key.rep}`, scenarioFile: file, build, key,
    ...(from ? { from: { states: from.file, state: stateOf(from, key.rep) } } : {}),
  }));
  return { file, loaded, seed, keys, tasks, from, notes };
}

export interface ReplicationSet {
  plan: ReplicationPlan;
  /** successful runs, in replication order */
  results: { rep: number; result: RunResult }[];
  failures: RunDone[];
}

/** Collects the runs of one plan from a list of finished runs. */
export function collect(plan: ReplicationPlan, done: RunDone[]): ReplicationSet {
  const mine = new Set(plan.tasks);
  const results: ReplicationSet['results'] = [];
  const failures: RunDone[] = [];
  for (const d of done) {
    if (!mine.has(d.task)) continue;
    if (d.result) results.push({ rep: d.task.key.rep, result: d.result });
    else failures.push(d);
  }
  results.sort((a, b) => a.rep - b.rep);
  return { plan, results, failures };
}

export function replicationTables(set: ReplicationSet): RunTables {
  const { loaded, seed } = set.plan;
  const reps = set.plan.keys.length;
  const all: RunTables = { monthly: [], sectors: [], annual: [], flows: [] };
  for (const { rep, result } of set.results) {
    const t = runTables(result, { scenario: loaded.name, seed: seedLabel(seed, rep, reps), firstMonth: loaded.input.calendar.firstMonth });
    all.monthly.push(...t.monthly);
    all.sectors.push(...t.sectors);
    all.annual.push(...t.annual);
    all.flows.push(...t.flows);
  }
  return all;
}

/** Writes one replication set as a run folder into `dir` (which the caller makes atomic). */
export function writeReplicationFolder(dir: string, set: ReplicationSet, startedAt: Date, command: string, summaries: boolean): Manifest {
  const { loaded, seed } = set.plan;
  const keys = set.results.map((r) => set.plan.keys[r.rep]);
  const manifest = manifestFor(loaded, seed, keys.map(runSeed), startedAt, command);
  if (set.failures.length) manifest.failures = set.failures.map(describeFailure);
  manifest.seedColumn = keys.length === 1 ? 'the master seed' : '<master seed>/r<replication>: replication r of master seed s';
  if (set.plan.from) manifest.from = manifestFrom(set.plan.from);
  writeRunFiles(dir, replicationTables(set), manifest);
  if (summaries) {
    const first = loaded.input.calendar.firstMonth;
    const tables = set.results.map((r) => r.result.tables);
    writeFileAtomic(join(dir, 'summary_monthly.csv'), toCsv(SUMMARY_MONTHLY_HEADER, summaryMonthlyRows(loaded.name, first, tables)));
    writeFileAtomic(join(dir, 'summary_annual.csv'), toCsv(SUMMARY_ANNUAL_HEADER, summaryAnnualRows(loaded.name, first, tables)));
  }
  return manifest;
}

/**
 * Replaces a claimed output folder by one replication set's run folder, report included: the
 * old folder stays until everything is written (atomic.ts).
 */
export async function writeRunFolder(folder: OutputFolder, set: ReplicationSet, startedAt: Date, command: string, summaries: boolean): Promise<void> {
  await folder.replace(async (dir) => {
    writeReplicationFolder(dir, set, startedAt, command, summaries);
    // report.html reads the folder just written, so it shows exactly what the CSV files hold
    await writeReport(dir);
  });
}
