/**
 * The report's sections. Each builder returns null when its data is absent, so a plain run,
 * a comparison, a sweep and a calibration all get the same page with only what applies.
 */
import {
  fitSpec,
  HALF,
  lineBandSpec,
  morrisSpec,
  sectorBarsSpec,
  sectorDeathsSpec,
  sobolSpec,
  stackedByOriginSpec,
  type BandPoint,
  type FitPoint,
  type SobolRow,
} from './charts.ts';
import { num, str, type CsvRow } from './csv.ts';
import {
  lastFullYear,
  meanOverSeeds,
  monthlyTotals,
  seedsOf,
  sumValues,
  summarySeries,
  withMeanFee,
} from './data.ts';
import { flowSpec, flowTotals } from './flows.ts';
import { formatChange, formatMonth, formatRelative, formatValue } from '../format.ts';
import { escapeHtml, figure, table, type Section } from './html.ts';
import { isMoney, metricLabel, METRICS, sectorRank } from './labels.ts';
import { leverRows } from './levers.ts';
import type { ReportInput } from './load.ts';
import { renderSvg } from './vega.ts';

type Totals = ReturnType<typeof monthlyTotals>;

/** What every section needs to know about the run, computed once. */
export interface RunFacts {
  totals: Totals;
  months: string[];
  firstMonth: string;
  lastMonth: string;
  fullYear?: number;
  seeds: string[];
  columns: Set<string>;
}

export function runFacts(input: ReportInput): RunFacts {
  const totals = monthlyTotals(input.monthly.filter((r) => str(r, 'origin') !== 'TOTAL'));
  const months = totals.map((t) => t.month);
  return {
    totals,
    months,
    firstMonth: months[0] ?? '',
    lastMonth: months[months.length - 1] ?? '',
    fullYear: lastFullYear(months),
    seeds: seedsOf(input.monthly),
    columns: new Set(input.monthly.length ? Object.keys(input.monthly[0]) : []),
  };
}

function replicationNote(facts: RunFacts): string {
  return facts.seeds.length > 1 ? ` Values are means over ${facts.seeds.length} replications.` : '';
}

/** Comparison rows for the whole border (origin TOTAL, or no origin column). */
function comparisonTotals(rows: CsvRow[] | undefined): CsvRow[] {
  if (!rows) return [];
  const total = rows.filter((r) => str(r, 'origin') === 'TOTAL' || str(r, 'origin') === '');
  return total.length ? total : rows;
}

// ---------------------------------------------------------------------------------------------
// 1. Headline

interface CardDef {
  metric: string;
  label: string;
  kind: 'flow' | 'stock' | 'fee';
}

const CARDS: CardDef[] = [
  { metric: 'encounters', label: 'Encounters at the border', kind: 'flow' },
  { metric: 'deaths', label: 'Deaths on the way', kind: 'flow' },
  { metric: 'smuggler_revenue_usd', label: 'Smuggler revenue', kind: 'flow' },
  { metric: 'mean_fee_usd', label: 'Mean smuggler fee', kind: 'fee' },
  { metric: 'entered', label: 'Entered the US', kind: 'flow' },
  { metric: 'waiting_mexico', label: 'Waiting in Mexico', kind: 'stock' },
];

function cardValue(def: CardDef, rows: Totals): number {
  if (rows.length === 0) return Number.NaN;
  if (def.kind === 'stock') return rows[rows.length - 1].values[def.metric] ?? Number.NaN;
  const sums = sumValues(rows);
  if (def.kind === 'fee') return withMeanFee(sums).mean_fee_usd ?? Number.NaN;
  return sums[def.metric] ?? Number.NaN;
}

