// Sourced input data (scenarios/data/): origins, the route network, sectors and indicator series.
// Pure: takes the files' text, returns checked structures; errors name file, line and field.
import { z } from 'zod';
import type { Calendar } from '../model/calendar.ts';
import type { EdgeInput, NodeInput, OriginInput, SectorInput } from '../model/types.ts';
import { COUNTRIES, ORIGINS, SECTORS } from '../model/entities.ts';
import { explainIssue, InputError } from './errors.ts';
import { lineOf, parseYamlFile } from './yaml.ts';

const Sourced = z.strictObject({
  value: z.number(),
  source: z.string().optional(),
  estimate: z.string().optional(),
  assumption: z.string().optional(),
});
const Band = z.strictObject({
  band: z.enum(['low', 'mid', 'high']),
  share: z.number().min(0).max(1),
  savingsUsd: z.number().nonnegative(),
  source: z.string().optional(),
  estimate: z.string().optional(),
  assumption: z.string().optional(),
});
const OriginsFile = z.strictObject({
  origins: z.array(z.strictObject({
    code: z.enum(ORIGINS),
    name: z.string(),
    node: z.string(),
    adultPopulation: Sourced,
    kinShare: Sourced,
    wealthBands: z.array(Band).length(3),
  })),
});
const RoutesFile = z.strictObject({
  nodes: z.array(z.strictObject({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['origin', 'hub', 'border']),
    country: z.string(),
    sector: z.enum(SECTORS).optional(),
  })),
  edges: z.array(z.strictObject({
    from: z.string(),
    to: z.string(),
    mode: z.enum(['land', 'sea', 'air']),
    weeks: z.number().int().min(1).max(52),
    deathRiskPerWeek: Sourced,
    feeUsd: Sourced,
    smuggler: z.boolean(),
    country: z.enum(COUNTRIES),
    requiresVisaFree: z.array(z.enum(ORIGINS)).optional(),
    note: z.string().optional(),
  })),
});
const SectorsFile = z.strictObject({
  sectors: z.array(z.strictObject({
    code: z.enum(SECTORS),
    name: z.string(),
    node: z.string(),
    agents: Sourced,
    barrierMiles: Sourced,
    borderMiles: Sourced,
    deathsFY2021: Sourced,
    apprehensionsFY2021: Sourced,
    portCapacityShare: Sourced,
    crossingFeeUsd: Sourced,
    turnInFeeUsd: Sourced,
  })),
});

export interface DataTexts {
  dir: string;
  origins: string;
  routes: string;
  sectors: string;
  indicators: string;
}

export interface WorldData {
  origins: Omit<OriginInput, 'homicidePer100k' | 'stateCapacity' | 'incomeShareOfUs' | 'ref'>[];
  nodes: NodeInput[];
  edges: EdgeInput[];
  sectors: SectorInput[];
  /** annual indicator values: indicator → origin → [year, value][] sorted by year */
  indicators: Map<string, Map<string, [number, number][]>>;
}

function parseWith<T>(schema: z.ZodType<T>, file: string, text: string): T {
  const parsed = parseYamlFile(file, text);
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  const { path, expected } = explainIssue(result.error.issues[0], () => undefined);
  throw new InputError(file, path, expected, lineOf(parsed, path));
}

