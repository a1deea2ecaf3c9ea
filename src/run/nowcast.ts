// `corridor nowcast`: the model's state conditioned on the newest data, by sequential Monte Carlo
// over whole simulation states (a particle filter, as pomp's pfilter). N particles, each with a
// parameter set drawn from the calibration's posterior and a stream of its own, are simulated
// from the warm start; from the first month of the data on they are advanced a month at a time
// and weighted by the likelihood of that month's observed encounters by origin (the
// calibration's observation model: normal errors on log(count + c), equicorrelated across
// origins, so the variance grows with the square of the count — over-dispersed, as the misfit
// measured by validate-fit is; grouped rows count as partial observations of the sum). When the effective sample size falls below half of N the particles
// are resampled (systematic; children are copies of their parent's state, not references, on
// streams of their own) and their parameters jittered by Liu & West's kernel, so the cloud does
// not collapse. What no one observes — people waiting in northern Mexico, on the way, got-aways,
// smuggler revenue — is estimated from the weighted particles month by month.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { dayToIso, monthKey, monthIndex } from '../model/calendar.ts';
import { ORIGINS } from '../model/entities.ts';
import { FLOW, MONEY, ORIGIN_FLOWS, ORIGIN_MONEY, ORIGIN_STOCKS } from '../model/recorder.ts';
import { Simulation } from '../model/simulation.ts';
import type { SimulationSnapshot } from '../model/simulation.ts';
import type { ModelInput } from '../model/types.ts';
import { effectiveSize, jitter, monthLogLikelihood, normalise, systematicResample } from '../analysis/particleFilter.ts';
import type { Observation } from '../analysis/particleFilter.ts';
import { drawParameters, weightedQuantile } from '../analysis/posterior.ts';
import type { ParticlePosterior } from '../analysis/posterior.ts';
import { readObservedCsv } from '../data/observed.ts';
import { InputError } from '../scenario/errors.ts';
import { withParameters } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { toCsv } from '../output/csv.ts';
import { writeNowcastReport } from '../output/nowcastReport.ts';
import { decodeSnapshot, encodeSnapshot } from '../output/snapshotCodec.ts';
import type { NowcastStates } from './nowcastStates.ts';
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

