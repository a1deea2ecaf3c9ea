// The classroom page: presets, levers, run/reset/export, live charts and a table of years.
// The model runs in Web Workers (worker.ts); this file only draws and keeps the page's state.
import { headlineWindowOf } from '../../analysis/metrics.ts';
import { ORIGIN_NAMES } from '../../model/entities.ts';
import type { OriginCode } from '../../model/entities.ts';
import { entitiesOf, LEVERS } from '../../model/levers.ts';
import { FEW_AGENTS_MARK, fewAgentsNote, formatMonth, formatRelative, formatValue, markFewAgents, scaleText } from '../../output/format.ts';
import { decodeSnapshot, NOWCAST_STATES_VERSION } from '../../output/snapshotCodec.ts';
import { CONTROLS, controlAbout, controlLabel, sliderPosition, sliderValue } from '../controls.ts';
import type { Control } from '../controls.ts';
import type { MonthPoint, YearTotals } from '../summary.ts';
import { yearTotals } from '../summary.ts';
import type { LeverChange } from '../whatIf.ts';
import { Chart, CHARTS, RUN_COLOURS } from './charts.ts';
import type { RunName, Span } from './charts.ts';
import type { FromWorker, NowcastExport, PresetInfo, PresetLevers, RunStart, ToWorker, WhatIfRequest } from './protocol.ts';

/** Weeks between progress messages: about monthly, so the lines grow smoothly. */
const EVERY_WEEKS = 4;
/** persons per agent offered; fewer persons per agent is slower and less noisy */
const SCALES = [50, 100, 250, 1000];
const DEFAULT_SCALE = 100;
/** when the what-if's levers apply, unless the user says otherwise */
const DEFAULT_FROM = '2026-01';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

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
    // throws where workers cannot start (a page opened from file://): init() says what to do
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
  from: DEFAULT_FROM,
  seed: 1,
  scale: DEFAULT_SCALE,
  /** the preset's lever values over the headline window, by lever, entity and month */
  levers: undefined as PresetLevers | undefined,
  /** values moved on the page: control id → entity ('*' for all) → value */
  moved: new Map<string, Map<string, number>>(),
  picked: new Map<string, string>(),
  runs: {} as Partial<Record<RunName, RunState>>,
  runId: 0,
  /** an imported nowcast (corridor nowcast export): both runs start from its first state */
  nowcast: undefined as (NowcastExport & { file: string }) | undefined,
};

let control: ModelWorker;
let runners: Record<RunName, ModelWorker>;
let charts: Chart[] = [];

function presetInfo(): PresetInfo | undefined {
  return state.presets.find((p) => p.file === state.preset);
}

/** The preset's values of a control in each month of the headline window: one entity, or the mean of those it sets together. */
function presetSeries(c: Control, entity?: string): number[] | undefined {
  const series = state.levers?.monthly[c.lever];
  if (!series) return undefined;
  const all = entitiesOf(LEVERS[c.lever].scope);
  if (all.length === 0) return series[0];
  const of = (entity ? [entity] : (c.entities ?? all)).map((e) => series[all.indexOf(e)]);
  return of[0].map((_, m) => of.reduce((a, s) => a + s[m], 0) / of.length);
}

/** The preset's value for a control: the one in force at the end of the headline window. */
function initialValue(c: Control, entity?: string): number {
  const series = presetSeries(c, entity);
  return series ? series[series.length - 1] : LEVERS[c.lever].default;
}

