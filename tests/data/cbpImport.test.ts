// Importing CBP's published encounter files: every fixture layout exactly, to the person.
// Fixtures (tests/fixtures/cbp/README.md) copy real rows where a public copy exists; each
// `.expected.csv` was worked out from the fixture's rows without the importer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarMonth, importCbp, monthKey } from '../../src/data/cbpImport.ts';
import type { ImportOptions } from '../../src/data/cbpImport.ts';
import { DataError } from '../../src/data/errors.ts';
import { readObservedCsv } from '../../src/data/observed.ts';
import type { ObservedRow } from '../../src/data/observed.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { ROOT } from '../helpers/scenario.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/cbp');
const bytesOf = (name: string) => readFileSync(join(FIXTURES, name));
const importFixture = (name: string, options?: ImportOptions) => importCbp(bytesOf(name), name, options);
const table = (rows: ObservedRow[]) => rows.map((r) => `${r.month},${r.origin},${r.encounters},${r.title42Expulsions}`);
const expected = (name: string) => table(readObservedCsv(readFileSync(join(FIXTURES, name), 'utf8'), name).rows);
const projectData = () => readObservedCsv(readFileSync(join(ROOT, 'scenarios/data/cbp_sw_encounters_monthly.csv'), 'utf8'), 'cbp_sw_encounters_monthly.csv').rows;

function errorOf(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}
const importError = (text: string, options?: ImportOptions) => errorOf(() => importCbp(new TextEncoder().encode(text), 'bad.csv', options)).message;

const SBO_HEADER = 'Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count';
const STATE_HEADER = 'Fiscal Year,Month Grouping,Month (abbv),Land Border Region,State,Demographic,Citizenship,Title of Authority,Encounter Count';

describe('fiscal to calendar months', () => {
  it('FY N runs from October N−1 to September N', () => {
    expect(monthKey(calendarMonth(2024, 10))).toBe('2023-10');
    expect(monthKey(calendarMonth(2024, 12))).toBe('2023-12');
    expect(monthKey(calendarMonth(2024, 1))).toBe('2024-01');
    expect(monthKey(calendarMonth(2024, 9))).toBe('2024-09');
  });
});

