// The observed record the model is fitted to and judged by: monthly southwest-border encounters
// by origin, from two sources that measure different things (scenarios/data/README.md):
// - Border Patrol (OHSS "CBP Encounters – USBP"), October 2013 – September 2020: encounters
//   between ports of entry only;
// - CBP (Border Patrol and Office of Field Operations), October 2020 – December 2023: every
//   southwest-border encounter, ports included.
// They are not spliced into one series: each month says which measure it holds, and the model
// is compared on the same measure (its encounters between ports, or all its encounters).
import { monthKey } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { InputError } from '../scenario/errors.ts';

/** What a month's counts measure. */
export type Measure = 'between-ports' | 'all';

export interface EncounterRecord {
  /** months as YYYY-MM, consecutive */
  months: string[];
  /** month index (months since year 0) of months[0] */
  firstMonth: number;
  measure: Measure[];
  /** [month][origin] encounters, ORIGINS order */
  encounters: Float64Array;
}

export interface RecordSource {
  file: string;
  text: string;
  /** the column holding the counts */
  column: string;
  measure: Measure;
}

/** 'YYYY-MM' → month index, NaN for anything else (the record's files are checked with it). */
function monthIndex(key: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN;
}

/**
 * Reads `month,origin,<column>` files into one record of consecutive months; a month may come
 * from one source only, and every month × origin between the first and the last must be present.
 * Lines starting with `#` are provenance comments.
 */
export function readEncounterRecord(sources: RecordSource[]): EncounterRecord {
  const rows = new Map<number, { measure: Measure; values: Float64Array; file: string }>();
  for (const src of sources) {
    const lines = src.text.split(/\r?\n/);
    let header: string[] | null = null;
    let iM = -1, iO = -1, iV = -1;
    lines.forEach((line, k) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const cells = line.split(',');
      if (!header) {
        header = cells.map((c) => c.trim());
        [iM, iO, iV] = ['month', 'origin', src.column].map((c) => header!.indexOf(c));
        if (iM < 0 || iO < 0 || iV < 0) throw new InputError(src.file, [], `expected a header with columns month, origin, ${src.column}`, k + 1);
        return;
      }
      const mi = monthIndex(cells[iM]);
      if (!Number.isFinite(mi)) throw new InputError(src.file, ['month'], `expected YYYY-MM (got '${cells[iM]}')`, k + 1);
      const oi = (ORIGINS as readonly string[]).indexOf(cells[iO]);
      if (oi < 0) throw new InputError(src.file, ['origin'], `unknown origin '${cells[iO]}'; expected one of ${ORIGINS.join(', ')}`, k + 1);
      const v = Number(cells[iV]);
      if (!(v >= 0)) throw new InputError(src.file, [src.column], `expected a count ≥ 0 (got '${cells[iV]}')`, k + 1);
      let row = rows.get(mi);
      if (!row) rows.set(mi, (row = { measure: src.measure, values: new Float64Array(ORIGINS.length).fill(NaN), file: src.file }));
      else if (row.file !== src.file) throw new InputError(src.file, ['month'], `${cells[iM]} is also in ${row.file}; expected each month in one source`, k + 1);
      row.values[oi] = v;
    });
    if (!header) throw new InputError(src.file, [], `expected a header with columns month, origin, ${src.column}`, 1);
  }
  const keys = [...rows.keys()].sort((a, b) => a - b);
  if (keys.length === 0) throw new InputError(sources[0]?.file ?? '(record)', [], 'expected at least one month of encounters');
  const first = keys[0];
  const n = keys[keys.length - 1] - first + 1;
  const encounters = new Float64Array(n * ORIGINS.length);
  const measure: Measure[] = [];
  const months: string[] = [];
  for (let k = 0; k < n; k++) {
    const row = rows.get(first + k);
    if (!row) throw new InputError(sources.map((s) => s.file).join(' + '), ['month'], `no rows for ${monthKey(first + k)}; expected consecutive months`);
    const missing = row.values.findIndex((v) => Number.isNaN(v));
    if (missing >= 0) throw new InputError(row.file, [], `no row for ${monthKey(first + k)} ${ORIGINS[missing]}`);
    encounters.set(row.values, k * ORIGINS.length);
    measure.push(row.measure);
    months.push(monthKey(first + k));
  }
  return { months, firstMonth: first, measure, encounters };
}

/** The months of a record from `start` to `end` (YYYY-MM, inclusive). */
export function sliceRecord(r: EncounterRecord, start: string, end: string): EncounterRecord {
  const a = monthIndex(start) - r.firstMonth;
  const b = monthIndex(end) - r.firstMonth;
  if (!(a >= 0 && b < r.months.length && a <= b)) throw new Error(`the record covers ${r.months[0]}..${r.months[r.months.length - 1]}, not ${start}..${end}`);
  const nO = ORIGINS.length;
  return { months: r.months.slice(a, b + 1), firstMonth: r.firstMonth + a, measure: r.measure.slice(a, b + 1), encounters: r.encounters.slice(a * nO, (b + 1) * nO) };
}

/** The record's count for month index `month` and origin o (o = ORIGINS.length: the total over origins). */
export function recordAt(r: EncounterRecord, month: number, o: number): number {
  const nO = ORIGINS.length;
  const m = month - r.firstMonth;
  if (o < nO) return r.encounters[m * nO + o];
  let s = 0;
  for (let q = 0; q < nO; q++) s += r.encounters[m * nO + q];
  return s;
}

/** Monthly totals over origins. */
export function recordTotals(r: EncounterRecord): Float64Array {
  const nO = ORIGINS.length;
  const out = new Float64Array(r.months.length);
  for (let m = 0; m < out.length; m++) for (let o = 0; o < nO; o++) out[m] += r.encounters[m * nO + o];
  return out;
}
