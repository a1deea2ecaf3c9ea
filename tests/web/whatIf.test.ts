// The classroom page's exported what-if: a merged scenario (no `extends`) whose moved levers
// follow the preset before the chosen month and take the page's value from then on.
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/model/calendar.ts';
import { UNLIMITED } from '../../src/model/levers.ts';
import { SECTORS } from '../../src/model/entities.ts';
import { buildScenario } from '../../src/scenario/build.ts';
import type { BuiltScenario } from '../../src/scenario/build.ts';
import { readWorldData, readScenario } from '../../src/scenario/load.ts';
import { resolveScenario } from '../../src/scenario/parse.ts';
import { unsourcedNumbers } from '../../src/scenario/parse.ts';
import { valueFrom, whatIfYaml } from '../../src/web/whatIf.ts';
import type { LeverChange } from '../../src/web/whatIf.ts';

const data = readWorldData('scenarios/data');
const FROM = '2026-01';

function build(text: string, file = 'scenarios/x-what-if.yaml'): BuiltScenario {
  const resolved = resolveScenario(file, () => text, () => {
    throw new Error('an export must not extend anything');
  });
  return buildScenario(resolved, data, { start: '2024-01', end: '2027-12' });
}

function exported(preset: string, changes: LeverChange[]) {
  const resolved = readScenario(preset);
  const text = whatIfYaml({ base: resolved.scenario, baseName: resolved.name, changes, from: FROM, seed: 7, scale: 100 });
  const base = buildScenario(resolved, data, { start: '2024-01', end: '2027-12' });
  return { text, base, what: build(text) };
}

/** First week whose middle day is on or after the month's first day, as a dated step applies. */
function firstWeek(b: BuiltScenario): number {
  const cal = b.input.calendar;
  const day = parseDay(FROM);
  let w = 0;
  while (cal.startDay + 7 * w + 3 < day) w++;
  return w;
}

describe('classroom what-if export', () => {
  it('keeps the preset before the chosen month and the page value after it', () => {
    const { base, what } = exported('scenarios/stricter-border.yaml', [
      { lever: 'enforcement', value: 2.5 },
      { lever: 'violenceMultiplier', entities: ['HND'], value: 2 },
      { lever: 'marketPower', value: 1 },
      { lever: 'asylumCapPerDay', value: UNLIMITED },
    ]);
    const w0 = firstWeek(base);
    const same = (a: Float64Array, b: Float64Array, from: number, to: number) => expect(Array.from(a.slice(from, to))).toEqual(Array.from(b.slice(from, to)));
    for (let s = 0; s < SECTORS.length; s++) {
      same(what.input.levers.enforcement[s], base.input.levers.enforcement[s], 0, w0);
      expect(new Set(what.input.levers.enforcement[s].slice(w0))).toEqual(new Set([2.5]));
      // untouched levers are the preset's, week by week
      same(what.input.levers.barriers[s], base.input.levers.barriers[s], 0, base.input.calendar.weeks);
    }
    const hnd = 2; // ORIGINS index of HND
    expect(Array.from(what.input.levers.violenceMultiplier[hnd].slice(w0)).every((v) => v === 2)).toBe(true);
    same(what.input.levers.violenceMultiplier[0], base.input.levers.violenceMultiplier[0], 0, base.input.calendar.weeks);
    expect(what.input.levers.marketPower[0][w0 - 1]).toBe(base.input.levers.marketPower[0][w0 - 1]);
    expect(what.input.levers.marketPower[0][w0]).toBe(1);
    expect(what.input.levers.asylumCapPerDay[0][w0]).toBe(UNLIMITED);
    same(what.input.levers.asylumCapPerDay[0], base.input.levers.asylumCapPerDay[0], 0, w0);
  });

  it('is a merged file with data, seed and scale, and every number sourced', () => {
    const { text } = exported('scenarios/stricter-border.yaml', [{ lever: 'barriers', value: 3 }]);
    const resolved = resolveScenario('scenarios/x.yaml', () => text, () => '');
    const top = resolved.chain[0].value;
    expect(top.extends).toBeUndefined();
    expect(top).toMatchObject({ name: 'stricter-border-what-if', data: 'data', seed: 7, scale: 100, period: { start: '2019-10', end: '2030-12' } });
    expect(unsourcedNumbers(resolved.chain[0])).toEqual([]);
    expect(text).toContain('Save it in scenarios/');
  });

  it('turns ramps, constants and expressions into the same values before the month', () => {
    const cal = build('levers: {}\n').input.calendar;
    const check = (tv: Parameters<typeof valueFrom>[0]) => {
      const text = `levers:\n  cartelTax: ${JSON.stringify(tv)}\n`;
      const changed = `levers:\n  cartelTax: ${JSON.stringify(valueFrom(tv, FROM, 0.75))}\n`;
      const a = build(text).input.levers.cartelTax[0];
      const b = build(changed).input.levers.cartelTax[0];
      const w0 = Math.ceil((parseDay(FROM) - cal.startDay - 3) / 7);
      expect(Array.from(b.slice(0, w0))).toEqual(Array.from(a.slice(0, w0)));
      expect(Array.from(b.slice(w0)).every((v) => v === 0.75)).toBe(true);
    };
    check(0.2);
    check({ value: 0.3, assumption: 'test' });
    check({ ramp: { from: '2024-06', to: '2026-06', start: 0.1, end: 0.9 } });
    check({ steps: [{ from: '2024-03', value: 0.4 }, { from: '2026-03', value: 0.8 }], initial: 0.1 });
    check({ expr: '0.1 + 0.05 * (t - 2024)' });
  });
});
