/**
 * A two-stage flow diagram (origin → route → outcome) from flows.csv.
 *
 * Vega-Lite has no Sankey mark, so the layout is computed here — node rectangles stacked in
 * three columns, band widths proportional to persons — and Vega-Lite draws it: `rect` marks
 * for nodes, `area` marks (one per link, via `detail`) for the bands, `text` for labels.
 */
import { meanOverSeeds } from './data.ts';
import { formatCount, formatShare, markFewAgents } from '../format.ts';
import { originColours, originLabel, outcomeColour, outcomeLabel, outcomeRank, sortOrigins } from './labels.ts';
import type { CsvRow } from './csv.ts';
import type { VlSpec } from './vega.ts';

const WIDTH = 860;
const HEIGHT = 440;
const NODE_WIDTH = 14;
const GAP = 8;
const LEFT_LABELS = 170;
const RIGHT_LABELS = 210;
const SAMPLES = 24;
const ROUTE_COLOUR = '#555555';
/** Label font size and the least distance between two labels' baselines in one column. */
const FONT_SIZE = 11;
const LABEL_SPACING = FONT_SIZE + 3;

interface FlowNode {
  column: 0 | 1 | 2;
  id: string;
  label: string;
  key: string; // colour key
  total: number;
  y: number;
  height: number;
  inOffset: number;
  outOffset: number;
}

interface Link {
  source: FlowNode;
  target: FlowNode;
  key: string;
  persons: number;
}

export interface FlowTotals {
  origin: string;
  route: string;
  outcome: string;
  persons: number;
}

/** flows.csv rows averaged over seeds; empty when nobody moved. */
export function flowTotals(flows: CsvRow[]): FlowTotals[] {
  return meanOverSeeds(flows, ['origin', 'route', 'outcome'])
    .map((g) => ({ origin: g.keys.origin, route: g.keys.route, outcome: g.keys.outcome, persons: g.values.persons ?? 0 }))
    .filter((f) => f.persons > 0);
}

function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + value(it));
  return m;
}

/** "land>TAPACHULA>MEXICO CITY" → "land › Tapachula › Mexico City". */
function routeLabel(route: string): string {
  return route
    .replace(/_+/g, ' ')
    .split('>')
    .map((part) => (part === part.toUpperCase() ? part.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase()) : part))
    .join(' › ');
}

/** Place a column's nodes top to bottom, centred, with the same persons-per-pixel everywhere. */
function placeColumn(nodes: FlowNode[], pxPerPerson: number): void {
  const used = nodes.reduce((s, n) => s + n.total * pxPerPerson, 0) + GAP * (nodes.length - 1);
  let y = (HEIGHT - used) / 2;
  for (const n of nodes) {
    n.y = y;
    n.height = n.total * pxPerPerson;
    y += n.height + GAP;
  }
}

/** About the width of a character of the labels' font (system sans-serif, 11 px), for fitting them. */
const CHAR_PX = 0.54 * FONT_SIZE;

/** `name` + `tail`, the name shortened with an ellipsis so that the whole fits in `maxPx`. */
function fitText(name: string, tail: string, maxPx: number): string {
  const room = Math.floor(maxPx / CHAR_PX) - tail.length;
  return name.length <= room ? name + tail : `${name.slice(0, Math.max(1, room - 1)).trimEnd()}…${tail}`;
}

/** Label y positions at node centres, nudged apart so small neighbours stay legible. */
function spreadLabels(centres: number[]): number[] {
  const ys = [...centres];
  for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i], ys[i - 1] + LABEL_SPACING);
  const overflow = ys.length ? ys[ys.length - 1] - (HEIGHT + 2) : 0;
  if (overflow > 0) {
    ys[ys.length - 1] -= overflow;
    for (let i = ys.length - 2; i >= 0; i--) ys[i] = Math.min(ys[i], ys[i + 1] - LABEL_SPACING);
  }
  return ys;
}

