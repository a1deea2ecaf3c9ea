// Starting replications from a nowcast (--from): replication r continues state (r · stride) mod K at the
// nowcast's scale, with the state's parameters (a sweep's on top), and a scenario that cannot
// continue the states (another scale, another warm start, a period ending before the nowcast's
// last month) is refused before any run, in one line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGINS } from '../../src/model/entities.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { InputError } from '../../src/scenario/errors.ts';
import { checkStart, manifestFrom, nowcastStart, stateOf } from '../../src/run/fromNowcast.ts';
import type { NowcastStart } from '../../src/run/fromNowcast.ts';
import { exportStates, fewStates, readNowcastStates } from '../../src/run/nowcastStates.ts';
import { encodeSnapshot } from '../../src/output/snapshotCodec.ts';
import { planReplications } from '../../src/run/replicate.ts';
import { runFromState, simulationFromState } from '../../src/run/single.ts';
import { runTask } from '../../src/run/task.ts';
import { planSweep } from '../../src/run/sweep.ts';
import { parseSweep } from '../../src/run/sweepFile.ts';
import { BASELINE } from '../helpers/scenario.ts';
import { smallNowcast } from '../helpers/nowcast.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-from-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let start: NowcastStart;
let nowDir: string;
beforeAll(async () => {
  // four particles, two months: enough states to restore
  nowDir = (await smallNowcast(dir, { since: '2025-01', through: '2025-02', particles: 4, keep: 3 })).out;
  start = nowcastStart(nowDir);
}, 60_000);

