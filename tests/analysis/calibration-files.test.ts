// The calibration file validates with errors that name file, line and field; fitted values
// written into calibrated.yaml load back through loadScenario unchanged.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalibration } from '../../src/analysis/calibrate.ts';
import { validateCalibration } from '../../src/analysis/calibration.ts';
import { roundFitted, updateCalibratedScenario } from '../../src/analysis/calibratedScenario.ts';
import { InputError } from '../../src/scenario/errors.ts';
import { parseYamlFile } from '../../src/scenario/parse.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calibration file', () => {
  it('the shipped calibration file validates and reads its data', () => {
    const setup = readCalibration(join(ROOT, 'calibration/baseline.yaml'));
    expect(setup.observed.months[0]).toBe('2020-10');
    expect(setup.observed.months.at(-1)).toBe('2023-12');
    expect(setup.space.names).toContain('baseHazard.MEX');
    // December 2023: the peak of 301,981 (MODEL.md §10)
    const dec = setup.observed.encounters.slice(-11).reduce((a, b) => a + b, 0);
    expect(dec).toBe(301981);
  });

  const base = readFileSync(join(ROOT, 'calibration/baseline.yaml'), 'utf8');
  const errorOf = (text: string) => {
    try {
      validateCalibration(parseYamlFile('bad.yaml', text));
    } catch (e) {
      return e as InputError;
    }
    throw new Error('expected an error');
  };

  it('an unknown parameter is named with its line', () => {
    const e = errorOf(base.replace('  violenceElasticity: { min: 0, max: 3 }', '  violenceElasticty: { min: 0, max: 3 }'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^bad\.yaml:\d+: parameters\.violenceElasticty: unknown parameter/);
    expect(e.line).toBe(base.split('\n').findIndex((l) => l.startsWith('  violenceElasticity')) + 1);
  });

  it('bounds outside the parameter range and misspelt fields are errors', () => {
    expect(errorOf(base.replace('oddsEffect: { min: 0, max: 6 }', 'oddsEffect: { min: 0, max: 60 }')).message).toMatch(/parameters\.oddsEffect: expected bounds inside .*\[0, 6\]/);
    expect(errorOf(base.replace('  generations:', '  generatons:')).message).toMatch(/method\.generatons: unknown field \(did you mean 'generations'\?\)/);
    expect(errorOf(base.replace('baseHazard.MEX:', 'baseHazard.XXX:')).message).toMatch(/parameters\.baseHazard\.XXX: expected baseHazard or baseHazard\.<origin>/);
  });
});

describe('calibrated scenario round trip', () => {
  it('fitted values written into calibrated.yaml come back through loadScenario', () => {
    const text = readFileSync(join(ROOT, 'scenarios/calibrated.yaml'), 'utf8');
    const fitted = [
      { name: 'baseHazard.MEX', value: 3.14159e-5, uncertainty: '×/÷ 1.10' },
      { name: 'baseHazard.VEN', value: 1.23456e-4, uncertainty: '×/÷ 1.20' },
      { name: 'violenceElasticity', value: 1.23456, uncertainty: '± 0.1' },
      { name: 'crossingDeathRisk', value: 7.654321e-4, uncertainty: '×/÷ 1.3' },
    ];
    const out = updateCalibratedScenario(text, fitted, 'test fit', 'Header line one\nline two');
    writeFileSync(join(dir, 'calibrated.yaml'), out);
    const data = relative(dir, join(ROOT, 'scenarios/data'));
    writeFileSync(join(dir, 'scenario.yaml'), `name: roundtrip\ndata: ${data}\nextends: calibrated.yaml\n`);
    const loaded = loadScenario(join(dir, 'scenario.yaml'), { start: '2022-01', end: '2022-03', scale: 100 });
    const p = loaded.parameters as Record<string, number | Record<string, number>>;
    expect((p.baseHazard as Record<string, number>).MEX).toBe(roundFitted(3.14159e-5));
    expect((p.baseHazard as Record<string, number>).VEN).toBe(roundFitted(1.23456e-4));
    expect(p.violenceElasticity).toBe(roundFitted(1.23456));
    expect(p.crossingDeathRisk).toBe(roundFitted(7.654321e-4));
    // untouched entries keep their values, and provenance strings are written
    const before = loadScenario(join(ROOT, 'scenarios/calibrated.yaml'), { start: '2022-01', end: '2022-03', scale: 100 }).parameters as Record<string, Record<string, number> | number>;
    expect((p.baseHazard as Record<string, number>).GTM).toBe((before.baseHazard as Record<string, number>).GTM);
    expect(out).toMatch(/^# Header line one\n# line two\n/);
    expect(out.match(/^#/gm)).toHaveLength(2); // the old header is replaced, not kept
    expect(out).toContain('calibrated: "test fit; 1 sd: MEX ×/÷ 1.10, VEN ×/÷ 1.20"');
    expect(out).toMatch(/violenceElasticity: \{ value: 1\.235, calibrated: "test fit; 1 sd: ± 0\.1" \}/);
  });
});