export function parseWorldData(t: DataTexts): WorldData {
  const f = (name: string) => `${t.dir}/${name}`;
  const originsFile = parseWith(OriginsFile, f('origins.yaml'), t.origins);
  const routesFile = parseWith(RoutesFile, f('routes.yaml'), t.routes);
  const sectorsFile = parseWith(SectorsFile, f('sectors.yaml'), t.sectors);

  const nodeIds = new Set(routesFile.nodes.map((n) => n.id));
  routesFile.edges.forEach((e, i) => {
    for (const end of ['from', 'to'] as const)
      if (!nodeIds.has(e[end])) throw new InputError(f('routes.yaml'), ['edges', i, end], `unknown node '${e[end]}'; nodes are ${[...nodeIds].join(', ')}`);
  });
  const byCode = new Map(originsFile.origins.map((o) => [o.code, o]));
  for (const code of ORIGINS) if (!byCode.has(code)) throw new InputError(f('origins.yaml'), ['origins'], `origin ${code} is missing`);
  const origins = ORIGINS.map((code) => {
    const o = byCode.get(code)!;
    const node = routesFile.nodes.findIndex((n) => n.id === o.node);
    if (node < 0) throw new InputError(f('origins.yaml'), ['origins', originsFile.origins.indexOf(o), 'node'], `node '${o.node}' is not in routes.yaml`);
    const bands = ['low', 'mid', 'high'].map((b) => o.wealthBands.find((x) => x.band === b)!);
    const shareSum = bands.reduce((s, b) => s + (b?.share ?? NaN), 0);
    if (!(Math.abs(shareSum - 1) < 1e-6)) throw new InputError(f('origins.yaml'), ['origins', originsFile.origins.indexOf(o), 'wealthBands'], `expected one low, mid and high band with shares summing to 1 (got ${shareSum})`);
    return {
      code,
      node,
      adultPopulation: o.adultPopulation.value,
      kinShare: o.kinShare.value,
      bandShare: bands.map((b) => b.share) as [number, number, number],
      bandSavingsUsd: bands.map((b) => b.savingsUsd) as [number, number, number],
    };
  });

  const sectorByCode = new Map(sectorsFile.sectors.map((s) => [s.code, s]));
  const totalDeaths = sectorsFile.sectors.reduce((s, x) => s + x.deathsFY2021.value, 0);
  const totalApprehensions = sectorsFile.sectors.reduce((s, x) => s + x.apprehensionsFY2021.value, 0);
  const sectors: SectorInput[] = SECTORS.map((code) => {
    const s = sectorByCode.get(code);
    if (!s) throw new InputError(f('sectors.yaml'), ['sectors'], `sector ${code} is missing`);
    // deaths per apprehension relative to the whole border: the terrain's share of the risk
    const terrainRisk = (s.deathsFY2021.value / Math.max(s.apprehensionsFY2021.value, 1)) / (totalDeaths / totalApprehensions);
    return { code, terrainRisk, portShare: s.portCapacityShare.value, crossingFeeUsd: s.crossingFeeUsd.value, turnInFeeUsd: s.turnInFeeUsd.value };
  });

  return {
    origins,
    nodes: routesFile.nodes.map((n) => ({ id: n.id, kind: n.kind, country: n.country, sector: n.sector })),
    edges: routesFile.edges.map((e) => ({
      from: e.from, to: e.to, mode: e.mode, weeks: e.weeks, deathRiskPerWeek: e.deathRiskPerWeek.value,
      feeUsd: e.feeUsd.value, smuggler: e.smuggler, country: e.country,
    })),
    sectors,
    indicators: parseIndicators(f('indicators.csv'), t.indicators),
  };
}

function parseIndicators(file: string, text: string): WorldData['indicators'] {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim();
  if (header !== 'indicator,origin,year,value,source') throw new InputError(file, [], `expected the header 'indicator,origin,year,value,source' (got '${header}')`, 1);
  const out: WorldData['indicators'] = new Map();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const [indicator, origin, yearText, valueText] = line.split(',');
    const year = Number(yearText);
    const value = Number(valueText);
    if (!Number.isInteger(year)) throw new InputError(file, ['year'], `expected a year (got '${yearText}')`, i + 1);
    if (!Number.isFinite(value)) throw new InputError(file, ['value'], `expected a number (got '${valueText}')`, i + 1);
    if (!out.has(indicator)) out.set(indicator, new Map());
    const byOrigin = out.get(indicator)!;
    if (!byOrigin.has(origin)) byOrigin.set(origin, []);
    byOrigin.get(origin)!.push([year, value]);
  }
  for (const byOrigin of out.values()) for (const series of byOrigin.values()) series.sort((a, b) => a[0] - b[0]);
  return out;
}

/**
 * Annual values placed at mid-year and interpolated linearly per week; before the first year the
 * first value holds, after the last year the last value is carried forward (documented in scenarios/data/README.md, indicators.csv).
 */
export function weeklyIndicator(series: [number, number][], cal: Calendar): Float64Array {
  const out = new Float64Array(cal.weeks);
  for (let w = 0; w < cal.weeks; w++) out[w] = interpolateYear(series, cal.weekYear[w]);
  return out;
}

export function interpolateYear(series: [number, number][], year: number): number {
  const x = year - 0.5; // annual value at mid-year
  if (x <= series[0][0]) return series[0][1];
  const last = series[series.length - 1];
  if (x >= last[0]) return last[1];
  for (let k = 0; k < series.length - 1; k++) {
    const [y0, v0] = series[k];
    const [y1, v1] = series[k + 1];
    if (x >= y0 && x <= y1) return v0 + ((x - y0) / (y1 - y0)) * (v1 - v0);
  }
  return last[1];
}

export function indicatorFor(data: WorldData, indicator: string, origin: string, file: string): [number, number][] {
  const s = data.indicators.get(indicator)?.get(origin);
  if (!s || s.length === 0) throw new InputError(file, [indicator, origin], `no values for indicator ${indicator} and origin ${origin}`);
  return s;
}

export const REFERENCE_YEAR = 2019;
