/**
 * The report's sections about the run itself: encounters by origin, deaths, waiting and money,
 * the flow from origins to outcomes, border sectors, calibration, levers and provenance. Each
 * builder returns null when its data is absent, so a plain run, a comparison, a sweep and a
 * calibration all get the same page with only what applies (headline.ts, baseline.ts and
 * sweep.ts hold the others).
 */
import {
  fitSpec,
  lineBandSpec,
  sectorBarsSpec,
  sectorDeathsSpec,
  stackedByOriginSpec,
  type BandPoint,
  type FitPoint,
} from './charts.ts';
import { num, str, type CsvRow } from './csv.ts';
import { meanOverSeeds, seedsOf, summarySeries } from './data.ts';
import { headlineSpan, replicationNote, type RunFacts } from './facts.ts';
import { flowSpec, flowTotals } from './flows.ts';
import { formatMonth, formatShare, formatValue, scaleText } from '../format.ts';
import { escapeHtml, figure, table, type Section } from './html.ts';
import { leverRows, type Provenance } from './levers.ts';
import type { ReportInput } from './load.ts';
import { originLabel, outcomeLabel, sectorRank } from './labels.ts';
import { renderSvg } from './vega.ts';

// ---------------------------------------------------------------------------------------------
// 2. Encounters by origin

function originSeries(monthly: CsvRow[], metric: string): { month: string; origin: string; value: number }[] {
  return meanOverSeeds(
    monthly.filter((r) => str(r, 'origin') !== 'TOTAL'),
    ['month', 'origin'],
  ).map((g) => ({ month: g.keys.month, origin: g.keys.origin, value: g.values[metric] ?? 0 }));
}

/** What a monthly series by origin shows, in words, for screen readers. */
function originSeriesLabel(title: string, points: { month: string; origin: string; value: number }[], facts: RunFacts, money = false): string {
  const byMonth = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  for (const p of points) {
    byMonth.set(p.month, (byMonth.get(p.month) ?? 0) + p.value);
    byOrigin.set(p.origin, (byOrigin.get(p.origin) ?? 0) + p.value);
  }
  const [peakMonth, peak] = [...byMonth].reduce((a, b) => (b[1] > a[1] ? b : a), ['', -Infinity]);
  const [top] = [...byOrigin].reduce((a, b) => (b[1] > a[1] ? b : a), ['', -Infinity]);
  const span = headlineSpan(facts);
  const inSpan = [...byMonth].filter(([m]) => m >= span.from && m <= span.to).map(([, v]) => v);
  const recent = inSpan.length ? `; ${formatValue(inSpan.reduce((a, b) => a + b, 0) / inSpan.length, money)} a month on average in ${span.label}` : '';
  return `${title} by origin, ${formatMonth(facts.firstMonth)} – ${formatMonth(facts.lastMonth)}: highest ${formatValue(peak, money)} in ${formatMonth(peakMonth)}${recent}; the largest origin over the run is ${originLabel(top)}.`;
}

/** A monthly metric stacked by origin, drawn for wide screens and for phones. */
async function stackedFigure(input: ReportInput, facts: RunFacts, metric: string, opts: { mark: 'bar' | 'area'; yTitle: string; title: string; height?: number }, caption: string): Promise<string> {
  const points = originSeries(input.monthly, metric);
  const label = originSeriesLabel(opts.title, points, facts);
  const spec = (narrow: boolean) => stackedByOriginSpec(points, { mark: opts.mark, yTitle: opts.yTitle, height: opts.height, narrow, description: label });
  const [wide, narrow] = [await renderSvg(spec(false), label), await renderSvg(spec(true), label)];
  return figure({ wide, narrow }, escapeHtml(caption), metric);
}

export async function encountersSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  if (!facts.columns.has('encounters')) return null;
  const caption =
    'Border Patrol and port-of-entry encounters per month, stacked by origin: the top edge is the total, ' +
    'the height of each band is one origin. The same person can be encountered more than once.' +
    replicationNote(facts);
  const html = await stackedFigure(input, facts, 'encounters', { mark: 'area', yTitle: 'Encounters per month', title: 'Encounters per month' }, caption);
  return { id: 'encounters', title: 'Encounters by origin', html };
}

// ---------------------------------------------------------------------------------------------
// 4. Deaths, waiting, fees and revenue

/** "from $6,950 in Oct 2019 to $15k in Dec 2030". */
function seriesWords(points: { month: string; mean: number }[], facts: RunFacts, money: boolean): string {
  if (points.length === 0) return 'no data';
  const first = points[0];
  const last = points[points.length - 1];
  return `from ${formatValue(first.mean, money)} in ${formatMonth(first.month)} to ${formatValue(last.mean, money)} in ${formatMonth(last.month)}${replicationNote(facts) ? ' (means over replications)' : ''}`;
}

