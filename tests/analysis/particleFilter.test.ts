import { describe, expect, it } from 'vitest';
import { driftStep, effectiveSize, jitter, monthLogLikelihood, normalise, systematicResample } from '../../src/analysis/particleFilter.ts';
import { weightedMoments } from '../../src/analysis/abcSmc.ts';

describe('particle filter arithmetic', () => {
  it('a month is normal on log counts, equicorrelated across rows, and a grouped row compares the sum of its origins', () => {
    const model = { offset: 1, bias: [0, 0, 0, 0], sd: [0.2, 0.2, 0.2, 0.2], correlation: 0 };
    const sim = [100, 200, 300];
    const normal = (z: number, sd: number) => -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    const z1 = Math.log(121 / 101) / 0.2;
    expect(monthLogLikelihood([{ origins: [0], count: 120 }, { origins: [1], count: 200 }], sim, model)).toBeCloseTo(normal(z1, 0.2) + normal(0, 0.2), 9);
    expect(monthLogLikelihood([{ origins: [0, 1], count: 300 }], sim, model)).toBeCloseTo(normal(0, 0.2), 9);
    // correlated rows: the same errors are less surprising together than apart
    const both = [{ origins: [0], count: 150 }, { origins: [1], count: 300 }];
    const independent = monthLogLikelihood(both, sim, model);
    const correlated = monthLogLikelihood(both, sim, { ...model, correlation: 0.8 });
    expect(correlated).toBeGreaterThan(independent);
    // and the bivariate normal density with correlation ρ, written out
    const rho = 0.8, za = Math.log(151 / 101) / 0.2, zb = Math.log(301 / 201) / 0.2;
    const exact = -(za * za + zb * zb - 2 * rho * za * zb) / (2 * (1 - rho * rho)) - 2 * Math.log(0.2) - 0.5 * Math.log(1 - rho * rho) - Math.log(2 * Math.PI);
    expect(correlated).toBeCloseTo(exact, 9);
  });

  it('normalises weights to sum 1 (even from very negative log-weights) and measures the effective sample size', () => {
    const { weights } = normalise([-1000, -1000, -1000 - Math.log(2)]);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(weights[0]).toBeCloseTo(0.4, 12);
    expect(effectiveSize([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(4, 12);
    expect(effectiveSize([1, 0, 0, 0])).toBe(1);
  });

  it('the drift moves only its coordinates, by its standard deviation, inside the unit box, the same for a seed', () => {
    const n = 4000;
    const unit = Array.from({ length: n }, (_, k) => [0.5, 0.3 + 0.4 * (k / n), 0.999]);
    const sd = [0.05, 0, 0.05];
    const moved = driftStep(unit, sd, 'drift');
    expect(driftStep(unit, sd, 'drift')).toEqual(moved);
    expect(driftStep(unit, sd, 'other')).not.toEqual(moved);
    const steps = moved.map((u, k) => u[0] - unit[k][0]);
    const mean = steps.reduce((a, b) => a + b, 0) / n;
    const variance = steps.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(4 * 0.05 / Math.sqrt(n)); // a random walk: no drift in the mean
    expect(Math.sqrt(variance)).toBeGreaterThan(0.05 * 0.95);
    expect(Math.sqrt(variance)).toBeLessThan(0.05 * 1.05);
    moved.forEach((u, k) => {
      expect(u[1]).toBe(unit[k][1]); // sd 0: fixed
      expect(u[2]).toBeGreaterThan(0); // reflected at the edge, never out of the box
      expect(u[2]).toBeLessThan(1);
    });
  });

  it('systematic resampling gives each particle ⌊Nw⌋ or ⌈Nw⌉ children, the same for a seed', () => {
    const w = [0.5, 0.3, 0.15, 0.05];
    const idx = systematicResample(w, 20, 'seed');
    const counts = w.map((_, j) => idx.filter((i) => i === j).length);
    counts.forEach((c, j) => expect(Math.abs(c - 20 * w[j])).toBeLessThanOrEqual(1));
    expect(systematicResample(w, 20, 'seed')).toEqual(idx);
  });

  it("Liu and West's jitter keeps the cloud's mean and spread (in the logit of the unit coordinates)", () => {
    const cloud = Array.from({ length: 400 }, (_, i) => [0.2 + 0.6 * ((i * 0.61803) % 1), 0.5 + 0.3 * Math.sin(i)]);
    const w = cloud.map(() => 1 / cloud.length);
    const parents = systematicResample(w, cloud.length, 'p');
    const moved = jitter(cloud, w, parents, 'j');
    const logit = (u: number) => Math.log(u / (1 - u));
    const before = weightedMoments(cloud.map((x) => x.map(logit)));
    const after = weightedMoments(moved.map((x) => x.map(logit)));
    for (let a = 0; a < 2; a++) {
      expect(Math.abs(after.mean[a] - before.mean[a])).toBeLessThan(0.1);
      expect(after.cov[a * 2 + a] / before.cov[a * 2 + a]).toBeGreaterThan(0.8);
      expect(after.cov[a * 2 + a] / before.cov[a * 2 + a]).toBeLessThan(1.25);
    }
    expect(moved.some((x, k) => x[0] !== cloud[parents[k]][0])).toBe(true); // children differ from their parents
  });
});
