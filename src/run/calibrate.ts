// `corridor calibrate`: CMA-ES over the free parameters of a calibration file, every candidate
// simulated on the worker pool with common random numbers (the same streams for every candidate,
// so differences in loss are differences in parameters), checkpointed after each generation; then
// a Laplace approximation of the uncertainty, the fitted values written into the calibrated
// scenario, and a model-vs-data validation (validateFit.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import { updateCalibratedScenario, roundFitted } from '../analysis/calibratedScenario.ts';
import type { FittedValue } from '../analysis/calibratedScenario.ts';
import { boxExcess, fromUnit, overridesOf, toUnit } from '../analysis/calibrationFile.ts';
import { logResiduals, lossOf, meanSummary, summarizeWindow } from '../analysis/calibrationLoss.ts';
import type { LossParts, WindowSummary } from '../analysis/calibrationLoss.ts';
import { cmaesAsk, cmaesInit, cmaesTell } from '../analysis/cmaes.ts';
import type { CmaesState } from '../analysis/cmaes.ts';
import { laplacePosterior } from '../analysis/posterior.ts';
import type { Posterior } from '../analysis/posterior.ts';
import { InputError } from '../scenario/errors.ts';
import { contentHash } from '../scenario/hash.ts';
import { loadScenario } from '../scenario/load.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { claimOutputFolder } from '../output/outputFolder.ts';
import { toCsv } from '../output/csv.ts';
import { formatEstimate, formatLoss } from '../output/format.ts';
import { calibrationBuild, firstMonthOf, readCalibration } from './calibrationSetup.ts';
import type { CalibrationSetup } from './calibrationSetup.ts';
import { runMany } from './pool.ts';
import type { RunTask } from './pool.ts';
import type { RunKey } from './seeds.ts';
import { validateFit } from './validateFit.ts';
import type { ValidationOutcome } from './validateFit.ts';

/** The scenario's current values of the free parameters (the search starts there). */
function currentValues(setup: CalibrationSetup, loaded: LoadedScenario): number[] {
  return setup.space.names.map((name) => {
    const [base, origin] = name.split('.');
    const v = loaded.parameters[base];
    return typeof v === 'number' ? v : origin ? v[origin] : Object.values(v)[0];
  });
}

interface Evaluated {
  summary: WindowSummary;
  loss: LossParts;
}

/**
 * Simulates each parameter vector (values, not unit coordinates) with the calibration's
 * replications; every vector uses the same streams (common random numbers).
 */
async function evaluate(setup: CalibrationSetup, points: number[][], opts: { workers?: number; scope: string; scale?: number; reps?: number; ownStreams?: boolean }): Promise<Evaluated[]> {
  const reps = opts.ownStreams ? 1 : (opts.reps ?? setup.cal.replications);
  const tasks: RunTask[] = [];
  points.forEach((values, c) => {
    for (let r = 0; r < reps; r++) {
      // ownStreams: point c draws replication c's stream (independent runs of one point)
      const key: RunKey = { masterSeed: setup.cal.seed, scope: opts.scope, point: 0, rep: opts.ownStreams ? c : r };
      tasks.push({ id: `c${c}r${r}`, scenarioFile: setup.scenarioFile, build: calibrationBuild(setup, overridesOf(setup.space, values), opts.scale), key });
    }
  });
  const done = await runMany(tasks, { workers: opts.workers });
  const firstMonth = firstMonthOf(setup);
  return points.map((_, c) => {
    const runs = done.slice(c * reps, (c + 1) * reps);
    const failed = runs.find((d) => d.error !== undefined || !d.result);
    if (failed) throw new Error(`calibration run ${failed.task.id} failed: ${failed.error}`);
    const summary = meanSummary(runs.map((d) => summarizeWindow((d.result as RunResult).tables, firstMonth, setup.observed.months)));
    return { summary, loss: lossOf(summary, setup.observed, setup.cal) };
  });
}

/**
 * Hash of the model's source, so a calibration notices when the model it fits changes under it
 * (workers load the code afresh for each generation): losses before and after would not compare.
 */
