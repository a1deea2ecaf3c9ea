// The page's charts: Vega-Lite specs compiled once in the browser and drawn as SVG by a vega
// View; while a run goes on only the data change, so the lines grow week by week. They cover
// the years the levers act (the headline window, or from the month the levers apply if that is
// earlier), so a gap of a few thousand a month is not a few pixels under the 2021–2023 peak;
// a fifth chart draws the what-if minus the baseline.
import { changeset, parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { formatChange, formatValue } from '../../output/format.ts';
import { compactLabel } from '../../output/report/vega.ts';
import type { MonthPoint } from '../summary.ts';

export type RunName = 'baseline' | 'what-if';
export const RUN_COLOURS: Record<RunName, string> = { baseline: '#7b8190', 'what-if': '#c2410c' };

export interface ChartDef {
  id: string;
  title: string;
  note: string;
  /** monthly lines of both runs, calendar-year bars of both, or the what-if minus the baseline per month */
  kind: 'monthly' | 'yearly' | 'difference';
  value: (p: MonthPoint) => number;
  money?: boolean;
  /** how one value reads in the chart's summary for screen readers: "a month", "a year" */
  per: string;
}

export const CHARTS: readonly ChartDef[] = [
  { id: 'encounters', title: 'Encounters at the border', note: 'per month, all origins', kind: 'monthly', value: (p) => p.encounters, per: 'a month' },
  { id: 'difference', title: 'What-if minus baseline', note: 'encounters per month', kind: 'difference', value: (p) => p.encounters, per: 'a month' },
  { id: 'waiting', title: 'Waiting in northern Mexico', note: 'people, end of month', kind: 'monthly', value: (p) => p.waitingMexico, per: 'at a month’s end' },
  { id: 'revenue', title: 'Smuggler revenue', note: 'US$ per month', kind: 'monthly', value: (p) => p.smugglerRevenueUsd, money: true, per: 'a month' },
  { id: 'deaths', title: 'Deaths on the way', note: 'per calendar year', kind: 'yearly', value: (p) => p.deaths, per: 'a year' },
];

/** The months a chart covers: "2026-01" to "2030-12", and in words. */
export interface Span {
  from: string;
  to: string;
  label: string;
}

function monthMs(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);
}

const colour = {
  field: 'run',
  type: 'nominal',
  scale: { domain: ['baseline', 'what-if'], range: [RUN_COLOURS.baseline, RUN_COLOURS['what-if']] },
  legend: null,
} as const;

const config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelColor: '#555', titleColor: '#555', tickColor: '#ccc', domainColor: '#bbb', gridColor: '#eee', labelFontSize: 11 },
};

