// The calibration file validates with errors that name file, line and field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCalibration } from '../../src/analysis/calibrationFile.ts';
import { InputError } from '../../src/scenario/errors.ts';
import { parseYamlFile } from '../../src/scenario/yaml.ts';
import { ROOT } from '../helpers/scenario.ts';

describe('calibration file', () => {
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
    expect(base).toMatch(/oddsEffect: \{ min: 0, max: 10[ ,}]/); // the line the next check breaks is there to break
    expect(errorOf(base.replace(/oddsEffect: \{ min: 0, max: 10/, 'oddsEffect: { min: 0, max: 60')).message).toMatch(/parameters\.oddsEffect: expected bounds inside .*\[0, 10\]/);
    expect(errorOf(base.replace('  generations:', '  generatons:')).message).toMatch(/method\.generatons: unknown field \(did you mean 'generations'\?\)/);
    expect(errorOf(base.replace('baseHazard.MEX:', 'baseHazard.XXX:')).message).toMatch(/parameters\.baseHazard\.XXX: expected baseHazard or baseHazard\.<origin>/);
  });

  it("the Darién series names model origins and the file's groups", () => {
    expect(errorOf(base.replace('series: { VEN: VEN,', 'series: { VNZ: VEN,')).message).toMatch(/darien\.series\.VNZ: expected a model origin \(MEX.*\) or TOTAL/);
    expect(errorOf(base.replace('series: { VEN: VEN,', 'series: { VEN: ven,')).message).toMatch(/darien\.series\.VEN: .*a nationality group of the file, in capitals/);
    expect(errorOf(base.replace('  series: { VEN', '  serie: { VEN')).message).toMatch(/darien\.serie: unknown field \(did you mean 'series'\?\)/);
  });
});
