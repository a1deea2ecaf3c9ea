// `corridor validate-fit`: the posterior predictive over the calibration window. Draws from the
// calibration's posterior, each simulated on a fresh stream, are compared with the record on its
// own measure each month: fit metrics and the targets, the natural experiments, the side
// constraints, and the observation model (bias and spread of log counts around the predictive
// mean) that predictive intervals add to the parameters' and the simulator's own uncertainty.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import { ORIGINS } from '../model/entities.ts';
import { detentionsByYear, repeatShareByFiscalYear, sideFigures, summarizeWindow } from '../analysis/calibrationLoss.ts';
import type { WindowSummary } from '../analysis/calibrationLoss.ts';
import { compareDarien } from '../analysis/darienFit.ts';
import type { DarienMetrics, DarienYear } from '../analysis/darienFit.ts';
import { checkTargets, fitReport } from '../analysis/fitMetrics.ts';
import type { FitReport, TargetCheck } from '../analysis/fitMetrics.ts';
import { NATURAL_EXPERIMENTS, scoreExperiments } from '../analysis/naturalExperiments.ts';
import type { ExperimentResult } from '../analysis/naturalExperiments.ts';
import { drawParameters, observationNoise, observe } from '../analysis/posterior.ts';
import type { ObservationModel, ParticlePosterior } from '../analysis/posterior.ts';
import { mean, quantile } from '../analysis/stats.ts';
import { fitLevel } from '../analysis/localLevel.ts';
import { recordTotals } from '../data/encounterRecord.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import { loadScenario } from '../scenario/load.ts';
import { InputError } from '../scenario/errors.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { writeOwnedFolder } from '../output/outputFolder.ts';
import { toCsv } from '../output/csv.ts';
import { formatDarienSummary, formatFitSummary } from '../output/fitSummary.ts';
import { writeReport } from '../output/report/index.ts';
import { manifestFor } from '../output/manifest.ts';
import { runTables, writeRunFiles } from '../output/results.ts';
import { calibrationBuild, firstMonthOf, readCalibration } from './calibrationSetup.ts';
import type { CalibrationSetup } from './calibrationSetup.ts';
import { runMany } from './pool.ts';
import type { RunTask } from './pool.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';

export interface ValidateOptions {
  out: string;
  workers?: number;
  /** posterior draws (default: the file's validation.draws) */
  draws?: number;
  scale?: number;
  /** the posterior to draw from (default: the file's output.posterior) */
  posterior?: ParticlePosterior;
  /** the window's last month (backtests); default the file's */
  windowEnd?: string;
  /** write into `out` file by file (a calibration's folder, claimed by calibrate) instead of replacing the folder */
  inPlace?: boolean;
  /** add the measured observation model to this posterior file (validate-fit on its own) */
  writePosterior?: string;
  log?: (line: string) => void;
}

export interface ValidationOutcome {
  report: FitReport;
  targets: TargetCheck[];
  experiments: ExperimentResult[];
  observation: ObservationModel;
  /** share of the window's months whose observed total lies in the 90% predictive interval */
  coverage: number;
  fitRows: (string | number)[][];
  /** the second series, when the calibration file names one (`darien`) */
  darien?: { years: DarienYear[]; metrics: DarienMetrics[] };
}

/** The columns of fit.csv (the report's calibration section reads them). */
export const FIT_HEADER = ['month', 'origin', 'measure', 'observed', 'simulated', 'pred_p05', 'pred_p95'];

/** Reads the posterior file named by the calibration; a missing or foreign file is one clear line. */
export function readPosterior(setup: CalibrationSetup): ParticlePosterior {
  let post: ParticlePosterior;
  try {
    post = JSON.parse(readFileSync(setup.outputPosterior, 'utf8')) as ParticlePosterior;
  } catch (e) {
    throw new InputError(setup.outputPosterior, [], `cannot read the posterior (${(e as Error).message}); run corridor calibrate ${setup.file} first`);
  }
  if (post.method !== 'abc-smc' || !Array.isArray(post.particles)) throw new InputError(setup.outputPosterior, ['method'], 'expected a posterior sample written by corridor calibrate (method abc-smc, particles, weights)');
  return post;
}

