// The second series: the model's arrivals at the Darién hub (darien_crossings) against Panama's
// yearly count of the Gap's crossings by nationality. Counted in Panama, months before and
// 2,500 km south of the US border, the series tests the South American routes where the border
// record cannot: how many set off, and when. Compared by calendar year, whole years of the run only. Pure.
import { ORIGINS } from '../model/entities.ts';
import { FLOW, ORIGIN_FLOWS } from '../model/recorder.ts';
import type { MonthlyTables } from '../model/recorder.ts';
import type { DarienCounts } from '../data/darien.ts';
import { pearson } from './fitMetrics.ts';
import { mean, quantile } from './stats.ts';

/** A row of the comparison: a model origin (or all of them) against one of Panama's nationality groups. */
export interface DarienSeries {
  /** the model's origin code, or TOTAL for all origins */
  origin: string;
  /** Panama's group (VEN, HTI_BRA_CHL, TOTAL, …) */
  nationality: string;
}

export interface DarienYear {
  origin: string;
  nationality: string;
  year: number;
  observed: number;
  simulated: number;
  low: number;
  high: number;
}

export interface DarienMetrics {
  origin: string;
  nationality: string;
  years: number;
  observedTotal: number;
  simulatedTotal: number;
  /** Σ|sim − obs| / Σ obs over the years, in percent */
  wae: number;
  /** Pearson correlation of the yearly series (NaN with fewer than 3 years) */
  correlation: number;
}

/** Sums a [month][origin] series by calendar year, years held whole only (months contiguous from firstMonth): year → [origin]. */
export function wholeYears(perMonth: Float64Array, origins: number, firstMonth: number): Map<number, Float64Array> {
  const months = perMonth.length / origins;
  const out = new Map<number, Float64Array>();
  for (let year = Math.ceil(firstMonth / 12); (year + 1) * 12 - 1 - firstMonth < months; year++) {
    const v = new Float64Array(origins);
    for (let m = year * 12 - firstMonth; m < (year + 1) * 12 - firstMonth; m++) for (let o = 0; o < origins; o++) v[o] += perMonth[m * origins + o];
    out.set(year, v);
  }
  return out;
}

/** A series' value in a year's [origin] vector: one origin, or all of them for TOTAL. */
export function seriesValue(v: Float64Array, origin: string): number {
  return origin === 'TOTAL' ? v.reduce((a, x) => a + x, 0) : v[(ORIGINS as readonly string[]).indexOf(origin)];
}

/** Arrivals at the Darién hub per calendar year that the tables hold whole, by origin: year → [origin]. */
export function darienByYear(t: MonthlyTables, firstMonth: number): Map<number, Float64Array> {
  const nF = ORIGIN_FLOWS.length;
  const perMonth = new Float64Array(t.months * t.origins);
  for (let m = 0; m < t.months; m++) for (let o = 0; o < t.origins; o++) perMonth[m * t.origins + o] = t.originFlows[(m * nF + FLOW.darien_crossings) * t.origins + o];
  return wholeYears(perMonth, t.origins, firstMonth);
}

/**
 * Each series by year (posterior predictive mean and 90% interval over the runs, the simulator's
 * noise and the parameters' spread, no observation model) and its summary over the years both
 * the record and every run cover.
 */
export function compareDarien(observed: DarienCounts, runs: readonly { tables: MonthlyTables; firstMonth: number }[], series: readonly DarienSeries[]): { years: DarienYear[]; metrics: DarienMetrics[] } {
  const perRun = runs.map((r) => darienByYear(r.tables, r.firstMonth));
  const years: DarienYear[] = [];
  const metrics: DarienMetrics[] = [];
  for (const s of series) {
    const obs = observed.byNationality.get(s.nationality);
    if (!obs || (s.origin !== 'TOTAL' && !(ORIGINS as readonly string[]).includes(s.origin))) continue;
    const rows: DarienYear[] = [];
    for (const [year, value] of [...obs].sort((a, b) => a[0] - b[0])) {
      if (!perRun.every((p) => p.has(year))) continue;
      const sims = perRun.map((p) => seriesValue(p.get(year)!, s.origin));
      rows.push({ origin: s.origin, nationality: s.nationality, year, observed: value, simulated: mean(sims), low: quantile(sims, 0.05), high: quantile(sims, 0.95) });
    }
    if (rows.length === 0) continue;
    const observedTotal = rows.reduce((a, r) => a + r.observed, 0);
    const simulatedTotal = rows.reduce((a, r) => a + r.simulated, 0);
    const absError = rows.reduce((a, r) => a + Math.abs(r.simulated - r.observed), 0);
    metrics.push({
      origin: s.origin, nationality: s.nationality, years: rows.length, observedTotal, simulatedTotal,
      wae: observedTotal > 0 ? (100 * absError) / observedTotal : NaN,
      correlation: rows.length >= 3 ? pearson(rows.map((r) => r.observed), rows.map((r) => r.simulated)) : NaN,
    });
    years.push(...rows);
  }
  return { years, metrics };
}
