// The page's charts: Vega-Lite specs compiled once in the browser and drawn as SVG by a vega
// View; while a run goes on only the data change, so the lines grow week by week.
import { changeset, parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { MonthPoint } from '../summary.ts';

export type RunName = 'baseline' | 'what-if';
export const RUN_COLOURS: Record<RunName, string> = { baseline: '#7b8190', 'what-if': '#c2410c' };

export interface ChartDef {
  id: string;
  title: string;
  note: string;
  kind: 'monthly' | 'yearly';
  value: (p: MonthPoint) => number;
  format: string; // d3-format for the axis
}

export const CHARTS: readonly ChartDef[] = [
  { id: 'encounters', title: 'Encounters at the border', note: 'per month, all origins', kind: 'monthly', value: (p) => p.encounters, format: '~s' },
  { id: 'waiting', title: 'Waiting in northern Mexico', note: 'people, end of month', kind: 'monthly', value: (p) => p.waitingMexico, format: '~s' },
  { id: 'revenue', title: 'Smuggler revenue', note: 'US$ per month', kind: 'monthly', value: (p) => p.smugglerRevenueUsd, format: '$.2~s' },
  { id: 'deaths', title: 'Deaths on the way', note: 'per calendar year', kind: 'yearly', value: (p) => p.deaths, format: '~s' },
];

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

function spec(def: ChartDef, width: number, start: string, end: string): TopLevelSpec {
  const height = 150;
  if (def.kind === 'yearly') {
    return {
      width, height, config, background: 'transparent',
      data: { name: 'rows' },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        x: { field: 'year', type: 'ordinal', axis: { title: null, labelAngle: 0 } },
        xOffset: { field: 'run', scale: { domain: ['baseline', 'what-if'] } },
        y: { field: 'value', type: 'quantitative', axis: { title: null, format: def.format, tickCount: 4 } },
        color: colour,
        tooltip: [{ field: 'year', type: 'ordinal' }, { field: 'run', type: 'nominal' }, { field: 'value', type: 'quantitative', format: ',.0f' }],
      },
    } as TopLevelSpec;
  }
  return {
    width, height, config, background: 'transparent',
    layer: [
      {
        data: { name: 'from' },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#999' },
        encoding: { x: { field: 'date', type: 'temporal' } },
      },
      {
        data: { name: 'rows' },
        mark: { type: 'line', strokeWidth: 1.6, interpolate: 'monotone' },
        encoding: {
          x: { field: 'date', type: 'temporal', scale: { type: 'utc', domain: [monthMs(start), monthMs(end)] }, axis: { title: null, format: '%Y', tickCount: 'year', labelOverlap: true } },
          y: { field: 'value', type: 'quantitative', axis: { title: null, format: def.format, tickCount: 4 } },
          color: colour,
        },
      },
    ],
  } as TopLevelSpec;
}

export class Chart {
  private view: View;
  constructor(readonly def: ChartDef, readonly container: HTMLElement, start: string, end: string) {
    const width = Math.max(220, container.clientWidth - 50);
    this.view = new View(parse(compile(spec(def, width, start, end)).spec), { renderer: 'svg', container, hover: true });
    void this.view.runAsync();
  }

  /** Replaces the chart's data: months of each run, and the month the levers take effect. */
  update(runs: Partial<Record<RunName, readonly MonthPoint[]>>, from: string): Promise<unknown> {
    const rows: object[] = [];
    for (const run of ['baseline', 'what-if'] as RunName[]) {
      const points = runs[run];
      if (!points) continue;
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
    const view = this.view.change('rows', changeset().remove(() => true).insert(rows));
    if (this.def.kind === 'monthly') view.change('from', changeset().remove(() => true).insert([{ date: monthMs(from) }]));
    // axis labels grow with the data: let the layout make room for them
    return view.resize().runAsync();
  }

  rowCount(): number {
    return (this.view.data('rows') as unknown[]).length;
  }

  resize(): void {
    this.view.width(Math.max(220, this.container.clientWidth - 50));
    void this.view.runAsync();
  }
}
