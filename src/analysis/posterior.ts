// What a calibration leaves uncertain (docs/MODEL.md §10): the posterior sample of ABC-SMC —
// particles with importance weights — its summaries (weighted quantiles, correlations), draws
// from it for projections, and the observation model that turns the simulator's monthly counts
// into predictions of what CBP will record. Pure.
import seedrandom from 'seedrandom';
import { resampleParticles, weightedMoments, effectiveSampleSize } from './abcSmc.ts';
import type { AbcConvergence, AbcGeneration } from './abcSmc.ts';
import { gaussian } from './linalg.ts';
import type { Level } from './localLevel.ts';

export interface ParticlePosterior {
  method: 'abc-smc';
  names: string[];
  /** uniform prior on the value, or on its logarithm, between lo and hi (t coordinates) */
  log: boolean[];
  lo: number[];
  hi: number[];
  /** particles in parameter values, with normalised weights */
  particles: number[][];
  weights: number[];
  /** distance of each particle to the record */
  distances: number[];
  generations: AbcGeneration[];
  simulations: number;
  /** why the sampler stopped and whether it had converged (absent in files written before 2026-12-02) */
  convergence?: AbcConvergence;
  /**
   * Observation model: log of CBP's count = log of the simulated count + e, e ~ N(bias, sd²) per
   * origin (and for the total), measured on the calibration window at the posterior (model
   * discrepancy and reporting noise together). Absent until validate-fit has measured it.
   */
  observation?: ObservationModel;
}

export interface ObservationModel {
  offset: number;
  /** per origin (ORIGINS order) and, last, for the monthly total */
  bias: number[];
  sd: number[];
  /** correlation of the standardised errors of different origins in the same month */
  correlation?: number;
  /** the record's measure it was measured on (the newest one's is what forecasts are seen through) */
  measure?: string;
  /**
   * The misfit as a local level (localLevel.ts), per origin and for the total: its monthly step
   * σ_η and the noise σ_ε around it, and the measure they were fitted on. The nowcast filters it.
   */
  level?: { step: number[]; noise: number[]; measure: string };
}

export interface ParameterSummary {
  name: string;
  mean: number;
  sd: number;
  p05: number;
  p50: number;
  p95: number;
}

/** Weighted quantile of values. */
/** The particle with the smallest distance, as a point (names and values), the start of local searches and diagnostics. */
export function bestParticle(post: ParticlePosterior): { names: string[]; values: number[] } {
  return { names: post.names, values: post.particles[post.distances.indexOf(Math.min(...post.distances))] };
}

export function weightedQuantile(values: number[], weights: number[], q: number): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let acc = 0;
  for (const i of order) {
    acc += weights[i];
    if (acc >= q) return values[i];
  }
  return values[order[order.length - 1]];
}

/** Mean and sd in the prior's coordinates (the log for log parameters, reported back as values), and weighted quantiles. */
export function summarizePosterior(post: ParticlePosterior): ParameterSummary[] {
  return post.names.map((name, a) => {
    const t = post.particles.map((x) => (post.log[a] ? Math.log(x[a]) : x[a]));
    const { mean, cov } = weightedMoments(t.map((v) => [v]), post.weights);
    const values = post.particles.map((x) => x[a]);
    return {
      name,
      mean: post.log[a] ? Math.exp(mean[0]) : mean[0],
      sd: Math.sqrt(cov[0]),
      p05: weightedQuantile(values, post.weights, 0.05),
      p50: weightedQuantile(values, post.weights, 0.5),
      p95: weightedQuantile(values, post.weights, 0.95),
    };
  });
}

/** Weighted correlation matrix of the parameters in the prior's coordinates (row-major). */
export function posteriorCorrelations(post: ParticlePosterior): number[] {
  const t = post.particles.map((x) => x.map((v, a) => (post.log[a] ? Math.log(v) : v)));
  const { cov } = weightedMoments(t, post.weights);
  const p = post.names.length;
  return cov.map((c, k) => {
    const a = Math.floor(k / p);
    const b = k % p;
    const d = Math.sqrt(cov[a * p + a] * cov[b * p + b]);
    return d > 0 ? c / d : a === b ? 1 : 0;
  });
}

