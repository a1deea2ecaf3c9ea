// The Node side of scenario reading: files on disk. Everything else in src/scenario is pure.
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { buildScenario } from './build.ts';
import type { BuildOptions, BuiltScenario } from './build.ts';
import { parseWorldData } from './data.ts';
import type { WorldData } from './data.ts';
import { InputError, UnreadableFile } from './errors.ts';
import { readTextFile } from './files.ts';
import { DATA_FILE_BYTES, INPUT_FILE_BYTES } from './limits.ts';
import { resolveScenario } from './parse.ts';
import type { ResolvedScenario } from './parse.ts';
import { lineOf, parseYamlFile } from './yaml.ts';
import type { ParsedFile } from './yaml.ts';

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
}

/** Reads a YAML input file (a sweep, a calibration); errors name it as `shown`. */
export function readYamlFile(file: string, shown = file): ParsedFile {
  let text: string;
  try {
    text = readTextFile(file, INPUT_FILE_BYTES);
  } catch (e) {
    if (e instanceof UnreadableFile) throw new InputError(shown, [], `cannot read the file (${e.reason})`);
    throw e;
  }
  return parseYamlFile(shown, text);
}

export function readScenario(file: string): ResolvedScenario {
  return resolveScenario(
    displayPath(resolve(file)),
    (p) => readTextFile(p, INPUT_FILE_BYTES),
    (from, rel) => displayPath(resolve(dirname(from), rel)),
  );
}

/** The files of a data folder (scenarios/data/README.md). */
const DATA_FILES = ['origins.yaml', 'routes.yaml', 'sectors.yaml', 'indicators.csv'] as const;

/**
 * The data folder: as set by the nearest file in the chain that sets `data` (relative to that
 * file; an absolute path stays as it is), else `data/` beside the last file of the chain.
 */
function dataDirOf(resolved: ResolvedScenario): { dir: string; setBy?: ParsedFile } {
  for (const parsed of resolved.chain) {
    if (typeof parsed.value.data === 'string') return { dir: resolve(dirname(parsed.file), parsed.value.data), setBy: parsed };
  }
  return { dir: resolve(dirname(resolved.chain[resolved.chain.length - 1].file), 'data') };
}

const dataCache = new Map<string, WorldData>();

/** The world data of a folder; `refuse` reports a file that cannot be read where the folder was named. */
export function readWorldData(dir: string, refuse?: (expected: string) => never): WorldData {
  const key = resolve(dir);
  const cached = dataCache.get(key);
  if (cached) return cached;
  const read = (name: string) => {
    const path = join(dir, name);
    try {
      return readTextFile(path, DATA_FILE_BYTES);
    } catch (e) {
      if (!(e instanceof UnreadableFile)) throw e;
      refuse?.(`cannot read ${displayPath(path)} (${e.reason}); a data folder holds ${DATA_FILES.join(', ')}`);
      throw new InputError(displayPath(path), [], `cannot read the file (${e.reason})`);
    }
  };
  const [origins, routes, sectors, indicators] = DATA_FILES.map(read);
  const data = parseWorldData({ dir: displayPath(key), origins, routes, sectors, indicators });
  dataCache.set(key, data);
  return data;
}

export interface LoadedScenario extends BuiltScenario {
  resolved: ResolvedScenario;
  dataDir: string;
}

export function loadScenario(file: string, options: BuildOptions = {}): LoadedScenario {
  const resolved = readScenario(file);
  const { dir, setBy } = dataDirOf(resolved);
  const dataDir = displayPath(dir);
  const refuse = (expected: string): never => {
    if (setBy) throw new InputError(setBy.file, ['data'], expected, lineOf(setBy, ['data']));
    throw new InputError(resolved.chain[resolved.chain.length - 1].file, ['data'], `no data folder is set and the default, ${dataDir}, is not one: ${expected}`);
  };
  const built = buildScenario(resolved, readWorldData(dir, refuse), options);
  return { ...built, resolved, dataDir };
}
