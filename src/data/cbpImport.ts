// CBP's monthly encounter files → the project's monthly rows by origin (issue 13).
// One pass over the file: each row is checked, its fiscal month turned into a calendar month,
// and its count added to (month, citizenship label). Labels become origin sets only at the end,
// once every label of the file is known (CBP's 'OTHER' means "every country not listed", so
// what it holds depends on the whole file). Pure: bytes in, rows and provenance out.
import { createHash } from 'node:crypto';
import { ORIGINS } from '../model/entities.ts';
import { detectLayout } from './cbpLayout.ts';
import type { Layout, LayoutName, Role } from './cbpLayout.ts';
import { LAYOUT_TITLES } from './cbpLayout.ts';
import { normalLabel, planOrigins } from './citizenship.ts';
import type { LabelSeen } from './citizenship.ts';
import { csvRecords } from './csv.ts';
import { DataError, shown } from './errors.ts';
import type { ObservedRow, Provenance } from './observed.ts';
import { indicesOf, originSetCode } from './origins.ts';
import { decodeText } from './text.ts';

export const COMPONENTS = ['all', 'border-patrol', 'ofo'] as const;
export type ComponentFilter = (typeof COMPONENTS)[number];

export interface ImportOptions {
  /** which CBP component to keep (default all: Border Patrol and Office of Field Operations) */
  component?: ComponentFilter;
}

export interface ImportResult {
  rows: ObservedRow[];
  provenance: Provenance;
}

const SOUTHWEST = 'SOUTHWEST LAND BORDER';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAMES = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const COMPONENT_OF: Readonly<Record<string, Exclude<ComponentFilter, 'all'>>> = {
  USBORDERPATROL: 'border-patrol', BORDERPATROL: 'border-patrol', USBP: 'border-patrol',
  OFFICEOFFIELDOPERATIONS: 'ofo', OFO: 'ofo',
};
const COMPONENT_TITLES: Readonly<Record<ComponentFilter, string>> = {
  all: 'all (U.S. Border Patrol and Office of Field Operations)',
  'border-patrol': 'U.S. Border Patrol only',
  ofo: 'Office of Field Operations only',
};
const ENCOUNTER_TYPES = new Set(['APPREHENSIONS', 'INADMISSIBLES', 'EXPULSIONS']);

/** Calendar month index (year × 12 + month − 1) of a CBP fiscal year and month: FY N runs Oct N−1 to Sep N. */
export function calendarMonth(fiscalYear: number, month: number): number {
  return (month >= 10 ? fiscalYear - 1 : fiscalYear) * 12 + (month - 1);
}

export function monthKey(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `2024`, `2024 (FYTD)`, `FY2024` → 2024 and whether the year is to date; else undefined. */
function fiscalYearOf(value: string): { year: number; toDate: boolean } | undefined {
  const m = /^(?:FY\s*)?(\d{4})\s*(\(\s*FYTD\s*\))?$/i.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  return year >= 1990 && year <= 2100 ? { year, toDate: m[2] !== undefined } : undefined;
}

/** `OCT`, `Oct`, `October`, `Sept` → 10; else 0. */
function monthOf(value: string): number {
  const v = value.toUpperCase().replace(/\.$/, '');
  const i = MONTHS.indexOf(v);
  if (i >= 0) return i + 1;
  const j = MONTH_NAMES.indexOf(v);
  if (j >= 0) return j + 1;
  return v === 'SEPT' ? 9 : 0;
}

function countOf(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^\d{1,3}(,\d{3})+$/.test(value)) return Number(value.replace(/,/g, ''));
  return NaN;
}

interface Tally {
  encounters: number;
  title42: number;
}

