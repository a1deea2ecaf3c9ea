import type { Command } from 'commander';
import { isNowcastFolder, writeNowcastReport } from '../../output/nowcastReport.ts';
import { writeReport } from '../../output/report/index.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write report.html (charts as inline SVG, no network needed) into a result folder')
    .argument('<results>', 'result folder written by run, compare, sweep or nowcast')
    .option('--baseline <dir>', 'result folder of a baseline run to draw beside this one')
    .option('--title <text>', 'page title (default: the scenario name)')
    .action(async (dir: string, opts: { baseline?: string; title?: string }) => {
      try {
        // a nowcast folder has a report of its own: filtered estimates and the sample size
        const file = isNowcastFolder(dir) ? await writeNowcastReport(dir) : await writeReport(dir, { baselineDir: opts.baseline, title: opts.title });
        console.log(`wrote ${file}`);
      } catch (e) {
        // a folder without results is the reader's mistake, not a crash: say which folder
        if (!(e instanceof Error && e.message.startsWith('report:'))) throw e;
        console.error(`error: ${e.message.slice('report: '.length)}`);
        process.exitCode = 2;
      }
    });
}
