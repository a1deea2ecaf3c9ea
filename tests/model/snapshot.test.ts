// Snapshots: a run saved between two weeks and restored into a fresh simulation of the same input
// continues exactly as the run that never stopped — the same tables, flows and census, to the bit.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/model/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { BASELINE } from '../helpers/scenario.ts';

// to 2025-03: the last stop falls while the 2024 asylum bar is in force, so its state must carry over
const loaded = loadScenario(BASELINE, { start: '2020-01', end: '2025-03', warmStart: '2019-10', scale: 200 });

describe('snapshots of a run', () => {
  it('restore-and-continue is byte-identical to the uninterrupted run, from any week', () => {
    const whole = new Simulation(loaded.input, 'snap').run();
    for (const stopAt of [1, 57, 150, 252]) {
      const first = new Simulation(loaded.input, 'snap');
      while (first.week < stopAt) first.step();
      // as a worker would receive it: a structured clone, not the same objects
      const snap = structuredClone(first.snapshot());
      const second = new Simulation(loaded.input, 'another seed: the snapshot carries the streams');
      second.restore(snap);
      expect(second.week).toBe(stopAt);
      const r = second.run();
      expect(Array.from(r.tables.originFlows)).toEqual(Array.from(whole.tables.originFlows));
      expect(Array.from(r.tables.originMoney)).toEqual(Array.from(whole.tables.originMoney));
      expect(Array.from(r.tables.originStocks)).toEqual(Array.from(whole.tables.originStocks));
      expect(Array.from(r.tables.sectorFlows)).toEqual(Array.from(whole.tables.sectorFlows));
      expect(r.flows).toEqual(whole.flows);
      expect(r.census).toEqual(whole.census);
    }
  });

  it('a reseeded copy continues on another stream, and the original is unchanged by it', () => {
    const a = new Simulation(loaded.input, 'base');
    while (a.week < 100) a.step();
    const snap = a.snapshot();
    const b = new Simulation(loaded.input, 'base');
    b.restore(structuredClone(snap));
    b.reseed('other');
    const ra = a.run();
    const rb = b.run();
    expect(Array.from(rb.tables.originFlows)).not.toEqual(Array.from(ra.tables.originFlows));
    const c = new Simulation(loaded.input, 'base');
    c.restore(structuredClone(snap));
    expect(Array.from(c.run().tables.originFlows)).toEqual(Array.from(ra.tables.originFlows));
  });

  it('continues into a run of another period from the same warm start, reporting the months the two share', () => {
    const longer = loadScenario(BASELINE, { start: '2021-01', end: '2025-12', warmStart: '2019-10', scale: 200 });
    const a = new Simulation(loaded.input, 'x');
    while (a.week < 100) a.step();
    const b = new Simulation(longer.input, 'y');
    b.restore(structuredClone(a.snapshot()));
    const rb = b.run();
    const ra = a.run();
    const per = ra.tables.originFlows.length / ra.tables.months;
    const shift = longer.input.calendar.firstMonth - loaded.input.calendar.firstMonth;
    // the months before the snapshot (recorded by a) are carried into b's tables
    expect(Array.from(rb.tables.originFlows.subarray(0, per))).toEqual(Array.from(ra.tables.originFlows.subarray(shift * per, (shift + 1) * per)));
  });

  it('refuses a snapshot of a run with another warm start', () => {
    const other = loadScenario(BASELINE, { start: '2020-01', end: '2021-06', warmStart: '2019-11', scale: 200 });
    const s = new Simulation(loaded.input, 'x');
    s.step();
    expect(() => new Simulation(other.input, 'x').restore(s.snapshot())).toThrow(/warm start/);
  });
});
