// The arithmetic of the nowcast's particle filter (sequential Monte Carlo over whole simulation
// states, as in the R package pomp's pfilter): the likelihood of a month's observed encounters
// under the calibration's observation model, normalised weights and their effective sample size, systematic
// resampling, and the Liu & West (2001) kernel that jitters the parameters of resampled
// particles so that they do not collapse onto a few values. Pure.
import seedrandom from 'seedrandom';
import { weightedMoments } from './abcSmc.ts';
import { cholesky, gaussian } from './linalg.ts';
import type { ObservationModel } from './posterior.ts';
import { predictLevel, updateLevel } from './localLevel.ts';
import type { Level } from './localLevel.ts';

/** One observed count and the origins it sums (one origin, or several for a grouped row). */
export interface Observation {
  origins: number[];
  count: number;
}

/**
 * ln-likelihood of a month's observations given a particle's simulated counts by origin, under
 * the calibration's observation model (posterior.ts): e = ln(obs + c) − ln(sim + c) − bias is
 * normal with the series' spread σ, and errors of different rows are equicorrelated with the
 * correlation ρ measured on the calibration's residuals (policy news and reporting hit every
 * origin at once, so eleven origins are not eleven independent observations). A grouped row (a
 * partial observation of several origins) is compared with the sum of those origins; it takes
 * the total's bias and spread when it sums most origins, else its members' mean. With
 * z = e/σ, K rows: ln L = −½ (Σz² − ρ/(1 + (K − 1)ρ) (Σz)²)/(1 − ρ) − Σ ln σ − ½ ln det R + const.
 */
export function monthLogLikelihood(observations: Observation[], simulated: ArrayLike<number>, model: ObservationModel): number {
  const nO = model.bias.length - 1;
  const rho = Math.min(0.95, Math.max(0, model.correlation ?? 0));
  const K = observations.length;
  if (K === 0) return 0;
  let sumZ = 0;
  let sumZ2 = 0;
  let logSd = 0;
  for (const obs of observations) {
    let sim = 0;
    for (const o of obs.origins) sim += simulated[o];
    let bias: number;
    let sd: number;
    if (obs.origins.length === 1) {
      bias = model.bias[obs.origins[0]];
      sd = model.sd[obs.origins[0]];
    } else if (obs.origins.length * 2 > nO) {
      bias = model.bias[nO];
      sd = model.sd[nO];
    } else {
      bias = obs.origins.reduce((a, o) => a + model.bias[o], 0) / obs.origins.length;
      sd = obs.origins.reduce((a, o) => a + model.sd[o], 0) / obs.origins.length;
    }
    sd = Math.max(sd, 0.02);
    const c = Math.max(model.offset, 1); // a count of 0 stays finite on the log scale
    const z = (Math.log(obs.count + c) - Math.log(sim + c) - bias) / sd;
    sumZ += z;
    sumZ2 += z * z;
    logSd += Math.log(sd);
  }
  const quad = (sumZ2 - (rho / (1 + (K - 1) * rho)) * sumZ * sumZ) / (1 - rho);
  const logDet = (K - 1) * Math.log(1 - rho) + Math.log(1 + (K - 1) * rho);
  return -0.5 * quad - logSd - 0.5 * logDet - 0.5 * K * Math.log(2 * Math.PI);
}

/** Weights from log-weights, normalised, with the log of their mean (the month's contribution to the log-likelihood). */
export function normalise(logWeights: number[]): { weights: number[]; logMean: number } {
  const top = Math.max(...logWeights);
  if (!Number.isFinite(top)) throw new Error('particle filter: every particle has zero likelihood this month');
  const w = logWeights.map((l) => Math.exp(l - top));
  const total = w.reduce((a, b) => a + b, 0);
  return { weights: w.map((x) => x / total), logMean: top + Math.log(total / logWeights.length) };
}

/** Effective sample size 1 / Σ w² of normalised weights. */
export function effectiveSize(weights: number[]): number {
  let s = 0;
  for (const w of weights) s += w * w;
  return 1 / s;
}

