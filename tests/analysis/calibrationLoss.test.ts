// The calibration loss on small hand-made cases whose answers are known: the record's measure
// picks the right flow each month, side figures over a period, Mexico's detentions by year, the
// share of repeat encounters by fiscal year, penalties.
import { describe, expect, it } from 'vitest';
import { bandPenalty, darienError, totalError, detentionsByYear, lossOf, repeatShareByFiscalYear, sideFigures, summarizeWindow } from '../../src/analysis/calibrationLoss.ts';
import type { EncounterRecord } from '../../src/data/encounterRecord.ts';
import { FLOW, ORIGIN_FLOWS, ORIGIN_MONEY, SECTOR_FLOW, SECTOR_FLOWS } from '../../src/model/recorder.ts';
import type { MonthlyTables } from '../../src/model/recorder.ts';

// 12 months of 2020, two origins, one sector: encounters between ports 10·(o+1), ports add 5
const months = 12, nO = 2, nS = 1, nF = ORIGIN_FLOWS.length, nM = ORIGIN_MONEY.length;
function tables(): MonthlyTables {
  const t: MonthlyTables = {
    months, origins: nO, sectors: nS,
    originFlows: new Float64Array(months * nF * nO), originMoney: new Float64Array(months * nM * nO),
    originStocks: new Float64Array(months * 2 * nO), sectorFlows: new Float64Array(months * SECTOR_FLOWS.length * nS), sectorMoney: new Float64Array(months * nS),
  };
  const setFlow = (m: number, f: number, o: number, v: number) => (t.originFlows[(m * nF + f) * nO + o] = v);
  const setMoney = (m: number, k: string, o: number, v: number) => (t.originMoney[(m * nM + ORIGIN_MONEY.indexOf(k as never)) * nO + o] = v);
  for (let m = 0; m < months; m++)
    for (let o = 0; o < nO; o++) {
      setFlow(m, FLOW.encounters_between_ports, o, 10 * (o + 1));
      setFlow(m, FLOW.encounters, o, 10 * (o + 1) + 5);
      setFlow(m, FLOW.smuggled, o, 80);
      setFlow(m, FLOW.crossed_alone, o, 20);
      setFlow(m, FLOW.gotaways, o, 25);
      setFlow(m, FLOW.detained_mexico, o, 100);
      setFlow(m, FLOW.darien_crossings, o, o === 0 ? 5 : 3);
      setMoney(m, 'smuggler_revenue_usd', o, 1e6);
      setMoney(m, 'border_fees_usd', o, 4e5);
    }
  t.sectorFlows[(0 * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS] = 3;
  t.sectorFlows[(1 * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS] = 1;
  return t;
}
const record: EncounterRecord = {
  months: Array.from({ length: 12 }, (_, m) => `2020-${String(m + 1).padStart(2, '0')}`),
  firstMonth: 2020 * 12,
  measure: Array.from({ length: 12 }, (_, m) => (m < 9 ? 'between-ports' : 'all')),
  encounters: new Float64Array(24).fill(10),
};

describe('calibration loss', () => {
  it('side-constraint penalty is zero inside the band and grows with the squared relative distance outside', () => {
    const band = { min: 4e9, max: 12e9, weight: 5 };
    expect(bandPenalty(8e9, band)).toBe(0);
    expect(bandPenalty(2e9, band)).toBeCloseTo(5 * 0.25, 12);
    expect(bandPenalty(18e9, band)).toBeCloseTo(5 * 0.25, 12);
  });

  it('compares each month on the record\'s measure: between ports to September, all encounters after', () => {
    const w = summarizeWindow(tables(), 2020 * 12, record);
    expect([...w.encounters.slice(0, 2)]).toEqual([10, 20]);
    expect([...w.encounters.slice(18, 20)]).toEqual([15, 25]);
  });

  it('side figures over a period: revenue a year, smuggled share, deaths, apprehension share, fee per smuggled crossing', () => {
    const w = summarizeWindow(tables(), 2020 * 12, record);
    const f = sideFigures(w, record, { start: '2020-01', end: '2020-02' });
    expect(f.revenueUsdPerYear).toBeCloseTo((4e6 * 12) / 2, 6); // 4 origin-months of $1M over 2 months
    expect(f.smuggledShare).toBeCloseTo(0.8, 12);
    expect(f.deathsPerYear).toBeCloseTo(4 * 6, 12);
    expect(f.apprehensionShare).toBeCloseTo(1 - 100 / 400, 12); // 100 got-aways of 400 crossings
    expect(f.meanBorderFeeUsd).toBeCloseTo(1.6e6 / 320, 9);
    expect(sideFigures(w, record).deathsPerYear).toBeCloseTo(4, 12); // the whole window: 4 deaths in a year
  });

  it("a period running past a backtest's shorter record counts the months it holds; one wholly after it counts nothing", () => {
    // found 2026-12-06: the backtest's refits summed past the record's end, so revenue, deaths and the
    // fee (bands over 2021-2023) read NaN or 0, and the fee's band added its whole weight to every particle
    const w = summarizeWindow(tables(), 2020 * 12, record);
    const f = sideFigures(w, record, { start: '2020-07', end: '2021-06' });
    expect(f.revenueUsdPerYear).toBeCloseTo((2e6 * 6) / 0.5, 6); // July-December: 6 months of $2M, half a year
    expect(f.meanBorderFeeUsd).toBeCloseTo(0.8e6 * 6 / (160 * 6), 9);
    const after = sideFigures(w, record, { start: '2021-01', end: '2021-12' });
    expect(Object.values(after).every(Number.isNaN)).toBe(true);
    const band = { min: 4000, max: 9000, weight: 5, period: { start: '2021-01', end: '2023-12' } };
    const cal = { loss: { kind: 'squared-log-error' as const, offset: 0, totalWeight: 0, experimentsWeight: 0 }, constraints: { meanBorderFeeUsd: band, smugglerRevenueUsdPerYear: { ...band, min: 1e9, max: 2e9 } } };
    expect(lossOf(w, record, cal).fee).toBe(0);
    expect(lossOf(w, record, cal).revenue).toBe(0);
    // the same bands over a period the record holds do count
    const inside = { ...cal, constraints: { meanBorderFeeUsd: { ...band, min: 6000, period: { start: '2020-07', end: '2021-06' } } } };
    expect(lossOf(w, record, inside).fee).toBeCloseTo(5 * ((6000 - 5000) / 6000) ** 2, 9); // $5,000 a smuggled crossing
  });

  it("Mexico's detentions by whole calendar year, penalised outside ± the tolerance", () => {
    const w = summarizeWindow(tables(), 2020 * 12, record);
    expect(detentionsByYear(w, record).get('2020')).toBe(2400);
    const cal = { loss: { kind: 'squared-log-error' as const, offset: 0, totalWeight: 0, experimentsWeight: 0 }, constraints: { mexicoDetentionsPerYear: { values: { '2020': 2400, '2015': 1 }, tolerance: 0.2, weight: 1 } } };
    expect(lossOf(w, record, cal).detentions).toBe(0); // 2015 is outside the window: ignored
    cal.constraints.mexicoDetentionsPerYear.values['2020'] = 1000;
    expect(lossOf(w, record, cal).detentions).toBeCloseTo(((2400 - 1200) / 1200) ** 2, 12);
  });

  it('repeat encounters: 1 − persons / encounters over each whole fiscal year inside the window, penalised outside its band', () => {
    // October 2019 – September 2021, all encounters 30 a month; 20 persons a month are at their first encounter of the year
    const t: MonthlyTables = { ...tables(), months: 24, originFlows: new Float64Array(24 * nF * nO) };
    for (let m = 0; m < 24; m++) {
      t.originFlows[(m * nF + FLOW.encounters) * nO] = 30;
      t.originFlows[(m * nF + FLOW.persons_encountered_fy) * nO] = m < 12 ? 20 : 15;
    }
    const rec: EncounterRecord = {
      months: Array.from({ length: 24 }, (_, m) => `${2019 + Math.floor((m + 9) / 12)}-${String(((m + 9) % 12) + 1).padStart(2, '0')}`),
      firstMonth: 2019 * 12 + 9, measure: Array(24).fill('all'), encounters: new Float64Array(48).fill(10),
    };
    const w = summarizeWindow(t, 2019 * 12 + 9, rec);
    const share = repeatShareByFiscalYear(w, rec);
    expect([...share.keys()]).toEqual(['2020', '2021']);
    expect(share.get('2020')).toBeCloseTo(1 / 3, 12);
    expect(share.get('2021')).toBeCloseTo(0.5, 12);
    // a window that starts in January 2020 holds no whole fiscal year 2020
    expect([...repeatShareByFiscalYear(summarizeWindow(t, 2019 * 12 + 9, { ...rec, months: rec.months.slice(3), firstMonth: 2020 * 12, measure: rec.measure.slice(3), encounters: rec.encounters.slice(6) }), { ...rec, months: rec.months.slice(3) }).keys()]).toEqual(['2021']);
    const cal = { loss: { kind: 'squared-log-error' as const, offset: 0, totalWeight: 0, experimentsWeight: 0 }, constraints: { repeatEncounterShare: { fiscalYears: { '2020': { min: 0.2, max: 0.4 }, '2021': { min: 0.25, max: 0.4 }, '2015': { min: 0.9, max: 1 } }, weight: 2 } } };
    expect(lossOf(w, rec, cal).repeats).toBeCloseTo(2 * ((0.5 - 0.4) / 0.4) ** 2, 12);
  });

  it('the Darién series: squared log error of whole years against the counts, per origin and for all origins, weighted into the distance', () => {
    const w = summarizeWindow(tables(), 2020 * 12, record);
    // 2020: origin 0 (MEX) 60 a year, both origins 96; 2021 lies outside the window and counts nothing
    const counts = { byNationality: new Map([['A', new Map([[2020, 60], [2021, 1e6]])], ['T', new Map([[2020, 46]])]]) };
    const series = [{ origin: 'MEX', nationality: 'A' }, { origin: 'TOTAL', nationality: 'T' }];
    expect(darienError(w, record, { counts, series, offset: 4 })).toBeCloseTo(Math.log(2) ** 2 / 2, 12); // ln(100/50)², and 0
    const cal = { loss: { kind: 'squared-log-error' as const, offset: 0, totalWeight: 0, experimentsWeight: 0 }, constraints: {} };
    const without = lossOf(w, record, cal);
    const withSeries = lossOf(w, record, cal, { counts, series, offset: 4, weight: 2 });
    expect(without.darien).toBe(0);
    expect(withSeries.darien).toBeCloseTo(Math.log(2) ** 2, 12);
    expect(withSeries.total - without.total).toBeCloseTo(Math.log(2) ** 2, 12);
    // a window with no whole year of the counts (a backtest's) adds nothing
    const half = { ...record, months: record.months.slice(0, 6), measure: record.measure.slice(0, 6), encounters: record.encounters.slice(0, 12) };
    expect(lossOf(summarizeWindow(tables(), 2020 * 12, half), half, cal, { counts, series, offset: 4, weight: 2 }).darien).toBe(0);
  });

  it("the monthly total: its squared log error weighs the total's level, which origins off in opposite directions hide from the origins' mean", () => {
    // record 10 and 10 a month; the run 10·(o+1) between ports to September, +5 each after
    const w = summarizeWindow(tables(), 2020 * 12, record);
    const expected = (9 * Math.log(30 / 20) ** 2 + 3 * Math.log(40 / 20) ** 2) / 12;
    expect(totalError(w.encounters, record, 0)).toBeCloseTo(expected, 12);
    const cal = { loss: { kind: 'squared-log-error' as const, offset: 0, totalWeight: 0, experimentsWeight: 0 }, constraints: {} };
    const without = lossOf(w, record, cal);
    expect(without.monthlyTotal).toBe(0);
    const withTotal = lossOf(w, record, { ...cal, loss: { ...cal.loss, totalWeight: 3 } });
    expect(withTotal.monthlyTotal).toBeCloseTo(3 * expected, 12);
    expect(withTotal.total - without.total).toBeCloseTo(3 * expected, 12);
    expect(withTotal.data).toBe(without.data);
    // two origins off by ×2 and ×½: the origins' mean sees both, the total only its net, ln(30/45)²
    const rec2 = { ...record, encounters: new Float64Array(24).fill(0).map((_, i) => (i % 2 === 0 ? 5 : 40)) };
    const half = new Float64Array(24).map((_, i) => (i % 2 === 0 ? 10 : 20));
    expect(totalError(half, rec2, 0)).toBeCloseTo(Math.log(30 / 45) ** 2, 12);
  });
});
