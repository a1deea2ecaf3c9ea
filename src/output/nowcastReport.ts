// The nowcast's report.html: what the particle filter estimates of what no one observes (people
// waiting in northern Mexico, on the way, got-aways, smuggler revenue: the weighted mean over
// particles with its 90% band, month by month), the observed encounters against the filtered
// ones, and the effective sample size with the months it resampled. Read from the folder's
// files (nowcast.json, estimates.csv, ess.csv) and the data file it assimilated,
// so `corridor report <nowcast folder>` writes the same page again.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readObservedCsv } from '../data/observed.ts';
import { writeFileAtomic } from './atomic.ts';
import { formatMonth, formatRange, formatValue, scaleText } from './format.ts';
import { lineBandSpec, HALF, NARROW } from './report/charts.ts';
import type { BandPoint } from './report/charts.ts';
import { num, parseCsv, str } from './report/csv.ts';
import type { CsvRow } from './report/csv.ts';
import { monthToTime } from './report/data.ts';
import { escapeHtml, figure, note, page, table } from './report/html.ts';
import type { Section } from './report/html.ts';
import { renderSvg, timeX } from './report/vega.ts';

export const NOWCAST_FILE = 'nowcast.json';

/** nowcast.json as written by corridor nowcast; any field may be missing in a hand-made folder. */
interface NowcastRead {
  scenario?: string;
  data?: string;
  since?: string;
  through?: string;
  particles?: number;
  scale?: number;
  seed?: number;
  posterior?: string;
  kept?: number;
  logLikelihood?: number;
  seconds?: number;
}

/** The encounters assimilated, by month: each row's count (grouped rows included), and what they count. */
export interface ObservedEncounters {
  byMonth: Map<string, { count: number }[]>;
  component: string;
}

/** True when `dir` holds a nowcast's files (what `corridor report` dispatches on). */
export function isNowcastFolder(dir: string): boolean {
  return existsSync(join(dir, NOWCAST_FILE)) && existsSync(join(dir, 'estimates.csv'));
}

const HIDDEN = [
  { quantity: 'waiting_mexico', title: 'Waiting in northern Mexico', unit: 'people at the end of the month', money: false },
  { quantity: 'in_transit', title: 'On the way (in transit)', unit: 'people at the end of the month', money: false },
  { quantity: 'gotaways', title: 'Got-aways', unit: 'people a month', money: false },
  { quantity: 'smuggler_revenue_usd', title: 'Smuggler revenue', unit: 'US$ a month', money: true },
] as const;

const FILTERED = 'filtered (90% band)';
const OBSERVED = 'observed';
const SEEN = 'filtered, as the record counts (through the misfit level)';
const COLOURS = { [FILTERED]: '#0077BB', [OBSERVED]: '#222222', [SEEN]: '#EE7733' };

function readCsv(dir: string, name: string): CsvRow[] {
  const file = join(dir, name);
  return existsSync(file) ? parseCsv(readFileSync(file, 'utf8')) : [];
}

/** The data file nowcast.json names, read again; undefined (with the reason) when it is not there. */
function observedFromFile(file: string | undefined): { observed?: ObservedEncounters; why?: string } {
  if (!file) return { why: 'nowcast.json names no data file' };
  try {
    const data = readObservedCsv(readFileSync(file, 'utf8'), file);
    const byMonth = new Map<string, { count: number }[]>();
    for (const r of data.rows) byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), { count: r.encounters }]);
    return { observed: { byMonth, component: data.provenance.component ?? 'all' } };
  } catch (e) {
    return { why: `the data file ${file} could not be read (${(e as Error).message.split('\n')[0]})` };
  }
}

/** A tick every few months on spans under two years (the default ticks repeat a month's label). */
function monthTicks<T extends { layer?: unknown }>(spec: T, months: number): T {
  if (months >= 24) return spec;
  for (const layer of (spec.layer ?? []) as { encoding?: { x?: { axis?: Record<string, unknown> } } }[]) {
    const axis = layer.encoding?.x?.axis;
    if (axis) Object.assign(axis, { tickCount: { interval: 'month', step: Math.ceil(months / 6) } });
  }
  return spec;
}

function totals(estimates: CsvRow[], quantity: string, run = FILTERED): BandPoint[] {
  return estimates
    .filter((r) => str(r, 'origin') === 'TOTAL' && str(r, 'quantity') === quantity)
    .map((r) => ({ run, month: str(r, 'month'), mean: num(r, 'mean'), p05: num(r, 'p05'), p95: num(r, 'p95') }));
}

