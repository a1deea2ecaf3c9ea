// The classroom page: presets, levers, run/reset/export, live charts and a table of years.
// The model runs in Web Workers (worker.ts); this file only draws and keeps the page's state.
import { ORIGIN_NAMES } from '../../model/entities.ts';
import type { OriginCode } from '../../model/entities.ts';
import { entitiesOf, LEVERS } from '../../model/levers.ts';
import { signedPercent } from '../../output/format.ts';
import { CONTROLS, controlAbout, controlLabel, sliderPosition, sliderValue } from '../controls.ts';
import type { Control } from '../controls.ts';
import type { MonthPoint, YearTotals } from '../summary.ts';
import { yearTotals } from '../summary.ts';
import type { LeverChange } from '../whatIf.ts';
import { Chart, CHARTS, RUN_COLOURS } from './charts.ts';
import type { RunName } from './charts.ts';
import type { FromWorker, PresetInfo, ToWorker, WhatIfRequest } from './protocol.ts';

/** Weeks between progress messages: about monthly, so the lines grow smoothly. */
const EVERY_WEEKS = 4;
/** persons per agent offered; fewer persons per agent is slower and less noisy */
const SCALES = [50, 100, 250, 1000];
const DEFAULT_SCALE = 100;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

// ---------------------------------------------------------------------------------------------
// Workers: one answers questions about presets and exports; one runs the baseline, one the
// what-if, side by side. A run still going when a new one starts is stopped by replacing its
// worker (the core runs in a loop that does not read messages).

