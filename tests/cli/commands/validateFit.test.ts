// `corridor validate-fit` on the shipped calibration, end to end at a coarse scale: the fit, the
// natural experiments and the second series (Panama's Darién counts), in the console and in files;
// and the backtest's options that cannot go together.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIT_HEADER } from '../../../src/run/validateFit.ts';
import { corridor } from '../../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-validate-fit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('corridor validate-fit', () => {
  it('compares the posterior with the record and with the Darién series, and writes both', () => {
    const out = join(work, 'v');
    const r = corridor('validate-fit', 'calibration/baseline.yaml', '--draws', '2', '--scale', '400', '--no-write', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/natural experiments \(not fitted; /); // the shipped file weighs them 0
    expect(r.stdout).toMatch(/second series \(not fitted\): arrivals at the Darién hub against Panama's count/);
    expect(r.stdout).toMatch(/^VEN +VEN +10 +482051 /m); // 2014–2023, Panama's Venezuelans
    expect(readFileSync(join(out, 'fit.csv'), 'utf8').split('\n')[0]).toBe(FIT_HEADER.join(','));
    const darien = readFileSync(join(out, 'darien.csv'), 'utf8').trim().split('\n');
    expect(darien[0]).toBe('year,origin,nationality,observed,simulated,sim_p05,sim_p95');
    expect(darien.filter((l) => l.includes(',VEN,VEN,')).map((l) => l.split(',')[0])).toEqual(Array.from({ length: 10 }, (_, k) => String(2014 + k)));
    expect(darien.filter((l) => l.startsWith('2023,TOTAL,TOTAL,520085,'))).toHaveLength(1); // the full year 2023, not January–August
    const metrics = readFileSync(join(out, 'darien_metrics.csv'), 'utf8').trim().split('\n');
    expect(metrics.map((l) => l.split(',')[0]).slice(1)).toEqual(['VEN', 'ECU', 'COL', 'CUB', 'HTI', 'TOTAL']);
  }, 120_000);
});

describe('corridor backtest', () => {
  it('--free-run with an option of the filter is refused in one line naming both', () => {
    const r = corridor('backtest', 'calibration/baseline.yaml', '--free-run', '--keep', '3', '--out', join(work, 'b'));
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')[0]).toBe("error: option '--free-run' cannot be used with option '--keep <n>'");
  });
});
