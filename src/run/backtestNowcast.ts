// `corridor backtest-nowcast`: what projections from a nowcast are worth. One pass of the filter
// over the record keeps, at each forecast origin T, states resampled by the weights of that
// month (the filter at T has seen the record up to T only: the same as a nowcast run then);
// each is continued T+1..T+h under the policy that happened, seen through the observation
// model, and scored against the record and the random-walk and seasonal-naive forecasts.
import { monthKey, monthIndex } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { FLOW } from '../model/recorder.ts';
import type { Observation } from '../analysis/particleFilter.ts';
import { forecastOf, scoreForecasts } from '../analysis/forecastScores.ts';
import { flowAt } from '../analysis/metrics.ts';
import type { Forecast, Score } from '../analysis/forecastScores.ts';
import { equicorrelated, observationNoise, observe, observeLevel } from '../analysis/posterior.ts';
import { InputError } from '../scenario/errors.ts';
import { loadScenario } from '../scenario/load.ts';
import { totalScoreLines, writeBacktestFolder } from '../output/backtestReport.ts';
import { readCalibration } from './calibrationSetup.ts';
import { nowcast } from './nowcast.ts';
import type { Observations } from './nowcast.ts';
import type { NowcastStates } from './nowcastStates.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import type { ObservationModel } from '../analysis/posterior.ts';
import { runFromState } from './single.ts';
import { readPosterior } from './validateFit.ts';

export interface BacktestNowcastOptions {
  out: string;
  /** forecast origins: 'YYYY-MM..YYYY-MM/step' or a comma list */
  origins: string;
  horizon: number;
  particles: number;
  scale: number;
  keep: number;
  seed: number;
  /** first month the filter assimilates (default: the record's first month counting all encounters) */
  since?: string;
  /** the nowcast's process noise (NowcastOptions.drift) */
  drift?: number;
  /** false: the fixed observation model (NowcastOptions.level) */
  level?: boolean;
  workers?: number;
  log?: (line: string) => void;
}


/** '2021-06..2023-06/3' → every third month from 2021-06 to 2023-06; '2021-06,2022-01' as listed. */
export function parseOrigins(text: string, file: string): string[] {
  const range = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})(?:\/(\d+))?$/.exec(text.trim());
  if (range) {
    const step = Number(range[3] ?? 1);
    const out: string[] = [];
    for (let k = monthIndex(range[1]); k <= monthIndex(range[2]); k += step) out.push(monthKey(k));
    if (out.length === 0 || step < 1) throw new InputError(file, ['--origins'], `expected a range FROM..TO/STEP with FROM ≤ TO and STEP ≥ 1 (got '${text}')`);
    return out;
  }
  const list = text.split(',').map((s) => s.trim());
  if (list.every((m) => /^\d{4}-\d{2}$/.test(m))) return list;
  throw new InputError(file, ['--origins'], `expected YYYY-MM..YYYY-MM/STEP or a comma list of YYYY-MM (got '${text}')`);
}

/** The record as the filter's observations: one row per origin and month, all encounters, `since` to `last`. */
export function recordObservations(record: EncounterRecord, since: string, last: string, file: string, label: string): Observations {
  const nO = ORIGINS.length;
  const firstAll = record.months[record.measure.indexOf('all')];
  const byMonth = new Map<string, Observation[]>();
  record.months.forEach((m, i) => {
    if (m < since || m > last) return;
    if (record.measure[i] !== 'all') throw new InputError(file, ['data'], `${m} counts encounters between ports only; the filter assimilates all encounters (start --since at ${firstAll} or later)`);
    byMonth.set(m, ORIGINS.map((_, o) => ({ origins: [o], count: record.encounters[i * nO + o] })));
  });
  return { months: [...byMonth.keys()], byMonth, component: 'all', label };
}

/**
 * Forecasts 1..h months after T from the filter's states at T, each continued under the policy
 * that happened and seen through the observation model: per origin through its filtered level
 * (its variance grown by h steps) when the states carry levels, else through the fixed bias and
 * spread; the total is the origins' sum.
 */
