// A calibration file read with its data: the shipped one validates and joins the two sources of
// the record, each month on its own measure.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCalibration } from '../../src/run/calibrationSetup.ts';
import { recordTotals } from '../../src/data/encounterRecord.ts';
import { ROOT } from '../helpers/scenario.ts';

describe('calibration file', () => {
  it('the shipped calibration file validates and reads the Border Patrol and CBP series as one record of two measures', () => {
    const setup = readCalibration(join(ROOT, 'calibration/baseline.yaml'));
    const r = setup.record;
    expect(r.months[0]).toBe('2013-10');
    expect(r.months.at(-1)).toBe('2023-12');
    expect(r.measure[r.months.indexOf('2020-09')]).toBe('between-ports');
    expect(r.measure[r.months.indexOf('2020-10')]).toBe('all');
    expect(setup.space.names).toContain('baseHazard.MEX');
    const totals = recordTotals(r);
    expect(totals[r.months.indexOf('2019-05')]).toBe(132810); // Border Patrol, May 2019 (data README)
    expect(totals[r.months.indexOf('2023-12')]).toBe(301981); // CBP, December 2023 (docs/MODEL.md §10)
  });

  it('a backtest window ends at its forecast origin, and the whole record stays at hand for scoring', () => {
    const setup = readCalibration(join(ROOT, 'calibration/baseline.yaml'), '2022-06');
    expect(setup.record.months.at(-1)).toBe('2022-06');
    expect(setup.fullRecord.months.at(-1)).toBe('2023-12');
  });
});
