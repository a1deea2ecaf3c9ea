import type { Command } from 'commander';
import { defaultSweepOut, loadSweepFile } from '../../run/sweepFile.ts';
import { mergeShards, parseShard, runSweep } from '../../run/sweep.ts';
import { startProgress } from '../../run/progress.ts';
import type { Progress } from '../../run/progress.ts';
import { addPoolOptions, commandLine, reportFailures } from '../experiments.ts';

export function registerSweep(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('run a sweep file (grid, LHS, Sobol or Morris design): runs.csv, runs.parquet, sensitivity.csv, report.html')
    .argument('<sweep>', 'sweep YAML file (sweeps/*.yaml)')
    .option('--out <dir>', 'output folder (default: results/<sweep name>)')
    .option('--resume', 'keep the runs already recorded in --out and run only the missing ones')
    .option('--shard <i/N>', 'run only shard i of N (1-based; a cluster task), then join shards with `corridor merge`');
  addPoolOptions(cmd).action(async (file: string, opts) => {
    const sweep = loadSweepFile(file);
    const shard = opts.shard ? parseShard(opts.shard) : undefined;
    const out = opts.out ?? defaultSweepOut(sweep);
    let progress: Progress = { tick() {}, stop() {} };
    const outcome = await runSweep(sweep, {
      out, resume: opts.resume, shard, workers: opts.workers, command: commandLine(),
      onStart: (todo, total) => {
        if (!opts.quiet && todo < total) console.error(`resume: ${total - todo} of ${total} runs already recorded in ${out}/runs/`);
        progress = startProgress(todo, { label: `sweep ${sweep.name}${shard ? ` shard ${shard.index}/${shard.count}` : ''}`, quiet: opts.quiet });
      },
      onDone: () => progress.tick(),
    });
    progress.stop();
    reportFailures(outcome.failures);
    if (opts.quiet) return;
    const p = outcome.plan;
    console.log(`sweep ${p.name}: ${p.design.design} design, ${p.points.length} points × ${p.replications} replications (+1 base run) = ${p.taskIds.length} runs; ${outcome.ran} run now, ${outcome.skipped} already recorded`);
    if (outcome.finished) {
      console.log(`wrote ${out}/ (runs.csv, runs.parquet, sensitivity.csv, sweep.json, scenario/, runs/)`);
      console.log(`report: ${outcome.reportPath}`);
    } else if (shard) console.log(`wrote shard ${shard.index}/${shard.count} to ${out}/; join the shards with: corridor merge <shard folders...> --out <dir>`);
    else console.log(`not finished: rerun with --resume to run the failed runs`);
  });
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('join sweep shards (from --shard i/N) into one result folder, checking that no run is missing or duplicated')
    .argument('<shards...>', 'shard output folders')
    .requiredOption('--out <dir>', 'output folder')
    .option('--quiet', 'errors only')
    .action(async (dirs: string[], opts) => {
      const { plan, runs, reportPath } = await mergeShards(dirs, opts.out);
      if (!opts.quiet) {
        console.log(`merged ${dirs.length} shards of sweep ${plan.name}: ${runs} runs`);
        console.log(`wrote ${opts.out}/ (runs.csv, runs.parquet, sensitivity.csv, sweep.json, scenario/, runs/)`);
        console.log(`report: ${reportPath}`);
      }
    });
}
