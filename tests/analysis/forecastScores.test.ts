import { describe, expect, it } from 'vitest';
import { scoreForecasts } from '../../src/analysis/forecastScores.ts';
import type { Forecast } from '../../src/analysis/forecastScores.ts';

const forecast = (horizon: number, observed: number, p50: number, mean: number, p05: number, p95: number): Forecast => ({
  forecastOrigin: '2022-12', horizon, month: `2023-0${horizon}`, series: 'TOTAL', observed, mean, p50, p05, p95, randomWalk: 100, seasonalNaive: 80,
});

describe('forecast scores', () => {
  it('scores the median, not the mean of a skewed predictive; naive errors and coverage by horizon and over all', () => {
    const scores = scoreForecasts([forecast(1, 110, 105, 400, 90, 130), forecast(2, 120, 130, 900, 125, 140)]);
    const h1 = scores.find((s) => s.horizon === 1)!;
    const all = scores.find((s) => s.horizon === 0)!;
    expect(h1).toMatchObject({ n: 1, maeModel: 5, maeRandomWalk: 10, maeSeasonalNaive: 30, coverage: 1 });
    expect(all).toMatchObject({ n: 2, maeModel: 7.5, maeRandomWalk: 15, maeSeasonalNaive: 35, coverage: 0.5 });
  });
});
