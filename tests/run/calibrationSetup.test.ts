// A calibration file read with its data: the shipped one validates and reads the CBP encounters.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCalibration } from '../../src/run/calibrationSetup.ts';
import { ROOT } from '../helpers/scenario.ts';

describe('calibration file', () => {
  it('the shipped calibration file validates and reads its data', () => {
    const setup = readCalibration(join(ROOT, 'calibration/baseline.yaml'));
    expect(setup.observed.months[0]).toBe('2020-10');
    expect(setup.observed.months.at(-1)).toBe('2023-12');
    expect(setup.space.names).toContain('baseHazard.MEX');
    // December 2023: the peak of 301,981 (MODEL.md §10)
    const dec = setup.observed.encounters.slice(-11).reduce((a, b) => a + b, 0);
    expect(dec).toBe(301981);
  });
});
