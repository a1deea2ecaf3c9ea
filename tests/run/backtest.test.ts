// The backtest refits with the record up to each forecast origin and nothing after it: months
// after the origin may change at will and the refit, its forecasts and the naive forecasts stay
// the same; only the observed column (and so the scores) moves. The naive forecasts are the
// record's own months.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backtest } from '../../src/run/backtest.ts';
import { backtestNowcast } from '../../src/run/backtestNowcast.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { BASELINE, ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2020-10..2022-03: a year before the first forecast month, for the seasonal naive forecast
const MONTHS = Array.from({ length: 18 }, (_, k) => `${2020 + Math.floor((9 + k) / 12)}-${String(((9 + k) % 12) + 1).padStart(2, '0')}`);

/** A record where origin o has 1000·(o+1) + 10·month encounters, months after `after` multiplied by `factor`. */
function record(after: string, factor: number): string {
  const lines = ['month,origin,encounters'];
  MONTHS.forEach((m, k) => ORIGINS.forEach((o, i) => lines.push(`${m},${o},${Math.round((1000 * (i + 1) + 10 * k) * (m > after ? factor : 1))}`)));
  return lines.join('\n') + '\n';
}

function calibrationFile(name: string, data: string): string {
  const hazard = (loadScenario(BASELINE, { start: '2020-10', end: '2022-03', warmStart: '2020-07', scale: 200 }).parameters.baseHazard as Record<string, number>).MEX;
  writeFileSync(join(dir, `${name}.csv`), data);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `scenario: ${BASELINE}`,
      `data: [{ file: ${name}.csv, column: encounters, measure: all }]`,
      'window: { start: 2020-10, end: 2022-03 }',
      'simulationStart: 2020-07',
      'output: { scenario: calibrated.yaml, posterior: posterior.json }',
      'seed: 3',
      'scale: 200',
      'method: { name: abc-smc, particles: 8, generations: 2, quantile: 0.5, batch: 8, budget: 24, minAcceptance: 0.05 }',
      'loss: { kind: squared-log-error, offset: 2000 }',
      `parameters: { baseHazard.MEX: { min: ${hazard / 2}, max: ${hazard * 2}, log: true } }`,
      'constraints: {}',
      'backtest: { origins: [2021-12], horizon: 3, draws: 4 }',
    ].join('\n') + '\n',
  );
  return file;
}

const csv = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));

