// `corridor backtest`: what the model's forecasts are worth. For each forecast origin T the
// calibration is refitted from its prior with the record only up to T (nothing after T is
// seen), the posterior predictive is run T+1..T+h by origin (policy levers and indicators are
// inputs: the forecast is conditional on the policy that happened), and it is scored against the
// record and against two naive forecasts computed the same way: the random walk (the month at T
// held) and the seasonal naive (the same month a year earlier). With `assimilate` (the CLI's
// default), each forecast starts from the refit's particle filter over the record up to T (what
// a user gets from `nowcast` then `run --from`), so it scores the fit and the filter together;
// without (`--free-run`), a free run from the warm start scores the structure alone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monthKey, monthIndex } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { FLOW } from '../model/recorder.ts';
import { observationNoise, observe } from '../analysis/posterior.ts';
import type { ParticlePosterior } from '../analysis/posterior.ts';
import { forecastOf, scoreForecasts } from '../analysis/forecastScores.ts';
import { flowAt } from '../analysis/metrics.ts';
import type { Forecast, Score } from '../analysis/forecastScores.ts';
import { InputError } from '../scenario/errors.ts';
import { totalScoreLines, writeBacktestFolder } from '../output/backtestReport.ts';
import { calibrate } from './calibrate.ts';
import { readCalibration } from './calibrationSetup.ts';
import { measureObservation, predictive } from './validateFit.ts';
import { nowcast } from './nowcast.ts';
import { forecastsFromStates, recordObservations } from './backtestNowcast.ts';
import { writeFileAtomic } from '../output/atomic.ts';

/** Forecasts from the filter's states at the origin instead of from a free run (docs/CALIBRATION.md, "Backtests"). */
export interface Assimilation {
  particles: number;
  scale: number;
  keep: number;
  seed: number;
}

export interface BacktestOptions {
  out: string;
  /** assimilate the record of all encounters up to each origin with the refit's posterior before forecasting */
  assimilate?: Assimilation;
  origins?: string[];
  horizon?: number;
  resume?: boolean;
  workers?: number;
  log?: (line: string) => void;
}

export interface BacktestOutcome {
  forecasts: Forecast[];
  scores: Score[];
}


