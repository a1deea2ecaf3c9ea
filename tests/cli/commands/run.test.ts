// `corridor run` end to end, as a user runs it: the result folder, determinism, replications
// that do not depend on the number of workers, errors, and Ctrl-C.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MONTHLY_HEADER } from '../../../src/output/tables.ts';
import { corridor, startCorridor } from '../../helpers/cli.ts';
import { ROOT } from '../../helpers/scenario.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-cli-'));
const in2023 = ['--start', '2023-01', '--end', '2023-12', '--scale', '100'];
const in2022 = ['--start', '2022-01', '--end', '2022-12', '--scale', '100'];
const read = (...p: string[]) => readFileSync(join(...p));

describe('corridor run', () => {
  it('writes monthly, sectors, annual, flows and manifest, and prints a summary', () => {
    const out = join(work, 'sb');
    const r = corridor('run', 'scenarios/stricter-border.yaml', '--seed', '7', '--out', out, ...in2023);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/encounters/);
    for (const f of ['monthly.csv', 'sectors.csv', 'annual.csv', 'flows.csv', 'manifest.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const monthly = readFileSync(join(out, 'monthly.csv'), 'utf8').trim().split('\n');
    expect(monthly[0]).toBe(MONTHLY_HEADER.join(','));
    expect(monthly.length - 1).toBe(12 * 11); // 12 months × 11 origins
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(7);
    expect(manifest.scenario).toBe('stricter-border');
    expect(manifest.scenarioText).toContain('extends: baseline.yaml');
    expect(manifest.scenarioHash).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.parameters.baseHazard.MEX).toBeGreaterThan(0);
    expect(Date.parse(manifest.finishedAt)).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt));
  });

  it('the same seed gives a byte-identical monthly.csv; another seed differs', () => {
    const paths = ['a', 'b', 'c'].map((n) => join(work, `det-${n}`));
    expect(corridor('run', 'scenarios/baseline.yaml', '--seed', '3', '--out', paths[0], ...in2023).status).toBe(0);
    expect(corridor('run', 'scenarios/baseline.yaml', '--seed', '3', '--out', paths[1], ...in2023).status).toBe(0);
    expect(corridor('run', 'scenarios/baseline.yaml', '--seed', '4', '--out', paths[2], ...in2023).status).toBe(0);
    const read = (p: string) => readFileSync(join(p, 'monthly.csv'));
    expect(read(paths[0]).equals(read(paths[1]))).toBe(true);
    expect(read(paths[0]).equals(read(paths[2]))).toBe(false);
  });

  it('bad input exits non-zero with one message naming file, line, field and expectation', () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, `extends: ${join(ROOT, 'scenarios/baseline.yaml')}\nlevers:\n  barriers:\n    RGV: { value: -1 }\n`);
    const out = join(work, 'bad-out');
    const r = corridor('run', bad, '--out', out, ...in2023);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.yaml:4: levers\.barriers\.RGV: expected values in \[0, 10\]/);
    expect(existsSync(out)).toBe(false);
    const typo = join(work, 'typo.yaml');
    writeFileSync(typo, 'name: typo\nperiod: { start: 2023-01, end: 2023-12 }\nlevres: {}\n');
    const t = corridor('validate', typo);
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/typo\.yaml:3: levres: unknown field \(did you mean 'levers'\?\)/);
  });

  it('refuses, before running, --out . and a folder Corridor did not write, in one line each, deleting nothing', () => {
    const here = corridor('run', 'scenarios/baseline.yaml', '--out', '.', ...in2023);
    expect(here.status).toBe(2);
    expect(here.stderr).toBe('error: --out . is the current folder or holds it, and Corridor replaces its output folder; choose a folder for the results inside it (e.g. results/<name>)\n');
    const thesis = join(work, 'thesis');
    mkdirSync(thesis);
    writeFileSync(join(thesis, 'chapter1.tex'), 'the user\'s own file');
    const r = corridor('run', 'scenarios/baseline.yaml', '--out', thesis, ...in2023);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${thesis} exists and was not written by Corridor (no .corridor file); choose another --out or empty it\n`);
    expect(readdirSync(thesis)).toEqual(['chapter1.tex']);
    const underFile = corridor('run', 'scenarios/baseline.yaml', '--out', join(thesis, 'chapter1.tex', 'r'), ...in2023);
    expect(underFile.stderr).toBe(`error: cannot write ${join(thesis, 'chapter1.tex', 'r')}: a part of the path is a file, not a folder (ENOTDIR)\n`);
    expect(readFileSync(join(thesis, 'chapter1.tex'), 'utf8')).toBe('the user\'s own file');
  });

  it('Ctrl-C during a run leaves no result folder and no temporary files', async () => {
    const out = join(work, 'interrupted');
    const child = startCorridor(['run', 'scenarios/baseline.yaml', '--out', out, '--scale', '1']);
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.corridor-tmp'))).toEqual([]);
  });
});

describe('corridor run --reps', () => {
  it('writes all replications and their summaries, byte-identical on 1 and 2 workers', () => {
    const a = join(work, 'reps-w1');
    const b = join(work, 'reps-w2');
    const r1 = corridor('run', 'scenarios/stricter-border.yaml', ...in2022, '--reps', '3', '--seed', '5', '--workers', '1', '--out', a, '--quiet');
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = corridor('run', 'scenarios/stricter-border.yaml', ...in2022, '--reps', '3', '--seed', '5', '--workers', '2', '--out', b);
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
