// The classroom page in a real browser (Debian's chromium driven by playwright-core): load it,
// move levers, run, see the charts change, export the what-if, and check that `corridor compare
// --reps 1` of the exported file gives the numbers the page shows, year by year, for both lines;
// then import a nowcast and check that both lines start from it, coincide until the what-if's
// levers act, and equal `corridor compare --from` of the same files.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/output/report/csv.ts';
import { buildWeb, writeWeb } from '../../src/web/build.ts';
import type { Site } from '../../src/web/build.ts';
import { serve } from '../../src/web/server.ts';
import type { Serving } from '../../src/web/server.ts';
import { CHROMIUM, hasChromium, launchChromium, layout, PHONE } from '../helpers/browser.ts';
import { corridorAsync } from '../helpers/cli.ts';
import { smallNowcast } from '../helpers/nowcast.ts';
import { exportStates } from '../../src/run/nowcastStates.ts';
import type { MonthPoint } from '../../src/web/summary.ts';

if (!hasChromium) console.log(`tests/web/classroom.test.ts: skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does this)`);

const SHOT = 'test-output/classroom.png';
const PHONE_SHOT = 'test-output/classroom-phone.png';
const NOWCAST_SHOT = 'test-output/classroom-nowcast.png';

let site: Site;
let serving: Serving;
let browser: Browser;
let page: Page;
let work: string;

type Years = Record<string, number>;

/** The page's year table: metric → year → value, for one run. */
async function pageYears(p: Page, runName: string, metric: string): Promise<Years> {
  return p.$$eval(`#years td[data-run="${runName}"][data-metric="${metric}"][data-value]`, (cells) =>
    Object.fromEntries(cells.map((c) => [(c as HTMLElement).dataset.year!, Number((c as HTMLElement).dataset.value)])),
  );
}

async function chartSvg(p: Page, id: string): Promise<string> {
  return p.$eval(`#chart-${id} svg`, (svg) => svg.outerHTML);
}