async function hiddenSection(estimates: CsvRow[], through: string): Promise<Section> {
  const figures: string[] = [];
  for (const h of HIDDEN) {
    const points = totals(estimates, h.quantity);
    if (points.length === 0) continue;
    const last = points[points.length - 1];
    const description = `${h.title}, all origins, ${h.unit}: the filtered mean with its 90% band by month; ${formatMonth(last.month)}: ${formatValue(last.mean, h.money)} (${formatRange(last.p05!, last.p95!, h.money)}).`;
    const spec = (width: number) => monthTicks(lineBandSpec(points, { title: h.title, yTitle: h.unit, money: h.money, width, legend: false, colours: COLOURS, description }), points.length);
    const svg = { wide: await renderSvg(spec(HALF), description), narrow: await renderSvg(spec(NARROW), description) };
    figures.push(figure(svg, escapeHtml(`${h.title} (${h.unit}), all origins. ${formatMonth(last.month)}: ${formatValue(last.mean, h.money)}, 90% band ${formatRange(last.p05!, last.p95!, h.money)}.`), h.quantity));
  }
  const rows = HIDDEN.flatMap((h) => {
    const r = estimates.find((x) => str(x, 'month') === through && str(x, 'origin') === 'TOTAL' && str(x, 'quantity') === h.quantity);
    return r ? [[escapeHtml(h.title), escapeHtml(h.unit), escapeHtml(formatValue(num(r, 'mean'), h.money)), escapeHtml(formatRange(num(r, 'p05'), num(r, 'p95'), h.money))]] : [];
  });
  return {
    id: 'hidden',
    title: 'What no one observes',
    html:
      `<p class="intro">The filter weights every particle by how well its monthly encounters by origin match the data; these are the weighted estimates of the stocks and flows the data do not show, summed over origins. estimates.csv has them by origin too.</p>` +
      `<div class="grid2">${figures.join('')}</div>` +
      (rows.length ? table(['in ' + escapeHtml(formatMonth(through)), 'unit', 'mean', '90% band'], rows, [false, false, true, true], escapeHtml(`The nowcast of ${formatMonth(through)}: the state the projections with --from start from.`)) : ''),
  };
}

async function encountersSection(estimates: CsvRow[], observed: ObservedEncounters | undefined, why: string | undefined): Promise<Section | null> {
  const filtered = totals(estimates, 'encounters');
  if (filtered.length === 0) return null;
  const months = new Set(filtered.map((p) => p.month));
  const seen: BandPoint[] = observed
    ? [...observed.byMonth].filter(([m]) => months.has(m)).sort(([a], [b]) => a.localeCompare(b)).map(([month, rows]) => ({ run: OBSERVED, month, mean: rows.reduce((s, r) => s + r.count, 0) }))
    : [];
  // a filter of the misfit's level also writes the model's counts as the record would count them
  const throughLevel = totals(estimates, 'encounters_seen', SEEN);
  const description = `Southwest-border encounters a month, all origins: ${seen.length ? 'observed, and ' : ''}the filtered mean with its 90% band${throughLevel.length ? ', as the model counts them and as the record would (through the filtered misfit level)' : ''}.`;
  const spec = (width: number) => monthTicks(lineBandSpec([...filtered, ...throughLevel, ...seen], { yTitle: 'encounters a month', width, colours: COLOURS, description }), filtered.length);
  const svg = { wide: await renderSvg(spec(640), description), narrow: await renderSvg(spec(NARROW), description) };
  const counted = observed?.component === 'border-patrol'
    ? ' The data count Border Patrol apprehensions between ports only (the filter compares them with the model\'s between-port encounters); the filtered line is all encounters.'
    : '';
  return {
    id: 'encounters',
    title: 'Observed and filtered encounters',
    html:
      figure(svg, escapeHtml(`Encounters a month, all origins. The band is where 90% of the particles' weight lies after weighting by that month's data.${counted}`), 'encounters') +
      (seen.length ? '' : note(escapeHtml(`No observed line: ${why ?? 'no observations'}.`))),
  };
}