export async function dynamicsSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  const parts: string[] = [];
  const note = replicationNote(facts);
  if (facts.columns.has('deaths')) {
    parts.push(await stackedFigure(input, facts, 'deaths', { mark: 'bar', yTitle: 'Deaths per month', title: 'Deaths on the way per month', height: 200 },
      'Deaths on the way each month, stacked by origin (all segments of the journey, in transit and at the crossing).' + note));
  }
  if (facts.columns.has('waiting_mexico')) {
    parts.push(await stackedFigure(input, facts, 'waiting_mexico', { mark: 'area', yTitle: 'Persons waiting', title: 'People waiting in northern Mexico at the end of each month', height: 200 },
      'People waiting in Mexico at the end of each month (a stock, not a flow): those holding for an appointment, a crossing or a smuggler, stacked by origin.' + note));
  }
  const money: string[] = [];
  if (facts.columns.has('smuggled') && facts.columns.has('smuggler_revenue_usd')) {
    const fee = facts.totals.filter((t) => Number.isFinite(t.values.mean_fee_usd)).map((t) => ({ run: 'Scenario', month: t.month, mean: t.values.mean_fee_usd }));
    if (fee.length) {
      const label = `Mean smuggler fee per smuggled crossing, by month: ${seriesWords(fee, facts, true)}.`;
      const svg = await renderSvg(lineBandSpec(fee, { title: 'Mean smuggler fee per crossing', money: true, legend: false, description: label }), label);
      money.push(figure(svg, escapeHtml('Smuggler revenue divided by smuggled crossings each month, all origins together: the price of a crossing.')));
    }
  }
  if (facts.columns.has('smuggler_revenue_usd')) {
    const banded = summarySeries(input.summaryMonthly, 'smuggler_revenue_usd');
    const points: BandPoint[] = banded.length
      ? banded.map((p) => ({ run: 'Scenario', ...p }))
      : facts.totals.map((t) => ({ run: 'Scenario', month: t.month, mean: t.values.smuggler_revenue_usd }));
    const label = `Smuggler revenue per month, all origins: ${seriesWords(points, facts, true)}.`;
    const svg = await renderSvg(lineBandSpec(points, { title: 'Smuggler revenue per month', money: true, legend: false, description: label }), label);
    const band = banded.length ? ' The band holds 90% of replications.' : '';
    money.push(figure(svg, escapeHtml(`Fees paid to smugglers each month, all origins together.${band}`)));
  }
  if (money.length) parts.push(`<div class="grid2">${money.join('')}</div>`);
  if (parts.length === 0) return null;
  return { id: 'dynamics', title: 'Deaths, waiting and money', html: parts.join('') };
}

// ---------------------------------------------------------------------------------------------
// 5. Flows

export async function flowsSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  if (!input.flows?.length) return null;
  const flows = flowTotals(input.flows);
  if (flows.length === 0) return null;
  const total = flows.reduce((a, f) => a + f.persons, 0);
  const byOutcome = new Map<string, number>();
  for (const f of flows) byOutcome.set(f.outcome, (byOutcome.get(f.outcome) ?? 0) + f.persons);
  const outcomes = [...byOutcome].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([o, v]) => `${outcomeLabel(o).toLowerCase()} ${formatShare(v / total)}`);
  const label = `Where the ${formatValue(total, false)} persons who left home went, from origin through route to their outcome at the end of the run: ${outcomes.join(', ')}.`;
  const svg = await renderSvg(flowSpec(flows, label, facts.scale), label);
  const seeds = seedsOf(input.flows).length;
  const caption =
    'Everyone who left home during the run, from origin (left) through the route they took (middle) to where they stood when the run ended (right). ' +
    'Band widths are proportional to persons. Left-hand bands are coloured by origin, right-hand bands by outcome; ' +
    'the diagram does not say which origin’s people took which right-hand band, only how each route’s people ended up.' +
    (seeds > 1 ? ` Means over ${seeds} replications.` : '') +
    ' On a narrow screen the diagram scrolls sideways.';
  return { id: 'flows', title: 'Where people went', html: figure(svg, escapeHtml(caption), 'flows') };
}

// ---------------------------------------------------------------------------------------------
// 6. Sectors

