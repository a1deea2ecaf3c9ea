// Approximate Bayesian computation by sequential Monte Carlo with MCMC moves (Del Moral, Doucet
// & Jasra 2012, "An adaptive sequential Monte Carlo method for approximate Bayesian
// computation", Statistics and Computing 22:1009; the scheme pomp's abc and ABC-SMC packages
// such as pyABC build on). For a simulator with no likelihood to write down: a population of
// parameter vectors (particles), each with the distance of its simulation to the data, is moved
// generation by generation towards smaller distances. Each generation
//   1. sets the tolerance ε to the `quantile` of the particles' distances, so that that share of
//      them stays alive (keeping the sample size, unlike importance weights, which collapse in
//      a few generations in 30 dimensions);
//   2. resamples the N particles from the alive ones (systematic resampling);
//   3. moves each by R Metropolis–Hastings steps of the ABC target π(θ) 1[d(θ) ≤ ε]: a Gaussian
//      proposal around it (covariance: the alive particles' own, scaled to keep the acceptance
//      near a quarter), accepted if its simulation lands within ε and a uniform falls below the
//      prior ratio. R is set from the last generation's acceptance so that a particle moves at
//      least once with probability 0.8 (Drovandi & Pettitt 2011, Biometrics 67:225); the
//      sampler stops when the acceptance falls below a floor (the tolerance is then as small as
//      the simulator's own noise allows).
// The final population is an equally weighted sample from π(θ | d(sim(θ), data) ≤ ε).
//
// Parameters live in unit coordinates u ∈ [0, 1]^p, where the prior is uniform (in each
// parameter or its logarithm; calibrationFile.ts maps them). Proposals are made in z = logit(u),
// where the box has no edge; the prior's density in z, Π σ(z)(1 − σ(z)), enters the acceptance
// ratio. Pure and deterministic: every draw comes from a stream named by (seed, generation,
// particle), so results do not depend on batch sizes or workers, and a state saved as JSON
// resumes exactly.
import seedrandom from 'seedrandom';
import { cholesky, gaussian } from './linalg.ts';

export interface AbcOptions {
  /** particles in the population */
  particles: number;
  /** dimension of the parameter space */
  dimension: number;
  /** share of the particles kept alive when the tolerance tightens */
  quantile: number;
  seed: string;
}

export interface AbcGeneration {
  generation: number;
  /** the tolerance the generation's moves were made under (null: draws from the prior) */
  epsilon: number | null;
  /** simulations made in the generation */
  simulated: number;
  /** of the generation's proposals, the share accepted (1 for the prior draws) */
  acceptance: number;
  /** Metropolis–Hastings steps per particle */
  rounds: number;
  /** proposal scale: multiplier of the particles' covariance */
  scale: number;
  /** distinct particles after the generation */
  distinct: number;
}

export interface AbcState {
  options: AbcOptions;
  /** the generation being made (0 = draws from the prior) */
  generation: number;
  /** tolerance of the generation being made (null for generation 0; JSON-safe) */
  epsilon: number | null;
  /** the population: particles in unit coordinates and their distances (empty before generation 0 is done) */
  particles: number[][];
  distances: number[];
  /**
   * The generation being made: the population as it stands (resampled, then moved round by
   * round), this round's proposals and the distances simulated so far, the rounds, the moves
   * accepted so far, and the proposal's Cholesky factor in z (fixed for the generation).
   */
  pending: {
    current: number[][];
    currentDistances: number[];
    proposals: number[][];
    distances: (number | null)[];
    round: number;
    rounds: number;
    accepted: number;
    cholesky: number[];
  };
  /** multiplier of the covariance in the proposal, adapted from each generation's acceptance */
  scale: number;
  history: AbcGeneration[];
}

const logit = (u: number) => Math.log(u / (1 - u));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Unit coordinates are kept off the box's faces, where the logit is infinite (the prior gives them no mass). */
const EDGE = 1e-9;
/** Unit coordinates to the sampler's unbounded ones, z = logit(u), and back. */
export function toZ(u: number[]): number[] {
  return u.map((v) => logit(Math.min(1 - EDGE, Math.max(EDGE, v))));
}
export function fromZ(z: number[]): number[] {
  return z.map((v) => Math.min(1 - EDGE, Math.max(EDGE, sigmoid(v))));
}
/** log of the prior density in z: Σ ln σ(z)(1 − σ(z)) */
function logPriorZ(z: number[]): number {
  let s = 0;
  for (const v of z) s += -Math.abs(v) - 2 * Math.log1p(Math.exp(-Math.abs(v)));
  return s;
}

/** Acceptance the proposal scale is tuned towards (about right for random-walk Metropolis in many dimensions). */
const TARGET_ACCEPTANCE = 0.25;

