// Bad input gets one clear message: file, line, field path, what was expected.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../src/scenario/errors.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { BASELINE, errorOf, ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-scenario-'));
function scenario(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `extends: ${ROOT}scenarios/baseline.yaml\n${text}`);
  return file;
}

describe('scenario errors', () => {
  it('malformed YAML: names the file and the line', () => {
    const e = errorOf(scenario('malformed', 'levers:\n  enforcement: [1, 2\n  barriers: 1\n'));
    expect(e.file).toMatch(/malformed\.yaml$/);
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(/invalid YAML/);
  });

  it('unknown field: names it, its line, and suggests the right one', () => {
    const e = errorOf(scenario('unknown', 'levers:\n  enforcment: 2\n'));
    expect(e.fieldPath).toEqual(['levers', 'enforcment']);
    expect(e.line).toBe(3);
    expect(e.message).toContain("did you mean 'enforcement'");
  });

  it('unknown origin key suggests the right one', () => {
    const e = errorOf(scenario('origin', 'levers:\n  violenceMultiplier:\n    VEM: 2\n'));
    expect(e.fieldPath).toEqual(['levers', 'violenceMultiplier', 'VEM']);
    expect(e.message).toContain("did you mean 'VEN'");
  });

  it('wrong type: names the field path and what was expected', () => {
    const e = errorOf(scenario('type', 'levers:\n  enforcement:\n    RGV: { steps: [{ from: 2026-01, value: high }] }\n'));
    expect(e.fieldPath.slice(0, 3)).toEqual(['levers', 'enforcement', 'RGV']);
    expect(e.message).toMatch(/expected number/i);
    expect(e.line).toBe(4);
  });

  it('out of range: names the value, the range and the unit; for an expression, the week', () => {
    const e = errorOf(scenario('range', 'levers:\n  expulsionShare:\n    MEX: { steps: [{ from: 2026-01, value: 1.5 }] }\n'));
    expect(e.fieldPath).toEqual(['levers', 'expulsionShare', 'MEX', 'steps', 0, 'value']);
    expect(e.message).toMatch(/\[0, 1\].*got 1\.5/);
    const expr = errorOf(scenario('range-expr', 'levers:\n  expulsionShare:\n    MEX: { expr: "t > 2026 ? 1.5 : 0" }\n'));
    expect(expr.fieldPath).toEqual(['levers', 'expulsionShare', 'MEX']);
    expect(expr.message).toMatch(/\[0, 1\].*got 1\.5 in the week of 2025-12-30/);
  });

  it('a value the run never reaches is still checked: a ramp that ends before the run states its start', () => {
    const e = errorOf(scenario('ramp', 'levers:\n  enforcement: { ramp: { from: 2010-01, to: 2011-01, start: -1, end: 1 } }\n'));
    expect(e.message).toMatch(/ramp\.yaml:3: levers\.enforcement\.ramp\.start: expected values in \[0, 10\] .*got -1$/);
    const initial = errorOf(scenario('initial', 'levers:\n  barriers: { initial: 11, steps: [{ from: 2019-01, value: 1 }] }\n'));
    expect(initial.fieldPath).toEqual(['levers', 'barriers', 'initial']);
  });

  it('every bad `data:` is one error at the data field; an absolute path stays absolute', () => {
    for (const [data, reason] of [
      ['nowhere', /cannot read \S*nowhere\/origins\.yaml \(no such file\); a data folder holds origins\.yaml, routes\.yaml, sectors\.yaml, indicators\.csv$/],
      ['/etc', /cannot read \/etc\/origins\.yaml \(no such file\)/],
      [`${ROOT}scenarios/baseline.yaml`, /baseline\.yaml\/origins\.yaml \(a part of the path is a file, not a folder\)/],
    ] as const) {
      const e = errorOf(scenario('data', `data: ${data}\n`));
      expect(e.fieldPath, data).toEqual(['data']);
      expect(e.line, data).toBe(2);
      expect(e.message, data).toMatch(reason);
    }
    expect(loadScenario(scenario('absolute-data', `data: ${ROOT}scenarios/data\n`)).dataDir).toBe('scenarios/data');
    // no `data:` and no data/ beside the last file of the chain
    const alone = join(dir, 'alone.yaml');
    writeFileSync(alone, 'name: alone\n');
    expect(errorOf(alone).message).toMatch(/alone\.yaml: data: no data folder is set and the default, \S+data, is not one: cannot read/);
  });

  it('years are four digits from 1900 to 2100, never reinterpreted (0019 is not 1919)', () => {
    for (const bad of ['0019-01', '0099-12', '1899-12', '2101-01', '9999-01']) {
      const e = errorOf(scenario('year', `period: { start: ${bad}, end: 2100-12, warmStart: ${bad} }\n`));
      expect(e.message, bad).toMatch(/period\.start: a date as YYYY-MM or YYYY-MM-DD, in the years 1900–2100/);
    }
    expect(errorOf(scenario('step-year', 'levers:\n  enforcement: { steps: [{ from: 0025-01, value: 2 }] }\n')).fieldPath).toEqual(['levers', 'enforcement', 'steps', 0, 'from']);
    expect(() => loadScenario(scenario('years', 'levers:\n  enforcement: { steps: [{ from: 1900-01, value: 2 }, { from: 2100-12-31, value: 1 }] }\n'))).not.toThrow();
    // and a command's --start
    expect(() => loadScenario(BASELINE, { start: '0019-01' })).toThrow(/^\(command line\): start: expected a date as YYYY-MM or YYYY-MM-DD, in the years 1900–2100 \(got "0019-01"\)$/);
  });

  it('a scale that leaves an origin without a single agent is refused (it gave all-zero results)', () => {
    const e = errorOf(scenario('scale', 'scale: 5000000\n'));
    expect(e.message).toMatch(/scale\.yaml:2: scale: expected at most 4,112,199 persons per agent: SLV has 4,112,199 adults, and a larger scale leaves it without a single agent \(got 5,000,000\)$/);
    expect(() => loadScenario(BASELINE, { scale: 5_000_000, start: '2024-01', end: '2024-02' })).toThrow(/^\(command line\): scale: expected at most 4,112,199/);
    expect(() => loadScenario(BASELINE, { scale: 4_100_000, start: '2024-01', end: '2024-02' })).not.toThrow();
  });

  it('control characters from the file are escaped in the message: no ANSI escapes reach the terminal', () => {
    const e = errorOf(scenario('ansi', 'levers:\n  "\\e[31mred\\u202e": 1\n'));
    expect(e.message).toContain('levers.\\x1b[31mred\\u{202e}: unknown field');
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(escapeControl('a\nb\tc\u0007')).toBe('a\\nb\\tc\\x07');
  });

  it('bad dates and bad expressions are refused with the field named', () => {
    expect(errorOf(scenario('date', 'period: { start: 2019-13 }\n')).fieldPath).toEqual(['period', 'start']);
    const e = errorOf(scenario('expr', 'levers:\n  enforcement: { expr: "1 + foo" }\n'));
    expect(e.fieldPath).toEqual(['levers', 'enforcement']);
    expect(e.message).toMatch(/unknown symbol foo/);
  });

  it('a missing extended file and circular extends are explained', () => {
    const missing = join(dir, 'missing.yaml');
    writeFileSync(missing, 'extends: nowhere.yaml\n');
    expect(errorOf(missing).message).toMatch(/cannot read the extended file .*nowhere\.yaml/);
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, 'extends: b.yaml\n');
    writeFileSync(b, 'extends: a.yaml\n');
    expect(errorOf(a).message).toMatch(/circular extends/);
  });
});