/** How the preset moves a control inside the headline window, or '' when it holds one value. */
function presetPath(c: Control, entity?: string): string {
  const series = presetSeries(c, entity);
  const w = state.levers?.window;
  if (!series || !w || series.length === 0) return '';
  const end = series[series.length - 1];
  const same = (x: number) => Math.abs(x - end) <= 1e-9 * Math.max(1, Math.abs(end));
  if (series.every(same)) return '';
  let settled = series.length - 1;
  while (settled > 0 && same(series[settled - 1])) settled--;
  const month = (i: number) => {
    const [y, m] = w.from.split('-').map(Number);
    const k = y * 12 + m - 1 + i;
    return formatMonth(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  };
  return `The preset: ${c.format(series[0])} in ${month(0)}, ${c.format(end)} from ${month(settled)} (the slider shows the value in force in ${w.label}).`;
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
  const n = state.nowcast;
  return { preset: state.preset, changes: changes(), from: state.from, seed: state.seed, scale: state.scale, ...(n ? { nowcast: { file: n.file, through: n.through } } : {}) };
}

/** Where both runs start: the imported nowcast's first state (replication 0 of `corridor compare --from`), or the warm start. */
function runStart(): RunStart | undefined {
  const n = state.nowcast;
  return n && { state: n.states[0], parameters: n.parameters[0], through: n.through, scale: n.scale };
}

function baselineKey(): string {
  return `${state.seed}|${state.scale}|${state.nowcast ? `${state.nowcast.file}|${state.nowcast.through}` : ''}`;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The first month the what-if's levers may apply from: after the nowcast's last, if one is imported. */
function earliestFrom(): string {
  return state.nowcast ? nextMonth(state.nowcast.through) : '2019-11';
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
  const path = el('p', { class: 'preset-path' });
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
    input.setAttribute('aria-valuetext', c.format(v));
    path.textContent = state.moved.get(c.id)?.has(entity()) ? '' : presetPath(c, entity() === '*' ? undefined : entity());
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
  row.append(path);
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
  const answer = await control.ask({ type: 'levers', preset: state.preset }, 'levers');
  state.levers = { window: answer.window, monthly: answer.monthly };
  syncLevers();
}

async function choosePreset(file: string): Promise<void> {
  state.preset = file;
  renderCharts();
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
    runner.send({ type: 'run', id, preset: whatIf ? state.preset : 'scenarios/baseline.yaml', whatIf, seed: state.seed, scale: state.scale, everyWeeks: EVERY_WEEKS, start: runStart() });
  });
}

/** On a narrow screen the results are far below Run: bring them into view to watch the lines grow. */
function showResults(): void {
  const results = document.querySelector<HTMLElement>('.results');
  if (results && results.getBoundingClientRect().top > window.innerHeight * 0.6) {
    results.scrollIntoView({ behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'start' });
  }
}

async function runAll(): Promise<void> {
  const baseKey = baselineKey();
  const request = whatIfRequest();
  document.body.dataset.state = 'running';
  document.body.dataset.stale = 'no';
  $('yaml-box').hidden = true;
  setStatus('Running…');
  ($('run') as HTMLButtonElement).disabled = true;
  showResults();
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
    await startRun('baseline', baselineKey());
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
  state.from = DEFAULT_FROM < earliestFrom() ? earliestFrom() : DEFAULT_FROM;
  ($('from') as HTMLInputElement).value = state.from;
  renderCharts();
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

/** The headline window of the preset's run (src/analysis/metrics.ts): the last five full calendar years. */
function pageWindow(): { firstYear: number; lastYear: number; label: string; from: string; to: string } {
  const p = presetInfo() ?? { start: '2019-10', end: '2030-12' };
  const w = headlineWindowOf(p.start, p.end);
  if (!w) return { firstYear: Number(p.start.slice(0, 4)), lastYear: Number(p.end.slice(0, 4)), label: `${p.start}–${p.end}`, from: p.start, to: p.end };
  return { firstYear: w.firstYear, lastYear: w.lastYear, label: w.label, from: `${w.firstYear}-01`, to: `${w.lastYear}-12` };
}

/** "−53%", or none against a baseline of fewer than 30 agents. */
function change(a: number, b: number): string {
  if (!(a > 0)) return '';
  return formatRelative((b - a) / a, Number.NaN, Number.NaN, { value: a, scale: state.scale });
}

/** A figure as the page shows it, with the mark when it rests on fewer than 30 agents. */
function figureText(value: number, money: boolean, persons: number): string {
  return markFewAgents(formatValue(value, money), persons, state.scale);
}

function renderCards(): void {
  const w = pageWindow();
  const inWindow = (run: RunState | undefined) => (run?.done ? yearTotals(run.months).filter((y) => y.year >= w.firstYear && y.year <= w.lastYear) : []);
  const base = inWindow(state.runs.baseline);
  const what = inWindow(state.runs['what-if']);
  const sum = (ys: YearTotals[], k: keyof YearTotals) => ys.reduce((s, y) => s + (y[k] as number), 0);
  const card = (title: string, k: keyof YearTotals, money = false) => {
    const a = sum(base, k);
    const b = sum(what, k);
    // money rests on the smuggled crossings that paid it
    const persons = (ys: YearTotals[], x: number) => (money ? sum(ys, 'smuggled') : x);
    const delta = what.length ? change(a, b) : '';
    return el('div', { class: 'card', 'data-metric': k },
      el('div', { class: 'card-title' }, `${title}, ${w.label}`),
      el('div', { class: 'card-values' },
        el('span', { class: 'what-if' }, what.length ? figureText(b, money, persons(what, b)) : '—'),
        el('span', { class: 'delta' }, delta.startsWith('n/a') ? 'n/a' : delta),
      ),
      el('div', { class: 'card-base' }, base.length ? `baseline ${figureText(a, money, persons(base, a))}` : ''),
    );
  };
  $('cards').replaceChildren(card('Encounters', 'encounters'), card('Deaths', 'deaths'), card('Smuggler revenue', 'smugglerRevenueUsd', true));
  const few = $('cards').textContent?.includes(FEW_AGENTS_MARK) ? ` ${fewAgentsNote(state.scale)}` : '';
  $('results-note').textContent =
    `Cards: ${w.label}, the last five full calendar years of the run (the headline window of every Corridor report), one run each at ${scaleText(state.scale)}; ` +
    `the change is the what-if against the baseline over those years (n/a: a baseline of fewer than 30 agents).${few}`;
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
    const text = v === undefined || !y ? '—' : figureText(v, !!c.money, c.money ? y.smuggled : v);
    const attrs: Record<string, string> = { 'data-run': run, 'data-year': String(year), 'data-metric': c.key, class: run === 'baseline' ? 'base' : 'wi' };
    if (v !== undefined) attrs['data-value'] = String(v);
    return el('td', attrs, text);
  };
  const rows = years.map((year) => {
    const b = base.find((y) => y.year === year);
    const w = what.find((y) => y.year === year);
    const delta = b && w ? change(b.encounters, w.encounters) : '';
    return el('tr', { class: year >= fromYear ? 'after' : 'before' },
      el('th', { scope: 'row' }, String(year)),
      ...cols.flatMap((c) => [
        cell('baseline', year, c, b),
        cell('what-if', year, c, w),
        ...(c.key === 'encounters' ? [el('td', { class: 'delta' }, delta.startsWith('n/a') ? 'n/a' : delta)] : []),
      ]),
    );
  });
  $('years').replaceChildren(el('thead', {}, head1, head2), el('tbody', {}, ...rows));
}

