// The result tables of one run (docs/ARCHITECTURE.md): month × origin, month × sector,
// calendar and fiscal years × origin, and origin × corridor × outcome. Pure functions.
import { monthKey } from '../model/calendar.ts';
import { SECTOR_FLOWS } from '../model/recorder.ts';
import type { RunResult } from '../model/simulation.ts';
import { ORIGINS, SECTORS } from '../model/entities.ts';
import { MONTHLY_METRICS, metricValues, periodsOf, sumPeriod } from '../analysis/metrics.ts';
import type { Cell } from './csv.ts';

// tests/model/mechanisms.test.ts reads metric values from here; their home is analysis/metrics.ts

export const MONTHLY_HEADER = ['scenario', 'seed', 'month', 'origin', ...MONTHLY_METRICS];
export const SECTOR_HEADER = ['scenario', 'seed', 'month', 'sector', 'encounters', 'gotaways', 'deaths', 'mean_fee_usd'];
export const ANNUAL_HEADER = ['scenario', 'seed', 'period', 'origin', ...MONTHLY_METRICS];
export const FLOWS_HEADER = ['scenario', 'seed', 'origin', 'route', 'outcome', 'persons'];

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
