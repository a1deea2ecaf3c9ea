// The natural experiments on hand-made records whose answers are known: which experiments a
// record holds, the change each reports, and the experiments' term of the distance.
import { describe, expect, it } from 'vitest';
import { experimentsError, NATURAL_EXPERIMENTS, scoreExperiments } from '../../src/analysis/naturalExperiments.ts';
import { lossOf } from '../../src/analysis/calibrationLoss.ts';
import type { WindowSummary } from '../../src/analysis/calibrationLoss.ts';
import type { NaturalExperiment } from '../../src/analysis/naturalExperiments.ts';
import type { EncounterRecord } from '../../src/data/encounterRecord.ts';
import { ORIGINS } from '../../src/model/entities.ts';

const nO = ORIGINS.length;
const VEN = ORIGINS.indexOf('VEN');
const MEX = ORIGINS.indexOf('MEX');
// 2022-09 .. 2023-02: every origin 100 a month, except Venezuelans 400, 400, 100 (Sep, Oct, Nov)
function record(): EncounterRecord {
  const months = ['2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02'];
  const encounters = new Float64Array(months.length * nO).fill(100);
  encounters[0 * nO + VEN] = 400;
  encounters[1 * nO + VEN] = 400;
  return { months, firstMonth: 2022 * 12 + 8, measure: months.map(() => 'all'), encounters };
}
const ven: NaturalExperiment = { id: 'ven', event: 'test', date: '2022-10-12', origins: ['VEN'], from: '2022-09', to: '2022-11' };
const all: NaturalExperiment = { id: 'all', event: 'test', date: '2022-12-01', origins: [], from: '2022-12', to: '2023-02' };
const outside: NaturalExperiment = { id: 'outside', event: 'test', date: '2023-05-11', origins: [], from: '2023-05', to: '2023-06' };

describe('scoreExperiments', () => {
  it('reports the observed and the simulated change, and leaves out experiments the record does not hold', () => {
    const rec = record();
    const run = rec.encounters.slice();
    run[2 * nO + VEN] = 200; // the model halves where the record fell by three quarters
    const scores = scoreExperiments(rec, [run, run], [ven, all, outside]);
    expect(scores.map((s) => s.experiment.id)).toEqual(['ven', 'all']);
    expect(scores[0].observed).toBeCloseTo(-0.75, 12);
    expect(scores[0].simulated).toBeCloseTo(-0.5, 12);
    expect(scores[0].missPoints).toBeCloseTo(25, 9);
    expect(scores[0].signRight).toBe(true);
    expect(scores[0].withinTarget).toBe(false);
    expect(scores[1].observed).toBe(0);
  });
});

describe('experimentsError', () => {
  it('is zero on the record itself and NaN when the record holds no experiment', () => {
    const rec = record();
    expect(experimentsError(rec.encounters, rec, 0, [ven, all])).toBe(0);
    expect(experimentsError(rec.encounters, rec, 0, [outside])).toBeNaN();
  });

  it('is the mean squared difference of log changes, with the offset added to each count', () => {
    const rec = record();
    const run = rec.encounters.slice();
    run[2 * nO + VEN] = 200; // ln(200/400) against ln(100/400)
    run[4 * nO + MEX] = 7; // February is untouched: the change over all origins stays 0 in both
    expect(experimentsError(run, rec, 0, [ven, all])).toBeCloseTo((Math.log(0.5) - Math.log(0.25)) ** 2 / 2, 12);
    const c = 50;
    expect(experimentsError(run, rec, c, [ven])).toBeCloseTo((Math.log(250 / 450) - Math.log(150 / 450)) ** 2, 12);
  });

  it('weighs a doubling and a halving alike', () => {
    const rec = record();
    const up = rec.encounters.slice();
    up[5 * nO + MEX] = 1200; // all origins: 1100 → 2200
    const down = rec.encounters.slice();
    down[5 * nO + MEX] = -450; // all origins: 1100 → 550 (a count no run makes, but the arithmetic is what is tested)
    expect(experimentsError(up, rec, 0, [all])).toBeCloseTo(experimentsError(down, rec, 0, [all]), 12);
  });
});

describe('the experiments in the distance', () => {
  it('adds experimentsWeight × the error of the shipped experiments the record holds, and nothing at weight 0', () => {
    const rec = record(); // holds the Venezuelan parole (2022-09 → 2022-11) and CHNV (2022-12 → 2023-02)
    const encounters = rec.encounters.slice();
    encounters[2 * nO + VEN] = 200;
    const zeros = () => new Float64Array(rec.months.length);
    const w: WindowSummary = {
      encounters, allEncounters: encounters, darien: new Float64Array(encounters.length),
      revenueUsd: zeros(), smuggled: zeros(), crossedAlone: zeros(), gotaways: zeros(), deaths: zeros(), borderFeesUsd: zeros(), detainedMexico: zeros(), personsEncounteredFy: zeros(),
    };
    const cal = { loss: { kind: 'squared-log-error' as const, offset: 10, totalWeight: 0, experimentsWeight: 0 }, constraints: {} };
    const without = lossOf(w, rec, cal);
    expect(without.experiments).toBe(0);
    const withExperiments = lossOf(w, rec, { ...cal, loss: { ...cal.loss, experimentsWeight: 2 } });
    const expected = experimentsError(encounters, rec, 10, NATURAL_EXPERIMENTS);
    expect(expected).toBeGreaterThan(0);
    expect(withExperiments.experiments).toBeCloseTo(2 * expected, 12);
    expect(withExperiments.total - without.total).toBeCloseTo(2 * expected, 12);
  });
});
