// `corridor nowcast`: the model's state conditioned on the newest data, by sequential Monte Carlo
// over whole simulation states (a particle filter, as pomp's pfilter). N particles, each with a
// parameter set drawn from the calibration's posterior and a stream of its own, are simulated
// from the warm start; from the first month of the data on they are advanced a month at a time
// and weighted by the likelihood of that month's observed encounters by origin (the
// calibration's observation model: normal errors on log(count + c), equicorrelated across
// origins, so the variance grows with the square of the count — over-dispersed, as the misfit
// measured by validate-fit is; grouped rows count as partial observations of the sum). When the
// effective sample size falls below half of N the particles are resampled (systematic; children
// are copies of their parent's state, not references, on streams of their own) and their
// parameters jittered by Liu & West's kernel, so the cloud does not collapse. With `drift`, each
// origin's base hazard also follows a random walk on the log scale, a month at a time: process
// noise that lets the filter follow a push to leave the drivers do not explain (a level the fixed
// parameters cannot reach). What no one observes — people waiting in northern Mexico, on the way,
// got-aways, smuggler revenue — is estimated from the weighted particles month by month. The
// particles live in shards on the worker pool (particleCloud.ts); the filter is the same for any
// number of workers.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { dayToIso, monthKey, monthIndex } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { FLOW } from '../model/recorder.ts';
import type { SimulationSnapshot } from '../model/simulation.ts';
import { driftStep, effectiveSize, jitter, levelMonthLogLikelihood, monthLogLikelihood, normalise, systematicResample } from '../analysis/particleFilter.ts';
import type { Level } from '../analysis/localLevel.ts';
import type { Observation } from '../analysis/particleFilter.ts';
import { drawParameters, seenDraws, weightedQuantile } from '../analysis/posterior.ts';
import type { ParticlePosterior } from '../analysis/posterior.ts';
import { readObservedCsv } from '../data/observed.ts';
import { InputError } from '../scenario/errors.ts';
import { loadScenario } from '../scenario/load.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { toCsv } from '../output/csv.ts';
import { writeNowcastReport } from '../output/nowcastReport.ts';
import { decodeSnapshot, encodeSnapshot, NOWCAST_STATES_VERSION } from '../output/snapshotCodec.ts';
import type { NowcastStates } from './nowcastStates.ts';
import { ParticleCloud } from './particleCloud.ts';
import { QUANTITIES } from './particleShard.ts';
import { runSeed } from './seeds.ts';

export interface NowcastOptions {
  scenario: string;
  /** observed file (the project's monthly format), or the observations themselves */
  data: string | Observations;
  /** last month assimilated (YYYY-MM); default the data's last */
  through?: string;
  /** first month assimilated; default the data's first */
  since?: string;
  posterior: string;
  particles: number;
  scale: number;
  seed: number;
  /** states kept for projections (`--from`) */
  keep: number;
  /** write the folder (default true; a backtest keeps the states in memory) */
  out?: string;
  resume?: boolean;
  /** also keep states, resampled by weight, after these months (backtests: the filter at T sees data up to T only) */
  keepAt?: string[];
  /**
   * Process noise: the monthly standard deviation of a random walk on the log of each origin's
   * base hazard (default 0: the parameters only move by the resampling kernel).
   */
  drift?: number;
  /**
   * Filter the misfit as a local level per origin (the observation model's `level`; default true
   * when the posterior has one): false weighs every month by the fixed bias and spread.
   */
  level?: boolean;
  /** worker threads holding the particles (default 1: this thread); the filter is the same for any number */
  workers?: number;
  log?: (line: string) => void;
}

/** Observations by month (YYYY-MM): each row's count and the origins it sums, and what the counts measure. */
export interface Observations {
  months: string[];
  byMonth: Map<string, Observation[]>;
  component: string;
  /** a name for logs and manifests */
  label: string;
}

export interface NowcastOutcome {
  ess: number[];
  logLikelihood: number;
  /** states kept after the last month, and after each month of keepAt */
  states: NowcastStates;
  kept: Map<string, NowcastStates>;
}

/** Reads an observed file (e.g. written by corridor data import) into observations by month. */
export function readObservations(file: string): Observations {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, [], `cannot read the data file (${(e as Error).message})`);
  }
  const data = readObservedCsv(text, file);
  const byMonth = new Map<string, Observation[]>();
  for (const r of data.rows) byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), { origins: r.origins, count: r.encounters }]);
  const months = [...byMonth.keys()].sort();
  if (months.length === 0) throw new InputError(file, [], 'expected at least one month of encounters');
  return { months, byMonth, component: data.provenance.component ?? 'all', label: file };
}

