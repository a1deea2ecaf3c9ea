// Options and reporting shared by the commands that run many simulations (run, compare, sweep).
import type { Command } from 'commander';
import { describeFailure } from '../run/pool.ts';
import type { RunDone } from '../run/pool.ts';
import { startProgress } from '../run/progress.ts';
import { workersOption } from './options.ts';

export function addPoolOptions(cmd: Command): Command {
  return cmd.addOption(workersOption()).option('--quiet', 'no progress and no tables; errors only');
}

/** A progress display and an onDone that reports failures as they happen. */
export function progressReporter(total: number, label: string, quiet: boolean | undefined) {
  const progress = startProgress(total, { label, quiet });
  const failures: RunDone[] = [];
  const onDone = (done: RunDone) => {
    progress.tick();
    if (done.error !== undefined) failures.push(done);
  };
  return { onDone, failures, stop: () => progress.stop() };
}

/** Prints failed runs to stderr and sets a non-zero exit code; true when there were any. */
export function reportFailures(failures: RunDone[]): boolean {
  for (const f of failures) console.error(`error: run failed: ${describeFailure(f)}`);
  if (failures.length) {
    console.error(`error: ${failures.length} run(s) failed; the other runs were written`);
    process.exitCode = 1;
  }
  return failures.length > 0;
}

export function commandLine(): string {
  return `corridor ${process.argv.slice(2).join(' ')}`;
}
