/**
 * A sweep folder's sections: the plan (design, points, replications, the parameters with their
 * ranges, the outcomes with their expressions), every outcome against every parameter as
 * scatter plots from runs.csv, and the sensitivity indices of sensitivity.csv with their
 * intervals — Sobol and Morris, and the regression coefficients (PRCC, SRC) of LHS and grid
 * designs where the file has them.
 */
import { parse as parseYaml } from 'yaml';
import { formatIndex, formatValue } from '../format.ts';
import { coefficientSpec, morrisSpec, scatterSpec, sobolSpec, type SobolRow } from './charts.ts';
import { num, str, type CsvRow } from './csv.ts';
import { escapeHtml, figure, note, table, type Section } from './html.ts';
import { isMoney, metricLabel, METRICS } from './labels.ts';
import type { ReportInput, SweepRead } from './load.ts';
import { renderSvg } from './vega.ts';

const DESIGN_NAMES: Record<string, string> = {
  grid: 'full grid',
  lhs: 'Latin hypercube',
  sobol: 'Sobol′ (Saltelli sampling)',
  morris: 'Morris elementary effects',
};

/** Points drawn per scatter panel at most; a larger sweep shows every n-th run. */
const MAX_SCATTER_POINTS = 400;
const MAX_PARAMETERS = 12;

interface ParameterRow {
  name: string;
  kind: string;
  values: string;
  note: string;
}

function yamlParameters(text: string | undefined): Record<string, unknown>[] {
  if (!text) return [];
  try {
    const doc = parseYaml(text) as { parameters?: unknown };
    return Array.isArray(doc?.parameters) ? (doc.parameters.filter((p) => p && typeof p === 'object') as Record<string, unknown>[]) : [];
  } catch {
    return [];
  }
}

/** Parameters with their ranges or levels as the sweep file wrote them (else the span of the runs). */
function parameterRows(plan: SweepRead, runs: CsvRow[], names: string[]): ParameterRow[] {
  const written = new Map(yamlParameters(plan.sweepText).map((p) => [String(p.name), p]));
  return names.map((name) => {
    const p = written.get(name);
    const kind = plan.parameters?.find((x) => x.name === name)?.kind ?? '';
    let values = '';
    if (p && Array.isArray(p.levels)) values = `levels ${p.levels.join(', ')}`;
    else if (p && Array.isArray(p.range)) values = `${p.range[0]} to ${p.range[1]}${p.log ? ', log-uniform' : ''}`;
    else {
      const xs = runs.map((r) => num(r, name)).filter(Number.isFinite);
      if (xs.length) values = `${Math.min(...xs)} to ${Math.max(...xs)} (as run)`;
    }
    return { name, kind, values, note: p && typeof p.note === 'string' ? p.note : '' };
  });
}

function planFacts(plan: SweepRead, runs: CsvRow[]): [string, string][] {
  const design = plan.design?.design ?? '';
  const points = plan.points?.length ?? new Set(runs.map((r) => str(r, 'point'))).size;
  const reps = plan.replications ?? 1;
  const size = plan.design?.samples ?? plan.design?.baseSamples ?? plan.design?.trajectories;
  const sizeWord = design === 'sobol' ? 'base samples' : design === 'morris' ? 'trajectories' : design === 'lhs' ? 'samples' : '';
  const rows: [string, string][] = [
    ['Design', `${DESIGN_NAMES[design] ?? design}${size !== undefined && sizeWord ? `, ${size} ${sizeWord}` : ''}`],
    ['Runs', `${points.toLocaleString('en-US')} points × ${reps} replication${reps === 1 ? '' : 's'} = ${(points * reps).toLocaleString('en-US')} runs, and one run of the base scenario`],
    ['Random numbers', plan.commonRandomNumbers ? 'common: every point draws the streams of point 0, so points differ by their parameters, not by chance' : 'each point its own streams'],
  ];
  if (plan.scenarioFile) rows.push(['Base scenario', plan.scenarioFile]);
  if (plan.build?.start || plan.build?.end) rows.push(['Period', `${plan.build.start ?? ''} to ${plan.build.end ?? ''}`]);
  if (plan.build?.scale) rows.push(['Scale', `1 agent = ${plan.build.scale.toLocaleString('en-US')} persons`]);
  if (plan.seed !== undefined) rows.push(['Master seed', String(plan.seed)]);
  if (plan.sweepFile) rows.push(['Sweep file', plan.sweepFile]);
  return rows;
}

function outcomeTitle(outcome: string): string {
  return METRICS[outcome] ? metricLabel(outcome) : outcome.replace(/_/g, ' ');
}

/** Money outcomes: named like a revenue or a fee, or written over a _usd metric. */
function outcomeIsMoney(name: string, expr: string | undefined): boolean {
  return isMoney(name) || /revenue|fee/.test(name) || /_usd\b/.test(expr ?? '');
}