export function forecastsFromStates(scenarioFile: string, record: EncounterRecord, T: string, states: NowcastStates, model: ObservationModel, opts: { horizon: number; since: string; scale: number; seed: number; scope: string }): Forecast[] {
  const nO = ORIGINS.length;
  const forecasts: Forecast[] = [];
  const end = monthKey(monthIndex(T) + opts.horizon);
  const loaded = loadScenario(scenarioFile, { start: opts.since, end, scale: opts.scale });
  const runs = states.states.map((_, j) => runFromState(loaded.input, states, j, { masterSeed: opts.seed, scope: `${opts.scope}-${T}`, point: 0, rep: j }).tables);
  const z = observationNoise(runs.length, opts.horizon * (nO + 1), `${opts.scope}-observation|${T}`);
  for (let h = 1; h <= opts.horizon; h++) {
    const mi = monthIndex(T) + h - loaded.input.calendar.firstMonth;
    const noise = (r: number, o: number) => z[(r * opts.horizon + h - 1) * (nO + 1) + o];
    if (states.levels && model.level) {
      // the origins' errors are equicorrelated with the observation model's ρ (policy news moves
      // every origin at once), the common draw in the total's slot
      const zOf = (r: number, o: number) => equicorrelated(z, (r * opts.horizon + h - 1) * (nO + 1), nO, o, model.correlation ?? 0);
      const byOrigin = runs.map((t, r) => Array.from({ length: nO }, (_, o) => observeLevel(flowAt(t, mi, FLOW.encounters, o), model, o, { mean: states.levels![r].mean[o], variance: states.levels![r].variance[o] }, h, zOf(r, o))));
      for (let o = 0; o < nO; o++) forecasts.push(forecastOf(record, monthIndex(T), h, o, byOrigin.map((p) => p[o])));
      forecasts.push(forecastOf(record, monthIndex(T), h, nO, byOrigin.map((p) => p.reduce((a, b) => a + b, 0))));
    } else {
      for (let o = 0; o <= nO; o++) forecasts.push(forecastOf(record, monthIndex(T), h, o, runs.map((t, r) => observe(flowAt(t, mi, FLOW.encounters, o), model, o, noise(r, o)))));
    }
  }
  return forecasts;
}

export async function backtestNowcast(file: string, opts: BacktestNowcastOptions): Promise<{ forecasts: Forecast[]; scores: Score[] }> {
  const log = opts.log ?? (() => {});
  const setup = readCalibration(file);
  const post = readPosterior(setup);
  if (!post.observation) throw new InputError(setup.outputPosterior, ['observation'], 'expected the observation model validate-fit measures; run corridor validate-fit first');
  const record = setup.fullRecord;
  const origins = parseOrigins(opts.origins, file);
  const last = origins[origins.length - 1];
  if (monthIndex(last) + opts.horizon > record.firstMonth + record.months.length - 1)
    throw new InputError(file, ['--origins'], `${last} + ${opts.horizon} months runs past the record's last month ${record.months.at(-1)}`);
  const firstAll = record.months[record.measure.indexOf('all')];
  const since = opts.since ?? firstAll;
  if (origins[0] < since) throw new InputError(file, ['--origins'], `expected origins at or after the first month assimilated, ${since}`);
  if (monthIndex(origins[0]) + 1 - 12 < record.firstMonth) throw new InputError(file, ['--origins'], `${origins[0]}: the seasonal naive forecast needs the record from ${monthKey(monthIndex(origins[0]) + 1 - 12)} (it starts ${record.months[0]})`);
  const { kept } = await nowcast({
    scenario: setup.scenarioFile, data: recordObservations(record, since, last, file, `${setup.dataFiles.join(' + ')} (the record)`),
    since, through: last, posterior: setup.outputPosterior, particles: opts.particles, scale: opts.scale, seed: opts.seed,
    keep: opts.keep, keepAt: origins, drift: opts.drift, level: opts.level, workers: opts.workers, log: (l) => log(`  ${l}`),
  });
  const forecasts: Forecast[] = [];
  for (const T of origins) {
    const states = kept.get(T)!;
    forecasts.push(...forecastsFromStates(setup.scenarioFile, record, T, states, post.observation, { horizon: opts.horizon, since, scale: opts.scale, seed: opts.seed, scope: 'backtest-nowcast' }));
    log(`backtest-nowcast ${T}: ${states.states.length} states projected ${opts.horizon} months`);
  }
  const scores = scoreForecasts(forecasts);
  await writeBacktestFolder(opts.out, `${file} (nowcast, ${opts.particles} particles)`, origins, opts.horizon, forecasts, scores);
  for (const line of totalScoreLines(scores)) log(line);
  log(`wrote ${opts.out}/ (forecasts.csv, scores.csv, report.html)`);
  return { forecasts, scores };
}
