// Sweeps in this process, on tiny runs (2019-10..2019-12 at 1:500): LHS sensitivity in
// sensitivity.csv, results streamed to disk (no run's result kept once it is recorded), a run
// whose outcome fails or is NaN reported while the others go on, a broken record run again under
// --resume and refused by merge, and a full disk stopping the sweep with one line.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../src/run/pool.ts';
import { loadSweepFile } from '../../src/run/sweepFile.ts';
import { mergeShards, planLine, runSweep, SENSITIVITY_HEADER } from '../../src/run/sweep.ts';
import type { SweepRunOptions } from '../../src/run/sweep.ts';
import { ROOT } from '../helpers/scenario.ts';

const work = fs.mkdtempSync(join(tmpdir(), 'corridor-sweep-run-'));
afterAll(async () => {
  await closeWorkers();
  fs.rmSync(work, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

function sweepFile(name: string, outcomes: Record<string, string>, extra = ''): string {
  const file = join(work, `${name}.yaml`);
  fs.writeFileSync(
    file,
    `scenario: ${join(ROOT, 'scenarios/baseline.yaml')}
period: { start: 2019-10, end: 2019-12 }
scale: 500
seed: 4
design: lhs
samples: 6
replications: 2
parameters:
  - { name: enforcement, range: [0.5, 3] }
  - { name: marketPower, range: [0.5, 2] }
${extra}outcomes:
${Object.entries(outcomes).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}
`,
  );
  return file;
}

const quiet = (out: string, more: Partial<SweepRunOptions> = {}): SweepRunOptions => ({ out, workers: 1, command: 'test', warn: () => {}, ...more });
const read = (...p: string[]) => fs.readFileSync(join(...p), 'utf8');
const RESULTS = ['runs.csv', 'runs.parquet', 'sensitivity.csv', 'sweep.json', join('scenario', 'monthly.csv')];

let good: string;
let goodOut: string;
beforeAll(async () => {
  good = sweepFile('good', { enc: 'sum(encounters)', fee: 'mean(mean_fee_usd)' });
  goodOut = join(work, 'good');
  await runSweep(loadSweepFile(good), quiet(goodOut));
});

describe('a Latin hypercube sweep', () => {
  it('writes PRCC and SRC with 90% intervals per outcome × parameter into sensitivity.csv', () => {
    const lines = read(goodOut, 'sensitivity.csv').trim().split('\n');
    expect(lines[0]).toBe('outcome,parameter,method,S1,S1_low,S1_high,ST,ST_low,ST_high,mu_star,sigma,coefficient,coefficient_low,coefficient_high,r2');
    expect(lines[0]).toBe(SENSITIVITY_HEADER.join(','));
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r.slice(0, 3).join(','))).toEqual([
      'enc,enforcement,prcc', 'enc,marketPower,prcc', 'enc,enforcement,src', 'enc,marketPower,src',
      'fee,enforcement,prcc', 'fee,marketPower,prcc', 'fee,enforcement,src', 'fee,marketPower,src',
    ]);
    for (const r of rows) {
      expect(r.slice(3, 11).every((c) => c === ''), 'no Sobol or Morris columns').toBe(true);
      const [coefficient, low, high] = r.slice(11, 14).map(Number);
      expect(low).toBeLessThanOrEqual(high);
      expect(Math.abs(coefficient)).toBeLessThanOrEqual(r[2] === 'prcc' ? 1 : 2);
      if (r[2] === 'src') expect(Number(r[14])).toBeGreaterThan(0);
      else expect(r[14]).toBe('');
    }
    // more enforcement, fewer encounters
    expect(Number(rows[0][11])).toBeLessThan(-0.5);
  });

  it('says what it will run before it runs', () => {
    const plan = { points: new Array(6), replications: 2, name: 'good' } as never;
    expect(planLine({ plan, todo: 13, total: 13, recorded: 0, workers: 2 })).toBe('sweep good: 6 points × 2 replications = 12 runs (+ 1 base run) on 2 workers');
    expect(planLine({ plan, todo: 4, total: 13, recorded: 9, workers: 1 }, { resume: true })).toBe('sweep good: 6 points × 2 replications = 12 runs (+ 1 base run) on 1 worker; 9 already recorded, 4 to run');
  });
});

describe('memory', () => {
  it('keeps no run result once the run is recorded (memory flat in the number of runs)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const refs: WeakRef<object>[] = [];
    let mostAlive = 0;
    await runSweep(loadSweepFile(good), quiet(join(work, 'memory'), {
      onDone: (done) => {
        if (refs.length % 4 === 3) {
          gc();
          // the results of runs before the previous one: nothing should hold them any more
          mostAlive = Math.max(mostAlive, refs.slice(0, -1).filter((r) => r.deref() !== undefined).length);
        }
        refs.push(new WeakRef(done.result!));
      },
    }));
    expect(refs).toHaveLength(13);
    expect(mostAlive).toBe(0);
  });
});

