/**
 * Vega-Lite specs for the report's charts. Each builder takes plain rows and returns a spec;
 * rendering happens in vega.ts. Colours come from labels.ts so an origin looks the same in
 * every chart.
 */
import type { SobolIndex } from '../../analysis/sobolIndices.ts';
import { monthToTime } from './data.ts';
import { originColours, originLabel, sortOrigins } from './labels.ts';
import { compactLabel, timeX, type VlSpec } from './vega.ts';

/** Wide charts fill the page's column on a desktop (legend included) without shrinking. */
const WIDE = 640;
/** Half-width charts, and every chart's phone variant: at most ~350 px drawn, a phone's column. */
export const HALF = 290;
export const NARROW = 290;

export const RUN_COLOURS = { Baseline: '#777777', Scenario: '#0077BB' } as const;

function monthSpan(months: string[]): number {
  if (months.length === 0) return 0;
  const sorted = [...months].sort();
  const first = monthToTime(sorted[0]);
  const last = monthToTime(sorted[sorted.length - 1]);
  return Math.round((last - first) / (30.44 * 24 * 3600 * 1000)) + 1;
}

/** The colour scale and legend shared by every per-origin chart. */
function originColour(origins: string[], legend: VlSpec | null = { title: 'Origin', orient: 'right' }): VlSpec {
  const ordered = sortOrigins(origins);
  return {
    field: 'originLabel',
    type: 'nominal',
    scale: { domain: ordered.map(originLabel), range: originColours(ordered) },
    legend,
  };
}

export interface OriginMonthValue {
  month: string;
  origin: string;
  value: number;
}

/** The legend of the narrow variants: below the plot, in two columns. */
const BOTTOM_LEGEND: VlSpec = { title: null, orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 160 };

/** Monthly values stacked by origin, as areas (flows and stocks) or bars (small counts). */
export function stackedByOriginSpec(
  points: OriginMonthValue[],
  opts: { mark: 'area' | 'bar'; yTitle: string; money?: boolean; narrow?: boolean; height?: number; description: string },
): VlSpec {
  const origins = sortOrigins(points.map((p) => p.origin));
  const values = points.map((p) => ({
    t: monthToTime(p.month),
    originLabel: originLabel(p.origin),
    rank: origins.indexOf(p.origin),
    v: p.value,
  }));
  const span = monthSpan(points.map((p) => p.month));
  const x =
    opts.mark === 'bar'
      ? { ...timeX('t', span), timeUnit: 'utcyearmonth', scale: undefined }
      : timeX('t', span);
  return {
    description: opts.description,
    width: opts.narrow ? NARROW : WIDE,
    height: opts.height ?? (opts.narrow ? 220 : 280),
    data: { values },
    mark: opts.mark === 'area' ? { type: 'area', interpolate: 'monotone', opacity: 0.92 } : { type: 'bar' },
    encoding: {
      x,
      y: {
        // one row per month and origin already: stacked as they are, no aggregate to compute
        field: 'v',
        type: 'quantitative',
        stack: 'zero',
        title: opts.yTitle,
        axis: { labelExpr: compactLabel(opts.money ?? false) },
      },
      color: originColour(origins, opts.narrow ? BOTTOM_LEGEND : undefined),
      order: { field: 'rank', type: 'quantitative', sort: 'descending' },
    },
  };
}

export interface BandPoint {
  run: string;
  month: string;
  mean: number;
  p05?: number;
  p95?: number;
}

