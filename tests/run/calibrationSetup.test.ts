// A calibration file read with its data: the shipped one validates and joins the two sources of
// the record, each month on its own measure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

// Issue 11 (items 12, 13): what a calibration names is read safely and checked before the search,
// so that it does not stop after hours (a missing output scenario was only read at the end).
describe('calibration file: what it names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-calibration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shipped = readFileSync(join(ROOT, 'calibration/baseline.yaml'), 'utf8')
    .replace('scenario: ../scenarios/baseline.yaml', `scenario: ${ROOT}scenarios/baseline.yaml`)
    .replace('file: ../scenarios/data/cbp_sw_encounters_monthly.csv', `file: ${ROOT}scenarios/data/cbp_sw_encounters_monthly.csv`)
    .replace('file: ../scenarios/data/usbp_sw_apprehensions_monthly_2013-10_2020-09.csv', `file: ${ROOT}scenarios/data/usbp_sw_apprehensions_monthly_2013-10_2020-09.csv`)
    .replace('  scenario: ../scenarios/calibrated.yaml', `  scenario: ${ROOT}scenarios/calibrated.yaml`)
    .replace('file: ../scenarios/data/darien_crossings_annual.csv', `file: ${ROOT}scenarios/data/darien_crossings_annual.csv`);
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
    const { message, text } = errorOf([`file: ${ROOT}scenarios/data/cbp_sw_encounters_monthly.csv`, `file: ${ROOT}scenarios/data`]);
    expect(message).toMatch(new RegExp(`calibration\\.yaml:${lineOf(text, '  - file: ${ROOT}scenarios/data\n') || text.split('\n').findIndex((l) => l.includes(`file: ${ROOT}scenarios/data`) && !l.includes('.csv')) + 1}: data\\.1\\.file: cannot read the data file \\S+ \\(is a folder, not a file\\)$`));
  });

  it('a missing scenario to receive the fitted values is refused now, not after the search', () => {
    const { message } = errorOf([`  scenario: ${ROOT}scenarios/calibrated.yaml`, '  scenario: nowhere.yaml']);
    expect(message).toMatch(/output\.scenario: cannot read the scenario file that receives the fitted values \S*nowhere\.yaml \(no such file\)$/);
  });

  it('years outside 1900–2100 and a scale with no agent for an origin are refused at their lines', () => {
    expect(errorOf(['window: { start: 2013-10, end: 2023-12 }', 'window: { start: 0013-10, end: 2023-12 }']).message).toMatch(/window\.start: a month as YYYY-MM, in the years 1900–2100/);
    const { message, text } = errorOf(['scale: 100 #', 'scale: 5000000 #']);
    expect(message).toMatch(new RegExp(`calibration\\.yaml:${lineOf(text, 'scale:')}: scale: expected at most 4,112,199 persons per agent`));
  });

  it("a Darién group the file does not hold, or a Darién file that is missing, is refused before the search", () => {
    expect(errorOf(['HTI: HTI_BRA_CHL,', 'HTI: HTI,']).message).toMatch(/darien\.series: expected nationality groups of \S*darien_crossings_annual\.csv \(VEN, HTI_BRA_CHL, .*\); found HTI$/);
    expect(errorOf([`file: ${ROOT}scenarios/data/darien_crossings_annual.csv`, 'file: nowhere.csv']).message).toMatch(/darien\.file: cannot read the Darién file \S*nowhere\.csv \(no such file\)$/);
  });
});