interface Particle {
  sim: Simulation;
  /** the particle's free parameters in the posterior's unit coordinates */
  unit: number[];
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

const QUANTITIES = ['encounters', 'waiting_mexico', 'in_transit', 'gotaways', 'smuggler_revenue_usd'] as const;

/** One month's value of a quantity for origin o (or all origins, o = ORIGINS.length) in a particle's tables. */
function quantityOf(sim: Simulation, m: number, q: (typeof QUANTITIES)[number], o: number): number {
  const t = sim.recorder.tables;
  const nO = ORIGINS.length;
  const from = o < nO ? o : 0;
  const to = o < nO ? o + 1 : nO;
  let s = 0;
  for (let k = from; k < to; k++) {
    if (q === 'waiting_mexico' || q === 'in_transit') s += t.originStocks[(m * ORIGIN_STOCKS.length + ORIGIN_STOCKS.indexOf(q)) * nO + k];
    else if (q === 'smuggler_revenue_usd') s += t.originMoney[(m * ORIGIN_MONEY.length + MONEY.smuggler_revenue_usd) * nO + k];
    else s += t.originFlows[(m * ORIGIN_FLOWS.length + FLOW[q]) * nO + k];
  }
  return s;
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
  const flow = obs.component === 'border-patrol' ? FLOW.encounters_between_ports : FLOW.encounters;
  // report from the first assimilated month; simulate into the month after `through` (its first
  // week completes `through`'s tally)
  const end = monthKey(monthIndex(through) + 1);
  const base = loadScenario(opts.scenario, { start: since, end, scale: opts.scale });
  const cal = base.input.calendar;
  const n = opts.particles;
  const nO = ORIGINS.length;
  const draws = drawParameters(post, n, `nowcast|${opts.seed}`);
  const inputOf = (unit: number[]): ModelInput => withParameters(base.input, valuesOf(post, unit));
  const seedOf = (generation: number, k: number) => runSeed({ masterSeed: opts.seed, scope: `nowcast-${generation}`, point: 0, rep: k });
  let particles: Particle[] = draws.map((d, k) => {
    const unit = unitOf(post, d);
    return { sim: new Simulation(inputOf(unit), seedOf(0, k)), unit };
  });
  let logW = new Array<number>(n).fill(0);
  let generation = 0;
  const months = Array.from({ length: monthIndex(through) - monthIndex(since) + 1 }, (_, i) => monthKey(monthIndex(since) + i));
  const essRows: (string | number)[][] = [];
  const estimateRows: (string | number)[][] = [];
  let totalLogLik = 0;
  const essOut: number[] = [];
  let first = 0;
  const checkpoint = opts.out ? join(opts.out, 'checkpoint.json.gz') : '';
  if (opts.resume && checkpoint && existsSync(checkpoint)) {
    const cp = decodeSnapshot<{ next: number; generation: number; logW: number[]; units: number[][]; states: SimulationSnapshot[]; essRows: (string | number)[][]; estimateRows: (string | number)[][]; totalLogLik: number }>(gunzipSync(readFileSync(checkpoint)).toString('utf8'));
    particles = cp.states.map((s, k) => {
      const sim = new Simulation(inputOf(cp.units[k]), seedOf(cp.generation, k));
      sim.restore(s);
      return { sim, unit: cp.units[k] };
    });
    ({ logW, generation, totalLogLik } = cp);
    essRows.push(...cp.essRows);
    estimateRows.push(...cp.estimateRows);
    first = cp.next;
    log(`resuming ${checkpoint} at ${months[first]}`);
  }
  log(`nowcast: ${n} particles from ${opts.posterior} at scale ${opts.scale}, assimilating ${dataLabel} ${since}..${through}`);
  const kept = new Map<string, NowcastStates>();
  /** states resampled by the weights of the moment, with their parameters, for projections */
  const keepStates = (weights: number[], tag: string, month: string): NowcastStates => {
    const idx = systematicResample(weights, Math.min(opts.keep, n), `nowcast|${opts.seed}|keep|${tag}`);
    return {
      kind: 'corridor-nowcast-states', version: 1, scenario: opts.scenario, through: month, scale: opts.scale,
      warmStart: dayToIso(cal.startDay).slice(0, 7),
      parameters: idx.map((j) => valuesOf(post, particles[j].unit)),
      states: idx.map((j) => particles[j].sim.snapshot()),
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
    for (const p of particles) while (p.sim.week < target) p.sim.step();
    const observations = obs.byMonth.get(month) ?? [];
    const lls = particles.map((p) => {
      const t = p.sim.recorder.tables;
      const simulated = Array.from({ length: nO }, (_, o) => t.originFlows[(m * ORIGIN_FLOWS.length + flow) * nO + o]);
      return monthLogLikelihood(observations, simulated, post.observation!);
    });
    const logged = logW.map((l, k) => l + lls[k]);
    const { weights } = normalise(logged);
    const monthLogLik = logSumExp(logged) - logSumExp(logW); // ln p(this month | the months before), the filter's estimate
    totalLogLik += monthLogLik;
    // filtered estimates of what no one observes (and of encounters), weighted by this month's weights
    for (let o = 0; o <= nO; o++)
      for (const q of QUANTITIES) {
        const values = particles.map((p) => quantityOf(p.sim, m, q, o));
        const mean = values.reduce((a, v, k) => a + v * weights[k], 0);
        estimateRows.push([month, o < nO ? ORIGINS[o] : 'TOTAL', q, Math.round(mean), Math.round(weightedQuantile(values, weights, 0.05)), Math.round(weightedQuantile(values, weights, 0.95))]);
      }
    const ess = effectiveSize(weights);
    essOut.push(ess);
    if (opts.keepAt?.includes(month)) kept.set(month, keepStates(weights, month, month));
    let resampled = false;
    if (ess < n / 2) {
      generation++;
      const parents = systematicResample(weights, n, `nowcast|${opts.seed}|resample|${month}`);
      const units = jitter(particles.map((p) => p.unit), weights, parents, `nowcast|${opts.seed}|jitter|${month}`);
      const snapshots = new Map<number, SimulationSnapshot>();
      for (const j of new Set(parents)) snapshots.set(j, particles[j].sim.snapshot());
      particles = parents.map((j, k) => {
        const sim = new Simulation(inputOf(units[k]), seedOf(generation, k));
        sim.restore(structuredClone(snapshots.get(j)!)); // a copy of the parent's state, not a reference
        sim.reseed(seedOf(generation, k));
        return { sim, unit: units[k] };
      });
      logW = new Array<number>(n).fill(0);
      resampled = true;
    } else logW = logged;
    const after = resampled ? n : ess;
    essRows.push([month, ess.toFixed(1), after.toFixed(1), resampled ? 'yes' : 'no', monthLogLik.toFixed(3)]);
    log(`  ${month}: ESS ${ess.toFixed(0)} of ${n}${resampled ? ', resampled' : ''}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (opts.out && i < months.length - 1 && (i + 1) % 6 === 0) {
      mkdirSync(opts.out, { recursive: true });
      const cp = { next: i + 1, generation, logW, units: particles.map((p) => p.unit), states: particles.map((p) => p.sim.snapshot()), essRows, estimateRows, totalLogLik };
      writeFileAtomic(checkpoint, gzipSync(encodeSnapshot(cp)));
    }
  }
  // the parameters after assimilation, and states kept for projections, resampled by weight
  const finalWeights = normalise(logW).weights;
  const states = keepStates(finalWeights, 'final', through);
  const outcome = { ess: essOut, logLikelihood: totalLogLik, states, kept };
  if (!opts.out) return outcome;
  const paramRows = post.names.map((name, a) => {
    const values = particles.map((p) => valuesOf(post, p.unit)[name]);
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
  writeFileAtomic(join(opts.out, 'nowcast.json'), JSON.stringify({ scenario: opts.scenario, data: dataLabel, since, through, particles: n, scale: opts.scale, seed: opts.seed, posterior: opts.posterior, kept: states.states.length, logLikelihood: totalLogLik, seconds: (Date.now() - t0) / 1000 }, null, 2) + '\n');
  log(`wrote ${opts.out}/ (estimates.csv, ess.csv, parameters.csv, nowcast.states.json.gz, nowcast.json)`);
  log(`report: ${await writeNowcastReport(opts.out, obs)}`);
  return outcome;
}

