// The calibration loss's side measures and penalties on small hand-made cases whose answers are known.
import { describe, expect, it } from 'vitest';
import { bandPenalty, summarizeWindow } from '../../src/analysis/calibrationLoss.ts';
import { FLOW, ORIGIN_FLOWS, ORIGIN_MONEY, SECTOR_FLOW, SECTOR_FLOWS } from '../../src/model/recorder.ts';
import type { MonthlyTables } from '../../src/model/recorder.ts';

describe('calibration loss', () => {
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
