/**
 * Vega-Lite spec → static SVG string, rendered in Node without a browser or canvas.
 * Every chart in the report goes through here so they share one look.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A Vega-Lite spec as plain data (builders stay readable without the full VL type tree). */
export type VlSpec = Record<string, unknown>;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 6,
  view: { stroke: null },
  axis: {
    labelColor: '#4a4a4a',
    titleColor: '#333',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    gridColor: '#ececec',
    domainColor: '#888',
    tickColor: '#888',
    labelFlush: true,
  },
  axisX: { grid: false },
  legend: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 600,
    labelColor: '#333',
    titleColor: '#333',
    symbolSize: 90,
    labelLimit: 220,
  },
  header: { labelFontSize: 12, labelFontWeight: 600, labelColor: '#333', titleFontSize: 0 },
  title: { anchor: 'start', fontSize: 13, fontWeight: 600, color: '#222', offset: 8 },
  line: { strokeWidth: 2 },
  // Charts carry one description for screen readers; per-item labels on thousands of
  // bars and points would only be noise (and bytes).
  mark: { aria: false },
};

let chartCount = 0;

/**
 * Render a Vega-Lite spec to an SVG string. Ids inside the SVG (clip paths, gradients) get a
 * per-chart prefix so several charts can live in one HTML page without clashing.
 */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...((spec.config as object | undefined) ?? {}) } };
  const vgSpec = compile(full as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const prefix = `ch${++chartCount}-`;
    return roundPaths(svg)
      .replace(/\sid="([^"]+)"/g, ` id="${prefix}$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
  } finally {
    view.finalize();
  }
}

/** Geometry rounded to 0.01 px: the same picture in about half the bytes. */
function roundPaths(svg: string): string {
  const round = (attr: string): string => attr.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100));
  return svg.replace(/ (d|transform|points)="([^"]*)"/g, (_, name: string, value: string) => ` ${name}="${round(value)}"`);
}

/** Axis label expression for big numbers: 1.2M, 300k, 4B (SI "G" reads as billions here). */
export function compactLabel(money: boolean): string {
  const base = "replace(format(datum.value, '~s'), 'G', 'B')";
  return money ? `'$' + ${base}` : base;
}

/** A time x encoding for monthly data plotted at UTC month starts. */
export function timeX(field: string, spanMonths: number, title: string | null = null): VlSpec {
  const years = spanMonths / 12;
  const axis: VlSpec =
    years >= 2
      ? { format: '%Y', tickCount: { interval: 'year', step: years > 14 ? 2 : 1 }, title }
      : { format: '%b %Y', title, labelAngle: 0 };
  return { field, type: 'temporal', scale: { type: 'utc' }, axis };
}
