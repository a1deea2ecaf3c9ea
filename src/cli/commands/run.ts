import type { Command } from 'commander';
import { join } from 'node:path';
import { runScenarioFile } from '../../run/execute.ts';
import { runSummary } from '../../output/summary.ts';
import { intOption, periodOptions } from '../options.ts';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one scenario and write results/<name>/ (monthly, sectors, annual, flows, manifest)')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'master seed (default: the scenario file\'s seed)', intOption('--seed'))
    .option('--out <dir>', 'output folder (default: results/<scenario name>)')
    .option('--start <YYYY-MM>', 'override the start month')
    .option('--end <YYYY-MM>', 'override the end month')
    .option('--scale <n>', 'persons per agent (1 = every person is an agent)', intOption('--scale'))
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts) => {
      const name = file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');
      const out = opts.out ?? join('results', name);
      const { loaded, tables } = await runScenarioFile(file, { ...periodOptions(opts), seed: opts.seed, out, command: `corridor run ${process.argv.slice(3).join(' ')}` });
      if (!opts.quiet) {
        console.log(runSummary(loaded.name, tables.annual));
        console.log(`\nwrote ${out}/ (monthly.csv, sectors.csv, annual.csv, flows.csv, manifest.json)`);
      }
    });
}
