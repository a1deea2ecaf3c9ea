// The calibration file (calibration/*.yaml, issue 5, docs/MODEL.md §10): its format and validation,
// with errors that name the file, the line and the field, and the coordinates the search moves
// in. Pure: run/calibrationSetup.ts reads the file and its data.
import { z } from 'zod';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import type { ParameterName } from '../model/parameters.ts';
import { ORIGINS } from '../model/entities.ts';
import { explainIssue, InputError, mainIssue } from '../scenario/errors.ts';
import { CALIBRATION_GENERATIONS } from '../scenario/limits.ts';
import { MonthText as Month } from '../scenario/schema.ts';
import { lineOf } from '../scenario/yaml.ts';
import type { ParsedFile } from '../scenario/yaml.ts';

const Period = z.strictObject({ start: Month, end: Month });
const Band = z.strictObject({
  min: z.number().nonnegative(),
  max: z.number().positive(),
  weight: z.number().nonnegative().describe('penalty per squared relative distance outside [min, max]'),
  period: Period.optional().describe('months the figure is computed over (default: the window)'),
  source: z.string().optional(),
});
const YearlyCounts = z.strictObject({
  values: z.record(z.string().regex(/^(19\d\d|20\d\d|2100)$/, 'a year 1900–2100'), z.number().positive()).describe('observed count by calendar year'),
  tolerance: z.number().positive().max(1).describe('relative band around each value: ± this share'),
  weight: z.number().nonnegative(),
  source: z.string().optional(),
});

const FiscalYearShares = z.strictObject({
  fiscalYears: z.record(z.string().regex(/^(19\d\d|20\d\d|2100)$/, 'a fiscal year 1900–2100'), z.strictObject({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) })).describe('band of the share by US fiscal year (FY2021 = 2020-10..2021-09)'),
  weight: z.number().nonnegative(),
  source: z.string().optional(),
});

const FreeParameter = z.strictObject({
  min: z.number(),
  max: z.number(),
  log: z.boolean().default(false).describe('uniform prior on ln(value) rather than the value (for positive scale parameters)'),
  note: z.string().optional(),
});

const DataSource = z.strictObject({
  file: z.string().min(1).describe('CSV with columns month, origin and the count column, relative to this file'),
  column: z.string().min(1).describe('the column holding the counts'),
  measure: z.enum(['between-ports', 'all']).describe("what the counts measure: Border Patrol's encounters between ports, or all encounters (ports included)"),
  note: z.string().optional(),
});

