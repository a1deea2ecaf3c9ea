import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import {
  bootstrapInterval,
  mean,
  normalQuantile,
  pairedDifferences,
  quantile,
  sd,
  summarize,
} from '../../src/analysis/stats.ts';

const oneToTen = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5];

describe('quantile', () => {
  it('matches R type 7 on 1:10', () => {
    // R: quantile(1:10, c(0, 0.05, 0.25, 0.5, 0.9, 0.95, 1))
    expect(quantile(oneToTen, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantile(oneToTen, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile(oneToTen, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantile(oneToTen, 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile(oneToTen, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantile(oneToTen, 0)).toBe(1);
    expect(quantile(oneToTen, 1)).toBe(10);
  });

  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('is NaN without values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('mean, sd and summarize', () => {
  it('use n − 1 for the standard deviation, like R', () => {
    expect(mean(oneToTen)).toBe(5.5);
    expect(sd(oneToTen)).toBeCloseTo(3.0276503540974917, 12); // R: sd(1:10)
    expect(sd([4])).toBeNaN();
  });

  it('summarize gives mean, sd, p05, p50, p95', () => {
    const s = summarize(oneToTen);
    expect(s.mean).toBe(5.5);
    expect(s.sd).toBeCloseTo(3.0276503540974917, 12);
    expect(s.p05).toBeCloseTo(1.45, 12);
    expect(s.p50).toBeCloseTo(5.5, 12);
    expect(s.p95).toBeCloseTo(9.55, 12);
  });
});

describe('normalQuantile', () => {
  it('matches R qnorm', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
  });
});

describe('bootstrapInterval', () => {
  it('brackets the sample mean and is reproducible with the same seed', () => {
    const rng = seedrandom('data');
    const data = Array.from({ length: 50 }, () => rng());
    const a = bootstrapInterval(mean, data, 500, seedrandom('boot'), 0.9);
    const b = bootstrapInterval(mean, data, 500, seedrandom('boot'), 0.9);
    expect(a).toEqual(b);
    expect(a.estimate).toBe(mean(data));
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
  });
});

describe('pairedDifferences', () => {
  it('summarises b − a and (b − a)/a pair by pair, skipping a = 0 for the relative change', () => {
    const result = pairedDifferences([10, 20, 0, 40], [11, 22, 5, 44]);
    expect(result.n).toBe(4);
    expect(result.diff.mean).toBeCloseTo((1 + 2 + 5 + 4) / 4, 12);
    expect(result.nRel).toBe(3);
    expect(result.rel.mean).toBeCloseTo(0.1, 12);
  });

  it('rejects unpaired inputs', () => {
    expect(() => pairedDifferences([1, 2], [1])).toThrow(/2 baseline values but 1/);
  });

  it("90% interval for the mean difference covers the true shift at roughly the nominal rate", () => {
    // 200 synthetic experiments, 32 paired replications each; common random numbers make the
    // baseline noise shared, so only the scenario-specific noise remains in the difference.
    const rng = seedrandom('coverage');
    const normal = () => normalQuantile(Math.min(Math.max(rng(), 1e-12), 1 - 1e-12));
    const shift = 3;
    let covered = 0;
    const experiments = 200;
    for (let e = 0; e < experiments; e++) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < 32; r++) {
        const common = 100 + 20 * normal();
        a.push(common + 2 * normal());
        b.push(common + shift + 2 * normal());
      }
      const { diffMeanInterval } = pairedDifferences(a, b, { level: 0.9, reps: 400, seed: `exp${e}` });
      if (diffMeanInterval.low <= shift && shift <= diffMeanInterval.high) covered++;
    }
    const coverage = covered / experiments;
    expect(coverage).toBeGreaterThanOrEqual(0.8);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });
});