/** A mean line per run with its 5–95% band (where the band is known). */
export function lineBandSpec(
  points: BandPoint[],
  opts: { title?: string; yTitle?: string; money?: boolean; width?: number; height?: number; legend?: boolean; colours?: Record<string, string>; description: string },
): VlSpec {
  const runs = [...new Set(points.map((p) => p.run))];
  const colours = opts.colours ?? RUN_COLOURS;
  const values = points.map((p) => ({
    run: p.run,
    t: monthToTime(p.month),
    mean: p.mean,
    p05: Number.isFinite(p.p05) ? p.p05 : null,
    p95: Number.isFinite(p.p95) ? p.p95 : null,
  }));
  const scale = { domain: runs, range: runs.map((r) => (colours as Record<string, string>)[r] ?? '#0077BB') };
  const legend = opts.legend === false ? null : { title: null, orient: 'top', direction: 'horizontal', symbolType: 'square', symbolOpacity: 1 };
  const color = { field: 'run', type: 'nominal', scale, legend };
  const x = timeX('t', monthSpan(points.map((p) => p.month)));
  const y = {
    type: 'quantitative',
    title: opts.yTitle ?? null,
    axis: { labelExpr: compactLabel(opts.money ?? false), tickCount: 5 },
    scale: { zero: true },
  };
  const hasBand = values.some((v) => v.p05 !== null && v.p95 !== null);
  const layer: VlSpec[] = [];
  if (hasBand) {
    layer.push({
      transform: [{ filter: 'isValid(datum.p05) && isValid(datum.p95)' }],
      mark: { type: 'area', opacity: 0.22, interpolate: 'monotone' },
      encoding: { x, y: { ...y, field: 'p05' }, y2: { field: 'p95' }, color },
    });
  }
  layer.push({
    mark: { type: 'line', interpolate: 'monotone', strokeWidth: 2 },
    encoding: { x, y: { ...y, field: 'mean' }, color },
  });
  return {
    description: opts.description,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? HALF,
    height: opts.height ?? 200,
    data: { values },
    layer,
  };
}

/** Total encounters and got-aways per sector, side by side, sectors from west to east. */
export function sectorBarsSpec(rows: { sector: string; encounters: number; gotaways: number }[], description: string): VlSpec {
  const order = rows.map((r) => r.sector);
  const values = rows.flatMap((r) => [
    { sector: r.sector, measure: 'Encounters', v: r.encounters },
    { sector: r.sector, measure: 'Got-aways', v: r.gotaways },
  ]);
  return {
    description,
    width: HALF,
    height: { step: 11 },
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 1 },
    encoding: {
      y: { field: 'sector', type: 'nominal', sort: order, title: null },
      yOffset: { field: 'measure', sort: ['Encounters', 'Got-aways'] },
      x: { field: 'v', type: 'quantitative', title: 'Persons over the run', axis: { labelExpr: compactLabel(false), tickCount: 5 } },
      color: {
        field: 'measure',
        type: 'nominal',
        scale: { domain: ['Encounters', 'Got-aways'], range: ['#0077BB', '#EE7733'] },
        legend: { title: null, orient: 'top', direction: 'horizontal' },
      },
    },
  };
}

/** Deaths per sector over the run. */
export function sectorDeathsSpec(rows: { sector: string; deaths: number }[], description: string): VlSpec {
  return {
    description,
    width: HALF,
    height: { step: 20 },
    data: { values: rows },
    mark: { type: 'bar', color: '#333333', cornerRadiusEnd: 1 },
    encoding: {
      y: { field: 'sector', type: 'nominal', sort: rows.map((r) => r.sector), title: null },
      x: { field: 'deaths', type: 'quantitative', title: 'Deaths over the run', axis: { labelExpr: compactLabel(false), tickCount: 5 } },
    },
  };
}

/** One bar group of the Sobol chart: the analysis' indices, keyed by parameter. */
export type SobolRow = Omit<SobolIndex, 'name'> & { parameter: string };

/** Sobol first-order (S1) and total (ST) indices per parameter, with their intervals as rules. */
export function sobolSpec(outcome: string, rows: SobolRow[], description: string): VlSpec {
  const order = [...rows].sort((a, b) => b.ST - a.ST).map((r) => r.parameter);
  const values = rows.flatMap((r) => [
    { parameter: r.parameter, index: 'S1 (alone)', v: r.S1, low: r.S1_low, high: r.S1_high },
    { parameter: r.parameter, index: 'ST (with interactions)', v: r.ST, low: r.ST_low, high: r.ST_high },
  ]);
  const y = { field: 'parameter', type: 'nominal', sort: order, title: null, axis: { labelLimit: 140 } };
  const yOffset = { field: 'index', sort: ['S1 (alone)', 'ST (with interactions)'] };
  const colour = {
    field: 'index',
    type: 'nominal',
    scale: { domain: ['S1 (alone)', 'ST (with interactions)'], range: ['#88CCEE', '#332288'] },
    legend: { title: null, orient: 'top', direction: 'horizontal' },
  };
  return {
    description,
    title: outcome,
    width: 160,
    height: { step: 10 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          yOffset,
          x: { field: 'v', type: 'quantitative', title: 'Share of output variance', scale: { domain: [0, 1], clamp: true }, axis: { format: '.0%' } },
          color: colour,
        },
      },
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        mark: { type: 'rule', color: '#111', strokeWidth: 1.2 },
        encoding: { y, yOffset, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
    ],
  };
}