describe('failed runs', () => {
  it('an outcome that throws or is NaN fails that run only: named, listed in failed.json, the others in runs.csv', async () => {
    const encounters = read(goodOut, 'runs.csv').trim().split('\n').slice(1).map((l) => Number(l.split(',')[6]));
    const threshold = [...encounters].sort((x, y) => x - y)[5] + 0.5; // 6 of the 12 runs fall below
    const file = sweepFile('failing', { enc: 'sum(encounters)', odd: `sum(encounters) > ${threshold} ? 1 : (sum(encounters) > ${threshold - 1e6} ? 0 / 0 : sqrt(-1))` });
    const out = join(work, 'failing');
    const outcome = await runSweep(loadSweepFile(file), quiet(out));
    expect(outcome.failures).toHaveLength(6);
    for (const f of outcome.failures) {
      expect(f.id).toMatch(/^p\d+-r\d$/);
      expect(f.error).toMatch(/^outcome odd \(.*\) is NaN$/);
    }
    expect(JSON.parse(read(out, 'failed.json'))).toEqual(outcome.failures);
    const runs = read(out, 'runs.csv').trim().split('\n');
    expect(runs).toHaveLength(1 + 6);
    expect(outcome.finished?.runs).toBe(6);
    expect(fs.existsSync(join(out, 'report.html'))).toBe(true);
    const failedIds = new Set(outcome.failures.map((f) => f.id));
    expect(runs.slice(1).every((l) => !failedIds.has(l.split(',')[0]))).toBe(true);

    const throwing = sweepFile('throwing', { enc: 'sum(encounters)', odd: `sum(encounters) > ${threshold} ? 1 : sqrt(-1)` });
    const thrown = await runSweep(loadSweepFile(throwing), quiet(join(work, 'throwing')));
    expect(thrown.failures).toHaveLength(6);
    expect(thrown.failures[0].error).toMatch(/^outcome odd \(.*\) failed: .*gave/);
  });
});

describe('broken records', () => {
  it('--resume names a truncated record, runs it again, and ends with the same files', async () => {
    const out = join(work, 'truncated');
    await runSweep(loadSweepFile(good), quiet(out));
    const record = join(out, 'runs', 'p3-r0.json');
    const cut = read(record).slice(0, 22); // {"id":"p3-r0","point":
    fs.writeFileSync(record, cut);
    fs.rmSync(join(out, 'runs', 'p4-r1.json'));
    const warnings: string[] = [];
    const outcome = await runSweep(loadSweepFile(good), quiet(out, { resume: true, warn: (l) => warnings.push(l) }));
    expect(cut).toBe('{"id":"p3-r0","point":');
    expect(warnings).toEqual([`${record} is not a complete record (Unexpected end of JSON input): it will be run again`]);
    expect(outcome.ran).toBe(2);
    for (const f of RESULTS) expect(read(out, f), f).toBe(read(goodOut, f));
  });

  it('merge refuses a shard with a broken record, naming the file, in one line', async () => {
    const shards = [1, 2].map((i) => join(work, 'shards', `shard-${i}`));
    for (const [i, dir] of shards.entries()) await runSweep(loadSweepFile(good), quiet(dir, { shard: { index: i + 1, count: 2 } }));
    const record = join(shards[1], 'runs', 'p0-r0.json');
    fs.writeFileSync(record, '{"id":"p0-r0","poi');
    await expect(mergeShards(shards, join(work, 'shards'))).rejects.toThrow(`merge: ${record} is not a complete record (Unterminated string in JSON at position 18); rerun that shard with --resume`);
    expect(fs.existsSync(join(work, 'shards', 'runs.csv'))).toBe(false);
  });
});

describe('a full disk', () => {
  it('stops the sweep with one line naming the record, keeping the records written before', async () => {
    const out = join(work, 'full');
    const real = fs.writeFileSync;
    let records = 0;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      const isRecord = String(args[0]).startsWith(join(out, 'runs', '.corridor-tmp')) && String(args[1]).startsWith('{"id"');
      if (isRecord && ++records === 4) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', path: String(args[0]) });
      return real(...args);
    });
    let ran = 0;
    await expect(runSweep(loadSweepFile(good), quiet(out, { onDone: () => ran++ }))).rejects.toThrow(/^cannot write .*\/runs\/p1-r0\.json: no space left on device \(ENOSPC\)$/);
    expect(ran).toBe(4); // stopped at once, not after all 13 runs
    expect(fs.readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).sort()).toEqual(['base.json', 'p0-r0.json', 'p0-r1.json']);
  });
});
