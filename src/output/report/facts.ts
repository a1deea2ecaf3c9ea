/**
 * What every section of the report needs to know about the run, computed once: its months and
 * totals (mean over replications and per replication), the headline window, the scale; and the
 * values of a metric over a span of months, alone or paired with the baseline's.
 */
import { headlineWindowOf, STOCK_METRICS } from '../../analysis/metrics.ts';
import { summarize } from '../../analysis/stats.ts';
import type { Summary } from '../../analysis/stats.ts';
import { monthKey } from '../../model/calendar.ts';
import { formatMonth } from '../format.ts';
import { str } from './csv.ts';
import { monthlyTotals, monthlyTotalsBySeed, seedsOf, sumValues, withMeanFee } from './data.ts';
import { isMoney } from './labels.ts';
import type { ReportInput } from './load.ts';

export type Totals = ReturnType<typeof monthlyTotals>;

/** The headline window as months of the run ("2026-01" to "2030-12") and in words ("2026–2030"). */
export interface Window {
  from: string;
  to: string;
  label: string;
  lastYear: number;
}

export interface RunFacts {
  /** per month, totals over origins, mean over replications */
  totals: Totals;
  /** the same for each replication (seed) */
  bySeed: Map<string, Totals>;
  months: string[];
  firstMonth: string;
  lastMonth: string;
  /** the last five full calendar years (src/analysis/metrics.ts); undefined: none, the run is the headline */
  window?: Window;
  seeds: string[];
  columns: Set<string>;
  /** persons per agent (manifest.json); undefined in an older folder */
  scale?: number;
}

export function runFacts(input: ReportInput): RunFacts {
  const rows = input.monthly.filter((r) => str(r, 'origin') !== 'TOTAL');
  const totals = monthlyTotals(rows);
  const months = totals.map((t) => t.month);
  const firstMonth = months[0] ?? '';
  const lastMonth = months[months.length - 1] ?? '';
  const w = headlineWindowOf(firstMonth, lastMonth);
  const scale = typeof input.manifest.scale === 'number' && input.manifest.scale > 0 ? input.manifest.scale : undefined;
  return {
    totals,
    bySeed: monthlyTotalsBySeed(rows),
    months,
    firstMonth,
    lastMonth,
    window: w && { from: monthKey(w.from), to: monthKey(w.to), label: w.label, lastYear: w.lastYear },
    seeds: seedsOf(input.monthly),
    columns: new Set(input.monthly.length ? Object.keys(input.monthly[0]) : []),
    scale,
  };
}

/** The span the headline figures cover: the window, or the whole run when it has no full year. */
export function headlineSpan(facts: RunFacts): { from: string; to: string; label: string } {
  return facts.window ?? { from: facts.firstMonth, to: facts.lastMonth, label: `${formatMonth(facts.firstMonth)} – ${formatMonth(facts.lastMonth)}` };
}

export function within(rows: Totals, span: { from: string; to: string }): Totals {
  return rows.filter((r) => r.month >= span.from && r.month <= span.to);
}

export function isStock(metric: string): boolean {
  return (STOCK_METRICS as readonly string[]).includes(metric);
}

/** A metric over some months: flows summed, a stock at the last month, the mean fee re-weighted. */
export function spanValue(metric: string, rows: Totals): number {
  if (rows.length === 0) return Number.NaN;
  if (isStock(metric)) return rows[rows.length - 1].values[metric] ?? Number.NaN;
  const sums = sumValues(rows);
  if (metric === 'mean_fee_usd') return withMeanFee(sums).mean_fee_usd ?? Number.NaN;
  return sums[metric] ?? Number.NaN;
}

/**
 * The persons a figure rests on, to compare with the scale: the figure itself for counts; for
 * money (revenue, the mean fee) the smuggled crossings that paid it.
 */
export function personsBehind(metric: string, value: number, smuggled: number): number {
  return isMoney(metric) ? smuggled : value;
}

/** "one run", "mean of 16 runs". */
export function runsText(n: number): string {
  return n > 1 ? `mean of ${n} runs` : 'one run';
}

export interface SpanSummary {
  mean: number;
  /** over replications: 5th and 95th percentiles (NaN with one) */
  p05: number;
  p95: number;
  n: number;
}

/** A metric over a span for every replication: its mean and the range holding 90% of them. */
export function spanSummary(metric: string, facts: RunFacts, span: { from: string; to: string }): SpanSummary {
  const mean = spanValue(metric, within(facts.totals, span));
  const each = [...facts.bySeed.values()].map((rows) => spanValue(metric, within(rows, span))).filter(Number.isFinite);
  if (each.length < 2) return { mean, p05: Number.NaN, p95: Number.NaN, n: each.length };
  const s = summarize(each);
  return { mean, p05: s.p05, p95: s.p95, n: each.length };
}

export interface PairedSpan {
  baseline: number;
  scenario: number;
  /** scenario − baseline and (scenario − baseline) / baseline, replication by replication */
  diff: Summary;
  rel: Summary;
  n: number;
}

/**
 * Scenario against baseline over a span, paired replication by replication (the same seeds:
 * common random numbers), as comparison.csv pairs them; undefined when no seed is in both.
 */
export function pairedSpan(metric: string, scenario: Map<string, Totals>, baseline: Map<string, Totals>, span: { from: string; to: string }): PairedSpan | undefined {
  const b: number[] = [];
  const s: number[] = [];
  for (const [seed, rows] of scenario) {
    const other = baseline.get(seed);
    if (!other) continue;
    const x = spanValue(metric, within(other, span));
    const y = spanValue(metric, within(rows, span));
    if (Number.isFinite(x) && Number.isFinite(y)) {
      b.push(x);
      s.push(y);
    }
  }
  if (b.length === 0) return undefined;
  const rels = b.flatMap((x, i) => (x !== 0 ? [(s[i] - x) / x] : []));
  const avg = (v: number[]) => v.reduce((a, c) => a + c, 0) / v.length;
  return { baseline: avg(b), scenario: avg(s), diff: summarize(s.map((y, i) => y - b[i])), rel: summarize(rels), n: b.length };
}

/** Scenario − baseline month by month, paired by seed: mean and the range of 90% of replications. */
export function pairedMonths(metric: string, scenario: Map<string, Totals>, baseline: Map<string, Totals>, span: { from: string; to: string }): { month: string; mean: number; p05: number; p95: number }[] {
  const diffs = new Map<string, number[]>();
  for (const [seed, rows] of scenario) {
    const other = new Map((baseline.get(seed) ?? []).map((r) => [r.month, r.values[metric]]));
    for (const r of within(rows, span)) {
      const x = other.get(r.month);
      const y = r.values[metric];
      if (x === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      let list = diffs.get(r.month);
      if (!list) diffs.set(r.month, (list = []));
      list.push(y - x);
    }
  }
  return [...diffs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, d]) => {
      const s = summarize(d);
      return d.length > 1 ? { month, mean: s.mean, p05: s.p05, p95: s.p95 } : { month, mean: s.mean, p05: Number.NaN, p95: Number.NaN };
    });
}

export function replicationNote(facts: RunFacts): string {
  return facts.seeds.length > 1 ? ` Values are means over ${facts.seeds.length} replications.` : '';
}