export function posteriorEss(post: ParticlePosterior): number {
  return effectiveSampleSize(post.weights);
}

/** `reps` parameter sets drawn from the posterior by systematic resampling (deterministic for a seed). */
export function drawParameters(post: ParticlePosterior, reps: number, seed: string): Record<string, number>[] {
  return resampleParticles(post.particles, post.weights, reps, seed).map((x) => Object.fromEntries(post.names.map((n, a) => [n, x[a]])));
}

/** Deviates of the observation model for `reps` draws: one standard normal per draw and series, from a seeded stream. */
export function observationNoise(reps: number, series: number, seed: string): Float64Array {
  const normal = gaussian(seedrandom(seed));
  return Float64Array.from({ length: reps * series }, () => normal());
}

/** A simulated count seen through the observation model: (sim + c) · exp(bias + sd · z) − c, at least 0. */
export function observe(sim: number, model: ObservationModel, series: number, z: number): number {
  return Math.max(0, (sim + model.offset) * Math.exp(model.bias[series] + model.sd[series] * z) - model.offset);
}

/**
 * A simulated count seen h months after the last assimilated one through a filtered local level
 * (localLevel.ts): the level's mean, and a spread that adds h steps of σ_η² and the month's σ_ε²
 * to the level's variance; z a standard normal draw.
 */
export function observeLevel(sim: number, model: ObservationModel, origin: number, level: Level, h: number, z: number): number {
  const lm = model.level!;
  return seenThroughLevel(sim, model.offset, { mean: level.mean, variance: level.variance + h * lm.step[origin] ** 2 + lm.noise[origin] ** 2 }, z);
}

/**
 * A simulated count as the record would count it, given a filtered level: (sim + c) · exp(m + √v · z) − c,
 * at least 0. With the level's own mean and variance this is the count, not one noisy reading of it.
 */
export function seenThroughLevel(sim: number, offset: number, level: Level, z: number): number {
  return Math.max(0, (sim + offset) * Math.exp(level.mean + Math.sqrt(level.variance) * z) - offset);
}

/**
 * Draws of the counts the record would show, given each particle's simulated counts by origin and
 * its filtered levels: `draws` per particle, the origins' normal draws equicorrelated with ρ
 * (z_o = √ρ·z_common + √(1 − ρ)·z_o'), the total their sum. Returns per series (the origins, then
 * the total) the drawn values, and the weight of each draw (its particle's weight / draws).
 */
export function seenDraws(simulated: ArrayLike<number>[], levels: Level[][], weights: number[], offset: number, rho: number, draws: number, seed: string): { values: number[][]; weights: number[] } {
  const nO = levels[0]?.length ?? 0;
  const z = observationNoise(simulated.length * draws, nO + 1, seed);
  const values = Array.from({ length: nO + 1 }, () => [] as number[]);
  const w: number[] = [];
  simulated.forEach((sim, k) => {
    for (let j = 0; j < draws; j++) {
      const row = (k * draws + j) * (nO + 1);
      let total = 0;
      for (let o = 0; o < nO; o++) {
        const x = seenThroughLevel(sim[o], offset, levels[k][o], equicorrelated(z, row, nO, o, rho));
        values[o].push(x);
        total += x;
      }
      values[nO].push(total);
      w.push(weights[k] / draws);
    }
  });
  return { values, weights: w };
}

/**
 * Origin o's standard normal draw from a row of nO + 1 independent ones whose last is common to
 * every origin: √ρ·z_common + √(1 − ρ)·z_o, so that the origins' draws correlate by ρ (held to
 * [0, 0.95]; policy news moves every origin at once).
 */
export function equicorrelated(z: ArrayLike<number>, row: number, nO: number, o: number, rho: number): number {
  const r = Math.min(0.95, Math.max(0, rho));
  return Math.sqrt(r) * z[row + nO] + Math.sqrt(1 - r) * z[row + o];
}