// ---------------------------------------------------------------------------------------------
// Start

/** The charts cover the headline window, or more when the levers apply before it; from a nowcast, its last month on. */
function chartSpan(): Span {
  const p = presetInfo() ?? { start: '2019-10', end: '2030-12' };
  const n = state.nowcast;
  if (n) return { from: n.through, to: p.end, label: `${formatMonth(n.through)} – ${formatMonth(p.end)}` };
  const w = pageWindow();
  if (!(state.from < w.from && state.from >= p.start)) return { from: w.from, to: p.end, label: w.label };
  return { from: state.from, to: p.end, label: `${formatMonth(state.from)} – ${formatMonth(p.end)}` };
}

function renderCharts(): void {
  const span = chartSpan();
  const box = $('charts');
  for (const c of charts) c.finalize();
  box.replaceChildren();
  charts = CHARTS.map((def) => {
    const plot = el('div', { class: 'plot' });
    const fig = el('figure', { class: 'chart', id: `chart-${def.id}`, 'data-chart': def.id },
      el('figcaption', {}, def.title, ' ', el('small', {}, `${def.note}, ${span.label}`)), plot);
    box.append(fig);
    return new Chart(def, plot, span);
  });
  redraw();
  for (const r of ['baseline', 'what-if'] as RunName[]) {
    document.querySelector<HTMLElement>(`.swatch[data-run="${r}"]`)?.style.setProperty('background', RUN_COLOURS[r]);
  }
}

// ---------------------------------------------------------------------------------------------
// A nowcast as the starting point (corridor nowcast export): both runs continue its state

const NOT_AN_EXPORT = 'is not a nowcast exported for the page; write one with  npx corridor nowcast export <nowcast folder> --out now.json';

async function importNowcast(file: File): Promise<void> {
  let data: NowcastExport;
  try {
    data = decodeSnapshot<NowcastExport>(await file.text());
  } catch (e) {
    throw new Error(`${file.name} ${NOT_AN_EXPORT} (${(e as Error).message})`);
  }
  if (data?.kind !== 'corridor-nowcast-states' || data.version !== NOWCAST_STATES_VERSION || !(data.states?.length > 0) || data.parameters?.length !== data.states.length) {
    throw new Error(`${file.name} ${NOT_AN_EXPORT}`);
  }
  state.nowcast = { ...data, file: file.name };
  applyNowcast();
  await runBaselineOnly();
}

