/**
 * report.html for a result folder: one self-contained page (inline CSS, charts as inline SVG
 * rendered in Node from Vega-Lite specs), so it opens anywhere without a network.
 */
import path from 'node:path';
import { writeFileAtomic } from '../atomic.ts';
import { FEW_AGENTS_MARK, fewAgentsNote, formatMonth, scaleText } from '../format.ts';
import { comparisonSection } from './baseline.ts';
import { runFacts } from './facts.ts';
import { headlineSection } from './headline.ts';
import { escapeHtml, note, page, type Section } from './html.ts';
import { scenarioHeader } from './levers.ts';
import { loadReportInput, type ReportInput } from './load.ts';
import {
  calibrationSection,
  darienSection,
  dynamicsSection,
  encountersSection,
  flowsSection,
  leversSection,
  sectorsSection,
} from './sections.ts';
import { sensitivitySection, sweepSection } from './sweep.ts';

export { loadReportInput } from './load.ts';

function kindOf(input: ReportInput): string {
  if (input.fit?.length) return 'Corridor · calibration report';
  if (input.sweep || input.sensitivity?.length) return 'Corridor · sweep report';
  if (input.comparison?.length || input.baseline) return 'Corridor · scenario comparison';
  return 'Corridor · scenario report';
}

/** Pure: the report's data in, the HTML page out. */
export async function renderReport(input: ReportInput): Promise<string> {
  const facts = runFacts(input);
  const header = scenarioHeader(input.manifest.scenarioText);
  const title = input.title ?? header.name ?? input.manifest.scenario ?? 'Corridor run';
  const description = header.description ?? (typeof input.manifest.description === 'string' ? input.manifest.description : undefined);

  const sections = (
    await Promise.all([
      // a sweep's report is about the sweep first; the base scenario's run follows
      sweepSection(input),
      input.sweep ? sensitivitySection(input) : null,
      headlineSection(input, facts),
      encountersSection(input, facts),
      comparisonSection(input, facts),
      dynamicsSection(input, facts),
      flowsSection(input, facts),
      sectorsSection(input),
      input.sweep ? null : sensitivitySection(input),
      calibrationSection(input),
      darienSection(input),
      leversSection(input, facts),
    ])
  )
    .filter((s): s is Section => s !== null)
    // a figure marked as resting on few agents gets the footnote in its own section
    .map((s) => (facts.scale && s.html.includes(FEW_AGENTS_MARK) ? { ...s, html: s.html + note(escapeHtml(fewAgentsNote(facts.scale))) } : s));

  const meta: string[] = [];
  if (facts.firstMonth) meta.push(`${escapeHtml(formatMonth(facts.firstMonth))} – ${escapeHtml(formatMonth(facts.lastMonth))}`);
  if (facts.scale) meta.push(`<span class="scale">${escapeHtml(scaleText(facts.scale))}</span>`);
  if (facts.window) meta.push(`headline window ${escapeHtml(facts.window.label)}`);
  if (facts.seeds.length > 1) meta.push(`${facts.seeds.length} replications`);
  else if (input.manifest.seed !== undefined) meta.push(`seed ${escapeHtml(String(input.manifest.seed))}`);
  else if (facts.seeds.length === 1) meta.push(`seed ${escapeHtml(facts.seeds[0])}`);
  const from = input.manifest.from;
  if (from?.through) meta.push(`<span class="from">starts from the nowcast of ${escapeHtml(formatMonth(from.through))}</span>`);
  if (input.manifest.scenarioFile) meta.push(`<code>${escapeHtml(input.manifest.scenarioFile)}</code>`);
  if (input.manifest.version) meta.push(`Corridor ${escapeHtml(input.manifest.version)}`);

  const finished = input.manifest.finishedAt ? ` Run finished ${escapeHtml(input.manifest.finishedAt)}.` : '';
  const fromNote = from?.through
    ? ` The runs start from the nowcast of ${escapeHtml(formatMonth(from.through))} (${escapeHtml(String(from.folder))}, ${escapeHtml(String(from.states))} particle states): ` +
      `the months up to ${escapeHtml(formatMonth(from.through))} are the nowcast's history, conditioned on the data it assimilated, and the same in every scenario started from it.`
    : '';
  const footer =
    `Made by Corridor from the files in this results folder (monthly.csv, manifest.json and the others named in each section).${finished}${fromNote} ` +
    'Model outputs are projections under stated assumptions, not forecasts.';

  return page({ title, kicker: kindOf(input), lede: description, meta, sections, footer });
}

/** Read a result folder and write `report.html` into it, atomically. Returns the file's path. */
export async function writeReport(resultDir: string, options: { title?: string; baselineDir?: string } = {}): Promise<string> {
  const input = await loadReportInput(resultDir, options);
  const html = await renderReport(input);
  const target = path.join(resultDir, 'report.html');
  writeFileAtomic(target, html);
  return target;
}
