import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AgentStore, QUEUED, TRANSIT } from '../../src/model/agents.ts';
import { Xoshiro128 } from '../../src/model/random.ts';
import { simulation } from '../helpers/scenario.ts';

/** Counts by origin recomputed from the agents' statuses. */
function recount(a: AgentStore, origins: number): { moving: number[]; atBorder: number[] } {
  const moving = new Array<number>(origins).fill(0);
  const atBorder = new Array<number>(origins).fill(0);
  for (let i = 0; i < a.count; i++) (a.status[i] === TRANSIT ? moving : atBorder)[a.origin[i]]++;
  return { moving, atBorder };
}

function expectCountsMatch(a: AgentStore, origins: number): void {
  const { moving, atBorder } = recount(a, origins);
  expect(Array.from(a.movingByOrigin)).toEqual(moving);
  expect(Array.from(a.atBorderByOrigin)).toEqual(atBorder);
  expect(a.moving).toBe(moving.reduce((s, x) => s + x, 0));
}

describe('the agent store', () => {
  it('keeps its per-origin counts equal to the agents it holds, whatever the operations (property test)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('depart' as const), origin: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('border' as const), pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
      fc.record({ kind: fc.constant('queue' as const), pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const a = new AgentStore(4, 2); // tiny capacity: growth is exercised too
        const ids: number[] = []; // a label per slot, to check records move whole
        for (const o of ops) {
          if (o.kind === 'depart') {
            const i = a.depart(o.origin);
            a.savingsUsd[i] = ids.length;
            ids.push(ids.length);
          } else if (a.count > 0) {
            const i = Math.floor(o.pick * a.count);
            if (o.kind === 'border' && a.status[i] === TRANSIT) a.reachBorder(i);
            else if (o.kind === 'queue' && a.status[i] !== TRANSIT) a.status[i] = QUEUED;
            else if (o.kind === 'remove') {
              const movedLabel = a.savingsUsd[a.count - 1];
              const movedOrigin = a.origin[a.count - 1];
              a.remove(i);
              if (i < a.count) {
                expect(a.savingsUsd[i]).toBe(movedLabel);
                expect(a.origin[i]).toBe(movedOrigin);
              }
            }
          }
          expectCountsMatch(a, 4);
        }
      }),
      { numRuns: 200, seed: 20261125 },
    );
  });

  it('agrees with the statuses every week of a run, in which agents depart, arrive, cross and die', () => {
    const sim = simulation({ start: '2021-01', end: '2023-12', scale: 200 });
    const agents = sim.agents;
    let sawBoth = false;
    while (sim.week < sim.weeks) {
      sim.step();
      expectCountsMatch(agents, sim.input.origins.length);
      if (agents.moving > 0 && agents.count > agents.moving) sawBoth = true;
    }
    expect(sawBoth).toBe(true);
  });
});

describe('the generator', () => {
  it('is xoshiro128** (Blackman & Vigna): from the state 1, 2, 3, 4 it gives 11520, 0, 5927040', () => {
    const rng = new Xoshiro128('any');
    Object.assign(rng, { a: 1, b: 2, c: 3, d: 4 }); // the reference implementation's s[0..3]
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });
});

describe('batches of uniforms', () => {
  it('are the same numbers, in the same order, as one draw at a time', () => {
    const one = new Xoshiro128('batch');
    const batch = new Xoshiro128('batch');
    const out = new Float64Array(1000);
    for (const n of [0, 1, 7, 1000, 333]) {
      batch.fill(out, n);
      for (let k = 0; k < n; k++) expect(out[k]).toBe(one.next());
    }
    expect(batch.next()).toBe(one.next()); // and the streams stay in step afterwards
    expect(batch.nextUint32()).toBe(one.nextUint32());
  });
});