function headlineCards(input: ReportInput, facts: RunFacts): string {
  const { totals, fullYear } = facts;
  const yearRows = fullYear === undefined ? [] : totals.filter((t) => t.month.startsWith(`${fullYear}-`));
  const comparison = comparisonTotals(input.comparison);
  const cards = CARDS.filter((def) => def.kind === 'fee' ? facts.columns.has('smuggled') && facts.columns.has('smuggler_revenue_usd') : facts.columns.has(def.metric)).map((def) => {
    const money = isMoney(def.metric);
    const run = cardValue(def, totals);
    const runText =
      def.kind === 'stock'
        ? `${formatValue(run, money)} at the end of the run`
        : `${formatValue(run, money)} over the whole run`;
    let big = run;
    let when = def.kind === 'stock' ? `at the end of ${formatMonth(facts.lastMonth)}` : `over the run`;
    let runLine = '';
    if (fullYear !== undefined) {
      big = cardValue(def, yearRows);
      when = def.kind === 'stock' ? `at the end of ${fullYear}` : def.kind === 'fee' ? `average, calendar year ${fullYear}` : `in calendar year ${fullYear}`;
      const sameMoment = def.kind === 'stock' && facts.lastMonth === `${fullYear}-12`;
      if (!sameMoment) runLine = `<div class="run">${escapeHtml(runText)}</div>`;
    }
    const row = comparison.find((r) => str(r, 'metric') === def.metric && str(r, 'period') === `CY${fullYear}`);
    const delta = row
      ? `<div class="delta">${escapeHtml(formatRelative(num(row, 'rel_mean'), num(row, 'rel_p05'), num(row, 'rel_p95')))} vs baseline</div>`
      : '';
    return `<div class="card"><div class="label">${escapeHtml(def.label)}</div><div class="big">${escapeHtml(formatValue(big, money))}</div><div class="when">${escapeHtml(when)}</div>${runLine}${delta}</div>`;
  });
  return `<div class="cards">${cards.join('')}</div>`;
}

const ANNUAL_COLUMNS = ['encounters', 'entered', 'released', 'expelled', 'removed', 'deaths', 'smuggler_revenue_usd', 'mean_fee_usd'];

