import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCalendar } from '../../src/model/calendar.ts';
import { LEVERS, LEVER_NAMES } from '../../src/model/levers.ts';
import { entitiesOf } from '../../src/model/levers.ts';
import { InputError } from '../../src/scenario/errors.ts';
import { EXPRESSION_OPERATIONS } from '../../src/scenario/limits.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { TimeValue } from '../../src/scenario/schema.ts';
import { compileExpression, ExpressionBudget, TimeValueError, weeklySeries } from '../../src/scenario/timeValues.ts';
import { ROOT } from '../helpers/scenario.ts';

const cal = makeCalendar('2024-01', '2026-12');
const weekOf = (iso: string) => Math.floor((Date.parse(iso) / 86400000 - cal.startDay) / 7);

describe('time values', () => {
  it('constants, steps, ramps and expressions give one value per week', () => {
    expect(weeklySeries(2, cal, 1).every((x) => x === 2)).toBe(true);
    const steps = weeklySeries({ steps: [{ from: '2025-01-01', value: 3 }] }, cal, 1);
    expect(steps[weekOf('2024-12-15')]).toBe(1);
    expect(steps[weekOf('2025-01-10')]).toBe(3);
    const ramp = weeklySeries({ ramp: { from: '2025-01-01', to: '2026-01-01', start: 0, end: 10 } }, cal, 0);
    expect(ramp[weekOf('2024-06-01')]).toBe(0);
    expect(ramp[weekOf('2025-07-02')]).toBeCloseTo(5, 0);
    expect(ramp[weekOf('2026-06-01')]).toBe(10);
    const linearStep = weeklySeries({ steps: [{ from: '2025-01-01', value: 1 }, { from: '2025-07-01', to: '2026-07-01', value: 3 }] }, cal, 0);
    expect(linearStep[weekOf('2026-01-01')]).toBeCloseTo(2, 1);
    const expr = weeklySeries({ expr: 't >= 2025 ? 2 : 1' }, cal, 0);
    expect(expr[weekOf('2024-06-01')]).toBe(1);
    expect(expr[weekOf('2025-06-01')]).toBe(2);
  });

  it('expressions are sandboxed: no import, evaluate, parse, createUnit, simplify or derivative', () => {
    for (const bad of ['import({}, {})', 'evaluate("1")', 'parse("1")', 'createUnit("foo")', 'simplify("x")', 'derivative("x", "x")', 'f(x) = x', 'a = 1', '[1,2]', 'x.y']) {
      expect(() => compileExpression(bad), bad).toThrow(/not allowed|unknown symbol/);
    }
    expect(compileExpression('clamp(2 * (t - 2025), 0, 1)').evaluate(2025.25, 0)).toBeCloseTo(0.5);
  });

  it('mathjs errors that come only when evaluating are one clean message, not a stack trace', () => {
    const refusal = (text: string) => {
      try {
        weeklySeries({ expr: text }, cal, 0);
      } catch (e) {
        expect(e, text).toBeInstanceOf(TimeValueError);
        return (e as Error).message;
      }
      throw new Error(`expected ${text} to be refused`);
    };
    expect(refusal('min(t, "a")')).toBe('expression "min(t, "a")": "a" is not allowed: constants are numbers (or true and false)');
    expect(refusal('round(t, 100)')).toBe('expression "round(t, 100)": Number of decimals in function round must be an integer from 0 to 15 inclusive (at t = 2024.010)');
    expect(refusal('abs()')).toBe('expression "abs()": Too few arguments in function abs (at t = 2024.010)');
    expect(refusal('sqrt(t - 3000)')).toMatch(/gave a complex number at t = 2024\.010, expected a real number/);
    expect(refusal('1 / (t - t)')).toMatch(/is not a finite number/);
    // ~3,000 terms overflowed mathjs's recursion (RangeError); deep trees are refused before compiling
    expect(refusal(Array(3000).fill('1').join('+'))).toMatch(/expected at most 1000 characters \(got 5999\)/);
    expect(refusal(Array(400).fill('t').join('+'))).toMatch(/expected at most 500 numbers, names, operators and calls/);
    expect(refusal('-'.repeat(600) + 't')).toMatch(/expected at most 500 numbers, names, operators and calls/);
    expect(refusal('('.repeat(33) + 't' + ')'.repeat(33))).toMatch(/expected at most 32 brackets inside each other/);
    expect(weeklySeries({ expr: '('.repeat(32) + 't' + ')'.repeat(32) }, cal, 0)[0]).toBeCloseTo(2024.01, 2);
  });

  it('the expression budget is a count of operations over every series of a load, not a time', () => {
    // 't' has 1 node: 21 operations a week
    expect(() => weeklySeries({ expr: 't' }, cal, 0, new ExpressionBudget(21 * cal.weeks))).not.toThrow();
    const budget = new ExpressionBudget(21 * cal.weeks * 2);
    weeklySeries({ expr: 't' }, cal, 0, budget);
    weeklySeries({ expr: 't' }, cal, 0, budget); // the same expression again is not counted again
    weeklySeries({ expr: 'w' }, cal, 0, budget);
    expect(() => weeklySeries({ expr: 't + 1' }, cal, 0, budget)).toThrow(`would take more than ${(42 * cal.weeks).toLocaleString('en-US')} operations over the run's ${cal.weeks} weeks`);
  });

  it('a scenario whose expressions are each cheap but together too many is refused, the same way on every machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-budget-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // every entity of every lever by sector, origin or country gets its own 300-node expression:
    // 153 of them, ~50 KB of valid YAML, 29 million operations
    const lines = [`extends: ${ROOT}scenarios/baseline.yaml`, 'levers:'];
    let k = 0;
    for (const name of LEVER_NAMES) {
      const entities = entitiesOf(LEVERS[name].scope);
      if (!entities.length) continue;
      lines.push(`  ${name}:`);
      for (const entity of entities) {
        const expr = Array.from({ length: 75 }, (_, i) => `${i % 10}*0`).join('+') + `+${k}*0+${LEVERS[name].default}`;
        lines.push(`    ${entity}: { expr: "${expr}" }`);
        k++;
      }
    }
    const file = join(dir, 'many-expressions.yaml');
    writeFileSync(file, lines.join('\n') + '\n');
    let error: unknown;
    try {
      loadScenario(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(new RegExp(`would take more than ${EXPRESSION_OPERATIONS.toLocaleString('en-US')} operations`));
  });

  it('a steps list has at most 10,000 dates', () => {
    const steps = (n: number) => ({ steps: Array.from({ length: n }, (_, i) => ({ from: `${2000 + (Math.floor(i / 12) % 100)}-${String((i % 12) + 1).padStart(2, '0')}`, value: 1 })) });
    expect(TimeValue.safeParse(steps(10_000)).success).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'corridor-steps-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'steps.yaml');
    writeFileSync(file, `extends: ${ROOT}scenarios/baseline.yaml\nlevers:\n  barriers: ${JSON.stringify(steps(10_001))}\n`);
    expect(() => loadScenario(file)).toThrow(/steps\.yaml:3: levers\.barriers\.steps: at most 10000 steps/);
  });
});