export async function sweepSection(input: ReportInput): Promise<Section | null> {
  const plan = input.sweep;
  if (!plan) return null;
  const runs = input.runs ?? [];
  const names = plan.parameters?.map((p) => p.name) ?? plan.design?.names ?? [];
  const outcomes = Object.keys(plan.outcomes ?? {});
  const parts: string[] = [];
  parts.push(
    `<p class="intro">${escapeHtml(
      `This sweep ran the base scenario at ${plan.points?.length ?? 'many'} combinations of ${names.length} parameters and recorded ${outcomes.length} outcomes for each run (runs.csv). ` +
        'The sections after this one describe the base scenario’s own run (scenario/), not the sweep.',
    )}</p>`,
  );
  parts.push(table(['', ''], planFacts(plan, runs).map(([k, v]) => [escapeHtml(k), escapeHtml(v)])));
  const params = parameterRows(plan, runs, names);
  parts.push('<h3>Parameters</h3>');
  parts.push(table(['Parameter', 'Kind', 'Values', 'Note'], params.map((p) => [`<code>${escapeHtml(p.name)}</code>`, escapeHtml(p.kind), escapeHtml(p.values), escapeHtml(p.note)])));
  parts.push('<h3>Outcomes</h3>');
  parts.push(table(['Outcome', 'Expression'], outcomes.map((o) => [`<code>${escapeHtml(o)}</code>`, `<code>${escapeHtml(plan.outcomes![o])}</code>`])));

  if (runs.length && names.length && outcomes.length) {
    const step = Math.max(1, Math.ceil(runs.length / MAX_SCATTER_POINTS));
    const shown = runs.filter((_, i) => i % step === 0);
    const figures: string[] = [];
    for (const outcome of outcomes) {
      const money = outcomeIsMoney(outcome, plan.outcomes?.[outcome]);
      const rows = shown.flatMap((r) => names.map((p) => ({ parameter: p, x: num(r, p), y: num(r, outcome) }))).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      if (rows.length === 0) continue;
      const ys = rows.map((p) => p.y);
      const label = `${outcomeTitle(outcome)} against ${names.join(', ')}: ${shown.length} runs, from ${formatValue(Math.min(...ys), money)} to ${formatValue(Math.max(...ys), money)}.`;
      const svg = await renderSvg(scatterSpec(rows, { outcome: outcomeTitle(outcome), parameters: names, money, narrow: true, description: label }), label);
      figures.push(figure(svg, '', `scatter-${outcome}`));
    }
    if (figures.length) {
      parts.push('<h3>Each outcome against each parameter</h3>');
      parts.push(`<div class="grid2">${figures.join('')}</div>`);
      const sampled = step > 1 ? ` Every ${step}th of the ${runs.length.toLocaleString('en-US')} runs is drawn.` : '';
      parts.push(note(escapeHtml(
        `One point per run, the outcome (up) against one parameter (across), each panel with its own horizontal scale. A cloud that slopes is a parameter that matters; a flat one, a parameter the outcome ignores over its range.${sampled}`,
      )));
    }
  }
  return { id: 'sweep', title: 'The sweep', html: parts.join('') };
}

type Method = 'sobol' | 'morris' | 'prcc' | 'src';

function methodOf(r: CsvRow): Method | undefined {
  const m = str(r, 'method').toLowerCase();
  for (const known of ['sobol', 'morris', 'prcc', 'src'] as const) if (m.includes(known)) return known;
  if (Number.isFinite(num(r, 'ST'))) return 'sobol';
  if (Number.isFinite(num(r, 'mu_star'))) return 'morris';
  if (Number.isFinite(num(r, 'coefficient'))) return 'src';
  return undefined;
}

const COEFFICIENT_NAMES: Record<'prcc' | 'src', string> = {
  prcc: 'PRCC (partial rank correlation)',
  src: 'SRC (standardised regression coefficient)',
};

/** Every index as numbers, with its interval where the file gives one. */
function indexTable(rows: CsvRow[]): string {
  const body: string[][] = [];
  for (const r of rows) {
    const method = methodOf(r);
    const cells = (index: string, v: string) => [`<code>${escapeHtml(str(r, 'outcome'))}</code>`, `<code>${escapeHtml(str(r, 'parameter'))}</code>`, escapeHtml(method ?? str(r, 'method')), escapeHtml(index), escapeHtml(v)];
    if (method === 'sobol') {
      body.push(cells('S1', formatIndex(num(r, 'S1'), num(r, 'S1_low'), num(r, 'S1_high'))));
      body.push(cells('ST', formatIndex(num(r, 'ST'), num(r, 'ST_low'), num(r, 'ST_high'))));
    } else if (method === 'morris') {
      body.push(cells('μ*', formatValue(num(r, 'mu_star'), false)));
      body.push(cells('σ', formatValue(num(r, 'sigma'), false)));
    } else if (method === 'prcc' || method === 'src') {
      const r2 = num(r, 'r2');
      body.push(cells(method.toUpperCase(), formatIndex(num(r, 'coefficient'), num(r, 'coefficient_low'), num(r, 'coefficient_high')) + (Number.isFinite(r2) ? ` (R² ${formatIndex(r2)})` : '')));
    }
  }
  return table(['Outcome', 'Parameter', 'Method', 'Index', 'Value [interval]'], body, [false, false, false, false, true]);
}

