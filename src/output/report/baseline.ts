/**
 * Scenario against baseline: each compared metric over the years the levers act (the headline
 * window, or from the first month the two runs part), drawn twice — both runs with their bands,
 * and the paired difference with its band, so that an effect of a few thousand a month is not a
 * few pixels under the 2021–2023 peak — then the differences in a table, year by year, and all
 * of comparison.csv.
 */
import { monthIndexOf } from '../../analysis/metrics.ts';
import { formatChange, formatMonth, formatRelative, formatValue, markFewAgents } from '../format.ts';
import { differenceSpec, HALF, lineBandSpec, type BandPoint } from './charts.ts';
import { num, str, type CsvRow } from './csv.ts';
import { monthlyTotals, monthlyTotalsBySeed, summarySeries } from './data.ts';
import { headlineSpan, pairedMonths, pairedSpan, personsBehind, type RunFacts, type Totals } from './facts.ts';
import { escapeHtml, figure, note, table, withInterval, type Section } from './html.ts';
import { isMoney, metricLabel, METRICS } from './labels.ts';
import type { ReportInput } from './load.ts';
import { renderSvg } from './vega.ts';

const COMPARED = [
  { metric: 'encounters', title: 'Encounters per month', short: 'Encounters' },
  { metric: 'deaths', title: 'Deaths per month', short: 'Deaths' },
  { metric: 'smuggler_revenue_usd', title: 'Smuggler revenue per month', short: 'Smuggler revenue' },
  { metric: 'waiting_mexico', title: 'Waiting in Mexico (end of month)', short: 'Waiting in Mexico' },
];

const KEY_METRICS = ['encounters', 'unique_encountered', 'gotaways', 'entered', 'released', 'paroled', 'expelled', 'removed', 'deaths', 'waiting_mexico', 'smuggler_revenue_usd', 'mean_fee_usd'];

/** Comparison rows for the whole border (origin TOTAL, or no origin column). */
function comparisonTotals(rows: CsvRow[] | undefined): CsvRow[] {
  if (!rows) return [];
  const total = rows.filter((r) => str(r, 'origin') === 'TOTAL' || str(r, 'origin') === '');
  return total.length ? total : rows;
}

function runSeries(run: string, summary: CsvRow[] | undefined, monthly: CsvRow[] | undefined, metric: string): BandPoint[] {
  const fromSummary = summarySeries(summary, metric);
  if (fromSummary.length) return fromSummary.map((p) => ({ run, ...p }));
  if (!monthly?.length) return [];
  return monthlyTotals(monthly.filter((r) => str(r, 'origin') !== 'TOTAL'))
    .filter((t) => Number.isFinite(t.values[metric]))
    .map((t) => ({ run, month: t.month, mean: t.values[metric] }));
}

/**
 * The months the comparison charts cover: the headline window; or, when the two runs part
 * earlier (not at the run's start, where runs on other random numbers already differ, nor in
 * the month before the window, which a step on its first day reaches through the week that
 * straddles the new year), from the month they part.
 */
function chartSpan(facts: RunFacts, baseline: Totals): { from: string; to: string; label: string } {
  const span = headlineSpan(facts);
  const base = new Map(baseline.map((t) => [t.month, t.values]));
  const parted = facts.totals.find((t) => COMPARED.some(({ metric }) => {
    const b = base.get(t.month)?.[metric];
    return b !== undefined && Number.isFinite(b) && Math.abs((t.values[metric] ?? 0) - b) > 1e-9 * Math.max(1, Math.abs(b));
  }))?.month;
  if (!parted || parted <= facts.firstMonth || monthIndexOf(parted) >= monthIndexOf(span.from) - 1) return span;
  return { from: parted, to: span.to, label: `${formatMonth(parted)} – ${formatMonth(span.to)}` };
}

function meanOf(points: { mean: number }[]): number {
  return points.length ? points.reduce((a, p) => a + p.mean, 0) / points.length : Number.NaN;
}

