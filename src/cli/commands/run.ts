import type { Command } from 'commander';
import { join } from 'node:path';
import { writeFolderAtomic } from '../../output/atomic.ts';
import { writeReport } from '../../output/report/index.ts';
import { runSummary } from '../../output/summary.ts';
import { ANNUAL_HEADER } from '../../output/tables.ts';
import { planReplications, collect, replicationTables, writeReplicationFolder } from '../../run/replicate.ts';
import { runMany } from '../../run/pool.ts';
import { periodOptions, wholeNumber } from '../options.ts';
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
    .option('--scale <n>', 'persons per agent (1 = every person is an agent)', wholeNumber(1));
  addPoolOptions(cmd).action(async (file: string, opts) => {
    const name = file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');
    const out = opts.out ?? join('results', name);
    const startedAt = new Date();
    const plan = planReplications(file, { build: periodOptions(opts), seed: opts.seed, reps: opts.reps });
    const progress = progressReporter(plan.tasks.length, `run ${plan.loaded.name}`, opts.quiet || opts.reps === 1);
    const done = await runMany(plan.tasks, { workers: opts.workers, onDone: progress.onDone });
    progress.stop();
    const set = collect(plan, done);
    if (set.results.length) {
      await writeFolderAtomic(out, (dir) => {
        writeReplicationFolder(dir, set, startedAt, commandLine(), opts.reps > 1);
      });
      // report.html reads the folder just written, so it shows exactly what the CSV files hold
      await writeReport(out);
    }
    reportFailures(set.failures);
    if (!opts.quiet && set.results.length) {
      // means over replications: every metric cell divided by n (the mean fee is a ratio and stays)
      const n = set.results.length;
      const fee = ANNUAL_HEADER.indexOf('mean_fee_usd');
      const annual = replicationTables(set).annual.map((row) => row.map((c, i) => (i >= 4 && i !== fee ? Number(c) / n : c)));
      console.log(runSummary(n > 1 ? `${plan.loaded.name} (mean of ${n} replications)` : plan.loaded.name, annual));
      const files = ['monthly.csv', 'sectors.csv', 'annual.csv', 'flows.csv', 'manifest.json', ...(opts.reps > 1 ? ['summary_monthly.csv', 'summary_annual.csv'] : []), 'report.html'];
      console.log(`\nwrote ${out}/ (${files.join(', ')})`);
    }
  });
}
