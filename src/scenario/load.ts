// The Node side of scenario reading: files on disk. Everything else in src/scenario is pure.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildScenario } from './build.ts';
import type { BuildOptions, BuiltScenario } from './build.ts';
import { parseWorldData } from './data.ts';
import type { WorldData } from './data.ts';
import { InputError } from './errors.ts';
import { parseYamlFile, resolveScenario } from './parse.ts';
import type { ParsedFile, ResolvedScenario } from './parse.ts';

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Reads a YAML input file (a sweep, a calibration); errors name it as `shown`. */
export function readYamlFile(file: string, shown = file): ParsedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(shown, [], `cannot read the file (${(e as Error).message})`);
  }
  return parseYamlFile(shown, text);
}

export function readScenario(file: string): ResolvedScenario {
  return resolveScenario(
    displayPath(resolve(file)),
    (p) => readFileSync(p, 'utf8'),
    (from, rel) => displayPath(resolve(dirname(from), rel)),
  );
}

/** The data folder: as set by the nearest file in the chain that sets `data`, else `data/` beside the root scenario. */
function dataDirOf(resolved: ResolvedScenario): string {
  for (const parsed of resolved.chain) {
    if (typeof parsed.value.data === 'string') return join(dirname(parsed.file), parsed.value.data);
  }
  return join(dirname(resolved.chain[resolved.chain.length - 1].file), 'data');
}

const dataCache = new Map<string, WorldData>();

export function readWorldData(dir: string): WorldData {
  const key = resolve(dir);
  const cached = dataCache.get(key);
  if (cached) return cached;
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const data = parseWorldData({
    dir: displayPath(dir),
    origins: read('origins.yaml'),
    routes: read('routes.yaml'),
    sectors: read('sectors.yaml'),
    indicators: read('indicators.csv'),
  });
  dataCache.set(key, data);
  return data;
}

export interface LoadedScenario extends BuiltScenario {
  resolved: ResolvedScenario;
  dataDir: string;
}

export function loadScenario(file: string, options: BuildOptions = {}): LoadedScenario {
  const resolved = readScenario(file);
  const dataDir = dataDirOf(resolved);
  const built = buildScenario(resolved, readWorldData(dataDir), options);
  return { ...built, resolved, dataDir };
}
