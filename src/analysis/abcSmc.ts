// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Beaumont, Cornuet, Marin
// & Robert 2009, "Adaptive approximate Bayesian computation", Biometrika 96:983; the population
// Monte Carlo sampler of Toni et al. 2009 with adaptive tolerances). For a simulator with no
// likelihood to write down: a population of parameter vectors (particles) is moved, generation
// by generation, towards those whose simulations land within a shrinking distance ε of the
// data. The final population, with its importance weights, is a sample from the approximate
// posterior π(θ | d(sim(θ), data) ≤ ε).
//
// Parameters live in unit coordinates u ∈ [0, 1]^p (the prior is uniform on that box: uniform in
// each parameter, or in its logarithm; calibrationFile.ts maps them). The perturbation kernel acts
// on z = logit(u), where the box has no edge: a Gaussian step in 30 dimensions would almost never
// land inside the box, and truncating it would bias the weights. In z the prior's density is
// Π σ(z)(1 − σ(z)), which enters the importance weights. Pure and deterministic:
// proposals are drawn from streams named by (seed, generation, candidate), so the same seed gives
// the same particles whatever the number of workers, and a run resumed from a saved state
// continues exactly as one that never stopped.
import seedrandom from 'seedrandom';
import { cholesky, gaussian } from './linalg.ts';

export interface AbcOptions {
  /** particles kept in each generation */
  particles: number;
  /** dimension of the parameter space */
  dimension: number;
  /** the next tolerance is this quantile of the last generation's distances */
  quantile: number;
  seed: string;
}

export interface AbcGeneration {
  generation: number;
  epsilon: number | null;
  accepted: number;
  proposed: number;
  simulated: number;
  ess: number;
}

export interface AbcState {
  options: AbcOptions;
  /** the generation being filled (0 = draws from the prior) */
  generation: number;
  /** tolerance of the generation being filled (null for generation 0: every draw from the prior is kept; JSON-safe) */
  epsilon: number | null;
  /** the last complete generation: particles (unit coordinates), normalised weights, distances */
  particles: number[][];
  weights: number[];
  distances: number[];
  /** the generation being filled: accepted so far, and how many candidates were proposed/simulated */
  pending: { particles: number[][]; distances: number[]; proposed: number; simulated: number };
  history: AbcGeneration[];
}

export function abcInit(options: AbcOptions): AbcState {
  if (!(options.particles >= 2)) throw new Error('ABC-SMC needs at least 2 particles');
  if (!(options.quantile > 0 && options.quantile < 1)) throw new Error('ABC-SMC quantile must be in (0, 1)');
  return {
    options, generation: 0, epsilon: null, particles: [], weights: [], distances: [],
    pending: { particles: [], distances: [], proposed: 0, simulated: 0 }, history: [],
  };
}

/** Weighted mean and covariance (row-major) of the particles. */
export function weightedMoments(particles: number[][], weights: number[]): { mean: number[]; cov: number[] } {
  const p = particles[0]?.length ?? 0;
  const mean = new Array<number>(p).fill(0);
  particles.forEach((x, i) => x.forEach((v, a) => (mean[a] += weights[i] * v)));
  const cov = new Array<number>(p * p).fill(0);
  let w2 = 0;
  for (const w of weights) w2 += w * w;
  const norm = 1 / Math.max(1e-12, 1 - w2); // unbiased for normalised weights
  particles.forEach((x, i) => {
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) cov[a * p + b] += norm * weights[i] * (x[a] - mean[a]) * (x[b] - mean[b]);
  });
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) cov[b * p + a] = cov[a * p + b];
  return { mean, cov };
}

const logit = (u: number) => Math.log(u / (1 - u));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Unit coordinates kept off the box's faces, where the logit is infinite (the prior gives them no mass). */
const EDGE = 1e-9;
function toZ(u: number[]): number[] {
  return u.map((v) => logit(Math.min(1 - EDGE, Math.max(EDGE, v))));
}
/** log of the prior density in z: Σ ln σ(z)(1 − σ(z)) */
function logPriorZ(z: number[]): number {
  let s = 0;
  for (const v of z) s += -Math.abs(v) - 2 * Math.log1p(Math.exp(-Math.abs(v)));
  return s;
}

/** The perturbation kernel's covariance: twice the weighted covariance of the last generation in z (Beaumont et al. 2009). */
function kernelCovariance(s: AbcState): number[] {
  const p = s.options.dimension;
  const { cov } = weightedMoments(s.particles.map(toZ), s.weights);
  const k = cov.map((v) => 2 * v);
  for (let a = 0; a < p; a++) k[a * p + a] = Math.max(k[a * p + a], 1e-10); // a collapsed direction keeps a little spread
  return k;
}

