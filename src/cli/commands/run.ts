import type { Command } from 'commander';
import { join } from 'node:path';
import { claimOutputFolder } from '../../output/outputFolder.ts';
import { runSummary } from '../../output/summary.ts';
import { ANNUAL_HEADER } from '../../output/tables.ts';
import { planReplications, collect, replicationTables, writeRunFolder } from '../../run/replicate.ts';
import type { ReplicationSet } from '../../run/replicate.ts';
import { runMany } from '../../run/pool.ts';
import { nowcastStart, startText } from '../../run/fromNowcast.ts';
import { FROM_HELP, periodOptions, wholeNumber } from '../options.ts';
import { addPoolOptions, commandLine, progressReporter, reportFailures } from '../experiments.ts';

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('run one scenario (or N replications) and write results/<name>/ (monthly, sectors, annual, flows, manifest; summaries with --reps)')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'master seed (default: the scenario file\'s seed)', wholeNumber())
    .option('--reps <n>', 'replications: runs that differ only in their random stream', wholeNumber(1), 1)
    .option('--out <dir>', 'output folder (default: results/<scenario name>)')
    .option('--start <YYYY-MM>', 'override the start month')
    .option('--end <YYYY-MM>', 'override the end month')
    .option('--scale <n>', 'persons per agent (1 = every person is an agent; with --from, the nowcast\'s)', wholeNumber(1))
    .option('--from <nowcast>', FROM_HELP);
  addPoolOptions(cmd).action(async (file: string, opts) => {
    const name = file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');
    const out = opts.out ?? join('results', name);
    const startedAt = new Date();
    const from = opts.from ? nowcastStart(opts.from) : undefined;
    const plan = planReplications(file, { build: periodOptions(opts), seed: opts.seed, reps: opts.reps, from });
    if (!opts.quiet) for (const note of plan.notes) console.log(`note: ${note}`);
    // before any run: a folder Corridor may not replace, or one another command is writing, is refused now
    const folder = claimOutputFolder(out, 'run');
    let set: ReplicationSet;
    try {
      const progress = progressReporter(plan.tasks.length, `run ${plan.loaded.name}`, opts.quiet || opts.reps === 1);
      const done = await runMany(plan.tasks, { workers: opts.workers, onDone: progress.onDone });
      progress.stop();
      set = collect(plan, done);
      if (set.results.length) await writeRunFolder(folder, set, startedAt, commandLine(), opts.reps > 1);
    } finally {
      folder.release();
    }
    reportFailures(set.failures);
    if (!opts.quiet && set.results.length) {
      // means over replications: every metric cell divided by n (the mean fee is a ratio and stays)
      const n = set.results.length;
      const fee = ANNUAL_HEADER.indexOf('mean_fee_usd');
      const annual = replicationTables(set).annual.map((row) => row.map((c, i) => (i >= 4 && i !== fee ? Number(c) / n : c)));
      const title = `${plan.loaded.name}${n > 1 ? ` (mean of ${n} replications)` : ''}${from ? `, from ${startText(from)}` : ''}`;
      console.log(runSummary(title, annual));
      const files = ['monthly.csv', 'sectors.csv', 'annual.csv', 'flows.csv', 'manifest.json', ...(opts.reps > 1 ? ['summary_monthly.csv', 'summary_annual.csv'] : []), 'report.html'];
      console.log(`\nwrote ${out}/ (${files.join(', ')})`);
    }
  });
}
