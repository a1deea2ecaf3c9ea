// `corridor compare`: two scenarios, the same replications with common random numbers (the
// scope "compare" for both arms, seeds.ts), paired differences, written as a comparison folder:
// comparison.csv at the top, each arm's run folder in baseline/ and scenario/, report.html.
import { join } from 'node:path';
import { comparisonRows } from '../analysis/replications.ts';
import type { ComparisonRow } from '../analysis/replications.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { InputError } from '../scenario/errors.ts';
import { loadScenario } from '../scenario/load.ts';
import { changesToThePast, pastChangeText } from '../scenario/past.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { claimOutputFolder } from '../output/outputFolder.ts';
import { toCsv } from '../output/csv.ts';
import { comparisonCells, COMPARISON_HEADER } from '../output/comparison.ts';
import { writeReport } from '../output/report/index.ts';
import { runMany } from './pool.ts';
import type { RunDone } from './pool.ts';
import { collect, planReplications, writeReplicationFolder } from './replicate.ts';
import type { ReplicationPlan, ReplicationSet } from './replicate.ts';
import type { OutputFolder } from '../output/outputFolder.ts';
import { COMPARE_SCOPE } from './seeds.ts';
import type { NowcastStart } from './fromNowcast.ts';

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
  /** both arms start from a nowcast's states (`--from`): replication r of each from the same state (stateOf), on the same stream */
  from?: NowcastStart;
}

export interface CompareOutcome {
  baseline: ReplicationSet;
  scenario: ReplicationSet;
  rows: ComparisonRow[];
  failures: RunDone[];
  reportPath?: string;
  /** for the reader (months a nowcast did not simulate), once */
  notes: string[];
}

export async function compareScenarios(baselineFile: string, scenarioFile: string, opts: CompareOptions): Promise<CompareOutcome> {
  const startedAt = new Date();
  // one master seed for both arms, or the pairs would not share their random numbers
  const seed = opts.seed ?? loadScenario(baselineFile, opts.build).seed;
  // with --from, replication r of both arms continues the same state on the same stream
  const common = { build: opts.build, seed, reps: opts.reps, scope: COMPARE_SCOPE, from: opts.from };
  const a = planReplications(baselineFile, common, 'baseline/');
  const b = planReplications(scenarioFile, common, 'scenario/');
  if (b.loaded.input.calendar.firstMonth !== a.loaded.input.calendar.firstMonth || b.loaded.input.calendar.months !== a.loaded.input.calendar.months) {
    throw new InputError(scenarioFile, ['period'], `covers another period than ${baselineFile}; give both the same --start/--end`);
  }
  // a dated lever path that leaves the baseline's before its own first date compares two pasts, not a policy
  const past = opts.from ? [] : changesToThePast(b.loaded, a.loaded).map((c) => `${pastChangeText(c, scenarioFile, baselineFile)}, so the arms differ before the policy acts: restate the baseline's path before that date`);
  // before any run: a folder Corridor may not replace, or one another command is writing, is refused now
  const folder = claimOutputFolder(opts.out, 'compare');
  try {
    const outcome = await compareInto(folder, a, b, startedAt, opts);
    return { ...outcome, notes: [...past, ...outcome.notes] };
  } finally {
    folder.release();
  }
}

async function compareInto(folder: OutputFolder, a: ReplicationPlan, b: ReplicationPlan, startedAt: Date, opts: CompareOptions): Promise<CompareOutcome> {
  const done = await runMany([...a.tasks, ...b.tasks], { workers: opts.workers, onDone: opts.onDone });
  const baseline = collect(a, done);
  const scenario = collect(b, done);
  // pair only the replications that both arms completed
  const okA = new Set(baseline.results.map((r) => r.rep));
  const okB = new Set(scenario.results.map((r) => r.rep));
  const paired = (set: ReplicationSet, other: Set<number>) => set.results.filter((r) => other.has(r.rep)).map((r) => r.result.tables);
  const rows = comparisonRows(a.loaded.input.calendar.firstMonth, paired(baseline, okB), paired(scenario, okA));
  await folder.replace(async (dir) => {
    writeReplicationFolder(join(dir, 'baseline'), baseline, startedAt, opts.command, true);
    writeReplicationFolder(join(dir, 'scenario'), scenario, startedAt, opts.command, true);
    writeFileAtomic(join(dir, 'comparison.csv'), toCsv(COMPARISON_HEADER, comparisonCells(rows)));
    if (opts.report !== false) await writeReport(dir);
  });
  const reportPath = opts.report === false ? undefined : join(opts.out, 'report.html');
  const notes = [...new Set([...a.notes, ...b.notes])];
  return { baseline, scenario, rows, failures: [...baseline.failures, ...scenario.failures], reportPath, notes };
}