function annualTable(annual: CsvRow[], months: string[], prefix: 'CY' | 'FY'): string {
  const rows = annual.filter((r) => str(r, 'period').startsWith(prefix) && str(r, 'origin') !== 'TOTAL');
  if (rows.length === 0) return '';
  const byPeriod = meanOverSeeds(rows, ['period']).sort((a, b) => a.keys.period.localeCompare(b.keys.period));
  const present = ANNUAL_COLUMNS.filter((c) => (c === 'mean_fee_usd' ? 'smuggled' in byPeriod[0].values : c in byPeriod[0].values));
  const monthSet = new Set(months);
  const complete = (period: string): boolean => {
    const year = Number(period.slice(2));
    const start = prefix === 'CY' ? Date.UTC(year, 0, 1) : Date.UTC(year - 1, 9, 1);
    for (let i = 0; i < 12; i++) {
      const d = new Date(start);
      d.setUTCMonth(d.getUTCMonth() + i);
      if (!monthSet.has(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`)) return false;
    }
    return true;
  };
  const body = byPeriod.map((g) => {
    const values = withMeanFee(g.values);
    const partial = complete(g.keys.period) ? '' : ' <span class="when">(partial)</span>';
    return [`${escapeHtml(g.keys.period)}${partial}`, ...present.map((c) => escapeHtml(formatValue(values[c], isMoney(c))))];
  });
  return table(['Period', ...present.map((c) => escapeHtml(metricLabel(c)))], body, [false, ...present.map(() => true)]);
}

export function headlineSection(input: ReportInput, facts: RunFacts): Section {
  const parts = [headlineCards(input, facts)];
  if (input.annual?.length) {
    const cy = annualTable(input.annual, facts.months, 'CY');
    const fy = annualTable(input.annual, facts.months, 'FY');
    if (cy) parts.push(`<h3>Year by year (calendar years)</h3>${cy}`);
    if (fy) parts.push(`<details><summary>US fiscal years (October–September)</summary>${fy}</details>`);
  }
  const note = facts.fullYear !== undefined
    ? `Big numbers are for ${facts.fullYear}, the last complete calendar year of the run; the line below each gives the whole run.`
    : 'The run has no complete calendar year, so the numbers cover the whole run.';
  return {
    id: 'headline',
    title: 'At a glance',
    html: `<p class="intro">${escapeHtml(note + replicationNote(facts))}</p>${parts.join('')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Encounters by origin

function originSeries(monthly: CsvRow[], metric: string): { month: string; origin: string; value: number }[] {
  return meanOverSeeds(
    monthly.filter((r) => str(r, 'origin') !== 'TOTAL'),
    ['month', 'origin'],
  ).map((g) => ({ month: g.keys.month, origin: g.keys.origin, value: g.values[metric] ?? 0 }));
}

export async function encountersSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  if (!facts.columns.has('encounters')) return null;
  const svg = await renderSvg(
    stackedByOriginSpec(originSeries(input.monthly, 'encounters'), {
      mark: 'area',
      yTitle: 'Encounters per month',
      description: 'Monthly encounters at the southwest border, stacked by origin.',
    }),
  );
  const caption =
    'Border Patrol and port-of-entry encounters per month, stacked by origin: the top edge is the total, ' +
    'the height of each band is one origin. The same person can be encountered more than once.' +
    replicationNote(facts);
  return { id: 'encounters', title: 'Encounters by origin', html: figure(svg, escapeHtml(caption)) };
}

// ---------------------------------------------------------------------------------------------
// 3. Scenario vs baseline

const COMPARED = [
  { metric: 'encounters', title: 'Encounters per month' },
  { metric: 'deaths', title: 'Deaths per month' },
  { metric: 'smuggler_revenue_usd', title: 'Smuggler revenue per month' },
  { metric: 'waiting_mexico', title: 'Waiting in Mexico (end of month)' },
];

function runSeries(run: string, summary: CsvRow[] | undefined, monthly: CsvRow[] | undefined, metric: string): BandPoint[] {
  const fromSummary = summarySeries(summary, metric);
  if (fromSummary.length) return fromSummary.map((p) => ({ run, ...p }));
  if (!monthly?.length) return [];
  return monthlyTotals(monthly.filter((r) => str(r, 'origin') !== 'TOTAL'))
    .filter((t) => Number.isFinite(t.values[metric]))
    .map((t) => ({ run, month: t.month, mean: t.values[metric] }));
}

const KEY_METRICS = ['encounters', 'unique_encountered', 'gotaways', 'entered', 'released', 'paroled', 'expelled', 'removed', 'deaths', 'waiting_mexico', 'smuggler_revenue_usd', 'mean_fee_usd'];

function metricRank(metric: string): number {
  const i = Object.keys(METRICS).indexOf(metric);
  const k = KEY_METRICS.indexOf(metric);
  return k >= 0 ? k : 100 + (i >= 0 ? i : 100);
}

function periodRank(period: string): string {
  // Calendar years, then fiscal years, then anything else (e.g. a whole-run period).
  const kind = period.startsWith('CY') ? 0 : period.startsWith('FY') ? 1 : 2;
  return `${kind}${period}`;
}

function comparisonTable(rows: CsvRow[]): string {
  const hasOrigin = rows.some((r) => str(r, 'origin') !== 'TOTAL' && str(r, 'origin') !== '');
  const sorted = [...rows].sort(
    (a, b) =>
      metricRank(str(a, 'metric')) - metricRank(str(b, 'metric')) ||
      periodRank(str(a, 'period')).localeCompare(periodRank(str(b, 'period'))) ||
      str(a, 'origin').localeCompare(str(b, 'origin')),
  );
  const body = sorted.map((r) => {
    const metric = str(r, 'metric');
    const money = isMoney(metric);
    return [
      escapeHtml(metricLabel(metric)),
      ...(hasOrigin ? [escapeHtml(str(r, 'origin'))] : []),
      escapeHtml(str(r, 'period')),
      escapeHtml(formatValue(num(r, 'baseline_mean'), money)),
      escapeHtml(formatValue(num(r, 'scenario_mean'), money)),
      `<strong>${escapeHtml(formatRelative(num(r, 'rel_mean'), num(r, 'rel_p05'), num(r, 'rel_p95')))}</strong>`,
      escapeHtml(formatChange(num(r, 'diff_mean'), num(r, 'diff_p05'), num(r, 'diff_p95'), money)),
    ];
  });
  const head = ['Metric', ...(hasOrigin ? ['Origin'] : []), 'Period', 'Baseline', 'Scenario', 'Relative change [90%]', 'Absolute change [90%]'];
  const numeric = head.map((_, j) => j >= head.length - 4);
  return table(head, body, numeric);
}

/** Metrics down, calendar years across, relative change of the mean in each cell. */
function relativePivot(rows: CsvRow[], years: string[]): string {
  const metrics = [...new Set(rows.map((r) => str(r, 'metric')))].sort((a, b) => metricRank(a) - metricRank(b));
  const body = metrics.map((metric) => [
    escapeHtml(metricLabel(metric)),
    ...years.map((y) => {
      const r = rows.find((x) => str(x, 'metric') === metric && str(x, 'period') === y);
      return r ? escapeHtml(formatRelative(num(r, 'rel_mean'), Number.NaN, Number.NaN)) : '';
    }),
  ]);
  return `<div class="pivot">${table(['Metric', ...years.map((y) => escapeHtml(y.slice(2)))], body, [false, ...years.map(() => true)])}</div>`;
}

export async function comparisonSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  const baseline = input.baseline;
  const comparison = comparisonTotals(input.comparison);
  const hasBaseline = !!(baseline?.summaryMonthly?.length || baseline?.monthly?.length);
  if (!hasBaseline && comparison.length === 0) return null;
  const parts: string[] = [];

  const scenarioName = input.manifest.scenario ?? 'scenario';
  const baselineName = baseline?.manifest?.scenario ?? 'baseline';
  parts.push(
    `<p class="intro">The scenario <strong>${escapeHtml(scenarioName)}</strong> against the baseline <strong>${escapeHtml(baselineName)}</strong>. ` +
      'Both runs share their random numbers replication by replication, so differences come from the levers, not from chance.</p>',
  );

  if (hasBaseline) {
    const charts = await Promise.all(
      COMPARED.map(async ({ metric, title }) => {
        const points = [
          ...runSeries('Baseline', baseline?.summaryMonthly, baseline?.monthly, metric),
          ...runSeries('Scenario', input.summaryMonthly, input.monthly, metric),
        ];
        if (points.length === 0) return '';
        return renderSvg(
          lineBandSpec(points, {
            title,
            money: isMoney(metric),
            width: HALF,
            description: `${title}: scenario and baseline with 90% bands.`,
          }),
        );
      }),
    );
    const banded = !!(input.summaryMonthly?.length && baseline?.summaryMonthly?.length);
    const caption = banded
      ? 'Lines are the mean over replications, all origins together; shaded bands hold 90% of replications (5th to 95th percentile). Where bands overlap, the two runs are hard to tell apart that month.'
      : 'Lines are all origins together. Bands appear when both runs have replications (summary_monthly.csv).';
    parts.push(`<div class="grid2">${charts.filter(Boolean).map((svg) => figure(svg, '')).join('')}</div>`);
    parts.push(`<p class="intro" style="font-size:.86rem;color:var(--muted)">${escapeHtml(caption)}</p>`);
  }

  if (comparison.length) {
    const key = comparison.filter((r) => KEY_METRICS.includes(str(r, 'metric')));
    const rows = key.length ? key : comparison;
    // The headline year (last complete calendar year) in full, then every calendar year at a glance.
    const years = [...new Set(rows.map((r) => str(r, 'period')).filter((p) => /^CY\d{4}$/.test(p)))].sort();
    const focus = facts.fullYear !== undefined && years.includes(`CY${facts.fullYear}`) ? `CY${facts.fullYear}` : years[years.length - 1];
    const focusRows = focus ? rows.filter((r) => str(r, 'period') === focus) : [];
    const otherPeriods = rows.filter((r) => !/^(CY|FY)\d{4}$/.test(str(r, 'period')));
    const main = [...focusRows, ...otherPeriods];
    parts.push(`<h3>Differences, scenario minus baseline${focus ? ` (${escapeHtml(focus)})` : ''}</h3>`);
    parts.push(comparisonTable(main.length ? main : rows));
    parts.push(
      '<p class="intro" style="font-size:.86rem;color:var(--muted)">Each difference is computed replication by replication (paired runs); ' +
        'the brackets give the 5th and 95th percentiles of those differences, in the unit of the value before them. Relative changes are against the baseline.</p>',
    );
    if (years.length > 1) {
      parts.push('<h3>Relative change by calendar year</h3>');
      parts.push(relativePivot(rows, years));
    }
    parts.push(`<details><summary>All ${comparison.length} comparisons (every metric, calendar and fiscal years, with intervals)</summary>${comparisonTable(comparison)}</details>`);
  }
  return { id: 'comparison', title: 'Scenario vs baseline', html: parts.join('') };
}

// ---------------------------------------------------------------------------------------------
// 4. Deaths, waiting, fees and revenue

export async function dynamicsSection(input: ReportInput, facts: RunFacts): Promise<Section | null> {
  const parts: string[] = [];
  const note = replicationNote(facts);
  // a monthly metric stacked by origin, with its caption
  const stacked = async (metric: string, mark: 'bar' | 'area', yTitle: string, description: string, caption: string) => {
    if (!facts.columns.has(metric)) return;
    const svg = await renderSvg(stackedByOriginSpec(originSeries(input.monthly, metric), { mark, yTitle, height: 200, description }));
    parts.push(figure(svg, escapeHtml(caption + note)));
  };
  await stacked('deaths', 'bar', 'Deaths per month', 'Deaths per month on the way, stacked by origin.',
    'Deaths on the way each month, stacked by origin (all segments of the journey, in transit and at the crossing).');
  await stacked('waiting_mexico', 'area', 'Persons waiting', 'People waiting in northern Mexico at the end of each month, stacked by origin.',
    'People waiting in Mexico at the end of each month (a stock, not a flow): those holding for an appointment, a crossing or a smuggler, stacked by origin.');
  const money: string[] = [];
  if (facts.columns.has('smuggled') && facts.columns.has('smuggler_revenue_usd')) {
    const fee = facts.totals.filter((t) => Number.isFinite(t.values.mean_fee_usd)).map((t) => ({ run: 'Scenario', month: t.month, mean: t.values.mean_fee_usd }));
    if (fee.length) {
      const svg = await renderSvg(lineBandSpec(fee, { title: 'Mean smuggler fee per crossing', money: true, legend: false, description: 'Mean smuggler fee per smuggled crossing, by month.' }));
      money.push(figure(svg, escapeHtml('Smuggler revenue divided by smuggled crossings each month, all origins together: the price of a crossing.')));
    }
  }
  if (facts.columns.has('smuggler_revenue_usd')) {
    const banded = summarySeries(input.summaryMonthly, 'smuggler_revenue_usd');
    const points: BandPoint[] = banded.length
      ? banded.map((p) => ({ run: 'Scenario', ...p }))
      : facts.totals.map((t) => ({ run: 'Scenario', month: t.month, mean: t.values.smuggler_revenue_usd }));
    const svg = await renderSvg(lineBandSpec(points, { title: 'Smuggler revenue per month', money: true, legend: false, description: 'Smuggler revenue per month, all origins.' }));
    const band = banded.length ? ' The band holds 90% of replications.' : '';
    money.push(figure(svg, escapeHtml(`Fees paid to smugglers each month, all origins together.${band}`)));
  }
  if (money.length) parts.push(`<div class="grid2">${money.join('')}</div>`);
  if (parts.length === 0) return null;
  return { id: 'dynamics', title: 'Deaths, waiting and money', html: parts.join('') };
}

// ---------------------------------------------------------------------------------------------
// 5. Flows

export async function flowsSection(input: ReportInput): Promise<Section | null> {
  if (!input.flows?.length) return null;
  const flows = flowTotals(input.flows);
  if (flows.length === 0) return null;
  const svg = await renderSvg(flowSpec(flows, 'Persons from each origin through each route to their outcome at the end of the run.'));
  const seeds = seedsOf(input.flows).length;
  const caption =
    'Everyone who left home during the run, from origin (left) through the route they took (middle) to where they stood when the run ended (right). ' +
    'Band widths are proportional to persons. Left-hand bands are coloured by origin, right-hand bands by outcome; ' +
    'the diagram does not say which origin’s people took which right-hand band, only how each route’s people ended up.' +
    (seeds > 1 ? ` Means over ${seeds} replications.` : '');
  return { id: 'flows', title: 'Where people went', html: figure(svg, escapeHtml(caption)) };
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
    const svg = await renderSvg(
      sectorBarsSpec(
        sorted.map((g) => ({ sector: g.sector, encounters: g.encounters ?? 0, gotaways: g.gotaways ?? 0 })),
        'Encounters and got-aways per Border Patrol sector over the run.',
      ),
    );
    figures.push(figure(svg, escapeHtml(`Encounters and got-aways (people seen but not caught) per sector over the whole run, sectors ${order}.`)));
  }
  if (sorted.some((g) => g.deaths !== undefined)) {
    const svg = await renderSvg(sectorDeathsSpec(sorted.map((g) => ({ sector: g.sector, deaths: g.deaths ?? 0 })), 'Deaths per sector over the run.'));
    figures.push(figure(svg, escapeHtml(`Deaths in each sector’s crossing zone over the whole run, sectors ${order}.`)));
  }
  if (figures.length === 0) return null;
  return { id: 'sectors', title: 'Border sectors', html: `<div class="grid2">${figures.join('')}</div>` };
}

// ---------------------------------------------------------------------------------------------
// 7. Sensitivity

const MAX_PARAMETERS = 12;

function outcomeTitle(outcome: string): string {
  return METRICS[outcome] ? metricLabel(outcome) : outcome.replace(/_/g, ' ');
}

export async function sensitivitySection(input: ReportInput): Promise<Section | null> {
  const rows = input.sensitivity ?? [];
  if (rows.length === 0) return null;
  const methodOf = (r: CsvRow): 'sobol' | 'morris' | undefined => {
    const m = str(r, 'method').toLowerCase();
    if (m.includes('sobol')) return 'sobol';
    if (m.includes('morris')) return 'morris';
    if (Number.isFinite(num(r, 'ST'))) return 'sobol';
    if (Number.isFinite(num(r, 'mu_star'))) return 'morris';
    return undefined;
  };
  const outcomes = [...new Set(rows.map((r) => str(r, 'outcome')))];
  const sobol: string[] = [];
  const morris: string[] = [];
  for (const outcome of outcomes) {
    const mine = rows.filter((r) => str(r, 'outcome') === outcome);
    const s = mine.filter((r) => methodOf(r) === 'sobol');
    if (s.length) {
      const data: SobolRow[] = s
        .map((r) => ({
          parameter: str(r, 'parameter'),
          S1: num(r, 'S1'), S1_low: num(r, 'S1_low'), S1_high: num(r, 'S1_high'),
          ST: num(r, 'ST'), ST_low: num(r, 'ST_low'), ST_high: num(r, 'ST_high'),
        }))
        .sort((a, b) => b.ST - a.ST)
        .slice(0, MAX_PARAMETERS);
      sobol.push(await renderSvg(sobolSpec(outcomeTitle(outcome), data, `Sobol indices for ${outcome}.`)));
    }
    const m = mine.filter((r) => methodOf(r) === 'morris');
    if (m.length) {
      const data = m
        .map((r) => ({ parameter: str(r, 'parameter'), mu_star: num(r, 'mu_star'), sigma: num(r, 'sigma') }))
        .filter((r) => Number.isFinite(r.mu_star))
        .sort((a, b) => b.mu_star - a.mu_star)
        .slice(0, MAX_PARAMETERS);
      morris.push(await renderSvg(morrisSpec(outcomeTitle(outcome), data, `Morris screening for ${outcome}.`)));
    }
  }
  const parts: string[] = [];
  if (sobol.length) {
    parts.push(`<div class="grid2">${sobol.map((svg) => figure(svg, '')).join('')}</div>`);
    parts.push(
      `<p class="intro" style="font-size:.86rem;color:var(--muted)">${escapeHtml(
        'Sobol indices: the share of an outcome’s variance across the sweep that each parameter explains on its own (S1, light) and together with its interactions (ST, dark). ' +
          'Black rules are confidence intervals. A parameter with ST near zero can be fixed anywhere in its range without changing that outcome. ' +
          `At most ${MAX_PARAMETERS} parameters per outcome, largest ST first.`,
      )}</p>`,
    );
  }
  if (morris.length) {
    parts.push(`<div class="grid2">${morris.map((svg) => figure(svg, '')).join('')}</div>`);
    parts.push(
      `<p class="intro" style="font-size:.86rem;color:var(--muted)">${escapeHtml(
        'Morris screening: parameters further right (larger μ*) move the outcome more; higher up (larger σ) their effect depends on the other parameters or is non-linear. ' +
          'Parameters near the origin matter little.',
      )}</p>`,
    );
  }
  if (parts.length === 0) return null;
  return { id: 'sensitivity', title: 'What drives the results', html: parts.join('') };
}

// ---------------------------------------------------------------------------------------------
// 8. Calibration

export async function calibrationSection(input: ReportInput): Promise<Section | null> {
  const rows = input.fit ?? [];
  if (rows.length === 0) return null;
  const points: FitPoint[] = rows.map((r) => ({
    origin: str(r, 'origin'),
    month: str(r, 'month'),
    observed: num(r, 'observed'),
    simulated: num(r, 'simulated'),
    sim_p05: num(r, 'sim_p05'),
    sim_p95: num(r, 'sim_p95'),
  }));
  const svg = await renderSvg(fitSpec(points, 'Observed monthly encounters against the simulated mean and 90% band, per origin.'));
  const judged = points.filter((p) => p.origin !== 'TOTAL' && [p.observed, p.sim_p05, p.sim_p95].every(Number.isFinite));
  const inside = judged.filter((p) => p.observed >= p.sim_p05 && p.observed <= p.sim_p95).length;
  const coverage = judged.length
    ? ` Observed values fall inside the band in ${Math.round((100 * inside) / judged.length)}% of ${judged.length} origin-months (about 90% is what a well-calibrated model would show).`
    : '';
  const caption =
    'Published monthly encounters (black dots) against the model (blue line, the mean over replications; shaded, 90% of replications), one panel per origin. ' +
    'Each panel has its own vertical scale, so compare shapes across panels, not heights.' +
    coverage;
  return { id: 'calibration', title: 'Model vs data', html: figure(svg, escapeHtml(caption)) };
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
    const hasSource = levers.some((l) => l.source);
    parts.push('<p class="intro">What this scenario changes, as written in its scenario file. Everything else keeps the default of the model or of the scenario it extends.</p>');
    parts.push(
      table(
        ['Lever', 'Value', ...(hasSource ? ['Source'] : [])],
        levers.map((l) => [
          `<code>${escapeHtml(l.path)}</code>`,
          `<div class="lever-value">${escapeHtml(l.value)}</div>`,
          ...(hasSource ? [escapeHtml(l.source ?? '')] : []),
        ]),
      ),
    );
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
