// `--from <nowcast>` for run, compare and sweep: replications start from a nowcast's particle
// states at its last assimilated month instead of the warm start. Replication r continues state
// (r · stride) mod K (the K states are already a resample by weight; the stride spreads a few
// replications over all of them) with that state's parameters, on the
// replication's own stream; a comparison's two arms use the same state and the same stream for
// replication r, so they are identical week by week until their levers differ. The months up to
// the nowcast's last are its own history, carried in the state.
import { resolve } from 'node:path';
import { dayToIso, monthKey, monthIndex } from '../model/calendar.ts';
import { Simulation } from '../model/simulation.ts';
import { withParameters } from '../scenario/build.ts';
import { InputError } from '../scenario/errors.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import { formatMonth } from '../output/format.ts';
import type { ManifestFrom } from '../output/manifest.ts';
import { nowcastStatesDigest, readNowcastStatesCached, statesFileOf } from './nowcastStates.ts';

/** Where the replications start: a nowcast's states, as recorded in the manifest and the sweep plan. */
export interface NowcastStart {
  /** the folder (or file) given to --from */
  folder: string;
  /** the states file, absolute: worker threads and cluster shards read it */
  file: string;
  /** the nowcast's last assimilated month */
  through: string;
  /** the first month of the nowcast's history (its first assimilated month) */
  since: string;
  /** states kept: replication r starts from state stateOf(r) */
  states: number;
  /** SHA-256 of the states file: a sweep's resume and merge check it */
  digest: string;
  scale: number;
  warmStart: string;
}


/** Reads the nowcast named by --from (a nowcast folder, its states file, or a page export). */
export function nowcastStart(path: string): NowcastStart {
  const file = resolve(statesFileOf(path));
  const s = readNowcastStatesCached(file);
  return {
    folder: path, file, through: s.through, since: monthKey(s.states[0].recorder.firstMonth),
    states: s.states.length, scale: s.scale, warmStart: s.warmStart,
    digest: nowcastStatesDigest(file),
  };
}

/**
 * The persons per agent of runs from `start`: the nowcast's. A different `scale` asked for is
 * an error (the agents in the states stand for the nowcast's number of persons each).
 */
export function scaleFrom(start: NowcastStart, scale: number | undefined, where = '--scale'): number {
  if (scale !== undefined && scale !== start.scale) {
    throw new InputError(start.folder, ['scale'], `the nowcast's states are at ${start.scale} persons per agent, not ${scale}; leave out ${where} or give ${start.scale}`);
  }
  return start.scale;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The state replication `rep` starts from: (rep · stride) mod K, with the stride the integer
 * nearest K·0.618 that is coprime with K. The states are saved in particle order, and neighbours
 * are often copies of one ancestor, so r mod K would start 32 replications of 64 states from one
 * half of the list; the stride spreads any number of replications over the whole list, and K
 * replications still visit every state once.
 */
export function stateOf(start: NowcastStart, rep: number): number {
  const k = start.states;
  let stride = Math.max(1, Math.round(k * 0.618));
  while (gcd(stride, k) !== 1) stride++;
  return (rep * stride) % k;
}

/** "the nowcast of Aug 2025", for summaries and manifests. */
export function startText(start: NowcastStart): string {
  return `the nowcast of ${formatMonth(start.through)}`;
}

/**
 * Checks that `loaded` can continue the nowcast's states, by restoring the first one (one line
 * naming the scenario when it cannot: another warm start, a period that ends before the
 * nowcast's last month), and returns notes for the reader (months the nowcast did not simulate).
 */
export function checkStart(loaded: LoadedScenario, start: NowcastStart): string[] {
  const file = loaded.resolved.file;
  const cal = loaded.input.calendar;
  const first = monthKey(cal.firstMonth);
  const last = monthKey(cal.firstMonth + cal.months - 1);
  if (last <= start.through) {
    throw new InputError(file, ['period', 'end'], `ends in ${last}, not after the nowcast's last month ${start.through} (${start.folder}): nothing to project; give --end after ${start.through}`);
  }
  const what = `cannot start from the nowcast of ${start.through} (${start.folder})`;
  const warm = dayToIso(cal.startDay).slice(0, 7);
  if (warm !== start.warmStart) {
    throw new InputError(file, ['period', 'warmStart'], `${what}: its runs started in ${start.warmStart}, this scenario's in ${warm}, so their weeks do not line up; give the scenario period.warmStart ${start.warmStart}`);
  }
  const states = readNowcastStatesCached(start.file);
  try {
    new Simulation(withParameters(loaded.input, states.parameters[0]), 'check').restore(states.states[0]);
  } catch (e) {
    throw new InputError(file, ['period', 'warmStart'], `${what}: ${(e as Error).message}`);
  }
  const notes: string[] = [];
  if (first < start.since) {
    notes.push(`the period starts in ${first}, but the nowcast's history starts in ${start.since}: the months before ${start.since} hold zeros; give --start ${start.since} or later`);
  }
  return notes;
}

/** What manifest.json records of the start. */
export function manifestFrom(start: NowcastStart): ManifestFrom {
  return {
    folder: start.folder, file: start.file, through: start.through, states: start.states, scale: start.scale, warmStart: start.warmStart,
    history: { start: start.since, end: start.through },
    note: `starts from ${startText(start)}: replication r continues state (r · stride) mod ${start.states} (with its parameters) on its own stream; the months up to ${start.through} are the nowcast's history`,
  };
}
