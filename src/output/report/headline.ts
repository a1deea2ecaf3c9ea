/**
 * The report's first section: cards for the headline window (the last five full calendar years
 * of the run, src/analysis/metrics.ts) with their 90% intervals over replications and the change
 * against the baseline, then the run year by year.
 */
import { HEADLINE_YEARS } from '../../analysis/metrics.ts';
import { formatMonth, formatRange, formatRelative, formatValue, markFewAgents, scaleText } from '../format.ts';
import { str, type CsvRow } from './csv.ts';
import { meanOverSeeds, monthlyTotalsBySeed, withMeanFee } from './data.ts';
import {
  headlineSpan,
  pairedSpan,
  personsBehind,
  runsText,
  spanSummary,
  spanValue,
  within,
  type RunFacts,
} from './facts.ts';
import { escapeHtml, table, type Section } from './html.ts';
import { isMoney, metricLabel } from './labels.ts';
import type { ReportInput } from './load.ts';

interface CardDef {
  metric: string;
  label: string;
}

const CARDS: CardDef[] = [
  { metric: 'encounters', label: 'Encounters at the border' },
  { metric: 'deaths', label: 'Deaths on the way' },
  { metric: 'smuggler_revenue_usd', label: 'Smuggler revenue' },
  { metric: 'mean_fee_usd', label: 'Mean smuggler fee' },
  { metric: 'entered', label: 'Entered the US' },
  { metric: 'waiting_mexico', label: 'Waiting in Mexico' },
];

function present(def: CardDef, facts: RunFacts): boolean {
  if (def.metric === 'mean_fee_usd') return facts.columns.has('smuggled') && facts.columns.has('smuggler_revenue_usd');
  return facts.columns.has(def.metric);
}

/** "2026–2030 total", "end of 2030", "2026–2030, per smuggled crossing". */
function spanWords(metric: string, facts: RunFacts): string {
  const span = headlineSpan(facts);
  if (metric === 'waiting_mexico' || metric === 'in_transit') return `end of ${facts.window ? facts.window.lastYear : formatMonth(facts.lastMonth)}`;
  if (metric === 'mean_fee_usd') return `${span.label}, per smuggled crossing`;
  return `${span.label} total`;
}

function card(def: CardDef, input: ReportInput, facts: RunFacts, baseline: ReturnType<typeof monthlyTotalsBySeed> | undefined): string {
  const span = headlineSpan(facts);
  const money = isMoney(def.metric);
  const s = spanSummary(def.metric, facts, span);
  const smuggled = spanValue('smuggled', within(facts.totals, span));
  const big = markFewAgents(formatValue(s.mean, money), personsBehind(def.metric, s.mean, smuggled), facts.scale);
  const interval = s.n > 1 ? `, 90% interval ${formatRange(s.p05, s.p95, money)}` : '';
  const when = `${spanWords(def.metric, facts)}, ${runsText(Math.max(1, s.n))}${interval}`;

  let delta = '';
  const paired = baseline ? pairedSpan(def.metric, facts.bySeed, baseline, span) : undefined;
  if (paired) {
    const smuggledBase = baseline ? pairedSpan('smuggled', facts.bySeed, baseline, span)?.baseline ?? Number.NaN : Number.NaN;
    const basis = { value: personsBehind(def.metric, paired.baseline, smuggledBase), scale: facts.scale };
    const ends = paired.n > 1;
    const rel = formatRelative(paired.rel.mean, ends ? paired.rel.p05 : Number.NaN, ends ? paired.rel.p95 : Number.NaN, basis);
    const i = rel.indexOf(' [');
    const text = rel.startsWith('n/a') ? `vs baseline: ${rel}` : i < 0 ? `${rel} vs baseline` : `${rel.slice(0, i)} vs baseline, 90% interval ${rel.slice(i + 1)}`;
    delta = `<div class="delta">${escapeHtml(text)} <span class="when">(baseline ${escapeHtml(formatValue(paired.baseline, money))})</span></div>`;
  }

  const wholeRun = facts.window?.from === facts.firstMonth && facts.window?.to === facts.lastMonth;
  const whole = facts.window && !wholeRun && def.metric !== 'waiting_mexico'
    ? `<div class="run">Whole run, ${escapeHtml(`${formatMonth(facts.firstMonth)} – ${formatMonth(facts.lastMonth)}`)}: ${escapeHtml(formatValue(spanValue(def.metric, facts.totals), money))}</div>`
    : '';
  return `<div class="card" data-metric="${escapeHtml(def.metric)}"><div class="label">${escapeHtml(def.label)}</div><div class="big">${escapeHtml(big)}</div><div class="when">${escapeHtml(when)}</div>${delta}${whole}</div>`;
}