/** Morris screening: mean absolute elementary effect (μ*) against its spread (σ). */
export function morrisSpec(outcome: string, rows: { parameter: string; mu_star: number; sigma: number }[], description: string): VlSpec {
  const x = { field: 'mu_star', type: 'quantitative', title: 'μ* (overall influence)', axis: { labelExpr: compactLabel(false) } };
  const y = { field: 'sigma', type: 'quantitative', title: 'σ (non-linearity, interactions)', axis: { labelExpr: compactLabel(false) } };
  return {
    description,
    title: outcome,
    width: 200,
    height: 220,
    data: { values: rows },
    layer: [
      { mark: { type: 'point', filled: true, size: 50, color: '#332288' }, encoding: { x, y } },
      {
        mark: { type: 'text', align: 'left', dx: 6, dy: -4, fontSize: 11, color: '#333' },
        encoding: { x, y, text: { field: 'parameter' } },
      },
    ],
  };
}

export interface FitPoint {
  origin: string;
  month: string;
  observed: number;
  simulated: number;
  /** the 90% predictive interval (validate-fit's fit.csv) */
  pred_p05: number;
  pred_p95: number;
}

/** Small multiples per origin: observed points over the simulated mean and its 90% band. */
export function fitSpec(points: FitPoint[], description: string, narrow = false): VlSpec {
  const origins = sortOrigins(points.map((p) => p.origin).filter((o) => o !== 'TOTAL'));
  const panels = points.some((p) => p.origin === 'TOTAL') ? ['TOTAL', ...origins] : origins;
  const label = (o: string): string => (o === 'TOTAL' ? 'All origins' : originLabel(o));
  const values = points.map((p) => ({
    panel: label(p.origin),
    t: monthToTime(p.month),
    observed: Number.isFinite(p.observed) ? p.observed : null,
    simulated: Number.isFinite(p.simulated) ? p.simulated : null,
    p05: Number.isFinite(p.pred_p05) ? p.pred_p05 : null,
    p95: Number.isFinite(p.pred_p95) ? p.pred_p95 : null,
  }));
  const x = { ...timeX('t', monthSpan(points.map((p) => p.month))), axis: { format: '%Y', title: null, tickCount: 4 } };
  const yAxis = { labelExpr: compactLabel(false), tickCount: 4, title: null };
  return {
    description,
    data: { values },
    columns: narrow ? 2 : 4,
    facet: { field: 'panel', type: 'nominal', sort: panels.map(label), title: null },
    spec: {
      width: narrow ? 120 : 165,
      height: 100,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.p05) && isValid(datum.p95)' }],
          mark: { type: 'area', color: '#0077BB', opacity: 0.2 },
          encoding: { x, y: { field: 'p05', type: 'quantitative', axis: yAxis }, y2: { field: 'p95' } },
        },
        {
          transform: [{ filter: 'isValid(datum.simulated)' }],
          mark: { type: 'line', color: '#0077BB', strokeWidth: 1.6 },
          encoding: { x, y: { field: 'simulated', type: 'quantitative', axis: yAxis } },
        },
        {
          transform: [{ filter: 'isValid(datum.observed)' }],
          mark: { type: 'point', filled: true, size: 10, color: '#111', opacity: 0.85 },
          encoding: { x, y: { field: 'observed', type: 'quantitative', axis: yAxis } },
        },
      ],
    },
    // Own axes per panel, so a short last row does not leave an axis under an empty cell.
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  };
}

export interface DifferencePoint {
  month: string;
  mean: number;
  p05?: number;
  p95?: number;
}

