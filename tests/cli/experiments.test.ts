// The experiment commands end to end on short runs (2022, 1 agent per 100 persons): replications
// that do not depend on the number of workers, a comparison folder, and sweeps whose result files
// are byte-identical whether run at once, in shards merged afterwards, or killed and resumed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/scenario.ts';

const CLI = join(ROOT, 'bin/corridor.mjs');
const work = mkdtempSync(join(tmpdir(), 'corridor-experiments-'));
const SHORT = ['--start', '2022-01', '--end', '2022-12', '--scale', '100'];

function corridor(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

function corridorAsync(...args: string[]): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const read = (...p: string[]) => readFileSync(join(...p));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('corridor run --reps', () => {
  it('writes all replications and their summaries, byte-identical on 1 and 2 workers', () => {
    const a = join(work, 'reps-w1');
    const b = join(work, 'reps-w2');
    const r1 = corridor('run', 'scenarios/stricter-border.yaml', ...SHORT, '--reps', '3', '--seed', '5', '--workers', '1', '--out', a, '--quiet');
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = corridor('run', 'scenarios/stricter-border.yaml', ...SHORT, '--reps', '3', '--seed', '5', '--workers', '2', '--out', b);
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stdout).toContain('mean of 3 replications');
    for (const f of ['monthly.csv', 'annual.csv', 'sectors.csv', 'flows.csv', 'summary_monthly.csv', 'summary_annual.csv']) {
      expect(read(b, f).equals(read(a, f)), `${f} differs between 1 and 2 workers`).toBe(true);
    }
    const monthly = read(a, 'monthly.csv').toString().split('\n');
    expect(new Set(monthly.slice(1).filter(Boolean).map((l) => l.split(',')[1]))).toEqual(new Set(['5/r0', '5/r1', '5/r2']));
    const summary = read(a, 'summary_annual.csv').toString().split('\n');
    expect(summary[0]).toBe('scenario,period,origin,metric,mean,sd,p05,p50,p95');
    expect(summary.some((l) => l.startsWith('stricter-border,CY2022,TOTAL,encounters,'))).toBe(true);
  });
});

describe('corridor compare', () => {
  it('writes comparison.csv, both arms and a report, and prints changes with intervals', () => {
    const out = join(work, 'cmp');
    const r = corridor('compare', 'scenarios/baseline.yaml', 'scenarios/stricter-border.yaml', '--start', '2025-06', '--end', '2026-12', '--scale', '100', '--reps', '3', '--out', out, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/encounters CY2026:.*[−+]\d+(\.\d)?% \[[−+]?\d/);
    expect(r.stdout).toMatch(/smuggler revenue CY2026:.*\$/);
    expect(r.stdout).toContain(join(out, 'report.html'));
    const csv = read(out, 'comparison.csv').toString().split('\n');
    expect(csv[0]).toBe('metric,period,origin,baseline_mean,scenario_mean,diff_mean,diff_p05,diff_p95,rel_mean,rel_p05,rel_p95');
    const enc = csv.find((l) => l.startsWith('encounters,CY2026,TOTAL,'))!.split(',').map(Number);
    expect(enc[8]).toBeLessThan(0); // fewer encounters with the stricter border, as a fraction
    expect(enc[8]).toBeGreaterThan(-1);
    for (const arm of ['baseline', 'scenario']) {
      for (const f of ['monthly.csv', 'summary_monthly.csv', 'summary_annual.csv', 'manifest.json']) expect(existsSync(join(out, arm, f)), `${arm}/${f}`).toBe(true);
    }
    // common random numbers: both arms ran the same streams
    const streams = (arm: string) => JSON.parse(read(out, arm, 'manifest.json').toString()).streams;
    expect(streams('scenario')).toEqual(streams('baseline'));
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});

describe('corridor sweep, merge and --resume', () => {
  const sweepFile = join(work, 'small.yaml');
  const single = join(work, 'sweep-single');
  const FILES = ['runs.csv', 'runs.parquet', 'sensitivity.csv', 'sweep.json', join('scenario', 'monthly.csv'), join('scenario', 'manifest.json')];

  beforeAll(() => {
    writeFileSync(
      sweepFile,
      `scenario: ${join(ROOT, 'scenarios/baseline.yaml')}
period: { start: 2022-01, end: 2022-12 }
scale: 100
seed: 3
design: morris
samples: 8
parameters:
  - { name: enforcement, range: [0.8, 2] }
  - { name: barriers, range: [0.8, 2] }
  - { name: marketPower, range: [0.5, 2] }
outcomes:
  encounters_2022: sum(encounters[2022])
  revenue_2022: sum(smuggler_revenue_usd[2022])
`,
    );
    const r = corridor('sweep', sweepFile, '--out', single, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
  });

  it('writes runs (CSV and Parquet), Morris indices and a report', () => {
    const runs = read(single, 'runs.csv').toString().trim().split('\n');
    expect(runs).toHaveLength(1 + 8 * 4);
    expect(runs[0]).toBe('run_id,point,rep,stream,enforcement,barriers,marketPower,encounters_2022,revenue_2022');
    const sens = read(single, 'sensitivity.csv').toString().trim().split('\n');
    expect(sens[0]).toBe('outcome,parameter,method,S1,S1_low,S1_high,ST,ST_low,ST_high,mu_star,sigma');
    expect(sens).toHaveLength(1 + 2 * 3);
    expect(existsSync(join(single, 'report.html'))).toBe(true);
  });

  it('gives the same files from 3 shards in separate processes, merged', async () => {
    const shards = [1, 2, 3].map((i) => join(work, 'shards', `shard-${i}`));
    const results = await Promise.all(shards.map((dir, i) => corridorAsync('sweep', sweepFile, '--shard', `${i + 1}/3`, '--out', dir, '--workers', '1', '--quiet')));
    for (const r of results) expect(r.status, r.stderr).toBe(0);
    const merged = join(work, 'merged');
    const m = corridor('merge', ...shards, '--out', merged);
    expect(m.status, m.stderr).toBe(0);
    for (const f of FILES) expect(read(merged, f).equals(read(single, f)), `${f} differs after merge`).toBe(true);

    const missing = corridor('merge', shards[0], shards[2], '--out', join(work, 'bad1'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/runs missing.*shard is missing/);
    const twice = corridor('merge', shards[0], shards[1], shards[2], shards[1], '--out', join(work, 'bad2'));
    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toMatch(/run \S+ is in both .*shard-2 and .*shard-2/);
  });

  it('resumes after kill -9 and ends with the same files as an uninterrupted sweep', async () => {
    const out = join(work, 'resumed');
    const child = spawn(process.execPath, [CLI, 'sweep', sweepFile, '--out', out, '--workers', '1', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    const recorded = () => (existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).length : 0);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (recorded() < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const before = recorded();
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before, 'the sweep was killed before it finished').toBeLessThan(33);
    expect(existsSync(join(out, 'runs.csv'))).toBe(false);

    const r = corridor('sweep', sweepFile, '--out', out, '--resume', '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`resume: ${before} of 33 runs already recorded`);
    expect(r.stdout).toContain(`${33 - before} run now, ${before} already recorded`);
    for (const f of FILES) expect(read(out, f).equals(read(single, f)), `${f} differs after resume`).toBe(true);
  });
});