/** Systematic resampling: N parent indices from one uniform (deterministic for a seed), in increasing order. */
export function systematicResample(weights: number[], n: number, seed: string): number[] {
  const u0 = seedrandom(seed)() / n;
  const out: number[] = [];
  let cum = weights[0];
  let j = 0;
  for (let k = 0; k < n; k++) {
    const target = u0 + k / n;
    while (target > cum && j < weights.length - 1) cum += weights[++j];
    out.push(j);
  }
  return out;
}

const logit = (u: number) => Math.log(u / (1 - u));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const EDGE = 1e-9;

/**
 * Liu & West's kernel, in the logit of the prior's unit coordinates: each child of a resample moves
 * to a θ + (1 − a) θ̄ + √(1 − a²) N(0, V) (θ̄, V the weighted mean and covariance of the particles
 * before resampling), which keeps the cloud's spread while letting values the data favour come
 * back. a = (3δ − 1) / (2δ) for a discount δ (0.99: a ≈ 0.995).
 */
export function jitter(unit: number[][], weights: number[], parents: number[], seed: string, discount = 0.99): number[][] {
  const p = unit[0]?.length ?? 0;
  if (p === 0) return parents.map(() => []);
  const z = unit.map((u) => u.map((v) => logit(Math.min(1 - EDGE, Math.max(EDGE, v)))));
  const { mean, cov } = weightedMoments(z, weights);
  for (let a = 0; a < p; a++) cov[a * p + a] = Math.max(cov[a * p + a], 1e-10);
  const a = (3 * discount - 1) / (2 * discount);
  const L = cholesky(cov.map((v) => v * (1 - a * a)), p);
  return parents.map((j, k) => {
    const normal = gaussian(seedrandom(`${seed}|${k}`));
    const e = Array.from({ length: p }, () => normal());
    return z[j].map((v, b) => {
      let d = 0;
      for (let c = 0; c <= b; c++) d += L[b * p + c] * e[c];
      return Math.min(1 - EDGE, Math.max(EDGE, sigmoid(a * v + (1 - a) * mean[b] + d)));
    });
  });
}

/**
 * One month of process noise: each particle's coordinates a move by sd[a] · N(0, 1) (sd 0: fixed),
 * reflected at the edges of the prior's unit box. On the log of a base hazard this is the random
 * walk a nowcast lets the push to leave follow, so the filter can track shifts the drivers do
 * not explain (pomp's random-walk parameters, here part of the state-space model).
 */
export function driftStep(unit: number[][], sd: number[], seed: string): number[][] {
  return unit.map((u, k) => {
    const normal = gaussian(seedrandom(`${seed}|${k}`));
    return u.map((v, a) => {
      if (sd[a] === 0) return v;
      let w = v + sd[a] * normal();
      if (w < 0) w = -w;
      if (w > 1) w = 2 - w;
      return Math.min(1 - EDGE, Math.max(EDGE, w));
    });
  });
}

/**
 * A month's ln-likelihood when the misfit is a local level per origin (localLevel.ts), and each
 * origin's level after it: every level steps a month; a row of one origin updates its level with
 * the residual ln(obs + c) − ln(sim + c) (its likelihood is the level's predictive density); a
 * grouped row (a partial observation of several origins) is weighed by the fixed observation
 * model, as in monthLogLikelihood. Origins are independent given the levels.
 */
export function levelMonthLogLikelihood(observations: Observation[], simulated: ArrayLike<number>, model: ObservationModel, levels: readonly Level[]): { logLik: number; levels: Level[] } {
  const lm = model.level!;
  const c = Math.max(model.offset, 1);
  const next = levels.map((l, o) => predictLevel(l, { step: lm.step[o], noise: lm.noise[o] }));
  const grouped: Observation[] = [];
  let logLik = 0;
  for (const obs of observations) {
    if (obs.origins.length !== 1) {
      grouped.push(obs);
      continue;
    }
    const o = obs.origins[0];
    const u = updateLevel(next[o], { step: lm.step[o], noise: Math.max(lm.noise[o], 0.02) }, Math.log(obs.count + c) - Math.log(simulated[o] + c));
    next[o] = u.level;
    logLik += u.logLik;
  }
  if (grouped.length) logLik += monthLogLikelihood(grouped, simulated, model);
  return { logLik, levels: next };
}
