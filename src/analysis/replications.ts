// Summaries over replications (summary_monthly.csv, summary_annual.csv) and paired comparisons
// of two scenarios run with common random numbers (the rows of comparison.csv). Pure: tables in,
// rows out.
import type { MonthlyTables } from '../model/recorder.ts';
import { monthKey } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { MONTHLY_METRICS, metricValues, periodsOf, sumPeriod, totalOverOrigins } from './metrics.ts';
import type { Metric, MetricValues } from './metrics.ts';
import { mean, summarize } from './stats.ts';

export const SUMMARY_MONTHLY_HEADER = ['scenario', 'month', 'origin', 'metric', 'mean', 'sd', 'p05', 'p50', 'p95'];
export const SUMMARY_ANNUAL_HEADER = ['scenario', 'period', 'origin', 'metric', 'mean', 'sd', 'p05', 'p50', 'p95'];
/** Origins of the summary and comparison rows: each origin, then TOTAL (the whole border). */
const ORIGINS_AND_TOTAL = [...ORIGINS, 'TOTAL'] as const;

type Values = MetricValues;
/** A row of a summary table, as written to CSV. */
type Row = (string | number)[];

/** [origin 0..n-1, TOTAL] values of one month of one run. */
function monthValues(t: MonthlyTables, m: number): Values[] {
  const per = Array.from({ length: t.origins }, (_, o) => metricValues(t, m, o));
  return [...per, totalOverOrigins(per)];
}

/** [origin 0..n-1, TOTAL] values of one period (month indices relative to the run) of one run. */
function periodValues(t: MonthlyTables, from: number, to: number): Values[] {
  const per = Array.from({ length: t.origins }, (_, o) => sumPeriod(t, from, to, o));
  return [...per, totalOverOrigins(per)];
}

/** A labelled slice of time: a month, or a calendar/fiscal year, with its values per run. */
interface Slice {
  label: string;
  values: (t: MonthlyTables) => Values[];
}

function monthSlices(firstMonth: number, months: number): Slice[] {
  return Array.from({ length: months }, (_, m) => ({ label: monthKey(firstMonth + m), values: (t: MonthlyTables) => monthValues(t, m) }));
}

function periodSlices(firstMonth: number, months: number): Slice[] {
  return periodsOf(firstMonth, months).map((p) => ({
    label: p.label,
    values: (t: MonthlyTables) => periodValues(t, p.from - firstMonth, p.to - firstMonth),
  }));
}

function summaryRows(scenario: string, runs: readonly MonthlyTables[], slices: Slice[]): Row[] {
  const rows: Row[] = [];
  for (const slice of slices) {
    const perRun = runs.map((t) => slice.values(t));
    ORIGINS_AND_TOTAL.forEach((origin, o) => {
      for (const metric of MONTHLY_METRICS) {
        const s = summarize(perRun.map((v) => v[o][metric]));
        rows.push([scenario, slice.label, origin, metric, s.mean, s.sd, s.p05, s.p50, s.p95]);
      }
    });
  }
  return rows;
}

/** summary_monthly.csv rows: mean, sd and 5/50/95% quantiles over replications, per month × origin × metric. */
export function summaryMonthlyRows(scenario: string, firstMonth: number, runs: readonly MonthlyTables[]): Row[] {
  return runs.length ? summaryRows(scenario, runs, monthSlices(firstMonth, runs[0].months)) : [];
}

/** summary_annual.csv rows: the same per calendar and fiscal year wholly inside the run. */
export function summaryAnnualRows(scenario: string, firstMonth: number, runs: readonly MonthlyTables[]): Row[] {
  return runs.length ? summaryRows(scenario, runs, periodSlices(firstMonth, runs[0].months)) : [];
}

export interface ComparisonRow {
  metric: Metric;
  period: string;
  origin: string;
  baselineMean: number;
  scenarioMean: number;
  /** scenario − baseline, pair by pair: mean and 5th/95th percentiles over replications */
  diffMean: number;
  diffP05: number;
  diffP95: number;
  /** (scenario − baseline) / baseline over the pairs with a non-zero baseline, as fractions */
  relMean: number;
  relP05: number;
  relP95: number;
}

/**
 * Paired differences per metric × calendar/fiscal year × origin. Replication r of the
 * baseline is paired with replication r of the scenario: run with common random numbers, the
 * difference shows the policy rather than the noise. Intervals are the 5th and 95th
 * percentiles of the pairwise differences over replications (a 90% interval).
 */
export function comparisonRows(firstMonth: number, baseline: readonly MonthlyTables[], scenario: readonly MonthlyTables[]): ComparisonRow[] {
  if (baseline.length !== scenario.length) throw new Error(`compare: ${baseline.length} baseline replications but ${scenario.length} scenario replications`);
  if (baseline.length === 0) return [];
  if (baseline[0].months !== scenario[0].months) throw new Error('compare: the two scenarios cover different periods');
  const rows: ComparisonRow[] = [];
  const slices = periodSlices(firstMonth, baseline[0].months);
  const aOf = slices.map((slice) => baseline.map((t) => slice.values(t)));
  const bOf = slices.map((slice) => scenario.map((t) => slice.values(t)));
  for (const metric of MONTHLY_METRICS) {
    for (let p = 0; p < slices.length; p++) {
      const slice = slices[p];
      const a = aOf[p];
      const b = bOf[p];
      ORIGINS_AND_TOTAL.forEach((origin, o) => {
        const av = a.map((v) => v[o][metric]);
        const bv = b.map((v) => v[o][metric]);
        const diffs = av.map((x, r) => bv[r] - x);
        const rels = av.flatMap((x, r) => (x !== 0 ? [(bv[r] - x) / x] : []));
        const d = summarize(diffs);
        const rel = summarize(rels);
        rows.push({
          metric, period: slice.label, origin, baselineMean: mean(av), scenarioMean: mean(bv),
          diffMean: d.mean, diffP05: d.p05, diffP95: d.p95, relMean: rel.mean, relP05: rel.p05, relP95: rel.p95,
        });
      });
    }
  }
  return rows;
}
