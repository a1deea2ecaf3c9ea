// validate-fit's summary as people read it: per origin the totals, MAPE and correlation, the
// pooled MAPE, the yearly rankings and the side constraints.
import type { WindowSummary } from '../analysis/calibrationLoss.ts';
import type { FitReport } from '../analysis/fitMetrics.ts';

export function formatFitSummary(report: FitReport, summary: WindowSummary): string {
  const lines: string[] = [];
  lines.push('origin   observed   simulated   MAPE%   corr');
  for (const o of [...report.origins, report.total])
    lines.push(`${o.origin.padEnd(6)} ${String(o.observedTotal).padStart(10)} ${String(Math.round(o.simulatedTotal)).padStart(11)} ${o.mape.toFixed(1).padStart(7)} ${o.correlation.toFixed(2).padStart(6)}`);
  lines.push(`pooled MAPE over origin-months: ${report.pooledMape.toFixed(1)}%`);
  for (const r of report.rankings) lines.push(`${r.year} ranking (Spearman ${r.spearman.toFixed(2)}): data ${r.observed.join(' ')} | model ${r.simulated.join(' ')}`);
  lines.push(`side constraints: smuggler revenue $${(summary.revenueUsdPerYear / 1e9).toFixed(2)}B/yr, smuggled share ${(100 * summary.smuggledShare).toFixed(1)}%, border deaths ${Math.round(summary.deathsPerYear)}/yr, apprehension share ${(100 * summary.apprehensionShare).toFixed(1)}%, mean border fee $${Math.round(summary.meanBorderFeeUsd).toLocaleString('en-US')}`);
  return lines.join('\n');
}