describe('each published layout imports exactly', () => {
  it('Southwest Land Border Encounters (sbo-encounters, citizenship grouping): all rows, FYTD and Remaining, Other kept as a partial row', () => {
    const r = importFixture('sbo-encounters-fy22-fy25-aug.sample.csv');
    expect(table(r.rows)).toEqual(expected('sbo-encounters-fy22-fy25-aug.sample.expected.csv'));
    expect(r.provenance.layout).toMatch(/^southwest-grouping: /);
    expect(r.provenance.release).toBe('FY2023–FY2024 (through 2023-12)');
    expect(r.provenance.rows).toBe('read 117, used 117, skipped 0');
    expect(r.provenance.months).toBe('2022-10..2023-12 (3 months; none in the file for 2022-11..2023-08, 2023-10..2023-11)');
    expect(r.provenance.origins).toBe("MEX, GTM, HND, SLV observed one by one; NIC+CUB+HTI+VEN+ECU+COL+OTHER = the file's 'Other' (partial: the sum over these origins, not split)");
    expect(r.provenance['summed-over']).toBe('Month Grouping, Component, Demographic, Title of Authority, Encounter Type');
  });

  it('Nationwide Encounters by AOR: Southwest Land Border rows only, summed over component, AOR and demographic', () => {
    const r = importFixture('nationwide-encounters-fy20-fy23-aor.sample.csv');
    expect(table(r.rows)).toEqual(expected('nationwide-encounters-fy20-fy23-aor.sample.expected.csv'));
    expect(r.provenance.rows).toBe('read 109, used 83, skipped 26 (26 outside the Southwest Land Border)');
    expect(r.provenance.filters).toBe('Land Border Region = Southwest Land Border; component: all (U.S. Border Patrol and Office of Field Operations)');
    // this sample names neither Venezuela nor Colombia, so its OTHER may hold them
    expect(r.provenance.origins).toMatch(/^MEX, GTM, HND, SLV, NIC, CUB, HTI, ECU observed one by one; VEN\+COL\+OTHER = the file's /);
  });

  it('--component border-patrol keeps U.S. Border Patrol rows; ofo the rest; the two add up to all', () => {
    const bp = importFixture('nationwide-encounters-fy20-fy23-aor.sample.csv', { component: 'border-patrol' });
    expect(table(bp.rows)).toEqual(expected('nationwide-encounters-fy20-fy23-aor.sample.border-patrol.expected.csv'));
    expect(bp.provenance.rows).toBe('read 109, used 41, skipped 68 (26 outside the Southwest Land Border, 42 of the other component)');
    const ofo = importFixture('nationwide-encounters-fy20-fy23-aor.sample.csv', { component: 'ofo' });
    const all = importFixture('nationwide-encounters-fy20-fy23-aor.sample.csv');
    all.rows.forEach((row, i) => {
      expect(bp.rows[i].encounters + ofo.rows[i].encounters).toBe(row.encounters);
      expect(bp.rows[i].title42Expulsions + ofo.rows[i].title42Expulsions).toBe(row.title42Expulsions);
    });
  });

  it('Nationwide Encounters by State, the layout of the project\'s own source: its first rows give the project\'s numbers', () => {
    const r = importFixture('nationwide-encounters-fy21-fy24-state.first-rows.csv');
    const months = [...new Set(r.rows.map((x) => x.month))];
    expect(months).toEqual(['2021-04']);
    const project = projectData().filter((x) => x.month === '2021-04');
    expect(project).toHaveLength(ORIGINS.length);
    expect(table(r.rows)).toEqual(table(project));
    expect(r.provenance.rows).toBe('read 772, used 267, skipped 505 (505 outside the Southwest Land Border)');
    expect(r.provenance.origins).toBe(`${ORIGINS.join(', ')} observed one by one`);
  });

  it('the Southwest file agrees with the project\'s data where they overlap (the partial row is the sum of its origins)', () => {
    const r = importFixture('sbo-encounters-fy22-fy25-aug.sample.csv');
    const project = projectData();
    for (const month of ['2022-10', '2023-09', '2023-12']) { // 2023-09 is a 'Remaining' month
      for (const row of r.rows.filter((x) => x.month === month)) {
        const parts = project.filter((p) => p.month === month && row.origins.includes(p.origins[0]));
        expect(parts).toHaveLength(row.origins.length);
        expect(row.encounters).toBe(parts.reduce((s, p) => s + p.encounters, 0));
        expect(row.title42Expulsions).toBe(parts.reduce((s, p) => s + p.title42Expulsions, 0));
      }
    }
    expect(r.rows.filter((x) => x.month === '2023-12').reduce((s, x) => s + x.encounters, 0)).toBe(301_981);
  });

  it('a later release: BOM, CRLF, "2026 (FYTD)", months as Oct/Nov, quoted names, no Title 42 rows', () => {
    const r = importFixture('nationwide-encounters-fy23-fy26-aor.variant.csv');
    expect(table(r.rows)).toEqual(expected('nationwide-encounters-fy23-fy26-aor.variant.expected.csv'));
    expect(r.provenance['source-encoding']).toBe('utf-8 (with BOM)');
    expect(r.provenance.release).toBe('FY2025–FY2026, FY2026 year to date (through 2025-11)');
    expect(r.provenance.months).toBe('2025-09..2025-11 (3 months)');
  });

  it('a release that does not list Nicaragua or Ecuador: its OTHER (and any unlisted country) becomes NIC+ECU+OTHER', () => {
    const r = importFixture('nationwide-encounters-state.no-nicaragua.csv');
    expect(table(r.rows)).toEqual(expected('nationwide-encounters-state.no-nicaragua.expected.csv'));
    const partial = r.rows.find((x) => x.origin === 'NIC+ECU+OTHER')!;
    expect(partial.origins).toEqual([4, 8, 10]);
  });
});

describe('the same data in other encodings and orders imports the same', () => {
  const base = table(importFixture('sbo-encounters-fy22-fy25-aug.sample.csv').rows);
  const text = bytesOf('sbo-encounters-fy22-fy25-aug.sample.csv').toString('utf8');

  it('LF instead of CRLF, with a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\r\n/g, '\n'))]);
    expect(table(importCbp(bytes, 'x.csv').rows)).toEqual(base);
  });

  it('UTF-16 with tabs, as Tableau downloads a crosstab', () => {
    const tsv = text.split('\r\n').map((l) => l.split(',').join('\t')).join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    const r = importCbp(bytes, 'x.csv');
    expect(table(r.rows)).toEqual(base);
    expect(r.provenance['source-encoding']).toBe('utf-16le, tab-separated');
  });

  it('columns in another order, header names in another case', () => {
    const lines = text.trim().split('\r\n').map((l) => l.split(','));
    const order = [8, 5, 0, 2, 1, 3, 4, 6, 7];
    const shuffled = lines.map((cells, i) => order.map((k) => (i === 0 ? cells[k].toUpperCase() : cells[k])).join(',')).join('\n');
    expect(table(importCbp(Buffer.from(shuffled), 'x.csv').rows)).toEqual(base);
  });

  it('a Windows-1252 file (a re-saved copy) is read, its accented names counted as OTHER', () => {
    const bytes = Buffer.from(`${STATE_HEADER}\n2024,FYTD,JAN,Southwest Land Border,TX,Single Adults,C\xd4TE D'IVOIRE,Title 8,5\n2024,FYTD,JAN,Southwest Land Border,TX,Single Adults,OTHER,Title 8,2\n`, 'latin1');
    const r = importCbp(bytes, 'x.csv');
    expect(r.provenance['source-encoding']).toBe('windows-1252');
    expect(r.rows.find((x) => x.origin === ORIGINS.slice(0, 10).join('+') + '+OTHER')!.encounters).toBe(7);
  });

  it('a grouping that lumps named origins (Northern Triangle) is kept whole', () => {
    const r = importCbp(Buffer.from(`${SBO_HEADER}\n2023,FYTD,MAR,U.S. Border Patrol,UAC,Northern Triangle,Title 8,Apprehensions,40\n2023,FYTD,MAR,U.S. Border Patrol,UAC,Mexico,Title 42,Expulsions,15\n2023,FYTD,MAR,U.S. Border Patrol,UAC,Other,Title 8,Apprehensions,9\n`), 'x.csv');
    expect(table(r.rows)).toEqual(['2023-03,MEX,15,15', '2023-03,GTM+HND+SLV,40,0', '2023-03,NIC+CUB+HTI+VEN+ECU+COL+OTHER,9,0']);
  });
});

