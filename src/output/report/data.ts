/**
 * Shaping result tables for the charts: averaging replications, totalling over origins,
 * and finding the last complete calendar year.
 */
import { num, str, type CsvRow } from './csv.ts';

/** Columns that name a row rather than measure something. */
const KEY_COLUMNS = new Set(['scenario', 'seed', 'month', 'origin', 'period', 'sector', 'route', 'outcome', 'metric']);

export interface Aggregated {
  keys: Record<string, string>;
  values: Record<string, number>;
}

/**
 * Rows grouped by `keyColumns`, each numeric column averaged over replications (seeds).
 * A run folder holds one seed; with several, the report shows their mean.
 */
export function meanOverSeeds(rows: CsvRow[], keyColumns: string[]): Aggregated[] {
  const seeds = new Set(rows.map((r) => str(r, 'seed')));
  const nSeeds = Math.max(1, seeds.size);
  const groups = new Map<string, Aggregated>();
  for (const row of rows) {
    const id = keyColumns.map((k) => str(row, k)).join('\u0000');
    let g = groups.get(id);
    if (!g) {
      g = { keys: Object.fromEntries(keyColumns.map((k) => [k, str(row, k)])), values: {} };
      groups.set(id, g);
    }
    for (const [col, v] of Object.entries(row)) {
      if (KEY_COLUMNS.has(col) || typeof v !== 'number' || !Number.isFinite(v)) continue;
      g.values[col] = (g.values[col] ?? 0) + v / nSeeds;
    }
    // mean_fee_usd is border fees per smuggled crossing: carry the fees so totals can re-weight it
    const fee = row.mean_fee_usd;
    const smuggled = row.smuggled;
    if (typeof fee === 'number' && typeof smuggled === 'number' && Number.isFinite(fee * smuggled)) {
      g.values[BORDER_FEES] = (g.values[BORDER_FEES] ?? 0) + (fee * smuggled) / nSeeds;
    }
  }
  return [...groups.values()];
}

/** Distinct seeds in a table, in order of first appearance. */
export function seedsOf(rows: CsvRow[]): string[] {
  return [...new Set(rows.map((r) => str(r, 'seed')).filter((s) => s !== ''))];
}

/** Border fees paid (mean_fee_usd × smuggled), carried by meanOverSeeds for re-weighting. */
const BORDER_FEES = 'border_fees_usd';

/**
 * Mean fee is border fees per smuggled crossing (docs/ARCHITECTURE.md), as in monthly.csv, so
 * totals re-weight it instead of summing. Without the fees (tables that lack mean_fee_usd),
 * revenue per smuggled crossing stands in; it is larger, as revenue includes journey fees.
 */
export function withMeanFee(values: Record<string, number>): Record<string, number> {
  const smuggled = values.smuggled;
  const fees = Number.isFinite(values[BORDER_FEES]) ? values[BORDER_FEES] : values.smuggler_revenue_usd;
  if (Number.isFinite(smuggled) && Number.isFinite(fees)) {
    return { ...values, mean_fee_usd: smuggled > 0 ? fees / smuggled : Number.NaN };
  }
  return values;
}

/** Per-month totals over origins (mean over seeds), in month order. */
export function monthlyTotals(monthly: CsvRow[]): { month: string; values: Record<string, number> }[] {
  const byMonth = meanOverSeeds(monthly, ['month']);
  return byMonth
    .map((g) => ({ month: g.keys.month, values: withMeanFee(g.values) }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/** "2024-03" → milliseconds at 00:00 UTC on the first of the month (what the charts plot). */
export function monthToTime(month: string): number {
  const m = /^(\d{4})-(\d{1,2})/.exec(month);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) : Number.NaN;
}

/** The latest calendar year for which all twelve months are present, if any. */
export function lastFullYear(months: Iterable<string>): number | undefined {
  const perYear = new Map<number, Set<string>>();
  for (const month of months) {
    const year = Number(month.slice(0, 4));
    if (!Number.isFinite(year)) continue;
    if (!perYear.has(year)) perYear.set(year, new Set());
    perYear.get(year)!.add(month.slice(0, 7));
  }
  const full = [...perYear.entries()].filter(([, ms]) => ms.size === 12).map(([y]) => y);
  return full.length ? Math.max(...full) : undefined;
}

/** Sum of each numeric column over a set of months' totals. */
export function sumValues(rows: { values: Record<string, number> }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.values)) {
      if (Number.isFinite(v)) out[k] = (out[k] ?? 0) + v;
    }
  }
  return out;
}

/** Rows of a summary table (summary_monthly.csv) for one origin and metric. */
export function summarySeries(
  summary: CsvRow[] | undefined,
  metric: string,
  origin = 'TOTAL',
): { month: string; mean: number; p05: number; p95: number }[] {
  if (!summary) return [];
  return summary
    .filter((r) => str(r, 'metric') === metric && str(r, 'origin') === origin)
    .map((r) => ({ month: str(r, 'month'), mean: num(r, 'mean'), p05: num(r, 'p05'), p95: num(r, 'p95') }))
    .filter((r) => r.month !== '' && Number.isFinite(r.mean))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/** Per-month totals over origins of each replication (seed), in month order. */
export function monthlyTotalsBySeed(monthly: CsvRow[]): Map<string, { month: string; values: Record<string, number> }[]> {
  const bySeed = new Map<string, CsvRow[]>();
  for (const row of monthly) {
    if (str(row, 'origin') === 'TOTAL') continue;
    const seed = str(row, 'seed');
    let rows = bySeed.get(seed);
    if (!rows) bySeed.set(seed, (rows = []));
    rows.push(row);
  }
  return new Map([...bySeed].map(([seed, rows]) => [seed, monthlyTotals(rows)]));
}