export interface FlowLabel {
  column: 0 | 1 | 2;
  text: string;
  x: number;
  y: number;
  align: 'left' | 'right' | 'center';
  /** widest the label may be drawn (px); longer ones end in an ellipsis */
  limit: number;
}

/**
 * The diagram laid out: bands, nodes and labels in chart pixels. `scale` (persons per agent)
 * marks counts that rest on fewer than 30 agents.
 */
export function flowLayout(flows: FlowTotals[], scale?: number) {
  const total = flows.reduce((s, f) => s + f.persons, 0);
  const origins = sortOrigins(flows.map((f) => f.origin));
  const routeTotals = sumBy(flows, (f) => f.route, (f) => f.persons);
  const routes = [...routeTotals.keys()].sort((a, b) => routeTotals.get(b)! - routeTotals.get(a)!);
  const outcomes = [...new Set(flows.map((f) => f.outcome))].sort(
    (a, b) => (outcomeRank(a) ?? 99) - (outcomeRank(b) ?? 99) || a.localeCompare(b),
  );

  const byOrigin = sumBy(flows, (f) => f.origin, (f) => f.persons);
  const byOutcome = sumBy(flows, (f) => f.outcome, (f) => f.persons);
  const node = (column: 0 | 1 | 2, id: string, label: string, key: string, t: number): FlowNode => ({
    column, id, label, key, total: t, y: 0, height: 0, inOffset: 0, outOffset: 0,
  });
  const columns: FlowNode[][] = [
    origins.map((o) => node(0, o, originLabel(o), originLabel(o), byOrigin.get(o) ?? 0)),
    routes.map((r) => node(1, r, routeLabel(r), 'route', routeTotals.get(r) ?? 0)),
    outcomes.map((o) => node(2, o, outcomeLabel(o), outcomeLabel(o), byOutcome.get(o) ?? 0)),
  ];
  const maxNodes = Math.max(...columns.map((c) => c.length));
  const pxPerPerson = total > 0 ? (HEIGHT - GAP * (maxNodes - 1)) / total : 0;
  columns.forEach((c) => placeColumn(c, pxPerPerson));
  const find = (column: number, id: string): FlowNode => columns[column].find((n) => n.id === id)!;

  // Links in an order that keeps bands from crossing inside a node.
  const stage1 = sumBy(flows, (f) => `${f.origin}\u0000${f.route}`, (f) => f.persons);
  const stage2 = sumBy(flows, (f) => `${f.route}\u0000${f.outcome}`, (f) => f.persons);
  const links: Link[] = [];
  for (const o of origins) {
    for (const r of routes) {
      const p = stage1.get(`${o}\u0000${r}`);
      if (p) links.push({ source: find(0, o), target: find(1, r), key: originLabel(o), persons: p });
    }
  }
  for (const r of routes) {
    for (const o of outcomes) {
      const p = stage2.get(`${r}\u0000${o}`);
      if (p) links.push({ source: find(1, r), target: find(2, o), key: outcomeLabel(o), persons: p });
    }
  }

  const xLeft = LEFT_LABELS;
  const xRight = WIDTH - RIGHT_LABELS - NODE_WIDTH;
  // the route column left of centre: route names are the longest labels and sit to its right
  const columnX = [xLeft, xLeft + 0.4 * (xRight - xLeft), xRight];

  const bandRows: Record<string, unknown>[] = [];
  links.forEach((link, id) => {
    const h = link.persons * pxPerPerson;
    const ys = link.source.y + link.source.outOffset;
    const yt = link.target.y + link.target.inOffset;
    link.source.outOffset += h;
    link.target.inOffset += h;
    const x0 = columnX[link.source.column] + NODE_WIDTH;
    const x1 = columnX[link.target.column];
    for (let i = 0; i <= SAMPLES; i++) {
      const t = i / SAMPLES;
      const s = t * t * (3 - 2 * t); // smoothstep: flat where the band meets a node
      const top = ys + (yt - ys) * s;
      bandRows.push({ link: id, key: link.key, x: x0 + (x1 - x0) * t, y: top, y2: top + h });
    }
  });

  const limits = [LEFT_LABELS - 10, columnX[2] - columnX[1] - NODE_WIDTH - 12, RIGHT_LABELS - 8];
  const labels: FlowLabel[] = [];
  columns.forEach((col, c) => {
    const ys = spreadLabels(col.map((n) => n.y + n.height / 2));
    col.forEach((n, i) => {
      const count = markFewAgents(formatCount(n.total), n.total, scale);
      const amount = c === 2 ? `${count} (${formatShare(total > 0 ? n.total / total : 0)})` : count;
      labels.push({
        column: c as 0 | 1 | 2,
        text: fitText(n.label, ` · ${amount}`, limits[c]),
        x: c === 0 ? columnX[0] - 6 : columnX[c] + NODE_WIDTH + 5,
        y: ys[i],
        align: c === 0 ? 'right' : 'left',
        limit: limits[c],
      });
    });
  });
  return { columns, columnX, bandRows, labels, origins, outcomes };
}

