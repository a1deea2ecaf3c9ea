// Validation metrics of validate-fit on small hand-made cases whose answers are known.
import { describe, expect, it } from 'vitest';
import { fitReport, mape, pearson, ranks, spearman } from '../../src/analysis/fitMetrics.ts';
import { bandPenalty, summarizeWindow } from '../../src/analysis/calibration.ts';
import { FLOW, ORIGIN_FLOWS, ORIGIN_MONEY, SECTOR_FLOW, SECTOR_FLOWS } from '../../src/model/recorder.ts';
import type { MonthlyTables } from '../../src/model/recorder.ts';

describe('fit metrics', () => {
  it('MAPE is the mean of |sim − obs| / obs in percent, skipping zero observations', () => {
    expect(mape([100, 200, 400], [110, 180, 400])).toBeCloseTo((10 + 10 + 0) / 3, 10);
    expect(mape([0, 50], [7, 25])).toBeCloseTo(50, 10);
  });

  it('Pearson correlation: exact for linear series, NaN for a constant one', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    // ȳ = 7/3: Σ(x − x̄)(y − ȳ) = 4/3 + 0 + 5/3 = 3; Σ(x − x̄)² = 2; Σ(y − ȳ)² = 42/9 → 3 / √(28/3)
    expect(pearson([1, 2, 3], [1, 2, 4])).toBeCloseTo(3 / Math.sqrt(28 / 3), 12);
  });

  it('ranks put the largest first and share tied ranks', () => {
    expect(ranks([10, 30, 20])).toEqual([3, 1, 2]);
    expect(ranks([5, 5, 1])).toEqual([1.5, 1.5, 3]);
    expect(spearman([1, 2, 3], [10, 100, 1000])).toBeCloseTo(1, 12);
  });

  it('fitReport: per origin, the monthly total, pooled MAPE and yearly rankings', () => {
    const points = [
      { month: '2022-12', origin: 'A', observed: 100, simulated: 120 },
      { month: '2022-12', origin: 'B', observed: 50, simulated: 40 },
      { month: '2023-01', origin: 'A', observed: 200, simulated: 180 },
      { month: '2023-01', origin: 'B', observed: 300, simulated: 330 },
    ];
    const r = fitReport(points);
    const a = r.origins.find((o) => o.origin === 'A')!;
    expect(a.mape).toBeCloseTo((20 + 10) / 2, 10);
    expect(a.observedTotal).toBe(300);
    expect(a.simulatedTotal).toBe(300);
    expect(a.correlation).toBeCloseTo(1, 12); // two points rising together
    expect(r.total.mape).toBeCloseTo((Math.abs(160 - 150) / 150 + Math.abs(510 - 500) / 500) * 50, 10);
    expect(r.pooledMape).toBeCloseTo((20 + 20 + 10 + 10) / 4, 10);
    expect(r.rankings.map((y) => y.year)).toEqual(['2022', '2023']);
    expect(r.rankings[0].observed).toEqual(['A', 'B']);
    expect(r.rankings[1].observed).toEqual(['B', 'A']);
    expect(r.rankings[1].simulated).toEqual(['B', 'A']);
    expect(r.rankings[1].spearman).toBeCloseTo(1, 12);
  });

  it('side-constraint penalty is zero inside the band and grows with the squared relative distance outside', () => {
    const band = { min: 4e9, max: 12e9, weight: 5 };
    expect(bandPenalty(8e9, band)).toBe(0);
    expect(bandPenalty(2e9, band)).toBeCloseTo(5 * 0.25, 12);
    expect(bandPenalty(18e9, band)).toBeCloseTo(5 * 0.25, 12);
  });

  it('side measures of a window: revenue a year, smuggled share, deaths, apprehension share, fee per smuggled crossing', () => {
    // two months, two origins, one sector, from 2020-01 (month index 2020 * 12)
    const months = 2, nO = 2, nS = 1, nF = ORIGIN_FLOWS.length, nM = ORIGIN_MONEY.length;
    const t: MonthlyTables = {
      months, origins: nO, sectors: nS,
      originFlows: new Float64Array(months * nF * nO), originMoney: new Float64Array(months * nM * nO),
      originStocks: new Float64Array(months * 2 * nO), sectorFlows: new Float64Array(months * SECTOR_FLOWS.length * nS), sectorMoney: new Float64Array(months * nS),
    };
    const setFlow = (m: number, f: number, o: number, v: number) => (t.originFlows[(m * nF + f) * nO + o] = v);
    const setMoney = (m: number, k: string, o: number, v: number) => (t.originMoney[(m * nM + ORIGIN_MONEY.indexOf(k as never)) * nO + o] = v);
    for (let m = 0; m < months; m++)
      for (let o = 0; o < nO; o++) {
        setFlow(m, FLOW.encounters, o, 10 * (o + 1));
        setFlow(m, FLOW.smuggled, o, 80);
        setFlow(m, FLOW.crossed_alone, o, 20);
        setFlow(m, FLOW.gotaways, o, 25);
        setMoney(m, 'smuggler_revenue_usd', o, 1e6);
        setMoney(m, 'border_fees_usd', o, 4e5);
      }
    t.sectorFlows[(0 * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS] = 3;
    t.sectorFlows[(1 * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS] = 1;
    const w = summarizeWindow(t, 2020 * 12, ['2020-01', '2020-02']);
    expect([...w.encounters]).toEqual([10, 20, 10, 20]);
    expect(w.revenueUsdPerYear).toBeCloseTo((4e6 * 12) / 2, 6); // 4 origin-months of $1M over 2 months
    expect(w.smuggledShare).toBeCloseTo(0.8, 12);
    expect(w.deathsPerYear).toBeCloseTo(4 * 6, 12);
    expect(w.apprehensionShare).toBeCloseTo(1 - 100 / 400, 12); // 100 got-aways of 400 crossings
    expect(w.meanBorderFeeUsd).toBeCloseTo(1.6e6 / 320, 9);
  });
});
