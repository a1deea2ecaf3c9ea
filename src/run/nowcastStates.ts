// A nowcast's saved particle states (what `run`, `compare` and `sweep --from` start from), and
// reading them back with one clear line on a foreign or broken file. The folder holds them
// gzipped (nowcast.states.json.gz); `corridor nowcast export` writes a few of them as plain
// JSON for the classroom page, which `--from` reads too.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { writeFailure } from '../output/errors.ts';
import { decodeSnapshot, encodeSnapshot, NOWCAST_STATES_VERSION } from '../output/snapshotCodec.ts';
import type { NowcastStates } from '../output/snapshotCodec.ts';

export const STATES_FILE = 'nowcast.states.json.gz';

export type { NowcastStates };

/** The states file of a nowcast folder, or the file itself (gzipped, or a plain-JSON export). */
export function statesFileOf(path: string): string {
  return /\.json(\.gz)?$/.test(path) ? path : join(path, STATES_FILE);
}

/** Reads the states a nowcast kept (for `--from`), with one clear line on a foreign or broken file. */
export function readNowcastStates(dir: string): NowcastStates {
  return readStatesFile(statesFileOf(dir)).value;
}

/** The states and the SHA-256 of the file's bytes (read once for both). */
function readStatesFile(file: string): { value: NowcastStates; digest: string } {
  let states: NowcastStates;
  let digest: string;
  try {
    const bytes = readFileSync(file);
    digest = createHash('sha256').update(bytes).digest('hex');
    // gzip starts with 1f 8b; an export for the page is plain JSON
    const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    states = decodeSnapshot<NowcastStates>(text);
  } catch (e) {
    throw new InputError(file, [], `is not a nowcast's saved states (${(e as Error).message}); run corridor nowcast first`);
  }
  if (states?.kind !== 'corridor-nowcast-states') throw new InputError(file, ['kind'], `expected the states written by corridor nowcast (version ${NOWCAST_STATES_VERSION})`);
  if (states.version !== NOWCAST_STATES_VERSION) throw new InputError(file, ['version'], `expected version ${NOWCAST_STATES_VERSION} (found ${String(states.version)}): states saved by an earlier model; run corridor nowcast again`);
  if (!(states.states?.length > 0) || states.parameters?.length !== states.states.length) throw new InputError(file, ['states'], 'expected at least one state, each with its parameters');
  return { value: states, digest };
}

// A nowcast's states are read once per file and thread (tens of megabytes): the worker threads
// and the up-front check of `--from` share this.
let cached: { file: string; value: NowcastStates; digest: string } | undefined;
function cachedStates(file: string): { value: NowcastStates; digest: string } {
  if (cached?.file !== file) cached = { file, ...readStatesFile(file) };
  return cached;
}
export function readNowcastStatesCached(file: string): NowcastStates {
  return cachedStates(file).value;
}
/** SHA-256 of the states file (a sweep's resume and merge check it), from the same read. */
export function nowcastStatesDigest(file: string): string {
  return cachedStates(file).digest;
}

/**
 * `count` of the states, evenly spaced through the list: the list is a resample by weight, so an
 * evenly spaced subset is one too (systematic resampling of equal weights). For the classroom page.
 */
export function fewStates(states: NowcastStates, count: number): NowcastStates {
  const n = states.states.length;
  const k = Math.min(count, n);
  const idx = Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * n) / k));
  // every list aligned with the states is cut the same way (the levels too, when the filter kept them)
  return { ...states, parameters: idx.map((j) => states.parameters[j]), states: idx.map((j) => states.states[j]), ...(states.levels ? { levels: idx.map((j) => states.levels![j]) } : {}) };
}

/**
 * Writes `count` of a nowcast's states as plain JSON (typed arrays in base64, encodeSnapshot):
 * the file the classroom page imports, and one `--from` reads too. Returns what it wrote.
 */
export function exportStates(from: string, out: string, count: number): { states: NowcastStates; of: number; bytes: number } {
  const all = readNowcastStates(from);
  const states = fewStates(all, count);
  const text = encodeSnapshot(states) + '\n';
  try {
    writeFileAtomic(out, text);
  } catch (e) {
    throw writeFailure(out, e);
  }
  return { states, of: all.states.length, bytes: Buffer.byteLength(text) };
}