describe('corridor backtest', () => {
  it('sees nothing after its forecast origin; the naive forecasts are the record at the origin and a year before', async () => {
    writeFileSync(join(dir, 'calibrated.yaml'), readFileSync(join(ROOT, 'scenarios/calibrated.yaml'), 'utf8'));
    const a = await backtest(calibrationFile('a', record('2021-12', 1)), { out: join(dir, 'out-a'), workers: 2 });
    const b = await backtest(calibrationFile('b', record('2021-12', 5)), { out: join(dir, 'out-b'), workers: 2 });
    expect(a.forecasts).toHaveLength(3 * (ORIGINS.length + 1));
    expect(b.forecasts.map((f) => [f.month, f.series, f.mean, f.p05, f.p95, f.randomWalk])).toEqual(a.forecasts.map((f) => [f.month, f.series, f.mean, f.p05, f.p95, f.randomWalk]));
    // the refit's sample is the same (its file names the other calibration file and its own wall time)
    const sample = (out: string) => {
      const { particles, weights, distances, generations, simulations } = JSON.parse(readFileSync(join(dir, out, 'fit-2021-12', 'posterior.json'), 'utf8'));
      return { particles, weights, distances, generations, simulations };
    };
    expect(sample('out-b')).toEqual(sample('out-a'));
    const mex = a.forecasts.find((f) => f.series === 'MEX' && f.horizon === 2)!;
    expect(mex.month).toBe('2022-02');
    expect(mex.observed).toBe(1000 + 10 * 16);
    expect(mex.randomWalk).toBe(1000 + 10 * 14); // 2021-12 held
    expect(mex.seasonalNaive).toBe(1000 + 10 * 4); // 2021-02
    expect(b.forecasts.find((f) => f.series === 'MEX' && f.horizon === 2)!.observed).toBe(5 * (1000 + 10 * 16));
    for (const f of a.forecasts) expect(f.p05).toBeLessThanOrEqual(f.p95);
    const rows = csv(join(dir, 'out-a', 'scores.csv'));
    expect(rows[0]).toEqual(['series', 'horizon', 'n', 'mae_model', 'mae_random_walk', 'mae_seasonal_naive', 'skill_vs_random_walk', 'skill_vs_seasonal_naive', 'coverage_90']);
    const total = rows.find((r) => r[0] === 'TOTAL' && r[1] === 'all')!;
    expect(Number(total[2])).toBe(3);
    expect(Number(total[8])).toBeGreaterThanOrEqual(0);
    expect(Number(total[8])).toBeLessThanOrEqual(1);
    expect(readFileSync(join(dir, 'out-a', 'report.html'), 'utf8')).toContain('<svg');
  }, 120_000);

  it('filtering the record up to the origin (the CLI\'s default), forecasts are still blind to every month after it', async () => {
    writeFileSync(join(dir, 'calibrated.yaml'), readFileSync(join(ROOT, 'scenarios/calibrated.yaml'), 'utf8'));
    const assimilate = { particles: 8, scale: 200, keep: 4, seed: 5 };
    const a = await backtest(calibrationFile('fa', record('2021-12', 1)), { out: join(dir, 'out-fa'), workers: 2, assimilate });
    const b = await backtest(calibrationFile('fb', record('2021-12', 5)), { out: join(dir, 'out-fb'), workers: 2, assimilate });
    expect(a.forecasts).toHaveLength(3 * (ORIGINS.length + 1));
    expect(b.forecasts.map((f) => [f.month, f.series, f.mean, f.p05, f.p95])).toEqual(a.forecasts.map((f) => [f.month, f.series, f.mean, f.p05, f.p95]));
    // the refit's posterior now carries the observation model the filter weighed the months with
    const post = JSON.parse(readFileSync(join(dir, 'out-fa', 'fit-2021-12', 'posterior.json'), 'utf8'));
    expect(post.observation.bias).toHaveLength(ORIGINS.length + 1);
    for (const f of a.forecasts) expect(f.p05).toBeLessThanOrEqual(f.p95);
    expect(readFileSync(join(dir, 'out-fa', 'report.html'), 'utf8')).toContain('assimilated');
    // backtest-nowcast, from that posterior, is as blind to the months after its last origin
    const nowcastOf = async (name: string, factor: number) => {
      const file = calibrationFile(name, record('2021-12', factor));
      writeFileSync(file, readFileSync(file, 'utf8').replace('posterior: posterior.json', `posterior: ${join(dir, 'out-fa', 'fit-2021-12', 'posterior.json')}`));
      return backtestNowcast(file, { out: join(dir, `out-${name}`), origins: '2021-09,2021-12', horizon: 3, particles: 8, scale: 200, keep: 4, seed: 5, workers: 2 });
    };
    const na = await nowcastOf('na', 1);
    const nb = await nowcastOf('nb', 5);
    expect(na.forecasts).toHaveLength(2 * 3 * (ORIGINS.length + 1));
    expect(nb.forecasts.map((f) => [f.forecastOrigin, f.month, f.series, f.mean, f.p05, f.p95])).toEqual(na.forecasts.map((f) => [f.forecastOrigin, f.month, f.series, f.mean, f.p05, f.p95]));
    expect(nb.forecasts.find((f) => f.forecastOrigin === '2021-12' && f.series === 'MEX' && f.horizon === 1)!.observed).toBe(5 * (1000 + 10 * 15));
  }, 180_000);

  it('refuses, in one line naming the field, a forecast origin whose horizon runs past the record or with no year of record before it', async () => {
    const file = calibrationFile('c', record('2021-12', 1));
    await expect(backtest(file, { out: join(dir, 'out-c'), origins: ['2022-01'], horizon: 3 })).rejects.toThrow(/backtest\.origins.*2022-01 \+ 3 months runs past the record's last month 2022-03/);
    await expect(backtest(file, { out: join(dir, 'out-c'), origins: ['2021-06'], horizon: 3 })).rejects.toThrow(/backtest\.origins.*2021-06: the seasonal naive forecast needs the record from 2020-07 \(it starts 2020-10\)/);
  });
});
