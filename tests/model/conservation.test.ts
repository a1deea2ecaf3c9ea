import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PARAMETERS, PARAMETER_NAMES } from '../../src/model/parameters.ts';
import type { Census } from '../../src/model/simulation.ts';
import { simulation, STRICTER } from '../helpers/scenario.ts';

function stocksAddUp(c: Census): void {
  expect(c.atHome + c.inTransit + c.waiting + c.inUS + c.returned + c.dead).toBe(c.population);
  for (const v of Object.values(c)) expect(v).toBeGreaterThanOrEqual(0);
}

describe('people are conserved: home + transit + waiting + US + returned + dead = population', () => {
  it('holds every week of the baseline, 2019-10 to 2026-12, at 1:200', () => {
    const sim = simulation({ start: '2019-10', end: '2026-12', scale: 200 });
    while (sim.week < sim.weeks) {
      sim.step();
      stocksAddUp(sim.census());
    }
    const c = sim.census();
    expect(c.inUS).toBeGreaterThan(0); // people did move: the identity is not trivially true
    expect(c.returned).toBeGreaterThan(0);
    expect(c.dead).toBeGreaterThan(0);
  });

  it('holds every week of the stricter-border scenario', () => {
    const sim = simulation({ start: '2025-01', end: '2027-12', scale: 200 }, 'strict', STRICTER);
    while (sim.week < sim.weeks) {
      sim.step();
      stocksAddUp(sim.census());
    }
  });

  it('holds for random parameter draws (property test)', () => {
    const names = PARAMETER_NAMES.filter((n) => !('perOrigin' in PARAMETERS[n]));
    const draw = fc.record(Object.fromEntries(names.map((n) => [n, fc.double({ min: PARAMETERS[n].min, max: PARAMETERS[n].max, noNaN: true })])));
    fc.assert(
      fc.property(draw, fc.integer({ min: 1, max: 1e6 }), (params, seed) => {
        const sim = simulation({ start: '2022-10', end: '2023-09', scale: 500, parameterOverrides: params as Record<string, number> }, `p${seed}`);
        while (sim.week < sim.weeks) {
          sim.step();
          stocksAddUp(sim.census());
        }
      }),
      { numRuns: 12, seed: 20261125 },
    );
  });
});
