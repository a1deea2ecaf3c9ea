// Validation metrics of validate-fit on small hand-made cases whose answers are known.
import { describe, expect, it } from 'vitest';
import { fitReport, mape, pearson, ranks, spearman } from '../../src/analysis/fitMetrics.ts';

describe('fit metrics', () => {
  it('MAPE is the mean of |sim − obs| / obs in percent, skipping zero observations', () => {
    expect(mape([100, 200, 400], [110, 180, 400])).toBeCloseTo((10 + 10 + 0) / 3, 10);
    expect(mape([0, 50], [7, 25])).toBeCloseTo(50, 10);
  });

  it('Pearson correlation: exact for linear series, NaN for a constant one', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    // ȳ = 7/3: Σ(x − x̄)(y − ȳ) = 4/3 + 0 + 5/3 = 3; Σ(x − x̄)² = 2; Σ(y − ȳ)² = 42/9 → 3 / √(28/3)
    expect(pearson([1, 2, 3], [1, 2, 4])).toBeCloseTo(3 / Math.sqrt(28 / 3), 12);
  });

  it('ranks put the largest first and share tied ranks', () => {
    expect(ranks([10, 30, 20])).toEqual([3, 1, 2]);
    expect(ranks([5, 5, 1])).toEqual([1.5, 1.5, 3]);
    expect(spearman([1, 2, 3], [10, 100, 1000])).toBeCloseTo(1, 12);
  });

  it('fitReport: per origin, the monthly total, pooled MAPE and yearly rankings', () => {
    const points = [
      { month: '2022-12', origin: 'A', observed: 100, simulated: 120 },
      { month: '2022-12', origin: 'B', observed: 50, simulated: 40 },
      { month: '2023-01', origin: 'A', observed: 200, simulated: 180 },
      { month: '2023-01', origin: 'B', observed: 300, simulated: 330 },
    ];
    const r = fitReport(points);
    const a = r.origins.find((o) => o.origin === 'A')!;
    expect(a.mape).toBeCloseTo((20 + 10) / 2, 10);
    expect(a.observedTotal).toBe(300);
    expect(a.simulatedTotal).toBe(300);
    expect(a.correlation).toBeCloseTo(1, 12); // two points rising together
    expect(r.total.mape).toBeCloseTo((Math.abs(160 - 150) / 150 + Math.abs(510 - 500) / 500) * 50, 10);
    expect(r.pooledMape).toBeCloseTo((20 + 20 + 10 + 10) / 4, 10);
    expect(r.rankings.map((y) => y.year)).toEqual(['2022', '2023']);
    expect(r.rankings[0].observed).toEqual(['A', 'B']);
    expect(r.rankings[1].observed).toEqual(['B', 'A']);
    expect(r.rankings[1].simulated).toEqual(['B', 'A']);
    expect(r.rankings[1].spearman).toBeCloseTo(1, 12);
  });
});
