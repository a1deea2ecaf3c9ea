// One simulation of one scenario with one random stream.
import { Simulation } from '../model/simulation.ts';
import type { RunResult } from '../model/simulation.ts';
import type { ModelInput } from '../model/types.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';

export function runOnce(input: ModelInput, key: RunKey, onWeek?: (week: number, weeks: number) => void): RunResult {
  const sim = new Simulation(input, runSeed(key));
  while (sim.week < sim.weeks) {
    sim.step();
    onWeek?.(sim.week, sim.weeks);
  }
  return sim.result();
}
