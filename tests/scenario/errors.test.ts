// Bad input gets one clear message: file, line, field path, what was expected.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/errors.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-scenario-'));
function scenario(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `extends: ${ROOT}scenarios/baseline.yaml\n${text}`);
  return file;
}
function errorOf(file: string): InputError {
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an error');
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

  it('out of range: names the range, the unit and the week', () => {
    const e = errorOf(scenario('range', 'levers:\n  expulsionShare:\n    MEX: { steps: [{ from: 2026-01, value: 1.5 }] }\n'));
    expect(e.fieldPath).toEqual(['levers', 'expulsionShare', 'MEX']);
    expect(e.message).toMatch(/\[0, 1\].*got 1\.5/);
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
