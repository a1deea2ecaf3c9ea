// compare's wiring on a synthetic case: the scenario is the baseline with 40% fewer encounters
// (and a known revenue change) plus replication noise; the rows must carry that difference, as
// fractions for rel_*, and the 90% intervals must cover it.
import { describe, expect, it } from 'vitest';
import { comparisonRows, summaryAnnualRows, summaryMonthlyRows } from '../../src/analysis/replications.ts';
import type { MonthlyTables } from '../../src/model/recorder.ts';
import { ORIGIN_FLOWS, ORIGIN_MONEY, ORIGIN_STOCKS, SECTOR_FLOWS } from '../../src/model/recorder.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import seedrandom from 'seedrandom';

const MONTHS = 24; // CY2024 and CY2025
const FIRST = 2024 * 12;

function tables(rng: () => number, encounterFactor: number, revenueShift: number): MonthlyTables {
  const nO = ORIGINS.length;
  const t: MonthlyTables = {
    months: MONTHS, origins: nO, sectors: 1,
    originFlows: new Float64Array(MONTHS * ORIGIN_FLOWS.length * nO),
    originMoney: new Float64Array(MONTHS * ORIGIN_MONEY.length * nO),
    originStocks: new Float64Array(MONTHS * ORIGIN_STOCKS.length * nO),
    sectorFlows: new Float64Array(MONTHS * SECTOR_FLOWS.length),
    sectorMoney: new Float64Array(MONTHS),
  };
  const enc = ORIGIN_FLOWS.indexOf('encounters');
  const rev = ORIGIN_MONEY.indexOf('smuggler_revenue_usd');
  for (let m = 0; m < MONTHS; m++) {
    for (let o = 0; o < nO; o++) {
      const noise = 1 + 0.05 * (rng() - 0.5); // common to both arms: common random numbers
      t.originFlows[(m * ORIGIN_FLOWS.length + enc) * nO + o] = 1000 * noise * encounterFactor;
      t.originMoney[(m * ORIGIN_MONEY.length + rev) * nO + o] = 1e6 * noise + revenueShift;
    }
  }
  return t;
}

describe('comparison rows', () => {
  const reps = 16;
  const base: MonthlyTables[] = [];
  const scen: MonthlyTables[] = [];
  for (let r = 0; r < reps; r++) {
    base.push(tables(seedrandom(`rep${r}`), 1, 0));
    // the policy effect itself varies a little between replications: −40% ± 2%
    const effect = 0.6 + 0.04 * (seedrandom(`effect${r}`)() - 0.5);
    scen.push(tables(seedrandom(`rep${r}`), effect, 5000));
  }
  const rows = comparisonRows(FIRST, base, scen);

  it('pairs replications and reports relative changes as fractions whose interval covers the truth', () => {
    const enc = rows.find((r) => r.metric === 'encounters' && r.period === 'CY2025' && r.origin === 'TOTAL')!;
    expect(enc.relMean).toBeCloseTo(-0.4, 2);
    expect(enc.relP05).toBeLessThanOrEqual(-0.4);
    expect(enc.relP95).toBeGreaterThanOrEqual(-0.4);
    expect(enc.relP95 - enc.relP05).toBeLessThan(0.05);
    expect(enc.baselineMean).toBeGreaterThan(enc.scenarioMean);
  });

  it('reports money as differences in USD: a shift of 5,000 a month per origin', () => {
    const rev = rows.find((r) => r.metric === 'smuggler_revenue_usd' && r.period === 'CY2024' && r.origin === 'TOTAL')!;
    const truth = 5000 * 12 * ORIGINS.length;
    expect(rev.diffMean).toBeCloseTo(truth, 3);
    expect(rev.diffP05).toBeCloseTo(truth, 3);
    expect(rev.diffP95).toBeCloseTo(truth, 3);
  });

  it('has a row per metric × calendar/fiscal year × origin and TOTAL', () => {
    const periods = new Set(rows.map((r) => r.period));
    expect([...periods].sort()).toEqual(['CY2024', 'CY2025', 'FY2025']);
    expect(new Set(rows.map((r) => r.origin)).has('TOTAL')).toBe(true);
  });

  it('summarises replications per month and per year, TOTAL included', () => {
    const monthly = summaryMonthlyRows('s', FIRST, base);
    expect(monthly[0].slice(0, 4)).toEqual(['s', '2024-01', 'MEX', 'decided']);
    const total = monthly.find((r) => r[1] === '2024-01' && r[2] === 'TOTAL' && r[3] === 'encounters')!;
    expect(Number(total[4])).toBeGreaterThan(1000 * ORIGINS.length * 0.97);
    const annual = summaryAnnualRows('s', FIRST, base);
    expect(annual.some((r) => r[1] === 'FY2025')).toBe(true);
  });
});