/** Simulates `draws` posterior draws on fresh streams over the window; returns each one's window summary and run. */
export async function predictive(setup: CalibrationSetup, post: ParticlePosterior, draws: number, scope: string, opts: { workers?: number; scale?: number; end?: string }): Promise<{ summaries: WindowSummary[]; results: RunResult[]; keys: RunKey[] }> {
  const { cal } = setup;
  const params = drawParameters(post, draws, `${scope}|${cal.seed}`);
  const keys: RunKey[] = params.map((_, r) => ({ masterSeed: cal.seed, scope, point: 0, rep: r }));
  const tasks: RunTask[] = params.map((overrides, r) => ({ id: `${scope}-r${r}`, scenarioFile: setup.scenarioFile, build: calibrationBuild(setup, overrides, opts.scale, opts.end), key: keys[r] }));
  const done = await runMany(tasks, { workers: opts.workers });
  const failed = done.find((d) => d.error !== undefined);
  if (failed) throw new Error(`run ${failed.task.id} failed: ${failed.error}`);
  const results = done.map((d) => d.result as RunResult);
  return { summaries: results.map((r) => summarizeWindow(r.tables, firstMonthOf(setup), setup.record)), results, keys };
}

/**
 * Bias and spread of ln(obs + c) − ln(sim + c) per origin and for the monthly total, over the
 * record's months of one measure (default: the newest month's). The two measures are different
 * instruments (between ports only, or ports included), and the model's misfit differs between
 * their years: one bias over both would carry 2013–2020's into forecasts of the newest measure
 * (v2.1 measured it over both, and added Mexico's +0.92 to forecasts of 2021–2023, where the model
 * was already above the record).
 */
export function measureObservation(record: EncounterRecord, simMean: Float64Array, offset: number, measure = record.measure[record.measure.length - 1], draws: readonly Float64Array[] = [simMean]): ObservationModel {
  const nO = ORIGINS.length;
  const residuals = residualSeries(record, simMean, offset, measure);
  const months = residuals[0].length;
  const bias: number[] = [];
  const sd: number[] = [];
  const z: number[][] = [];
  for (let o = 0; o <= nO; o++) {
    const e = residuals[o];
    const b = mean(e);
    const s = Math.sqrt(e.reduce((a, x) => a + (x - b) ** 2, 0) / Math.max(1, e.length - 1));
    bias.push(b);
    sd.push(s);
    if (o < nO) z.push(e.map((x) => (x - b) / Math.max(s, 1e-9)));
  }
  // equicorrelation of the origins' standardised errors: Var(Σ z) = K (1 + (K − 1) ρ)
  const sums = Array.from({ length: months }, (_, m) => z.reduce((a, zo) => a + zo[m], 0));
  const varSum = sums.reduce((a, x) => a + x * x, 0) / Math.max(1, months - 1);
  const correlation = Math.min(0.95, Math.max(0, (varSum / nO - 1) / (nO - 1)));
  // how the misfit wanders month to month (the nowcast's local level), fitted on the measure before
  // this one when it has two years or more — months a backtest of this measure never scores — else on this one
  const earlier = [...new Set(record.measure.slice(0, record.measure.indexOf(measure)))].at(-1);
  const levelMeasure = earlier !== undefined && record.measure.filter((x) => x === earlier).length >= 24 ? earlier : measure;
  // each draw's own residuals: what a particle's misfit looks like, its run's noise included
  const perDraw = draws.map((d) => residualSeries(record, d, offset, levelMeasure));
  const fits = Array.from({ length: nO + 1 }, (_, o) => fitLevel(perDraw.map((r) => r[o])));
  const level = { step: fits.map((f) => f.step), noise: fits.map((f) => f.noise), measure: levelMeasure };
  return { offset, bias, sd, correlation, measure, level };
}