export function importCbp(bytes: Uint8Array, file: string, options: ImportOptions = {}): ImportResult {
  const component = options.component ?? 'all';
  const { text, encoding } = decodeText(bytes, file);
  const delimiter = sniffDelimiter(text);
  const records = csvRecords(text, file, { delimiter });
  const first = records.next();
  if (first.done) throw new DataError(file, 'the file has no header line; expected a CBP encounters CSV');
  const layout = detectLayout(first.value.cells, file, first.value.line);
  const col = layout.index;
  if (component !== 'all' && col.component === undefined) {
    throw new DataError(file, `expected a column 'Component' to keep ${COMPONENT_TITLES[component]} (--component ${component}); this layout (${layout.name}) has none`, first.value.line);
  }
  const field = (cells: string[], role: Role): string => (col[role] === undefined ? '' : cells[col[role]!].trim());
  const name = (role: Role): string => layout.header[col[role]!].trim();

  const labels = new Map<string, LabelSeen>();
  const tallies = new Map<number, Map<string, Tally>>(); // calendar month → label → counts
  const fiscalYears = new Map<number, boolean>(); // → year to date
  const regionsSeen = new Set<string>();
  let read = 0;
  let used = 0;
  let outsideRegion = 0;
  let otherComponent = 0;
  let latestToDate = -1;

  for (const { line, cells } of records) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length !== layout.header.length) {
      throw new DataError(file, `expected ${layout.header.length} fields as in the header; found ${cells.length}`, line);
    }
    read++;
    const fyText = field(cells, 'fiscalYear');
    const fy = fiscalYearOf(fyText);
    if (!fy) throw new DataError(file, `expected a fiscal year such as 2024 or '2025 (FYTD)'; found ${shown(fyText)}`, line, name('fiscalYear'));
    const monthText = field(cells, 'month');
    const m = monthOf(monthText);
    if (!m) throw new DataError(file, `expected a month abbreviation such as OCT or Oct; found ${shown(monthText)}`, line, name('month'));
    const countText = field(cells, 'count');
    const count = countOf(countText);
    if (!Number.isFinite(count)) throw new DataError(file, `expected a whole number ≥ 0; found ${shown(countText)}`, line, name('count'));
    const labelText = field(cells, layout.grouping ? 'citizenshipGrouping' : 'citizenship');
    if (labelText === '') throw new DataError(file, 'expected a citizenship; found an empty field', line, layout.citizenshipColumn);
    const title42 = isTitle42(cells, layout, field, name, file, line);
    const comp = componentOf(cells, layout, field, name, file, line);

    const key = normalLabel(labelText);
    if (!labels.has(key)) labels.set(key, { label: labelText, line });
    const month = calendarMonth(fy.year, m);
    fiscalYears.set(fy.year, (fiscalYears.get(fy.year) ?? false) || fy.toDate);
    if (fy.toDate) latestToDate = Math.max(latestToDate, month);
    let byLabel = tallies.get(month);
    if (!byLabel) tallies.set(month, (byLabel = new Map()));

    if (col.region !== undefined) {
      const region = field(cells, 'region');
      regionsSeen.add(region);
      if (normalLabel(region) !== SOUTHWEST) {
        outsideRegion++;
        continue;
      }
    }
    if (component !== 'all' && comp !== component) {
      otherComponent++;
      continue;
    }
    used++;
    let t = byLabel.get(key);
    if (!t) byLabel.set(key, (t = { encounters: 0, title42: 0 }));
    t.encounters += count;
    if (title42) t.title42 += count;
  }
  if (read === 0) throw new DataError(file, 'the file has a header but no rows; expected monthly encounter rows below it', first.value.line + 1);
  if (col.region !== undefined && outsideRegion === read) {
    throw new DataError(file, `expected rows with Land Border Region 'Southwest Land Border'; found only ${[...regionsSeen].map((r) => shown(r)).join(', ')}`, undefined, name('region'));
  }

  const plan = planOrigins(labels, layout.grouping, file, layout.citizenshipColumn);
  const months = [...tallies.keys()].sort((a, b) => a - b);
  const rows: ObservedRow[] = [];
  for (const month of months) {
    const byPart = new Map<number, Tally>(plan.parts.map((p) => [p, { encounters: 0, title42: 0 }]));
    for (const [key, t] of tallies.get(month)!) {
      const sum = byPart.get(plan.partOf.get(key)!)!;
      sum.encounters += t.encounters;
      sum.title42 += t.title42;
    }
    for (const part of plan.parts) {
      const t = byPart.get(part)!;
      rows.push({ line: 0, month: monthKey(month), origin: originSetCode(part), origins: indicesOf(part), encounters: t.encounters, title42Expulsions: t.title42 });
    }
  }

  const years = [...fiscalYears.keys()].sort((a, b) => a - b);
  const toDate = years.filter((y) => fiscalYears.get(y));
  const range = years.length > 1 ? `FY${years[0]}–FY${years[years.length - 1]}` : `FY${years[0]}`;
  const last = months[months.length - 1];
  const release = toDate.length
    ? `${range}, FY${toDate[toDate.length - 1]} year to date (through ${monthKey(latestToDate)})`
    : `${range} (through ${monthKey(last)})`;
  const missing: string[] = [];
  for (let mi = months[0]; mi <= last; mi++) {
    if (tallies.has(mi)) continue;
    let end = mi;
    while (end + 1 <= last && !tallies.has(end + 1)) end++;
    missing.push(end === mi ? monthKey(mi) : `${monthKey(mi)}..${monthKey(end)}`);
    mi = end;
  }

  const summedOver = layout.header
    .map((h) => h.trim())
    .filter((h, i) => h !== '' && ![col.fiscalYear, col.month, col.count, col.region, col.citizenship, col.citizenshipGrouping].includes(i));
  const skipped: string[] = [];
  if (outsideRegion) skipped.push(`${outsideRegion} outside the Southwest Land Border`);
  if (otherComponent) skipped.push(`${otherComponent} of the other component`);

  const provenance: Provenance = {
    source: file.split(/[\\/]/).pop()!,
    'source-sha256': createHash('sha256').update(bytes).digest('hex'),
    'source-bytes': String(bytes.length),
    'source-encoding': `${encoding}${delimiter === ',' ? '' : ', tab-separated'}`,
    layout: `${layout.name}: ${LAYOUT_TITLES[layout.name as LayoutName]}`,
    columns: layout.header.map((h) => h.trim()).join(', '),
    release,
    months: `${monthKey(months[0])}..${monthKey(last)} (${months.length} month${months.length === 1 ? '' : 's'}${missing.length ? `; none in the file for ${missing.join(', ')}` : ''})`,
    filters: [
      col.region !== undefined ? `${name('region')} = Southwest Land Border` : 'none by region (the file covers the Southwest Land Border only)',
      `component: ${COMPONENT_TITLES[component]}`,
    ].join('; '),
    'summed-over': summedOver.join(', ') || 'nothing',
    rows: `read ${read}, used ${used}, skipped ${read - used}${skipped.length ? ` (${skipped.join(', ')})` : ''}`,
    origins: describeParts(plan.parts, plan.partOf, labels),
  };
  return { rows, provenance };
}