describe('bad or unknown layouts get one line naming the file, the line and what was expected', () => {
  it('a missing count column', () => {
    expect(importError(`${SBO_HEADER.replace(',Encounter Count', '')}\n2022,FYTD,OCT,U.S. Border Patrol,UAC,Mexico,Title 8,Apprehensions\n`)).toBe(
      "bad.csv:1: expected a column 'Encounter Count' (or 'Count') of a CBP encounters file; found: 'Fiscal Year, Month Grouping, Month (abbv), Component, Demographic, Citizenship Grouping, Title of Authority, Encounter Type'",
    );
  });

  it('another CBP file (drug seizures) names every column it lacks', () => {
    const e = errorOf(() => importCbp(bytesOf('nationwide-drugs-fy21-fy24.header.csv'), 'drugs.csv')).message;
    expect(e).toMatch(/^drugs\.csv:1: expected columns 'Citizenship' or 'Citizenship Grouping', 'Title of Authority' or 'Encounter Type', 'Encounter Count' \(or 'Count'\) of a CBP encounters file; found: 'FY, Month \(abbv\), /);
  });

  it('the same column twice', () => {
    expect(importError('Fiscal Year,FY,Month (abbv),Citizenship,Title of Authority,Encounter Count\n')).toBe("bad.csv:1: expected each column once; 'Fiscal Year' and 'FY' are the same column");
  });

  it('a header and no rows; an empty file; a binary file; a workbook; a web page', () => {
    expect(importError(`${SBO_HEADER}\n`)).toBe('bad.csv:2: the file has a header but no rows; expected monthly encounter rows below it');
    expect(errorOf(() => importCbp(new Uint8Array(0), 'bad.csv')).message).toBe('bad.csv: the file is empty; expected a CBP encounters CSV');
    expect(errorOf(() => importCbp(new Uint8Array([0x46, 0x59, 0x00, 0x01, 0x02]), 'bad.csv')).message).toMatch(/^bad\.csv: not a CSV file: it holds binary data/);
    expect(errorOf(() => importCbp(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]), 'bad.xlsx')).message).toMatch(/^bad\.xlsx: not a CSV file: this is a zip archive or an Excel workbook/);
    expect(importError('<!DOCTYPE html>\n<html><body>Access Denied</body></html>\n')).toMatch(/^bad\.csv: not a CSV file: this is a web page/);
  });

  it('bad values name their line and column', () => {
    const row = (fy: string, month: string, group: string, authority: string, count: string, component = 'U.S. Border Patrol') =>
      `${SBO_HEADER}\n2022,FYTD,OCT,U.S. Border Patrol,UAC,Mexico,Title 8,Apprehensions,3\n${fy},FYTD,${month},${component},UAC,${group},${authority},Apprehensions,${count}\n`;
    expect(importError(row('2022', 'OCT', 'Mexico', 'Title 8', 'n/a'))).toBe("bad.csv:3: Encounter Count: expected a whole number ≥ 0; found 'n/a'");
    expect(importError(row('2022', 'OCT', 'Mexico', 'Title 8', '-4'))).toBe("bad.csv:3: Encounter Count: expected a whole number ≥ 0; found '-4'");
    expect(importError(row('2022', '13', 'Mexico', 'Title 8', '1'))).toBe("bad.csv:3: Month (abbv): expected a month abbreviation such as OCT or Oct; found '13'");
    expect(importError(row('22/23', 'OCT', 'Mexico', 'Title 8', '1'))).toBe("bad.csv:3: Fiscal Year: expected a fiscal year such as 2024 or '2025 (FYTD)'; found '22/23'");
    expect(importError(row('2022', 'OCT', 'Mexico', 'Title 10', '1'))).toBe("bad.csv:3: Title of Authority: expected 'Title 8' or 'Title 42'; found 'Title 10'");
    expect(importError(row('2022', 'OCT', 'Mexico', 'Title 8', '1', 'Air and Marine'))).toBe("bad.csv:3: Component: expected 'U.S. Border Patrol' or 'Office of Field Operations'; found 'Air and Marine'");
    expect(importError(row('2022', 'OCT', 'Central America', 'Title 8', '1'))).toMatch(/^bad\.csv:3: Citizenship Grouping: expected a grouping the importer can place among the project's origins \(Mexico, .*Northern Triangle, Other\); found 'Central America'$/);
    expect(importError(`${SBO_HEADER}\n2022,FYTD,OCT,U.S. Border Patrol,UAC,Mexico,Title 8,3\n`)).toBe('bad.csv:2: expected 9 fields as in the header; found 8');
    expect(importError(`${SBO_HEADER}\n2022,FYTD,OCT,U.S. Border Patrol,UAC,"Mexico,Title 8,Apprehensions,3\n`)).toMatch(/^bad\.csv:2: a quoted field opened on this line is never closed/);
  });

  it('a nationwide file with no Southwest rows, and --component on a layout without components', () => {
    expect(importError(`${STATE_HEADER}\n2022,FYTD,OCT,Northern Land Border,NY,Single Adults,CANADA,Title 8,3\n`)).toBe(
      "bad.csv: Land Border Region: expected rows with Land Border Region 'Southwest Land Border'; found only 'Northern Land Border'",
    );
    expect(importError(`${STATE_HEADER}\n2022,FYTD,OCT,Southwest Land Border,TX,Single Adults,MEXICO,Title 8,3\n`, { component: 'ofo' })).toBe(
      "bad.csv:1: expected a column 'Component' to keep Office of Field Operations only (--component ofo); this layout (nationwide-state) has none",
    );
  });

  it('every message is one line', () => {
    const messages = [
      importError(`${SBO_HEADER}\n2022,FYTD,OCT,U.S. Border Patrol,UAC,"Mexico\nCity",Title 8,Apprehensions,3\n`),
      importError('just,some\r\nother,file\r\n'),
    ];
    for (const m of messages) expect(m).not.toMatch(/[\r\n]/);
  });
});
