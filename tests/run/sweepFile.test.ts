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
    expect(dayToIso(cal.startDay).slice(0, 7)).toBe('2013-01'); // the baseline's period.warmStart
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

// Issue 11 (items 12, 13): a sweep file is refused before any run when it could not finish —
// too many runs, a design that cannot be built, an outcome that fails on every run — or when
// what it passes to the runs (period, scale) does not fit the base scenario.
describe('sweep files: refused before any run', () => {
  it('years outside 1900–2100 are refused, not read as the 1900s', () => {
    expect(errorOf(good.replace('period: { start: 2022-01, end: 2022-12 }', 'period: { start: 0022-01, end: 0022-12 }'))).toMatch(/test\.yaml:2: period\.start: a month as YYYY-MM, in the years 1900–2100/);
  });

  it('a design of more than a million runs, or one that cannot be built, is refused', () => {
    const sobol = good.replace('design: grid', 'design: sobol').replace('samples: 2', 'samples: 300000');
    expect(errorOf(sobol)).toMatch(/test\.yaml:10: samples: expected at most 1,000,000 runs; this sobol design has 1,200,000 points × 1 replications/);
    expect(errorOf(good.replace('samples: 2', 'samples: 2\nreplications: 250001'))).toMatch(/test\.yaml:11: replications: expected at most 1,000,000 runs; this grid design has 4 points × 250001 replications/);
    expect(errorOf(good.replace('samples: 2', 'samples: 1'))).toMatch(/samples: a grid needs samples ≥ 2 to span the range of 'feeEnforcementElasticity'/);
    expect(errorOf(good.replace('design: grid', 'design: morris\nmorris_levels: 3'))).toMatch(/morris_levels: an even number of levels/);
    expect(errorOf(good.replace('name: enforcement\n', 'name: enforcement.RGV.x\n'))).toMatch(/parameters\.0\.name: 'enforcement' has no entity 'RGV\.x'/);
  });

  it('an outcome that would fail on every run fails now: a wrong call, a vector for a number', () => {
    expect(errorOf(good.replace('sum(encounters[2022])', 'round(sum(encounters[2022]), 100)'))).toMatch(/outcomes\.enc: "round\(sum\(encounters\[2022\]\), 100\)": Number of decimals in function round/);
    expect(errorOf(good.replace('sum(encounters[2022])', 'encounters[2022]'))).toMatch(/outcomes\.enc: "encounters\[2022\]" gave a vector, expected one number/);
    expect(errorOf(good.replace('sum(encounters[2022])', '"sum(\\"a\\")"'))).toMatch(/outcomes\.enc: .*"a" is not allowed: constants are numbers/);
  });

  it('what the sweep passes to the runs is checked against the base scenario, at the sweep\'s line', () => {
    expect(errorOf(good.replace('scale: 100', 'scale: 5000000'))).toMatch(/^\S*test\.yaml:3: scale: expected at most 4,112,199 persons per agent/);
    expect(errorOf(good.replace('scenario: ../scenarios/baseline.yaml', 'scenario: ../scenarios'))).toMatch(/test\.yaml:1: scenario: cannot read the base scenario scenarios \(is a folder, not a file\)/);
  });
});
