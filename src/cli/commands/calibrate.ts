// `corridor calibrate`, `validate-fit`, `backtest` and `project`: argument parsing only; the work
// is in src/run/calibrate.ts, validateFit.ts, backtest.ts and project.ts.
import { Option } from 'commander';
import type { Command } from 'commander';
import { join } from 'node:path';
import { calibrate } from '../../run/calibrate.ts';
import { project } from '../../run/project.ts';
import { validateFit } from '../../run/validateFit.ts';
import { backtest } from '../../run/backtest.ts';
import { readCalibration } from '../../run/calibrationSetup.ts';
import { wholeNumber, workersOption } from '../options.ts';

/** Progress lines on stdout, none with --quiet. */
function logUnless(quiet: boolean | undefined): (line: string) => void {
  return quiet ? () => {} : (line) => console.log(line);
}

function outOf(file: string, opts: { out?: string }, suffix = ''): string {
  return opts.out ?? join('results', 'calibration', file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '') + suffix);
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('fit a scenario\'s free parameters to the encounter record by ABC-SMC on the worker pool; write the posterior sample and its medians with provenance')
    .argument('<calibration>', 'calibration YAML file (e.g. calibration/baseline.yaml)')
    .option('--out <dir>', 'folder for state.json, progress, fit.csv and the report (default results/calibration/<name>)')
    .option('--resume', 'continue from <out>/state.json')
    .addOption(workersOption())
    .option('--generations <n>', 'replace the file\'s method.generations', wholeNumber(1))
    .option('--budget <n>', 'replace the file\'s method.budget (most simulations)', wholeNumber(1))
    .option('--particles <n>', 'replace the file\'s method.particles', wholeNumber(8))
    .option('--no-write', 'do not update the calibrated scenario and posterior files')
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts) => {
      const log = logUnless(opts.quiet);
      await calibrate(file, { out: outOf(file, opts), resume: opts.resume, workers: opts.workers, generations: opts.generations, budget: opts.budget, particles: opts.particles, write: opts.write, log });
    });

  program
    .command('validate-fit')
    .description('the posterior predictive over the calibration window against the record: fit targets, natural experiments, side constraints, coverage; fit.csv and report')
    .argument('[calibration]', 'calibration YAML file', 'calibration/baseline.yaml')
    .option('--out <dir>', 'output folder (default results/calibration/<name>-validation)')
    .option('--draws <n>', 'posterior draws, each on a fresh stream (default: the file\'s validation.draws)', wholeNumber(2))
    .option('--scale <n>', 'persons per agent (default: the file\'s scale)', wholeNumber(1))
    .addOption(workersOption())
    .option('--no-write', 'do not add the measured observation model to the calibration\'s posterior file')
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts) => {
      const log = logUnless(opts.quiet);
      await validateFit(file, { out: outOf(file, opts, '-validation'), draws: opts.draws, scale: opts.scale, workers: opts.workers, writePosterior: opts.write === false ? undefined : readCalibration(file).outputPosterior, log });
    });

  program
    .command('backtest')
    .description('refit with data only up to each forecast origin, filter the record up to it, forecast the next months by origin, score against the record and against random-walk and seasonal-naive forecasts')
    .argument('[calibration]', 'calibration YAML file', 'calibration/baseline.yaml')
    .option('--origins <list>', 'forecast origins YYYY-MM,YYYY-MM (default: the file\'s backtest.origins)')
    .option('--horizon <n>', 'months ahead (default: the file\'s backtest.horizon)', wholeNumber(1))
    .option('--out <dir>', 'output folder', 'results/backtest')
    .option('--resume', 'keep the refits already finished in <out> and continue unfinished ones')
    .addOption(new Option('--free-run', 'forecast from a free run of each refit\'s posterior from the warm start (the structure alone), not from its particle filter over the record up to the origin (what nowcast then run --from gives)').conflicts(['filterParticles', 'filterScale', 'keep', 'seed']))
    .option('--filter-particles <n>', 'particles of the filter', wholeNumber(2), 200)
    .option('--filter-scale <n>', 'persons per agent in the filter', wholeNumber(1), 25)
    .option('--keep <n>', 'filtered states projected from each origin', wholeNumber(1), 64)
    .option('--seed <n>', 'master seed of the filter', wholeNumber(), 1)
    .addOption(workersOption())
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts) => {
      const log = logUnless(opts.quiet);
      const assimilate = opts.freeRun ? undefined : { particles: opts.filterParticles, scale: opts.filterScale, keep: opts.keep, seed: opts.seed };
      await backtest(file, { out: opts.out, origins: opts.origins?.split(','), horizon: opts.horizon, resume: opts.resume, workers: opts.workers, assimilate, log });
    });
}

export function registerProject(program: Command): void {
  program
    .command('project')
    .description('run a calibrated scenario forward with parameter draws from the calibration posterior; write month,origin,mean,p05,p95 of encounters')
    .argument('<scenario>', 'scenario YAML file (e.g. scenarios/baseline.yaml)')
    .option('--posterior <file>', 'posterior JSON written by calibrate (parameter uncertainty); without it, the scenario\'s values')
    .option('--reps <n>', 'replications, each with its own parameter draw', wholeNumber(1), 32)
    .option('--scale <n>', 'persons per agent', wholeNumber(1), 10)
    .option('--seed <n>', 'master seed', wholeNumber(), 2024)
    .option('--from <YYYY-MM>', 'first month written', '2024-01')
    .option('--to <YYYY-MM>', 'last month simulated and written', '2025-12')
    .option('--out <file>', 'CSV file', 'results/projections/projection.csv')
    .addOption(workersOption())
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts) => {
      const log = logUnless(opts.quiet);
      await project({ scenario: file, posterior: opts.posterior, reps: opts.reps, scale: opts.scale, seed: opts.seed, from: opts.from, to: opts.to, out: opts.out, workers: opts.workers, log });
    });
}
