import type { Command } from 'commander';
import { runScenarioFile } from '../../run/execute.ts';
import { yearTotals, alignTable, fmtCount, fmtUsd } from '../../output/summary.ts';

export function registerMain(program: Command): void {
  program
    .command('main')
    .description('the main job: baseline vs stricter border, a comparison table, results/main/')
    .action(async () => {
      const base = await runScenarioFile('scenarios/baseline.yaml', { out: 'results/main/baseline', scale: 10 });
      const strict = await runScenarioFile('scenarios/stricter-border.yaml', { out: 'results/main/stricter-border', scale: 10 });
      const a = yearTotals(base.tables.annual);
      const b = yearTotals(strict.tables.annual);
      const rows = [['year', 'encounters', 'deaths', 'revenue', 'mean fee']];
      for (const [y, va] of a) {
        const vb = b.get(y)!;
        rows.push([y, `${fmtCount(va.encounters)} → ${fmtCount(vb.encounters)}`, `${fmtCount(va.deaths)} → ${fmtCount(vb.deaths)}`, `${fmtUsd(va.smuggler_revenue_usd)} → ${fmtUsd(vb.smuggler_revenue_usd)}`, `${fmtUsd(va.mean_fee_usd)} → ${fmtUsd(vb.mean_fee_usd)}`]);
      }
      console.log(alignTable(rows).join('\n'));
    });
}
