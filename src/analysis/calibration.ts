// Calibration against published encounters (issue 5, MODEL.md §10): the calibration file
// format, the free parameters and their coordinates, the loss of a set of runs against the
// data with the side constraints as penalties, and the Laplace (Gauss–Newton) approximation
// of the parameters' uncertainty. Pure: the driver (calibrate.ts) does files and workers.
import { z } from 'zod';
import { monthKey } from '../model/calendar.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import type { ParameterName } from '../model/parameters.ts';
import { FLOW, MONEY, ORIGIN_FLOWS, ORIGIN_MONEY, SECTOR_FLOW, SECTOR_FLOWS } from '../model/recorder.ts';
import type { MonthlyTables } from '../model/recorder.ts';
import { ORIGINS } from '../model/types.ts';
import { explainIssue, InputError } from '../scenario/errors.ts';
import { lineOf } from '../scenario/parse.ts';
import type { ParsedFile } from '../scenario/parse.ts';
import { symmetricInverse } from './cmaes.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const Band = z.strictObject({
  min: z.number().nonnegative(),
  max: z.number().positive(),
  weight: z.number().nonnegative().describe('penalty per squared relative distance outside [min, max]'),
  source: z.string().optional(),
});

export const FreeParameter = z.strictObject({
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
    generations: z.number().int().min(1),
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
    // a misspelt field reads better as "unknown field (did you mean …)" than as the missing one
    const issues = result.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    const { path, expected } = explainIssue(issue, knownKeysAt);
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

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Observed data and the loss.

export interface Observed {
  /** window months as YYYY-MM */
  months: string[];
  /** [month][origin] encounters, ORIGINS order */
  encounters: Float64Array;
}

/** Reads `month,origin,encounters,...` CSV text for the window; every window month × origin must be present. */
export function parseObserved(text: string, file: string, window: { start: string; end: string }): Observed {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const [iM, iO, iE] = ['month', 'origin', 'encounters'].map((c) => header.indexOf(c));
  if (iM < 0 || iO < 0 || iE < 0) throw new InputError(file, [], 'expected a header with columns month, origin, encounters', 1);
  const months: string[] = [];
  const [y0, m0] = window.start.split('-').map(Number);
  const [y1, m1] = window.end.split('-').map(Number);
  for (let k = y0 * 12 + m0 - 1; k <= y1 * 12 + m1 - 1; k++) months.push(monthKey(k));
  const encounters = new Float64Array(months.length * ORIGINS.length).fill(NaN);
  const mIndex = new Map(months.map((m, i) => [m, i]));
  lines.slice(1).forEach((line, k) => {
    const cells = line.split(',');
    const mi = mIndex.get(cells[iM]);
    const oi = (ORIGINS as readonly string[]).indexOf(cells[iO]);
    if (mi === undefined) return;
    if (oi < 0) throw new InputError(file, ['origin'], `unknown origin '${cells[iO]}'; expected one of ${ORIGINS.join(', ')}`, k + 2);
    const v = Number(cells[iE]);
    if (!(v >= 0)) throw new InputError(file, ['encounters'], `expected a count ≥ 0 (got '${cells[iE]}')`, k + 2);
    encounters[mi * ORIGINS.length + oi] = v;
  });
  const missing = encounters.findIndex((v) => Number.isNaN(v));
  if (missing >= 0) throw new InputError(file, [], `no row for ${months[Math.floor(missing / ORIGINS.length)]} ${ORIGINS[missing % ORIGINS.length]} in the window ${window.start}..${window.end}`);
  return { months, encounters };
}

/** What a run says over the window: encounters per month × origin and the side-constraint figures. */
export interface WindowSummary {
  encounters: Float64Array; // [month][origin]
  revenueUsdPerYear: number;
  smuggledShare: number;
  deathsPerYear: number;
  /** of crossings between ports (smuggled or alone), the share not ending as a got-away */
  apprehensionShare: number;
  /** border fees paid to smugglers per smuggled crossing (USD) */
  meanBorderFeeUsd: number;
}

/** Sums one run's tables over the window; `firstMonth` is the run's first month index. */
export function summarizeWindow(t: MonthlyTables, firstMonth: number, months: string[]): WindowSummary {
  const nO = t.origins;
  const nF = ORIGIN_FLOWS.length;
  const nS = t.sectors;
  const encounters = new Float64Array(months.length * nO);
  let revenue = 0;
  let smuggled = 0;
  let alone = 0;
  let deaths = 0;
  let gotaways = 0;
  let borderFees = 0;
  months.forEach((key, i) => {
    const [y, m] = key.split('-').map(Number);
    const mi = y * 12 + m - 1 - firstMonth;
    if (mi < 0 || mi >= t.months) throw new Error(`summarizeWindow: ${key} is outside the run`);
    for (let o = 0; o < nO; o++) {
      encounters[i * nO + o] = t.originFlows[(mi * nF + FLOW.encounters) * nO + o];
      smuggled += t.originFlows[(mi * nF + FLOW.smuggled) * nO + o];
      alone += t.originFlows[(mi * nF + FLOW.crossed_alone) * nO + o];
      gotaways += t.originFlows[(mi * nF + FLOW.gotaways) * nO + o];
      revenue += t.originMoney[(mi * ORIGIN_MONEY.length + MONEY.smuggler_revenue_usd) * nO + o];
      borderFees += t.originMoney[(mi * ORIGIN_MONEY.length + MONEY.border_fees_usd) * nO + o];
    }
    for (let s = 0; s < nS; s++) deaths += t.sectorFlows[(mi * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS + s];
  });
  const years = months.length / 12;
  const crossings = smuggled + alone;
  return {
    encounters,
    revenueUsdPerYear: revenue / years,
    smuggledShare: crossings > 0 ? smuggled / crossings : 0,
    deathsPerYear: deaths / years,
    apprehensionShare: crossings > 0 ? 1 - gotaways / crossings : 0,
    meanBorderFeeUsd: smuggled > 0 ? borderFees / smuggled : 0,
  };
}

/** The mean over replications (common random numbers: the same seeds for every candidate). */
export function meanSummary(runs: WindowSummary[]): WindowSummary {
  const n = runs.length;
  const encounters = new Float64Array(runs[0].encounters.length);
  for (const r of runs) for (let i = 0; i < encounters.length; i++) encounters[i] += r.encounters[i] / n;
  const avg = (f: (r: WindowSummary) => number) => runs.reduce((a, r) => a + f(r), 0) / n;
  return {
    encounters,
    revenueUsdPerYear: avg((r) => r.revenueUsdPerYear),
    smuggledShare: avg((r) => r.smuggledShare),
    deathsPerYear: avg((r) => r.deathsPerYear),
    apprehensionShare: avg((r) => r.apprehensionShare),
    meanBorderFeeUsd: avg((r) => r.meanBorderFeeUsd),
  };
}

/** ln(sim + c) − ln(obs + c) per origin-month: the residuals of the data part of the loss. */
export function logResiduals(sim: WindowSummary, obs: Observed, offset: number): Float64Array {
  const r = new Float64Array(obs.encounters.length);
  for (let i = 0; i < r.length; i++) r[i] = Math.log(sim.encounters[i] + offset) - Math.log(obs.encounters[i] + offset);
  return r;
}

export function bandPenalty(value: number, band: { min: number; max: number; weight: number } | undefined): number {
  if (!band) return 0;
  if (value < band.min) return band.weight * ((band.min - value) / band.min) ** 2;
  if (value > band.max) return band.weight * ((value - band.max) / band.max) ** 2;
  return 0;
}

export interface LossParts {
  total: number;
  /** mean squared log error over origin-months */
  data: number;
  revenue: number;
  smuggled: number;
  deaths: number;
  apprehension: number;
  fee: number;
}

export function lossOf(sim: WindowSummary, obs: Observed, cal: Pick<CalibrationFile, 'loss' | 'constraints'>): LossParts {
  const r = logResiduals(sim, obs, cal.loss.offset);
  let ss = 0;
  for (const x of r) ss += x * x;
  const data = ss / r.length;
  const revenue = bandPenalty(sim.revenueUsdPerYear, cal.constraints.smugglerRevenueUsdPerYear);
  const smuggled = bandPenalty(sim.smuggledShare, cal.constraints.smuggledShare);
  const deaths = bandPenalty(sim.deathsPerYear, cal.constraints.deathsPerYear);
  const apprehension = bandPenalty(sim.apprehensionShare, cal.constraints.apprehensionShare);
  const fee = bandPenalty(sim.meanBorderFeeUsd, cal.constraints.meanBorderFeeUsd);
  return { total: data + revenue + smuggled + deaths + apprehension + fee, data, revenue, smuggled, deaths, apprehension, fee };
}

// ---------------------------------------------------------------------------------------------
// Uncertainty: Laplace approximation around the optimum with a Gauss–Newton Hessian.

export interface Posterior {
  names: string[];
  log: boolean[];
  lo: number[];
  hi: number[];
  /** fitted point in t coordinates (the value, or its logarithm) */
  mean: number[];
  /** covariance in t coordinates, row-major */
  cov: number[];
  sd: number[];
  values: number[];
  /** residual variance, lag-1 autocorrelation of residuals and the variance inflation it implies */
  residualVariance: number;
  residualAutocorrelation: number;
  inflation: number;
  /** runs that measured the simulator's noise (0 = not included) */
  noiseReplications: number;
}

/**
 * Covariance of the parameters (t coordinates) from the Jacobian J (N residuals × p, row-major) of
 * the log residuals r at the optimum: the Gaussian likelihood of r with variance s² = Σr²/(N − p),
 * inflated by (1 + ρ)/(1 − ρ) for the lag-1 autocorrelation ρ of monthly residuals (fewer independent
 * observations than months), combined with a Gaussian stand-in for the uniform prior on the bounds
 * (variance (hi − lo)²/12), so parameters the data say little about keep the width of their range:
 *   H = JᵀJ / (s² · inflation) + diag(12 / (hi − lo)²),  Σ_L = H⁻¹.
 * `noise` holds, for runs at the optimum on fresh random streams, each run's log residuals. The
 * simulator is noisy in ways the residual variance misses: a random early surge persists through
 * networks and perceptions, shifting an origin's whole series. Both the observed data (one
 * realisation of the process, if the model were right) and the common-random-numbers stream of
 * the search carry one such draw, so the sandwich term
 *   V = H⁻¹ (Jᵀ S J) H⁻¹ / (s² · inflation)²,  S = covariance of the runs' residuals,
 * enters twice: Σ = Σ_L + 2V. (Checked by tests/analysis/calibration-recovery.test.ts.)
 */
export function laplacePosterior(space: FreeSpace, mean: number[], residuals: Float64Array, jacobian: Float64Array, seriesLength: number, noise: Float64Array[] = []): Posterior {
  const p = space.names.length;
  const N = residuals.length;
  let ss = 0;
  for (const x of residuals) ss += x * x;
  const s2 = ss / Math.max(1, N - p);
  let num = 0;
  let den = 0;
  for (let i = 0; i < N; i++) {
    den += residuals[i] ** 2;
    // residuals are ordered [month][origin]: the same origin's previous month is `origins` back
    const prev = i - Math.floor(N / seriesLength);
    if (prev >= 0) num += residuals[i] * residuals[prev];
  }
  const rho = Math.min(0.95, Math.max(0, den > 0 ? num / den : 0));
  const inflation = (1 + rho) / (1 - rho);
  const w = 1 / (s2 * inflation);
  const H = new Array(p * p).fill(0);
  for (let a = 0; a < p; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += jacobian[i * p + a] * jacobian[i * p + b];
      H[a * p + b] = H[b * p + a] = s * w;
    }
  for (let a = 0; a < p; a++) H[a * p + a] += 12 / (space.hi[a] - space.lo[a]) ** 2;
  const Hinv = symmetricInverse(H, p);
  const cov = Hinv.slice();
  if (noise.length >= 2) {
    const V = noiseCovariance(Hinv, jacobian, noise, p, w);
    for (let k = 0; k < p * p; k++) cov[k] += 2 * V[k];
  }
  return {
    names: space.names, log: space.log, lo: space.lo, hi: space.hi,
    mean, cov, sd: space.names.map((_, a) => Math.sqrt(cov[a * p + a])),
    values: mean.map((t, a) => (space.log[a] ? Math.exp(t) : t)),
    residualVariance: s2, residualAutocorrelation: rho, inflation, noiseReplications: noise.length >= 2 ? noise.length : 0,
  };
}

/** H⁻¹ (w² Jᵀ S J) H⁻¹ with S the sample covariance of the noise runs' residual vectors. */
function noiseCovariance(Hinv: number[], jacobian: Float64Array, noise: Float64Array[], p: number, w: number): number[] {
  const N = noise[0].length;
  const R = noise.length;
  const centre = new Float64Array(N);
  for (const r of noise) for (let i = 0; i < N; i++) centre[i] += r[i] / R;
  // g_r = w · Jᵀ (r − r̄): the score each run's noise would add; M = Σ g gᵀ / (R − 1)
  const M = new Array(p * p).fill(0);
  const g = new Float64Array(p);
  for (const r of noise) {
    g.fill(0);
    for (let i = 0; i < N; i++) {
      const d = w * (r[i] - centre[i]);
      for (let a = 0; a < p; a++) g[a] += jacobian[i * p + a] * d;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) M[a * p + b] += (g[a] * g[b]) / (R - 1);
  }
  return matMul(matMul(Hinv, M, p), Hinv, p);
}

/** Product of two p × p row-major matrices. */
function matMul(A: number[], B: number[], p: number): number[] {
  const C = new Array(p * p).fill(0);
  for (let a = 0; a < p; a++)
    for (let k = 0; k < p; k++) {
      const x = A[a * p + k];
      for (let b = 0; b < p; b++) C[a * p + b] += x * B[k * p + b];
    }
  return C;
}

/** "4.2e-5 (×/÷ 1.12)" for log parameters, "0.83 ± 0.05" otherwise: one standard deviation. */
export function formatEstimate(value: number, sdT: number, log: boolean): string {
  const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? Number(x.toPrecision(3)).toString() : x.toExponential(2));
  return log ? `${fmt(value)} (×/÷ ${Math.exp(sdT).toFixed(2)})` : `${fmt(value)} ± ${fmt(sdT)}`;
}
