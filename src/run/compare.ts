// `corridor compare`: two scenarios, the same replications with common random numbers (the
// scope "compare" for both arms, seeds.ts), paired differences, written as a comparison folder:
// comparison.csv at the top, each arm's run folder in baseline/ and scenario/, report.html.
import { join } from 'node:path';
import { comparisonRows } from '../analysis/replications.ts';
import type { ComparisonRow } from '../analysis/replications.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import { writeFileAtomic, writeFolderAtomic } from '../output/atomic.ts';
import { toCsv } from '../output/csv.ts';
import { comparisonCells, COMPARISON_HEADER } from '../output/comparison.ts';
import { writeReport } from '../output/report/index.ts';
import { runMany } from './pool.ts';
import type { RunDone } from './pool.ts';
import { collect, planReplications, writeReplicationFolder } from './replicate.ts';
import type { ReplicationSet } from './replicate.ts';
import { COMPARE_SCOPE } from './seeds.ts';

export interface CompareOptions {
  build: BuildOptions;
  seed?: number;
  reps: number;
  out: string;
  command: string;
  workers?: number;
  onDone?: (done: RunDone) => void;
  /** write report.html (default true) */
  report?: boolean;
}

export interface CompareOutcome {
  baseline: ReplicationSet;
  scenario: ReplicationSet;
  rows: ComparisonRow[];
  failures: RunDone[];
  reportPath?: string;
}

export async function compareScenarios(baselineFile: string, scenarioFile: string, opts: CompareOptions): Promise<CompareOutcome> {
  const startedAt = new Date();
  // one master seed for both arms, or the pairs would not share their random numbers
  const seed = opts.seed ?? loadScenario(baselineFile, opts.build).seed;
  const common = { build: opts.build, seed, reps: opts.reps, scope: COMPARE_SCOPE };
  const a = planReplications(baselineFile, common, 'baseline/');
  const b = planReplications(scenarioFile, common, 'scenario/');
  const done = await runMany([...a.tasks, ...b.tasks], { workers: opts.workers, onDone: opts.onDone });
  const baseline = collect(a, done);
  const scenario = collect(b, done);
  // pair only the replications that both arms completed
  const okA = new Set(baseline.results.map((r) => r.rep));
  const okB = new Set(scenario.results.map((r) => r.rep));
  const paired = (set: ReplicationSet, other: Set<number>) => set.results.filter((r) => other.has(r.rep)).map((r) => r.result.tables);
  const first = a.loaded.input.calendar.firstMonth;
  if (b.loaded.input.calendar.firstMonth !== first || b.loaded.input.calendar.months !== a.loaded.input.calendar.months) {
    throw new Error(`compare: ${baselineFile} and ${scenarioFile} cover different periods; give both the same --start/--end`);
  }
  const rows = comparisonRows(first, paired(baseline, okB), paired(scenario, okA));
  await writeFolderAtomic(opts.out, (dir) => {
    writeReplicationFolder(join(dir, 'baseline'), baseline, startedAt, opts.command, true);
    writeReplicationFolder(join(dir, 'scenario'), scenario, startedAt, opts.command, true);
    writeFileAtomic(join(dir, 'comparison.csv'), toCsv(COMPARISON_HEADER, comparisonCells(rows)));
  });
  const reportPath = opts.report === false ? undefined : await writeReport(opts.out);
  return { baseline, scenario, rows, failures: [...baseline.failures, ...scenario.failures], reportPath };
}