/** Draws of each particle's filtered level behind the band of `encounters_seen` (16 × 200 particles: quantiles to about a percent). */
const SEEN_DRAWS = 16;

function logSumExp(x: number[]): number {
  const top = Math.max(...x);
  return top + Math.log(x.reduce((a, v) => a + Math.exp(v - top), 0));
}


function unitOf(post: ParticlePosterior, values: Record<string, number>): number[] {
  return post.names.map((n, a) => {
    const t = post.log[a] ? Math.log(values[n]) : values[n];
    return (t - post.lo[a]) / (post.hi[a] - post.lo[a]);
  });
}

function valuesOf(post: ParticlePosterior, unit: number[]): Record<string, number> {
  return Object.fromEntries(post.names.map((n, a) => {
    const t = post.lo[a] + unit[a] * (post.hi[a] - post.lo[a]);
    return [n, post.log[a] ? Math.exp(t) : t];
  }));
}

export async function nowcast(opts: NowcastOptions): Promise<NowcastOutcome> {
  const log = opts.log ?? (() => {});
  let post: ParticlePosterior;
  try {
    post = JSON.parse(readFileSync(opts.posterior, 'utf8')) as ParticlePosterior;
  } catch (e) {
    throw new InputError(opts.posterior, [], `cannot read the calibration posterior (${(e as Error).message})`);
  }
  if (post.method !== 'abc-smc' || !post.observation) throw new InputError(opts.posterior, ['observation'], 'expected a posterior from corridor calibrate with its observation model (validate-fit measures it)');
  const obs = typeof opts.data === 'string' ? readObservations(opts.data) : opts.data;
  const dataLabel = obs.label;
  const since = opts.since ?? obs.months[0];
  const through = opts.through ?? obs.months[obs.months.length - 1];
  if (through < since) throw new InputError(dataLabel, ['through'], `expected a month at or after ${since}`);
  const drift = opts.drift ?? 0;
  if (!(drift >= 0 && drift <= 1)) throw new InputError(opts.posterior, ['--drift'], `expected a monthly standard deviation between 0 and 1 on the log of each origin's base hazard (got ${opts.drift})`);
  const observation = post.observation;
  const useLevel = (opts.level ?? true) && observation.level !== undefined;
  if (opts.level && !observation.level) throw new InputError(opts.posterior, ['observation', 'level'], 'expected the local level validate-fit fits (run corridor validate-fit with this version), or filter with the fixed bias (--fixed-bias)');
  const flow = obs.component === 'border-patrol' ? FLOW.encounters_between_ports : FLOW.encounters;
  // report from the first assimilated month; simulate into the month after `through` (its first
  // week completes `through`'s tally)
  const end = monthKey(monthIndex(through) + 1);
  const spec = { scenario: opts.scenario, start: since, end, scale: opts.scale };
  const cal = loadScenario(opts.scenario, spec).input.calendar;
  const n = opts.particles;
  const nO = ORIGINS.length;
  /** each particle's belief about each origin's misfit level; the prior: the calibration's bias and spread */
  const priorLevels = (): Level[] => Array.from({ length: nO }, (_, o) => ({ mean: observation.bias[o], variance: observation.sd[o] ** 2 }));
  const seedOf = (generation: number, k: number) => runSeed({ masterSeed: opts.seed, scope: `nowcast-${generation}`, point: 0, rep: k });
  // the parameters that drift: each origin's base hazard, in the posterior's unit coordinates
  const drifting = post.names.map((name, a) => (name.startsWith('baseHazard.') && post.log[a] ? drift / (post.hi[a] - post.lo[a]) : 0));
  let units = drawParameters(post, n, `nowcast|${opts.seed}`).map((d) => unitOf(post, d));
  let logW = new Array<number>(n).fill(0);
  let levels: Level[][] = units.map(() => priorLevels());
  let generation = 0;
  const months = Array.from({ length: monthIndex(through) - monthIndex(since) + 1 }, (_, i) => monthKey(monthIndex(since) + i));
  const essRows: (string | number)[][] = [];
  const estimateRows: (string | number)[][] = [];
  let totalLogLik = 0;
  const essOut: number[] = [];
  let first = 0;
  const checkpoint = opts.out ? join(opts.out, 'checkpoint.json.gz') : '';
  const cloud = await ParticleCloud.open(spec, n, opts.workers ?? 1);
  try {
    if (opts.resume && checkpoint && existsSync(checkpoint)) {
      const cp = decodeSnapshot<{ next: number; generation: number; logW: number[]; units: number[][]; levels: Level[][]; states: SimulationSnapshot[]; essRows: (string | number)[][]; estimateRows: (string | number)[][]; totalLogLik: number }>(gunzipSync(readFileSync(checkpoint)).toString('utf8'));
      await cloud.place(cp.states.map((state, k) => ({ k, values: valuesOf(post, cp.units[k]), seed: seedOf(cp.generation, k), snapshot: state })));
      ({ logW, generation, totalLogLik, units, levels } = cp);
      essRows.push(...cp.essRows);
      estimateRows.push(...cp.estimateRows);
      first = cp.next;
      log(`resuming ${checkpoint} at ${months[first]}`);
    } else await cloud.place(units.map((u, k) => ({ k, values: valuesOf(post, u), seed: seedOf(0, k) })));
    log(`nowcast: ${n} particles from ${opts.posterior} at scale ${opts.scale}${drift > 0 ? `, base hazards drifting ${drift} a month on the log scale` : ''}${useLevel ? `, the misfit filtered as a local level per origin (fitted on the ${observation.level!.measure} months)` : ''}, assimilating ${dataLabel} ${since}..${through}`);
    const kept = new Map<string, NowcastStates>();
    /** states resampled by the weights of the moment, with their parameters, for projections */
    const keepStates = async (weights: number[], tag: string, month: string): Promise<NowcastStates> => {
      const idx = systematicResample(weights, Math.min(opts.keep, n), `nowcast|${opts.seed}|keep|${tag}`);
      return {
        kind: 'corridor-nowcast-states', version: NOWCAST_STATES_VERSION, scenario: opts.scenario, through: month, scale: opts.scale,
        warmStart: dayToIso(cal.startDay).slice(0, 7),
        parameters: idx.map((j) => valuesOf(post, units[j])),
        states: await cloud.snapshots(idx),
        ...(useLevel ? { levels: idx.map((j) => ({ mean: levels[j].map((l) => l.mean), variance: levels[j].map((l) => l.variance) })) } : {}),
      };
    };
    const t0 = Date.now();
    for (let i = first; i < months.length; i++) {
      const month = months[i];
      const m = monthIndex(month) - cal.firstMonth; // the month's slot in the tables
      // step every particle until the month's last day has been recorded (into the first week of the next)
      let target = 0;
      while (target < cal.weeks && cal.weekMonth[target] <= m) target++;
      target = Math.min(cal.weeks, target + 1);
      const readings = await cloud.advance(target, m, flow);
      const observations = obs.byMonth.get(month) ?? [];
      let lls: number[];
      if (useLevel) {
        const updated = readings.map((r, k) => levelMonthLogLikelihood(observations, r.simulated, observation, levels[k]));
        lls = updated.map((u) => u.logLik);
        levels = updated.map((u) => u.levels);
      } else lls = readings.map((r) => monthLogLikelihood(observations, r.simulated, observation));
      const logged = logW.map((l, k) => l + lls[k]);
      const { weights } = normalise(logged);
      const monthLogLik = logSumExp(logged) - logSumExp(logW); // ln p(this month | the months before), the filter's estimate
      totalLogLik += monthLogLik;
      // filtered estimates of what no one observes (and of encounters), weighted by this month's weights
      for (let o = 0; o <= nO; o++)
        QUANTITIES.forEach((q, qi) => {
          const values = readings.map((r) => r.quantities[qi * (nO + 1) + o]);
          const mean = values.reduce((a, v, k) => a + v * weights[k], 0);
          estimateRows.push([month, o < nO ? ORIGINS[o] : 'TOTAL', q, Math.round(mean), Math.round(weightedQuantile(values, weights, 0.05)), Math.round(weightedQuantile(values, weights, 0.95))]);
        });
      if (useLevel) {
        // encounters as the record would count them: each particle's counts through its filtered
        // level, the level's own uncertainty included (SEEN_DRAWS draws of it per particle, the
        // origins' draws equicorrelated with the observation model's ρ, the total their sum); the
        // reading noise σ_ε is left out: this is the count, not one reading of it
        const seen = seenDraws(readings.map((r) => r.simulated), levels, weights, observation.offset, observation.correlation ?? 0, SEEN_DRAWS, `nowcast|${opts.seed}|seen|${month}`);
        for (let o = 0; o <= nO; o++) {
          const values = seen.values[o];
          const mean = values.reduce((a, v, k) => a + v * seen.weights[k], 0);
          estimateRows.push([month, o < nO ? ORIGINS[o] : 'TOTAL', 'encounters_seen', Math.round(mean), Math.round(weightedQuantile(values, seen.weights, 0.05)), Math.round(weightedQuantile(values, seen.weights, 0.95))]);
        }
      }
      const ess = effectiveSize(weights);
      essOut.push(ess);
      if (opts.keepAt?.includes(month)) kept.set(month, await keepStates(weights, month, month));
      // resample when the sample has thinned; then the base hazards take their month's step
      let parents: number[] | undefined;
      if (ess < n / 2) {
        generation++;
        parents = systematicResample(weights, n, `nowcast|${opts.seed}|resample|${month}`);
        units = jitter(units, weights, parents, `nowcast|${opts.seed}|jitter|${month}`);
        levels = parents.map((j) => levels[j].map((l) => ({ ...l })));
        logW = new Array<number>(n).fill(0);
      } else logW = logged;
      // the hazards step between months, not after the last
      const stepping = drift > 0 && i < months.length - 1;
      if (stepping) units = driftStep(units, drifting, `nowcast|${opts.seed}|drift|${month}`);
      if (parents) {
        const from = parents;
        // children are copies of their parent's state (not references), on streams of their own
        await cloud.place(from.map((j, k) => ({ k, values: valuesOf(post, units[k]), seed: seedOf(generation, k), from: j, reseed: true })));
      } else if (stepping) {
        // the same states, streams going on, under the hazards' new values
        await cloud.place(units.map((u, k) => ({ k, values: valuesOf(post, u), seed: seedOf(generation, k), from: k })));
      }
      const after = parents ? n : ess;
      essRows.push([month, ess.toFixed(1), after.toFixed(1), parents ? 'yes' : 'no', monthLogLik.toFixed(3)]);
      log(`  ${month}: ESS ${ess.toFixed(0)} of ${n}${parents ? ', resampled' : ''}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      if (opts.out && i < months.length - 1 && (i + 1) % 6 === 0) {
        mkdirSync(opts.out, { recursive: true });
        const cp = { next: i + 1, generation, logW, units, levels, states: await cloud.snapshots(units.map((_, k) => k)), essRows, estimateRows, totalLogLik };
        writeFileAtomic(checkpoint, gzipSync(encodeSnapshot(cp), { level: 1 })); // a scratch file: speed over size
      }
    }
    // the parameters after assimilation, and states kept for projections, resampled by weight
    const finalWeights = normalise(logW).weights;
    const states = await keepStates(finalWeights, 'final', through);
    const outcome = { ess: essOut, logLikelihood: totalLogLik, states, kept };
    if (!opts.out) return outcome;
    const paramRows = post.names.map((name, a) => {
      const values = units.map((u) => valuesOf(post, u)[name]);
      const mean = values.reduce((s, v, k) => s + v * finalWeights[k], 0);
      // six significant digits: base hazards are of the order of 1e-5, below toCsv's two decimals
      const sig = (x: number) => String(Number(x.toPrecision(6))); // a string: toCsv rounds numbers
      return [name, sig(mean), sig(weightedQuantile(values, finalWeights, 0.05)), sig(weightedQuantile(values, finalWeights, 0.5)), sig(weightedQuantile(values, finalWeights, 0.95))];
    });
    mkdirSync(opts.out, { recursive: true });
    writeFileAtomic(join(opts.out, 'estimates.csv'), toCsv(['month', 'origin', 'quantity', 'mean', 'p05', 'p95'], estimateRows));
    writeFileAtomic(join(opts.out, 'ess.csv'), toCsv(['month', 'ess', 'ess_after', 'resampled', 'log_likelihood'], essRows));
    writeFileAtomic(join(opts.out, 'parameters.csv'), toCsv(['parameter', 'mean', 'p05', 'p50', 'p95'], paramRows));
    writeFileAtomic(join(opts.out, 'nowcast.states.json.gz'), gzipSync(encodeSnapshot(states)));
    writeFileAtomic(join(opts.out, 'nowcast.json'), JSON.stringify({ scenario: opts.scenario, data: dataLabel, since, through, particles: n, scale: opts.scale, seed: opts.seed, drift, level: useLevel, posterior: opts.posterior, kept: states.states.length, logLikelihood: totalLogLik, seconds: (Date.now() - t0) / 1000 }, null, 2) + '\n');
    log(`wrote ${opts.out}/ (estimates.csv, ess.csv, parameters.csv, nowcast.states.json.gz, nowcast.json)`);
    log(`report: ${await writeNowcastReport(opts.out, obs)}`);
    return outcome;
  } finally {
    await cloud.close();
  }
}
