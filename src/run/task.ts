// A run task: a scenario file, build options (period, scale, overrides) and a random stream.
// Shared by the in-process path and the worker threads of pool.ts.
import type { RunResult } from '../model/simulation.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { RunKey } from './seeds.ts';
import { runOnce } from './single.ts';

export interface RunTask {
  id: string;
  scenarioFile: string;
  build: BuildOptions;
  key: RunKey;
}

export type TaskMessage = { type: 'task'; index: number; task: RunTask } | { type: 'stop' };
export type ResultMessage = { type: 'done'; index: number; result?: RunResult; error?: string };

// Loading a scenario (YAML, data, weekly series) costs more than a short run: cache per file + options.
// A few entries serve the repeats (replications, the two arms of a comparison, a sweep point's
// replications); a sweep's points are all different, so a larger cache would only hold what is
// never asked for again: at 64 entries, about 75 MB a worker in a 2,000-run sweep (bench, section 5).
const cache = new Map<string, LoadedScenario>();
const CACHE_LIMIT = 8;

function loadCached(file: string, build: BuildOptions): LoadedScenario {
  const key = `${file}\u0000${JSON.stringify(build)}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = loadScenario(file, build);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, loaded);
  }
  return loaded;
}

export function runTask(task: RunTask): RunResult {
  return runOnce(loadCached(task.scenarioFile, task.build).input, task.key);
}
