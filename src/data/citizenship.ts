// CBP's citizenship labels as sets of the project's origins. A country the project names is one
// origin; any other country is OTHER; CBP's own 'OTHER' holds every country the file does not
// list, so it is the set of the project's origins the file never names, plus OTHER.
import type { OriginCode } from '../model/entities.ts';
import { DataError, shown } from './errors.ts';
import { ALL_ORIGINS, maskOf, OTHER_MASK, partitionOf } from './origins.ts';
import type { OriginMask } from './origins.ts';

/** CBP's spellings (upper case) of the countries the project models one by one. */
export const COUNTRY_NAMES: Readonly<Record<string, Exclude<OriginCode, 'OTHER'>>> = {
  MEXICO: 'MEX',
  GUATEMALA: 'GTM',
  HONDURAS: 'HND',
  'EL SALVADOR': 'SLV',
  NICARAGUA: 'NIC',
  CUBA: 'CUB',
  HAITI: 'HTI',
  VENEZUELA: 'VEN',
  ECUADOR: 'ECU',
  COLOMBIA: 'COL',
};

/**
 * Groupings that lump several named origins. Not seen in a public CBP file (the Southwest Land
 * Border file's 'Citizenship Grouping' holds El Salvador, Guatemala, Honduras, Mexico, Other);
 * CBP's press tables use "Northern Triangle", so an export that does is understood.
 */
export const GROUPS: Readonly<Record<string, readonly OriginCode[]>> = {
  'NORTHERN TRIANGLE': ['GTM', 'HND', 'SLV'],
};

/** Labels meaning "every citizenship not listed in this file". */
export const RESIDUAL_LABELS: ReadonlySet<string> = new Set(['OTHER', 'OTHERS', 'ALL OTHER', 'ALL OTHERS']);

export function normalLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toUpperCase();
}

export interface OriginPlan {
  /** each label (normalised) → the part of the partition its rows are added to */
  partOf: Map<string, OriginMask>;
  /** disjoint sets, ordered like ORIGINS: the rows written for each month */
  parts: OriginMask[];
  /** the set CBP's residual 'OTHER' stands for in this file */
  residual: OriginMask;
}

export interface LabelSeen {
  /** as first spelled in the file */
  label: string;
  line: number;
}

/**
 * Places every label of the file. `grouping`: the column is a Citizenship Grouping, whose labels
 * may lump countries, so a label that is neither one of the project's countries, a known group
 * nor the residual cannot be placed and is an error (a country column's unknown label is OTHER).
 */
export function planOrigins(labels: ReadonlyMap<string, LabelSeen>, grouping: boolean, file: string, column: string): OriginPlan {
  let named = 0;
  for (const key of labels.keys()) {
    if (key in COUNTRY_NAMES) named |= maskOf([COUNTRY_NAMES[key]]);
    else if (key in GROUPS) named |= maskOf(GROUPS[key]);
  }
  const residual = (ALL_ORIGINS & ~named) | OTHER_MASK;
  const maskOfLabel = new Map<string, OriginMask>();
  for (const [key, seen] of labels) {
    let mask: OriginMask;
    if (key in COUNTRY_NAMES) mask = maskOf([COUNTRY_NAMES[key]]);
    else if (key in GROUPS) mask = maskOf(GROUPS[key]);
    else if (RESIDUAL_LABELS.has(key)) mask = residual;
    else if (!grouping) mask = OTHER_MASK;
    else {
      const known = [...Object.keys(COUNTRY_NAMES), ...Object.keys(GROUPS), 'OTHER'].map(titleCase).join(', ');
      throw new DataError(file, `expected a grouping the importer can place among the project's origins (${known}); found ${shown(seen.label)}`, seen.line, column);
    }
    maskOfLabel.set(key, mask);
  }
  const parts = partitionOf(maskOfLabel.values());
  const partOf = new Map<string, OriginMask>();
  for (const [key, mask] of maskOfLabel) partOf.set(key, parts.find((p) => (p & mask) === mask)!);
  return { partOf, parts, residual };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
}
