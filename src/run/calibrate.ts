// `corridor calibrate`: ABC-SMC (src/analysis/abcSmc.ts) over the free parameters of a
// calibration file. Each proposal is one simulation on the worker pool, on a stream of its own
// (the approximate likelihood needs the simulator's own noise; common random numbers would fit
// one stream's luck). The state is written after every batch, so `--resume` after a kill loses
// at most one batch and continues with exactly the candidates an uninterrupted run would draw.
// The last generation's population is the posterior sample: written, summarised,
// its medians written into the calibrated scenario, then checked by validate-fit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import { abcCloseRound, abcConvergence, abcInit, abcRecord, abcToSimulate, REJECTED_DISTANCE } from '../analysis/abcSmc.ts';
import type { AbcState } from '../analysis/abcSmc.ts';
import { updateCalibratedScenario, roundFitted } from '../analysis/calibratedScenario.ts';
import type { FittedValue } from '../analysis/calibratedScenario.ts';
import { fromUnit, overridesOf } from '../analysis/calibrationFile.ts';
import { lossOf, summarizeWindow } from '../analysis/calibrationLoss.ts';
import type { LossParts } from '../analysis/calibrationLoss.ts';
import { posteriorCorrelations, summarizePosterior } from '../analysis/posterior.ts';
import type { ParticlePosterior } from '../analysis/posterior.ts';
import { InputError } from '../scenario/errors.ts';
import { contentHash } from '../scenario/hash.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { claimOutputFolder } from '../output/outputFolder.ts';
import { toCsv } from '../output/csv.ts';
import { formatLoss } from '../output/format.ts';
import { calibrationBuild, candidateAgentLimit, firstMonthOf, readCalibration } from './calibrationSetup.ts';
import type { CalibrationSetup } from './calibrationSetup.ts';
import { runMany } from './pool.ts';
import type { RunTask } from './pool.ts';
import { validateFit } from './validateFit.ts';
import type { ValidationOutcome } from './validateFit.ts';

/**
 * Hash of the model's source, so a calibration notices when the model it fits changes under it
 * (workers load the code afresh): distances before and after would not compare.
 */
