// `corridor nowcast`, `corridor nowcast export` and `corridor backtest-nowcast`: argument
// parsing only; the work is in src/run/nowcast.ts, nowcastStates.ts and backtestNowcast.ts.
import type { Command } from 'commander';
import { formatCount, scaleText } from '../../output/format.ts';
import { nowcast } from '../../run/nowcast.ts';
import { exportStates } from '../../run/nowcastStates.ts';
import { backtestNowcast } from '../../run/backtestNowcast.ts';
import { decimal, wholeNumber, workersOption } from '../options.ts';
import { defaultWorkers } from '../../run/pool.ts';

const DRIFT_HELP = 'process noise: monthly standard deviation of a random walk on the log of each origin\'s base hazard (docs/NOWCAST.md)';
const FIXED_HELP = 'weigh every month by the calibration\'s fixed bias and spread (v2.1\'s filter) instead of filtering the misfit as a local level per origin';
/** the filter's likelihood before the first backtest origin does not favour any drift (docs/NOWCAST.md) */
const DEFAULT_DRIFT = 0;

export function registerNowcast(program: Command): void {
  const cmd = program
    .command('nowcast')
    .description('condition the model\'s state on the newest monthly encounters (particle filter over simulation states); estimates of what no one observes, report.html, and states to project from (run, compare, sweep --from)')
    // `nowcast export …` is a command of its own: the options of `nowcast` stop before it
    .enablePositionalOptions()
    .argument('<scenario>', 'scenario YAML file (e.g. scenarios/baseline.yaml)')
    // required, but checked in the action: commander would ask `nowcast export` for it too
    .option('--data <file>', 'monthly encounters by origin (the project\'s format, e.g. written by corridor data import); required')
    .option('--through <YYYY-MM>', 'last month assimilated (default: the data\'s last)')
    .option('--since <YYYY-MM>', 'first month assimilated (default: the data\'s first)')
    .option('--posterior <file>', 'calibration posterior with its observation model', 'calibration/baseline.posterior.json')
    .option('--particles <n>', 'particles', wholeNumber(2), 200)
    .option('--scale <n>', 'persons per agent', wholeNumber(1), 25)
    .option('--seed <n>', 'master seed', wholeNumber(), 1)
    .option('--keep <n>', 'particle states kept for projections (--from)', wholeNumber(1), 64)
    .option('--drift <sd>', DRIFT_HELP, decimal(0, 1), DEFAULT_DRIFT)
    .option('--fixed-bias', FIXED_HELP)
    .addOption(workersOption())
    .option('--out <dir>', 'output folder', 'results/nowcast')
    .option('--resume', 'continue from <out>/checkpoint.json.gz')
    .option('--quiet', 'print nothing but errors')
    .action(async (scenario: string, opts) => {
      if (!opts.data) cmd.error("error: required option '--data <file>' not specified");
      const log = opts.quiet ? () => {} : (line: string) => console.log(line);
      await nowcast({ scenario, data: opts.data, through: opts.through, since: opts.since, posterior: opts.posterior, particles: opts.particles, scale: opts.scale, seed: opts.seed, keep: opts.keep, drift: opts.drift, level: opts.fixedBias ? false : undefined, workers: opts.workers ?? defaultWorkers(), out: opts.out, resume: opts.resume, log });
    });
  cmd
    .command('export')
    .description('write a few of a nowcast\'s states as one plain JSON file for the classroom page ("Import a nowcast"); run, compare and sweep --from read it too')
    .argument('<nowcast>', 'nowcast folder (or its nowcast.states.json.gz)')
    .requiredOption('--out <file>', 'JSON file to write, e.g. now.json')
    .option('--states <n>', 'states to keep, evenly spaced through the resampled states', wholeNumber(1), 8)
    .option('--quiet', 'print nothing but errors')
    .action((dir: string, opts: { out: string; states: number; quiet?: boolean }) => {
      const { states, of, bytes } = exportStates(dir, opts.out, opts.states);
      if (!opts.quiet) console.log(`wrote ${opts.out}: ${states.states.length} of ${of} states of the nowcast of ${states.through} (${scaleText(states.scale)}, warm start ${states.warmStart}), ${formatCount(Math.round(bytes / 1024))} KB`);
    });
}

export function registerBacktestNowcast(program: Command): void {
  program
    .command('backtest-nowcast')
    .description('one pass of the nowcast over the record; from each forecast origin (the filter having seen the record up to it) project 1..h months and score against the record and naive forecasts')
    .argument('[calibration]', 'calibration YAML file (its scenario, record and posterior)', 'calibration/baseline.yaml')
    .option('--origins <range>', 'forecast origins: YYYY-MM..YYYY-MM/STEP or a comma list', '2021-06..2023-06/3')
    .option('--horizon <n>', 'months ahead', wholeNumber(1), 6)
    .option('--particles <n>', 'particles', wholeNumber(2), 200)
    .option('--scale <n>', 'persons per agent', wholeNumber(1), 25)
    .option('--keep <n>', 'states projected from each origin', wholeNumber(1), 64)
    .option('--seed <n>', 'master seed', wholeNumber(), 1)
    .option('--since <YYYY-MM>', 'first month assimilated (default: the record\'s first month of all encounters)')
    .option('--drift <sd>', DRIFT_HELP, decimal(0, 1), DEFAULT_DRIFT)
    .option('--fixed-bias', FIXED_HELP)
    .addOption(workersOption())
    .option('--out <dir>', 'output folder', 'results/backtest-nowcast')
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts) => {
      const log = opts.quiet ? () => {} : (line: string) => console.log(line);
      await backtestNowcast(file, { out: opts.out, origins: opts.origins, horizon: opts.horizon, particles: opts.particles, scale: opts.scale, keep: opts.keep, seed: opts.seed, since: opts.since, drift: opts.drift, level: opts.fixedBias ? false : undefined, workers: opts.workers ?? defaultWorkers(), log });
    });
}
