/**
 * Names and colours shared by every chart and table in the report, so that an origin has the
 * same colour everywhere and a metric the same name. The origins, their names and the flow
 * outcomes themselves come from the model (src/model/entities.ts, recorder.ts).
 */
import { ORIGIN_NAMES, ORIGINS } from '../../model/entities.ts';
import { OUTCOMES } from '../../model/recorder.ts';
import type { Outcome } from '../../model/recorder.ts';

/**
 * Paul Tol's colour-blind-safe "muted" scheme plus one orange from his "vibrant" scheme;
 * grey is kept for OTHER so the named origins stand out.
 */
const ORIGIN_COLOURS: Record<string, string> = {
  MEX: '#117733',
  GTM: '#88CCEE',
  HND: '#332288',
  SLV: '#44AA99',
  NIC: '#999933',
  CUB: '#CC6677',
  HTI: '#882255',
  VEN: '#DDCC77',
  ECU: '#EE7733',
  COL: '#AA4499',
  OTHER: '#BBBBBB',
};

const EXTRA_COLOURS = ['#6699CC', '#997700', '#EE99AA', '#004488', '#994455', '#666666'];

/** Origins sorted in canonical order (known ones first, then others alphabetically, OTHER last). */
export function sortOrigins(origins: Iterable<string>): string[] {
  const known: readonly string[] = ORIGINS;
  const rank = (o: string): number => {
    if (o === 'OTHER') return known.length + 1;
    const i = known.indexOf(o);
    return i >= 0 ? i : known.length;
  };
  return [...new Set(origins)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A colour for each origin: fixed for the known ones, a stable fallback for the rest. */
export function originColours(origins: string[]): string[] {
  let extra = 0;
  return origins.map((o) => ORIGIN_COLOURS[o] ?? EXTRA_COLOURS[extra++ % EXTRA_COLOURS.length]);
}

export function originLabel(origin: string): string {
  const name = (ORIGIN_NAMES as Record<string, string>)[origin];
  return name ? `${name} (${origin})` : origin;
}

/**
 * Outcome colours carry meaning: blues for people now in the US, oranges for people sent
 * back, black for deaths, greys for people still on the way.
 */
const OUTCOME_STYLE: Record<Outcome, { label: string; colour: string }> = {
  entered: { label: 'Entered undetected', colour: '#004488' },
  released: { label: 'Released into the US', colour: '#3377BB' },
  paroled: { label: 'Paroled', colour: '#77AADD' },
  removed: { label: 'Removed', colour: '#EE8844' },
  returned: { label: 'Returned home', colour: '#DDAA33' },
  dead: { label: 'Died', colour: '#222222' },
  in_transit: { label: 'Still in transit', colour: '#AAAAAA' },
  waiting: { label: 'Waiting in Mexico', colour: '#888888' },
};

function styleOf(key: string): { label: string; colour: string } | undefined {
  return (OUTCOME_STYLE as Record<string, { label: string; colour: string }>)[key];
}

/** Rank of an outcome in the model's order (OUTCOMES), or undefined for an unknown one. */
export function outcomeRank(key: string): number | undefined {
  const i = (OUTCOMES as readonly string[]).indexOf(key);
  return i >= 0 ? i : undefined;
}

export function outcomeLabel(key: string): string {
  return styleOf(key)?.label ?? key.replace(/_/g, ' ');
}

export function outcomeColour(key: string): string {
  return styleOf(key)?.colour ?? '#999999';
}

/** Metric column → how a reader would say it, and whether it is money. */
export const METRICS: Record<string, { label: string; money?: boolean }> = {
  decided: { label: 'Decided to leave' },
  departed: { label: 'Departed' },
  in_transit: { label: 'In transit' },
  waiting_mexico: { label: 'Waiting in Mexico' },
  encounters: { label: 'Encounters' },
  unique_encountered: { label: 'Unique persons encountered' },
  gotaways: { label: 'Got-aways' },
  entered: { label: 'Entered the US' }, // got-aways + released + paroled (the flow diagram's 'entered' outcome is got-aways only)
  released: { label: 'Released' },
  paroled: { label: 'Paroled' },
  expelled: { label: 'Expelled' },
  removed: { label: 'Removed' },
  returned_home: { label: 'Returned home' },
  deaths: { label: 'Deaths' },
  smuggled: { label: 'Smuggled crossings' },
  smuggler_revenue_usd: { label: 'Smuggler revenue', money: true },
  mean_fee_usd: { label: 'Mean smuggler fee', money: true },
};

export function metricLabel(metric: string): string {
  return METRICS[metric]?.label ?? metric.replace(/_/g, ' ');
}

export function isMoney(metric: string): boolean {
  return METRICS[metric]?.money === true || metric.endsWith('_usd');
}

/** US Border Patrol southwest sectors from west to east, for ordering sector charts. */
const SECTORS_WEST_TO_EAST = [
  'san diego',
  'el centro',
  'yuma',
  'tucson',
  'el paso',
  'big bend',
  'del rio',
  'laredo',
  'rio grande valley',
];

function sectorKey(name: string): string {
  return name.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+sector$/, '').trim();
}

const SECTOR_CODES = ['SDC', 'ELC', 'YUM', 'TCA', 'EPT', 'BBT', 'DRT', 'LRT', 'RGV'];

/** Rank of a sector from west to east, or undefined when the name is not a known sector. */
export function sectorRank(name: string): number | undefined {
  const i = SECTORS_WEST_TO_EAST.indexOf(sectorKey(name));
  if (i >= 0) return i;
  const j = SECTOR_CODES.indexOf(name.toUpperCase());
  return j >= 0 ? j : undefined;
}
