import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../../src/model/calendar.ts';
import { compileExpression, weeklySeries } from '../../src/scenario/timeValues.ts';

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

  it('expressions have a time budget', () => {
    let now = 0;
    const slowClock = () => (now += 100); // every reading 100 ms later
    expect(() => weeklySeries({ expr: 't' }, cal, 0, slowClock)).toThrow(/budget/);
  });
});
