// First-order and total Sobol' indices from a Saltelli design (see saltelli.ts).
// S1: Saltelli et al. (2010), Table 2 (b): V_i ≈ mean(f(B) · (f(AB_i) − f(A))).
// ST: Jansen (1999), Table 2 (f): V_Ti ≈ mean((f(A) − f(AB_i))²) / 2.
// Both divided by the variance of f over A and B together, as in SALib's sobol.analyze.
// A constant output (zero variance) gives NaN indices rather than a misleading number.
// Intervals: percentile bootstrap over the N base samples (a resampled row j brings its
// A_j, AB_ij and B_j together), seeded so that the same inputs give the same intervals.
import seedrandom from 'seedrandom';
import { percentileInterval } from './stats.ts';

export type SobolIndex = {
  name: string;
  S1: number;
  S1_low: number;
  S1_high: number;
  ST: number;
  ST_low: number;
  ST_high: number;
};

export type SobolOptions = { bootstrapReps?: number; level?: number; seed?: string };

/**
 * `outputs` are the model results for the rows of `saltelliSample(n, bounds)`, in order;
 * n is inferred from outputs.length / (k + 2).
 */
export function sobolIndices(names: readonly string[], outputs: ArrayLike<number>, options: SobolOptions = {}): SobolIndex[] {
  const k = names.length;
  const rows = k + 2;
  if (k < 1 || outputs.length === 0 || outputs.length % rows !== 0) {
    throw new Error(`sobolIndices: ${outputs.length} outputs is not a multiple of k + 2 = ${rows}`);
  }
  const n = outputs.length / rows;
  const reps = options.bootstrapReps ?? 1000;
  const level = options.level ?? 0.95;
  const rng = seedrandom(options.seed ?? 'sobolIndices');

  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = Array.from({ length: k }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    fA[j] = outputs[j * rows];
    for (let i = 0; i < k; i++) fAB[i][j] = outputs[j * rows + 1 + i];
    fB[j] = outputs[j * rows + k + 1];
  }

  const identity = Int32Array.from({ length: n }, (_, j) => j);
  const point = estimate(fA, fB, fAB, identity);
  const bootS1 = Array.from({ length: k }, () => new Float64Array(reps));
  const bootST = Array.from({ length: k }, () => new Float64Array(reps));
  const sample = new Int32Array(n);
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < n; j++) sample[j] = Math.floor(rng() * n);
    const e = estimate(fA, fB, fAB, sample);
    for (let i = 0; i < k; i++) {
      bootS1[i][r] = e.S1[i];
      bootST[i][r] = e.ST[i];
    }
  }
  return names.map((name, i) => {
    const s1 = percentileInterval(bootS1[i], level);
    const st = percentileInterval(bootST[i], level);
    return { name, S1: point.S1[i], S1_low: s1.low, S1_high: s1.high, ST: point.ST[i], ST_low: st.low, ST_high: st.high };
  });
}

function estimate(fA: Float64Array, fB: Float64Array, fAB: Float64Array[], rows: Int32Array): { S1: number[]; ST: number[] } {
  const n = rows.length;
  // Population variance of f over the 2n evaluations of A and B (SALib: np.var(np.r_[A, B])).
  let sum = 0;
  for (let j = 0; j < n; j++) sum += fA[rows[j]] + fB[rows[j]];
  const m = sum / (2 * n);
  let ss = 0;
  for (let j = 0; j < n; j++) ss += (fA[rows[j]] - m) ** 2 + (fB[rows[j]] - m) ** 2;
  const variance = ss / (2 * n);
  const S1: number[] = [];
  const ST: number[] = [];
  for (const ab of fAB) {
    let first = 0;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const r = rows[j];
      first += fB[r] * (ab[r] - fA[r]);
      total += (fA[r] - ab[r]) ** 2;
    }
    S1.push(first / n / variance);
    ST.push(total / (2 * n) / variance);
  }
  return { S1, ST };
}