export const CalibrationFile = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  scenario: z.string().min(1).describe('the scenario whose parameters are fitted, relative to this file'),
  data: z.array(DataSource).min(1).describe('the observed record: sources of consecutive months, each month in one source'),
  window: Period.describe('months compared with the data'),
  simulationStart: Month.describe('first month simulated (the warm-up before the window)'),
  output: z.strictObject({
    scenario: z.string().describe('calibrated scenario file to update with the posterior medians'),
    posterior: z.string().describe('JSON with the posterior sample (particles and weights) and the observation model, for projections'),
  }),
  seed: z.number().int().nonnegative().describe('master seed of the sampler and of the simulations'),
  scale: z.number().int().positive().describe('persons per agent during the calibration'),
  method: z.strictObject({
    name: z.literal('abc-smc'),
    particles: z.number().int().min(8).max(5000).describe('particles kept in each generation'),
    generations: z.number().int().min(1).max(CALIBRATION_GENERATIONS).describe('most generations (the first draws from the prior)'),
    quantile: z.number().min(0.1).max(0.9).default(0.5).describe('the next tolerance is this quantile of the last generation\'s distances'),
    batch: z.number().int().min(1).max(5000).optional().describe('candidates simulated at a time (default: particles)'),
    budget: z.number().int().min(1).describe('most simulations in all'),
    minAcceptance: z.number().min(0).max(1).default(0.02).describe('stop when a generation accepts fewer of the candidates it simulated'),
  }),
  loss: z.strictObject({
    kind: z.literal('squared-log-error'),
    offset: z.number().nonnegative().describe('added to observed and simulated counts before the logarithm'),
    totalWeight: z.number().nonnegative().default(0).describe("the monthly total, summed over origins, in the distance: weight × its mean squared log error over months (0: the origins' series only)"),
    experimentsWeight: z.number().nonnegative().default(0).describe("the natural experiments in the distance: weight × mean squared error of their log changes (0: scored by validate-fit, not fitted)"),
  }),
  parameters: z.record(z.string(), FreeParameter),
  constraints: z.strictObject({
    smugglerRevenueUsdPerYear: Band.optional(),
    smuggledShare: Band.optional(),
    deathsPerYear: Band.optional(),
    apprehensionShare: Band.optional(),
    meanBorderFeeUsd: Band.optional(),
    mexicoDetentionsPerYear: YearlyCounts.optional(),
    repeatEncounterShare: FiscalYearShares.optional(),
  }),
  validation: z.strictObject({
    draws: z.number().int().min(2).max(500).default(32).describe('posterior draws, each simulated on a fresh stream, for validate-fit'),
  }).default({ draws: 32 }),
  darien: z.strictObject({
    file: z.string().min(1).describe("Panama's yearly Darién crossings by nationality (year, nationality, crossings), relative to this file"),
    series: z.record(z.string(), z.string().regex(/^[A-Z][A-Z_]*$/, 'a nationality group of the file, in capitals')).describe("model origin (or TOTAL, all origins) → the file's nationality group it is compared with"),
    weight: z.number().nonnegative().describe('the series in the distance: weight × mean squared log error over series-years (0: compared by validate-fit, not fitted)'),
    offset: z.number().nonnegative().describe('added to yearly counts before the logarithm'),
    note: z.string().optional(),
  }).optional().describe("a second series: the model's arrivals at the Darién hub against Panama's yearly count by nationality"),
  backtest: z.strictObject({
    origins: z.array(Month).min(1).describe('forecast origins: the last month of data each refit may see'),
    horizon: z.number().int().min(1).max(36).default(12),
    particles: z.number().int().min(8).optional(),
    generations: z.number().int().min(1).optional(),
    budget: z.number().int().min(1).optional(),
    draws: z.number().int().min(2).max(500).default(32),
  }).optional(),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;

const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(CalibrationFile.shape),
  window: ['start', 'end'],
  output: ['scenario', 'posterior'],
  method: ['name', 'particles', 'generations', 'quantile', 'batch', 'budget', 'minAcceptance'],
  loss: ['kind', 'offset', 'totalWeight', 'experimentsWeight'],
  constraints: ['smugglerRevenueUsdPerYear', 'smuggledShare', 'deathsPerYear', 'apprehensionShare', 'meanBorderFeeUsd', 'mexicoDetentionsPerYear', 'repeatEncounterShare'],
  validation: ['draws'],
  darien: ['file', 'series', 'weight', 'offset', 'note'],
  backtest: ['origins', 'horizon', 'particles', 'generations', 'budget', 'draws'],
};

function knownKeysAt(path: (string | number)[]): string[] | undefined {
  if (path[0] === 'parameters' && path.length === 2) return ['min', 'max', 'log', 'note'];
  if (path[0] === 'constraints' && path.length === 2)
    return path[1] === 'mexicoDetentionsPerYear' ? ['values', 'tolerance', 'weight', 'source'] : path[1] === 'repeatEncounterShare' ? ['fiscalYears', 'weight', 'source'] : ['min', 'max', 'weight', 'period', 'source'];
  if (path[0] === 'constraints' && path[1] === 'repeatEncounterShare' && path[2] === 'fiscalYears' && path.length === 4) return ['min', 'max'];
  if (path[0] === 'data' && path.length === 2) return ['file', 'column', 'measure', 'note'];
  return KNOWN_KEYS[path.join('.')];
}

