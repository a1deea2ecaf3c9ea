// Projecting from a nowcast, end to end: `corridor compare --from` gives byte-identical arms
// until the scenario's levers act and different ones after; `run` and `sweep --from` start from
// the states too; `corridor nowcast export` writes the page's file; `corridor report` on a
// nowcast folder writes its own report; a scale that is not the nowcast's is one error line.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthKey } from '../../../src/model/calendar.ts';
import { loadScenario } from '../../../src/scenario/load.ts';
import { parseCsv } from '../../../src/output/report/csv.ts';
import { readNowcastStates } from '../../../src/run/nowcastStates.ts';
import { nowcastStart, stateOf } from '../../../src/run/fromNowcast.ts';
import { corridor, corridorAsync } from '../../helpers/cli.ts';
import { smallNowcast } from '../../helpers/nowcast.ts';
import type { SmallNowcast } from '../../helpers/nowcast.ts';
import { BASELINE, STRICTER } from '../../helpers/scenario.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-from-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

let now: SmallNowcast;
beforeAll(async () => {
  now = await smallNowcast(work); // 2025-01..2025-06, 12 particles, 8 states kept, scale 200
}, 60_000);

/** Rows of a table by month, without the scenario column (the only one that differs by name). */
function byMonth(csv: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const cells = line.split(',');
    rows.set(cells[2], [...(rows.get(cells[2]) ?? []), cells.slice(1).join(',')]);
  }
  return rows;
}

/** The month (YYYY-MM) of the first week in which any lever of `b` differs from `a`'s. */
function firstLeverChange(a: string, b: string, build: { start: string; end: string }): string {
  const x = loadScenario(a, { ...build, scale: 200 }).input;
  const y = loadScenario(b, { ...build, scale: 200 }).input;
  let first = Infinity;
  for (const [name, series] of Object.entries(x.levers)) {
    series.forEach((s, e) => {
      const other = y.levers[name as keyof typeof y.levers][e];
      const w = s.findIndex((v, k) => v !== other[k]);
      if (w >= 0) first = Math.min(first, w);
    });
  }
  return monthKey(x.calendar.firstMonth + x.calendar.weekMonth[first]);
}

describe('corridor compare --from a nowcast', () => {
  it('gives identical arms, week by week, until the stricter border\'s levers act, and different ones after', () => {
    const out = join(work, 'cmp');
    const build = { start: '2025-01', end: '2026-06' };
    const r = corridor('compare', BASELINE, STRICTER, '--from', now.out, '--reps', '2', '--start', build.start, '--end', build.end, '--out', out, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Both arms start from the nowcast of Jun 2025 (${now.out}: 8 states, 1 agent = 200 persons)`);
    // the ramp to 1.8 starts on 2026-01-01, in the week that starts on 2025-12-30
    const change = firstLeverChange(BASELINE, STRICTER, build);
    expect(change).toBe('2025-12');
    for (const table of ['monthly.csv', 'sectors.csv']) {
      const a = byMonth(read(out, 'baseline', table));
      const b = byMonth(read(out, 'scenario', table));
      const months = [...a.keys()];
      expect(months[0]).toBe('2025-01');
      const before = months.filter((m) => m < change);
      const after = months.filter((m) => m > change);
      expect(before).toHaveLength(11);
      for (const m of before) expect(b.get(m), `${table} ${m}`).toEqual(a.get(m));
      for (const m of after) expect(b.get(m), `${table} ${m}`).not.toEqual(a.get(m));
    }
    // the nowcast is recorded, and said in the report
    for (const arm of ['baseline', 'scenario']) {
      const manifest = JSON.parse(read(out, arm, 'manifest.json'));
      expect(manifest.from).toMatchObject({ folder: now.out, through: '2025-06', states: 8, scale: 200, history: { start: '2025-01', end: '2025-06' } });
      expect(manifest.scale).toBe(200);
    }
    expect(read(out, 'report.html')).toContain('starts from the nowcast of Jun 2025');
    expect(r.stdout).toMatch(/encounters CY2025: +(\S+) +\1 +0\.0% \[0\.0%, 0\.0%\]/);
  });

  it('refuses a scale that is not the nowcast\'s, in one line, before running', () => {
    const r = corridor('compare', BASELINE, STRICTER, '--from', now.out, '--reps', '1', '--scale', '100', '--out', join(work, 'scale'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${now.out}: scale: the nowcast's states are at 200 persons per agent, not 100; leave out --scale or give 200\n`);
    expect(existsSync(join(work, 'scale'))).toBe(false);
  });
});