async function comparedCharts(input: ReportInput, facts: RunFacts): Promise<string[]> {
  const baseline = input.baseline!;
  const baseTotals = baseline.monthly?.length ? monthlyTotals(baseline.monthly.filter((r) => str(r, 'origin') !== 'TOTAL')) : [];
  const span = chartSpan(facts, baseTotals);
  const baseBySeed = baseline.monthly?.length ? monthlyTotalsBySeed(baseline.monthly) : new Map<string, Totals>();
  const inSpan = (p: { month: string }) => p.month >= span.from && p.month <= span.to;
  const out: string[] = [];
  for (const { metric, title, short } of COMPARED) {
    const money = isMoney(metric);
    const base = runSeries('Baseline', baseline.summaryMonthly, baseline.monthly, metric).filter(inSpan);
    const scen = runSeries('Scenario', input.summaryMonthly, input.monthly, metric).filter(inSpan);
    if (base.length === 0 && scen.length === 0) continue;
    const levelsLabel = `${title}, ${span.label}: baseline ${formatValue(meanOf(base), money)} a month on average, scenario ${formatValue(meanOf(scen), money)}.`;
    const levels = await renderSvg(
      lineBandSpec([...base, ...scen], { title: `${title}, ${span.label}`, money, width: HALF, description: `${title}: scenario and baseline with 90% bands.` }),
      levelsLabel,
    );
    out.push(figure(levels, '', `compare-${metric}`));
    const diff = pairedMonths(metric, facts.bySeed, baseBySeed, span);
    if (diff.length) {
      const last = diff[diff.length - 1];
      const band = Number.isFinite(last.p05) ? `; in ${formatMonth(last.month)} 90% of paired runs between ${formatChange(last.p05, Number.NaN, Number.NaN, money)} and ${formatChange(last.p95, Number.NaN, Number.NaN, money)}` : '';
      const label = `${short}, scenario minus baseline, per month, ${span.label}: ${formatChange(meanOf(diff), Number.NaN, Number.NaN, money)} a month on average${band}.`;
      const svg = await renderSvg(differenceSpec(diff, { title: `${short}: scenario − baseline`, money, description: label }), label);
      out.push(figure(svg, '', `difference-${metric}`));
    }
  }
  return out;
}

function metricRank(metric: string): number {
  const i = Object.keys(METRICS).indexOf(metric);
  const k = KEY_METRICS.indexOf(metric);
  return k >= 0 ? k : 100 + (i >= 0 ? i : 100);
}

function periodRank(period: string): string {
  // Calendar years, then fiscal years, then anything else (e.g. a whole-run period).
  const kind = period.startsWith('CY') ? 0 : period.startsWith('FY') ? 1 : 2;
  return `${kind}${period}`;
}

interface ChangeRow {
  metric: string;
  origin?: string;
  period: string;
  baseline: number;
  scenario: number;
  diff: [number, number, number];
  rel: [number, number, number];
  /** persons the baseline's figure and the scenario's rest on */
  baselinePersons: number;
  scenarioPersons: number;
}

/** Changes first (what the reader came for, in view on a phone), then the two runs. */
function changeTable(rows: ChangeRow[], scale: number | undefined): string {
  const hasOrigin = rows.some((r) => r.origin && r.origin !== 'TOTAL');
  const hasPeriod = new Set(rows.map((r) => r.period)).size > 1;
  const body = rows.map((r) => {
    const money = isMoney(r.metric);
    const rel = formatRelative(...r.rel, { value: r.baselinePersons, scale });
    return [
      escapeHtml(metricLabel(r.metric)),
      ...(hasOrigin ? [escapeHtml(r.origin ?? '')] : []),
      ...(hasPeriod ? [escapeHtml(r.period)] : []),
      `<strong>${withInterval(rel)}</strong>`,
      withInterval(formatChange(...r.diff, money)),
      escapeHtml(markFewAgents(formatValue(r.baseline, money), r.baselinePersons, scale)),
      escapeHtml(markFewAgents(formatValue(r.scenario, money), r.scenarioPersons, scale)),
    ];
  });
  const head = ['Metric', ...(hasOrigin ? ['Origin'] : []), ...(hasPeriod ? ['Period'] : []), 'Relative change [90% interval]', 'Absolute change [90% interval]', 'Baseline', 'Scenario'];
  return table(head, body, head.map((_, j) => j >= head.length - 4));
}

/** comparison.csv rows as table rows; money rests on the smuggled crossings of the same row's period. */
function csvChangeRows(rows: CsvRow[], all: CsvRow[]): ChangeRow[] {
  const smuggled = new Map(all.filter((r) => str(r, 'metric') === 'smuggled').map((r) => [`${str(r, 'period')}|${str(r, 'origin')}`, r]));
  return [...rows]
    .sort((a, b) =>
      metricRank(str(a, 'metric')) - metricRank(str(b, 'metric')) ||
      periodRank(str(a, 'period')).localeCompare(periodRank(str(b, 'period'))) ||
      str(a, 'origin').localeCompare(str(b, 'origin')))
    .map((r) => {
      const metric = str(r, 'metric');
      const s = smuggled.get(`${str(r, 'period')}|${str(r, 'origin')}`);
      return {
        metric,
        origin: str(r, 'origin'),
        period: str(r, 'period'),
        baseline: num(r, 'baseline_mean'),
        scenario: num(r, 'scenario_mean'),
        diff: [num(r, 'diff_mean'), num(r, 'diff_p05'), num(r, 'diff_p95')],
        rel: [num(r, 'rel_mean'), num(r, 'rel_p05'), num(r, 'rel_p95')],
        baselinePersons: personsBehind(metric, num(r, 'baseline_mean'), s ? num(s, 'baseline_mean') : Number.NaN),
        scenarioPersons: personsBehind(metric, num(r, 'scenario_mean'), s ? num(s, 'scenario_mean') : Number.NaN),
      };
    });
}