export async function sensitivitySection(input: ReportInput): Promise<Section | null> {
  const rows = (input.sensitivity ?? []).filter((r) => methodOf(r) !== undefined);
  if (rows.length === 0) return null;
  const outcomes = [...new Set(rows.map((r) => str(r, 'outcome')))];
  const charts: Record<Method, string[]> = { sobol: [], morris: [], prcc: [], src: [] };
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
      const label = `Sobol indices for ${outcomeTitle(outcome)}: largest total index ${data[0].parameter} (ST ${formatIndex(data[0].ST)}).`;
      charts.sobol.push(figure(await renderSvg(sobolSpec(outcomeTitle(outcome), data, label), label), ''));
    }
    const m = mine.filter((r) => methodOf(r) === 'morris');
    if (m.length) {
      const data = m
        .map((r) => ({ parameter: str(r, 'parameter'), mu_star: num(r, 'mu_star'), sigma: num(r, 'sigma') }))
        .filter((r) => Number.isFinite(r.mu_star))
        .sort((a, b) => b.mu_star - a.mu_star)
        .slice(0, MAX_PARAMETERS);
      if (data.length) {
        const label = `Morris screening for ${outcomeTitle(outcome)}: most influential ${data[0].parameter}.`;
        charts.morris.push(figure(await renderSvg(morrisSpec(outcomeTitle(outcome), data, label), label), ''));
      }
    }
    for (const method of ['prcc', 'src'] as const) {
      const c = mine.filter((r) => methodOf(r) === method);
      const data = c
        .map((r) => ({ parameter: str(r, 'parameter'), coefficient: num(r, 'coefficient'), low: num(r, 'coefficient_low'), high: num(r, 'coefficient_high') }))
        .filter((r) => Number.isFinite(r.coefficient))
        .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient))
        .slice(0, MAX_PARAMETERS);
      if (data.length === 0) continue;
      const r2 = c.map((r) => num(r, 'r2')).find(Number.isFinite);
      const title = `${outcomeTitle(outcome)} (${method.toUpperCase()}${r2 !== undefined ? `, R² ${formatIndex(r2)}` : ''})`;
      const label = `${COEFFICIENT_NAMES[method]} for ${outcomeTitle(outcome)}: largest ${data[0].parameter} (${formatIndex(data[0].coefficient, data[0].low, data[0].high)}).`;
      charts[method].push(figure(await renderSvg(coefficientSpec(title, data, method === 'prcc' ? 'Partial rank correlation' : 'Standardised coefficient', label), label), ''));
    }
  }
  const parts: string[] = [];
  const group = (list: string[], text: string) => {
    if (!list.length) return;
    parts.push(`<div class="grid2">${list.join('')}</div>`);
    parts.push(note(escapeHtml(text)));
  };
  group(charts.sobol,
    'Sobol indices: the share of an outcome’s variance across the sweep that each parameter explains on its own (S1, light) and together with its interactions (ST, dark). ' +
      'Black rules are 95% bootstrap intervals. A parameter with ST near zero can be fixed anywhere in its range without changing that outcome. ' +
      `At most ${MAX_PARAMETERS} parameters per outcome, largest ST first.`);
  group(charts.morris,
    'Morris screening: parameters further right (larger μ*) move the outcome more; higher up (larger σ) their effect depends on the other parameters or is non-linear. ' +
      'Parameters near the origin matter little.');
  group([...charts.prcc, ...charts.src],
    'Regression-based sensitivity over the sampled points: PRCC is the correlation of an outcome’s ranks with a parameter’s ranks once the other parameters are accounted for; ' +
      'SRC is the standardised linear regression coefficient, and R² how much of the variance the linear model explains (a low R² means the SRCs miss most of what happens). ' +
      'Bars run from zero, purple for an outcome that rises with the parameter, red for one that falls; black rules are the intervals of sensitivity.csv (coefficient_low to coefficient_high).');
  parts.push(`<details><summary>Every index as a number (sensitivity.csv)</summary>${indexTable(rows)}</details>`);
  return { id: 'sensitivity', title: 'What drives the results', html: parts.join('') };
}