async function forgetNowcast(): Promise<void> {
  state.nowcast = undefined;
  state.scale = DEFAULT_SCALE;
  applyNowcast();
  await runBaselineOnly();
}

/** The page after a nowcast is imported or forgotten: its scale, the earliest lever month, the charts' span, no old runs. */
function applyNowcast(): void {
  const n = state.nowcast;
  const scale = $('scale') as HTMLSelectElement;
  const from = $('from') as HTMLInputElement;
  if (n && !Array.from(scale.options).some((o) => o.value === String(n.scale))) scale.append(el('option', { value: String(n.scale) }, `${fmt.format(n.scale)} per agent`));
  if (n) state.scale = n.scale;
  scale.value = String(state.scale);
  // the agents of the nowcast's states stand for its number of persons each
  scale.disabled = !!n;
  from.min = earliestFrom();
  if (state.from < from.min) state.from = from.min;
  from.value = state.from;
  $('nowcast-about').textContent = n
    ? `Starting from the nowcast of ${formatMonth(n.through)} (${fmt.format(n.scale)} persons per agent): both runs continue its first state (${n.file}, 1 of ${n.states.length}), so the charts start in ${formatMonth(n.through)}; your levers apply from ${formatMonth(earliestFrom())} at the earliest.`
    : NOWCAST_HINT;
  document.body.dataset.nowcast = n ? n.through : '';
  $('nowcast-forget').hidden = !n;
  for (const r of ['baseline', 'what-if'] as RunName[]) {
    if (runners[r].busy) runners[r].restart();
    delete state.runs[r];
  }
  renderCharts();
  renderTable();
}

const NOWCAST_HINT = 'A file written by  npx corridor nowcast export : both runs then start from the state the nowcast estimated for its last month.';

/** Why the model cannot start here, and what to do: the page must come from a web server. */
const NEEDS_SERVER =
  'The model cannot start: this page was opened from a file, and browsers do not run its Web Worker from file://. ' +
  'In the Corridor folder run  npx corridor serve  and open the address it prints (or put this folder on any web server).';

/** Resolves with the worker's answer, or rejects when it has not answered in `ms` (it could not start). */
function answerWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('the model worker did not start')), ms))]);
}

function cannotStart(message: string): void {
  document.body.dataset.state = 'error';
  setStatus(message);
  $('status').classList.add('problem');
  ($('run') as HTMLButtonElement).disabled = true;
}

async function init(): Promise<void> {
  if (location.protocol === 'file:') return cannotStart(NEEDS_SERVER);
  try {
    control = new ModelWorker();
    runners = { baseline: new ModelWorker(), 'what-if': new ModelWorker() };
  } catch {
    return cannotStart(NEEDS_SERVER);
  }
  let answer: Extract<FromWorker, { type: 'presets' }>;
  try {
    answer = await answerWithin(control.ask({ type: 'hello' }, 'presets'), 20_000);
  } catch (err) {
    return cannotStart(`The model could not start (${(err as Error).message}). Serve the page with  npx corridor serve  and open the address it prints.`);
  }
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
    markStale();
    renderCharts();
  });
  $('run').addEventListener('click', () => void runAll());
  const nowcast = $('nowcast') as HTMLInputElement;
  nowcast.addEventListener('change', () => {
    const file = nowcast.files?.[0];
    if (file) void importNowcast(file).catch(showError).finally(() => (nowcast.value = ''));
  });
  $('nowcast-forget').addEventListener('click', () => void forgetNowcast().catch(showError));
  $('nowcast-about').textContent = NOWCAST_HINT;
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

void init().catch((err) => cannotStart(`The page could not start: ${(err as Error).message}`));

// for the browser test: how many data rows each chart holds, and the months of each run
(window as unknown as { corridorCharts: () => Record<string, number> }).corridorCharts = () => Object.fromEntries(charts.map((c) => [c.def.id, c.rowCount()]));
(window as unknown as { corridorRuns: () => Partial<Record<RunName, MonthPoint[]>> }).corridorRuns = () =>
  Object.fromEntries(Object.entries(state.runs).map(([name, run]) => [name, run!.months]));
