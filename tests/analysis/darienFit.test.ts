// The second series compared by calendar year: whole years of the run only, per origin or all of
// them, against Panama's groups; known values by hand.
import { describe, expect, it } from 'vitest';
import { compareDarien, darienByYear } from '../../src/analysis/darienFit.ts';
import { monthIndex } from '../../src/model/calendar.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { FLOW, ORIGIN_FLOWS } from '../../src/model/recorder.ts';
import type { MonthlyTables } from '../../src/model/recorder.ts';

const nO = ORIGINS.length;
const VEN = ORIGINS.indexOf('VEN');
const HTI = ORIGINS.indexOf('HTI');

/** Tables from 2013-10 for 27 months with `perMonth(o, m)` arrivals at the Darién hub. */
function tables(perMonth: (o: number, m: number) => number, months = 27): MonthlyTables {
  const nF = ORIGIN_FLOWS.length;
  const originFlows = new Float64Array(months * nF * nO);
  for (let m = 0; m < months; m++) for (let o = 0; o < nO; o++) originFlows[(m * nF + FLOW.darien_crossings) * nO + o] = perMonth(o, m);
  return { months, origins: nO, sectors: 1, originFlows, originMoney: new Float64Array(0), originStocks: new Float64Array(0), sectorFlows: new Float64Array(0), sectorMoney: new Float64Array(0) };
}

describe('the Darién series', () => {
  it('sums whole calendar years only (2013-10 + 27 months holds 2014 and 2015)', () => {
    const byYear = darienByYear(tables((o) => (o === VEN ? 10 : 1)), monthIndex('2013-10'));
    expect([...byYear.keys()]).toEqual([2014, 2015]);
    expect(byYear.get(2014)![VEN]).toBe(120);
    expect(byYear.get(2015)![0]).toBe(12);
  });

  it('compares an origin and all origins with their groups: mean, interval, WAE and correlation', () => {
    const first = monthIndex('2013-10');
    // two runs: VEN 10 and 20 a month (means 180 a year), HTI 1 a month
    const runs = [10, 20].map((v) => ({ tables: tables((o) => (o === VEN ? v : o === HTI ? 1 : 0), 39), firstMonth: first }));
    const observed = { byNationality: new Map([
      ['VEN', new Map([[2013, 5], [2014, 100], [2015, 200], [2016, 300]])],
      ['TOTAL', new Map([[2014, 192], [2015, 192], [2016, 192]])],
    ]) };
    const { years, metrics } = compareDarien(observed, runs, [{ origin: 'VEN', nationality: 'VEN' }, { origin: 'TOTAL', nationality: 'TOTAL' }, { origin: 'CUB', nationality: 'CUB' }]);
    const ven = years.filter((y) => y.origin === 'VEN');
    expect(ven.map((y) => y.year)).toEqual([2014, 2015, 2016]); // 2013 is not whole in the run
    expect(ven[0].simulated).toBe(180);
    expect(ven[0].low).toBeGreaterThanOrEqual(120);
    expect(ven[0].high).toBeLessThanOrEqual(240);
    const mVen = metrics.find((m) => m.origin === 'VEN')!;
    expect(mVen.wae).toBeCloseTo((100 * (80 + 20 + 120)) / 600, 10);
    expect(Number.isNaN(mVen.correlation)).toBe(true); // a flat simulated series has no correlation
    const mTotal = metrics.find((m) => m.origin === 'TOTAL')!;
    expect(mTotal.simulatedTotal).toBe(3 * (180 + 12));
    expect(mTotal.wae).toBe(0);
    expect(metrics.find((m) => m.origin === 'CUB')).toBeUndefined(); // no such group in the record
  });
});