const ANNUAL_COLUMNS = ['encounters', 'entered', 'released', 'expelled', 'removed', 'deaths', 'smuggler_revenue_usd', 'mean_fee_usd'];

function annualTable(annual: CsvRow[], facts: RunFacts, prefix: 'CY' | 'FY'): string {
  const rows = annual.filter((r) => str(r, 'period').startsWith(prefix) && str(r, 'origin') !== 'TOTAL');
  if (rows.length === 0) return '';
  const byPeriod = meanOverSeeds(rows, ['period']).sort((a, b) => a.keys.period.localeCompare(b.keys.period));
  const shown = ANNUAL_COLUMNS.filter((c) => (c === 'mean_fee_usd' ? 'smuggled' in byPeriod[0].values : c in byPeriod[0].values));
  const monthSet = new Set(facts.months);
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
  const inWindow = (period: string): boolean => prefix === 'CY' && !!facts.window && period.slice(2) >= facts.window.from.slice(0, 4) && period.slice(2) <= facts.window.to.slice(0, 4);
  const body = byPeriod.map((g) => {
    const values = withMeanFee(g.values);
    const partial = complete(g.keys.period) ? '' : ' <span class="when">(partial)</span>';
    const label = inWindow(g.keys.period) ? `<strong>${escapeHtml(g.keys.period)}</strong>` : escapeHtml(g.keys.period);
    return [
      `${label}${partial}`,
      ...shown.map((c) => escapeHtml(markFewAgents(formatValue(values[c], isMoney(c)), personsBehind(c, values[c], values.smuggled), facts.scale))),
    ];
  });
  return table(['Period', ...shown.map((c) => escapeHtml(metricLabel(c)))], body, [false, ...shown.map(() => true)]);
}

export function headlineSection(input: ReportInput, facts: RunFacts): Section {
  const baselineRows = input.baseline?.monthly?.length ? monthlyTotalsBySeed(input.baseline.monthly) : undefined;
  const cards = CARDS.filter((def) => present(def, facts)).map((def) => card(def, input, facts, baselineRows));
  const parts = [`<div class="cards">${cards.join('')}</div>`];
  if (input.annual?.length) {
    const cy = annualTable(input.annual, facts, 'CY');
    const fy = annualTable(input.annual, facts, 'FY');
    if (cy) parts.push(`<h3>Year by year (calendar years; the headline years in bold)</h3>${cy}`);
    if (fy) parts.push(`<details><summary>US fiscal years (October–September)</summary>${fy}</details>`);
  }
  const reps = facts.seeds.length;
  const years = facts.window ? Number(facts.window.to.slice(0, 4)) - Number(facts.window.from.slice(0, 4)) + 1 : 0;
  const span = !facts.window
    ? 'The run has no full calendar year, so the big numbers cover the whole run'
    : `Big numbers are for ${facts.window.label}, ${years === HEADLINE_YEARS ? 'the last five full calendar years of the run' : `the run's ${years === 1 ? 'only full calendar year' : `${years} full calendar years`}`} (the headline window Corridor uses everywhere: the last five full years, or as many as a run has)`;
  const over = reps > 1
    ? `, means of ${reps} runs; a 90% interval holds 90% of the runs (5th to 95th percentile).`
    : ', from one run (no interval: run with --reps for one).';
  const scale = facts.scale ? ` <span class="scale">${escapeHtml(scaleText(facts.scale))}</span>.` : '';
  return {
    id: 'headline',
    title: 'At a glance',
    html: `<p class="intro">${escapeHtml(span + over)}${scale}</p>${parts.join('')}`,
  };
}
