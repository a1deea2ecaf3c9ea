/**
 * report.html for a result folder: one self-contained page (inline CSS, charts as inline SVG
 * rendered in Node from Vega-Lite specs), so it opens anywhere without a network.
 */
import path from 'node:path';
import { writeFileAtomic } from '../atomic.ts';
import { formatMonth } from '../format.ts';
import { escapeHtml, page, type Section } from './html.ts';
import { scenarioHeader } from './levers.ts';
import { loadReportInput, type ReportInput } from './load.ts';
import {
  calibrationSection,
  comparisonSection,
  dynamicsSection,
  encountersSection,
  flowsSection,
  headlineSection,
  leversSection,
  runFacts,
  sectorsSection,
  sensitivitySection,
} from './sections.ts';

export { loadReportInput } from './load.ts';

function kindOf(input: ReportInput): string {
  if (input.fit?.length) return 'Corridor · calibration report';
  if (input.sensitivity?.length) return 'Corridor · sweep report';
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
      headlineSection(input, facts),
      encountersSection(input, facts),
      comparisonSection(input, facts),
      dynamicsSection(input, facts),
      flowsSection(input),
      sectorsSection(input),
      sensitivitySection(input),
      calibrationSection(input),
      leversSection(input, facts),
    ])
  ).filter((s): s is Section => s !== null);

  const meta: string[] = [];
  if (facts.firstMonth) meta.push(`${escapeHtml(formatMonth(facts.firstMonth))} – ${escapeHtml(formatMonth(facts.lastMonth))}`);
  if (facts.seeds.length > 1) meta.push(`${facts.seeds.length} replications`);
  else if (input.manifest.seed !== undefined) meta.push(`seed ${escapeHtml(String(input.manifest.seed))}`);
  else if (facts.seeds.length === 1) meta.push(`seed ${escapeHtml(facts.seeds[0])}`);
  if (input.manifest.scenarioFile) meta.push(`<code>${escapeHtml(input.manifest.scenarioFile)}</code>`);
  if (input.manifest.version) meta.push(`Corridor ${escapeHtml(input.manifest.version)}`);

  const finished = input.manifest.finishedAt ? ` Run finished ${escapeHtml(input.manifest.finishedAt)}.` : '';
  const footer =
    `Made by Corridor from the files in this results folder (monthly.csv, manifest.json and the others named in each section).${finished} ` +
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
