// Saltelli sampling for first-order and total Sobol' indices (no second order).
// Saltelli et al. (2010), "Variance based sensitivity analysis of model output. Design and
// estimator for the total sensitivity index", Comput. Phys. Commun. 181, 259–270, and the
// layout of SALib's saltelli.sample(calc_second_order=False).
import { sobolSequence } from './sobolSequence.ts';

/** Rows per base sample: A, AB_1 … AB_k, B. */
export function saltelliRowsPerSample(k: number): number {
  return k + 2;
}

/**
 * N·(k+2) points for k = bounds.length parameters. A and B are the two halves of a
 * 2k-dimensional Sobol' sequence (first point skipped); AB_i is A with column i taken from B.
 * Row order, per base sample j: A_j, AB_1j, …, AB_kj, B_j (as SALib), so outputs can be
 * handed back in the same order to `sobolIndices`.
 */
export function saltelliSample(n: number, bounds: readonly (readonly [number, number])[]): number[][] {
  const k = bounds.length;
  if (k < 1) throw new Error('saltelliSample: need at least one parameter');
  if (!Number.isInteger(n) || n < 1) throw new Error(`saltelliSample: n must be a positive integer, got ${n}`);
  for (const [low, high] of bounds) {
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
      throw new Error(`saltelliSample: invalid bounds [${low}, ${high}]`);
    }
  }
  const base = sobolSequence(n, 2 * k);
  const scale = (u: number, i: number) => bounds[i][0] + u * (bounds[i][1] - bounds[i][0]);
  const rows: number[][] = [];
  for (const point of base) {
    const a = point.slice(0, k);
    const b = point.slice(k);
    rows.push(a.map(scale));
    for (let i = 0; i < k; i++) {
      const ab = a.slice();
      ab[i] = b[i];
      rows.push(ab.map(scale));
    }
    rows.push(b.map(scale));
  }
  return rows;
}
