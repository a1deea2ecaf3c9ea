// The project's observed monthly encounters: `month,origin,encounters,title42_expulsions`, the
// format of scenarios/data/cbp_sw_encounters_monthly.csv, optionally preceded by `# key: value`
// provenance lines. `origin` is one code of ORIGINS or several joined by '+' (a partial row: the
// sum over those origins, which the source did not split). Every layer reads imported files with
// readObservedCsv.
import { ORIGINS } from '../model/entities.ts';
import { csvField, csvRecords } from './csv.ts';
import { DataError, shown } from './errors.ts';
import { indicesOf, originSetCode, parseOriginSet } from './origins.ts';

export const OBSERVED_HEADER = ['month', 'origin', 'encounters', 'title42_expulsions'] as const;

/** The first line of every file `corridor data import` writes: how a Corridor import is recognised. */
export const OBSERVED_MAGIC = '# corridor observed-data v1';

export interface ObservedRow {
  /** line in the file (0 for rows not read from one) */
  line: number;
  /** calendar month, YYYY-MM */
  month: string;
  /** `MEX`, or `NIC+CUB+OTHER` (codes in ORIGINS order) */
  origin: string;
  /** ORIGINS indices the row sums over, ascending; one index for a plain row */
  origins: number[];
  /** events, not persons */
  encounters: number;
  /** those of the encounters processed under Title 42 */
  title42Expulsions: number;
}

/** `# key: value` lines, in the order written. */
export type Provenance = Record<string, string>;

export interface ObservedData {
  provenance: Provenance;
  rows: ObservedRow[];
}

const FORMAT_NOTE =
  `month = calendar month (YYYY-MM); origin = one of ${ORIGINS.join(' ')} (ISO 3166 alpha-3; OTHER = every other citizenship), ` +
  "or codes joined by '+' = the sum over those origins, which the source lumps together; " +
  'encounters = events, not persons; title42_expulsions = those of the encounters processed under Title 42';

export function isCorridorImport(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith(OBSERVED_MAGIC);
}

export function formatObservedCsv(data: ObservedData): string {
  const lines = [`${OBSERVED_MAGIC}: encounters at the US Southwest Land Border by calendar month and origin`, '# written-by: corridor data import'];
  for (const [key, value] of Object.entries(data.provenance)) lines.push(`# ${key}: ${value.replace(/[\r\n]+/g, ' ')}`);
  lines.push(`# format: ${FORMAT_NOTE}`);
  lines.push(OBSERVED_HEADER.join(','));
  for (const r of data.rows) lines.push([r.month, r.origin, String(r.encounters), String(r.title42Expulsions)].map(csvField).join(','));
  return lines.join('\n') + '\n';
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Reads an observed-data file (an import, or a hand-made file in the same columns). Rows must
 * not repeat or overlap: in one month, no origin may be in two rows.
 */
export function readObservedCsv(text: string, file: string): ObservedData {
  const body = text.replace(/^\uFEFF/, '');
  const provenance: Provenance = {};
  for (const line of body.split(/\r\n|\n|\r/)) {
    if (!line.startsWith('#')) break;
    const m = /^#\s*([\w-]+):\s?(.*)$/.exec(line);
    if (m && m[1] !== 'format' && !line.startsWith(OBSERVED_MAGIC)) provenance[m[1]] = m[2];
  }
  const records = csvRecords(body, file, { comment: '#' });
  const first = records.next();
  if (first.done) throw new DataError(file, `expected a header line '${OBSERVED_HEADER.join(',')}'; found no rows`);
  const header = first.value.cells.map((c) => c.trim());
  const at = OBSERVED_HEADER.map((c) => header.indexOf(c));
  const absent = OBSERVED_HEADER.filter((_, k) => at[k] < 0);
  if (absent.length) {
    throw new DataError(file, `expected columns ${OBSERVED_HEADER.join(', ')}; missing ${absent.join(', ')} (found: ${header.join(', ')})`, first.value.line);
  }
  const [iMonth, iOrigin, iEnc, iT42] = at;
  const rows: ObservedRow[] = [];
  const taken = new Map<string, { mask: number; origin: string; line: number }[]>();
  for (const { line, cells } of records) {
    if (cells.length !== header.length) throw new DataError(file, `expected ${header.length} fields as in the header; found ${cells.length}`, line);
    const month = cells[iMonth].trim();
    if (!MONTH.test(month)) throw new DataError(file, `expected a calendar month YYYY-MM; found ${shown(month)}`, line, 'month');
    const origin = cells[iOrigin].trim();
    const mask = parseOriginSet(origin);
    if (typeof mask === 'string') throw new DataError(file, mask, line, 'origin');
    const encounters = wholeNumber(cells[iEnc], file, line, 'encounters');
    const title42Expulsions = wholeNumber(cells[iT42], file, line, 'title42_expulsions');
    if (title42Expulsions > encounters) {
      throw new DataError(file, `expected at most the row's encounters (${encounters}); found ${title42Expulsions}`, line, 'title42_expulsions');
    }
    const inMonth = taken.get(month) ?? [];
    const clash = inMonth.find((t) => t.mask & mask);
    if (clash) {
      const what = clash.mask === mask ? `a second row for ${month} ${origin}` : `${origin} overlaps ${clash.origin} in ${month}`;
      throw new DataError(file, `expected each origin at most once a month; ${what} (first on line ${clash.line})`, line, 'origin');
    }
    inMonth.push({ mask, origin, line });
    taken.set(month, inMonth);
    rows.push({ line, month, origin: originSetCode(mask), origins: indicesOf(mask), encounters, title42Expulsions });
  }
  return { provenance, rows };
}

function wholeNumber(text: string, file: string, line: number, field: string): number {
  const v = text.trim();
  if (!/^\d+$/.test(v)) throw new DataError(file, `expected a whole number ≥ 0; found ${shown(v)}`, line, field);
  return Number(v);
}

/** Whether a row is a plain observation of one origin (not a lumped, partial one). */
export function isSingleOrigin(row: ObservedRow): boolean {
  return row.origins.length === 1;
}

/** The index of a one-origin row's origin, or undefined for a partial row. */
export function originIndex(row: ObservedRow): number | undefined {
  return row.origins.length === 1 ? row.origins[0] : undefined;
}
