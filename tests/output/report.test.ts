import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '../../src/output/report/csv.ts';
import { flowLayout, flowTotals } from '../../src/output/report/flows.ts';
import { describeTimeValue, leverRows } from '../../src/output/report/levers.ts';
import { loadReportInput, renderReport, writeReport } from '../../src/output/report/index.ts';
import { hasChromium, launchChromium, layout, PHONE } from '../helpers/browser.ts';
import { FIT_HEADER } from '../../src/run/validateFit.ts';

// ---------------------------------------------------------------------------------------------
// A synthetic result folder in the documented formats (docs/ARCHITECTURE.md). The numbers come
// from a seeded formula; they only need to look like results, not to be right.

const ORIGINS = ['MEX', 'GTM', 'HND', 'SLV', 'NIC', 'CUB', 'HTI', 'VEN', 'ECU', 'COL', 'OTHER'];
const BASE_PER_MONTH = [60000, 18000, 17000, 8000, 9000, 12000, 8000, 25000, 10000, 7000, 20000];
const SECTORS = ['San Diego', 'El Centro', 'Yuma', 'Tucson', 'El Paso', 'Big Bend', 'Del Rio', 'Laredo', 'Rio Grande Valley'];
const ROUTES = ['mexico_direct', 'central_america_land', 'darien_land', 'managua_air'];
const OUTCOMES = ['entered', 'released', 'paroled', 'removed', 'returned', 'dead', 'in_transit', 'waiting'];
const MONTHLY_COLUMNS = [
  'scenario', 'seed', 'month', 'origin', 'decided', 'departed', 'in_transit', 'waiting_mexico', 'encounters',
  'unique_encountered', 'gotaways', 'entered', 'released', 'paroled', 'expelled', 'removed', 'returned_home',
  'deaths', 'smuggled', 'smuggler_revenue_usd', 'mean_fee_usd',
];
const SCENARIO_NAME = 'Border, tightened';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function monthsBetween(startYear: number, startMonth: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const m = startMonth - 1 + i;
    return `${startYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

const MONTHS = monthsBetween(2021, 1, 120); // 10 years × 11 origins

type Metrics = Record<string, number>;

function monthlyMetrics(origin: number, monthIndex: number, scenario: boolean, rand: () => number): Metrics {
  const season = 1 + 0.35 * Math.sin((2 * Math.PI * (monthIndex + origin)) / 12);
  const trend = 1 + 0.6 * Math.sin((Math.PI * monthIndex) / 60 + origin * 0.3);
  const policy = scenario && monthIndex >= 53 ? 0.6 : 1; // the scenario's levers bite from 2025-06
  const encounters = Math.round(BASE_PER_MONTH[origin] * season * trend * policy * (0.9 + 0.2 * rand()));
  const smuggled = Math.round(encounters * 0.8);
  const fee = (4000 + 300 * origin) * (scenario && monthIndex >= 53 ? 1.3 : 1);
  const m: Metrics = {
    decided: Math.round(encounters * 1.4),
    departed: Math.round(encounters * 1.2),
    in_transit: Math.round(encounters * 1.6),
    waiting_mexico: Math.round(encounters * (scenario && monthIndex >= 53 ? 1.5 : 0.7)),
    encounters,
    unique_encountered: Math.round(encounters * 0.85),
    gotaways: Math.round(encounters * 0.12),
    entered: Math.round(encounters * 0.1),
    released: Math.round(encounters * 0.35),
    paroled: Math.round(encounters * 0.08),
    expelled: Math.round(encounters * (scenario ? 0.3 : 0.2)),
    removed: Math.round(encounters * 0.15),
    returned_home: Math.round(encounters * 0.05),
    deaths: Math.round((encounters / 2500) * (0.5 + rand())),
    smuggled,
    smuggler_revenue_usd: Math.round(smuggled * fee),
  };
  m.mean_fee_usd = Math.round(m.smuggler_revenue_usd / smuggled);
  return m;
}

interface RunTables {
  monthly: { month: string; origin: string; m: Metrics }[];
}

function makeRun(scenario: boolean, seed: number): RunTables {
  const rand = mulberry32(seed + (scenario ? 1000 : 0));
  const monthly: RunTables['monthly'] = [];
  MONTHS.forEach((month, i) => ORIGINS.forEach((origin, o) => monthly.push({ month, origin, m: monthlyMetrics(o, i, scenario, rand) })));
  return { monthly };
}

function periodsOf(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7));
  return [`CY${y}`, `FY${mo >= 10 ? y + 1 : y}`];
}

function annualSums(run: RunTables): Map<string, Map<string, Metrics>> {
  const byPeriod = new Map<string, Map<string, Metrics>>();
  for (const r of run.monthly) {
    for (const p of periodsOf(r.month)) {
      if (!byPeriod.has(p)) byPeriod.set(p, new Map());
      const o = byPeriod.get(p)!;
      const acc = o.get(r.origin) ?? {};
      for (const [k, v] of Object.entries(r.m)) if (k !== 'mean_fee_usd') acc[k] = (acc[k] ?? 0) + v;
      acc.mean_fee_usd = acc.smuggler_revenue_usd / acc.smuggled;
      o.set(r.origin, acc);
    }
  }
  return byPeriod;
}

const SCENARIO_TEXT = `# Tighter border from mid-2025: expulsions resume and asylum is capped.
name: "${SCENARIO_NAME}"
extends: baseline.yaml
description: Expulsions resume in June 2025, asylum is capped at 1,500 a day and Mexico enforces transit more.
period: { start: 2021-01, end: 2030-12 }
levers:
  expulsionShare:
    default: { steps: [ { from: 2025-06, value: 0.6 }, { from: 2027-01, value: 0.3 } ] }
  enforcement:
    default:
      steps: [{ from: 2025-01-20, value: 1.2 }, { from: 2026-01-01, to: 2026-12-31, value: 1.8 }]
      assumption: "the baseline path to 2025, then +50% patrol intensity over 2026"
    TCA: 4.2
    EPT: { ramp: { from: 2025-01, to: 2026-12, start: 2, end: 3 } }
  asylumCapPerDay: { value: 1500, source: "Proclamation 10773 (2024)" }
  paroleCapacityPerMonth:
    source: "CHNV, 30,000 a month (policy timeline)"
    CUB: 7500
    HTI: 7500
    NIC: { expr: "7500 * (t < 2025.5)" }
    VEN: 7500
  transitEnforcement:
    MEX: 0.4
`;

function manifest(name: string, scenarioText: string): object {
  return {
    scenario: name,
    scenarioFile: 'scenarios/tightened.yaml',
    scenarioText,
    scenarioHash: 'sha256:3f5a9c0e',
    seed: 42,
    reps: 1,
    scale: 100,
    version: '0.1.0',
    gitCommit: 'abc1234',
    startedAt: '2025-01-01T10:00:00Z',
    finishedAt: '2025-01-01T10:02:13Z',
    parameters: {},
    command: 'corridor run scenarios/tightened.yaml --seed 42',
  };
}

/** A run folder; with several runs (replications), monthly.csv holds each as seed 42/r<i>, the other tables the first. */
async function writeRunFolder(dir: string, name: string, runs: RunTables | RunTables[], opts: { full: boolean; scenarioText: string }): Promise<void> {
  await mkdir(dir, { recursive: true });
  const reps = Array.isArray(runs) ? runs : [runs];
  const run = reps[0];
  const seedOf = (i: number): string | number => (reps.length > 1 ? `42/r${i}` : 42);
  const monthlyRows = reps.flatMap((rep, i) => rep.monthly.map((r) => [name, seedOf(i), r.month, r.origin, ...MONTHLY_COLUMNS.slice(4).map((c) => r.m[c])]));
  await writeFile(path.join(dir, 'monthly.csv'), toCsv(MONTHLY_COLUMNS, monthlyRows));
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest(name, opts.scenarioText), null, 2));
  if (!opts.full) return;

  const rand = mulberry32(7);
  const annual = annualSums(run);
  const annualRows: (string | number)[][] = [];
  for (const [period, byOrigin] of annual) {
    for (const [origin, m] of byOrigin) annualRows.push([name, 42, period, origin, ...MONTHLY_COLUMNS.slice(4).map((c) => m[c])]);
  }
  await writeFile(path.join(dir, 'annual.csv'), toCsv(['scenario', 'seed', 'period', 'origin', ...MONTHLY_COLUMNS.slice(4)], annualRows));

  const sectorRows: (string | number)[][] = [];
  for (const month of MONTHS) {
    SECTORS.forEach((sector, s) => {
      const enc = Math.round(30000 * (0.3 + rand()) * (s === 8 ? 2 : 1));
      sectorRows.push([name, 42, month, sector, enc, Math.round(enc * 0.12), Math.round(enc / 3000), 3500 + 100 * s]);
    });
  }
  await writeFile(path.join(dir, 'sectors.csv'), toCsv(['scenario', 'seed', 'month', 'sector', 'encounters', 'gotaways', 'deaths', 'mean_fee_usd'], sectorRows));

  const flowRows: (string | number)[][] = [];
  const outcomeShare = [0.1, 0.3, 0.06, 0.15, 0.12, 0.08, 0.004, 0.08, 0.106];
  ORIGINS.forEach((origin, o) => {
    const routes = origin === 'MEX' ? ['mexico_direct'] : ['GTM', 'HND', 'SLV'].includes(origin) ? ['central_america_land', 'mexico_direct'] : ['CUB', 'HTI', 'NIC'].includes(origin) ? ['managua_air', 'central_america_land'] : ['darien_land', 'central_america_land'];
    routes.forEach((route, r) => {
      OUTCOMES.forEach((outcome, k) => {
        const persons = Math.round(BASE_PER_MONTH[o] * 120 * (r === 0 ? 0.75 : 0.25) * outcomeShare[k] * (0.8 + 0.4 * rand()));
        flowRows.push([name, 42, origin, route, outcome, persons]);
      });
    });
  });
  await writeFile(path.join(dir, 'flows.csv'), toCsv(['scenario', 'seed', 'origin', 'route', 'outcome', 'persons'], flowRows));

  // Summary over replications: TOTAL per month with a band that widens over time.
  const summaryRows: (string | number)[][] = [];
  const totals = new Map<string, Metrics>();
  for (const r of run.monthly) {
    const acc = totals.get(r.month) ?? {};
    for (const [k, v] of Object.entries(r.m)) acc[k] = (acc[k] ?? 0) + v;
    totals.set(r.month, acc);
  }
  [...totals.entries()].forEach(([month, m], i) => {
    for (const metric of ['encounters', 'deaths', 'smuggler_revenue_usd', 'waiting_mexico']) {
      const w = 0.04 + 0.001 * i;
      summaryRows.push([name, month, 'TOTAL', metric, m[metric], m[metric] * w, m[metric] * (1 - w), m[metric], m[metric] * (1 + w)]);
    }
  });
  await writeFile(path.join(dir, 'summary_monthly.csv'), toCsv(['scenario', 'month', 'origin', 'metric', 'mean', 'sd', 'p05', 'p50', 'p95'], summaryRows));
}

async function writeComparison(dir: string, baseline: RunTables, scenario: RunTables): Promise<void> {
  const b = annualSums(baseline);
  const s = annualSums(scenario);
  const rows: (string | number)[][] = [];
  for (const metric of ['encounters', 'deaths', 'smuggler_revenue_usd', 'mean_fee_usd', 'entered', 'expelled']) {
    for (const period of b.keys()) {
      const sum = (t: Map<string, Metrics>): number =>
        metric === 'mean_fee_usd'
          ? [...t.values()].reduce((a, m) => a + m.smuggler_revenue_usd, 0) / [...t.values()].reduce((a, m) => a + m.smuggled, 0)
          : [...t.values()].reduce((a, m) => a + m[metric], 0);
      const bm = sum(b.get(period)!);
      const sm = sum(s.get(period)!);
      const d = sm - bm;
      const spread = Math.abs(bm) * 0.04 + 1;
      rows.push([metric, period, 'TOTAL', bm, sm, d, d - spread, d + spread, d / bm, (d - spread) / bm, (d + spread) / bm]);
    }
  }
  await writeFile(
    path.join(dir, 'comparison.csv'),
    toCsv(['metric', 'period', 'origin', 'baseline_mean', 'scenario_mean', 'diff_mean', 'diff_p05', 'diff_p95', 'rel_mean', 'rel_p05', 'rel_p95'], rows),
  );
}

async function writeSensitivity(dir: string): Promise<void> {
  const rand = mulberry32(11);
  const params = ['border.expulsion_share', 'asylum.cap_per_day', 'fees.cartel_tax', 'info.lag_weeks', 'mexico.transit_enforcement', 'econ.shock_VEN'];
  const rows: (string | number)[][] = [];
  for (const outcome of ['encounters', 'deaths']) {
    params.forEach((p, i) => {
      const st = Math.max(0.01, 0.6 / (i + 1) - 0.05 * rand());
      const s1 = st * (0.6 + 0.3 * rand());
      rows.push([outcome, p, 'sobol', s1, s1 - 0.05, s1 + 0.05, st, st - 0.06, st + 0.06, '', '']);
      rows.push([outcome, p, 'morris', '', '', '', '', '', '', 50000 / (i + 1), 20000 * rand()]);
    });
  }
  await writeFile(path.join(dir, 'sensitivity.csv'), toCsv(['outcome', 'parameter', 'method', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high', 'mu_star', 'sigma'], rows));
}

async function writeFit(dir: string): Promise<void> {
  const rand = mulberry32(5);
  const rows: (string | number)[][] = [];
  for (const [i, month] of monthsBetween(2020, 10, 39).entries()) {
    ORIGINS.forEach((origin, o) => {
      const sim = BASE_PER_MONTH[o] * (1 + i / 30) * (1 + 0.2 * Math.sin(i / 3 + o));
      rows.push([month, origin, 'all', Math.round(sim * (0.85 + 0.3 * rand())), Math.round(sim), Math.round(sim * 0.88), Math.round(sim * 1.12)]);
    });
  }
  // the columns validate-fit writes: a fixture of its own would let the report drift from them (it did: the band read sim_p05)
  await writeFile(path.join(dir, 'fit.csv'), toCsv(FIT_HEADER, rows));
}

/** darien.csv as validate-fit writes it: a year a row per series. */
async function writeDarien(dir: string): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const [origin, nationality, base] of [['VEN', 'VEN', 20000], ['HTI', 'HTI_BRA_CHL', 9000], ['TOTAL', 'TOTAL', 60000]] as const)
    for (let year = 2014; year <= 2023; year++) {
      const sim = base * (1 + (year - 2014) / 3);
      rows.push([year, origin, nationality, Math.round(sim * 1.3), Math.round(sim), Math.round(sim * 0.7), Math.round(sim * 1.4)]);
    }
  await writeFile(path.join(dir, 'darien.csv'), toCsv(['year', 'origin', 'nationality', 'observed', 'simulated', 'sim_p05', 'sim_p95'], rows));
}

const SWEEP_PARAMETERS = ['enforcement', 'feeEnforcementElasticity'];
const SWEEP_TEXT = `name: lhs-test
scenario: ../scenarios/baseline.yaml
design: lhs
samples: 30
replications: 2
common_random_numbers: true
parameters:
  - name: enforcement
    range: [0.8, 2.0]
    note: every sector
  - name: feeEnforcementElasticity
    range: [0.2, 1.2]
outcomes:
  encounters_2025: sum(encounters[2025])
  revenue_2025: sum(smuggler_revenue_usd[2025])
`;

/**
 * A sweep folder as `corridor sweep` writes it (docs/ARCHITECTURE.md): sweep.json, runs.csv,
 * sensitivity.csv (the LHS coefficient columns only with `coefficients`) and scenario/.
 */
async function writeSweepFolder(dir: string, opts: { coefficients: boolean }, run: RunTables): Promise<void> {
  const rand = mulberry32(3);
  const points = Array.from({ length: 30 }, () => ({ enforcement: 0.8 + 1.2 * rand(), feeEnforcementElasticity: 0.2 + rand() }));
  const runs: (string | number)[][] = [];
  points.forEach((p, i) => {
    for (let r = 0; r < 2; r++) {
      const encounters = 2e6 / p.enforcement * (0.95 + 0.1 * rand());
      runs.push([`p${i}-r${r}`, i, r, `corridor|1|abc|p0|r${r}`, p.enforcement, p.feeEnforcementElasticity, encounters, encounters * 6000 * (1 + p.feeEnforcementElasticity)]);
    }
  });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'runs.csv'), toCsv(['run_id', 'point', 'rep', 'stream', ...SWEEP_PARAMETERS, 'encounters_2025', 'revenue_2025'], runs));
  const plan = {
    name: 'lhs-test', sweepFile: 'sweeps/lhs-test.yaml', sweepText: SWEEP_TEXT, hash: 'sha256:00', scenarioFile: 'scenarios/baseline.yaml', scenarioHash: 'sha256:01',
    seed: 1, build: { start: '2024-01', end: '2025-12', scale: 20 }, design: { design: 'lhs', names: SWEEP_PARAMETERS, seed: '1|x', samples: 30 },
    parameters: [{ name: 'enforcement', kind: 'lever' }, { name: 'feeEnforcementElasticity', kind: 'parameter' }],
    outcomes: { encounters_2025: 'sum(encounters[2025])', revenue_2025: 'sum(smuggler_revenue_usd[2025])' },
    replications: 2, commonRandomNumbers: true, points, taskIds: ['base', ...runs.map((r) => String(r[0]))],
  };
  await writeFile(path.join(dir, 'sweep.json'), JSON.stringify(plan, null, 2));
  const header = ['outcome', 'parameter', 'method', 'S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high', 'mu_star', 'sigma'];
  const rows: (string | number)[][] = [];
  if (opts.coefficients) {
    const blank = ['', '', '', '', '', '', '', ''];
    rows.push(['encounters_2025', 'enforcement', 'prcc', ...blank, -0.93, -0.96, -0.88, '']);
    rows.push(['encounters_2025', 'feeEnforcementElasticity', 'prcc', ...blank, 0.04, -0.2, 0.27, '']);
    rows.push(['revenue_2025', 'enforcement', 'src', ...blank, -0.61, -0.7, -0.52, 0.83]);
    rows.push(['revenue_2025', 'feeEnforcementElasticity', 'src', ...blank, 0.55, 0.45, 0.64, 0.83]);
  }
  const fullHeader = opts.coefficients ? [...header, 'coefficient', 'coefficient_low', 'coefficient_high', 'r2'] : header;
  await writeFile(path.join(dir, 'sensitivity.csv'), toCsv(fullHeader, rows));
  await writeRunFolder(path.join(dir, 'scenario'), 'baseline', run, { full: false, scenarioText: 'name: baseline\nlevers: {}\n' });
}

// ---------------------------------------------------------------------------------------------

let tmp: string;
let fullDir: string; // a comparison folder that also carries sweep and calibration outputs
let plainDir: string; // a single run: monthly.csv and manifest.json only
let sweepDir: string; // an LHS sweep with PRCC and SRC rows in sensitivity.csv
let oldSweepDir: string; // an LHS sweep as written before those rows: sensitivity.csv has only its header

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'corridor-report-'));
  fullDir = path.join(tmp, 'compare');
  plainDir = path.join(tmp, 'plain');
  const baseline = makeRun(false, 42);
  const scenario = makeRun(true, 42);
  const reps = (arm: boolean) => [42, 43, 44].map((seed) => makeRun(arm, seed));
  await writeRunFolder(path.join(fullDir, 'baseline'), 'baseline', reps(false), { full: true, scenarioText: 'name: baseline\nlevers: {}\n' });
  await writeRunFolder(path.join(fullDir, 'scenario'), SCENARIO_NAME, reps(true), { full: true, scenarioText: SCENARIO_TEXT });
  await writeComparison(fullDir, baseline, scenario);
  await writeSensitivity(fullDir);
  await writeFit(fullDir);
  await writeDarien(fullDir);
  await writeRunFolder(plainDir, SCENARIO_NAME, scenario, { full: false, scenarioText: SCENARIO_TEXT });
  sweepDir = path.join(tmp, 'sweep');
  oldSweepDir = path.join(tmp, 'sweep-old');
  await writeSweepFolder(sweepDir, { coefficients: true }, baseline);
  await writeSweepFolder(oldSweepDir, { coefficients: false }, baseline);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The HTML of one <section id="…">. */
function sectionHtml(html: string, id: string): string | undefined {
  const start = html.indexOf(`<section id="${id}"`);
  if (start < 0) return undefined;
  return html.slice(start, html.indexOf('</section>', start));
}

/** The HTML of the figure with data-chart="…". */
function chartOf(html: string, id: string): string {
  const start = html.indexOf(`data-chart="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** The HTML of the headline card of a metric. */
function cardOf(headline: string, metric: string): string {
  const start = headline.indexOf(`<div class="card" data-metric="${metric}"`);
  expect(start, metric).toBeGreaterThanOrEqual(0);
  const next = headline.indexOf('<div class="card"', start + 1);
  return headline.slice(start, next < 0 ? undefined : next);
}

/** The years an SVG's time axis is labelled with. */
function axisYears(svg: string): number[] {
  return [...svg.matchAll(/<text[^>]*>(20\d\d)<\/text>/g)].map((m) => Number(m[1]));
}

const CHART_SECTIONS = ['encounters', 'comparison', 'dynamics', 'flows', 'sectors', 'sensitivity', 'calibration', 'darien'];

describe('report.html', () => {
  let html: string;

  beforeAll(async () => {
    const input = await loadReportInput(fullDir);
    html = await renderReport(input);
    if (process.env.REPORT_EXAMPLE) await writeFile(process.env.REPORT_EXAMPLE, html);
  }, 60_000);

  it('is one self-contained HTML document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+href=["']?https?:/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/url\(["']?https?:/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('draws every chart section as inline SVG with marks', () => {
    for (const id of CHART_SECTIONS) {
      const section = sectionHtml(html, id);
      expect(section, id).toBeDefined();
      expect(section, id).toContain('<svg');
      expect(section, id).toContain('<path');
      expect(section, id).toMatch(/<figcaption|class="note"/);
    }
  });

  it("draws the calibration's predictive band and says how much of the record it covers", () => {
    const section = sectionHtml(html, 'calibration')!;
    // the fixture's band is ±12% around the mean and the observations 0.85–1.15 of it: most, not all, inside
    const covered = /inside the band in (\d+)% of (\d+) origin-months/.exec(section);
    expect(covered, 'coverage sentence').not.toBeNull();
    expect(Number(covered![2])).toBe(39 * 11);
    expect(Number(covered![1])).toBeGreaterThan(60);
    expect(Number(covered![1])).toBeLessThan(95);
  });

  it("draws the second series with its pairs of model origin and Panama's group", () => {
    const section = sectionHtml(html, 'darien')!;
    expect(section).toContain('Second series: the Darién Gap');
    expect(section).toContain('HTI is Panama’s HTI_BRA_CHL');
    expect(section).not.toContain('VEN is Panama’s');
  });

  it('labels every chart for screen readers with a summary of what it shows', () => {
    const svgs = [...html.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThan(10);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/aria-label="[^"]{20,}"/);
    }
    // a summary with numbers, not only a title
    expect(chartOf(html, 'compare-encounters')).toMatch(/aria-label="Encounters per month, 2026–2030: baseline [\d.,]+[kM]? a month on average, scenario [\d.,]+[kM]?\."/);
  });

  it('names every origin in the encounters legend and the flow diagram', () => {
    const encounters = sectionHtml(html, 'encounters')!;
    const flows = sectionHtml(html, 'flows')!;
    for (const origin of ORIGINS) {
      expect(encounters, origin).toMatch(new RegExp(`<text[^>]*>[^<]*\\(${origin}\\)</text>`));
      expect(flows, origin).toContain(`(${origin})`);
    }
  });

  it('keeps SVG ids unique across charts', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('leads with the scenario, its period and big numbers', () => {
    const headline = sectionHtml(html, 'headline')!;
    expect(html).toContain(`<h1>${SCENARIO_NAME}</h1>`);
    expect(html).toContain('Expulsions resume in June 2025');
    expect(html).toContain('Jan 2021 – Dec 2030');
    expect(headline.match(/class="card"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(headline).toMatch(/vs baseline/);
  });

  it('states one headline window beside every headline: the last five full years, runs and a 90% interval', () => {
    const headline = sectionHtml(html, 'headline')!;
    expect(html).toContain('headline window 2026–2030');
    expect(headline).toContain('the last five full calendar years of the run');
    const encounters = cardOf(headline, 'encounters');
    expect(encounters).toMatch(/2026–2030 total, mean of 3 runs, 90% interval \[[\d.]+M, [\d.]+M\]/);
    // the change against the baseline says it is a 90% interval, over the same years
    expect(encounters).toMatch(/−\d+% vs baseline, 90% interval \[−\d+%, −\d+%\]/);
    expect(encounters).not.toContain('calendar year 2030');
    expect(sectionHtml(html, 'comparison')).toContain('Differences, scenario minus baseline, 2026–2030');
  });

  it('states the scale and marks the figures that rest on fewer than 30 agents', () => {
    expect(html).toContain('1 agent = 100 persons');
    const headline = sectionHtml(html, 'headline')!;
    // about 2,500 deaths in five years at 100 persons per agent: 25 agents
    expect(cardOf(headline, 'deaths')).toMatch(/class="big">[\d,]+†</);
    expect(cardOf(headline, 'encounters')).not.toContain('†');
    expect(headline).toContain('† rests on fewer than 30 agents (3,000 persons at 1 agent = 100 persons)');
    // a relative change against a baseline of fewer than 30 agents is not given
    expect(sectionHtml(html, 'comparison')).toMatch(/Deaths<\/td>(<td class="num">[^<]*<\/td>){4}<td class="num">n\/a<\/td>/);
  });

  it('draws scenario against baseline over the years the levers act, and their difference with its band', () => {
    const comparison = sectionHtml(html, 'comparison')!;
    for (const metric of ['encounters', 'deaths', 'smuggler_revenue_usd', 'waiting_mexico']) {
      const years = axisYears(chartOf(comparison, `compare-${metric}`));
      expect(Math.min(...years), metric).toBe(2026);
      const difference = chartOf(comparison, `difference-${metric}`);
      expect(difference, metric).toContain('scenario − baseline');
      expect(Math.min(...axisYears(difference)), metric).toBe(2026);
      // the band of the paired differences: an area under the line
      expect(difference, metric).toContain('class="mark-area role-mark');
    }
  });

  it('tabulates the comparison with 90% intervals in the unit of the value, the change before the runs', () => {
    const comparison = sectionHtml(html, 'comparison')!;
    expect(comparison).toMatch(/−\d+% <span class="iv">\[−\d+%, −\d+%\]<\/span>/);
    expect(comparison).toMatch(/−\$[\d.]+[MB] <span class="iv">\[−\$[\d.]+[MB], −\$[\d.]+[MB]\]<\/span>/);
    const head = [...comparison.match(/<thead>[\s\S]*?<\/thead>/)![0].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(head.slice(0, 3)).toEqual(['Metric', 'Relative change [90% interval]', 'Absolute change [90% interval]']);
  });

  it('describes each lever from its time values exactly, with its provenance in a column of its own', () => {
    const levers = sectionHtml(html, 'levers')!;
    expect(levers).toContain('<th scope="col">Provenance</th>');
    expect(levers).toContain('<code>enforcement</code>');
    expect(levers).toContain('1.2 from 2025-01-20; then ramp from 1.2 on 2026-01-01 to 1.8 on 2026-12-31');
    expect(levers).toContain('<em>assumption:</em> the baseline path to 2025, then +50% patrol intensity over 2026');
    expect(levers).toContain('<em>source:</em> Proclamation 10773 (2024)');
    expect(levers).toContain('abc1234');
  });

});

describe('sections without data', () => {
  it('are left out of a plain run', async () => {
    const html = await renderReport(await loadReportInput(plainDir));
    for (const id of ['headline', 'encounters', 'dynamics', 'levers']) expect(sectionHtml(html, id), id).toBeDefined();
    for (const id of ['comparison', 'flows', 'sectors', 'sensitivity', 'calibration']) expect(sectionHtml(html, id), id).toBeUndefined();
    expect(html).not.toContain('href="#flows"');
  }, 30_000);
});

describe('writeReport', () => {
  it('writes report.html atomically and leaves no temp file', async () => {
    const file = await writeReport(plainDir, { title: 'Plain run' });
    expect(file).toBe(path.join(plainDir, 'report.html'));
    const entries = await readdir(plainDir);
    expect(entries.sort()).toEqual(['manifest.json', 'monthly.csv', 'report.html']);
    expect(await readFile(file, 'utf8')).toContain('<h1>Plain run</h1>');
  }, 30_000);
});

describe('helpers', () => {
  it('parses quoted CSV fields', () => {
    const rows = parseCsv('scenario,seed,note\r\n"Border, tightened",42,"say ""hi"""\n\nplain,7,\n');
    expect(rows).toEqual([
      { scenario: 'Border, tightened', seed: 42, note: 'say "hi"' },
      { scenario: 'plain', seed: 7, note: '' },
    ]);
  });

  it('reads levers in every value form', () => {
    const rows = leverRows(SCENARIO_TEXT);
    const entries = Object.fromEntries(rows.map((r) => [r.lever, Object.fromEntries(r.entries.map((e) => [e.who, e.value]))]));
    expect(entries.enforcement).toEqual({
      'default (sectors not named)': '1.2 from 2025-01-20; then ramp from 1.2 on 2026-01-01 to 1.8 on 2026-12-31',
      TCA: '4.2',
      EPT: 'ramp from 2 on 2025-01 to 3 on 2026-12',
    });
    expect(entries.paroleCapacityPerMonth['Nicaragua (NIC)']).toBe('expression 7500 * (t < 2025.5) (t: decimal year)');
    expect(entries.asylumCapPerDay['']).toBe('1,500');
    expect(entries.transitEnforcement['Mexico (MEX)']).toBe('0.4');
    expect(entries.expulsionShare['every origin']).toBe('0.6 from 2025-06; then 0.3 from 2027-01');
    expect(rows.find((r) => r.lever === 'paroleCapacityPerMonth')!.provenance).toEqual([{ kind: 'source', text: 'CHNV, 30,000 a month (policy timeline)' }]);
    // a first step that ramps starts from the lever's default, or from `initial`
    expect(describeTimeValue({ steps: [{ from: '2026-01-01', to: '2026-12-31', value: 2 }] }, 1)).toBe('ramp from 1 (the default) on 2026-01-01 to 2 on 2026-12-31');
    expect(describeTimeValue({ initial: 0.5, steps: [{ from: '2026-01', value: 0 }] })).toBe('0.5 at first; then 0 from 2026-01');
    expect(describeTimeValue(1e9)).toBe('no limit');
  });

  it('spaces the flow diagram\'s labels apart, gives shares below 0.1% as such and marks counts of few agents', () => {
    const flows = flowTotals(parseCsv([
      'scenario,seed,origin,route,outcome,persons',
      ...['MEX', 'GTM', 'HND'].flatMap((o) => ['land>TAPACHULA>MEXICO CITY', 'air>MANAGUA>TAPACHULA>MEXICO CITY', 'land>direct'].flatMap((r) =>
        ['entered', 'released', 'paroled', 'removed', 'returned', 'dead', 'in_transit', 'waiting'].map((k, i) => `s,1,${o},${r},${k},${i === 5 ? 30 : i === 6 ? 5 : 400000}`))),
    ].join('\n')));
    const { labels } = flowLayout(flows, 100);
    for (const column of [0, 1, 2]) {
      const ys = labels.filter((l) => l.column === column).map((l) => l.y).sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1], `column ${column}`).toBeGreaterThanOrEqual(13);
    }
    const died = labels.find((l) => l.text.startsWith('Died'))!;
    expect(died.text).toBe('Died · 270† (<0.1%)');
    expect(labels.find((l) => l.text.startsWith('land › Tapachula › Mexico City'))).toBeDefined();
    // a label never runs past the space beside its column
    for (const l of labels) expect(l.text.length * 0.54 * 11, l.text).toBeLessThanOrEqual(l.limit);
  });
});

describe('mean smuggler fee in totals', () => {
  it('is border fees per smuggled crossing, weighted by crossings, not revenue per crossing', async () => {
    const { meanOverSeeds, withMeanFee } = await import('../../src/output/report/data.ts');
    const rows = [
      { seed: '1', month: '2026-01', origin: 'MEX', smuggled: 300, mean_fee_usd: 10000, smuggler_revenue_usd: 9e6 },
      { seed: '1', month: '2026-01', origin: 'HND', smuggled: 100, mean_fee_usd: 6000, smuggler_revenue_usd: 5e6 },
    ];
    const [total] = meanOverSeeds(rows, ['month']);
    expect(withMeanFee(total.values).mean_fee_usd).toBe((300 * 10000 + 100 * 6000) / 400);
  });
});

describe('a sweep report', () => {
  let html: string;
  beforeAll(async () => {
    html = await renderReport(await loadReportInput(sweepDir, { title: 'Sweep lhs-test' }));
    if (process.env.REPORT_SWEEP_EXAMPLE) await writeFile(process.env.REPORT_SWEEP_EXAMPLE, html);
  }, 60_000);

  it('shows the design and the plan: points, replications, parameters with their ranges, outcomes with their expressions', () => {
    expect(html).toContain('Corridor · sweep report');
    const sweep = sectionHtml(html, 'sweep')!;
    expect(sweep).toContain('Latin hypercube, 30 samples');
    expect(sweep).toContain('30 points × 2 replications = 60 runs');
    expect(sweep).toContain('common: every point draws the streams of point 0');
    expect(sweep).toMatch(/<code>enforcement<\/code><\/td><td>lever<\/td><td>0.8 to 2<\/td><td>every sector<\/td>/);
    expect(sweep).toMatch(/<code>feeEnforcementElasticity<\/code><\/td><td>parameter<\/td><td>0.2 to 1.2<\/td>/);
    expect(sweep).toContain('<code>sum(smuggler_revenue_usd[2025])</code>');
    // the report says the rest of it is the base scenario's run
    expect(sweep).toContain('describe the base scenario’s own run');
  });

  it('draws each outcome against each parameter, one point per run', () => {
    const sweep = sectionHtml(html, 'sweep')!;
    for (const outcome of ['encounters_2025', 'revenue_2025']) {
      const chart = chartOf(sweep, `scatter-${outcome}`);
      for (const p of SWEEP_PARAMETERS) expect(chart, `${outcome} × ${p}`).toContain(`>${p}</text>`);
      expect(chart.match(/<path[^>]*d="M-?[\d.]+,-?[\d.]+h/g)?.length ?? chart.match(/role-mark/g)?.length, outcome).toBeGreaterThan(0);
      expect(chart).toMatch(/aria-label="[^"]* against enforcement, feeEnforcementElasticity: 60 runs/);
    }
  });

  it('reads the PRCC and SRC rows of LHS and grid sweeps, with their intervals and R²', () => {
    const sensitivity = sectionHtml(html, 'sensitivity')!;
    expect(sensitivity).toContain('PRCC');
    expect(sensitivity).toContain('SRC, R² 0.83');
    expect(sensitivity).toContain('−0.93 [−0.96, −0.88]');
    expect(sensitivity).toContain('0.55 [0.45, 0.64] (R² 0.83)');
    expect(sensitivity.match(/<svg /g)!.length).toBe(2);
  });

  it('works with the sensitivity.csv of an LHS sweep written before those columns (a header only)', async () => {
    const old = await renderReport(await loadReportInput(oldSweepDir));
    expect(sectionHtml(old, 'sweep')).toContain('chart');
    expect(sectionHtml(old, 'sensitivity')).toBeUndefined();
    expect(old).toContain('Corridor · sweep report');
  });
});

describe.skipIf(!hasChromium)('report.html in a browser', () => {
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'compare', 'report-browser.html');
    await writeFile(file, await renderReport(await loadReportInput(fullDir)));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.goto(`file://${file}`);
    return page;
  }

  it('reads on a phone (390 × 844): nothing wider than the screen, tables scroll in their box, chart text 10 px or more, the change in view', async () => {
    const page = await open(PHONE);
    const seen = await layout(page);
    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/report-phone.png', fullPage: true });
    expect(seen.overflow).toBeLessThanOrEqual(0);
    expect(seen.looseTables).toBe(0);
    expect(seen.smallText.slice(0, 5)).toEqual([]);
    expect(seen.unlabelledCharts).toBe(0);
    // the relative change of the headline window's table is on screen without scrolling the table
    const right = await page.$eval('#comparison table thead th:nth-child(2)', (th) => th.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  it('keeps chart text at 10 px or more on a desktop too', async () => {
    const page = await open({ width: 1280, height: 900 });
    const seen = await layout(page);
    await page.screenshot({ path: 'test-output/report-desktop.png', fullPage: true });
    expect(seen.overflow).toBeLessThanOrEqual(0);
    expect(seen.smallText.slice(0, 5)).toEqual([]);
    await page.close();
  });
});
