import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/output/report/csv.ts';
import { formatChange, formatRelative } from '../../src/output/format.ts';
import { leverRows } from '../../src/output/report/levers.ts';
import { loadReportInput, renderReport, writeReport } from '../../src/output/report/index.ts';

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
  border:
    expulsion_share: { steps: [ { from: 2025-06, value: 0.6 }, { from: 2027-01, value: 0.3 } ] }
    agents_per_sector:
      tucson: 4200
      el_paso: { ramp: { from: 2000, to: 3000, start: 2025-01, end: 2026-12 } }
  asylum:
    cap_per_day: { value: 1500, source: "Proclamation 10773 (2024)" }
  parole:
    capacity_per_month:
      CUB: 7500
      HTI: 7500
      NIC: { expr: "7500 * (t < 2025.5)" }
      VEN: 7500
  mexico:
    transit_enforcement: 0.4
`;

function manifest(name: string, scenarioText: string): object {
  return {
    scenario: name,
    scenarioFile: 'scenarios/tightened.yaml',
    scenarioText,
    scenarioHash: 'sha256:3f5a9c0e',
    seed: 42,
    reps: 1,
    version: '0.1.0',
    gitCommit: 'abc1234',
    startedAt: '2025-01-01T10:00:00Z',
    finishedAt: '2025-01-01T10:02:13Z',
    parameters: {},
    command: 'corridor run scenarios/tightened.yaml --seed 42',
  };
}

async function writeRunFolder(dir: string, name: string, run: RunTables, opts: { full: boolean; scenarioText: string }): Promise<void> {
  await mkdir(dir, { recursive: true });
  const monthlyRows = run.monthly.map((r) => [name, 42, r.month, r.origin, ...MONTHLY_COLUMNS.slice(4).map((c) => r.m[c])]);
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
      rows.push([month, origin, Math.round(sim * (0.85 + 0.3 * rand())), Math.round(sim), Math.round(sim * 0.88), Math.round(sim * 1.12)]);
    });
  }
  await writeFile(path.join(dir, 'fit.csv'), toCsv(['month', 'origin', 'observed', 'simulated', 'sim_p05', 'sim_p95'], rows));
}

// ---------------------------------------------------------------------------------------------

let tmp: string;
let fullDir: string; // a comparison folder that also carries sweep and calibration outputs
let plainDir: string; // a single run: monthly.csv and manifest.json only

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'corridor-report-'));
  fullDir = path.join(tmp, 'compare');
  plainDir = path.join(tmp, 'plain');
  const baseline = makeRun(false, 42);
  const scenario = makeRun(true, 42);
  await writeRunFolder(path.join(fullDir, 'baseline'), 'baseline', baseline, { full: true, scenarioText: 'name: baseline\nlevers: {}\n' });
  await writeRunFolder(path.join(fullDir, 'scenario'), SCENARIO_NAME, scenario, { full: true, scenarioText: SCENARIO_TEXT });
  await writeComparison(fullDir, baseline, scenario);
  await writeSensitivity(fullDir);
  await writeFit(fullDir);
  await writeRunFolder(plainDir, SCENARIO_NAME, scenario, { full: false, scenarioText: SCENARIO_TEXT });
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

const CHART_SECTIONS = ['encounters', 'comparison', 'dynamics', 'flows', 'sectors', 'sensitivity', 'calibration'];

describe('report.html', () => {
  let html: string;
  let renderMs: number;

  beforeAll(async () => {
    const input = await loadReportInput(fullDir);
    const t0 = performance.now();
    html = await renderReport(input);
    renderMs = performance.now() - t0;
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
      expect(section, id).toContain('<figcaption');
    }
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
    expect(headline).toContain('calendar year 2030');
    expect(headline).toMatch(/vs baseline/);
  });

  it('tabulates the comparison with intervals', () => {
    const comparison = sectionHtml(html, 'comparison')!;
    expect(comparison).toMatch(/−\d+% \[−\d+, −\d+\]/);
    expect(comparison).toMatch(/\$[\d.]+[MB] \[[+−][\d.]+, [+−][\d.]+\]/);
  });

  it('lists the levers and the manifest', () => {
    const levers = sectionHtml(html, 'levers')!;
    expect(levers).toContain('border.expulsion_share');
    expect(levers).toContain('0.6 from 2025-06 → 0.3 from 2027-01');
    expect(levers).toContain('Proclamation 10773 (2024)');
    expect(levers).toContain('abc1234');
  });

  it('renders 10 years × 11 origins in well under 5 s', () => {
    expect(renderMs).toBeLessThan(5000);
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

  it('formats changes with their interval in one unit', () => {
    expect(formatRelative(-0.41, -0.45, -0.37)).toBe('−41% [−45, −37]');
    expect(formatChange(1.2e9, 0.9e9, 1.6e9, true)).toBe('+$1.2B [+0.9, +1.6]');
  });

  it('reads levers in every value form', () => {
    const rows = leverRows(SCENARIO_TEXT);
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r.value]));
    expect(byPath['border.agents_per_sector']).toBe('tucson: 4,200; el_paso: ramp 2,000 → 3,000, 2025-01 to 2026-12');
    expect(byPath['parole.capacity_per_month']).toContain('NIC: expr: 7500 * (t < 2025.5)');
    expect(byPath['asylum.cap_per_day']).toBe('1,500');
    expect(byPath['mexico.transit_enforcement']).toBe('0.4');
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