/** ln(obs + c) − ln(sim + c) by month of one measure, per origin and (last) for the monthly total. */
function residualSeries(record: EncounterRecord, simMean: Float64Array, offset: number, measure: string): number[][] {
  const nO = ORIGINS.length;
  const monthsOf = record.months.map((_, m) => m).filter((m) => record.measure[m] === measure);
  const series = (o: number, enc: Float64Array) => monthsOf.map((m) => (o < nO ? enc[m * nO + o] : enc.slice(m * nO, (m + 1) * nO).reduce((a, b) => a + b, 0)));
  return Array.from({ length: nO + 1 }, (_, o) => {
    const obs = series(o, record.encounters);
    const sim = series(o, simMean);
    return obs.map((x, m) => Math.log(x + offset) - Math.log(sim[m] + offset));
  });
}

/** The posterior predictive over the window, compared with the record; writes the folder and its report. */
export async function validateFit(file: string, opts: ValidateOptions): Promise<ValidationOutcome> {
  const log = opts.log ?? (() => {});
  const startedAt = new Date();
  const setup = readCalibration(file, opts.windowEnd);
  const { cal, record } = setup;
  const post = opts.posterior ?? readPosterior(setup);
  const draws = opts.draws ?? cal.validation.draws;
  const scale = opts.scale ?? cal.scale;
  log(`validate-fit: ${draws} posterior draws of ${setup.scenarioFile}, each on a fresh stream, at scale ${scale}, ${cal.window.start}..${cal.window.end}`);
  const conv = post.convergence;
  if (conv && !conv.converged) log(`warning: the posterior's sampler had not converged (stopped by its ${conv.stoppedBy}, the tolerance still falling ${(100 * conv.toleranceFall).toFixed(1)}% a generation): the fit below is worse than the method would give`);
  const { summaries, results, keys } = await predictive(setup, post, draws, 'validate-fit', { workers: opts.workers, scale });
  const nO = ORIGINS.length;
  const nM = record.months.length;
  const simMean = new Float64Array(nM * nO);
  for (const s of summaries) for (let i = 0; i < simMean.length; i++) simMean[i] += s.encounters[i] / draws;
  // one observation model per measure, each month seen through its own; the newest measure's is
  // the one the posterior file carries for forecasts, nowcasts and projections
  const measures = [...new Set(record.measure)];
  const byMeasure = new Map(measures.map((ms) => [ms, measureObservation(record, simMean, cal.loss.offset, ms, summaries.map((s) => s.encounters))]));
  const observation = byMeasure.get(record.measure[nM - 1])!;
  const z = observationNoise(draws, nM * (nO + 1), `observation|${cal.seed}`);
  const fitRows: (string | number)[][] = [];
  const points: { month: string; origin: string; observed: number; simulated: number }[] = [];
  const obsTotals = recordTotals(record);
  let covered = 0;
  record.months.forEach((month, m) => {
    const seen = byMeasure.get(record.measure[m])!;
    for (let o = 0; o <= nO; o++) {
      const pick = (enc: Float64Array) => (o < nO ? enc[m * nO + o] : enc.slice(m * nO, (m + 1) * nO).reduce((a, b) => a + b, 0));
      const predicted = summaries.map((s, r) => observe(pick(s.encounters), seen, o, z[(r * nM + m) * (nO + 1) + o]));
      const obs = o < nO ? record.encounters[m * nO + o] : obsTotals[m];
      const lo = quantile(predicted, 0.05);
      const hi = quantile(predicted, 0.95);
      if (o === nO && obs >= lo && obs <= hi) covered++;
      fitRows.push([month, o < nO ? ORIGINS[o] : 'TOTAL', record.measure[m], obs, Math.round(pick(simMean)), Math.round(lo), Math.round(hi)]);
      if (o < nO) points.push({ month, origin: ORIGINS[o], observed: obs, simulated: pick(simMean) });
    }
  });
  const report = fitReport(points);
  const targets = checkTargets(report);
  const experiments = scoreExperiments(record, summaries.map((s) => s.encounters), NATURAL_EXPERIMENTS);
  const coverage = covered / nM;
  const darien = setup.darien ? compareDarien(setup.darien.counts, results.map((r) => ({ tables: r.tables, firstMonth: firstMonthOf(setup) })), setup.darien.series) : undefined;
  if (opts.writePosterior) writeFileAtomic(opts.writePosterior, JSON.stringify({ ...JSON.parse(readFileSync(opts.writePosterior, 'utf8')), observation }, null, 2) + '\n');

  const loaded = loadScenario(setup.scenarioFile, calibrationBuild(setup, {}, scale));
  const manifest = manifestFor(loaded, cal.seed, keys.map(runSeed), startedAt, `corridor validate-fit ${file}`);
  manifest.calibration = { file: setup.file, data: setup.dataFiles.join(' + '), window: cal.window, overrides: {}, streams: keys.map(runSeed) };
  const tables = runTables(results[0], { scenario: loaded.name, seed: cal.seed, firstMonth: firstMonthOf(setup) });
  const metricsRows = [...report.origins, report.total].map((o) => [o.origin, o.observedTotal, Math.round(o.simulatedTotal), o.wae, o.mape, o.correlation]);
  const rankingRows = report.rankings.map((r) => [r.year, r.observed.join(' '), r.simulated.join(' '), r.spearman]);
  const sideRows = sideConstraintRows(setup, summaries);
  const experimentRows = experiments.map((e) => [e.experiment.id, e.experiment.event, e.experiment.date, e.experiment.origins.join(' ') || 'all', e.experiment.from, e.experiment.to, Math.round(e.observedFrom), Math.round(e.observedTo), (100 * e.observed).toFixed(1), (100 * e.simulated).toFixed(1), (100 * e.simulatedLow).toFixed(1), (100 * e.simulatedHigh).toFixed(1), e.signRight ? 'yes' : 'no', e.missPoints.toFixed(1), e.withinTarget ? 'yes' : 'no']);
  const fill = async (dir: string) => {
    writeRunFiles(dir, tables, manifest);
    writeFileAtomic(join(dir, 'fit.csv'), toCsv(FIT_HEADER, fitRows));
    writeFileAtomic(join(dir, 'fit_metrics.csv'), toCsv(['origin', 'observed_total', 'simulated_total', 'wae_percent', 'mape_percent', 'correlation'], metricsRows));
    writeFileAtomic(join(dir, 'fit_targets.csv'), toCsv(['target', 'value', 'goal', 'met'], targets.map((t) => [t.target, t.value, t.goal, t.met ? 'yes' : 'no'])));
    writeFileAtomic(join(dir, 'fit_rankings.csv'), toCsv(['year', 'observed_order', 'simulated_order', 'spearman'], rankingRows));
    writeFileAtomic(join(dir, 'fit_side_constraints.csv'), toCsv(['measure', 'period', 'value', 'band_min', 'band_max'], sideRows));
    writeFileAtomic(join(dir, 'experiments.csv'), toCsv(['id', 'event', 'date', 'origins', 'from', 'to', 'observed_from', 'observed_to', 'observed_change_percent', 'simulated_change_percent', 'simulated_p05_percent', 'simulated_p95_percent', 'sign_right', 'miss_points', 'within_15_points'], experimentRows));
    writeFileAtomic(join(dir, 'observation_model.csv'), toCsv(['measure', 'series', 'bias_log', 'sd_log', 'level_step_log', 'level_noise_log', 'level_fitted_on'], measures.flatMap((ms) => [...ORIGINS, 'TOTAL'].map((o, k) => {
      const m = byMeasure.get(ms)!;
      return [ms, o, m.bias[k], m.sd[k], m.level!.step[k], m.level!.noise[k], m.level!.measure];
    }))));
    if (darien) {
      writeFileAtomic(join(dir, 'darien.csv'), toCsv(['year', 'origin', 'nationality', 'observed', 'simulated', 'sim_p05', 'sim_p95'], darien.years.map((y) => [y.year, y.origin, y.nationality, y.observed, Math.round(y.simulated), Math.round(y.low), Math.round(y.high)])));
      writeFileAtomic(join(dir, 'darien_metrics.csv'), toCsv(['origin', 'nationality', 'years', 'observed_total', 'simulated_total', 'wae_percent', 'correlation'], darien.metrics.map((m) => [m.origin, m.nationality, m.years, m.observedTotal, Math.round(m.simulatedTotal), m.wae, m.correlation])));
    }
    await writeReport(dir, { title: `Calibration: ${cal.name}` });
  };
  if (opts.inPlace) await fill(opts.out);
  else await writeOwnedFolder(opts.out, 'calibrate', fill);
  log(formatFitSummary(report, targets, experiments, sideRows, coverage, cal.loss.experimentsWeight));
  if (darien && setup.darien) log(formatDarienSummary(darien.metrics, darien.years, setup.darien.file, setup.darien.weight > 0));
  log(`wrote ${opts.out}/ (fit.csv, fit_metrics.csv, fit_targets.csv, experiments.csv, fit_side_constraints.csv, observation_model.csv${darien ? ', darien.csv, darien_metrics.csv' : ''}, monthly.csv, manifest.json, report.html)`);
  return { report, targets, experiments, observation, coverage, fitRows, darien };
}

