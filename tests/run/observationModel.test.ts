// The observation model is measured per measure of the record: the two sources are different
// instruments, and the misfit of one era must not be carried into forecasts of the other.
import { describe, expect, it } from 'vitest';
import { measureObservation } from '../../src/run/validateFit.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import type { EncounterRecord } from '../../src/data/encounterRecord.ts';

const nO = ORIGINS.length;
const months = 24;
// the model is 3× too low in the first year (between ports) and 2× too high in the second (all)
const sim = new Float64Array(months * nO).fill(10_000);
const obs = new Float64Array(months * nO).map((_, i) => (Math.floor(i / nO) < 12 ? 30_000 : 5_000) * (1 + 0.1 * Math.sin(i)));
const record: EncounterRecord = {
  months: Array.from({ length: months }, (_, m) => `${2019 + Math.floor((m + 9) / 12)}-${String(((m + 9) % 12) + 1).padStart(2, '0')}`),
  firstMonth: 2019 * 12 + 9,
  measure: Array.from({ length: months }, (_, m) => (m < 12 ? 'between-ports' : 'all')),
  encounters: obs,
};

describe('observation model', () => {
  it("is measured on the newest measure's months by default, and on either when asked", () => {
    const offset = 0;
    const newest = measureObservation(record, sim, offset);
    expect(newest.measure).toBe('all');
    for (let o = 0; o < nO; o++) expect(newest.bias[o]).toBeCloseTo(Math.log(0.5), 1);
    const older = measureObservation(record, sim, offset, 'between-ports');
    for (let o = 0; o < nO; o++) expect(older.bias[o]).toBeCloseTo(Math.log(3), 1);
    // spread within a measure is the 10% wiggle, not the jump between the two eras
    for (let o = 0; o < nO; o++) expect(newest.sd[o]).toBeLessThan(0.1);
  });

  it('fits the local level of the misfit on the measure before the newest when it has two years, else on the newest', () => {
    // 12 months of the older measure: too few, so the level is fitted on the newest one's
    expect(measureObservation(record, sim, 0).level!.measure).toBe('all');
    // 36 months between ports, whose misfit wanders (a random walk of step 0.2), then 12 of all encounters
    const long = 48;
    let b = 0;
    const wander = Array.from({ length: long }, (_, m) => (b += m < 36 ? 0.2 * Math.sin(7 * m * m) : 0));
    const rec: EncounterRecord = {
      months: Array.from({ length: long }, (_, m) => `${2017 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`),
      firstMonth: 2017 * 12,
      measure: Array.from({ length: long }, (_, m) => (m < 36 ? 'between-ports' : 'all')),
      encounters: new Float64Array(long * nO).map((_, i) => 10_000 * Math.exp(wander[Math.floor(i / nO)])),
    };
    const model = measureObservation(rec, new Float64Array(long * nO).fill(10_000), 0);
    expect(model.measure).toBe('all');
    expect(model.level!.measure).toBe('between-ports');
    // the older era's misfit is a pure walk of steps ±0.2 or less, the newest's is flat
    for (let o = 0; o < nO; o++) {
      expect(model.level!.step[o]).toBeGreaterThan(0.05);
      expect(model.level!.step[o]).toBeLessThan(0.25);
      expect(model.level!.noise[o]).toBeLessThan(model.level!.step[o]);
    }
  });
});
