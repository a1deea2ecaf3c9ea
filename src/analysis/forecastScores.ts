// Scores of forecasts against the record (corridor backtest): mean absolute errors of the model
// and of two naive forecasts, and the coverage of the model's 90% intervals, by series and
// horizon. The model's point forecast is the median of its predictive draws: the median is what
// minimises the expected absolute error (Gneiting 2011, "Making and evaluating point
// forecasts", JASA 106:746), and the mean of a skewed predictive (a few draws whose flows run
// away) is not a fair point to score by MAE. Pure.
import { monthKey } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { recordAt } from '../data/encounterRecord.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import { mean, quantile } from './stats.ts';

/** One forecast: origin T, horizon h, series (origin or TOTAL). */
export interface Forecast {
  forecastOrigin: string;
  horizon: number;
  month: string;
  series: string;
  observed: number;
  mean: number;
  /** the median of the predictive draws: the point forecast the MAE scores */
  p50: number;
  p05: number;
  p95: number;
  randomWalk: number;
  seasonalNaive: number;
}

export interface Score {
  series: string;
  horizon: number;
  n: number;
  maeModel: number;
  maeRandomWalk: number;
  maeSeasonalNaive: number;
  /** share of observed months inside the model's 90% interval */
  coverage: number;
}

/**
 * The forecast from origin month index T, h months ahead, of series o (o = ORIGINS.length: the
 * total), from the predictive draws of that month; observed values and the naive forecasts
 * (month T held, the same month a year before) come from the record.
 */
export function forecastOf(record: EncounterRecord, T: number, h: number, o: number, predicted: number[]): Forecast {
  const k = T + h;
  return {
    forecastOrigin: monthKey(T), horizon: h, month: monthKey(k), series: o < ORIGINS.length ? ORIGINS[o] : 'TOTAL', observed: recordAt(record, k, o),
    mean: mean(predicted), p50: quantile(predicted, 0.5), p05: quantile(predicted, 0.05), p95: quantile(predicted, 0.95),
    randomWalk: recordAt(record, T, o), seasonalNaive: recordAt(record, k - 12, o),
  };
}

/** Mean absolute errors and coverage by series and horizon (all horizons together as horizon 0). */
export function scoreForecasts(forecasts: Forecast[]): Score[] {
  const groups = new Map<string, Forecast[]>();
  for (const f of forecasts) {
    for (const key of [`${f.series}|${f.horizon}`, `${f.series}|0`]) groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups].map(([key, fs]) => {
    const [series, h] = key.split('|');
    return {
      series, horizon: Number(h), n: fs.length,
      maeModel: mean(fs.map((f) => Math.abs(f.p50 - f.observed))),
      maeRandomWalk: mean(fs.map((f) => Math.abs(f.randomWalk - f.observed))),
      maeSeasonalNaive: mean(fs.map((f) => Math.abs(f.seasonalNaive - f.observed))),
      coverage: fs.filter((f) => f.observed >= f.p05 && f.observed <= f.p95).length / fs.length,
    };
  }).sort((a, b) => a.series.localeCompare(b.series) || a.horizon - b.horizon);
}

