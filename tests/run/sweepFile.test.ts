// Sweep files: a bad one stops with one message naming the file, the line and the field.
import { describe, expect, it } from 'vitest';
import { parseSweep, loadSweepFile } from '../../src/run/sweepFile.ts';
import { planSweep, shardIds, parseShard } from '../../src/run/sweep.ts';
import { ROOT } from '../helpers/scenario.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { dayToIso, monthKey } from '../../src/model/calendar.ts';

const FILE = `${ROOT}sweeps/test.yaml`; // not written: parseSweep takes the text
const good = `scenario: ../scenarios/baseline.yaml
period: { start: 2022-01, end: 2022-12 }
scale: 100
design: grid
parameters:
  - name: enforcement
    levels: [1, 1.5]
  - name: feeEnforcementElasticity
    range: [0.2, 0.8]
samples: 2
outcomes:
  enc: sum(encounters[2022])
`;

function errorOf(text: string): string {
  try {
    parseSweep(FILE, text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('sweep files', () => {
  it('accepts the shipped sweep and a small grid', () => {
    expect(loadSweepFile(`${ROOT}sweeps/enforcement-fees.yaml`).spec.design).toBe('sobol');
    const plan = planSweep(parseSweep(FILE, good));
    expect(plan.points).toHaveLength(4);
    expect(plan.taskIds).toEqual(['base', 'p0-r0', 'p1-r0', 'p2-r0', 'p3-r0']);
  });

  it('a period starting after the warm start reports from it but simulates from the warm start (not from empty)', () => {
    const sweep = parseSweep(FILE, good.replace('period: { start: 2022-01, end: 2022-12 }', 'period: { start: 2024-01, end: 2024-12 }').replace('sum(encounters[2022])', 'sum(encounters[2024])'));
    const loaded = loadScenario(sweep.scenarioFile, sweep.build);
    const cal = loaded.input.calendar;
    expect(monthKey(cal.firstMonth)).toBe('2024-01');
    expect(dayToIso(cal.startDay).slice(0, 7)).toBe('2019-10'); // the baseline's period.warmStart
  });

  it('names an unknown top-level field with its line and a suggestion', () => {
    expect(errorOf(good.replace('design: grid', 'desing: grid'))).toMatch(/test\.yaml:4: desing: unknown field \(did you mean 'design'\?\)/);
  });

  it('names an unknown parameter with its line', () => {
    expect(errorOf(good.replace('name: enforcement', 'name: enforcment'))).toMatch(/test\.yaml:6: parameters\.0\.name: unknown parameter or lever 'enforcment' \(did you mean 'enforcement'\?\)/);
  });

  it('refuses a value outside the parameter range, a missing range and a bad design', () => {
    expect(errorOf(good.replace('range: [0.2, 0.8]', 'range: [0.2, 8]'))).toMatch(/test\.yaml:9: parameters\.1\.range: 'feeEnforcementElasticity' takes values in \[0, 3\]; got 8/);
    expect(errorOf(good.replace('    range: [0.2, 0.8]\n', ''))).toMatch(/parameters\.1: expected a range/);
    expect(errorOf(good.replace('design: grid', 'design: factorial'))).toMatch(/test\.yaml:4: design: .*grid.*lhs.*sobol.*morris/);
  });

  it('checks outcome expressions before any run: unknown metric, year outside the period', () => {
    expect(errorOf(good.replace('sum(encounters[2022])', 'sum(encounter[2022])'))).toMatch(/test\.yaml:12: outcomes\.enc: .*unknown metric 'encounter' \(did you mean 'encounters'\?\)/);
    expect(errorOf(good.replace('sum(encounters[2022])', 'sum(encounters[2025])'))).toMatch(/outcomes\.enc: .*year 2025 is not wholly inside/);
  });

  it('keeps outcome expressions in their sandbox: no assignment, no function definitions, no mathjs escape hatches', () => {
    for (const bad of ['x = 1', 'f(x) = x', 'evaluate("1")', 'import({})', 'parse("1")', 'clamp(sum(encounters[2022]), 0, 1)', '[1, 2]', 'encounters.length']) {
      expect(errorOf(good.replace('sum(encounters[2022])', `"${bad.replaceAll('"', '\\"')}"`)), bad).toMatch(/outcomes\.enc: .*is not allowed/);
    }
  });

  it('slices tasks into shards that cover every task exactly once', () => {
    const plan = planSweep(parseSweep(FILE, good));
    const all = [1, 2, 3].flatMap((i) => shardIds(plan, { index: i, count: 3 }));
    expect(all.sort()).toEqual([...plan.taskIds].sort());
    expect(() => parseShard('0/3')).toThrow(/1 ≤ i ≤ N/);
    expect(parseShard('3/16')).toEqual({ index: 3, count: 16 });
  });
});