/** Each side constraint's figure (posterior predictive mean) over its period, beside its band. */
function sideConstraintRows(setup: CalibrationSetup, summaries: WindowSummary[]): (string | number)[][] {
  const { cal, record } = setup;
  const c = cal.constraints;
  const rows: (string | number)[][] = [];
  const avg = (f: (s: WindowSummary) => number) => mean(summaries.map(f));
  const add = (name: string, band: { min: number; max: number; period?: { start: string; end: string } } | undefined, pick: (s: ReturnType<typeof sideFigures>) => number) => {
    const period = band?.period ?? cal.window;
    rows.push([name, `${period.start}..${period.end}`, avg((s) => pick(sideFigures(s, record, period))), band?.min ?? '', band?.max ?? '']);
  };
  add('smuggler_revenue_usd_per_year', c.smugglerRevenueUsdPerYear, (f) => f.revenueUsdPerYear);
  add('smuggled_share', c.smuggledShare, (f) => f.smuggledShare);
  add('deaths_per_year', c.deathsPerYear, (f) => f.deathsPerYear);
  add('apprehension_share', c.apprehensionShare, (f) => f.apprehensionShare);
  add('mean_border_fee_usd', c.meanBorderFeeUsd, (f) => f.meanBorderFeeUsd);
  const d = c.mexicoDetentionsPerYear;
  if (d) {
    const byYear = summaries.map((s) => detentionsByYear(s, record));
    for (const [year, observed] of Object.entries(d.values)) {
      if (!byYear[0].has(year)) continue;
      rows.push([`mexico_detentions`, year, mean(byYear.map((m) => m.get(year) ?? 0)), observed * (1 - d.tolerance), observed * (1 + d.tolerance)]);
    }
  }
  const rs = c.repeatEncounterShare;
  if (rs) {
    const byYear = summaries.map((s) => repeatShareByFiscalYear(s, record));
    for (const [fy, band] of Object.entries(rs.fiscalYears)) {
      if (!byYear[0].has(fy)) continue;
      rows.push(['repeat_encounter_share', `FY${fy}`, mean(byYear.map((m) => m.get(fy) ?? 0)), band.min, band.max]);
    }
  }
  return rows;
}
