// The local level (a random walk seen through noise) that the nowcast filters the model's misfit
// with: the Kalman update against the normal algebra, and the maximum-likelihood fit recovering
// the spreads of a series made with known ones.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { fitLevel, levelLogLik, predictLevel, updateLevel } from '../../src/analysis/localLevel.ts';
import { gaussian } from '../../src/analysis/linalg.ts';
import { levelMonthLogLikelihood, monthLogLikelihood } from '../../src/analysis/particleFilter.ts';
import { observeLevel, seenDraws, weightedQuantile } from '../../src/analysis/posterior.ts';

describe('local level', () => {
  it('updates as the normal algebra says: a prior N(0, 1) and a residual 2 with noise 1 give N(1, ½)', () => {
    const m = { step: 0.5, noise: 1 };
    const prior = predictLevel({ mean: 0, variance: 0.75 }, m); // 0.75 + 0.25
    expect(prior.variance).toBeCloseTo(1, 12);
    const u = updateLevel(prior, m, 2);
    expect(u.level.mean).toBeCloseTo(1, 12);
    expect(u.level.variance).toBeCloseTo(0.5, 12);
    // the predictive density of the residual: N(0, prior + noise = 2) at 2
    expect(u.logLik).toBeCloseTo(-0.5 * (Math.log(2 * Math.PI * 2) + 4 / 2), 12);
    expect(predictLevel({ mean: 3, variance: 0 }, m, 4)).toEqual({ mean: 3, variance: 1 });
  });

  it('the maximum-likelihood fit recovers the spreads of a series made with known ones', () => {
    const normal = gaussian(seedrandom('level'));
    for (const truth of [{ step: 0.1, noise: 0.3 }, { step: 0.25, noise: 0.1 }]) {
      let b = 0;
      const e = Array.from({ length: 3000 }, () => {
        b += truth.step * normal();
        return b + truth.noise * normal();
      });
      const fit = fitLevel([e]);
      expect(fit.step / truth.step).toBeGreaterThan(0.8);
      expect(fit.step / truth.step).toBeLessThan(1.25);
      expect(fit.noise / truth.noise).toBeGreaterThan(0.8);
      expect(fit.noise / truth.noise).toBeLessThan(1.25);
      expect(levelLogLik(e, fit)).toBeGreaterThan(levelLogLik(e, { step: truth.step * 3, noise: truth.noise }));
    }
  });

  it('a month of the filter: a row of one origin updates its level, a grouped row is weighed by the fixed model, an unobserved origin only steps', () => {
    const model = { offset: 1, bias: [0, 0, 0, 0], sd: [0.2, 0.2, 0.2, 0.2], correlation: 0, level: { step: [0.1, 0.1, 0.1, 0.1], noise: [0.05, 0.05, 0.05, 0.05], measure: 'all' } };
    const sim = [100, 200, 300];
    const start = [0, 1, 2].map(() => ({ mean: 0, variance: 0.01 }));
    const single = levelMonthLogLikelihood([{ origins: [0], count: 120 }], sim, model, start);
    const e = Math.log(121 / 101);
    const expected = updateLevel(predictLevel(start[0], { step: 0.1, noise: 0.05 }), { step: 0.1, noise: 0.05 }, e);
    expect(single.logLik).toBeCloseTo(expected.logLik, 12);
    expect(single.levels[0].mean).toBeCloseTo(expected.level.mean, 12);
    expect(single.levels[1].mean).toBe(0); // stepped, not updated
    expect(single.levels[1].variance).toBeCloseTo(0.02, 12);
    const grouped = levelMonthLogLikelihood([{ origins: [1, 2], count: 450 }], sim, model, start);
    expect(grouped.logLik).toBeCloseTo(monthLogLikelihood([{ origins: [1, 2], count: 450 }], sim, model), 12);
    // seen through a level: z = 0 gives (sim + c) e^mean − c
    expect(observeLevel(100, model, 0, { mean: Math.log(2), variance: 0 }, 3, 0)).toBeCloseTo(201, 9);
  });

  it("draws the counts the record would show with the level's own variance: lognormal quantiles for one particle, the total the sum of the origins", () => {
    const level = (mean: number, variance: number) => ({ mean, variance });
    // one particle, two origins: 10,000 and 500 simulated, levels 0.5 ± 0.2 and 0 ± 0
    const seen = seenDraws([[10000, 500]], [[level(0.5, 0.04), level(0, 0)]], [1], 2000, 0.3, 20000, 'seen-test');
    expect(seen.weights).toHaveLength(20000);
    expect(seen.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const q = (o: number, p: number) => weightedQuantile(seen.values[o], seen.weights, p);
    // (sim + c) · exp(m ± 1.645 √v) − c
    expect(q(0, 0.05) / (12000 * Math.exp(0.5 - 1.645 * 0.2) - 2000)).toBeCloseTo(1, 1);
    expect(q(0, 0.95) / (12000 * Math.exp(0.5 + 1.645 * 0.2) - 2000)).toBeCloseTo(1, 1);
    expect(Math.abs(q(0, 0.95) - (12000 * Math.exp(0.5 + 1.645 * 0.2) - 2000))).toBeLessThan(300);
    // no variance: every draw is the point
    for (const v of seen.values[1]) expect(v).toBeCloseTo(500, 9);
    seen.values[2].forEach((t, k) => expect(t).toBeCloseTo(seen.values[0][k] + seen.values[1][k], 6));
    // a particle of weight 0 contributes nothing; the same seed gives the same draws
    const two = seenDraws([[10000, 500], [1e6, 1e6]], [[level(0.5, 0.04), level(0, 0)], [level(0, 0), level(0, 0)]], [1, 0], 2000, 0.3, 100, 'seen-test');
    expect(weightedQuantile(two.values[0], two.weights, 0.99)).toBeLessThan(1e5);
    expect(seenDraws([[10000, 500]], [[level(0.5, 0.04), level(0, 0)]], [1], 2000, 0.3, 100, 'seen-test').values).toEqual(seenDraws([[10000, 500]], [[level(0.5, 0.04), level(0, 0)]], [1], 2000, 0.3, 100, 'seen-test').values);
  });
});

