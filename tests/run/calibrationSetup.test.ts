// A calibration file read with its data: the shipped one validates and reads the CBP encounters.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

// Issue 11 (items 12, 13): what a calibration names is read safely and checked before the search,
// so that it does not stop after hours (a missing output scenario was only read at the end).
describe('calibration file: what it names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-calibration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shipped = readFileSync(join(ROOT, 'calibration/baseline.yaml'), 'utf8')
    .replace('scenario: ../scenarios/baseline.yaml', `scenario: ${ROOT}scenarios/baseline.yaml`)
    .replace('data: ../scenarios/data/cbp_sw_encounters_monthly.csv', `data: ${ROOT}scenarios/data/cbp_sw_encounters_monthly.csv`)
    .replace('  scenario: ../scenarios/calibrated.yaml', `  scenario: ${ROOT}scenarios/calibrated.yaml`);
  const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
  const errorOf = (replace: [string, string]) => {
    const file = join(dir, 'calibration.yaml');
    const text = shipped.replace(...replace);
    writeFileSync(file, text);
    try {
      readCalibration(file);
    } catch (e) {
      return { message: (e as Error).message, text };
    }
    throw new Error('expected an error');
  };

  // (a FIFO, which must not hang, is in the fuzz corpus: tests/fuzz, with a time limit per case)
  it('a data file that is a folder is refused at the data field', () => {
    const { message, text } = errorOf([`data: ${ROOT}scenarios/data/cbp_sw_encounters_monthly.csv`, `data: ${ROOT}scenarios/data`]);
    expect(message).toMatch(new RegExp(`calibration\\.yaml:${lineOf(text, 'data:')}: data: cannot read the data file \\S+ \\(is a folder, not a file\\)$`));
  });

  it('a missing scenario to receive the fitted values is refused now, not after the search', () => {
    const { message } = errorOf([`  scenario: ${ROOT}scenarios/calibrated.yaml`, '  scenario: nowhere.yaml']);
    expect(message).toMatch(/output\.scenario: cannot read the scenario file that receives the fitted values \S*nowhere\.yaml \(no such file\)$/);
  });

  it('years outside 1900–2100 and a scale with no agent for an origin are refused at their lines', () => {
    expect(errorOf(['window: { start: 2020-10, end: 2023-12 }', 'window: { start: 0020-10, end: 2023-12 }']).message).toMatch(/window\.start: a month as YYYY-MM, in the years 1900–2100/);
    const { message, text } = errorOf(['scale: 25 #', 'scale: 5000000 #']);
    expect(message).toMatch(new RegExp(`calibration\\.yaml:${lineOf(text, 'scale:')}: scale: expected at most 4,100,000 persons per agent`));
  });
});
