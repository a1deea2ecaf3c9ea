// Panama's Darién counts (scenarios/data/darien_crossings_annual.csv): the shipped file as read,
// and each bad layout as one line naming the file, the line and the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDarienCsv } from '../../src/data/darien.ts';
import { ROOT } from '../helpers/scenario.ts';

const FILE = 'scenarios/data/darien_crossings_annual.csv';

describe("Panama's Darién counts", () => {
  it('reads the shipped file by nationality and whole year, and leaves out parts of a year', () => {
    const d = readDarienCsv(readFileSync(join(ROOT, FILE), 'utf8'), FILE);
    expect(d.byNationality.get('VEN')!.get(2022)).toBe(150327);
    expect(d.byNationality.get('TOTAL')!.get(2021)).toBe(133726);
    expect(d.byNationality.get('TOTAL')!.get(2023)).toBe(520085); // the full year, not January–August's 333,704
    expect(d.byNationality.get('HTI_BRA_CHL')!.get(2023)).toBe(46558);
    expect(d.byNationality.get('CUB')!.has(2023)).toBe(false); // only January–August 2023 is given for Cubans
    expect([...d.byNationality.get('VEN')!.keys()].sort()).toEqual(Array.from({ length: 14 }, (_, k) => 2010 + k));
  });

  it.each([
    ['a missing column', 'year,group,crossings\n2020,VEN,1\n', /x\.csv:1: expected columns year, nationality, crossings; missing nationality/],
    ['a year that is not one', 'year,nationality,crossings\n20x0,VEN,1\n', /x\.csv:2: year: expected a calendar year YYYY.*found '20x0'/],
    ['a count that is not a whole number', 'year,nationality,crossings\n2020,VEN,1.5\n', /x\.csv:2: crossings: expected a whole number ≥ 0; found '1\.5'/],
    ['a nationality in lower case', 'year,nationality,crossings\n2020,ven,1\n', /x\.csv:2: nationality: expected a nationality code in capitals/],
    ['a repeated row', 'year,nationality,crossings\n2020,VEN,1\n2020,VEN,2\n', /x\.csv:3: year: expected each nationality once a year; a second row for 2020 VEN/],
    ['a short row', 'year,nationality,crossings\n2020,VEN\n', /x\.csv:2: expected 3 fields as in the header; found 2/],
    ['no rows', '', /x\.csv: expected a header line/],
  ])('refuses %s in one line', (_, text, message) => {
    expect(() => readDarienCsv(text, 'x.csv')).toThrow(message);
  });
});
