// `corridor sweep` and `corridor merge` end to end on short runs (2022, 1 agent per 100 persons):
// result files that are byte-identical whether the sweep runs at once, in shards merged
// afterwards, or killed and resumed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const FILES = ['runs.csv', 'runs.parquet', 'sensitivity.csv', 'sweep.json', join('scenario', 'monthly.csv'), join('scenario', 'manifest.json'), 'report.html'];

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
    expect(sens[0]).toBe('outcome,parameter,method,S1,S1_low,S1_high,ST,ST_low,ST_high,mu_star,sigma,coefficient,coefficient_low,coefficient_high,r2');
    expect(sens).toHaveLength(1 + 2 * 3);
    expect(sens.slice(1).every((l) => l.split(',')[2] === 'morris' && l.endsWith(',,,,'))).toBe(true);
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

    // refusals: one line each, no stack trace, nothing written
    const missing = corridor('merge', shards[0], shards[2], '--out', join(work, 'bad1'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: merge: 11 of 33 runs missing \(first: .*\); a shard is missing or unfinished \(rerun it with --resume\)\n$/);
    const twice = corridor('merge', shards[0], shards[1], shards[2], shards[1], '--out', join(work, 'bad2'));
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/^error: merge: run \S+ is in both .*shard-2 and .*shard-2; each run must come from exactly one shard\n$/);
    for (const bad of ['bad1', 'bad2']) expect(existsSync(join(work, bad)), bad).toBe(false);
  });

  it('says its plan before running, locks its folder against a second sweep, resumes after kill -9 with the same files', async () => {
    const out = join(work, 'resumed');
    const child = startCorridor(['sweep', sweepFile, '--out', out, '--workers', '1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const recorded = () => (existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).length : 0);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (recorded() < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(stdout).toBe('sweep small: 32 points × 1 replication = 32 runs (+ 1 base run) on 1 worker\n');

    // a second sweep into the same folder meanwhile: refused, naming the first; the first's files untouched
    const other = join(work, 'other.yaml');
    writeFileSync(other, readFileSync(sweepFile, 'utf8').replace('seed: 3', 'seed: 4'));
    const second = corridor('sweep', other, '--out', out, '--workers', '1');
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^error: ${out} is being written by another corridor \\(pid ${child.pid}, started [^)]+\\); wait for it to finish or choose another --out\\n$`));
    expect(JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).seed).toBe(3);

    child.kill('SIGKILL');
    await exited;
    const before = recorded();
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before, 'the sweep was killed before it finished').toBeLessThan(33);
    expect(existsSync(join(out, 'runs.csv'))).toBe(false);

    // --resume of another sweep: one line
    const wrong = corridor('sweep', other, '--out', out, '--resume');
    expect(wrong.stderr).toMatch(/^warning: .*\.corridor\.lock was left by pid \d+, .*which no longer runs; taking it over\nerror: \S+sweep\.json is from a different sweep \(hash \w+, now \w+\): the sweep file or its scenario changed; use a new --out, or run without --resume to start over\n$/);

    const r = corridor('sweep', sweepFile, '--out', out, '--resume', '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`sweep small: 32 points × 1 replication = 32 runs (+ 1 base run) on 2 workers; ${before} already recorded, ${33 - before} to run\n`);
    for (const f of FILES) expect(read(out, f).equals(read(single, f)), `${f} differs after resume`).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.corridor')).sort()).toEqual(['.corridor']);
  });

  it('refuses a folder Corridor did not write, keeping its runs/ and everything else', () => {
    const theirs = join(work, 'theirs');
    mkdirSync(join(theirs, 'runs'), { recursive: true });
    writeFileSync(join(theirs, 'runs', 'field-notes.json'), '{}');
    const r = corridor('sweep', sweepFile, '--out', theirs);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${theirs} exists and was not written by Corridor (no .corridor file); choose another --out or empty it\n`);
    expect(readdirSync(join(theirs, 'runs'))).toEqual(['field-notes.json']);
  });

  it('a run whose outcome is not a number: named on stderr, the others written, exit 1 at the end', () => {
    const nan = join(work, 'nan.yaml');
    writeFileSync(
      nan,
      readFileSync(sweepFile, 'utf8')
        .replace('{ start: 2022-01, end: 2022-12 }', '{ start: 2019-10, end: 2019-12 }')
        .replace('scale: 100', 'scale: 500')
        .replace('samples: 8', 'samples: 1')
        .replace(/outcomes:\n[^]*$/, 'outcomes:\n  encounters: sum(encounters)\n  odd: "sum(encounters) > 1e12 ? 1 : 0 / 0"\n'),
    );
    const out = join(work, 'nan');
    const r = corridor('sweep', nan, '--out', out, '--workers', '2', '--quiet');
    expect(r.status).toBe(1);
    const errors = r.stderr.trim().split('\n');
    expect(errors.slice(0, 4)).toEqual([0, 1, 2, 3].map((p) => expect.stringMatching(new RegExp(`^error: run p${p}-r0 \\(stream corridor\\|3\\|\\w+\\|p${p}\\|r0\\) failed: outcome odd \\(.*\\) is NaN$`))));
    expect(errors[4]).toBe(`error: 4 of 5 runs failed (listed in ${out}/failed.json); runs.csv holds none; fix the cause, then rerun with --resume to run them again`);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toBe('run_id,point,rep,stream,enforcement,barriers,marketPower,encounters,odd\n');
    expect(JSON.parse(readFileSync(join(out, 'failed.json'), 'utf8'))).toHaveLength(4);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
