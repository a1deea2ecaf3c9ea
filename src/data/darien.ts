// Panama's count of irregular crossings of the Darién Gap by nationality (scenarios/data/
// darien_crossings_annual.csv, from Panama's migration service, SNM): `year, nationality,
// crossings, source`. A second series beside the US border record, counted 2,500 km south of it,
// that validate-fit compares with the model's arrivals at the Darién hub. Rows whose year is a part
// of a year (`2023-01..08`) are left out: only whole calendar years compare with the model's.
import { csvRecords } from './csv.ts';
import { DataError, shown } from './errors.ts';

export const DARIEN_HEADER = ['year', 'nationality', 'crossings'] as const;

export interface DarienCounts {
  /** crossings by nationality (Panama's code, e.g. VEN, HTI_BRA_CHL, TOTAL) and calendar year */
  byNationality: Map<string, Map<number, number>>;
}

const YEAR = /^(19|20)\d\d$/;
const PART_OF_YEAR = /^(19|20)\d\d-(0[1-9]|1[0-2])\.\.(0[1-9]|1[0-2])$/;

export function readDarienCsv(text: string, file: string): DarienCounts {
  const records = csvRecords(text.replace(/^\uFEFF/, ''), file, { comment: '#' });
  const first = records.next();
  if (first.done) throw new DataError(file, `expected a header line starting '${DARIEN_HEADER.join(',')}'; found no rows`);
  const header = first.value.cells.map((c) => c.trim());
  const at = DARIEN_HEADER.map((c) => header.indexOf(c));
  const absent = DARIEN_HEADER.filter((_, k) => at[k] < 0);
  if (absent.length) throw new DataError(file, `expected columns ${DARIEN_HEADER.join(', ')}; missing ${absent.join(', ')} (found: ${header.join(', ')})`, first.value.line);
  const [iYear, iNat, iCount] = at;
  const byNationality = new Map<string, Map<number, number>>();
  for (const { line, cells } of records) {
    if (cells.length !== header.length) throw new DataError(file, `expected ${header.length} fields as in the header; found ${cells.length}`, line);
    const period = cells[iYear].trim();
    if (PART_OF_YEAR.test(period)) continue;
    if (!YEAR.test(period)) throw new DataError(file, `expected a calendar year YYYY (or a part of one, YYYY-MM..MM, which is skipped); found ${shown(period)}`, line, 'year');
    const nationality = cells[iNat].trim();
    if (!/^[A-Z][A-Z_]*$/.test(nationality)) throw new DataError(file, `expected a nationality code in capitals (VEN, HTI_BRA_CHL, TOTAL…); found ${shown(nationality)}`, line, 'nationality');
    const v = cells[iCount].trim();
    if (!/^\d+$/.test(v)) throw new DataError(file, `expected a whole number ≥ 0; found ${shown(v)}`, line, 'crossings');
    const years = byNationality.get(nationality) ?? new Map<number, number>();
    const year = Number(period);
    if (years.has(year)) throw new DataError(file, `expected each nationality once a year; a second row for ${year} ${nationality}`, line, 'year');
    years.set(year, Number(v));
    byNationality.set(nationality, years);
  }
  return { byNationality };
}
