// `corridor compare` end to end on a short period: comparison.csv, both arms, the report and
// the printed changes with their intervals.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corridor } from '../../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-compare-'));
const read = (...p: string[]) => readFileSync(join(...p));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('corridor compare', () => {
  it('writes comparison.csv, both arms and a report, and prints changes with intervals', () => {
    const out = join(work, 'cmp');
    const r = corridor('compare', 'scenarios/baseline.yaml', 'scenarios/stricter-border.yaml', '--start', '2025-06', '--end', '2026-12', '--scale', '100', '--reps', '3', '--out', out, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/encounters CY2026:.*[−+]\d+(\.\d)?% \[[−+]?\d/);
    expect(r.stdout).toMatch(/smuggler revenue CY2026:.*\$/);
    expect(r.stdout).toContain(join(out, 'report.html'));
    expect(r.stdout).not.toContain('before its own first date'); // stricter-border restates the baseline's paths
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
    expect(readdirSync(work).filter((f) => f.startsWith('.corridor'))).toEqual([]);
  });

  it('notes a scenario whose dated lever path leaves the baseline before its own first date', () => {
    const file = join(work, 'ramp.yaml');
    writeFileSync(file, `name: ramp\nextends: ${join(process.cwd(), 'scenarios/baseline.yaml')}\nlevers:\n  removalCapacityPerMonth:\n    ramp: { from: 2026-01-01, to: 2026-12-31, start: 60000, end: 90000 }\n`);
    const r = corridor('compare', 'scenarios/baseline.yaml', file, '--start', '2025-06', '--end', '2025-07', '--scale', '2000', '--reps', '1', '--out', join(work, 'ramp-cmp'), '--workers', '1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`note: ${file}: levers.removalCapacityPerMonth differs from scenarios/baseline.yaml from 2013-01-01, before its own first date (2026-01-01), so the arms differ before the policy acts`);
  });

  it('refuses a folder Corridor did not write before running, keeping what is in it', () => {
    const mine = join(work, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'kept');
    const r = corridor('compare', 'scenarios/baseline.yaml', 'scenarios/stricter-border.yaml', '--out', mine, '--reps', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${mine} exists and was not written by Corridor (no .corridor file); choose another --out or empty it\n`);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
  });
});
