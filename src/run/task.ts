// A run task: a scenario file, build options (period, scale, overrides) and a random stream.
// Shared by the in-process path and the worker threads of pool.ts.
import type { RunResult } from '../model/simulation.ts';
import type { ModelInput } from '../model/types.ts';
import { withParameters } from '../scenario/build.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { RunKey } from './seeds.ts';
import type { ShardRequest } from './particleShard.ts';
import { runFromState, runOnce } from './single.ts';
import { readNowcastStatesCached } from './nowcastStates.ts';
import type { StopAbove } from './single.ts';

export interface RunTask {
  id: string;
  scenarioFile: string;
  build: BuildOptions;
  key: RunKey;
  /** stop early once the run is surely farther from a record than a tolerance (calibration) */
  stopAbove?: StopAbove;
  /** start from a nowcast's saved state (its parameters and the week it was saved) instead of the warm start */
  from?: { states: string; state: number };
}

export type TaskMessage = { type: 'task'; index: number; task: RunTask } | { type: 'shard'; id: number; req: ShardRequest } | { type: 'stop' };
export type ResultMessage = { type: 'done'; index: number; result?: RunResult; error?: string };

// Loading a scenario (YAML, data, weekly series) costs more than a short run: cache per file and
// options. Parameter overrides are applied to the cached input (a calibration, a posterior sample
// or a sweep over parameters gives every run its own), so they do not make the cache miss. A few
// entries serve the repeats (replications, the two arms of a comparison); runs that differ in
// their levers are all different, so a larger cache would only hold what is never asked for again
// (at 64 entries, about 75 MB a worker in a 2,000-run sweep: bench, section 5).
const cache = new Map<string, LoadedScenario>();
const CACHE_LIMIT = 8;

function loadCached(file: string, build: BuildOptions): ModelInput {
  const { parameterOverrides, ...rest } = build;
  const key = `${file}\u0000${JSON.stringify(rest)}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = loadScenario(file, rest);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, loaded);
  }
  return parameterOverrides && Object.keys(parameterOverrides).length ? withParameters(loaded.input, parameterOverrides) : loaded.input;
}

export function runTask(task: RunTask): RunResult {
  if (task.from) {
    // the state's parameters first, then a sweep point's on top
    const { parameterOverrides, ...build } = task.build;
    return runFromState(loadCached(task.scenarioFile, build), readNowcastStatesCached(task.from.states), task.from.state, task.key, parameterOverrides);
  }
  return runOnce(loadCached(task.scenarioFile, task.build), task.key, undefined, task.stopAbove);
}
