// `corridor validate` and `corridor schema` on the shipped scenarios, sweeps and calibration.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corridor } from '../../helpers/cli.ts';
import { ROOT } from '../../helpers/scenario.ts';

describe('corridor validate and schema', () => {
  it('validate and schema work on the shipped scenarios', () => {
    const v = corridor('validate', '--strict', 'scenarios/baseline.yaml', 'scenarios/stricter-border.yaml');
    expect(v.status, v.stderr).toBe(0);
    const s = corridor('schema');
    expect(s.status).toBe(0);
    const schema = JSON.parse(s.stdout);
    expect(schema.properties.levers.properties.enforcement).toBeDefined();
  });

  // issue 11, item 17: a sweep file was checked as a scenario ("unknown field: design")
  it('validate knows sweep and calibration files, checks each with its own schema and says which kind it checked', () => {
    const v = corridor('validate', 'sweeps/enforcement-fees.yaml', 'calibration/baseline.yaml', 'scenarios/stricter-border.yaml');
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout.trim().split('\n')).toEqual([
      'ok: sweeps/enforcement-fees.yaml (sweep enforcement-fees: sobol design of 4 parameters, 4 outcomes, 2024-01..2025-12; base scenario scenarios/baseline.yaml)',
      'ok: calibration/baseline.yaml (calibration baseline: 32 free parameters, window 2013-10..2023-12, record scenarios/data/usbp_sw_apprehensions_monthly_2013-10_2020-09.csv + scenarios/data/cbp_sw_encounters_monthly.csv (123 months); scenario scenarios/baseline.yaml)',
      expect.stringMatching(/^ok: scenarios\/stricter-border\.yaml \(scenario stricter-border, 940 weeks, hash [0-9a-f]{16}\)$/),
    ]);
  });

  it('a bad sweep file gets the sweep schema\'s error, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-validate-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bad-sweep.yaml');
    const text = readFileSync(join(ROOT, 'sweeps/enforcement-fees.yaml'), 'utf8').replace('scenario: ../scenarios/baseline.yaml', `scenario: ${ROOT}scenarios/baseline.yaml`);
    writeFileSync(file, text.replace('design: sobol', 'design: factorial'));
    const v = corridor('validate', file);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/^error: \S*bad-sweep\.yaml:\d+: design: .*grid.*lhs.*sobol.*morris.*\n$/);
  });
});
