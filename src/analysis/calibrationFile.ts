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

const Band = z.strictObject({
  min: z.number().nonnegative(),
  max: z.number().positive(),
  weight: z.number().nonnegative().describe('penalty per squared relative distance outside [min, max]'),
  source: z.string().optional(),
});

const FreeParameter = z.strictObject({
  min: z.number(),
  max: z.number(),
  log: z.boolean().default(false).describe('search ln(value) rather than the value (for positive scale parameters)'),
  note: z.string().optional(),
});

export const CalibrationFile = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  scenario: z.string().min(1).describe('the scenario whose parameters are fitted, relative to this file'),
  data: z.string().min(1).describe('CSV with columns month,origin,encounters (CBP southwest border), relative to this file'),
  window: z.strictObject({ start: Month, end: Month }).describe('months compared with the data'),
  simulationStart: Month.describe('first month simulated (burn-in before the window)'),
  output: z.strictObject({
    scenario: z.string().describe('calibrated scenario file to update with the fitted values'),
    posterior: z.string().describe('JSON with the fitted values and their covariance, for projections'),
  }),
  seed: z.number().int().nonnegative().describe('master seed of the common random numbers and of the search'),
  scale: z.number().int().positive().describe('persons per agent during the search'),
  replications: z.number().int().min(1).max(16).default(1).describe('runs per candidate (the same seeds for every candidate)'),
  method: z.strictObject({
    name: z.literal('cmaes'),
    population: z.number().int().min(4).max(200),
    generations: z.number().int().min(1).max(CALIBRATION_GENERATIONS),
    sigma0: z.number().positive().max(1).describe('starting step size in unit coordinates (each bound range is [0, 1])'),
  }),
  loss: z.strictObject({
    kind: z.literal('squared-log-error'),
    offset: z.number().nonnegative().describe('added to observed and simulated counts before the logarithm'),
  }),
  parameters: z.record(z.string(), FreeParameter),
  constraints: z.strictObject({
    smugglerRevenueUsdPerYear: Band.optional(),
    smuggledShare: Band.optional(),
    deathsPerYear: Band.optional(),
    apprehensionShare: Band.optional(),
    meanBorderFeeUsd: Band.optional(),
  }),
  uncertainty: z.strictObject({
    method: z.literal('laplace-gauss-newton'),
    step: z.number().positive().max(0.2).default(0.03).describe('finite-difference step in unit coordinates'),
    noiseReplications: z.number().int().min(0).max(200).default(8)
      .describe('runs at the optimum on fresh streams that measure the simulator\'s own noise (0: leave it out)'),
  }),
  validation: z.strictObject({ replications: z.number().int().min(2).max(200).default(8) }).default({ replications: 8 }),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;

const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(CalibrationFile.shape),
  window: ['start', 'end'],
  output: ['scenario', 'posterior'],
  method: ['name', 'population', 'generations', 'sigma0'],
  loss: ['kind', 'offset'],
  constraints: ['smugglerRevenueUsdPerYear', 'smuggledShare', 'deathsPerYear', 'apprehensionShare', 'meanBorderFeeUsd'],
  uncertainty: ['method', 'step', 'noiseReplications'],
  validation: ['replications'],
};

function knownKeysAt(path: (string | number)[]): string[] | undefined {
  if (path[0] === 'parameters' && path.length === 2) return ['min', 'max', 'log', 'note'];
  if (path[0] === 'constraints' && path.length === 2) return ['min', 'max', 'weight', 'source'];
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
  for (const [k, b] of Object.entries(cal.constraints)) if (b && !(b.min < b.max)) fail(['constraints', k], 'expected min < max');
  return cal;
}

// Coordinates: CMA-ES searches u ∈ [0, 1]^n; t = lo + u (hi − lo) is the parameter or its logarithm.

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

/** Squared distance outside the unit box: CMA-ES evaluates the clipped point and adds this, scaled. */
export function boxExcess(u: number[]): number {
  return u.reduce((a, x) => a + (x < 0 ? x * x : x > 1 ? (x - 1) ** 2 : 0), 0);
}

export function overridesOf(space: FreeSpace, values: number[]): Record<string, number> {
  return Object.fromEntries(space.names.map((n, i) => [n, values[i]]));
}