/** Validates a parsed calibration file; errors name the file, the line and the field. */
export function validateCalibration(parsed: ParsedFile): CalibrationFile {
  const result = CalibrationFile.safeParse(parsed.value);
  if (!result.success) {
    const { path, expected } = explainIssue(mainIssue(result.error.issues), knownKeysAt);
    throw new InputError(parsed.file, path, expected, lineOf(parsed, path));
  }
  const cal = result.data;
  const fail = (path: (string | number)[], expected: string): never => {
    throw new InputError(parsed.file, path, expected, lineOf(parsed, path));
  };
  if (cal.window.start > cal.window.end) fail(['window'], 'expected start before end');
  if (cal.simulationStart > cal.window.start) fail(['simulationStart'], 'expected a month at or before window.start');
  const names = Object.keys(cal.parameters);
  if (names.length === 0) fail(['parameters'], 'expected at least one free parameter');
  for (const name of names) {
    const [base, origin, extra] = name.split('.');
    const path = ['parameters', name];
    if (!(PARAMETER_NAMES as string[]).includes(base)) fail(path, `unknown parameter; expected one of ${PARAMETER_NAMES.join(', ')}`);
    const spec = PARAMETERS[base as ParameterName];
    const perOrigin = 'perOrigin' in spec && spec.perOrigin;
    if (extra !== undefined || (origin !== undefined && (!perOrigin || !(ORIGINS as readonly string[]).includes(origin))))
      fail(path, perOrigin ? `expected ${base} or ${base}.<origin> with origin one of ${ORIGINS.join(', ')}` : `${base} is one number for all origins; expected '${base}'`);
    const p = cal.parameters[name];
    if (!(p.min < p.max)) fail(path, `expected min < max (got ${p.min}, ${p.max})`);
    if (p.min < spec.min || p.max > spec.max) fail(path, `expected bounds inside the parameter's range [${spec.min}, ${spec.max}] (${spec.unit})`);
    if (p.log && p.min <= 0) fail([...path, 'min'], 'expected min > 0 for a parameter searched in log space');
  }
  for (const [k, b] of Object.entries(cal.constraints)) {
    if (b && 'min' in b && !(b.min < b.max)) fail(['constraints', k], 'expected min < max');
    if (b && 'period' in b && b.period && (b.period.start > b.period.end || b.period.start < cal.window.start || b.period.end > cal.window.end))
      fail(['constraints', k, 'period'], `expected months inside the window ${cal.window.start}..${cal.window.end}, start before end`);
  }
  for (const origin of Object.keys(cal.darien?.series ?? {}))
    if (origin !== 'TOTAL' && !(ORIGINS as readonly string[]).includes(origin)) fail(['darien', 'series', origin], `expected a model origin (${ORIGINS.join(', ')}) or TOTAL`);
  if (cal.backtest) cal.backtest.origins.forEach((o, i) => {
    if (o < cal.window.start || o >= cal.window.end) fail(['backtest', 'origins', i], `expected a month inside the window ${cal.window.start}..${cal.window.end}, before its end`);
  });
  return cal;
}

// Coordinates: the sampler moves in u ∈ [0, 1]^n, where the prior is uniform; t = lo + u (hi − lo)
// is the parameter or its logarithm.

export interface FreeSpace {
  names: string[];
  log: boolean[];
  lo: number[]; // in t coordinates
  hi: number[];
}

export function freeSpace(cal: CalibrationFile): FreeSpace {
  const names = Object.keys(cal.parameters);
  const log = names.map((n) => cal.parameters[n].log);
  const t = (n: string, v: number) => (cal.parameters[n].log ? Math.log(v) : v);
  return { names, log, lo: names.map((n) => t(n, cal.parameters[n].min)), hi: names.map((n) => t(n, cal.parameters[n].max)) };
}

export function toUnit(space: FreeSpace, values: number[]): number[] {
  return values.map((v, i) => ((space.log[i] ? Math.log(v) : v) - space.lo[i]) / (space.hi[i] - space.lo[i]));
}

export function fromUnit(space: FreeSpace, u: number[]): number[] {
  return u.map((x, i) => {
    const t = space.lo[i] + Math.min(1, Math.max(0, x)) * (space.hi[i] - space.lo[i]);
    return space.log[i] ? Math.exp(t) : t;
  });
}

export function overridesOf(space: FreeSpace, values: number[]): Record<string, number> {
  return Object.fromEntries(space.names.map((n, i) => [n, values[i]]));
}