export async function sectorsSection(input: ReportInput): Promise<Section | null> {
  if (!input.sectors?.length) return null;
  const groups = meanOverSeeds(input.sectors, ['sector']).map((g) => ({
    sector: g.keys.sector,
    encounters: g.values.encounters as number | undefined,
    gotaways: g.values.gotaways as number | undefined,
    deaths: g.values.deaths as number | undefined,
  }));
  if (groups.length === 0) return null;
  const allKnown = groups.every((g) => sectorRank(g.sector) !== undefined);
  const sorted = [...groups].sort((a, b) =>
    allKnown ? sectorRank(a.sector)! - sectorRank(b.sector)! : (b.encounters ?? 0) - (a.encounters ?? 0),
  );
  const order = allKnown ? 'from west (top) to east' : 'by encounters';
  const figures: string[] = [];
  if (sorted.some((g) => g.encounters !== undefined)) {
    const top = [...sorted].sort((a, b) => (b.encounters ?? 0) - (a.encounters ?? 0))[0];
    const label = `Encounters and got-aways per Border Patrol sector over the run; most encounters in ${top.sector} (${formatValue(top.encounters ?? 0, false)}).`;
    const svg = await renderSvg(
      sectorBarsSpec(sorted.map((g) => ({ sector: g.sector, encounters: g.encounters ?? 0, gotaways: g.gotaways ?? 0 })), label),
      label,
    );
    figures.push(figure(svg, escapeHtml(`Encounters and got-aways (people seen but not caught) per sector over the whole run, sectors ${order}.`)));
  }
  if (sorted.some((g) => g.deaths !== undefined)) {
    const top = [...sorted].sort((a, b) => (b.deaths ?? 0) - (a.deaths ?? 0))[0];
    const label = `Deaths per sector over the run; most in ${top.sector} (${formatValue(top.deaths ?? 0, false)}).`;
    const svg = await renderSvg(sectorDeathsSpec(sorted.map((g) => ({ sector: g.sector, deaths: g.deaths ?? 0 })), label), label);
    figures.push(figure(svg, escapeHtml(`Deaths in each sector’s crossing zone over the whole run, sectors ${order}.`)));
  }
  if (figures.length === 0) return null;
  return { id: 'sectors', title: 'Border sectors', html: `<div class="grid2">${figures.join('')}</div>` };
}

// ---------------------------------------------------------------------------------------------
// 8. Calibration

/** Rows of fit.csv or darien.csv as chart points: origin, a month on the time axis, observed, simulated and the band's columns (`<band>_p05`, `<band>_p95`). */
function fitPoints(rows: CsvRow[], month: (r: CsvRow) => string, band: 'pred' | 'sim'): FitPoint[] {
  return rows.map((r) => ({
    origin: str(r, 'origin'),
    month: month(r),
    observed: num(r, 'observed'),
    simulated: num(r, 'simulated'),
    pred_p05: num(r, `${band}_p05`),
    pred_p95: num(r, `${band}_p95`),
  }));
}

/** The small multiples of observed against simulated, in a wide and a narrow drawing. */
async function fitFigure(points: FitPoint[], label: string): Promise<{ wide: string; narrow: string }> {
  return { wide: await renderSvg(fitSpec(points, label), label), narrow: await renderSvg(fitSpec(points, label, true), label) };
}

export async function calibrationSection(input: ReportInput): Promise<Section | null> {
  const rows = input.fit ?? [];
  if (rows.length === 0) return null;
  const points = fitPoints(rows, (r) => str(r, 'month'), 'pred');
  const label = 'Observed monthly encounters against the simulated mean and its 90% predictive band, one panel per origin.';
  const svg = await fitFigure(points, label);
  const judged = points.filter((p) => p.origin !== 'TOTAL' && [p.observed, p.pred_p05, p.pred_p95].every(Number.isFinite));
  const inside = judged.filter((p) => p.observed >= p.pred_p05 && p.observed <= p.pred_p95).length;
  const coverage = judged.length
    ? ` Observed values fall inside the band in ${Math.round((100 * inside) / judged.length)}% of ${judged.length} origin-months (about 90% is what a well-calibrated model would show).`
    : '';
  const caption =
    'Published monthly encounters (black dots) against the model (blue line, the mean over posterior draws; shaded, the 90% predictive interval: the parameters, the simulator’s noise and the observation model), one panel per origin. ' +
    'Each panel has its own vertical scale, so compare shapes across panels, not heights.' +
    coverage;
  return { id: 'calibration', title: 'Model vs data', html: figure(svg, escapeHtml(caption), 'fit') };
}