async function essSection(ess: CsvRow[], particles: number | undefined): Promise<Section | null> {
  if (ess.length === 0) return null;
  const values = ess.map((r) => ({ t: monthToTime(str(r, 'month')), ess: num(r, 'ess'), resampled: str(r, 'resampled') === 'yes' ? 'resampled' : 'kept weights' }));
  const span = ess.length;
  // a tick a month on short spans (the default ticks repeat a month's label)
  const x = span >= 24 ? timeX('t', span) : { field: 't', type: 'temporal', scale: { type: 'utc' }, axis: { format: '%b %Y', title: null, labelAngle: 0, tickCount: { interval: 'month', step: Math.ceil(span / 6) } } };
  const half = particles ? particles / 2 : undefined;
  const description = `Effective sample size of the particle filter by month${particles ? ` (of ${particles} particles)` : ''}; it resamples when the size falls below half.`;
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: 'line', interpolate: 'monotone', color: '#0077BB', strokeWidth: 2 },
      encoding: { x, y: { field: 'ess', type: 'quantitative', title: 'effective sample size', scale: { zero: true, ...(particles ? { domainMax: particles } : {}) } } },
    },
    {
      mark: { type: 'point', filled: true, size: 40 },
      encoding: {
        x: { field: 't', type: 'temporal' }, y: { field: 'ess', type: 'quantitative' },
        color: { field: 'resampled', type: 'nominal', title: null, scale: { domain: ['kept weights', 'resampled'], range: ['#0077BB', '#CC3311'] }, legend: { orient: 'top', direction: 'horizontal' } },
      },
    },
  ];
  if (half) layer.push({ data: { values: [{ half }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#888' }, encoding: { y: { field: 'half', type: 'quantitative' } } });
  const spec = (width: number) => ({ description, width, height: 200, data: { values }, layer });
  const svg = { wide: await renderSvg(spec(640), description), narrow: await renderSvg(spec(NARROW), description) };
  const resampled = ess.filter((r) => str(r, 'resampled') === 'yes').length;
  const lowest = Math.min(...ess.map((r) => num(r, 'ess')));
  return {
    id: 'ess',
    title: 'Effective sample size',
    html: figure(svg, escapeHtml(`How many particles carry the weight, month by month (before resampling; red: resampled after that month)${half ? `; the dashed line is half of the ${particles}, where the filter resamples` : ''}. Lowest ${lowest.toFixed(1)}; resampled in ${resampled} of ${ess.length} months. A size that stays near 1 means the data rule out almost every particle: more particles, or a wider observation model.`), 'ess'),
  };
}

/** Pure apart from reading: the page for a nowcast folder. */
export async function renderNowcastReport(dir: string, observedGiven?: ObservedEncounters): Promise<string> {
  const info = JSON.parse(readFileSync(join(dir, NOWCAST_FILE), 'utf8')) as NowcastRead;
  const estimates = readCsv(dir, 'estimates.csv');
  const ess = readCsv(dir, 'ess.csv');
  const through = info.through ?? str(estimates[estimates.length - 1] ?? {}, 'month');
  const { observed, why } = observedGiven ? { observed: observedGiven, why: undefined } : observedFromFile(info.data);
  const sections = [await hiddenSection(estimates, through), await encountersSection(estimates, observed, why), await essSection(ess, info.particles)]
    .filter((s): s is Section => s !== null);
  const meta: string[] = [];
  if (info.since && info.through) meta.push(escapeHtml(`${formatMonth(info.since)} – ${formatMonth(info.through)} assimilated`));
  if (info.particles) meta.push(escapeHtml(`${info.particles} particles`));
  if (info.scale) meta.push(`<span class="scale">${escapeHtml(scaleText(info.scale))}</span>`);
  if (info.seed !== undefined) meta.push(escapeHtml(`seed ${info.seed}`));
  if (info.scenario) meta.push(`<code>${escapeHtml(info.scenario)}</code>`);
  if (info.data) meta.push(`data <code>${escapeHtml(info.data)}</code>`);
  if (info.logLikelihood !== undefined && Number.isFinite(info.logLikelihood)) meta.push(escapeHtml(`log-likelihood ${info.logLikelihood.toFixed(1)}`));
  return page({
    title: `Nowcast of ${formatMonth(through)}`,
    kicker: 'Corridor · nowcast',
    lede: `The model's state conditioned on the monthly encounters by origin${info.since ? ` from ${formatMonth(info.since)}` : ''} to ${formatMonth(through)}: a particle filter over whole simulation states, each particle with its parameters drawn from the calibration's posterior${info.posterior ? ` (${info.posterior})` : ''}.`,
    meta,
    sections,
    footer:
      'Made by corridor nowcast from estimates.csv, ess.csv and nowcast.json in this folder, and the data file it assimilated; parameters.csv has the parameters after assimilation. ' +
      `nowcast.states.json.gz holds ${info.kept ?? 'the'} particle states resampled by weight at ${formatMonth(through)}: corridor run, compare and sweep start from them with --from, and corridor nowcast export writes a few for the classroom page. ` +
      'Estimates of what no one observes rest on the model: they are as good as its mechanisms and the calibration.',
  });
}

/** Writes report.html into a nowcast folder, atomically; returns its path. */
export async function writeNowcastReport(dir: string, observed?: ObservedEncounters): Promise<string> {
  const html = await renderNowcastReport(dir, observed);
  const target = join(dir, 'report.html');
  writeFileAtomic(target, html);
  return target;
}