class ModelWorker {
  private worker: Worker;
  private listeners = new Set<(m: FromWorker) => void>();
  busy = false;
  constructor() {
    this.worker = this.start();
  }
  private start(): Worker {
    const w = new Worker('worker.js');
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      for (const l of [...this.listeners]) l(e.data);
    };
    w.onerror = (e) => {
      for (const l of [...this.listeners]) l({ type: 'error', message: e.message || 'the model worker failed' });
    };
    return w;
  }
  restart(): void {
    this.worker.terminate();
    this.worker = this.start();
    this.busy = false;
  }
  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }
  /** Sends a question and resolves with the first answer of the given type. */
  ask<T extends FromWorker['type']>(m: ToWorker, answer: T): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const l = (r: FromWorker) => {
        if (r.type === answer) {
          this.listeners.delete(l);
          resolve(r as Extract<FromWorker, { type: T }>);
        } else if (r.type === 'error' && r.id === undefined) {
          this.listeners.delete(l);
          reject(new Error(r.message));
        }
      };
      this.listeners.add(l);
      this.send(m);
    });
  }
  listen(l: (m: FromWorker) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

// ---------------------------------------------------------------------------------------------
// State

interface RunState {
  months: MonthPoint[];
  done: boolean;
  week: number;
  weeks: number;
  key: string;
  hash?: string;
  seed?: string;
  ms?: number;
  buildMs?: number;
}

const state = {
  presets: [] as PresetInfo[],
  preset: 'scenarios/baseline.yaml',
  from: '2026-01',
  seed: 1,
  scale: DEFAULT_SCALE,
  /** the preset's lever values in the week `from` takes effect, by lever then entity index */
  initial: {} as Record<string, number[]>,
  /** values moved on the page: control id → entity ('*' for all) → value */
  moved: new Map<string, Map<string, number>>(),
  picked: new Map<string, string>(),
  runs: {} as Partial<Record<RunName, RunState>>,
  runId: 0,
};

const control = new ModelWorker();
const runners: Record<RunName, ModelWorker> = { baseline: new ModelWorker(), 'what-if': new ModelWorker() };
let charts: Chart[] = [];

function presetInfo(): PresetInfo | undefined {
  return state.presets.find((p) => p.file === state.preset);
}

/** The preset's value for a control: one entity, or the mean of those it sets together. */
function initialValue(c: Control, entity?: string): number {
  const values = state.initial[c.lever];
  if (!values) return LEVERS[c.lever].default;
  const all = entitiesOf(LEVERS[c.lever].scope);
  if (all.length === 0) return values[0];
  const of = entity ? [entity] : (c.entities ?? all);
  const picked = of.map((e) => values[all.indexOf(e)]);
  return picked.reduce((a, b) => a + b, 0) / picked.length;
}

function currentValue(c: Control, entity = '*'): number {
  return state.moved.get(c.id)?.get(entity) ?? initialValue(c, entity === '*' ? undefined : entity);
}

function changes(): LeverChange[] {
  const out: LeverChange[] = [];
  for (const c of CONTROLS) {
    const moved = state.moved.get(c.id);
    if (!moved) continue;
    for (const [entity, value] of moved) {
      if (entity === '*') out.push({ lever: c.lever, ...(c.entities ? { entities: [...c.entities] } : {}), value });
      else out.push({ lever: c.lever, entities: [entity], value });
    }
  }
  return out;
}

function whatIfRequest(): WhatIfRequest {
  return { preset: state.preset, changes: changes(), from: state.from, seed: state.seed, scale: state.scale };
}

// ---------------------------------------------------------------------------------------------
// Levers panel

function renderPresets(): void {
  const box = $('presets');
  box.replaceChildren(
    ...state.presets.map((p) => {
      const b = el('button', { type: 'button', class: p.file === state.preset ? 'preset active' : 'preset', 'data-preset': p.file, title: p.description ?? p.name }, p.name);
      b.addEventListener('click', () => void choosePreset(p.file).catch(showError));
      return b;
    }),
  );
  $('preset-about').textContent = presetInfo()?.description ?? '';
}

function leverRow(c: Control): HTMLElement {
  const id = `lever-${c.id}`;
  const spec = LEVERS[c.lever];
  const output = el('output', { for: id });
  const label = el('label', { for: id }, controlLabel(c), ...(c.qualifier ? [' ', el('small', {}, c.qualifier)] : []));
  const head = el('div', { class: 'lever-head' }, label, output);
  const row = el('div', { class: 'lever', 'data-control': c.id });
  let input: HTMLInputElement;
  let select: HTMLSelectElement | undefined;
  let movedList: HTMLElement | undefined;
  const entity = () => (c.pick ? (state.picked.get(c.id) ?? c.pick[0]) : '*');
  const sync = () => {
    const v = currentValue(c, entity());
    if (c.kind === 'switch') input.checked = v > 0;
    else input.value = String(sliderPosition(c, v));
    output.textContent = c.format(v);
    const moved = state.moved.get(c.id);
    row.classList.toggle('moved', !!moved && moved.size > 0);
    if (movedList) {
      movedList.textContent = moved && moved.size
        ? `Moved: ${[...moved].map(([e, x]) => `${ORIGIN_NAMES[e as OriginCode] ?? e} ${c.format(x)}`).join(', ')}`
        : '';
    }
  };
  const set = (v: number) => {
    const e = entity();
    let moved = state.moved.get(c.id);
    if (!moved) state.moved.set(c.id, (moved = new Map()));
    if (Math.abs(v - initialValue(c, e === '*' ? undefined : e)) < 1e-9) moved.delete(e);
    else moved.set(e, v);
    if (moved.size === 0) state.moved.delete(c.id);
    sync();
    markStale();
  };
  if (c.kind === 'switch') {
    input = el('input', { type: 'checkbox', role: 'switch', id, class: 'switch' });
    input.addEventListener('change', () => set(input.checked ? (c.onValue ?? 1) : 0));
    head.prepend(input);
  } else {
    input = el('input', { type: 'range', id, min: String(c.min), max: String(c.max), step: String(c.step) });
    input.addEventListener('input', () => set(sliderValue(c, Number(input.value))));
  }
  row.append(head);
  if (c.pick) {
    select = el('select', { 'aria-label': `${controlLabel(c)}: country` });
    for (const e of c.pick) select.append(el('option', { value: e }, ORIGIN_NAMES[e as OriginCode] ?? e));
    select.addEventListener('change', () => {
      state.picked.set(c.id, select!.value);
      sync();
    });
    row.append(el('div', { class: 'pick' }, select, input));
    movedList = el('div', { class: 'moved-list' });
    row.append(movedList);
  } else if (c.kind !== 'switch') row.append(input);
  const unit = c.kind === 'switch' ? '' : ` Unit: ${spec.unit}.`;
  row.append(el('p', { class: 'about' }, controlAbout(c) + unit));
  (row as HTMLElement & { sync?: () => void }).sync = sync;
  sync();
  return row;
}

function renderLevers(): void {
  $('levers').replaceChildren(...CONTROLS.map(leverRow));
}

function syncLevers(): void {
  document.querySelectorAll<HTMLElement & { sync?: () => void }>('.lever').forEach((row) => row.sync?.());
}

async function loadInitial(): Promise<void> {
  const answer = await control.ask({ type: 'levers', preset: state.preset, from: state.from }, 'levers');
  state.initial = answer.values;
  syncLevers();
}

async function choosePreset(file: string): Promise<void> {
  state.preset = file;
  state.moved.clear();
  state.seed = presetInfo()?.seed ?? 1;
  ($('seed') as HTMLInputElement).value = String(state.seed);
  renderPresets();
  await loadInitial();
  markStale();
}

function markStale(): void {
  const w = state.runs['what-if'];
  document.body.dataset.stale = w ? 'yes' : 'no';
  if (w?.done) setStatus('Levers changed: press Run to see the what-if.');
  $('yaml-box').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Runs

function setStatus(text: string): void {
  $('status').textContent = text;
}

function showError(err: unknown): void {
  setStatus(`The model could not do that: ${err instanceof Error ? err.message : String(err)}`);
}

let drawQueued = false;
function redraw(): void {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    const runs: Partial<Record<RunName, MonthPoint[]>> = {};
    for (const r of ['baseline', 'what-if'] as RunName[]) if (state.runs[r]) runs[r] = state.runs[r]!.months;
    for (const chart of charts) void chart.update(runs, state.from);
    renderProgress();
  });
}

