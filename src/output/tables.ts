// The result tables of one run (docs/ARCHITECTURE.md): month × origin, month × sector,
// calendar and fiscal years × origin, and origin × corridor × outcome. Pure functions.
import { monthKey } from '../model/calendar.ts';
import { ORIGIN_FLOWS, ORIGIN_MONEY, ORIGIN_STOCKS, SECTOR_FLOWS } from '../model/recorder.ts';
import type { MonthlyTables } from '../model/recorder.ts';
import type { RunResult } from '../model/simulation.ts';
import { ORIGINS, SECTORS } from '../model/types.ts';
import type { Cell } from './csv.ts';

/** monthly.csv metrics in column order; the last two are extra to the list, kept at the end. */
export const MONTHLY_METRICS = [
  'decided', 'departed', 'in_transit', 'waiting_mexico', 'encounters', 'unique_encountered', 'gotaways', 'entered',
  'released', 'paroled', 'expelled', 'removed', 'returned_home', 'deaths', 'smuggled', 'smuggler_revenue_usd',
  'mean_fee_usd', 'interior_removed', 'crossed_alone',
] as const;
export type Metric = (typeof MONTHLY_METRICS)[number];
export const MONTHLY_HEADER = ['scenario', 'seed', 'month', 'origin', ...MONTHLY_METRICS];
export const SECTOR_HEADER = ['scenario', 'seed', 'month', 'sector', 'encounters', 'gotaways', 'deaths', 'mean_fee_usd'];
export const ANNUAL_HEADER = ['scenario', 'seed', 'period', 'origin', ...MONTHLY_METRICS];
export const FLOWS_HEADER = ['scenario', 'seed', 'origin', 'route', 'outcome', 'persons'];
/** Metrics that are stocks (end of period), not flows. */
export const STOCK_METRICS: readonly Metric[] = ['in_transit', 'waiting_mexico'];

/** Values of every metric for one month and origin, from the recorder's tables. */
export function metricValues(t: MonthlyTables, m: number, o: number): Record<Metric, number> {
  const nO = t.origins;
  const flow = (name: (typeof ORIGIN_FLOWS)[number]) => t.originFlows[(m * ORIGIN_FLOWS.length + ORIGIN_FLOWS.indexOf(name)) * nO + o];
  const money = (name: (typeof ORIGIN_MONEY)[number]) => t.originMoney[(m * ORIGIN_MONEY.length + ORIGIN_MONEY.indexOf(name)) * nO + o];
  const stock = (name: (typeof ORIGIN_STOCKS)[number]) => t.originStocks[(m * ORIGIN_STOCKS.length + ORIGIN_STOCKS.indexOf(name)) * nO + o];
  const smuggled = flow('smuggled');
  return {
    decided: flow('decided'), departed: flow('departed'), in_transit: stock('in_transit'), waiting_mexico: stock('waiting_mexico'),
    encounters: flow('encounters'), unique_encountered: flow('unique_encountered'), gotaways: flow('gotaways'), entered: flow('entered'),
    released: flow('released'), paroled: flow('paroled'), expelled: flow('expelled'), removed: flow('removed'),
    returned_home: flow('returned_home'), deaths: flow('deaths'), smuggled,
    smuggler_revenue_usd: money('smuggler_revenue_usd'),
    mean_fee_usd: smuggled > 0 ? money('border_fees_usd') / smuggled : 0,
    interior_removed: flow('interior_removed'), crossed_alone: flow('crossed_alone'),
  };
}

export interface RunIdentity {
  scenario: string;
  seed: number | string;
  firstMonth: number; // month index of the run's first month
}

export function monthlyRows(result: RunResult, id: RunIdentity): Cell[][] {
  const t = result.tables;
  const rows: Cell[][] = [];
  for (let m = 0; m < t.months; m++) {
    const month = monthKey(id.firstMonth + m);
    for (let o = 0; o < t.origins; o++) {
      const v = metricValues(t, m, o);
      rows.push([id.scenario, id.seed, month, ORIGINS[o], ...MONTHLY_METRICS.map((k) => v[k])]);
    }
  }
  return rows;
}

export function sectorRows(result: RunResult, id: RunIdentity): Cell[][] {
  const t = result.tables;
  const nS = t.sectors;
  const rows: Cell[][] = [];
  const at = (m: number, f: number, s: number) => t.sectorFlows[(m * SECTOR_FLOWS.length + f) * nS + s];
  for (let m = 0; m < t.months; m++) {
    for (let s = 0; s < nS; s++) {
      const smuggled = at(m, 3, s);
      const fees = t.sectorMoney[m * nS + s];
      rows.push([id.scenario, id.seed, monthKey(id.firstMonth + m), SECTORS[s], at(m, 0, s), at(m, 1, s), at(m, 2, s), smuggled > 0 ? fees / smuggled : 0]);
    }
  }
  return rows;
}

/** Calendar years (CY2024) and US fiscal years (FY2024 = Oct 2023 – Sep 2024), only where wholly inside the run. */
export function periodsOf(firstMonth: number, months: number): { label: string; from: number; to: number }[] {
  const out: { label: string; from: number; to: number }[] = [];
  const last = firstMonth + months - 1;
  for (let y = Math.floor(firstMonth / 12); y <= Math.floor(last / 12) + 1; y++) {
    const cy = { label: `CY${y}`, from: y * 12, to: y * 12 + 11 };
    const fy = { label: `FY${y}`, from: (y - 1) * 12 + 9, to: y * 12 + 8 };
    for (const p of [cy, fy]) if (p.from >= firstMonth && p.to <= last) out.push(p);
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/** Sums flows over a span of months; stocks at the span's end; mean fee as fees over smuggled crossings. */
export function sumPeriod(t: MonthlyTables, from: number, to: number, o: number): Record<Metric, number> {
  const total = Object.fromEntries(MONTHLY_METRICS.map((k) => [k, 0])) as Record<Metric, number>;
  let fees = 0;
  for (let m = from; m <= to; m++) {
    const v = metricValues(t, m, o);
    for (const k of MONTHLY_METRICS) if (!STOCK_METRICS.includes(k) && k !== 'mean_fee_usd') total[k] += v[k];
    fees += v.mean_fee_usd * v.smuggled;
    if (m === to) for (const k of STOCK_METRICS) total[k] = v[k];
  }
  total.mean_fee_usd = total.smuggled > 0 ? fees / total.smuggled : 0;
  return total;
}

export function annualRows(result: RunResult, id: RunIdentity): Cell[][] {
  const t = result.tables;
  const rows: Cell[][] = [];
  for (const p of periodsOf(id.firstMonth, t.months)) {
    for (let o = 0; o < t.origins; o++) {
      const v = sumPeriod(t, p.from - id.firstMonth, p.to - id.firstMonth, o);
      rows.push([id.scenario, id.seed, p.label, ORIGINS[o], ...MONTHLY_METRICS.map((k) => v[k])]);
    }
  }
  return rows;
}

export function flowRows(result: RunResult, id: RunIdentity): Cell[][] {
  return result.flows
    .map((f) => [id.scenario, id.seed, ORIGINS[f.origin], f.corridor, f.outcome, f.persons] as Cell[])
    .sort((a, b) => String(a[2]).localeCompare(String(b[2])) || String(a[3]).localeCompare(String(b[3])) || String(a[4]).localeCompare(String(b[4])));
}
