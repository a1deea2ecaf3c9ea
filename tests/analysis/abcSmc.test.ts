import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { abcCloseRound, abcConvergence, abcInit, abcRecord, abcToSimulate, REJECTED_DISTANCE, resampleParticles, weightedMoments } from '../../src/analysis/abcSmc.ts';
import type { AbcState } from '../../src/analysis/abcSmc.ts';

// A known case: y_1..y_n ~ N(θ, 1) with a flat prior on θ ∈ [−5, 5]; the posterior is N(ȳ, 1/n)
// (truncation negligible). The simulator draws n values and the distance is |ȳ_sim − ȳ|.
const n = 25;
const dataRng = seedrandom('data');
const normal = () => Math.sqrt(-2 * Math.log(1 - dataRng())) * Math.cos(2 * Math.PI * dataRng());
const y = Array.from({ length: n }, () => 1.3 + normal());
const ybar = y.reduce((a, b) => a + b) / n;
const theta = (u: number) => -5 + 10 * u;

function distance(u: number[], c: string): number {
  const r = seedrandom(c);
  let s = 0;
  for (let k = 0; k < n; k++) s += theta(u[0]) + Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Math.abs(s / n - ybar);
}

/** Runs `generations` generations in batches of `batch`, from a state or from scratch. */
function run(generations: number, batch: number, from?: AbcState, minAcceptance = 0): AbcState {
  const s = from ?? abcInit({ particles: 400, dimension: 1, quantile: 0.5, seed: 'test' });
  while (s.generation < generations) {
    for (;;) {
      const todo = abcToSimulate(s).slice(0, batch);
      const dists = todo.map((i) => distance(s.pending.proposals[i], `sim|${s.generation}|r${s.pending.round}|${i}`));
      if (abcRecord(s, todo, dists)) break;
    }
    const g = abcCloseRound(s);
    if (g && g.generation > 0 && g.acceptance < minAcceptance) break; // as calibrate stops
  }
  return s;
}

describe('ABC-SMC', () => {
  it('recovers the posterior of a normal mean (flat prior): mean ȳ and sd 1/√n', () => {
    const s = run(30, 200, undefined, 0.03);
    const { mean, cov } = weightedMoments(s.particles.map((u) => [theta(u[0])]));
    expect(Math.abs(mean[0] - ybar)).toBeLessThan(0.06);
    const sd = Math.sqrt(cov[0]);
    expect(sd).toBeGreaterThan(0.8 / Math.sqrt(n)); // ABC at a small tolerance is a little wider than the exact posterior
    expect(sd).toBeLessThan(1.35 / Math.sqrt(n));
    // the tolerance shrank and the population stayed diverse
    const eps = s.history.map((h) => h.epsilon).filter((e): e is number => e !== null);
    for (let k = 1; k < eps.length; k++) expect(eps[k]).toBeLessThanOrEqual(eps[k - 1]);
    expect(eps.at(-1)!).toBeLessThan(0.05);
    expect(s.history.at(-1)!.distinct).toBeGreaterThan(100);
    expect(s.history.length).toBeLessThan(30); // stopped on its acceptance floor
  });

  it('never accepts a candidate the simulator rejected, even when most of the prior is rejected', () => {
    // θ > −1 floods the corridor (70% of the prior): the sampler must move to the rest, not stall at the rejection mark
    const s = abcInit({ particles: 200, dimension: 1, quantile: 0.5, seed: 'flood' });
    const d = (u: number[], c: string) => (theta(u[0]) > -1 ? REJECTED_DISTANCE : distance(u, c));
    while (s.generation < 6) {
      const todo = abcToSimulate(s);
      abcRecord(s, todo, todo.map((i) => d(s.pending.proposals[i], `sim|${s.generation}|r${s.pending.round}|${i}`)));
      abcCloseRound(s);
    }
    const eps = s.history.slice(1).map((h) => h.epsilon as number);
    for (const e of eps) expect(e).toBeLessThan(REJECTED_DISTANCE);
    for (let k = 1; k < eps.length; k++) expect(eps[k]).toBeLessThanOrEqual(eps[k - 1]);
    expect(s.distances.every((x) => x < REJECTED_DISTANCE)).toBe(true);
    expect(s.particles.every((u) => theta(u[0]) <= -1)).toBe(true);
  });

  it('gives the same particles whatever the batch size, and resumes from a saved state exactly', () => {
    const a = run(4, 64);
    const b = run(4, 250);
    expect(b.particles).toEqual(a.particles);
    expect(b.distances).toEqual(a.distances);
    const half = JSON.parse(JSON.stringify(run(2, 64))) as AbcState; // what a checkpoint file holds
    const resumed = run(4, 64, half);
    expect(resumed.particles).toEqual(a.particles);
    expect(resumed.distances).toEqual(a.distances);
  });

  it('resamples systematically: counts follow the weights, the same for a seed', () => {
    const particles = [[0.1], [0.2], [0.3], [0.4]];
    const weights = [0.5, 0.25, 0.125, 0.125];
    const out = resampleParticles(particles, weights, 8, 'r');
    const counts = particles.map((p) => out.filter((q) => q === p).length);
    expect(counts).toEqual([4, 2, 1, 1]);
    expect(resampleParticles(particles, weights, 8, 'r')).toEqual(out);
  });

  it('says a run stopped by its budget while the tolerance still falls has not converged, and one at the acceptance floor has', () => {
    const gen = (generation: number, epsilon: number | null, acceptance: number) => ({ generation, epsilon, simulated: 96, acceptance, rounds: 1, scale: 0.2, distinct: 90 });
    // the tolerances of the 2026-12-01 calibration's last generations: 3.3% a generation
    const falling = [gen(0, null, 1), gen(1, 0.7728, 0.25), gen(2, 0.7487, 0.2), gen(3, 0.7276, 0.22), gen(4, 0.7138, 0.19)];
    const c = abcConvergence(falling, 0.03, 'budget');
    expect(c.converged).toBe(false);
    expect(c.toleranceFall).toBeCloseTo(1 - Math.pow(0.7138 / 0.7728, 1 / 3), 12);
    expect(abcConvergence(falling, 0.03, 'acceptance').converged).toBe(true);
    // a flat tolerance: converged even if the budget stopped it
    const flat = [gen(0, null, 1), gen(1, 0.50, 0.1), gen(2, 0.499, 0.1), gen(3, 0.498, 0.1), gen(4, 0.4975, 0.1)];
    expect(abcConvergence(flat, 0.03, 'budget').converged).toBe(true);
    // too few generations to judge: not converged
    expect(abcConvergence([gen(0, null, 1), gen(1, 0.9, 0.3)], 0.03, 'generations').converged).toBe(false);
  });

  it('a real run: stopped at its acceptance floor is converged; cut short by a budget it is not', () => {
    const s = run(12, 400, undefined, 0.05);
    const stoppedAtFloor = s.history.at(-1)!.acceptance < 0.05;
    const short = run(3, 400);
    expect(abcConvergence(short.history, 0.05, 'generations').converged).toBe(false);
    expect(stoppedAtFloor).toBe(true); // the known case's tolerance reaches the simulator's noise within 12 generations
    expect(abcConvergence(s.history, 0.05, 'acceptance').converged).toBe(true);
  });
});

