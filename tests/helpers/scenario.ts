// Shared test helpers: build the shipped baseline (or a variant) for short, coarse runs.
import { loadScenario } from '../../src/scenario/load.ts';
import type { BuildOptions } from '../../src/scenario/build.ts';
import { Simulation } from '../../src/model/simulation.ts';
import { InputError } from '../../src/scenario/errors.ts';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BASELINE = `${ROOT}scenarios/baseline.yaml`;
export const STRICTER = `${ROOT}scenarios/stricter-border.yaml`;

export function simulation(options: BuildOptions = {}, seed = 'test', file = BASELINE): Simulation {
  const loaded = loadScenario(file, { scale: 100, start: '2022-01', end: '2023-06', ...options });
  return new Simulation(loaded.input, seed);
}

/** The InputError that loading `file` throws (fails the test when it loads, or throws anything else). */
export function errorOf(file: string): InputError {
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an error');
}
