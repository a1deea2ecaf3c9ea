// Identifiability: data simulated by the model itself with known parameters (and another random
// stream than the calibration's) are fitted back by the whole calibrate pipeline — CMA-ES with
// common random numbers, the Laplace uncertainty and the validation — within the sampling noise.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../src/run/calibrate.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { runOnce } from '../../src/run/single.ts';
import { metricValues } from '../../src/analysis/metrics.ts';
import { monthKey } from '../../src/model/calendar.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { BASELINE, ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calibration recovers known parameters', () => {
  it('fits baseHazard.MEX and baseHazard.HND back from model-made data', async () => {
    const build = { start: '2020-10', end: '2022-03', scale: 100 };
    const current = loadScenario(BASELINE, build).parameters.baseHazard as Record<string, number>;
    const truth = { 'baseHazard.MEX': current.MEX * 1.6, 'baseHazard.HND': current.HND * 0.6 };
    const loaded = loadScenario(BASELINE, { ...build, parameterOverrides: truth });
    const run = runOnce(loaded.input, { masterSeed: 99, scope: 'synthetic-data', point: 0, rep: 0 });
    const lines = ['month,origin,encounters'];
    for (let m = 0; m < run.tables.months; m++)
      for (let o = 0; o < ORIGINS.length; o++) lines.push(`${monthKey(loaded.input.calendar.firstMonth + m)},${ORIGINS[o]},${Math.round(metricValues(run.tables, m, o).encounters)}`);
    writeFileSync(join(dir, 'observed.csv'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'calibrated.yaml'), readFileSync(join(ROOT, 'scenarios/calibrated.yaml'), 'utf8'));
    const bound = (v: number) => `{ min: ${v / 3}, max: ${v * 3}, log: true }`;
    writeFileSync(
      join(dir, 'calibration.yaml'),
      [
        'name: recovery',
        `scenario: ${BASELINE}`,
        'data: observed.csv',
        'window: { start: 2021-04, end: 2022-03 }',
        'simulationStart: 2020-10',
        'output: { scenario: calibrated.yaml, posterior: posterior.json }',
        'seed: 5',
        'scale: 100',
        'replications: 1',
        'method: { name: cmaes, population: 8, generations: 30, sigma0: 0.25 }',
        'loss: { kind: squared-log-error, offset: 2000 }', // as the shipped calibration: damps small-count noise
        'parameters:',
        `  baseHazard.MEX: ${bound(current.MEX)}`,
        `  baseHazard.HND: ${bound(current.HND)}`,
        'constraints: {}',
        'uncertainty: { method: laplace-gauss-newton, step: 0.03, noiseReplications: 8 }',
        'validation: { replications: 4 }',
      ].join('\n') + '\n',
    );
    const outcome = await calibrate(join(dir, 'calibration.yaml'), { out: join(dir, 'out'), workers: 1, write: false });
    const p = outcome.posterior;
    const fitted = Object.fromEntries(p.names.map((n, i) => [n, p.values[i]]));
    for (const [name, value] of Object.entries(truth)) {
      expect(Math.abs(Math.log(fitted[name] / value))).toBeLessThan(0.15); // within 15%
      const i = p.names.indexOf(name);
      expect(Math.abs(Math.log(fitted[name] / value))).toBeLessThan(4 * p.sd[i] + 0.02); // and within the stated uncertainty
    }
    expect(readFileSync(join(dir, 'out', 'fit.csv'), 'utf8').split('\n')[0]).toBe('month,origin,observed,simulated,sim_p05,sim_p95');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'state.json'), 'utf8')).state.generation).toBe(30);
  }, 90_000);
});
