// A small nowcast for tests of what starts from one (--from, the report, the page's import): the
// shipped baseline (warm start 2013-01) at 200 persons per agent, a few particles whose two
// hazards spread around the scenario's (a synthetic posterior, as tests/run/nowcast.test.ts
// uses), assimilating six months of encounters made by the model itself. A few seconds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monthKey } from '../../src/model/calendar.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { FLOW, ORIGIN_FLOWS } from '../../src/model/recorder.ts';
import { Simulation } from '../../src/model/simulation.ts';
import { withParameters } from '../../src/scenario/build.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { nowcast } from '../../src/run/nowcast.ts';
import type { NowcastOutcome } from '../../src/run/nowcast.ts';
import { BASELINE } from './scenario.ts';

export interface SmallNowcast {
  /** the nowcast folder */
  out: string;
  scenario: string;
  data: string;
  posterior: string;
  since: string;
  through: string;
  scale: number;
  outcome: NowcastOutcome;
}

/** Writes a posterior, observed data and the nowcast's folder (`<dir>/now`) into `dir`. */
export async function smallNowcast(dir: string, opts: { since?: string; through?: string; particles?: number; keep?: number; scale?: number; scenario?: string } = {}): Promise<SmallNowcast> {
  const scenario = opts.scenario ?? BASELINE;
  const since = opts.since ?? '2025-01';
  const through = opts.through ?? '2025-06';
  const scale = opts.scale ?? 200;
  const base = loadScenario(scenario, { start: since, end: through, scale });
  const hazards = base.parameters.baseHazard as Record<string, number>;
  const names = ['baseHazard.MEX', 'baseHazard.HND'];
  const hazard = (n: string) => hazards[n.split('.')[1]];
  const particles = Array.from({ length: 40 }, (_, k) => names.map((n, a) => hazard(n) * Math.exp(0.3 * Math.sin(k * (a + 1.7)))));
  const posterior = {
    method: 'abc-smc', names, log: [true, true], lo: names.map((n) => Math.log(hazard(n) / 3)), hi: names.map((n) => Math.log(hazard(n) * 3)),
    particles, weights: particles.map(() => 1 / particles.length), distances: particles.map(() => 0), generations: [], simulations: 0,
    observation: { offset: 2000, bias: new Array(ORIGINS.length + 1).fill(0), sd: new Array(ORIGINS.length + 1).fill(0.3), correlation: 0.5 },
  };
  const posteriorFile = join(dir, 'posterior.json');
  writeFileSync(posteriorFile, JSON.stringify(posterior));
  const truth = new Simulation(withParameters(base.input, Object.fromEntries(names.map((n, a) => [n, particles[5][a]]))), 'the truth').run().tables;
  const nO = ORIGINS.length;
  const lines = ['month,origin,encounters,title42_expulsions'];
  for (let m = 0; m < base.input.calendar.months; m++) {
    for (let o = 0; o < nO; o++) lines.push(`${monthKey(base.input.calendar.firstMonth + m)},${ORIGINS[o]},${truth.originFlows[(m * ORIGIN_FLOWS.length + FLOW.encounters) * nO + o]},0`);
  }
  const data = join(dir, 'observed.csv');
  writeFileSync(data, lines.join('\n') + '\n');
  const out = join(dir, 'now');
  const outcome = await nowcast({ scenario, data, through, posterior: posteriorFile, particles: opts.particles ?? 12, scale, seed: 5, keep: opts.keep ?? 8, out });
  return { out, scenario, data, posterior: posteriorFile, since, through, scale, outcome };
}
