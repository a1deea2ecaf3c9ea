// One simulation of one scenario with one random stream.
import { Simulation } from '../model/simulation.ts';
import type { RunResult, SimulationSnapshot } from '../model/simulation.ts';
import { FLOW, ORIGIN_FLOWS } from '../model/recorder.ts';
import type { ModelInput } from '../model/types.ts';
import { withParameters } from '../scenario/build.ts';
import type { NowcastStates } from './nowcastStates.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';

/**
 * A run that stops as soon as its squared log errors against a record, summed over the months
 * done, exceed `limit`: its distance can then only be larger (calibration: a proposal sure to be
 * rejected need not be run to the end). The record's months start at `firstMonth` (a month index).
 */
export interface StopAbove {
  firstMonth: number;
  /** per month: true if the record counts all encounters, false if between ports only */
  all: boolean[];
  /** [month][origin] */
  encounters: number[];
  offset: number;
  limit: number;
}

export class StoppedAbove extends Error {}

/**
 * A simulation that continues from a saved state: the state's parameters (then `overrides`, a
 * sweep's, on top), the input's levers from the week the state was saved on, and the stream
 * `seed` from there. The classroom page's worker starts its runs here too.
 */
export function simulationFromState(input: ModelInput, state: SimulationSnapshot, parameters: Record<string, number>, seed: string, overrides?: Record<string, number>): Simulation {
  let withState = withParameters(input, parameters);
  if (overrides && Object.keys(overrides).length) withState = withParameters(withState, overrides);
  const sim = new Simulation(withState, seed);
  sim.restore(state);
  sim.reseed(seed);
  return sim;
}

/**
 * A run continued from state `j` of a nowcast: the state's parameters, the scenario's levers from
 * the week the state was saved on, and the stream of `key` from there (so two scenarios continued
 * with the same key draw the same numbers: common random numbers from today's state).
 * `overrides` (a sweep point's parameters) replace the state's values of those parameters.
 */
export function runFromState(input: ModelInput, states: NowcastStates, j: number, key: RunKey, overrides?: Record<string, number>): RunResult {
  if (input.scale !== states.scale) throw new Error(`the nowcast's states are at scale ${states.scale}; run at --scale ${states.scale}`);
  const k = j % states.states.length;
  const sim = simulationFromState(input, states.states[k], states.parameters[k], runSeed(key), overrides);
  while (sim.week < sim.weeks) sim.step();
  return sim.result();
}

export function runOnce(input: ModelInput, key: RunKey, onWeek?: (week: number, weeks: number) => void, stopAbove?: StopAbove): RunResult {
  const sim = new Simulation(input, runSeed(key));
  const cal = input.calendar;
  const t = sim.recorder.tables;
  const nO = t.origins;
  const nF = ORIGIN_FLOWS.length;
  let checked = 0; // record months whose errors are summed
  let sum = 0;
  while (sim.week < sim.weeks) {
    sim.step();
    onWeek?.(sim.week, sim.weeks);
    if (!stopAbove) continue;
    // months before the one the latest week started in are complete
    const done = cal.firstMonth + cal.weekMonth[sim.week - 1] - stopAbove.firstMonth;
    while (checked < done && checked < stopAbove.all.length) {
      const m = stopAbove.firstMonth + checked - cal.firstMonth;
      const flow = stopAbove.all[checked] ? FLOW.encounters : FLOW.encounters_between_ports;
      for (let o = 0; o < nO; o++) {
        const r = Math.log(t.originFlows[(m * nF + flow) * nO + o] + stopAbove.offset) - Math.log(stopAbove.encounters[checked * nO + o] + stopAbove.offset);
        sum += r * r;
      }
      checked++;
    }
    if (sum > stopAbove.limit) throw new StoppedAbove(`above tolerance: squared log errors ${sum.toFixed(1)} > ${stopAbove.limit.toFixed(1)} after ${checked} months`);
  }
  return sim.result();
}
