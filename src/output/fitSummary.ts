// validate-fit's summary as people read it: per origin the totals, weighted absolute error, MAPE
// and correlation; the issue's targets, met or missed; the natural experiments; the side
// constraints; the coverage of the predictive intervals.
import type { FitReport, TargetCheck } from '../analysis/fitMetrics.ts';
import type { ExperimentResult } from '../analysis/naturalExperiments.ts';
import type { DarienMetrics, DarienYear } from '../analysis/darienFit.ts';
import { compactCount } from './format.ts';

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(0)}%`;

/** `experimentsWeight` is the calibration's loss.experimentsWeight: above 0 the experiments were fitted, so their table is a check of fit, not evidence from outside it. */
export function formatFitSummary(report: FitReport, targets: TargetCheck[], experiments: ExperimentResult[], side: (string | number)[][], coverage: number, experimentsWeight = 0): string {
  const lines: string[] = [];
  lines.push('origin   observed   simulated   WAE%   MAPE%   corr');
  for (const o of [...report.origins, report.total])
    lines.push(`${o.origin.padEnd(6)} ${String(o.observedTotal).padStart(10)} ${String(Math.round(o.simulatedTotal)).padStart(11)} ${o.wae.toFixed(0).padStart(6)} ${o.mape.toFixed(1).padStart(7)} ${o.correlation.toFixed(2).padStart(6)}`);
  for (const r of report.rankings) lines.push(`${r.year} ranking (Spearman ${r.spearman.toFixed(2)}): data ${r.observed.join(' ')} | model ${r.simulated.join(' ')}`);
  const met = targets.filter((t) => t.met).length;
  lines.push(`targets: ${met} of ${targets.length} met`);
  for (const t of targets.filter((x) => !x.met)) lines.push(`  missed: ${t.target} ${t.value.toFixed(2)} (goal ${t.goal})`);
  const fitted = experimentsWeight > 0 ? `fitted: in the distance at weight ${experimentsWeight}` : 'not fitted';
  lines.push(`natural experiments (${fitted}; change from → to; model: mean [90% interval] over posterior draws):`);
  for (const e of experiments)
    lines.push(`  ${e.experiment.date} ${e.experiment.event} (${e.experiment.origins.join(', ') || 'all'}, ${e.experiment.from} → ${e.experiment.to}): observed ${pct(e.observed)}, model ${pct(e.simulated)} [${pct(e.simulatedLow)}, ${pct(e.simulatedHigh)}] ${e.withinTarget ? 'within ±15 points' : e.signRight ? `sign right, ${e.missPoints.toFixed(0)} points off` : 'wrong sign'}`);
  lines.push('side constraints (value; band):');
  for (const [name, period, value, lo, hi] of side) lines.push(`  ${name} ${period}: ${Number(value).toPrecision(3)}${lo !== '' ? ` [${Number(lo).toPrecision(3)}, ${Number(hi).toPrecision(3)}]` : ''}`);
  lines.push(`90% predictive intervals cover ${(100 * coverage).toFixed(0)}% of the observed monthly totals in the window`);
  return lines.join('\n');
}


/** The second series: per series its years, totals, WAE and correlation, then the years of the largest. */
export function formatDarienSummary(metrics: DarienMetrics[], years: DarienYear[], file: string, fitted: boolean): string {
  const lines = [`second series (${fitted ? 'fitted' : 'not fitted'}): arrivals at the Darién hub against Panama's count by year (${file}; model: mean [90% interval] over the draws)`];
  lines.push('origin  group         years    observed   simulated   WAE%   corr');
  for (const m of metrics)
    lines.push(`${m.origin.padEnd(7)} ${m.nationality.padEnd(12)} ${String(m.years).padStart(6)} ${String(m.observedTotal).padStart(11)} ${String(Math.round(m.simulatedTotal)).padStart(11)} ${m.wae.toFixed(0).padStart(6)} ${Number.isFinite(m.correlation) ? m.correlation.toFixed(2).padStart(6) : '     –'}`);
  for (const m of metrics) {
    const rows = years.filter((y) => y.origin === m.origin);
    lines.push(`  ${m.origin}: ${rows.map((y) => `${y.year} ${compactCount(y.observed)} vs ${compactCount(y.simulated)} [${compactCount(y.low)}, ${compactCount(y.high)}]`).join('; ')}`);
  }
  return lines.join('\n');
}