export async function backtest(file: string, opts: BacktestOptions): Promise<BacktestOutcome> {
  const log = opts.log ?? (() => {});
  const base = readCalibration(file);
  const spec = base.cal.backtest;
  const origins = opts.origins ?? spec?.origins;
  if (!origins?.length) throw new InputError(file, ['backtest', 'origins'], 'expected forecast origins (in the file or with --origins)');
  const horizon = opts.horizon ?? spec?.horizon ?? 12;
  const draws = spec?.draws ?? 32;
  const full = base.fullRecord;
  const nO = ORIGINS.length;
  const forecasts: Forecast[] = [];
  const assimilate = opts.assimilate;
  // the filter weighs all encounters, the record's measure from 2020-10
  const since: string | undefined = full.months[full.measure.indexOf('all')];
  const logTotal = (T: string) => {
    const total = scoreForecasts(forecasts.filter((f) => f.forecastOrigin === T && f.series === 'TOTAL')).find((s) => s.horizon === 0);
    if (total) log(`backtest ${T}: monthly total MAE model ${Math.round(total.maeModel)}, random walk ${Math.round(total.maeRandomWalk)}, seasonal naive ${Math.round(total.maeSeasonalNaive)}; coverage ${(100 * total.coverage).toFixed(0)}%`);
  };
  for (const T of origins) {
    if (!/^\d{4}-\d{2}$/.test(T)) throw new InputError(file, ['backtest', 'origins'], `expected months as YYYY-MM (got '${T}')`);
    const last = monthIndex(T) + horizon;
    if (last > full.firstMonth + full.months.length - 1) throw new InputError(file, ['backtest', 'origins'], `${T} + ${horizon} months runs past the record's last month ${full.months[full.months.length - 1]}`);
    if (monthIndex(T) + 1 - 12 < full.firstMonth) throw new InputError(file, ['backtest', 'origins'], `${T}: the seasonal naive forecast needs the record from ${monthKey(monthIndex(T) + 1 - 12)} (it starts ${full.months[0]})`);
    if (assimilate && (since === undefined || T < since)) throw new InputError(file, ['backtest', 'origins'], `${T} is before the record's first month of all encounters (${since ?? 'none'}), the first the filter assimilates (or forecast with --free-run)`);
    const fitDir = join(opts.out, `fit-${T}`);
    const posteriorFile = join(fitDir, 'posterior.json');
    let post: ParticlePosterior;
    if (opts.resume && existsSync(posteriorFile)) {
      post = JSON.parse(readFileSync(posteriorFile, 'utf8')) as ParticlePosterior;
      log(`backtest ${T}: refit found in ${fitDir}`);
    } else {
      log(`backtest ${T}: refitting with the record up to ${T}`);
      post = (await calibrate(file, {
        out: fitDir, windowEnd: T, write: false, validate: false, resume: opts.resume, workers: opts.workers,
        particles: spec?.particles, generations: spec?.generations, budget: spec?.budget, log: (l) => log(`  ${l}`),
      })).posterior;
    }
    // one set of posterior draws over the window and the horizon: the window gives the observation
    // model (as validate-fit measures it), the horizon the forecasts
    const setup = readCalibration(file, T);
    const end = monthKey(last);
    // a filtered forecast needs the draws over the window only (the observation model); a free run, the horizon too
    const { summaries, results } = await predictive(setup, post, draws, `backtest-${T}`, { workers: opts.workers, end: assimilate ? undefined : end });
    const simMean = new Float64Array(setup.record.encounters.length);
    for (const s of summaries) for (let i = 0; i < simMean.length; i++) simMean[i] += s.encounters[i] / draws;
    const model = measureObservation(setup.record, simMean, setup.cal.loss.offset);
    if (assimilate) {
      // the refit's posterior with its observation model, as validate-fit leaves the shipped one
      writeFileAtomic(posteriorFile, JSON.stringify({ ...post, observation: model }, null, 2) + '\n');
      const { states } = await nowcast({
        scenario: setup.scenarioFile, data: recordObservations(setup.record, since, T, file, `the record up to ${T}`), since, through: T,
        posterior: posteriorFile, particles: assimilate.particles, scale: assimilate.scale, seed: assimilate.seed, keep: assimilate.keep, workers: opts.workers, log: (l) => log(`  ${l}`),
      });
      forecasts.push(...forecastsFromStates(setup.scenarioFile, full, T, states, model, { horizon, since, scale: assimilate.scale, seed: assimilate.seed, scope: 'backtest-assimilated' }));
      logTotal(T);
      continue;
    }
    const z = observationNoise(draws, horizon * (nO + 1), `backtest-observation|${T}`);
    for (let h = 1; h <= horizon; h++) {
      const k = monthIndex(T) + h;
      const flow = full.measure[k - full.firstMonth] === 'all' ? FLOW.encounters : FLOW.encounters_between_ports;
      const mi = k - setup.record.firstMonth;
      for (let o = 0; o <= nO; o++) {
        const predicted = results.map((res, r) => observe(flowAt(res.tables, mi, flow, o), model, o, z[(r * horizon + h - 1) * (nO + 1) + o]));
        forecasts.push(forecastOf(full, monthIndex(T), h, o, predicted));
      }
    }
    logTotal(T);
  }
  const scores = scoreForecasts(forecasts);
  await writeBacktestFolder(opts.out, assimilate ? `${file} (refitted, then the record assimilated up to each origin: ${assimilate.particles} particles at scale ${assimilate.scale})` : file, origins, horizon, forecasts, scores);
  for (const line of totalScoreLines(scores)) log(line);
  log(`wrote ${opts.out}/ (forecasts.csv, scores.csv, report.html, fit-<origin>/)`);
  return { forecasts, scores };
}
