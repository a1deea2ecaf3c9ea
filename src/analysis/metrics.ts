// What the metrics of monthly.csv mean: their list, their values for one month and origin from
// the recorder's tables, sums over a span of months (stocks at its end, the mean fee re-weighted),
// totals over origins, and the calendar and fiscal years a run covers. Every layer that shows or
// summarises a metric (analysis, output, the classroom page) takes its meaning from here.
import type { MonthlyTables } from '../model/recorder.ts';
import { ORIGIN_FLOWS, ORIGIN_MONEY, ORIGIN_STOCKS } from '../model/recorder.ts';
import { ORIGINS } from '../model/entities.ts';

/** monthly.csv metrics in column order; the last two are extra to the list, kept at the end. */
export const MONTHLY_METRICS = [
  'decided', 'departed', 'in_transit', 'waiting_mexico', 'encounters', 'unique_encountered', 'gotaways', 'entered',
  'released', 'paroled', 'expelled', 'removed', 'returned_home', 'deaths', 'smuggled', 'smuggler_revenue_usd',
  'mean_fee_usd', 'interior_removed', 'crossed_alone',
] as const;
export type Metric = (typeof MONTHLY_METRICS)[number];
export type MetricValues = Record<Metric, number>;
/** Metrics that are stocks (end of period), not flows. */
export const STOCK_METRICS: readonly Metric[] = ['in_transit', 'waiting_mexico'];

/** One origin flow (FLOW index) in month slot m for origin o, or summed over origins (o = ORIGINS.length). */
export function flowAt(t: MonthlyTables, m: number, flow: number, o: number): number {
  const nO = ORIGINS.length;
  const row = (m * ORIGIN_FLOWS.length + flow) * nO;
  if (o < nO) return t.originFlows[row + o];
  let s = 0;
  for (let q = 0; q < nO; q++) s += t.originFlows[row + q];
  return s;
}

/** Values of every metric for one month and origin, from the recorder's tables. */
export function metricValues(t: MonthlyTables, m: number, o: number): MetricValues {
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

/** Sums flows over a span of months; stocks at the span's end; mean fee as fees over smuggled crossings. */
export function sumPeriod(t: MonthlyTables, from: number, to: number, o: number): MetricValues {
  const total = Object.fromEntries(MONTHLY_METRICS.map((k) => [k, 0])) as MetricValues;
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

/** Sum over origins; the mean fee is recomputed as fees over smuggled crossings. */
export function totalOverOrigins(perOrigin: MetricValues[]): MetricValues {
  const total = Object.fromEntries(MONTHLY_METRICS.map((k) => [k, 0])) as MetricValues;
  let fees = 0;
  for (const v of perOrigin) {
    for (const k of MONTHLY_METRICS) total[k] += v[k];
    fees += v.mean_fee_usd * v.smuggled;
  }
  total.mean_fee_usd = total.smuggled > 0 ? fees / total.smuggled : 0;
  return total;
}

/** A calendar year (CY2024) or US fiscal year (FY2024 = Oct 2023 – Sep 2024), as month indices. */
export interface Period {
  label: string;
  from: number;
  to: number;
}

/** Calendar and fiscal years, only where wholly inside the run. */
export function periodsOf(firstMonth: number, months: number): Period[] {
  const out: Period[] = [];
  const last = firstMonth + months - 1;
  for (let y = Math.floor(firstMonth / 12); y <= Math.floor(last / 12) + 1; y++) {
    const cy = { label: `CY${y}`, from: y * 12, to: y * 12 + 11 };
    const fy = { label: `FY${y}`, from: (y - 1) * 12 + 9, to: y * 12 + 8 };
    for (const p of [cy, fy]) if (p.from >= firstMonth && p.to <= last) out.push(p);
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The headline window, one for the whole project (report cards, the classroom page, the docs):
 * the last five full calendar years of the run, or as many as it has. A run to 2030-12 gives
 * 2026–2030. Undefined when the run holds no full calendar year (the headline is then the run).
 */
export interface HeadlineWindow {
  /** first and last month index (year × 12 + month − 1), inclusive */
  from: number;
  to: number;
  firstYear: number;
  lastYear: number;
  /** "2026–2030", or "2030" for a single year */
  label: string;
}

export const HEADLINE_YEARS = 5;

export function headlineWindow(firstMonth: number, months: number): HeadlineWindow | undefined {
  const lastYear = Math.floor((firstMonth + months) / 12) - 1; // the last year whose December is in the run
  const firstFull = Math.ceil(firstMonth / 12);
  if (lastYear < firstFull) return undefined;
  const firstYear = Math.max(firstFull, lastYear - HEADLINE_YEARS + 1);
  return { from: firstYear * 12, to: lastYear * 12 + 11, firstYear, lastYear, label: firstYear === lastYear ? `${lastYear}` : `${firstYear}–${lastYear}` };
}

/** "2024-03" → its month index (year × 12 + month − 1); NaN when it is not a month. */
export function monthIndexOf(month: string): number {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : Number.NaN;
}

/** The headline window of a run given its first and last month as "YYYY-MM". */
export function headlineWindowOf(firstMonth: string, lastMonth: string): HeadlineWindow | undefined {
  const first = monthIndexOf(firstMonth);
  const last = monthIndexOf(lastMonth);
  return Number.isFinite(first) && Number.isFinite(last) && last >= first ? headlineWindow(first, last - first + 1) : undefined;
}