export function abcInit(options: AbcOptions): AbcState {
  if (!(options.particles >= 2)) throw new Error('ABC-SMC needs at least 2 particles');
  if (!(options.quantile > 0 && options.quantile < 1)) throw new Error('ABC-SMC quantile must be in (0, 1)');
  const p = options.dimension;
  const proposals = Array.from({ length: options.particles }, (_, c) => {
    const rng = seedrandom(`${options.seed}|abc|prior|c${c}`);
    return Array.from({ length: p }, () => rng());
  });
  return {
    options, generation: 0, epsilon: null, particles: [], distances: [],
    pending: { current: [], currentDistances: [], proposals, distances: proposals.map(() => null), round: 0, rounds: 1, accepted: 0, cholesky: [] },
    scale: (2.38 * 2.38) / p, // Gelman, Roberts & Gilks' optimal scale for a Gaussian target
    history: [],
  };
}

/** Weighted mean and covariance (row-major) of the particles; equal weights when none are given. */
export function weightedMoments(particles: number[][], weights?: number[]): { mean: number[]; cov: number[] } {
  const n = particles.length;
  const w = weights ?? particles.map(() => 1 / n);
  const p = particles[0]?.length ?? 0;
  const mean = new Array<number>(p).fill(0);
  particles.forEach((x, i) => x.forEach((v, a) => (mean[a] += w[i] * v)));
  const cov = new Array<number>(p * p).fill(0);
  let w2 = 0;
  for (const x of w) w2 += x * x;
  const norm = 1 / Math.max(1e-12, 1 - w2); // unbiased for normalised weights
  particles.forEach((x, i) => {
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) cov[a * p + b] += norm * w[i] * (x[a] - mean[a]) * (x[b] - mean[b]);
  });
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) cov[b * p + a] = cov[a * p + b];
  return { mean, cov };
}

/** Indices of the particles whose simulations must still be run in the pending generation, in order. */
export function abcToSimulate(s: AbcState): number[] {
  const out: number[] = [];
  s.pending.distances.forEach((d, i) => {
    if (d === null) out.push(i);
  });
  return out;
}

/** Records simulated distances for pending proposals `indices`; returns true when the generation can be closed. */
export function abcRecord(s: AbcState, indices: number[], distances: number[]): boolean {
  indices.forEach((i, k) => (s.pending.distances[i] = distances[k]));
  return s.pending.distances.every((d) => d !== null);
}

/** This round's proposals: a Gaussian step in z from each particle, from a stream of its own. */
function propose(s: AbcState): number[][] {
  const { seed } = s.options;
  const L = s.pending.cholesky;
  return s.pending.current.map((u, i) => {
    const normal = gaussian(seedrandom(`${seed}|abc|g${s.generation}|r${s.pending.round}|c${i}`));
    return fromZ(gaussianStep(toZ(u), L, 1, normal));
  });
}

/** z + scale · L e, e standard normal from `normal`: a step with covariance scale² · L Lᵀ (L lower triangular, row-major). */
export function gaussianStep(z: number[], L: number[], scale: number, normal: () => number): number[] {
  const p = z.length;
  const e = Array.from({ length: p }, () => normal());
  return z.map((v, a) => {
    let d = 0;
    for (let b = 0; b <= a; b++) d += L[a * p + b] * e[b];
    return v + scale * d;
  });
}

/** Steps per particle so that it moves at least once with probability 0.8 at the given acceptance. */
function roundsFor(acceptance: number, most: number): number {
  if (acceptance >= 0.8) return 1;
  if (acceptance <= 0) return most;
  return Math.min(most, Math.max(1, Math.ceil(Math.log(0.2) / Math.log(1 - acceptance))));
}

/**
 * The distance of a candidate the simulator rejected without a result (it flooded the corridor,
 * or was stopped once surely outside ε): never accepted, never setting a tolerance. Finite, so
 * that a saved state is plain JSON.
 */
export const REJECTED_DISTANCE = Number.MAX_VALUE;

/**
 * Closes the round whose distances are all recorded: keeps each proposal the ABC target accepts
 * (every draw of generation 0). After the generation's last round it records the generation,
 * tightens the tolerance, resamples and sets up the next generation; returns the generation's
 * record then, null after an inner round.
 */
