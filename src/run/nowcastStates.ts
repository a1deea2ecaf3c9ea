// A nowcast's saved particle states (what `run`, `compare` and `sweep --from` start from), and
// reading them back with one clear line on a foreign or broken file.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { SimulationSnapshot } from '../model/simulation.ts';
import { InputError } from '../scenario/errors.ts';
import { decodeSnapshot } from '../output/snapshotCodec.ts';

export const STATES_FILE = 'nowcast.states.json.gz';

/** A nowcast's saved particle states (nowcast.states.json.gz): what `run`, `compare` and `sweep --from` start from. */
export interface NowcastStates {
  kind: 'corridor-nowcast-states';
  version: 1;
  scenario: string;
  through: string;
  scale: number;
  warmStart: string;
  /** parameter overrides of each state, and the states */
  parameters: Record<string, number>[];
  states: SimulationSnapshot[];
}

/** Reads the states a nowcast kept (for `--from`), with one clear line on a foreign or broken file. */
export function readNowcastStates(dir: string): NowcastStates {
  const file = dir.endsWith('.json.gz') ? dir : join(dir, STATES_FILE);
  let states: NowcastStates;
  try {
    states = decodeSnapshot<NowcastStates>(gunzipSync(readFileSync(file)).toString('utf8'));
  } catch (e) {
    throw new InputError(file, [], `is not a nowcast's saved states (${(e as Error).message}); run corridor nowcast first`);
  }
  if (states.kind !== 'corridor-nowcast-states' || states.version !== 1) throw new InputError(file, ['kind'], 'expected the states written by corridor nowcast (version 1)');
  return states;
}