/** validate-fit's second series: the model's arrivals at the Darién hub against Panama's yearly count. */
export async function darienSection(input: ReportInput): Promise<Section | null> {
  const rows = input.darien ?? [];
  if (rows.length === 0) return null;
  // one point a year, drawn at mid-year on the same time axis as the monthly panels
  const points = fitPoints(rows, (r) => `${str(r, 'year')}-07`, 'sim');
  const label = "Yearly crossings of the Darién Gap counted by Panama against the model's arrivals at the Darién hub and its 90% band, one panel per nationality.";
  const svg = await fitFigure(points, label);
  const renamed = [...new Set(rows.filter((r) => str(r, 'origin') !== str(r, 'nationality')).map((r) => `${str(r, 'origin')} is Panama’s ${str(r, 'nationality')}`))];
  const caption =
    'A second series, counted in Panama weeks before and 2,500 km south of the US border: irregular crossings of the Darién Gap by nationality a year ' +
    '(black dots; Panama’s migration service, SNM) against the model’s arrivals at its Darién hub (blue line, the mean over posterior draws; shaded, 90% of the draws: the parameters and the simulator’s noise, no observation model). ' +
    `Each panel is a model origin and Panama’s group of the same name${renamed.length ? ` (except: ${renamed.join('; ')})` : ''}, with its own vertical scale.`;
  return { id: 'darien', title: 'Second series: the Darién Gap', html: figure(svg, escapeHtml(caption), 'fit') };
}

// ---------------------------------------------------------------------------------------------
// 9. Levers and provenance

function commandText(command: unknown): string {
  if (Array.isArray(command)) return command.join(' ');
  return command === undefined ? '' : String(command);
}

export function leversSection(input: ReportInput, facts: RunFacts): Section {
  const m = input.manifest;
  const parts: string[] = [];
  const levers = leverRows(m.scenarioText);
  if (levers.length) {
    parts.push('<p class="intro">What this scenario changes, as written in its scenario file (each value in words from its time value: steps from their dates, ramps between two dates, expressions as written), with the provenance the file gives. Everything else keeps the default of the model or of the scenario it extends.</p>');
    const provenance = (list: Provenance[]) => list.map((p) => `<div><em>${escapeHtml(p.kind)}:</em> ${escapeHtml(p.text)}</div>`).join('');
    const body = levers.flatMap((l) => l.entries.map((e, i) => [
      i === 0 ? `<code>${escapeHtml(l.lever)}</code>${l.label ? `<div class="when">${escapeHtml(l.label)}</div>` : ''}` : '',
      escapeHtml(e.who),
      `<div class="lever-value">${escapeHtml(e.value)}</div>`,
      `<div class="lever-value">${provenance([...e.provenance, ...(i === 0 ? l.provenance : [])])}</div>`,
    ]));
    parts.push(table(['Lever', 'Applies to', 'Value', 'Provenance'], body));
  } else if (m.scenarioText) {
    parts.push('<p class="intro">The scenario file sets no <code>levers:</code>; it runs the model with its defaults.</p>');
  }

  const seeds = facts.seeds.length > 1 ? `${facts.seeds.length} replications (seeds ${facts.seeds.slice(0, 5).join(', ')}${facts.seeds.length > 5 ? ', …' : ''})` : '';
  const manifestRows: [string, string][] = [
    ['Scenario', m.scenario ?? ''],
    ['Scenario file', m.scenarioFile ?? ''],
    ['Scenario hash', m.scenarioHash ?? ''],
    ['Seed', m.seed === undefined ? '' : String(m.seed)],
    ['Replications', m.reps !== undefined ? String(m.reps) : seeds],
    ['Period', facts.firstMonth ? `${formatMonth(facts.firstMonth)} – ${formatMonth(facts.lastMonth)}` : ''],
    ['Headline window', facts.window ? `${facts.window.label} (the last five full calendar years)` : ''],
    ['Scale', facts.scale ? scaleText(facts.scale) : ''],
    ['Corridor version', m.version ?? ''],
    ['Git commit', m.gitCommit ?? ''],
    ['Started', m.startedAt ?? ''],
    ['Finished', m.finishedAt ?? ''],
    ['Command', commandText(m.command)],
  ];
  const mono = new Set(['Scenario hash', 'Git commit', 'Command', 'Scenario file']);
  parts.push('<h3>Run manifest</h3>');
  parts.push(
    table(
      ['Field', 'Value'],
      manifestRows
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [escapeHtml(k), mono.has(k) ? `<code>${escapeHtml(v)}</code>` : escapeHtml(v)]),
    ),
  );
  if (m.scenarioText) {
    parts.push(`<details><summary>Scenario file as run</summary><pre>${escapeHtml(m.scenarioText)}</pre></details>`);
  }
  return { id: 'levers', title: 'Levers and provenance', html: parts.join('') };
}