describe('run and sweep --from, nowcast export, report', () => {
  it('refuses a drift out of range, in one line before the usage, writing nothing', () => {
    const bad = corridor('nowcast', BASELINE, '--data', now.data, '--posterior', now.posterior, '--drift', '2', '--out', join(work, 'drift'));
    expect(bad.status).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe("error: option '--drift <sd>' argument '2' is invalid. Expected a number from 0 to 1.");
    const word = corridor('nowcast', BASELINE, '--data', now.data, '--posterior', now.posterior, '--drift', 'some', '--out', join(work, 'drift'));
    expect(word.stderr.split('\n')[0]).toBe("error: option '--drift <sd>' argument 'some' is invalid. Expected a number from 0 to 1.");
    expect(existsSync(join(work, 'drift'))).toBe(false);
  });

  it('exports a few states for the page; run --from reads the export and notes the months before the nowcast', async () => {
    const file = join(work, 'now.json');
    const e = corridor('nowcast', 'export', now.out, '--out', file, '--states', '4');
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/^wrote .*now\.json: 4 of 8 states of the nowcast of 2025-06 \(1 agent = 200 persons, warm start 2013-01\), \d+ KB\n$/);
    const exported = JSON.parse(read(file));
    expect(exported).toMatchObject({ kind: 'corridor-nowcast-states', through: '2025-06', scale: 200 });
    expect(readNowcastStates(file).states).toHaveLength(4);

    const out = join(work, 'run');
    const r = await corridorAsync('run', BASELINE, '--from', file, '--reps', '5', '--start', '2024-10', '--end', '2025-09', '--out', out, '--workers', '1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: the period starts in 2024-10, but the nowcast's history starts in 2025-01: the months before 2025-01 hold zeros");
    expect(r.stdout).toContain('baseline (mean of 5 replications), from the nowcast of Jun 2025');
    const manifest = JSON.parse(read(out, 'manifest.json'));
    expect(manifest.from).toMatchObject({ file, states: 4, through: '2025-06' });
    // replication r continues state stateOf(r): replications 0 and 4 share a state, so their
    // history; 0 and r < 4 share it exactly when their states are copies of one ancestor
    const monthly = parseCsv(read(out, 'monthly.csv'));
    const history = (rep: number) => monthly.filter((row) => row.seed === `1/r${rep}` && String(row.month) <= '2025-06').map((row) => row.encounters);
    const start = nowcastStart(file);
    const states = readNowcastStates(file).states;
    const recorded = (rep: number) => Array.from(states[stateOf(start, rep)].recorder.originFlows).join(); // the months it has seen
    expect(stateOf(start, 4)).toBe(stateOf(start, 0));
    expect(history(4)).toEqual(history(0));
    expect(new Set([0, 1, 2, 3].map((r) => stateOf(start, r))).size).toBe(4);
    for (const r of [1, 2, 3]) {
      if (recorded(r) === recorded(0)) expect(history(r)).toEqual(history(0));
      else expect(history(r)).not.toEqual(history(0));
    }
    expect(monthly.filter((row) => row.seed === '1/r0' && String(row.month) < '2025-01').every((row) => row.encounters === 0)).toBe(true);
  });

  it('sweeps from the nowcast: a lever swept acts from its last month on; the base run is run --from\'s replication 0', () => {
    const sweepFile = join(work, 'from.yaml');
    writeFileSync(sweepFile, [
      'name: from-nowcast', `scenario: ${BASELINE}`, 'period: { start: 2025-01, end: 2026-12 }', 'design: grid', 'replications: 2',
      'parameters:', '  - { name: enforcement, levels: [1, 2] }', 'outcomes: { encounters_2026: "sum(encounters[2026])" }',
    ].join('\n') + '\n');
    const out = join(work, 'sweep');
    const r = corridor('sweep', sweepFile, '--from', now.out, '--out', out, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`every run starts from the nowcast of Jun 2025 (${now.out}: replication r from one of its 8 states, 1 agent = 200 persons)`);
    const runs = parseCsv(read(out, 'runs.csv'));
    expect(runs).toHaveLength(4);
    const at = (point: number) => runs.filter((x) => x.point === point).reduce((s, x) => s + Number(x.encounters_2026), 0);
    expect(at(1)).toBeLessThan(at(0)); // twice the enforcement from the nowcast on
    // the base run is replication 0 from state 0, with the scenario's levers: as run --from would give it
    const base = parseCsv(read(out, 'scenario', 'monthly.csv'));
    const single = join(work, 'single');
    expect(corridor('run', BASELINE, '--from', now.out, '--seed', '1', '--start', '2025-01', '--end', '2026-12', '--out', single, '--quiet').status).toBe(0);
    expect(parseCsv(read(single, 'monthly.csv')).map((x) => x.encounters)).toEqual(base.map((x) => x.encounters));
    expect(JSON.parse(read(out, 'sweep.json')).from).toMatchObject({ through: '2025-06', states: 8 });
    expect(JSON.parse(read(out, 'scenario', 'manifest.json')).from).toMatchObject({ through: '2025-06' });
  });

  it('writes the nowcast\'s report again with corridor report', () => {
    rmSync(join(now.out, 'report.html'));
    const r = corridor('report', now.out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${join(now.out, 'report.html')}\n`);
    const html = read(now.out, 'report.html');
    expect(html).toContain('<h1>Nowcast of Jun 2025</h1>');
    for (const chart of ['waiting_mexico', 'in_transit', 'gotaways', 'smuggler_revenue_usd', 'encounters', 'ess']) expect(html).toContain(`data-chart="${chart}"`);
    expect(html).not.toContain('No observed line');
  });
});