/**
 * The candidates numbered [from, from + count) of the current generation. Generation 0 draws
 * from the prior; later ones pick a particle by weight and perturb it with a Gaussian kernel in
 * z. Candidate c's draws come from a stream of its own, so candidates do not depend on batch sizes.
 */
export function abcPropose(s: AbcState, from: number, count: number): number[][] {
  const p = s.options.dimension;
  const out: number[][] = [];
  const L = s.generation > 0 ? cholesky(kernelCovariance(s), p) : [];
  const zs = s.generation > 0 ? s.particles.map(toZ) : [];
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of s.weights) cumulative.push((acc += w));
  for (let c = from; c < from + count; c++) {
    const rng = seedrandom(`${s.options.seed}|abc|g${s.generation}|c${c}`);
    if (s.generation === 0) {
      out.push(Array.from({ length: p }, () => rng()));
      continue;
    }
    const normal = gaussian(rng);
    const target = rng() * acc;
    let j = 0;
    while (j < cumulative.length - 1 && cumulative[j] <= target) j++;
    const e = Array.from({ length: p }, () => normal());
    out.push(zs[j].map((v, a) => {
      let d = 0;
      for (let b = 0; b <= a; b++) d += L[a * p + b] * e[b];
      return Math.min(1 - EDGE, Math.max(EDGE, sigmoid(v + d)));
    }));
  }
  return out;
}

/**
 * Takes the simulated distances of candidates in proposal order; accepts those within the
 * tolerance until the generation is full. Returns true when it is.
 */
export function abcAccept(s: AbcState, candidates: number[][], distances: number[]): boolean {
  const n = s.options.particles;
  for (let k = 0; k < candidates.length; k++) {
    if (s.pending.particles.length >= n) break;
    s.pending.simulated++;
    if (s.epsilon === null || distances[k] <= s.epsilon) {
      s.pending.particles.push(candidates[k]);
      s.pending.distances.push(distances[k]);
    }
  }
  s.pending.proposed += candidates.length;
  return s.pending.particles.length >= n;
}

/** Effective sample size of normalised weights, 1 / Σw². */
export function effectiveSampleSize(weights: number[]): number {
  let s = 0;
  for (const w of weights) s += w * w;
  return s > 0 ? 1 / s : 0;
}

/**
 * Closes the generation: importance weights w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j) (the prior is
 * flat on its support), the next tolerance, and a fresh pending generation.
 */
export function abcCloseGeneration(s: AbcState): AbcGeneration {
  const p = s.options.dimension;
  const next = s.pending.particles;
  let weights: number[];
  if (s.generation === 0) weights = next.map(() => 1 / next.length);
  else {
    const L = cholesky(kernelCovariance(s), p);
    const prev = s.particles.map(toZ);
    const logRaw = next.map((u) => {
      const x = toZ(u);
      // Σ_j w_j K(x | y_j), the kernel's normalising constant cancels; computed on a log scale
      const logTerms = prev.map((y, j) => {
        const r = new Array<number>(p);
        let q = 0;
        for (let a = 0; a < p; a++) {
          let v = x[a] - y[a];
          for (let b = 0; b < a; b++) v -= L[a * p + b] * r[b];
          r[a] = v / L[a * p + a];
          q += r[a] * r[a];
        }
        return Math.log(s.weights[j]) - 0.5 * q;
      });
      const top = Math.max(...logTerms);
      const logDenominator = top + Math.log(logTerms.reduce((acc, t) => acc + Math.exp(t - top), 0));
      return logPriorZ(x) - logDenominator;
    });
    const top = Math.max(...logRaw);
    const raw = logRaw.map((l) => Math.exp(l - top));
    const total = raw.reduce((a, b) => a + b, 0);
    weights = raw.map((w) => w / total);
  }
  const record: AbcGeneration = {
    generation: s.generation, epsilon: s.epsilon, accepted: next.length, proposed: s.pending.proposed,
    simulated: s.pending.simulated, ess: effectiveSampleSize(weights),
  };
  s.history.push(record);
  s.particles = next;
  s.weights = weights;
  s.distances = s.pending.distances;
  s.generation++;
  s.epsilon = quantileOf(s.distances, s.options.quantile);
  s.pending = { particles: [], distances: [], proposed: 0, simulated: 0 };
  return record;
}

function quantileOf(values: number[], q: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** `count` particles drawn by weight with systematic resampling from one uniform (deterministic for a seed). */
export function resampleParticles(particles: number[][], weights: number[], count: number, seed: string): number[][] {
  const u0 = seedrandom(seed)() / count;
  const out: number[][] = [];
  let cum = weights[0];
  let j = 0;
  for (let k = 0; k < count; k++) {
    const target = u0 + k / count;
    while (target > cum && j < weights.length - 1) cum += weights[++j];
    out.push(particles[j]);
  }
  return out;
}
