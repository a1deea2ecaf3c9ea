// The classroom page's model worker: reads the scenario files bundled into the page, builds
// the model input with the same pure functions as `corridor run`, and runs the core week by
// week, posting the finished months as it goes so the page's charts grow while it runs.
import { files, presets } from 'corridor:bundled-files';
import { headlineWindow } from '../../analysis/metrics.ts';
import { formatMonth } from '../../output/format.ts';
import { monthKey, monthIndex } from '../../model/calendar.ts';
import { Simulation } from '../../model/simulation.ts';
import { buildScenario } from '../../scenario/build.ts';
import type { BuiltScenario } from '../../scenario/build.ts';
import { parseWorldData } from '../../scenario/data.ts';
import type { WorldData } from '../../scenario/data.ts';
import { resolveScenario } from '../../scenario/parse.ts';
import type { ResolvedScenario } from '../../scenario/parse.ts';
import { COMPARE_SCOPE, runSeed } from '../../run/seeds.ts';
import { simulationFromState } from '../../run/single.ts';
import { CONTROLS } from '../controls.ts';
import { monthPoint } from '../summary.ts';
import type { MonthPoint } from '../summary.ts';
import { whatIfName, whatIfYaml } from '../whatIf.ts';
import type { FromWorker, PresetInfo, PresetLevers, RunStart, ToWorker, WhatIfRequest } from './protocol.ts';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Joins and normalises a relative path, as `extends:` and `data:` are resolved in Node. */
function joinPath(dir: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${dir}/${rel}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function read(extra: Map<string, string>) {
  return (path: string): string => {
    const text = extra.get(path) ?? files[path];
    if (text === undefined) throw new Error(`${path} is not bundled into the page`);
    return text;
  };
}

const worlds = new Map<string, WorldData>();

function worldData(resolved: ResolvedScenario): WorldData {
  let dir = joinPath(dirname(resolved.chain[resolved.chain.length - 1].file), 'data');
  for (const parsed of resolved.chain) {
    if (typeof parsed.value.data === 'string') {
      dir = joinPath(dirname(parsed.file), parsed.value.data);
      break;
    }
  }
  let data = worlds.get(dir);
  if (!data) {
    const text = read(new Map());
    data = parseWorldData({
      dir,
      origins: text(`${dir}/origins.yaml`),
      routes: text(`${dir}/routes.yaml`),
      sectors: text(`${dir}/sectors.yaml`),
      indicators: text(`${dir}/indicators.csv`),
    });
    worlds.set(dir, data);
  }
  return data;
}

function load(file: string, scale: number, extra = new Map<string, string>()): BuiltScenario {
  const resolved = resolveScenario(file, read(extra), (from, rel) => joinPath(dirname(from), rel));
  return buildScenario(resolved, worldData(resolved), { scale });
}

function whatIfText(w: WhatIfRequest): { name: string; file: string; text: string } {
  const resolved = resolveScenario(w.preset, read(new Map()), (from, rel) => joinPath(dirname(from), rel));
  const text = whatIfYaml({ base: resolved.scenario, baseName: resolved.name, changes: w.changes, from: w.from, seed: w.seed, scale: w.scale, nowcast: w.nowcast });
  const name = whatIfName(resolved.name);
  // where the page tells the user to save it, so that `data: data` resolves the same way
  return { name, file: `scenarios/${name}.yaml`, text };
}

function presetInfo(): PresetInfo[] {
  return presets.map((file) => {
    const resolved = resolveScenario(file, read(new Map()), (from, rel) => joinPath(dirname(from), rel));
    const s = resolved.scenario;
    return { file, name: resolved.name, description: s.description, seed: s.seed ?? 1, start: s.period?.start ?? '2019-10', end: s.period?.end ?? '2030-12' };
  });
}

/**
 * The preset's classroom levers over the headline window (the last five full years, where the
 * page's cards are): each entity's value in every month of it, the first week of each month.
 * The sliders start at the value in force at the window's end, and say when it changes inside
 * the window, so a preset that ramps up in its first year does not look like the baseline.
 */
function presetLevers(preset: string): PresetLevers {
  const built = load(preset, 1000);
  const cal = built.input.calendar;
  const w = headlineWindow(cal.firstMonth, cal.months) ?? { from: cal.firstMonth, to: cal.firstMonth + cal.months - 1, label: '' };
  const weekOf: number[] = [];
  for (let m = w.from; m <= w.to; m++) {
    let week = 0;
    while (week < cal.weeks - 1 && cal.weekMonth[week] < m - cal.firstMonth) week++;
    weekOf.push(week);
  }
  const monthly: Record<string, number[][]> = {};
  for (const c of CONTROLS) monthly[c.lever] = built.input.levers[c.lever].map((series) => weekOf.map((week) => series[week]));
  return { window: { from: monthKey(w.from), to: monthKey(w.to), label: w.label }, monthly };
}


/**
 * Both runs continue the imported nowcast state, with its parameters, on the same stream (as
 * `corridor compare --from <export> --reps 1`: replication 0, state 0).
 */
function fromNowcast(built: BuiltScenario, start: RunStart, seed: string): Simulation {
  const what = `cannot start from the nowcast of ${formatMonth(start.through)}`;
  if (built.input.scale !== start.scale) throw new Error(`${what}: its states are at ${start.scale} persons per agent, the run at ${built.input.scale}`);
  try {
    return simulationFromState(built.input, start.state, start.parameters, seed);
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`);
  }
}

function run(msg: Extract<ToWorker, { type: 'run' }>): void {
  const started = performance.now();
  let text: string | undefined;
  let built: BuiltScenario;
  if (msg.whatIf) {
    const w = whatIfText(msg.whatIf);
    text = w.text;
    built = load(w.file, msg.scale, new Map([[w.file, w.text]]));
  } else {
    built = load(msg.preset, msg.scale);
  }
  const buildMs = performance.now() - started;
  // common random numbers, as `corridor compare`: the baseline and the what-if draw the same
  // stream, so before the levers apply the two lines coincide and after it the gap is the policy
  const seed = runSeed({ masterSeed: msg.seed, scope: COMPARE_SCOPE, point: 0, rep: 0 });
  const cal = built.input.calendar;
  const sim = msg.start ? fromNowcast(built, msg.start, seed) : new Simulation(built.input, seed);
  const tables = sim.recorder.tables;
  // from a nowcast, the months before its last are its history (the data's past): shown from its last month on
  let sent = msg.start ? Math.max(0, monthIndex(msg.start.through) - cal.firstMonth) : 0;
  const finished = (upTo: number): MonthPoint[] => {
    const out: MonthPoint[] = [];
    for (; sent < upTo; sent++) out.push(monthPoint(tables, sent, cal.firstMonth));
    return out;
  };
  while (sim.week < sim.weeks) {
    sim.step();
    if (sim.week % msg.everyWeeks === 0 && sim.week < sim.weeks) {
      // months before the last week's first month get no more entries
      const months = finished(cal.weekMonth[sim.week - 1]);
      if (months.length) post({ type: 'progress', id: msg.id, week: sim.week, weeks: sim.weeks, months });
    }
  }
  sim.result();
  post({ type: 'done', id: msg.id, week: sim.week, weeks: sim.weeks, months: finished(tables.months), hash: built.hash, seed, ms: performance.now() - started, buildMs, text });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  try {
    if (msg.type === 'hello') post({ type: 'presets', presets: presetInfo() });
    else if (msg.type === 'levers') post({ type: 'levers', preset: msg.preset, ...presetLevers(msg.preset) });
    else if (msg.type === 'export') {
      const w = whatIfText(msg.whatIf);
      post({ type: 'yaml', text: w.text, name: w.name });
    } else if (msg.type === 'run') run(msg);
  } catch (err) {
    post({ type: 'error', id: msg.type === 'run' ? msg.id : undefined, message: err instanceof Error ? err.message : String(err) });
  }
};