function isTitle42(cells: string[], layout: Layout, field: (c: string[], r: Role) => string, name: (r: Role) => string, file: string, line: number): boolean {
  if (layout.index.authority !== undefined) {
    const v = field(cells, 'authority');
    const t = v.toUpperCase().replace(/\s+/g, '');
    if (t === 'TITLE42') return true;
    if (t === 'TITLE8') return false;
    throw new DataError(file, `expected 'Title 8' or 'Title 42'; found ${shown(v)}`, line, name('authority'));
  }
  const v = field(cells, 'encounterType');
  const t = v.toUpperCase();
  if (!ENCOUNTER_TYPES.has(t)) throw new DataError(file, `expected Apprehensions, Inadmissibles or Expulsions; found ${shown(v)}`, line, name('encounterType'));
  return t === 'EXPULSIONS'; // in CBP's files every Title 42 encounter is an expulsion, and only those are
}

function componentOf(cells: string[], layout: Layout, field: (c: string[], r: Role) => string, name: (r: Role) => string, file: string, line: number): ComponentFilter {
  if (layout.index.component === undefined) return 'all';
  const v = field(cells, 'component');
  const c = COMPONENT_OF[v.toUpperCase().replace(/[.\s]/g, '')];
  if (!c) throw new DataError(file, `expected 'U.S. Border Patrol' or 'Office of Field Operations'; found ${shown(v)}`, line, name('component'));
  return c;
}

/** Tab-separated if the header line has tabs and no commas (Tableau's crosstab download). */
function sniffDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const head = end < 0 ? text : text.slice(0, end);
  return head.includes('\t') && !head.includes(',') ? '\t' : ',';
}

function describeParts(parts: number[], partOf: Map<string, number>, labels: Map<string, LabelSeen>): string {
  const singles = parts.filter((p) => indicesOf(p).length === 1).map(originSetCode);
  const partial = parts
    .filter((p) => indicesOf(p).length > 1)
    .map((p) => {
      const from = [...partOf].filter(([, q]) => q === p).map(([k]) => labels.get(k)!.label);
      const shownFrom = from.length > 4 ? `${from.slice(0, 4).map((l) => `'${l}'`).join(', ')} and ${from.length - 4} more` : from.map((l) => `'${l}'`).join(', ');
      return `${originSetCode(p)} = the file's ${shownFrom} (partial: the sum over these origins, not split)`;
    });
  const out = [];
  if (singles.length) out.push(`${singles.join(', ')} observed one by one`);
  out.push(...partial);
  if (!singles.length && !partial.length) out.push(`none of ${ORIGINS.join(', ')}`);
  return out.join('; ');
}