function spec(def: ChartDef, width: number, span: Span): TopLevelSpec {
  const height = 150;
  const y = { field: 'value', type: 'quantitative', axis: { title: null, labelExpr: compactLabel(!!def.money, def.kind === 'difference'), tickCount: 4 } };
  if (def.kind === 'yearly') {
    return {
      width, height, config, background: 'transparent',
      data: { name: 'rows' },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        x: { field: 'year', type: 'ordinal', axis: { title: null, labelAngle: 0 } },
        xOffset: { field: 'run', scale: { domain: ['baseline', 'what-if'] } },
        y,
        color: colour,
        tooltip: [{ field: 'year', type: 'ordinal' }, { field: 'run', type: 'nominal' }, { field: 'value', type: 'quantitative', format: ',.0f' }],
      },
    } as TopLevelSpec;
  }
  const x = { field: 'date', type: 'temporal', scale: { type: 'utc', domain: [monthMs(span.from), monthMs(span.to)] }, axis: { title: null, format: '%Y', tickCount: 'year', labelOverlap: true } };
  const line = def.kind === 'difference'
    ? { mark: { type: 'line', strokeWidth: 1.6, interpolate: 'monotone', color: RUN_COLOURS['what-if'] }, encoding: { x, y } }
    : { mark: { type: 'line', strokeWidth: 1.6, interpolate: 'monotone' }, encoding: { x, y, color: colour } };
  return {
    width, height, config, background: 'transparent',
    layer: [
      { data: { name: 'from' }, mark: { type: 'rule', strokeDash: [4, 3], color: '#999' }, encoding: { x: { field: 'date', type: 'temporal' } } },
      ...(def.kind === 'difference' ? [{ data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#777' }, encoding: { y: { field: 'zero', type: 'quantitative' } } }] : []),
      { data: { name: 'rows' }, ...line },
    ],
  } as TopLevelSpec;
}

interface Row {
  run?: RunName;
  date?: number;
  year?: string;
  value: number;
}

export class Chart {
  private view: View;
  private summary = '';
  constructor(readonly def: ChartDef, readonly container: HTMLElement, readonly span: Span) {
    const width = Math.max(220, container.clientWidth - 50);
    this.view = new View(parse(compile(spec(def, width, span)).spec), { renderer: 'svg', container, hover: true });
    void this.view.runAsync().then(() => this.label());
  }

  private rows(runs: Partial<Record<RunName, readonly MonthPoint[]>>): Row[] {
    const inSpan = (p: MonthPoint) => p.month >= this.span.from && p.month <= this.span.to;
    const rows: Row[] = [];
    if (this.def.kind === 'difference') {
      const base = new Map((runs.baseline ?? []).map((p) => [p.month, this.def.value(p)]));
      for (const p of (runs['what-if'] ?? []).filter(inSpan)) {
        const b = base.get(p.month);
        if (b !== undefined) rows.push({ date: monthMs(p.month), value: this.def.value(p) - b });
      }
      return rows;
    }
    for (const run of ['baseline', 'what-if'] as RunName[]) {
      const points = (runs[run] ?? []).filter(inSpan);
      if (this.def.kind === 'monthly') {
        for (const p of points) rows.push({ date: monthMs(p.month), run, value: this.def.value(p) });
      } else {
        // whole calendar years only, so a run's first and last part-years do not look like drops
        const months = new Map<string, number>();
        const sums = new Map<string, number>();
        for (const p of points) {
          const year = p.month.slice(0, 4);
          months.set(year, (months.get(year) ?? 0) + 1);
          sums.set(year, (sums.get(year) ?? 0) + this.def.value(p));
        }
        for (const [year, value] of sums) if (months.get(year) === 12) rows.push({ year, run, value });
      }
    }
    return rows;
  }

  /** What the chart shows, in words, for screen readers. */
  private describe(rows: Row[]): string {
    const head = `${this.def.title}, ${this.def.note}, ${this.span.label}`;
    const mean = (list: Row[]) => list.reduce((a, r) => a + r.value, 0) / list.length;
    if (this.def.kind === 'difference') {
      return rows.length ? `${head}: ${formatChange(mean(rows), Number.NaN, Number.NaN, !!this.def.money)} ${this.def.per} on average.` : `${head}: no what-if yet.`;
    }
    const parts = (['baseline', 'what-if'] as RunName[]).flatMap((run) => {
      const mine = rows.filter((r) => r.run === run);
      return mine.length ? [`${run} ${formatValue(mean(mine), !!this.def.money)} ${this.def.per} on average`] : [];
    });
    return parts.length ? `${head}: ${parts.join(', ')}.` : `${head}: no run yet.`;
  }

  private label(): void {
    const svg = this.container.querySelector('svg');
    if (!svg) return;
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', this.summary || this.describe([]));
  }

  /** Replaces the chart's data: months of each run, and the month the levers take effect. */
  update(runs: Partial<Record<RunName, readonly MonthPoint[]>>, from: string): Promise<unknown> {
    const rows = this.rows(runs);
    this.summary = this.describe(rows);
    const view = this.view.change('rows', changeset().remove(() => true).insert(rows));
    if (this.def.kind !== 'yearly') view.change('from', changeset().remove(() => true).insert(from >= this.span.from ? [{ date: monthMs(from) }] : []));
    // axis labels grow with the data: let the layout make room for them
    return view.resize().runAsync().then(() => this.label());
  }

  rowCount(): number {
    return (this.view.data('rows') as unknown[]).length;
  }

  resize(): void {
    this.view.width(Math.max(220, this.container.clientWidth - 50));
    void this.view.runAsync().then(() => this.label());
  }

  finalize(): void {
    this.view.finalize();
  }
}
