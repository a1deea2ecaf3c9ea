// The worker pool: results in task order, identical whatever the number of workers, and a
// failed run reported with its scenario and seed while the others go on.
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers, describeFailure, runMany } from '../../src/run/pool.ts';
import type { RunTask } from '../../src/run/pool.ts';
import { runTables } from '../../src/output/results.ts';
import { toCsv } from '../../src/output/csv.ts';
import { MONTHLY_HEADER } from '../../src/output/tables.ts';
import { BASELINE } from '../helpers/scenario.ts';

const build = { start: '2022-01', end: '2022-12', scale: 100 };
const tasks: RunTask[] = [0, 1, 2, 3].map((rep) => ({ id: `r${rep}`, scenarioFile: BASELINE, build, key: { masterSeed: 5, scope: 'pool-test', point: 0, rep } }));

afterAll(() => closeWorkers());

function csvOf(done: Awaited<ReturnType<typeof runMany>>): string {
  return done.map((d) => toCsv(MONTHLY_HEADER, runTables(d.result!, { scenario: 'x', seed: d.task.id, firstMonth: 2022 * 12 }).monthly)).join('');
}

describe('runMany', () => {
  it('gives byte-identical results on 1 and 2 workers, in task order', async () => {
    const streamed: string[] = [];
    const one = await runMany(tasks, { workers: 1 });
    const two = await runMany(tasks, { workers: 2, onDone: (d) => streamed.push(d.task.id) });
    expect(two.map((d) => d.task.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(streamed.sort()).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(two.every((d) => d.error === undefined)).toBe(true);
    expect(csvOf(two)).toBe(csvOf(one));
    // replications differ from one another
    expect(one[0].result!.tables.originFlows).not.toEqual(one[1].result!.tables.originFlows);
  });

  it('hands each result to onDone and keeps none with keepResults: false; stop() ends it early', async () => {
    const tiny = { start: '2019-10', end: '2019-12', scale: 500 };
    const runs: RunTask[] = [0, 1, 2, 3, 4].map((rep) => ({ id: `t${rep}`, scenarioFile: BASELINE, build: tiny, key: { masterSeed: 5, scope: 'pool-test', point: 0, rep } }));
    for (const workers of [1, 2]) {
      const seen: string[] = [];
      const done = await runMany(runs, { workers, keepResults: false, onDone: (d) => d.result && seen.push(d.task.id) });
      expect(seen.sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
      expect(done.map((d) => d.task.id)).toEqual(['t0', 't1', 't2', 't3', 't4']);
      expect(done.every((d) => d.result === undefined && d.error === undefined)).toBe(true);
      let finished = 0;
      const stopped = await runMany(runs, { workers, onDone: () => finished++, stop: () => finished >= 2 });
      expect(finished).toBeLessThan(5); // the runs under way finish; no new one starts
      expect(stopped).toHaveLength(finished);
    }
  });

  it('reports a failed run with its scenario and seed, and runs the others', async () => {
    const bad: RunTask = { id: 'bad', scenarioFile: 'no/such/scenario.yaml', build, key: { masterSeed: 9, scope: 'pool-test', point: 0, rep: 0 } };
    const done = await runMany([tasks[0], bad, tasks[1]], { workers: 2 });
    expect(done[0].result).toBeDefined();
    expect(done[2].result).toBeDefined();
    expect(done[1].result).toBeUndefined();
    const line = describeFailure(done[1]);
    expect(line).toContain('no/such/scenario.yaml');
    expect(line).toContain('seed 9');
    expect(line).toMatch(/cannot read/);
  });
});