export function abcCloseRound(s: AbcState, mostRounds = 8): AbcGeneration | null {
  const { particles: n, dimension: p, seed, quantile } = s.options;
  const pend = s.pending;
  if (s.generation === 0) {
    pend.current = pend.proposals;
    pend.currentDistances = pend.distances as number[];
    pend.accepted = n;
  } else {
    for (let i = 0; i < n; i++) {
      const d = pend.distances[i] as number;
      if (d > (s.epsilon as number) || d >= REJECTED_DISTANCE) continue;
      const u = seedrandom(`${seed}|abc|g${s.generation}|r${pend.round}|accept${i}`)();
      if (Math.log(u) < logPriorZ(toZ(pend.proposals[i])) - logPriorZ(toZ(pend.current[i]))) {
        pend.current[i] = pend.proposals[i];
        pend.currentDistances[i] = d;
        pend.accepted++;
      }
    }
  }
  pend.round++;
  if (pend.round < pend.rounds) {
    pend.proposals = propose(s);
    pend.distances = pend.proposals.map(() => null);
    return null;
  }
  s.particles = pend.current;
  s.distances = pend.currentDistances;
  const acceptance = pend.accepted / (n * pend.rounds);
  const record: AbcGeneration = {
    generation: s.generation, epsilon: s.epsilon, simulated: n * pend.rounds, acceptance, rounds: pend.rounds, scale: s.scale,
    distinct: new Set(s.particles.map((x) => x.join(','))).size,
  };
  s.history.push(record);
  // adapt the proposal scale towards the target acceptance (bounded steps)
  if (s.generation > 0) s.scale *= Math.min(2, Math.max(0.5, Math.exp(3 * (acceptance - TARGET_ACCEPTANCE))));
  // the next tolerance keeps `quantile` of the population alive; resample the alive ones
  const sorted = s.distances.slice().sort((a, b) => a - b);
  let epsilon = sorted[Math.max(0, Math.ceil(quantile * n) - 1)];
  // more than (1 − quantile) of the population rejected: the tolerance is the worst distance that
  // has one, so that only candidates with a result stay alive (a tolerance at the rejection mark
  // would let rejected candidates in and stall the sampler there)
  if (epsilon >= REJECTED_DISTANCE) epsilon = sorted.filter((d) => d < REJECTED_DISTANCE).at(-1) ?? epsilon;
  const alive = s.distances.map((d, i) => (d <= epsilon ? i : -1)).filter((i) => i >= 0);
  const u0 = seedrandom(`${seed}|abc|g${s.generation + 1}|resample`)() / n;
  const current: number[][] = [];
  const currentDistances: number[] = [];
  for (let k = 0; k < n; k++) {
    const j = alive[Math.min(alive.length - 1, Math.floor((u0 + k / n) * alive.length))];
    current.push(s.particles[j]);
    currentDistances.push(s.distances[j]);
  }
  const { cov } = weightedMoments(alive.map((i) => toZ(s.particles[i])));
  for (let a = 0; a < p; a++) cov[a * p + a] = Math.max(cov[a * p + a], 1e-8); // a collapsed direction keeps a little spread
  s.generation++;
  s.epsilon = epsilon;
  s.pending = {
    current, currentDistances, proposals: [], distances: [], round: 0,
    rounds: s.generation === 1 ? 1 : roundsFor(acceptance, mostRounds), accepted: 0,
    cholesky: cholesky(cov.map((v) => v * s.scale), p),
  };
  s.pending.proposals = propose(s);
  s.pending.distances = s.pending.proposals.map(() => null);
  return record;
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

/** Effective sample size of normalised weights, 1 / Σw². */
export function effectiveSampleSize(weights: number[]): number {
  let s = 0;
  for (const w of weights) s += w * w;
  return s > 0 ? 1 / s : 0;
}

/** Why a sampler stopped, and whether its tolerance had stopped falling. */
export interface AbcConvergence {
  /** 'acceptance': the floor was reached (the tolerance is at the simulator's noise); else a budget ran out first */
  stoppedBy: 'acceptance' | 'budget' | 'generations';
  /** mean relative fall of the tolerance per generation over the last `window` generations (0.03 = 3% a generation) */
  toleranceFall: number;
  /** acceptance of the last generation */
  acceptance: number;
  converged: boolean;
}

/**
 * A sampler has converged when its moves no longer find candidates within a tighter tolerance:
 * the acceptance fell below the floor. One stopped by its budget while the tolerance still falls
 * faster than `flat` a generation has not: its posterior is wider, and sits farther from the
 * data, than the method would give (the run of 2026-12-01 stopped at 16,000 simulations still
 * falling 3% a generation; docs/CALIBRATION.md).
 */
export function abcConvergence(history: AbcGeneration[], minAcceptance: number, stoppedBy: 'acceptance' | 'budget' | 'generations', window = 3, flat = 0.01): AbcConvergence {
  const tol = history.map((g) => g.epsilon).filter((e): e is number => e !== null);
  const recent = tol.slice(-(window + 1));
  const toleranceFall = recent.length >= 2 ? 1 - Math.pow(recent[recent.length - 1] / recent[0], 1 / (recent.length - 1)) : 0;
  const acceptance = history.at(-1)?.acceptance ?? 1;
  const converged = stoppedBy === 'acceptance' || acceptance < minAcceptance || (recent.length > window && toleranceFall < flat);
  return { stoppedBy, toleranceFall, acceptance, converged };
}
