// Morris (1991) elementary effects screening, "Factorial sampling plans for preliminary
// computational experiments", Technometrics 33, 161–174; μ* from Campolongo, Cariboni &
// Saltelli (2007), Environ. Model. Softw. 22, 1509–1518. Conventions follow SALib's
// morris.sample / morris.analyze: effects in the unit cube, σ with n − 1, μ* confidence as
// z · (bootstrap standard deviation of μ*).
import seedrandom from 'seedrandom';
import { mean, normalQuantile, sd, type Rng } from './stats.ts';

export type MorrisIndex = { name: string; muStar: number; mu: number; sigma: number; muStarConf: number };

export type MorrisOptions = { bootstrapReps?: number; level?: number; seed?: string };

/** Step Δ = p / (2(p − 1)) on a p-level grid of [0, 1] (Morris 1991). */
export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

/**
 * `trajectories` one-at-a-time trajectories of k + 1 points each in [0, 1]^k, on the grid
 * {0, 1/(p−1), …, 1} with p = `levels` (even). Each trajectory starts from a random grid point,
 * then moves every factor once by ±Δ in a random order (Morris 1991, B* construction).
 */
export function morrisSample(k: number, trajectories: number, levels: number, rng: Rng): number[][] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`morrisSample: k must be a positive integer, got ${k}`);
  if (!Number.isInteger(trajectories) || trajectories < 1) {
    throw new Error(`morrisSample: trajectories must be a positive integer, got ${trajectories}`);
  }
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new Error(`morrisSample: levels must be an even integer ≥ 2 (so that Δ lands on the grid), got ${levels}`);
  }
  // Work in grid indices 0 … p−1 so points are exact; Δ is p/2 grid steps.
  const step = levels / 2;
  const top = levels - 1;
  const points: number[][] = [];
  for (let t = 0; t < trajectories; t++) {
    const index = new Array<number>(k);
    const direction = new Array<number>(k);
    for (let i = 0; i < k; i++) {
      const start = Math.floor(rng() * (levels - step)); // start + step ≤ p − 1
      direction[i] = rng() < 0.5 ? 1 : -1;
      index[i] = direction[i] === 1 ? start : start + step;
    }
    const order = shuffle(Array.from({ length: k }, (_, i) => i), rng);
    points.push(index.map((v) => v / top));
    for (const i of order) {
      index[i] += direction[i] * step;
      points.push(index.map((v) => v / top));
    }
  }
  return points;
}

/**
 * Elementary-effects statistics for the points of `morrisSample` (unit cube, in order) and
 * their `outputs`. The factor moved between consecutive points is read from the points.
 */
export function morrisAnalyze(
  names: readonly string[],
  unitPoints: readonly (readonly number[])[],
  outputs: ArrayLike<number>,
  options: MorrisOptions = {},
): MorrisIndex[] {
  const k = names.length;
  const perTrajectory = k + 1;
  if (unitPoints.length !== outputs.length) {
    throw new Error(`morrisAnalyze: ${unitPoints.length} points but ${outputs.length} outputs`);
  }
  if (k < 1 || unitPoints.length === 0 || unitPoints.length % perTrajectory !== 0) {
    throw new Error(`morrisAnalyze: ${unitPoints.length} points is not a multiple of k + 1 = ${perTrajectory}`);
  }
  const effects: number[][] = names.map(() => []);
  for (let t = 0; t < unitPoints.length; t += perTrajectory) {
    for (let s = t; s < t + k; s++) {
      const before = unitPoints[s];
      const after = unitPoints[s + 1];
      const moved = before.flatMap((x, i) => (Math.abs(after[i] - x) > 1e-12 ? [i] : []));
      if (moved.length !== 1) throw new Error(`morrisAnalyze: points ${s} and ${s + 1} differ in ${moved.length} factors, expected 1`);
      const i = moved[0];
      effects[i].push((outputs[s + 1] - outputs[s]) / (after[i] - before[i]));
    }
  }
  const reps = options.bootstrapReps ?? 1000;
  const z = normalQuantile(0.5 + (options.level ?? 0.95) / 2);
  const rng = seedrandom(options.seed ?? 'morrisAnalyze');
  return names.map((name, i) => {
    const ee = effects[i];
    const absolute = ee.map(Math.abs);
    return { name, muStar: mean(absolute), mu: mean(ee), sigma: sd(ee), muStarConf: z * sd(bootstrapMeans(absolute, reps, rng)) };
  });
}

function bootstrapMeans(values: readonly number[], reps: number, rng: Rng): Float64Array {
  const n = values.length;
  const means = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += values[Math.floor(rng() * n)];
    means[r] = sum / n;
  }
  return means;
}

/** Fisher–Yates shuffle in place. */
function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
