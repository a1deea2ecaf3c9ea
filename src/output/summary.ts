// Short human summaries printed at the end of a run.
import type { Cell } from './csv.ts';
import { compactCount, compactUsd } from './format.ts';
import { ANNUAL_HEADER } from './tables.ts';

/** Totals over origins per calendar year, for the metrics people look at first. */
export function yearTotals(annual: Cell[][]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const col = (k: string) => ANNUAL_HEADER.indexOf(k);
  for (const row of annual) {
    const period = String(row[col('period')]);
    if (!period.startsWith('CY')) continue;
    const cur = out.get(period) ?? {};
    for (const k of ANNUAL_HEADER.slice(4)) cur[k] = (cur[k] ?? 0) + Number(row[col(k)]);
    cur.border_fees = (cur.border_fees ?? 0) + Number(row[col('mean_fee_usd')]) * Number(row[col('smuggled')]);
    out.set(period, cur);
  }
  for (const v of out.values()) v.mean_fee_usd = v.smuggled > 0 ? v.border_fees / v.smuggled : 0;
  return out;
}

export function runSummary(name: string, annual: Cell[][]): string {
  const years = yearTotals(annual);
  const lines = [`${name}: calendar-year totals (all origins)`];
  const head = ['year', 'encounters', 'got-aways', 'released', 'paroled', 'removed', 'deaths', 'smuggled %', 'revenue', 'mean fee'];
  const rows = [...years.entries()].map(([y, v]) => [
    y.slice(2), compactCount(v.encounters), compactCount(v.gotaways), compactCount(v.released), compactCount(v.paroled), compactCount(v.removed),
    compactCount(v.deaths), `${Math.round((100 * v.smuggled) / Math.max(1, v.smuggled + v.crossed_alone))}%`,
    compactUsd(v.smuggler_revenue_usd), compactUsd(v.mean_fee_usd),
  ]);
  lines.push(...alignTable([head, ...rows]));
  return lines.join('\n');
}

export function alignTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}
