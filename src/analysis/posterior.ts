// What a calibration leaves uncertain (docs/MODEL.md §10): the Laplace approximation of the
// parameters' posterior around the fitted point, with a Gauss–Newton Hessian and the simulator's
// own noise, and draws from it for projections. Pure.
import seedrandom from 'seedrandom';
import type { FreeSpace } from './calibrationFile.ts';
import { cholesky, gaussian, symmetricInverse } from './cmaes.ts';

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
 * enters twice: Σ = Σ_L + 2V. (Checked by tests/run/calibrate.test.ts.)
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

/** One parameter vector per replication: t ~ N(mean, cov), clipped to the calibration bounds. */
export function drawParameters(post: Pick<Posterior, 'names' | 'log' | 'lo' | 'hi' | 'mean' | 'cov'>, reps: number, seed: string): Record<string, number>[] {
  const p = post.names.length;
  const L = cholesky(post.cov, p);
  return Array.from({ length: reps }, (_, r) => {
    const gauss = gaussian(seedrandom(`${seed}|draw${r}`));
    const z = Array.from({ length: p }, gauss);
    const out: Record<string, number> = {};
    for (let i = 0; i < p; i++) {
      let t = post.mean[i];
      for (let k = 0; k <= i; k++) t += L[i * p + k] * z[k];
      t = Math.min(post.hi[i], Math.max(post.lo[i], t));
      out[post.names[i]] = post.log[i] ? Math.exp(t) : t;
    }
    return out;
  });
}