function modelSourceHash(): string {
  const dir = new URL('../model/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  return contentHash(files.map((f) => f + '\n' + readFileSync(new URL(f, dir), 'utf8')).join('\n'));
}

/** Penalty per squared unit of distance outside the box (CMA-ES evaluates the clipped point). */
const BOX_PENALTY = 100;

interface Checkpoint {
  calibrationHash: string;
  modelHash?: string;
  state: CmaesState;
  history: { generation: number; evaluations: number; best: number; median: number; sigma: number; seconds: number }[];
  bestParts: LossParts | null;
}

export interface CalibrateOptions {
  out: string;
  resume?: boolean;
  workers?: number;
  /** replaces method.generations (e.g. for a quick trial) */
  generations?: number;
  /** write the fitted values into output.scenario / output.posterior (default true) */
  write?: boolean;
  log?: (line: string) => void;
}

export interface CalibrationOutcome {
  setup: CalibrationSetup;
  posterior: Posterior;
  loss: LossParts;
  summary: WindowSummary;
  validation: ValidationOutcome;
}

export async function calibrate(file: string, opts: CalibrateOptions): Promise<CalibrationOutcome> {
  const setup = readCalibration(file);
  // its state.json is rewritten every generation and validate-fit writes beside it: one calibration per folder
  const folder = claimOutputFolder(opts.out, 'calibrate');
  try {
    return await calibrateInto(file, setup, opts);
  } finally {
    folder.release();
  }
}

async function calibrateInto(file: string, setup: CalibrationSetup, opts: CalibrateOptions): Promise<CalibrationOutcome> {
  const log = opts.log ?? (() => {});
  const { cal, space } = setup;
  const statePath = join(opts.out, 'state.json');
  const calibrationHash = contentHash(setup.text);
  const generations = opts.generations ?? cal.method.generations;

  let cp: Checkpoint;
  if (opts.resume && existsSync(statePath)) {
    cp = JSON.parse(readFileSync(statePath, 'utf8')) as Checkpoint;
    if (cp.calibrationHash !== calibrationHash)
      throw new InputError(file, [], `${statePath} belongs to a different version of this calibration file; run without --resume or pick another --out`);
    log(`resuming ${statePath} at generation ${cp.state.generation}`);
    if (cp.modelHash !== modelSourceHash()) log('warning: src/model changed since this state was saved; losses of earlier generations were computed with the old model');
  } else {
    const loaded = loadScenario(setup.scenarioFile, calibrationBuild(setup, {}));
    const x0 = toUnit(space, currentValues(setup, loaded)).map((u) => Math.min(0.98, Math.max(0.02, u)));
    cp = { calibrationHash, modelHash: modelSourceHash(), state: cmaesInit({ x0, sigma0: cal.method.sigma0, lambda: cal.method.population, seed: `calibrate|${cal.seed}` }), history: [], bestParts: null };
  }

  const t0 = Date.now();
  const startGen = cp.state.generation;
  while (cp.state.generation < generations) {
    const g0 = Date.now();
    const modelHash = modelSourceHash();
    if (cp.modelHash !== modelHash) {
      log(`warning: src/model changed during the calibration (before generation ${cp.state.generation + 1}); the best loss so far was computed with the old model`);
      cp.modelHash = modelHash;
    }
    const us = cmaesAsk(cp.state);
    const evaluated = await evaluate(setup, us.map((u) => fromUnit(space, u)), { workers: opts.workers, scope: 'calibration' });
    const losses = evaluated.map((e, k) => e.loss.total + BOX_PENALTY * boxExcess(us[k]));
    const prevBest = cp.state.best?.f ?? Infinity;
    cp.state = cmaesTell(cp.state, us, losses);
    if (cp.state.best && cp.state.best.f < prevBest) cp.bestParts = evaluated[losses.indexOf(cp.state.best.f)]?.loss ?? cp.bestParts;
    const sorted = losses.slice().sort((a, b) => a - b);
    const seconds = (Date.now() - g0) / 1000;
    cp.history.push({ generation: cp.state.generation, evaluations: cp.state.evaluations, best: cp.state.best?.f ?? NaN, median: sorted[Math.floor(sorted.length / 2)], sigma: cp.state.sigma, seconds });
    writeFileAtomic(statePath, JSON.stringify(cp));
    const done = cp.state.generation - startGen;
    const eta = ((Date.now() - t0) / 1000 / done) * (generations - cp.state.generation);
    const b = cp.bestParts;
    log(
      `gen ${cp.state.generation}/${generations}  evals ${cp.state.evaluations}  best ${formatLoss(cp.state.best?.f)}` +
        (b ? ` (data ${formatLoss(b.data)}, revenue ${formatLoss(b.revenue)}, smuggled ${formatLoss(b.smuggled)}, deaths ${formatLoss(b.deaths)}, apprehension ${formatLoss(b.apprehension)}, fee ${formatLoss(b.fee)})` : '') +
        `  median ${formatLoss(sorted[Math.floor(sorted.length / 2)])}  σ ${cp.state.sigma.toFixed(3)}  ${seconds.toFixed(1)} s/gen  left ${Math.round(eta)} s`,
    );
  }
  writeFileAtomic(join(opts.out, 'progress.csv'), toCsv(['generation', 'evaluations', 'best', 'median', 'sigma', 'seconds'], cp.history.map((h) => [h.generation, h.evaluations, h.best, h.median, h.sigma, h.seconds])));

  // The fitted point: the search distribution's mean or the best candidate seen, whichever fits
  // better on fresh streams. On the search's own stream the best candidate always wins: it was
  // picked out of hundreds partly for that stream's luck (the winner's curse).
  const candidates = [cp.state.mean.map((u) => Math.min(1, Math.max(0, u))), ...(cp.state.best ? [cp.state.best.x.map((u) => Math.min(1, Math.max(0, u)))] : [])];
  const checkReps = Math.max(2, cal.uncertainty.noiseReplications);
  const check = await evaluate(setup, candidates.map((u) => fromUnit(space, u)), { workers: opts.workers, scope: 'calibration-check', reps: checkReps });
  const pick = check.length > 1 && check[1].loss.total < check[0].loss.total ? 1 : 0;
  log(`fresh-stream check (${checkReps} runs each): mean of the search distribution ${formatLoss(check[0].loss.total)}${check.length > 1 ? `, best candidate ${formatLoss(check[1].loss.total)}` : ''}`);
  const uBest = candidates[pick];
  log(`fitted point: ${pick === 0 ? 'mean of the final search distribution' : 'best candidate seen'}, loss ${formatLoss(check[pick].loss.total)} (data ${formatLoss(check[pick].loss.data)})`);

  log(`uncertainty: ${2 * space.names.length + 1} runs for the Gauss–Newton Jacobian, ${cal.uncertainty.noiseReplications} on fresh streams for the simulator's noise`);
  const posterior = await uncertaintyAt(setup, uBest, opts.workers);
  const fittedValues = fromUnit(space, uBest);
  posterior.values = fittedValues;
  for (let i = 0; i < space.names.length; i++) log(`  ${space.names[i].padEnd(26)} ${formatEstimate(fittedValues[i], posterior.sd[i], space.log[i])}`);

  const when = new Date().toISOString().slice(0, 10);
  const provenance = `fitted by corridor calibrate ${setup.file} to ${setup.dataFile} (${cal.window.start}..${cal.window.end}), CMA-ES ${cp.state.generation} generations × ${cal.method.population}, common random numbers seed ${cal.seed}, scale ${cal.scale}, loss ${formatLoss(check[pick].loss.total)}, ${when}`;
  const sig = (x: number) => String(roundFitted(x)); // toCsv would round small hazards to 0
  const parameterRows = space.names.map((n, i) => [n, sig(fittedValues[i]), sig(posterior.sd[i]), space.log[i] ? 'log' : 'linear', ...interval90(posterior, i).map(sig)]);
  writeFileAtomic(join(opts.out, 'parameters.csv'), toCsv(['parameter', 'value', 'sd', 'sd_scale', 'p05', 'p95'], parameterRows));
  const posteriorJson = JSON.stringify({ calibration: setup.file, data: setup.dataFile, method: 'CMA-ES with common random numbers; Laplace approximation (Gauss–Newton Hessian of the log residuals, residual autocorrelation inflation, uniform-prior width) plus the simulator\'s own noise measured at the optimum (sandwich term, twice: data and search stream)', seed: cal.seed, date: when, loss: check[pick].loss, ...posterior }, null, 2) + '\n';
  writeFileAtomic(join(opts.out, 'posterior.json'), posteriorJson);
  if (opts.write !== false) {
    writeFileAtomic(setup.outputPosterior, posteriorJson);
    const fitted: FittedValue[] = space.names.map((name, i) => ({ name, value: fittedValues[i], uncertainty: formatEstimate(fittedValues[i], posterior.sd[i], space.log[i]).replace(/^\S+ /, '').replace(/[()]/g, '') }));
    const header = [
      'Calibrated behavioural parameters of the baseline. Written by `corridor calibrate`; baseline.yaml',
      'extends this file, so every scenario uses these values.',
      `Fit: ${setup.file} — CMA-ES (${cal.method.population} candidates a generation, ${cp.state.generation} generations) on the`,
      `monthly CBP southwest-border encounters by nationality in ${setup.dataFile},`,
      `${cal.window.start}..${cal.window.end} (mean squared log error), with penalties keeping smuggler revenue, the smuggled`,
      `share, border deaths${cal.constraints.apprehensionShare ? ', the apprehension share' : ''}${cal.constraints.meanBorderFeeUsd ? ' and the fee per smuggled crossing' : ''} within their bands (${setup.file}); common random numbers`,
      `(seed ${cal.seed}, scale ${cal.scale}); fitted point chosen on fresh streams; ${when}; loss ${formatLoss(check[pick].loss.total)}.`,
      `Uncertainty (1 sd, in each provenance string): Laplace approximation plus the simulator's own noise`,
      `(${cal.uncertainty.noiseReplications} runs at the optimum); full covariance in ${setup.outputPosterior}. Parameters not listed here keep their defaults.`,
    ].join('\n');
    writeFileAtomic(setup.outputScenario, updateCalibratedScenario(readFileSync(setup.outputScenario, 'utf8'), fitted, provenance, header));
    log(`wrote ${setup.outputScenario} and ${setup.outputPosterior}`);
  }

  const validation = await validateFit(file, { out: opts.out, workers: opts.workers, overrides: overridesOf(space, fittedValues), inPlace: true, log });
  return { setup, posterior, loss: check[pick].loss, summary: check[pick].summary, validation };
}

/** 90% interval of the Laplace approximation, cut to the search bounds (the prior's support). */
function interval90(p: Posterior, i: number): [number, number] {
  const lo = Math.max(p.lo[i], p.mean[i] - 1.645 * p.sd[i]);
  const hi = Math.min(p.hi[i], p.mean[i] + 1.645 * p.sd[i]);
  return p.log[i] ? [Math.exp(lo), Math.exp(hi)] : [lo, hi];
}

async function uncertaintyAt(setup: CalibrationSetup, u: number[], workers?: number): Promise<Posterior> {
  const { space, cal } = setup;
  const p = space.names.length;
  const points: number[][] = [];
  const du: number[] = [];
  for (let j = 0; j < p; j++) {
    const up = u.slice();
    const down = u.slice();
    up[j] = Math.min(1, u[j] + cal.uncertainty.step);
    down[j] = Math.max(0, u[j] - cal.uncertainty.step);
    du.push(up[j] - down[j]);
    points.push(fromUnit(space, up), fromUnit(space, down));
  }
  points.push(fromUnit(space, u)); // the centre on the same stream as the differences
  const ev = await evaluate(setup, points, { workers, scope: 'calibration' });
  const r0 = logResiduals(ev[2 * p].summary, setup.observed, cal.loss.offset);
  const N = r0.length;
  const J = new Float64Array(N * p);
  for (let j = 0; j < p; j++) {
    const rUp = logResiduals(ev[2 * j].summary, setup.observed, cal.loss.offset);
    const rDown = logResiduals(ev[2 * j + 1].summary, setup.observed, cal.loss.offset);
    const dt = du[j] * (space.hi[j] - space.lo[j]);
    for (let i = 0; i < N; i++) J[i * p + j] = (rUp[i] - rDown[i]) / dt;
  }
  // the simulator's own noise at the optimum, on streams the search never used
  const noiseRuns = cal.uncertainty.noiseReplications;
  const noise = noiseRuns >= 2 ? (await evaluate(setup, Array.from({ length: noiseRuns }, () => fromUnit(space, u)), { workers, scope: 'calibration-noise', ownStreams: true })).map((e) => logResiduals(e.summary, setup.observed, cal.loss.offset)) : [];
  const mean = u.map((x, j) => space.lo[j] + x * (space.hi[j] - space.lo[j]));
  return laplacePosterior(space, mean, r0, J, setup.observed.months.length, noise);
}