const short = { start: '2025-01', end: '2025-06' };
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('--from a nowcast', () => {
  it('reads the folder: its last month, its history, its states and scale', () => {
    expect(start).toMatchObject({ folder: nowDir, through: '2025-02', since: '2025-01', states: 3, scale: 200, warmStart: '2013-01' });
    expect(start.file).toBe(join(nowDir, 'nowcast.states.json.gz'));
    expect(manifestFrom(start)).toMatchObject({ through: '2025-02', states: 3, history: { start: '2025-01', end: '2025-02' } });
    expect(manifestFrom(start).note).toContain('starts from the nowcast of Feb 2025');
  });

  it('starts replication r from state (r · stride) mod K at the nowcast\'s scale, each task as the state continued on its own stream', () => {
    const plan = planReplications(BASELINE, { build: short, seed: 3, reps: 5, from: start });
    // K = 3, stride 2: the first replications spread over all three states
    expect(plan.tasks.map((t) => t.from)).toEqual([0, 2, 1, 0, 2].map((state) => ({ states: start.file, state })));
    expect(plan.loaded.input.scale).toBe(200);
    expect(plan.notes).toEqual([]);
    const states = readNowcastStates(nowDir);
    const again = runFromState(plan.loaded.input, states, 2, plan.keys[4]);
    expect(runTask(plan.tasks[4]).tables.originFlows).toEqual(again.tables.originFlows);
    // the months up to the nowcast's last are its history, as the state carries them
    const history = states.states[2].recorder;
    expect(again.tables.originFlows.subarray(0, history.originFlows.length / history.months * 2)).toEqual(history.originFlows.subarray(0, history.originFlows.length / history.months * 2));
  });

  it('spreads replications over all the states: K replications visit each once, the first half of them both halves of the list', () => {
    for (const k of [1, 2, 3, 4, 8, 10, 64, 100]) {
      const of = { ...start, states: k };
      const visited = Array.from({ length: k }, (_, r) => stateOf(of, r));
      expect(new Set(visited).size).toBe(k);
      if (k >= 8) {
        const firstHalf = visited.slice(0, k / 2);
        expect(firstHalf.filter((j) => j < k / 2).length).toBeGreaterThan(k / 8);
        expect(firstHalf.filter((j) => j >= k / 2).length).toBeGreaterThan(k / 8);
      }
    }
  });

  it('refuses another scale, naming the nowcast\'s', () => {
    expect(message(() => planReplications(BASELINE, { build: { ...short, scale: 100 }, reps: 1, from: start }))).toBe(
      `${nowDir}: scale: the nowcast's states are at 200 persons per agent, not 100; leave out --scale or give 200`,
    );
  });

  it('refuses a scenario with another warm start, in one line from the restore', () => {
    const other = join(dir, 'late.yaml');
    writeFileSync(other, `name: late\nextends: ${BASELINE}\nperiod: { warmStart: 2019-10 }\n`);
    const text = message(() => planReplications(other, { build: short, reps: 1, from: start }));
    expect(text).toContain(`${other}: period.warmStart: cannot start from the nowcast of 2025-02`);
    expect(text).toContain("its runs started in 2013-01, this scenario's in 2019-10, so their weeks do not line up; give the scenario period.warmStart 2013-01");
    expect(text.split('\n')).toHaveLength(1);
  });

  it('refuses a period that ends before the nowcast\'s last month, and notes months it did not simulate', () => {
    expect(message(() => planReplications(BASELINE, { build: { start: '2024-06', end: '2025-02' }, reps: 1, from: start }))).toContain(
      "period.end: ends in 2025-02, not after the nowcast's last month 2025-02",
    );
    const early = loadScenario(BASELINE, { start: '2024-07', end: '2025-06', scale: 200 });
    expect(checkStart(early, start)).toEqual([
      "the period starts in 2024-07, but the nowcast's history starts in 2025-01: the months before 2025-01 hold zeros; give --start 2025-01 or later",
    ]);
  });

  it('plans a sweep at the nowcast\'s scale, hashed with it, a point\'s parameters replacing the state\'s', () => {
    const sweep = parseSweep(join(dir, 'sweep.yaml'), [
      'name: s', `scenario: ${BASELINE}`, 'period: { start: 2025-01, end: 2025-12 }', 'design: grid', 'replications: 2',
      'parameters:', '  - { name: baseHazard.MEX, levels: [0.0001, 0.0002] }', 'outcomes: { e: "sum(encounters[2025])" }',
    ].join('\n'));
    const plan = planSweep(sweep, start);
    expect(plan.build.scale).toBe(200);
    expect(plan.from?.through).toBe('2025-02');
    expect(planSweep(sweep).hash).not.toBe(plan.hash);
    const states = readNowcastStates(nowDir);
    const input = loadScenario(BASELINE, plan.build).input;
    const sim = simulationFromState(input, states.states[1], states.parameters[1], 'x', { 'baseHazard.MEX': 0.0002 });
    const mex = ORIGINS.indexOf('MEX');
    expect((sim.input.params.baseHazard as Float64Array)[mex]).toBe(0.0002);
    expect((sim.input.params.baseHazard as Float64Array)[ORIGINS.indexOf('HND')]).toBe(states.parameters[1]['baseHazard.HND']);
  });

  it('exports a few states evenly spaced, as plain JSON that --from reads too', () => {
    const states = readNowcastStates(nowDir);
    expect(fewStates(states, 2).states).toEqual([states.states[0], states.states[2]]);
    // the filtered levels, when kept, are cut with their states (a bug: they were kept whole)
    const levels = states.states.map((_, j) => ({ mean: [j], variance: [1] }));
    expect(fewStates({ ...states, levels }, 2).levels).toEqual([levels[0], levels[2]]);
    expect(fewStates(states, 2).levels).toBeUndefined();
    const file = join(dir, 'page.json');
    const { of } = exportStates(nowDir, file, 2);
    expect(of).toBe(3);
    const back = readNowcastStates(file);
    expect(back.states).toHaveLength(2);
    expect(back.through).toBe('2025-02');
    expect(nowcastStart(file)).toMatchObject({ file, states: 2, scale: 200 });
  });

  it('refuses states saved by an earlier model, naming the version, in one line', () => {
    const file = join(dir, 'old.json');
    const { states } = exportStates(nowDir, join(dir, 'current.json'), 1);
    writeFileSync(file, encodeSnapshot({ ...states, version: 1 }));
    let message = '';
    try {
      readNowcastStates(file);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/old\.json.*version.*expected version 2 \(found 1\).*run corridor nowcast again/);
    expect(message.split('\n')).toHaveLength(1);
  });
});