function renderProgress(): void {
  for (const r of ['baseline', 'what-if'] as RunName[]) {
    const run = state.runs[r];
    const bar = document.querySelector<HTMLElement>(`.progress[data-run="${r}"] span`);
    if (bar) bar.style.width = run ? `${(100 * run.week) / Math.max(1, run.weeks)}%` : '0%';
  }
}

function startRun(name: RunName, key: string, whatIf?: WhatIfRequest): Promise<RunState> {
  const runner = runners[name];
  if (runner.busy) runner.restart();
  runner.busy = true;
  const id = ++state.runId;
  const run: RunState = { months: [], done: false, week: 0, weeks: 1, key };
  state.runs[name] = run;
  redraw();
  return new Promise((resolve, reject) => {
    const stop = runner.listen((m) => {
      if (m.type === 'error') {
        stop();
        runner.busy = false;
        reject(new Error(m.message));
        return;
      }
      if ((m.type !== 'progress' && m.type !== 'done') || m.id !== id) return;
      run.months.push(...m.months);
      run.week = m.week;
      run.weeks = m.weeks;
      if (m.type === 'done') {
        stop();
        runner.busy = false;
        Object.assign(run, { done: true, hash: m.hash, seed: m.seed, ms: m.ms, buildMs: m.buildMs });
        resolve(run);
      }
      redraw();
    });
    runner.send({ type: 'run', id, preset: whatIf ? state.preset : 'scenarios/baseline.yaml', whatIf, seed: state.seed, scale: state.scale, everyWeeks: EVERY_WEEKS });
  });
}