/**
 * Scenario minus baseline per month: the mean of the paired differences as a line, the band
 * holding 90% of replications, and the zero line, so an effect shows however small the levels.
 */
export function differenceSpec(points: DifferencePoint[], opts: { title: string; money?: boolean; description: string }): VlSpec {
  const values = points.map((p) => ({
    t: monthToTime(p.month),
    mean: p.mean,
    p05: Number.isFinite(p.p05) ? p.p05 : null,
    p95: Number.isFinite(p.p95) ? p.p95 : null,
  }));
  const x = timeX('t', monthSpan(points.map((p) => p.month)));
  const y = { type: 'quantitative', title: null, axis: { labelExpr: compactLabel(opts.money ?? false, true), tickCount: 5 } };
  const colour = RUN_COLOURS.Scenario;
  const layer: VlSpec[] = [];
  if (values.some((v) => v.p05 !== null && v.p95 !== null)) {
    layer.push({
      transform: [{ filter: 'isValid(datum.p05) && isValid(datum.p95)' }],
      mark: { type: 'area', opacity: 0.22, color: colour, interpolate: 'monotone' },
      encoding: { x, y: { ...y, field: 'p05' }, y2: { field: 'p95' } },
    });
  }
  layer.push(
    { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#555', strokeDash: [4, 3] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
    { mark: { type: 'line', interpolate: 'monotone', strokeWidth: 2, color: colour }, encoding: { x, y: { ...y, field: 'mean' } } },
  );
  return { description: opts.description, title: opts.title, width: HALF, height: 200, data: { values }, layer };
}

/**
 * A sweep's outcome against each of its parameters, one panel per parameter (each with its own
 * x scale), every run a point: what a sensitivity index summarises, to be seen directly.
 */
export function scatterSpec(
  rows: { parameter: string; x: number; y: number }[],
  opts: { outcome: string; parameters: string[]; money?: boolean; narrow?: boolean; description: string },
): VlSpec {
  const columns = opts.narrow ? 2 : Math.min(4, opts.parameters.length);
  const yAxis = { labelExpr: compactLabel(opts.money ?? false), tickCount: 4, title: null };
  return {
    description: opts.description,
    title: opts.outcome,
    data: { values: rows },
    columns,
    facet: { field: 'parameter', type: 'nominal', sort: opts.parameters, title: null, header: { labelFontSize: 11, labelLimit: 0 } },
    spec: {
      width: opts.narrow ? 110 : 150,
      height: opts.narrow ? 100 : 120,
      mark: { type: 'point', filled: true, size: 18, opacity: 0.55, color: '#332288' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: { zero: false, nice: false }, axis: { tickCount: 3, labelExpr: compactLabel(false) } },
        y: { field: 'y', type: 'quantitative', scale: { zero: false }, axis: yAxis },
      },
    },
    resolve: { scale: { x: 'independent' }, axis: { x: 'independent' } },
  };
}

/**
 * Regression-based sensitivity (PRCC or SRC) per parameter: a signed bar from zero with its
 * interval as a rule, largest magnitude first.
 */
export function coefficientSpec(title: string, rows: { parameter: string; coefficient: number; low: number; high: number }[], xTitle: string, description: string): VlSpec {
  const order = [...rows].sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient)).map((r) => r.parameter);
  const values = rows.map((r) => ({ ...r, low: Number.isFinite(r.low) ? r.low : null, high: Number.isFinite(r.high) ? r.high : null, sign: r.coefficient < 0 ? 'negative' : 'positive' }));
  const y = { field: 'parameter', type: 'nominal', sort: order, title: null, axis: { labelLimit: 180 } };
  const x = { field: 'coefficient', type: 'quantitative', title: xTitle, scale: { domain: [-1, 1] } };
  return {
    description,
    title,
    width: 150,
    height: { step: 16 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y, x,
          color: { field: 'sign', type: 'nominal', scale: { domain: ['positive', 'negative'], range: ['#332288', '#CC6677'] }, legend: null },
        },
      },
      {
        transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
        mark: { type: 'rule', color: '#111', strokeWidth: 1.2 },
        encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888' }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
    ],
  };
}