export function flowSpec(flows: FlowTotals[], description: string, scale?: number): VlSpec {
  const { columns, columnX, bandRows, labels, origins, outcomes } = flowLayout(flows, scale);
  const labelRows = labels as unknown as Record<string, unknown>[];
  const nodeRows = columns.flat().map((n) => ({
    key: n.key,
    x: columnX[n.column],
    x2: columnX[n.column] + NODE_WIDTH,
    y: n.y,
    y2: n.y + Math.max(n.height, 0.5),
  }));

  const headerRows = [
    { text: 'Origin', x: columnX[0] + NODE_WIDTH, align: 'right' },
    { text: 'Route', x: columnX[1] + NODE_WIDTH / 2, align: 'center' },
    { text: 'Outcome at end of run', x: columnX[2], align: 'left' },
  ].map((h) => ({ ...h, y: -14 }));

  const colourKeys = [
    ...origins.map(originLabel),
    ...outcomes.map(outcomeLabel),
    'route',
  ];
  const colourRange = [
    ...originColours(origins),
    ...outcomes.map(outcomeColour),
    ROUTE_COLOUR,
  ];
  const xEnc = { field: 'x', type: 'quantitative', scale: { domain: [0, WIDTH], nice: false, zero: false }, axis: null };
  const yEnc = { field: 'y', type: 'quantitative', scale: { domain: [-26, HEIGHT + 4], nice: false, zero: false, reverse: true }, axis: null };
  const colour = { field: 'key', type: 'nominal', scale: { domain: colourKeys, range: colourRange }, legend: null };
  // Vega-Lite has no `align` channel: one text layer per alignment, a white halo under each.
  const textLayers = (rows: Record<string, unknown>[], extra: VlSpec): VlSpec[] =>
    (['left', 'right', 'center'] as const).flatMap((align) => {
      const values = rows.filter((r) => r.align === align);
      if (values.length === 0) return [];
      const base = { type: 'text', fontSize: FONT_SIZE, baseline: 'middle', align, ...extra };
      const encoding = { x: xEnc, y: yEnc, text: { field: 'text' } };
      return [
        { data: { values }, mark: { ...base, stroke: 'white', strokeWidth: 3, strokeOpacity: 0.85, fill: 'white' }, encoding },
        { data: { values }, mark: { fill: '#222', ...base }, encoding },
      ];
    });

  return {
    description,
    width: WIDTH,
    height: HEIGHT + 30,
    layer: [
      {
        data: { values: bandRows },
        mark: { type: 'area', opacity: 0.42, interpolate: 'linear' },
        encoding: { x: xEnc, y: yEnc, y2: { field: 'y2' }, detail: { field: 'link', type: 'nominal' }, color: colour },
      },
      {
        data: { values: nodeRows },
        mark: { type: 'rect' },
        encoding: { x: xEnc, x2: { field: 'x2' }, y: yEnc, y2: { field: 'y2' }, color: colour },
      },
      ...textLayers(labelRows, {}),
      ...textLayers(headerRows, { fontWeight: 600, fill: '#555' }),
    ],
  };
}
