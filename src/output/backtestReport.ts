// The backtest's report.html: for each forecast origin, the record around it with the model's
// forecast band and the two naive forecasts; the mean absolute errors and coverage by horizon.
import type { Forecast, Score } from '../analysis/forecastScores.ts';
import { escapeHtml, figure, page, table } from './report/html.ts';
import { renderSvg } from './report/vega.ts';
import { compactCount } from './format.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.ts';
import { toCsv } from './csv.ts';

export async function backtestReport(file: string, origins: string[], horizon: number, forecasts: Forecast[], scores: Score[]): Promise<string> {
  const sections = [];
  const charts: string[] = [];
  for (const T of origins) {
    const rows = forecasts.filter((f) => f.forecastOrigin === T && f.series === 'TOTAL');
    const values = rows.flatMap((f) => [
      { month: f.month, line: 'observed', value: f.observed },
      { month: f.month, line: 'model (median)', value: f.p50 },
      { month: f.month, line: 'random walk', value: f.randomWalk },
      { month: f.month, line: 'seasonal naive', value: f.seasonalNaive },
    ]);
    const band = rows.map((f) => ({ month: f.month, p05: f.p05, p95: f.p95 }));
    const description = `Monthly southwest-border encounters after ${T}: observed, the model's forecast with its 90% interval, and the two naive forecasts.`;
    const svg = await renderSvg({
      width: 560, height: 220, description,
      layer: [
        { data: { values: band }, mark: { type: 'area', opacity: 0.25, color: '#3377BB' }, encoding: { x: { field: 'month', type: 'temporal', title: null }, y: { field: 'p05', type: 'quantitative', title: 'encounters a month' }, y2: { field: 'p95' } } },
        { data: { values }, mark: { type: 'line', point: true }, encoding: { x: { field: 'month', type: 'temporal' }, y: { field: 'value', type: 'quantitative' }, color: { field: 'line', type: 'nominal', title: null, scale: { domain: ['observed', 'model (median)', 'random walk', 'seasonal naive'], range: ['#222222', '#3377BB', '#CC5500', '#999933'] } }, strokeDash: { field: 'line', type: 'nominal', legend: null, scale: { domain: ['observed', 'model (median)', 'random walk', 'seasonal naive'], range: [[1, 0], [1, 0], [4, 3], [2, 2]] } } } },
      ],
    });
    charts.push(figure(svg, escapeHtml(`Forecast origin ${T} (the refit saw the record up to ${T} only). The band is the model's 90% predictive interval.`)));
  }
  sections.push({ id: 'forecasts', title: 'Forecasts against the record', html: charts.join('') });
  const total = scores.filter((s) => s.series === 'TOTAL');
  const fmt = (x: number) => compactCount(x, 1e4);
  const tableRows = total.map((s) => [s.horizon ? String(s.horizon) : 'all', String(s.n), fmt(s.maeModel), fmt(s.maeRandomWalk), fmt(s.maeSeasonalNaive), `${Math.round(100 * s.coverage)}%`]);
  sections.push({
    id: 'scores', title: 'Mean absolute error by horizon (monthly total)',
    html: table(['months ahead', 'forecasts', 'model', 'random walk', 'seasonal naive', 'in the 90% interval'], tableRows, [false, true, true, true, true, true],
      'Lower is better. Targets: the model below both naive forecasts at every horizon; 80–97% of observed months inside the 90% intervals.'),
  });
  const byOrigin = scores.filter((s) => s.horizon === 0 && s.series !== 'TOTAL');
  sections.push({
    id: 'origins', title: 'Mean absolute error by origin (all horizons)',
    html: table(['origin', 'model', 'random walk', 'seasonal naive', 'in the 90% interval'], byOrigin.map((s) => [s.series, fmt(s.maeModel), fmt(s.maeRandomWalk), fmt(s.maeSeasonalNaive), `${Math.round(100 * s.coverage)}%`]), [false, true, true, true, true]),
  });
  return page({
    title: 'Backtest', kicker: 'Corridor · forecasts against the record',
    lede: `Forecasts of ${file}, made with the record only up to each forecast origin, ${horizon} months ahead by origin.`,
    meta: [escapeHtml(`origins ${origins.join(', ')}`), escapeHtml(`horizon ${horizon} months`)],
    sections, footer: 'Made by corridor backtest from forecasts.csv and scores.csv in this folder. The forecasts are conditional on the policy levers and indicators that happened (inputs), not on any outcome after the origin.',
  });
}

/**
 * Writes a backtest's folder (`corridor backtest` and `backtest-nowcast`): forecasts.csv,
 * scores.csv and report.html, each atomically. The folder is added to, not replaced: a backtest
 * keeps its refits beside them (resumable).
 */
export async function writeBacktestFolder(out: string, title: string, origins: string[], horizon: number, forecasts: Forecast[], scores: Score[]): Promise<void> {
  mkdirSync(out, { recursive: true });
  writeFileAtomic(join(out, 'forecasts.csv'), toCsv(['forecast_origin', 'horizon', 'month', 'series', 'observed', 'model_mean', 'model_p50', 'model_p05', 'model_p95', 'random_walk', 'seasonal_naive'],
    forecasts.map((f) => [f.forecastOrigin, f.horizon, f.month, f.series, f.observed, Math.round(f.mean), Math.round(f.p50), Math.round(f.p05), Math.round(f.p95), f.randomWalk, f.seasonalNaive])));
  writeFileAtomic(join(out, 'scores.csv'), toCsv(['series', 'horizon', 'n', 'mae_model', 'mae_random_walk', 'mae_seasonal_naive', 'skill_vs_random_walk', 'skill_vs_seasonal_naive', 'coverage_90'],
    scores.map((s) => [s.series, s.horizon || 'all', s.n, Math.round(s.maeModel), Math.round(s.maeRandomWalk), Math.round(s.maeSeasonalNaive), (1 - s.maeModel / s.maeRandomWalk).toFixed(3), (1 - s.maeModel / s.maeSeasonalNaive).toFixed(3), s.coverage.toFixed(3)])));
  writeFileAtomic(join(out, 'report.html'), await backtestReport(title, origins, horizon, forecasts, scores));
}

/** The log lines of a backtest's scores of the monthly total, by horizon. */
export function totalScoreLines(scores: Score[]): string[] {
  return scores.filter((x) => x.series === 'TOTAL').map((s) => `TOTAL h=${s.horizon || 'all'}: MAE model ${Math.round(s.maeModel)}, random walk ${Math.round(s.maeRandomWalk)}, seasonal naive ${Math.round(s.maeSeasonalNaive)}, coverage ${(100 * s.coverage).toFixed(0)}%`);
}