function modelSourceHash(): string {
  const dir = new URL('../model/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  return contentHash(files.map((f) => f + '\n' + readFileSync(new URL(f, dir), 'utf8')).join('\n'));
}

interface Checkpoint {
  calibrationHash: string;
  windowEnd: string;
  modelHash: string;
  abc: AbcState;
  simulations: number;
  seconds: number;
}

export interface CalibrateOptions {
  out: string;
  resume?: boolean;
  workers?: number;
  /** replace method.generations / method.budget / method.particles (quick trials, backtests) */
  generations?: number;
  budget?: number;
  particles?: number;
  /** fit the data only up to this month (backtests); default the window's end */
  windowEnd?: string;
  /** write the posterior medians into output.scenario and the sample into output.posterior (default true) */
  write?: boolean;
  /** run validate-fit on the posterior afterwards (default true) */
  validate?: boolean;
  log?: (line: string) => void;
}

export interface CalibrationOutcome {
  setup: CalibrationSetup;
  posterior: ParticlePosterior;
  validation?: ValidationOutcome;
}

/** The distance of a candidate whose run was stopped at the agent limit: larger than any run's. */
const REJECTED: LossParts = { total: REJECTED_DISTANCE, data: REJECTED_DISTANCE, monthlyTotal: 0, revenue: 0, smuggled: 0, deaths: 0, apprehension: 0, fee: 0, detentions: 0, repeats: 0, darien: 0, experiments: 0 };

/** Simulates candidates (values) on the streams `particles` name; returns each one's loss parts. */
export async function simulateCandidates(setup: CalibrationSetup, values: number[][], scope: string, particles: number[], workers?: number, epsilon: number | null = null): Promise<LossParts[]> {
  const limit = candidateAgentLimit(setup);
  const r = setup.record;
  // the data part of the distance is the mean squared log error: a run whose sum over the months
  // done already exceeds ε × (origin-months) is rejected whatever comes after
  const stopAbove = epsilon === null ? undefined : { firstMonth: r.firstMonth, all: r.measure.map((m) => m === 'all'), encounters: Array.from(r.encounters), offset: setup.cal.loss.offset, limit: epsilon * r.encounters.length };
  const tasks: RunTask[] = values.map((v, k) => ({
    id: `${scope}-c${particles[k]}`,
    scenarioFile: setup.scenarioFile,
    build: calibrationBuild(setup, overridesOf(setup.space, v), undefined, undefined, limit),
    key: { masterSeed: setup.cal.seed, scope, point: particles[k], rep: 0 },
    stopAbove,
  }));
  const done = await runMany(tasks, { workers });
  const firstMonth = firstMonthOf(setup);
  return done.map((d) => {
    if (d.error?.startsWith('agent limit') || d.error?.startsWith('above tolerance')) return REJECTED; // flooded the corridor, or surely outside ε
    if (d.error !== undefined || !d.result) throw new Error(`calibration run ${d.task.id} failed: ${d.error}`);
    return lossOf(summarizeWindow((d.result as RunResult).tables, firstMonth, setup.record), setup.record, setup.cal, setup.darien);
  });
}

export async function calibrate(file: string, opts: CalibrateOptions): Promise<CalibrationOutcome> {
  const setup = readCalibration(file, opts.windowEnd);
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
  const method = cal.method;
  const generations = opts.generations ?? method.generations;
  const budget = opts.budget ?? method.budget;
  const particles = opts.particles ?? method.particles;
  const batch = method.batch ?? particles;
  const statePath = join(opts.out, 'state.json');
  const calibrationHash = contentHash(setup.text + `|${particles}`);

  let cp: Checkpoint;
  if (opts.resume && existsSync(statePath)) {
    try {
      cp = JSON.parse(readFileSync(statePath, 'utf8')) as Checkpoint;
    } catch (e) {
      throw new InputError(statePath, [], `is not a complete calibration state (${(e as Error).message}); run without --resume or pick another --out`);
    }
    if (cp.calibrationHash !== calibrationHash || cp.windowEnd !== cal.window.end)
      throw new InputError(file, [], `${statePath} belongs to a different version of this calibration file or window; run without --resume or pick another --out`);
    log(`resuming ${statePath}: generation ${cp.abc.generation}, step ${cp.abc.pending.round + 1}, ${cp.simulations} simulations so far`);
    if (cp.modelHash !== modelSourceHash()) log('warning: src/model changed since this state was saved; distances of earlier generations were computed with the old model');
  } else {
    cp = {
      calibrationHash, windowEnd: cal.window.end, modelHash: modelSourceHash(),
      abc: abcInit({ particles, dimension: space.names.length, quantile: method.quantile, seed: `calibrate|${cal.seed}|${cal.window.end}` }),
      simulations: 0, seconds: 0,
    };
  }
  log(`calibrate ${file}: ABC-SMC over ${space.names.length} parameters, ${particles} particles, at most ${generations} generations and ${budget} simulations, scale ${cal.scale}, record ${cal.window.start}..${cal.window.end} (${setup.record.months.length} months)`);

  const abc = cp.abc;
  let atFloor = false; // the acceptance fell below its floor
  while (!atFloor && abc.generation < generations && cp.simulations < budget) {
    const t0 = Date.now();
    const todo = abcToSimulate(abc).slice(0, Math.min(batch, budget - cp.simulations));
    const losses = await simulateCandidates(setup, todo.map((i) => fromUnit(space, abc.pending.proposals[i])), `abc-g${abc.generation}-r${abc.pending.round}`, todo, opts.workers, abc.epsilon);
    const roundDone = abcRecord(abc, todo, losses.map((l) => l.total));
    cp.simulations += todo.length;
    cp.seconds += (Date.now() - t0) / 1000;
    log(`  generation ${abc.generation}, step ${abc.pending.round + 1}/${abc.pending.rounds}: ε ${abc.epsilon === null ? '∞ (prior)' : formatLoss(abc.epsilon)}, ${abc.pending.distances.filter((d) => d !== null).length}/${particles} simulated; ${cp.simulations} simulations, ${Math.round(cp.seconds)} s`);
    if (roundDone) {
      const g = abcCloseRound(abc);
      if (g) {
        const best = Math.min(...abc.distances);
        log(`generation ${g.generation} done: ε ${g.epsilon === null ? '∞' : formatLoss(g.epsilon)}, ${g.rounds} step${g.rounds > 1 ? 's' : ''}, acceptance ${(100 * g.acceptance).toFixed(1)}%, ${g.distinct} distinct particles, best distance ${formatLoss(best)}; next ε ${formatLoss(abc.epsilon ?? NaN)}, ${abc.pending.rounds} step${abc.pending.rounds > 1 ? 's' : ''}`);
        if (g.generation > 0 && g.acceptance < method.minAcceptance) {
          log(`stopping: acceptance ${(100 * g.acceptance).toFixed(1)}% is below ${(100 * method.minAcceptance).toFixed(1)}%: the tolerance is as small as the simulator's noise lets the sampler move`);
          atFloor = true;
        }
      }
    }
    writeFileAtomic(statePath, JSON.stringify(cp));
  }
  if (abc.particles.length === 0) throw new Error(`calibration: the budget (${budget} simulations) ended before the draws from the prior were complete`);
  const stoppedBy = atFloor ? 'acceptance' : abc.generation >= generations ? 'generations' : 'budget';
  const convergence = abcConvergence(abc.history, method.minAcceptance, stoppedBy);
  if (convergence.converged) log(`converged: ${stoppedBy === 'acceptance' ? 'the acceptance fell below the floor' : `the tolerance fell ${(100 * convergence.toleranceFall).toFixed(1)}% a generation over the last generations`}`);
  else log(`not converged: stopped by its ${stoppedBy === 'budget' ? `budget (${budget} simulations)` : `generations (${generations})`} with the tolerance still falling ${(100 * convergence.toleranceFall).toFixed(1)}% a generation at acceptance ${(100 * convergence.acceptance).toFixed(1)}%; the posterior is wider and farther from the data than the method would give: continue with --resume and a larger --budget / --generations`);

  const posterior: ParticlePosterior = {
    method: 'abc-smc', names: space.names, log: space.log, lo: space.lo, hi: space.hi,
    particles: abc.particles.map((u) => fromUnit(space, u)), weights: abc.particles.map(() => 1 / abc.particles.length), distances: abc.distances,
    generations: abc.history, simulations: cp.simulations, convergence,
  };
  // validate first: its posterior predictive measures the observation model the posterior file carries
  const validation = opts.validate === false ? undefined : await validateFit(file, { out: opts.out, workers: opts.workers, posterior, windowEnd: opts.windowEnd, inPlace: true, log });
  if (validation) posterior.observation = validation.observation;
  writeOutputs(setup, posterior, cp, opts);
  if (opts.write !== false) log(`wrote ${setup.outputScenario} and ${setup.outputPosterior}`);
  return { setup, posterior, validation };
}

/** parameters.csv, correlations.csv, progress.csv, posterior.json, and (unless told not to) the calibrated scenario. */
function writeOutputs(setup: CalibrationSetup, post: ParticlePosterior, cp: Checkpoint, opts: CalibrateOptions): void {
  const { cal } = setup;
  const sig = (x: number) => String(roundFitted(x)); // toCsv would round small hazards to 0
  const summary = summarizePosterior(post);
  writeFileAtomic(join(opts.out, 'parameters.csv'), toCsv(['parameter', 'mean', 'sd_prior_scale', 'prior_scale', 'p05', 'p50', 'p95', 'prior_min', 'prior_max'],
    summary.map((s, a) => [s.name, sig(s.mean), sig(s.sd), post.log[a] ? 'log' : 'linear', sig(s.p05), sig(s.p50), sig(s.p95), sig(post.log[a] ? Math.exp(post.lo[a]) : post.lo[a]), sig(post.log[a] ? Math.exp(post.hi[a]) : post.hi[a])])));
  const corr = posteriorCorrelations(post);
  const p = post.names.length;
  writeFileAtomic(join(opts.out, 'correlations.csv'), toCsv(['parameter', ...post.names], post.names.map((n, a) => [n, ...post.names.map((_, b) => corr[a * p + b].toFixed(3))])));
  writeFileAtomic(join(opts.out, 'progress.csv'), toCsv(['generation', 'epsilon', 'steps', 'simulated', 'acceptance', 'proposal_scale', 'distinct'],
    post.generations.map((g) => [g.generation, g.epsilon ?? '', g.rounds, g.simulated, g.acceptance.toFixed(4), g.scale.toFixed(4), g.distinct])));
  const when = new Date().toISOString().slice(0, 10);
  const json = JSON.stringify({ calibration: setup.file, data: setup.dataFiles, window: cal.window, seed: cal.seed, scale: cal.scale, date: when, seconds: Math.round(cp.seconds), ...post }, null, 2) + '\n';
  writeFileAtomic(join(opts.out, 'posterior.json'), json);
  if (opts.write === false) return;
  writeFileAtomic(setup.outputPosterior, json);
  const last = post.generations[post.generations.length - 1];
  const distinct = new Set(post.particles.map((x) => x.join(','))).size;
  const provenance = `ABC-SMC posterior median, corridor calibrate ${setup.file} on ${setup.dataFiles.join(' + ')} (${cal.window.start}..${cal.window.end}), ${post.generations.length} generations, ${cp.simulations} simulations, ${post.particles.length} particles (${distinct} distinct), final tolerance ${formatLoss(last.epsilon ?? NaN)}, seed ${cal.seed}, scale ${cal.scale}, ${when}`;
  const fitted: FittedValue[] = summary.map((s) => ({ name: s.name, value: s.p50, uncertainty: `90% [${sig(s.p05)}, ${sig(s.p95)}]` }));
  const header = [
    `Calibrated behavioural parameters of ${relative(process.cwd(), setup.scenarioFile)}. Written by \`corridor calibrate\`; a scenario`,
    'that extends this file uses these values.',
    `Fit: ${setup.file} — ABC-SMC (approximate Bayesian computation by sequential Monte Carlo with MCMC moves, Del Moral et al. 2012)`,
    `on the monthly southwest-border encounters by nationality in ${setup.dataFiles.join(' and ')}, ${cal.window.start}..${cal.window.end}`,
    '(Border Patrol between ports to 2020-09, all CBP encounters after, each compared on its own measure), distance: mean squared',
    'log error plus penalties keeping smuggler revenue, the smuggled share, deaths, the apprehension share, the fee, Mexico\'s',
    `detentions and the share of repeat encounters within their bands. Each value is the posterior median; the 90% interval is in its provenance string; the whole`,
    `sample (particles and weights, for projections) is in ${setup.outputPosterior}. ${when}. Parameters not listed keep their defaults.`,
  ].join('\n');
  writeFileAtomic(setup.outputScenario, updateCalibratedScenario(readFileSync(setup.outputScenario, 'utf8'), fitted, provenance, header));
}
