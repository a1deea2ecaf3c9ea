// Identifiability: data simulated by the model itself with known parameters (on another random
// stream than any the calibration uses) are fitted back by the whole calibrate pipeline — ABC-SMC
// on the pool, the posterior sample, its summaries and the validation — within the posterior.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../src/run/calibrate.ts';
import { summarizePosterior } from '../../src/analysis/posterior.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { runOnce } from '../../src/run/single.ts';
import { metricValues } from '../../src/analysis/metrics.ts';
import { monthKey } from '../../src/model/calendar.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { BASELINE, ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calibration recovers known parameters', () => {
  it('puts the true baseHazard.MEX and baseHazard.HND inside their 90% posterior intervals, much narrower than the prior', async () => {
    const build = { start: '2021-04', end: '2022-03', warmStart: '2020-10', scale: 100 };
    const current = loadScenario(BASELINE, build).parameters.baseHazard as Record<string, number>;
    const truth = { 'baseHazard.MEX': current.MEX * 1.6, 'baseHazard.HND': current.HND * 0.6 };
    const loaded = loadScenario(BASELINE, { ...build, parameterOverrides: truth });
    const run = runOnce(loaded.input, { masterSeed: 99, scope: 'synthetic-data', point: 0, rep: 0 });
    const lines = ['month,origin,encounters'];
    for (let m = 0; m < run.tables.months; m++)
      for (let o = 0; o < ORIGINS.length; o++) lines.push(`${monthKey(loaded.input.calendar.firstMonth + m)},${ORIGINS[o]},${Math.round(metricValues(run.tables, m, o).encounters)}`);
    writeFileSync(join(dir, 'observed.csv'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'calibrated.yaml'), readFileSync(join(ROOT, 'scenarios/calibrated.yaml'), 'utf8'));
    const bound = (v: number) => `{ min: ${v / 4}, max: ${v * 4}, log: true }`;
    writeFileSync(
      join(dir, 'calibration.yaml'),
      [
        'name: recovery',
        `scenario: ${BASELINE}`,
        'data: [{ file: observed.csv, column: encounters, measure: all }]',
        'window: { start: 2021-04, end: 2022-03 }',
        'simulationStart: 2020-10',
        'output: { scenario: calibrated.yaml, posterior: posterior.json }',
        'seed: 5',
        'scale: 100',
        'method: { name: abc-smc, particles: 32, generations: 8, quantile: 0.5, batch: 32, budget: 900, minAcceptance: 0.05 }',
        'loss: { kind: squared-log-error, offset: 2000 }', // as the shipped calibration: damps small-count noise
        'parameters:',
        `  baseHazard.MEX: ${bound(current.MEX)}`,
        `  baseHazard.HND: ${bound(current.HND)}`,
        'constraints: {}',
        'validation: { draws: 4 }',
      ].join('\n') + '\n',
    );
    const outcome = await calibrate(join(dir, 'calibration.yaml'), { out: join(dir, 'out'), workers: 2 });
    const summary = summarizePosterior(outcome.posterior);
    for (const [name, value] of Object.entries(truth)) {
      const s = summary.find((x) => x.name === name)!;
      expect(value).toBeGreaterThanOrEqual(s.p05);
      expect(value).toBeLessThanOrEqual(s.p95);
      expect(Math.log(s.p95 / s.p05)).toBeLessThan(0.5 * Math.log(16)); // at most half the prior's width (×/÷ 4)
    }
    expect(readFileSync(join(dir, 'out', 'fit.csv'), 'utf8').split('\n')[0]).toBe('month,origin,measure,observed,simulated,pred_p05,pred_p95');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'state.json'), 'utf8')).abc.generation).toBeGreaterThanOrEqual(3);
    // the parameter file says which scenario it was fitted for (a bug: it always said the baseline's)
    const written = readFileSync(join(dir, 'calibrated.yaml'), 'utf8');
    expect(written.split('\n')[0]).toBe(`# Calibrated behavioural parameters of ${relative(process.cwd(), BASELINE)}. Written by \`corridor calibrate\`; a scenario`);
    expect(written).toContain('baseHazard:');
  }, 180_000);
});
