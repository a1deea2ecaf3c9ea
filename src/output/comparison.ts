// comparison.csv, and the comparison as people read it: one line per headline metric and
// calendar year, "encounters CY2027: −41% [−45, −37]", "smuggler revenue CY2027: +$1.2B [+0.9, +1.6]".
import type { ComparisonRow } from '../analysis/replications.ts';
import { sixDecimals } from './csv.ts';
import type { Cell } from './csv.ts';
import { formatChange, formatRelative, formatValue } from './format.ts';
import { isMoney } from './report/labels.ts';
import { alignTable } from './summary.ts';

export const COMPARISON_HEADER = [
  'metric', 'period', 'origin', 'baseline_mean', 'scenario_mean', 'diff_mean', 'diff_p05', 'diff_p95', 'rel_mean', 'rel_p05', 'rel_p95',
];

export function comparisonCells(rows: readonly ComparisonRow[]): Cell[][] {
  return rows.map((r) => [
    r.metric, r.period, r.origin, r.baselineMean, r.scenarioMean, r.diffMean, r.diffP05, r.diffP95,
    sixDecimals(r.relMean), sixDecimals(r.relP05), sixDecimals(r.relP95),
  ]);
}

const HEADLINE_METRICS = ['encounters', 'gotaways', 'deaths', 'smuggled', 'smuggler_revenue_usd', 'mean_fee_usd'] as const;

const LABEL: Record<string, string> = {
  encounters: 'encounters', gotaways: 'got-aways', deaths: 'deaths', smuggled: 'smuggled crossings',
  smuggler_revenue_usd: 'smuggler revenue', mean_fee_usd: 'mean fee',
};

/**
 * Whole-border rows of the headline metrics for calendar years in which the two scenarios
 * differ at all (with common random numbers, identical policies give identical years).
 */
export function comparisonText(rows: readonly ComparisonRow[], baselineName: string, scenarioName: string, reps: number): string {
  const total = rows.filter((r) => r.origin === 'TOTAL' && r.period.startsWith('CY'));
  const years = [...new Set(total.map((r) => r.period))].filter((p) =>
    total.some((r) => r.period === p && r.diffMean !== 0 && (HEADLINE_METRICS as readonly string[]).includes(r.metric)),
  );
  const head = [`${scenarioName} vs ${baselineName}`, baselineName, scenarioName, 'change [90% interval over replications]'];
  const table: string[][] = [head];
  for (const metric of HEADLINE_METRICS) {
    for (const year of years) {
      const r = total.find((x) => x.metric === metric && x.period === year);
      if (!r) continue;
      const money = isMoney(metric);
      const change = money ? formatChange(r.diffMean, r.diffP05, r.diffP95, true) : formatRelative(r.relMean, r.relP05, r.relP95);
      table.push([`${LABEL[metric]} ${year}:`, formatValue(r.baselineMean, money), formatValue(r.scenarioMean, money), change]);
    }
  }
  if (years.length === 0) return `${scenarioName} vs ${baselineName}: no difference in any calendar year (${reps} replications)`;
  const lines = alignTable(table);
  lines.push(`(${reps} paired replications with common random numbers; counts as % change, money as the change in USD)`);
  return lines.join('\n');
}
