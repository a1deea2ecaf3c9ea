// The arithmetic of the nowcast's particle filter (sequential Monte Carlo over whole simulation
// states, as in the R package pomp's pfilter): the likelihood of a month's observed encounters
// under the observation model, normalised weights and their effective sample size, systematic
// resampling, and the Liu & West (2001) kernel that jitters the parameters of resampled
// particles so that they do not collapse onto a few values. Pure.
import seedrandom from 'seedrandom';
import { weightedMoments } from './abcSmc.ts';
import { cholesky, gaussian } from './linalg.ts';
import type { ObservationModel } from './posterior.ts';

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln P(y) for a negative binomial count with mean μ and size k (variance μ + μ²/k): counts with
 * over-dispersion. As k → ∞ it is Poisson.
 */
export function logNegBinomial(y: number, mu: number, k: number): number {
  const m = Math.max(mu, 1e-9);
  return logGamma(y + k) - logGamma(k) - logGamma(y + 1) + k * Math.log(k / (k + m)) + y * Math.log(m / (k + m));
}

/** One observed count and the origins it sums (one origin, or several for a grouped row). */
export interface Observation {
  origins: number[];
  count: number;
}

/**
 * ln-likelihood of a month's observations given a particle's simulated counts by origin. The
 * observation model's bias moves the mean, ((sim + c) e^bias − c); its spread of log counts σ
 * becomes the over-dispersion k = 1/σ² (a count with coefficient of variation σ). A grouped row
 * takes the total's bias and spread when it sums most origins, else its members' mean.
 */
export function monthLogLikelihood(observations: Observation[], simulated: ArrayLike<number>, model: ObservationModel): number {
  const nO = model.bias.length - 1;
  let ll = 0;
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
    const mu = Math.max(1, (sim + model.offset) * Math.exp(bias) - model.offset);
    const k = 1 / Math.max(sd * sd, 1e-4);
    ll += logNegBinomial(obs.count, mu, k);
  }
  return ll;
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
