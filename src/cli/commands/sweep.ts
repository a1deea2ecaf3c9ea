import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { defaultSweepOut, loadSweepFile } from '../../run/sweepFile.ts';
import { failureLine, mergeShards, parseShard, planLine, runSweep } from '../../run/sweep.ts';
import type { SweepFailure, SweepResults } from '../../run/sweep.ts';
import { startProgress } from '../../run/progress.ts';
import type { Progress } from '../../run/progress.ts';
import { scaleText } from '../../output/format.ts';
import { nowcastStart, startText } from '../../run/fromNowcast.ts';
import { addPoolOptions, commandLine } from '../experiments.ts';
import { FROM_HELP } from '../options.ts';

const RESULT_FILES = 'runs.csv, runs.parquet, sensitivity.csv, sweep.json, scenario/, runs/';
/** Failed runs named one per line, at most this many (the rest are in failed.json). */
const FAILURES_SHOWN = 20;

/** Names the failed runs on stderr, says what was written, and sets exit code 1. */
function reportSweepFailures(failures: SweepFailure[], total: number, out: string, written?: SweepResults): void {
  if (failures.length === 0) return;
  for (const f of failures.slice(0, FAILURES_SHOWN)) console.error(`error: ${failureLine(f)}`);
  if (failures.length > FAILURES_SHOWN) console.error(`error: … and ${failures.length - FAILURES_SHOWN} more`);
  const kept = !written ? '' : written.runs ? `; runs.csv holds the other ${written.runs}` : '; runs.csv holds none';
  console.error(`error: ${failures.length} of ${total} runs failed (listed in ${out}/failed.json)${kept}; fix the cause, then rerun with --resume to run them again`);
  process.exitCode = 1;
}

function reportResults(out: string, results: SweepResults): void {
  for (const note of results.notes) console.log(`note: ${note}`);
  console.log(`wrote ${out}/ (${RESULT_FILES})`);
  if (results.reportPath) console.log(`report: ${results.reportPath}`);
  else console.log('no report.html: the base run failed');
}

export function registerSweep(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('run a sweep file (grid, LHS, Sobol or Morris design): runs.csv, runs.parquet, sensitivity.csv, report.html')
    .argument('<sweep>', 'sweep YAML file (sweeps/*.yaml)')
    .option('--out <dir>', 'output folder (default: results/<sweep name>)')
    .option('--resume', 'keep the runs already recorded in --out and run only the missing ones')
    .option('--from <nowcast>', `${FROM_HELP}, at every point`)
    .option('--shard <i/N>', 'run only shard i of N (1-based; a cluster task), then join shards with `corridor merge`', (text: string) => {
      try {
        return parseShard(text);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    });
  addPoolOptions(cmd).action(async (file: string, opts) => {
    const sweep = loadSweepFile(file);
    const shard: { index: number; count: number } | undefined = opts.shard;
    const out = opts.out ?? defaultSweepOut(sweep);
    let progress: Progress = { tick() {}, stop() {} };
    const from = opts.from ? nowcastStart(opts.from) : undefined;
    const outcome = await runSweep(sweep, {
      out, resume: opts.resume, shard, workers: opts.workers, command: commandLine(), from,
      onStart: (start) => {
        if (!opts.quiet) console.log(planLine(start, { resume: opts.resume, shard }));
        if (!opts.quiet) for (const note of start.notes ?? []) console.log(`note: ${note}`);
        if (!opts.quiet && from) console.log(`every run starts from ${startText(from)} (${from.folder}: replication r from one of its ${from.states} states, ${scaleText(from.scale)})`);
        progress = startProgress(start.todo, { label: `sweep ${sweep.name}${shard ? ` shard ${shard.index}/${shard.count}` : ''}`, quiet: opts.quiet });
      },
      onDone: () => progress.tick(),
    });
    progress.stop();
    reportSweepFailures(outcome.failures, outcome.ran + outcome.skipped, out, outcome.finished);
    if (opts.quiet) return;
    if (outcome.finished) reportResults(out, outcome.finished);
    else if (shard) console.log(`wrote shard ${shard.index}/${shard.count} to ${out}/; join the shards with: corridor merge <shard folders...> --out <dir>`);
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
      const { plan, runs, failures, finished } = await mergeShards(dirs, opts.out);
      reportSweepFailures(failures, plan.taskIds.length, opts.out, finished);
      if (!opts.quiet) {
        console.log(`merged ${dirs.length} shards of sweep ${plan.name}: ${runs} runs`);
        reportResults(opts.out, finished);
      }
    });
}
