import type { Command } from 'commander';
import { runComparison } from './compare.ts';

/**
 * The `npm start` job: baseline vs stricter border, 16 paired replications at 1 agent per 5
 * persons over the whole period (2019-10 to 2030-12): about a minute on 2 cores.
 */
const MAIN_JOB = { reps: 16, scale: 5, out: 'results/main' };

export function registerMain(program: Command): void {
  program
    .command('main')
    .description(`the main job: baseline vs stricter border, ${MAIN_JOB.reps} replications at scale ${MAIN_JOB.scale}, a comparison table and report, ${MAIN_JOB.out}/`)
    .option('--quiet', 'no progress and no tables; errors only')
    .action(async (opts) => {
      await runComparison('scenarios/baseline.yaml', 'scenarios/stricter-border.yaml', {
        reps: MAIN_JOB.reps, scale: MAIN_JOB.scale, out: MAIN_JOB.out, quiet: opts.quiet, command: 'corridor main',
      });
    });
}
