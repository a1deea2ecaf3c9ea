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
});
