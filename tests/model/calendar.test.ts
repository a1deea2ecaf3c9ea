import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../../src/model/calendar.ts';
import { Simulation } from '../../src/model/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { BASELINE } from '../helpers/scenario.ts';

/** Monthly tables of the baseline at 1:200 for the given months, on one fixed stream. */
function tables(start: string, end: string, warmStart?: string) {
  const loaded = loadScenario(BASELINE, { start, end, warmStart, scale: 200 });
  return { cal: loaded.input.calendar, t: new Simulation(loaded.input, 'calendar').run().tables };
}

describe("the run's clock", () => {
  it('reports only the months asked for, with the warm-up weeks in negative month slots', () => {
    const cal = makeCalendar('2024-01', '2024-12', '2023-10');
    expect(cal.months).toBe(12);
    expect(cal.weekMonth[0]).toBe(-3);
    expect(cal.weekMonth[cal.weeks - 1]).toBe(11);
    expect(() => makeCalendar('2023-01', '2024-12', '2023-10')).toThrow(/before the warm start/);
  });

  it('records in the last month only its own days: months up to the end are those of a longer run', () => {
    // a run to 2021-06 and one to 2021-09 on the same stream are the same simulation up to June;
    // with the last week counted whole, June of the shorter run came out about 20% higher
    const short = tables('2020-01', '2021-06', '2019-10');
    const long = tables('2020-01', '2021-09', '2019-10');
    const n = short.t.originFlows.length;
    expect(Array.from(short.t.originFlows)).toEqual(Array.from(long.t.originFlows.subarray(0, n)));
    expect(Array.from(short.t.originMoney)).toEqual(Array.from(long.t.originMoney.subarray(0, short.t.originMoney.length)));
  });

  it('starts the simulation at the warm start whatever month is reported first: a late start reports the same months as a full run', () => {
    const full = tables('2019-10', '2022-12', '2019-10');
    const late = tables('2022-01', '2022-12', '2019-10');
    expect(late.cal.firstMonth).toBe(full.cal.firstMonth + 27);
    const per = late.t.originFlows.length / late.t.months;
    expect(Array.from(late.t.originFlows)).toEqual(Array.from(full.t.originFlows.subarray(27 * per)));
  });
});