describe.skipIf(!hasChromium)('classroom page in a browser', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'corridor-classroom-'));
    site = await buildWeb();
    serving = await serve(site, { port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await serving?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs a what-if live and matches `corridor compare --reps 1` of its export', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(serving.url);
    // the page runs the baseline by itself on load
    await page.waitForFunction(() => ['baseline', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
    expect(await page.textContent('#status')).toContain('Baseline ready');
    const presets = await page.$$eval('#presets button', (bs) => bs.map((b) => b.textContent));
    expect(presets).toContain('baseline');
    expect(presets).toContain('stricter-border');
    // each lever explains itself with the text of LEVERS
    expect(await page.textContent('[data-control="enforcement"] .about')).toContain('FY2020');

    const before = { svg: await chartSvg(page, 'encounters'), rows: await page.evaluate(() => (window as any).corridorCharts()) };
    const baselineYears = await pageYears(page, 'baseline', 'encounters');

    // move levers: stronger enforcement everywhere, and a violence shock in Honduras
    await page.locator('#lever-enforcement').fill('2.5');
    await page.selectOption('[data-control="violence"] select', 'HND');
    await page.locator('#lever-violence').fill('2.5');
    expect(await page.textContent('[data-control="enforcement"] output')).toBe('×2.50');
    expect(await page.textContent('[data-control="violence"] .moved-list')).toContain('Honduras');

    const progress: { rows: number; bar: string }[] = [];
    await page.exposeFunction('corridorProgress', (rows: number, bar: string) => progress.push({ rows, bar }));
    await page.evaluate(() => {
      // read the what-if chart and its progress bar at every change of the page while it runs
      // (a mutation observer, not a timer: a timer starves on a loaded machine)
      const observer = new MutationObserver(() => {
        const bar = document.querySelector<HTMLElement>('.progress[data-run="what-if"] span')?.style.width ?? '';
        (window as any).corridorProgress((window as any).corridorCharts().encounters as number, bar);
        if (document.body.dataset.state === 'done') observer.disconnect();
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    });
    const started = Date.now();
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(await page.getAttribute('body', 'data-state')).toBe('done');
    // reported, not asserted: speed is the bench's business
    console.log(`classroom what-if run: ${seconds.toFixed(1)} s in the browser (model ${await page.getAttribute('body', 'data-whatif-ms')} ms)`);

    // the charts changed: a second line, drawn while the weeks passed
    const after = { svg: await chartSvg(page, 'encounters'), rows: await page.evaluate(() => (window as any).corridorCharts()) };
    expect(after.svg).not.toBe(before.svg);
    expect(after.rows.encounters).toBe(2 * before.rows.encounters);
    // drawn while the weeks passed: the page redraws (charts and progress bar, one frame) on the
    // worker's monthly messages. The bar counts every week of the run; the chart shows only its
    // last years, which a fast machine fills within a frame or two, so the steps are read on the
    // bar (counting the chart's was flaky: 1 run in 8 saw none) and the chart's rows only grow
    const partial = new Set(progress.map((p) => p.bar).filter((w) => w !== '' && w !== '0%' && w !== '100%'));
    expect(partial.size, 'the page redrew while the model ran').toBeGreaterThan(2);
    for (let k = 1; k < progress.length; k++) expect(progress[k].rows).toBeGreaterThanOrEqual(progress[k - 1].rows);

    // export: the YAML shown on the page (and offered as a download)
    const download = page.waitForEvent('download');
    await page.click('#export');
    expect((await download).suggestedFilename()).toBe('baseline-what-if.yaml');
    const yaml = (await page.textContent('#yaml'))!;
    expect(yaml).toContain('name: baseline-what-if');
    expect(yaml).not.toMatch(/^extends:/m);
    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });

    // saved in a folder laid out like scenarios/ (data beside it), as the page tells the user
    const scenarios = join(work, 'scenarios');
    await mkdir(scenarios);
    await symlink(resolve('scenarios/data'), join(scenarios, 'data'), 'dir');
    const file = join(scenarios, 'baseline-what-if.yaml');
    await writeFile(file, yaml);

    const validated = await corridorAsync('validate', '--strict', file);
    expect(validated.status, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('ok:');

    // the page runs both lines on common random numbers, as `corridor compare --reps 1`
    const out = join(work, 'out');
    const compared = await corridorAsync('compare', resolve('scenarios/baseline.yaml'), file, '--reps', '1', '--seed', '1', '--scale', '100', '--out', out, '--quiet', '--workers', '1');
    expect(compared.status, compared.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'scenario', 'manifest.json'), 'utf8'));
    expect(manifest.scenarioHash).toBe(await page.getAttribute('body', 'data-whatif-hash'));
    expect(manifest.streams[0]).toBe(await page.getAttribute('body', 'data-whatif-seed'));

    const nodeYears = async (arm: string): Promise<Years> => {
      const annual = parseCsv(await readFile(join(out, arm, 'annual.csv'), 'utf8'));
      const years: Years = {};
      for (const row of annual) {
        const period = String(row.period);
        if (period.startsWith('CY')) years[period.slice(2)] = (years[period.slice(2)] ?? 0) + Number(row.encounters);
      }
      return years;
    };
    const node = await nodeYears('scenario');
    const shown = await pageYears(page, 'what-if', 'encounters');
    expect(Object.keys(shown).length).toBe(11);
    for (const [year, value] of Object.entries(shown)) expect(value, `encounters ${year}`).toBeCloseTo(node[year], 6);
    // the levers bite: fewer encounters than the baseline once they apply
    expect(shown['2027']).toBeLessThan(baselineYears['2027']);
    // and the page's baseline is the comparison's baseline arm; before 2026 the two lines agree
    const nodeBase = await nodeYears('baseline');
    for (const [year, value] of Object.entries(baselineYears)) expect(value, `baseline ${year}`).toBeCloseTo(nodeBase[year], 6);
    for (const year of ['2020', '2021', '2022', '2023', '2024']) expect(shown[year], `common random numbers ${year}`).toBe(baselineYears[year]);
    expect(errors).toEqual([]);
  });

  it('states the headline window and the scale beside the cards, and formats them as the reports do', async () => {
    const titles = await page.$$eval('#cards .card-title', (ts) => ts.map((t) => t.textContent));
    expect(titles).toEqual(['Encounters, 2026–2030', 'Deaths, 2026–2030', 'Smuggler revenue, 2026–2030']);
    expect(await page.textContent('#results-note')).toContain('the last five full calendar years of the run');
    expect(await page.textContent('#results-note')).toContain('1 agent = 100 persons');
    // one formatter: lower-case k as on the axes, never "786.8K"
    const shown = await page.$$eval('#cards .what-if, #cards .card-base, #years td', (cs) => cs.map((c) => c.textContent ?? ''));
    expect(shown.join(' ')).not.toMatch(/\d[KM]\b(?<!M)|\d\.\dK/);
    expect(shown.some((t) => /^\d+k†?$/.test(t))).toBe(true);
  });

  it('draws the runs over the years the levers act, and their difference', async () => {
    const years = await page.$$eval('#chart-encounters svg text', (ts) => ts.map((t) => t.textContent ?? '').filter((t) => /^20\d\d$/.test(t)).map(Number));
    expect(Math.min(...years)).toBe(2026);
    expect(Math.max(...years)).toBe(2030);
    const rows = await page.evaluate(() => (window as any).corridorCharts());
    expect(rows.difference).toBe(60);
    // the gap is visible: the encounters axis tops out near the window's own values, not the 2021–2023 peak of ~220k
    const ticks = await page.$$eval('#chart-encounters svg .role-axis-label text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(ticks.some((t) => /^(200k|220k|250k)$/.test(t))).toBe(false);
  });

  it('labels its charts for screen readers and tells the value of each slider', async () => {
    for (const id of ['encounters', 'difference', 'waiting', 'revenue', 'deaths']) {
      const svg = page.locator(`#chart-${id} svg`);
      expect(await svg.getAttribute('role'), id).toBe('img');
      expect(await svg.getAttribute('aria-label'), id).toMatch(/2026–2030: .*(baseline|a month on average)/);
    }
    expect(await page.getAttribute('#lever-enforcement', 'aria-valuetext')).toBe('×2.50');
    expect(await page.getAttribute('#lever-remainInMexico', 'aria-valuetext')).toBe(await page.textContent('[data-control="remainInMexico"] output'));
  });

  it('shows a preset\'s levers as they stand in the headline window, not at its start', async () => {
    await page.click('button[data-preset="scenarios/stricter-border.yaml"]');
    await page.waitForFunction(() => document.querySelector('[data-control="enforcement"] output')?.textContent === '×1.80', null, { timeout: 10_000 });
    expect(await page.textContent('[data-control="enforcement"] .preset-path')).toBe('The preset: ×1.21 in Jan 2026, ×1.80 from Jan 2027 (the slider shows the value in force in 2026–2030).');
    expect(await page.textContent('[data-control="barriers"] output')).toBe('×2.00');
    await page.click('button[data-preset="scenarios/baseline.yaml"]');
    await page.waitForFunction(() => document.querySelector('[data-control="enforcement"] output')?.textContent === '×1.20', null, { timeout: 10_000 });
    expect(await page.textContent('[data-control="enforcement"] .preset-path')).toBe('');
  });

  it('reads on a phone (390 × 844) and brings the results into view after Run', async () => {
    const phone = await browser.newPage({ viewport: PHONE });
    try {
      await phone.goto(serving.url);
      await phone.waitForFunction(() => ['baseline', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await phone.evaluate(() => document.querySelector('.results')!.getBoundingClientRect().top)).toBeGreaterThan(PHONE.height);
      await phone.locator('#lever-enforcement').fill('2');
      await phone.click('#run');
      await phone.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 30_000 });
      await phone.waitForFunction(() => Math.abs(document.querySelector('.results')!.getBoundingClientRect().top) < 40, null, { timeout: 5_000 });
      const seen = await layout(phone);
      await phone.screenshot({ path: PHONE_SHOT, fullPage: true });
      expect(seen.overflow).toBeLessThanOrEqual(0);
      expect(seen.looseTables).toBe(0);
      expect(seen.smallText.slice(0, 5)).toEqual([]);
      expect(seen.unlabelledCharts).toBe(0);
      // the cards sit inside the screen
      const right = await phone.$$eval('#cards .card', (cs) => Math.max(...cs.map((c) => c.getBoundingClientRect().right)));
      expect(right).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await phone.close();
    }
  });

  it('opened from file:// says that it needs `npx corridor serve`, instead of loading forever', async () => {
    const dir = join(work, 'static');
    await writeWeb(site, dir);
    const local = await browser.newPage();
    try {
      await local.goto(`file://${join(dir, 'index.html')}`);
      await local.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 10_000 });
      expect(await local.textContent('#status')).toContain('npx corridor serve');
      expect(await local.isDisabled('#run')).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('imports a nowcast: both runs start from its state, coincide until the levers act, and equal `corridor compare --from`', async () => {
    const now = await smallNowcast(work); // baseline.yaml, 2025-01..2025-06 assimilated, 200 persons per agent
    const file = join(work, 'now.json');
    exportStates(now.out, file, 4);
    const p = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    try {
      await p.goto(serving.url);
      await p.waitForFunction(() => document.body.dataset.state === 'baseline', null, { timeout: 30_000 });
      await p.setInputFiles('#nowcast', file);
      await p.waitForFunction(() => document.body.dataset.nowcast === '2025-06' && ['baseline', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await p.textContent('#status')).toContain('Baseline ready');
      expect(await p.textContent('#nowcast-about')).toContain('Starting from the nowcast of Jun 2025 (200 persons per agent)');
      expect(await p.inputValue('#scale')).toBe('200');
      expect(await p.isDisabled('#scale')).toBe(true);

      await p.locator('#lever-enforcement').fill('2.5');
      await p.click('#run');
      await p.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await p.getAttribute('body', 'data-state'), await p.textContent('#status') ?? '').toBe('done');
      const runs = (await p.evaluate(() => (window as any).corridorRuns())) as Record<string, MonthPoint[]>;
      const base = runs.baseline;
      const what = runs['what-if'];
      // the charts show the months from the nowcast's last on
      expect(base[0].month).toBe('2025-06');
      expect(what.map((m) => m.month)).toEqual(base.map((m) => m.month));
      expect((await p.evaluate(() => (window as any).corridorCharts())).encounters).toBe(2 * base.filter((m) => m.month <= '2030-12').length);
      // the levers apply from 2026-01 (the week of 2025-12-30 carries them): the same lines before, different after
      base.forEach((b, i) => {
        if (b.month < '2025-12') expect(what[i], b.month).toEqual(b);
        if (b.month >= '2026-02') expect(what[i].encounters, b.month).not.toBe(b.encounters);
      });

      await mkdir('test-output', { recursive: true });
      await p.screenshot({ path: NOWCAST_SHOT, fullPage: true });

      // the exported what-if says how to get the same numbers: compare --from the same export
      await p.click('#export');
      await p.waitForFunction(() => !document.getElementById('yaml-box')!.hidden, null, { timeout: 10_000 });
      const yaml = (await p.textContent('#yaml'))!;
      expect(yaml).toContain('--from now.json --reps 1 --seed 1 --scale 200');
      const scenarios = join(work, 'scenarios-now');
      await mkdir(scenarios);
      await symlink(resolve('scenarios/data'), join(scenarios, 'data'), 'dir');
      const whatIf = join(scenarios, 'baseline-what-if.yaml');
      await writeFile(whatIf, yaml);
      const out = join(work, 'out-now');
      const compared = await corridorAsync('compare', resolve('scenarios/baseline.yaml'), whatIf, '--from', file, '--reps', '1', '--seed', '1', '--scale', '200', '--out', out, '--quiet', '--workers', '1');
      expect(compared.status, compared.stderr).toBe(0);
      const monthly = async (arm: string) => {
        const totals = new Map<string, number>();
        for (const row of parseCsv(await readFile(join(out, arm, 'monthly.csv'), 'utf8'))) totals.set(String(row.month), (totals.get(String(row.month)) ?? 0) + Number(row.encounters));
        return totals;
      };
      const [nodeBase, nodeWhat] = [await monthly('baseline'), await monthly('scenario')];
      for (const m of base) expect(m.encounters, `baseline ${m.month}`).toBeCloseTo(nodeBase.get(m.month)!, 6);
      for (const m of what) expect(m.encounters, `what-if ${m.month}`).toBeCloseTo(nodeWhat.get(m.month)!, 6);
      expect(errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
