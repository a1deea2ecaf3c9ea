// Fitted values written into calibrated.yaml load back through loadScenario unchanged.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roundFitted, updateCalibratedScenario } from '../../src/analysis/calibratedScenario.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    expect(out).toContain('calibrated: "test fit; MEX ×/÷ 1.10, VEN ×/÷ 1.20"');
    expect(out).toMatch(/violenceElasticity: \{ value: 1\.235, calibrated: "?test fit; ± 0\.1"? \}/);
  });
});