async function runAll(): Promise<void> {
  const baseKey = `${state.seed}|${state.scale}`;
  const request = whatIfRequest();
  document.body.dataset.state = 'running';
  document.body.dataset.stale = 'no';
  $('yaml-box').hidden = true;
  setStatus('Running…');
  ($('run') as HTMLButtonElement).disabled = true;
  const started = performance.now();
  try {
    const base = state.runs.baseline;
    const baseline = base?.done && base.key === baseKey ? Promise.resolve(base) : startRun('baseline', baseKey, undefined);
    const [b, w] = await Promise.all([baseline, startRun('what-if', JSON.stringify(request), request)]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    renderTable();
    document.body.dataset.state = 'done';
    document.body.dataset.whatifHash = w.hash ?? '';
    document.body.dataset.whatifSeed = w.seed ?? '';
    document.body.dataset.whatifMs = String(Math.round(w.ms ?? 0));
    document.body.dataset.baselineMs = String(Math.round(b.ms ?? 0));
    document.body.dataset.whatifBuildMs = String(Math.round(w.buildMs ?? 0));
    setStatus(`Done in ${seconds} s: ${w.weeks} weeks at ${fmt.format(state.scale)} persons per agent (the model took ${((w.ms ?? 0) / 1000).toFixed(1)} s).`);
  } catch (err) {
    document.body.dataset.state = 'error';
    setStatus(`The model stopped: ${(err as Error).message}`);
  } finally {
    ($('run') as HTMLButtonElement).disabled = false;
  }
}

async function runBaselineOnly(): Promise<void> {
  document.body.dataset.state = 'running';
  setStatus('Running the baseline…');
  try {
    await startRun('baseline', `${state.seed}|${state.scale}`);
    renderTable();
    document.body.dataset.state = 'baseline';
    setStatus('Baseline ready. Move a lever and press Run to add your what-if.');
  } catch (err) {
    document.body.dataset.state = 'error';
    setStatus(`The model stopped: ${(err as Error).message}`);
  }
}

function reset(): void {
  for (const r of ['what-if'] as RunName[]) {
    if (runners[r].busy) runners[r].restart();
    delete state.runs[r];
  }
  state.moved.clear();
  state.from = '2026-01';
  ($('from') as HTMLInputElement).value = state.from;
  void loadInitial().catch(showError);
  $('yaml-box').hidden = true;
  document.body.dataset.state = state.runs.baseline?.done ? 'baseline' : 'idle';
  redraw();
  renderTable();
  setStatus('Levers back to the preset. Press Run for a what-if.');
}

async function exportYaml(): Promise<void> {
  const answer = await control.ask({ type: 'export', whatIf: whatIfRequest() }, 'yaml');
  const pre = $('yaml');
  pre.textContent = answer.text;
  $('yaml-name').textContent = `scenarios/${answer.name}.yaml`;
  $('yaml-box').hidden = false;
  ($('yaml-box') as HTMLDetailsElement).open = true;
  const url = URL.createObjectURL(new Blob([answer.text], { type: 'text/yaml' }));
  const a = el('a', { href: url, download: `${answer.name}.yaml` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------------------------------------
// Results: headline cards and the table of years

function totals(run: RunState | undefined, fromYear: number): YearTotals[] {
  return run?.done ? yearTotals(run.months).filter((y) => y.year >= fromYear) : [];
}

function change(a: number, b: number): string {
  if (!(a > 0)) return '';
  const r = (b - a) / a;
  return `${signedPercent(r)}%`;
}

function renderCards(): void {
  const fromYear = Number(state.from.slice(0, 4));
  const base = totals(state.runs.baseline, fromYear);
  const what = totals(state.runs['what-if'], fromYear);
  const sum = (ys: YearTotals[], k: keyof YearTotals) => ys.reduce((s, y) => s + (y[k] as number), 0);
  const last = base.length ? base[base.length - 1].year : undefined;
  const span = last ? `${fromYear}–${last}` : '';
  const card = (title: string, k: keyof YearTotals, money = false) => {
    const a = sum(base, k);
    const b = sum(what, k);
    const show = (x: number) => (money ? `$${compact.format(x)}` : compact.format(x));
    return el('div', { class: 'card', 'data-metric': k },
      el('div', { class: 'card-title' }, `${title}, ${span}`),
      el('div', { class: 'card-values' },
        el('span', { class: 'what-if' }, what.length ? show(b) : '—'),
        el('span', { class: 'delta' }, what.length ? change(a, b) : ''),
      ),
      el('div', { class: 'card-base' }, base.length ? `baseline ${show(a)}` : ''),
    );
  };
  $('cards').replaceChildren(card('Encounters', 'encounters'), card('Deaths', 'deaths'), card('Smuggler revenue', 'smugglerRevenueUsd', true));
}

function renderTable(): void {
  renderCards();
  const base = state.runs.baseline?.done ? yearTotals(state.runs.baseline.months) : [];
  const what = state.runs['what-if']?.done ? yearTotals(state.runs['what-if'].months) : [];
  const years = [...new Set([...base, ...what].map((y) => y.year))].sort();
  const fromYear = Number(state.from.slice(0, 4));
  const cols: { key: keyof YearTotals; label: string; money?: boolean }[] = [
    { key: 'encounters', label: 'Encounters' },
    { key: 'deaths', label: 'Deaths' },
    { key: 'smugglerRevenueUsd', label: 'Smuggler revenue', money: true },
    { key: 'meanFeeUsd', label: 'Mean fee', money: true },
  ];
  const head1 = el('tr', {}, el('th', { rowspan: '2', scope: 'col' }, 'Year'), ...cols.map((c) => el('th', { colspan: c.key === 'encounters' ? '3' : '2', scope: 'colgroup' }, c.label)));
  const head2 = el('tr', {}, ...cols.flatMap((c) => [el('th', { class: 'base' }, 'baseline'), el('th', { class: 'wi' }, 'what-if'), ...(c.key === 'encounters' ? [el('th', {}, 'change')] : [])]));
  const cell = (run: string, year: number, c: (typeof cols)[number], y: YearTotals | undefined) => {
    const v = y ? (y[c.key] as number) : undefined;
    const text = v === undefined ? '—' : c.money ? `$${c.key === 'meanFeeUsd' ? fmt.format(v) : compact.format(v)}` : fmt.format(v);
    const attrs: Record<string, string> = { 'data-run': run, 'data-year': String(year), 'data-metric': c.key, class: run === 'baseline' ? 'base' : 'wi' };
    if (v !== undefined) attrs['data-value'] = String(v);
    return el('td', attrs, text);
  };
  const rows = years.map((year) => {
    const b = base.find((y) => y.year === year);
    const w = what.find((y) => y.year === year);
    return el('tr', { class: year >= fromYear ? 'after' : 'before' },
      el('th', { scope: 'row' }, String(year)),
      ...cols.flatMap((c) => [
        cell('baseline', year, c, b),
        cell('what-if', year, c, w),
        ...(c.key === 'encounters' ? [el('td', { class: 'delta' }, b && w ? change(b.encounters, w.encounters) : '')] : []),
      ]),
    );
  });
  $('years').replaceChildren(el('thead', {}, head1, head2), el('tbody', {}, ...rows));
}

// ---------------------------------------------------------------------------------------------
// Start

function renderCharts(): void {
  const p = presetInfo() ?? { start: '2019-10', end: '2030-12' };
  const box = $('charts');
  box.replaceChildren();
  charts = CHARTS.map((def) => {
    const plot = el('div', { class: 'plot' });
    const fig = el('figure', { class: 'chart', id: `chart-${def.id}`, 'data-chart': def.id },
      el('figcaption', {}, def.title, ' ', el('small', {}, def.note)), plot);
    box.append(fig);
    return new Chart(def, plot, p.start, p.end);
  });
  for (const r of ['baseline', 'what-if'] as RunName[]) {
    document.querySelector<HTMLElement>(`.swatch[data-run="${r}"]`)?.style.setProperty('background', RUN_COLOURS[r]);
  }
}

async function init(): Promise<void> {
  const answer = await control.ask({ type: 'hello' }, 'presets');
  state.presets = answer.presets;
  state.preset = state.presets[0]?.file ?? state.preset;
  state.seed = presetInfo()?.seed ?? 1;

  const seed = $('seed') as HTMLInputElement;
  seed.value = String(state.seed);
  seed.addEventListener('change', () => {
    const n = Number(seed.value);
    if (Number.isInteger(n) && n >= 0) state.seed = n;
    else seed.value = String(state.seed);
    markStale();
  });
  const scale = $('scale') as HTMLSelectElement;
  for (const s of SCALES) scale.append(el('option', { value: String(s) }, `${fmt.format(s)} per agent`));
  scale.value = String(state.scale);
  scale.addEventListener('change', () => {
    state.scale = Number(scale.value);
    markStale();
  });
  const from = $('from') as HTMLInputElement;
  from.value = state.from;
  from.addEventListener('change', () => {
    if (!/^\d{4}-\d{2}$/.test(from.value)) {
      from.value = state.from;
      return;
    }
    state.from = from.value;
    void loadInitial().catch(showError);
    markStale();
    redraw();
  });
  $('run').addEventListener('click', () => void runAll());
  $('reset').addEventListener('click', reset);
  $('export').addEventListener('click', () => void exportYaml().catch(showError));

  renderPresets();
  renderLevers();
  renderCharts();
  renderTable();
  await loadInitial();
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => charts.forEach((c) => c.resize()), 150);
  });
  document.body.dataset.ready = 'yes';
  await runBaselineOnly();
}

void init().catch((err) => {
  document.body.dataset.state = 'error';
  setStatus(`The page could not start: ${(err as Error).message}`);
});

// for the browser test: how many data rows each chart holds
(window as unknown as { corridorCharts: () => Record<string, number> }).corridorCharts = () => Object.fromEntries(charts.map((c) => [c.def.id, c.rowCount()]));
