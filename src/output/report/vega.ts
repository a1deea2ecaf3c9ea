/**
 * Vega-Lite spec → static SVG string, rendered in Node without a browser or canvas.
 * Every chart in the report goes through here so they share one look.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './html.ts';

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
 * A chart may shrink to this share of its drawn width, no further (its wrapper scrolls instead):
 * the 11 px of the axis labels and legends stay at 10 px or more on a phone.
 */
const MIN_SHRINK = 0.91;

/**
 * Render a Vega-Lite spec to an SVG string. Ids inside the SVG (clip paths, gradients) get a
 * per-chart prefix so several charts can live in one HTML page without clashing. The SVG is an
 * image for screen readers, labelled with `label` (a summary of what it shows; default: the
 * spec's description).
 */
export async function renderSvg(spec: VlSpec, label?: string): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...((spec.config as object | undefined) ?? {}) } };
  const vgSpec = compile(full as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const prefix = `ch${++chartCount}-`;
    const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    const aria = escapeHtml(label ?? String(spec.description ?? ''));
    return roundPaths(svg)
      .replace(/^<svg /, `<svg role="img" aria-label="${aria}" style="min-width:${Math.round(width * MIN_SHRINK)}px" `)
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

/**
 * Axis label expression for big numbers: 2,500, 300k, 1.2M, 4B (SI "G" reads as billions here),
 * as format.ts writes them; money with the sign outside the currency ("−$20M"), and with `signed`
 * a + before positive values (for differences).
 */
export function compactLabel(money: boolean, signed = false): string {
  const abs = "(abs(datum.value) < 1e4 ? format(abs(datum.value), ',~r') : replace(format(abs(datum.value), '~s'), 'G', 'B'))";
  const sign = signed ? "(datum.value < 0 ? '\u2212' : datum.value > 0 ? '+' : '')" : "(datum.value < 0 ? '\u2212' : '')";
  return `${sign} + ${money ? "'$' + " : ''}${abs}`;
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
