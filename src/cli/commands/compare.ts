import type { Command } from 'commander';
import { join } from 'node:path';
import { comparisonText } from '../../output/comparison.ts';
import { compareScenarios } from '../../run/compare.ts';
import { scaleText } from '../../output/format.ts';
import { nowcastStart, startText } from '../../run/fromNowcast.ts';
import { FROM_HELP, periodOptions, wholeNumber } from '../options.ts';
import { addPoolOptions, commandLine, progressReporter, reportFailures } from '../experiments.ts';

const stem = (file: string) => file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');

export function registerCompare(program: Command): void {
  const cmd = program
    .command('compare')
    .description('compare a scenario with a baseline: paired replications with common random numbers, differences with 90% intervals, comparison.csv and report.html')
    .argument('<baseline>', 'baseline scenario YAML file')
    .argument('<scenario>', 'scenario YAML file')
    .option('--reps <n>', 'replications per scenario', wholeNumber(1), 8)
    .option('--seed <n>', 'master seed for both (default: the baseline file\'s seed)', wholeNumber())
    .option('--out <dir>', 'output folder (default: results/compare-<baseline>-vs-<scenario>)')
    .option('--start <YYYY-MM>', 'override the start month')
    .option('--end <YYYY-MM>', 'override the end month')
    .option('--scale <n>', 'persons per agent (1 = every person is an agent; with --from, the nowcast\'s)', wholeNumber(1))
    .option('--from <nowcast>', `${FROM_HELP}; both arms continue the same state on the same stream`);
  addPoolOptions(cmd).action(async (baselineFile: string, scenarioFile: string, opts) => {
    const out = opts.out ?? join('results', `compare-${stem(baselineFile)}-vs-${stem(scenarioFile)}`);
    await runComparison(baselineFile, scenarioFile, { ...opts, out, command: commandLine() });
  });
}

export interface ComparisonCliOptions {
  reps: number;
  seed?: number;
  out: string;
  start?: string;
  end?: string;
  scale?: number;
  workers?: number;
  quiet?: boolean;
  command: string;
  /** a nowcast folder or states file (--from) */
  from?: string;
}

/** Runs a comparison and prints its table; shared by `compare` and the `main` job. */
export async function runComparison(baselineFile: string, scenarioFile: string, opts: ComparisonCliOptions): Promise<void> {
  const from = opts.from ? nowcastStart(opts.from) : undefined;
  const progress = progressReporter(2 * opts.reps, `compare (${opts.reps} replications each)`, opts.quiet);
  const outcome = await compareScenarios(baselineFile, scenarioFile, {
    build: periodOptions(opts), seed: opts.seed, reps: opts.reps, out: opts.out, command: opts.command, workers: opts.workers, onDone: progress.onDone, from,
  });
  progress.stop();
  reportFailures(outcome.failures);
  if (!opts.quiet) {
    for (const note of outcome.notes) console.log(`note: ${note}`);
    if (from) console.log(`Both arms start from ${startText(from)} (${from.folder}: ${from.states} states, ${scaleText(from.scale)}); the months up to ${from.through} are the nowcast's history.\n`);
    console.log(comparisonText(outcome.rows, outcome.baseline.plan.loaded.name, outcome.scenario.plan.loaded.name, outcome.baseline.results.length));
    console.log(`\nwrote ${opts.out}/ (comparison.csv, baseline/, scenario/)`);
    if (outcome.reportPath) console.log(`report: ${outcome.reportPath}`);
  }
}
