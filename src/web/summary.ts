// What the classroom page shows of a run: totals over origins per month and per calendar year.
// Pure, so the worker computes them and tests can check them against `corridor run`'s tables.
import { monthKey } from '../model/calendar.ts';
import type { MonthlyTables } from '../model/recorder.ts';
import { metricValues } from '../analysis/metrics.ts';

export interface MonthPoint {
  month: string; // YYYY-MM
  encounters: number;
  gotaways: number;
  deaths: number;
  /** people waiting in northern Mexico at the end of the month */
  waitingMexico: number;
  smuggled: number;
  smugglerRevenueUsd: number;
  /** border-crossing fees paid, for the mean fee over a span of months */
  borderFeesUsd: number;
}

export interface YearTotals {
  year: number;
  encounters: number;
  gotaways: number;
  deaths: number;
  smugglerRevenueUsd: number;
  meanFeeUsd: number;
  /** smuggled crossings: the persons the money figures rest on */
  smuggled: number;
}

export function monthPoint(t: MonthlyTables, m: number, firstMonth: number): MonthPoint {
  const p: MonthPoint = { month: monthKey(firstMonth + m), encounters: 0, gotaways: 0, deaths: 0, waitingMexico: 0, smuggled: 0, smugglerRevenueUsd: 0, borderFeesUsd: 0 };
  for (let o = 0; o < t.origins; o++) {
    const v = metricValues(t, m, o);
    p.encounters += v.encounters;
    p.gotaways += v.gotaways;
    p.deaths += v.deaths;
    p.waitingMexico += v.waiting_mexico;
    p.smuggled += v.smuggled;
    p.smugglerRevenueUsd += v.smuggler_revenue_usd;
    p.borderFeesUsd += v.mean_fee_usd * v.smuggled;
  }
  return p;
}

/** Totals of the calendar years whose twelve months are all in `points`. */
export function yearTotals(points: readonly MonthPoint[]): YearTotals[] {
  const byYear = new Map<number, { n: number; t: YearTotals; fees: number; smuggled: number }>();
  for (const p of points) {
    const year = Number(p.month.slice(0, 4));
    let y = byYear.get(year);
    if (!y) byYear.set(year, (y = { n: 0, fees: 0, smuggled: 0, t: { year, encounters: 0, gotaways: 0, deaths: 0, smugglerRevenueUsd: 0, meanFeeUsd: 0, smuggled: 0 } }));
    y.n++;
    y.t.encounters += p.encounters;
    y.t.gotaways += p.gotaways;
    y.t.deaths += p.deaths;
    y.t.smugglerRevenueUsd += p.smugglerRevenueUsd;
    y.fees += p.borderFeesUsd;
    y.smuggled += p.smuggled;
  }
  return [...byYear.values()]
    .filter((y) => y.n === 12)
    .map((y) => ({ ...y.t, meanFeeUsd: y.smuggled > 0 ? y.fees / y.smuggled : 0, smuggled: y.smuggled }))
    .sort((a, b) => a.year - b.year);
}
