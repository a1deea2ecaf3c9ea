// The column layouts of CBP's public monthly encounter files, found from the header line.
// Columns are matched by name (case and spacing aside), not by position, so a reordered or
// re-saved file reads the same. Where each layout was seen: docs/DATA-IMPORT.md.
import { DataError, shown } from './errors.ts';

export type Role =
  | 'fiscalYear' | 'monthGrouping' | 'month' | 'component' | 'region' | 'aor' | 'aorAbbv' | 'state'
  | 'demographic' | 'citizenship' | 'citizenshipGrouping' | 'authority' | 'encounterType' | 'count';

/** Each role with CBP's column name first, then the other names accepted for it. */
export const COLUMNS: Readonly<Record<Role, readonly string[]>> = {
  fiscalYear: ['Fiscal Year', 'FY'],
  monthGrouping: ['Month Grouping'],
  month: ['Month (abbv)', 'Month'],
  component: ['Component'],
  region: ['Land Border Region', 'Region'],
  aor: ['Area of Responsibility'],
  aorAbbv: ['AOR (Abbv)'],
  state: ['State'],
  demographic: ['Demographic'],
  citizenship: ['Citizenship'],
  citizenshipGrouping: ['Citizenship Grouping'],
  authority: ['Title of Authority'],
  encounterType: ['Encounter Type'],
  count: ['Encounter Count', 'Count'],
};

/** Roles a file must have; each entry is satisfied by any one of its roles. */
const REQUIRED: readonly (readonly Role[])[] = [['fiscalYear'], ['month'], ['citizenship', 'citizenshipGrouping'], ['authority', 'encounterType'], ['count']];

export type LayoutName = 'nationwide-aor' | 'nationwide-state' | 'nationwide' | 'southwest-grouping' | 'southwest';

/** What each layout is, in CBP's words and file names. */
export const LAYOUT_TITLES: Readonly<Record<LayoutName, string>> = {
  'nationwide-aor': 'CBP "Nationwide Encounters" by Area of Responsibility (nationwide-encounters-fyNN-fyNN-aor.csv)',
  'nationwide-state': 'CBP "Nationwide Encounters" by State (nationwide-encounters-fyNN-fyNN-state.csv)',
  nationwide: 'CBP "Nationwide Encounters" without a geographic breakdown',
  'southwest-grouping': 'CBP "Southwest Land Border Encounters" by citizenship grouping (sbo-encounters-fyNN-fyNN.csv)',
  southwest: 'CBP "Southwest Land Border Encounters" by citizenship',
};

export interface Layout {
  name: LayoutName;
  /** the header as written in the file */
  header: string[];
  /** column index of each role the file has */
  index: Partial<Record<Role, number>>;
  /** the citizenship column used, and whether it is a grouping */
  citizenshipColumn: string;
  grouping: boolean;
  /** header names of columns the importer does not know (summed over, like Demographic) */
  unknown: string[];
}

function normalName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

const ROLE_OF = new Map<string, Role>();
for (const [role, names] of Object.entries(COLUMNS) as [Role, readonly string[]][]) for (const n of names) ROLE_OF.set(normalName(n), role);

function described(roles: readonly Role[]): string {
  return roles
    .map((r) => {
      const [name, ...aliases] = COLUMNS[r];
      return `'${name}'${aliases.length ? ` (or ${aliases.map((a) => `'${a}'`).join(', ')})` : ''}`;
    })
    .join(' or ');
}

export function detectLayout(header: string[], file: string, line: number): Layout {
  const index: Partial<Record<Role, number>> = {};
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const role = ROLE_OF.get(normalName(raw));
    if (!role) {
      if (raw.trim() !== '') unknown.push(raw.trim());
      return;
    }
    if (index[role] !== undefined) throw new DataError(file, `expected each column once; ${shown(header[index[role]!].trim())} and ${shown(raw.trim())} are the same column`, line);
    index[role] = i;
  });
  const missing = REQUIRED.filter((any) => any.every((r) => index[r] === undefined));
  if (missing.length) {
    const found = header.map((h) => h.trim()).filter(Boolean).join(', ');
    const what = missing.length === 1 ? `a column ${described(missing[0])}` : `columns ${missing.map(described).join(', ')}`;
    throw new DataError(file, `expected ${what} of a CBP encounters file; found: ${shown(found || '(an empty line)', 240)}`, line);
  }
  const grouping = index.citizenship === undefined;
  const nationwide = index.region !== undefined;
  const geography = index.aor !== undefined || index.aorAbbv !== undefined ? '-aor' : index.state !== undefined ? '-state' : '';
  const name = (nationwide ? `nationwide${geography}` : `southwest${grouping ? '-grouping' : ''}`) as LayoutName;
  return {
    name,
    header,
    index,
    citizenshipColumn: header[grouping ? index.citizenshipGrouping! : index.citizenship!].trim(),
    grouping,
    unknown,
  };
}
