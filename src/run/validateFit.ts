// `corridor validate-fit`: the fitted scenario run with fresh streams over the calibration
// window and compared with the data (MAPE, correlation, rankings, side constraints): fit.csv,
// fit_metrics.csv, fit_rankings.csv, fit_side_constraints.csv, a run folder and the report.
import { join } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import { ORIGINS } from '../model/entities.ts';
import { meanSummary, summarizeWindow } from '../analysis/calibrationLoss.ts';
import type { WindowSummary } from '../analysis/calibrationLoss.ts';
import { fitReport } from '../analysis/fitMetrics.ts';
import type { FitReport } from '../analysis/fitMetrics.ts';
import { quantile } from '../analysis/stats.ts';
import { loadScenario } from '../scenario/load.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { writeOwnedFolder } from '../output/outputFolder.ts';
import { toCsv } from '../output/csv.ts';
import { formatFitSummary } from '../output/fitSummary.ts';
import { writeReport } from '../output/report/index.ts';
import { manifestFor } from '../output/manifest.ts';
import { runTables, writeRunFiles } from '../output/results.ts';
import { calibrationBuild, firstMonthOf, readCalibration } from './calibrationSetup.ts';
import { runMany } from './pool.ts';
import type { RunTask } from './pool.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';

export interface ValidateOptions {
  out: string;
  workers?: number;
  reps?: number;
  scale?: number;
  /** parameter values to use instead of the scenario's (calibrate passes the fitted point) */
  overrides?: Record<string, number>;
  /** write into `out` file by file (a calibration's folder, claimed by calibrate) instead of replacing the folder */
  inPlace?: boolean;
  log?: (line: string) => void;
}

export interface ValidationOutcome {
  report: FitReport;
  summary: WindowSummary;
  fitRows: (string | number)[][];
}

const FIT_HEADER = ['month', 'origin', 'observed', 'simulated', 'sim_p05', 'sim_p95'];

/** Runs the fitted scenario with fresh streams over the window, compares with the data, writes fit.csv, a run folder and the report. */
export async function validateFit(file: string, opts: ValidateOptions): Promise<ValidationOutcome> {
  const log = opts.log ?? (() => {});
  const startedAt = new Date();
  const setup = readCalibration(file);
  const { cal, observed } = setup;
  const reps = opts.reps ?? cal.validation.replications;
  const scale = opts.scale ?? cal.scale;
  const build = calibrationBuild(setup, opts.overrides ?? {}, scale);
  const keys: RunKey[] = Array.from({ length: reps }, (_, r) => ({ masterSeed: cal.seed, scope: 'validate-fit', point: 0, rep: r }));
  const tasks: RunTask[] = keys.map((key, r) => ({ id: `validate-r${r}`, scenarioFile: setup.scenarioFile, build, key }));
  log(`validate-fit: ${reps} replications of ${setup.scenarioFile} at scale ${scale}, ${cal.simulationStart}..${cal.window.end}`);
  const done = await runMany(tasks, { workers: opts.workers });
  const failed = done.find((d) => d.error !== undefined);
  if (failed) throw new Error(`validation run ${failed.task.id} failed: ${failed.error}`);
  const results = done.map((d) => d.result as RunResult);
  const firstMonth = firstMonthOf(setup);
  const runs = results.map((r) => summarizeWindow(r.tables, firstMonth, observed.months));
  const summary = meanSummary(runs);
  const nO = ORIGINS.length;
  const fitRows: (string | number)[][] = [];
  const points: { month: string; origin: string; observed: number; simulated: number }[] = [];
  observed.months.forEach((month, m) => {
    for (let o = 0; o <= nO; o++) {
      const pick = (enc: Float64Array) => (o < nO ? enc[m * nO + o] : enc.slice(m * nO, (m + 1) * nO).reduce((a, b) => a + b, 0));
      const sims = runs.map((r) => pick(r.encounters));
      const obs = pick(observed.encounters);
      const sim = pick(summary.encounters);
      fitRows.push([month, o < nO ? ORIGINS[o] : 'TOTAL', obs, Math.round(sim), Math.round(quantile(sims, 0.05)), Math.round(quantile(sims, 0.95))]);
      if (o < nO) points.push({ month, origin: ORIGINS[o], observed: obs, simulated: sim });
    }
  });
  const report = fitReport(points);
  const loaded = loadScenario(setup.scenarioFile, build);
  const manifest = manifestFor(loaded, cal.seed, keys.map(runSeed), startedAt, `corridor validate-fit ${file}`);
  manifest.calibration = { file: setup.file, data: setup.dataFile, window: cal.window, overrides: opts.overrides ?? {}, streams: keys.map(runSeed) };
  const tables = runTables(results[0], { scenario: loaded.name, seed: cal.seed, firstMonth });
  const metricsRows = [
    ...report.origins.map((o) => [o.origin, o.observedTotal, Math.round(o.simulatedTotal), o.mape, o.correlation]),
    [report.total.origin, report.total.observedTotal, Math.round(report.total.simulatedTotal), report.total.mape, report.total.correlation],
  ];
  const rankingRows = report.rankings.map((r) => [r.year, r.observed.join(' '), r.simulated.join(' '), r.spearman]);
  const sideRows = [
    ['smuggler_revenue_usd_per_year', summary.revenueUsdPerYear],
    ['smuggled_share', summary.smuggledShare],
    ['border_deaths_per_year', summary.deathsPerYear],
    ['apprehension_share', summary.apprehensionShare],
    ['mean_border_fee_usd', summary.meanBorderFeeUsd],
    ['pooled_mape_percent', report.pooledMape],
  ];
  const fill = async (dir: string) => {
    writeRunFiles(dir, tables, manifest);
    writeFileAtomic(join(dir, 'fit.csv'), toCsv(FIT_HEADER, fitRows));
    writeFileAtomic(join(dir, 'fit_metrics.csv'), toCsv(['origin', 'observed_total', 'simulated_total', 'mape_percent', 'correlation'], metricsRows));
    writeFileAtomic(join(dir, 'fit_rankings.csv'), toCsv(['year', 'observed_order', 'simulated_order', 'spearman'], rankingRows));
    writeFileAtomic(join(dir, 'fit_side_constraints.csv'), toCsv(['measure', 'value'], sideRows));
    await writeReport(dir, { title: `Calibration: ${cal.name}` });
  };
  if (opts.inPlace) await fill(opts.out);
  else await writeOwnedFolder(opts.out, 'calibrate', fill);
  log(formatFitSummary(report, summary));
  log(`wrote ${opts.out}/ (fit.csv, fit_metrics.csv, fit_rankings.csv, monthly.csv, manifest.json, report.html)`);
  return { report, summary, fitRows };
}
