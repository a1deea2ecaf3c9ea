// `corridor sweep` and `corridor merge` end to end on short runs (2022, 1 agent per 100 persons):
// result files that are byte-identical whether the sweep runs at once, in shards merged
// afterwards, or killed and resumed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridor, corridorAsync, startCorridor } from '../../helpers/cli.ts';
import { ROOT } from '../../helpers/scenario.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-sweep-'));
const read = (...p: string[]) => readFileSync(join(...p));

afterAll(() => rmSync(work, { recursive: true, force: true }));

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
    const child = startCorridor(['sweep', sweepFile, '--out', out, '--workers', '1', '--quiet']);
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