/** The headline window's changes, paired replication by replication from both runs' monthly.csv. */
function windowChangeRows(input: ReportInput, facts: RunFacts): ChangeRow[] {
  const baseline = monthlyTotalsBySeed(input.baseline?.monthly ?? []);
  const span = headlineSpan(facts);
  const smuggled = pairedSpan('smuggled', facts.bySeed, baseline, span);
  const out: ChangeRow[] = [];
  for (const metric of KEY_METRICS) {
    if (!facts.columns.has(metric)) continue;
    const p = pairedSpan(metric, facts.bySeed, baseline, span);
    if (!p) continue;
    const ends = p.n > 1;
    const pick = (s: { mean: number; p05: number; p95: number }): [number, number, number] => [s.mean, ends ? s.p05 : Number.NaN, ends ? s.p95 : Number.NaN];
    out.push({
      metric,
      period: span.label,
      baseline: p.baseline,
      scenario: p.scenario,
      diff: pick(p.diff),
      rel: pick(p.rel),
      baselinePersons: personsBehind(metric, p.baseline, smuggled?.baseline ?? Number.NaN),
      scenarioPersons: personsBehind(metric, p.scenario, smuggled?.scenario ?? Number.NaN),
    });
  }
  return out;
}

/** Metrics down, calendar years across, relative change of the mean in each cell. */
function relativePivot(rows: ChangeRow[], years: string[], scale: number | undefined): string {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const body = metrics.map((metric) => [
    escapeHtml(metricLabel(metric)),
    ...years.map((y) => {
      const r = rows.find((x) => x.metric === metric && x.period === y);
      if (!r) return '';
      const text = formatRelative(r.rel[0], Number.NaN, Number.NaN, { value: r.baselinePersons, scale });
      return escapeHtml(text.startsWith('n/a') ? 'n/a' : text);
    }),
  ]);
  return `<div class="pivot">${table(['Metric', ...years.map((y) => escapeHtml(y.slice(2)))], body, [false, ...years.map(() => true)])}</div>`;
}

export async function comparisonSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  const baseline = input.baseline;
  const comparison = comparisonTotals(input.comparison);
  const hasBaseline = !!(baseline?.summaryMonthly?.length || baseline?.monthly?.length);
  if (!hasBaseline && comparison.length === 0) return null;
  const parts: string[] = [];

  const scenarioName = input.manifest.scenario ?? 'scenario';
  const baselineName = baseline?.manifest?.scenario ?? 'baseline';
  parts.push(
    `<p class="intro">The scenario <strong>${escapeHtml(scenarioName)}</strong> against the baseline <strong>${escapeHtml(baselineName)}</strong>. ` +
      'Both runs share their random numbers replication by replication, so differences come from the levers, not from chance.</p>',
  );

  if (hasBaseline) {
    const charts = await comparedCharts(input, facts);
    parts.push(`<div class="grid2">${charts.join('')}</div>`);
    const banded = !!(input.summaryMonthly?.length && baseline?.summaryMonthly?.length);
    parts.push(note(escapeHtml(
      'Left: both runs, all origins together, over the years the levers act (the years before are in the charts above and below). ' +
        'Right: the scenario minus the baseline, month by month, paired replication by replication; the dashed line is no difference. ' +
        (banded
          ? 'Lines are means over replications; shaded bands hold 90% of replications (5th to 95th percentile).'
          : 'Bands appear when both runs have replications.'),
    )));
  }

  const window = baseline?.monthly?.length ? windowChangeRows(input, facts) : [];
  const csvRows = csvChangeRows(comparison.filter((r) => KEY_METRICS.includes(str(r, 'metric'))), comparison);
  if (window.length) {
    parts.push(`<h3>Differences, scenario minus baseline, ${escapeHtml(headlineSpan(facts).label)}</h3>`);
    parts.push(changeTable(window, facts.scale));
  } else if (csvRows.length) {
    const last = [...new Set(csvRows.map((r) => r.period).filter((p) => /^CY\d{4}$/.test(p)))].sort().pop();
    parts.push(`<h3>Differences, scenario minus baseline${last ? `, ${escapeHtml(last)}` : ''}</h3>`);
    parts.push(changeTable(last ? csvRows.filter((r) => r.period === last) : csvRows, facts.scale));
  }
  if (window.length || csvRows.length) {
    parts.push(note(escapeHtml(
      'Each difference is computed replication by replication (paired runs); the brackets are 90% intervals: the 5th and 95th percentiles of those differences over replications, in the unit of the value before them. ' +
        'Relative changes are against the baseline; a baseline of fewer than 30 agents has none (n/a).',
    )));
  }
  const years = [...new Set(csvRows.map((r) => r.period).filter((p) => /^CY\d{4}$/.test(p)))].sort();
  if (years.length > 1) {
    parts.push('<h3>Relative change by calendar year</h3>');
    parts.push(relativePivot(csvRows, years, facts.scale));
  }
  if (comparison.length) {
    parts.push(`<details><summary>All ${comparison.length} comparisons (every metric, calendar and fiscal years, with 90% intervals)</summary>${changeTable(csvChangeRows(comparison, comparison), facts.scale)}</details>`);
  }
  return { id: 'comparison', title: 'Scenario vs baseline', html: parts.join('') };
}
