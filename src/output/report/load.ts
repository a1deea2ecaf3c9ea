/**
 * Reading a result folder (docs/ARCHITECTURE.md) into the plain data the report renders.
 *
 * A run folder holds monthly.csv and manifest.json at its top. A comparison folder holds
 * comparison.csv at its top and one run folder in each of `scenario/` and `baseline/`; the
 * report then describes the scenario run and draws the baseline next to it.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../manifest.ts';
import { parseCsv, type CsvRow } from './csv.ts';

/** manifest.json as read back: any field may be missing (an older or hand-made folder). */
type ManifestRead = Partial<Manifest>;

/** The baseline run drawn next to the scenario. */
export interface BaselineData {
  manifest?: ManifestRead;
  monthly?: CsvRow[];
  summaryMonthly?: CsvRow[];
}

export interface ReportInput {
  /** Overrides the scenario name as the page title. */
  title?: string;
  manifest: ManifestRead;
  monthly: CsvRow[];
  sectors?: CsvRow[];
  annual?: CsvRow[];
  flows?: CsvRow[];
  summaryMonthly?: CsvRow[];
  comparison?: CsvRow[];
  sensitivity?: CsvRow[];
  fit?: CsvRow[];
  baseline?: BaselineData;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The first of `dirs` that has `name`, parsed; undefined when none has it. */
async function readCsvFrom(dirs: string[], name: string): Promise<CsvRow[] | undefined> {
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (await exists(file)) return parseCsv(await readFile(file, 'utf8'));
  }
  return undefined;
}

async function readManifestFrom(dirs: string[]): Promise<ManifestRead | undefined> {
  for (const dir of dirs) {
    const file = path.join(dir, 'manifest.json');
    if (await exists(file)) return JSON.parse(await readFile(file, 'utf8')) as ManifestRead;
  }
  return undefined;
}

/** Where the run being reported lives: the folder itself, or its `scenario/` for a comparison. */
async function runDirOf(resultDir: string): Promise<string> {
  if (await exists(path.join(resultDir, 'monthly.csv'))) return resultDir;
  const scenarioDir = path.join(resultDir, 'scenario');
  if (await exists(path.join(scenarioDir, 'monthly.csv'))) return scenarioDir;
  throw new Error(`report: no monthly.csv in ${resultDir} (nor in ${scenarioDir})`);
}

async function loadBaseline(dir: string): Promise<BaselineData | undefined> {
  const manifest = await readManifestFrom([dir]);
  const monthly = await readCsvFrom([dir], 'monthly.csv');
  const summaryMonthly = await readCsvFrom([dir], 'summary_monthly.csv');
  if (!monthly && !summaryMonthly) return undefined;
  return { manifest, monthly, summaryMonthly };
}

export async function loadReportInput(
  resultDir: string,
  options: { title?: string; baselineDir?: string } = {},
): Promise<ReportInput> {
  const runDir = await runDirOf(resultDir);
  // Files of the run first; sweep and calibration outputs may sit at the folder's top.
  const dirs = runDir === resultDir ? [resultDir] : [runDir, resultDir];
  const manifest = await readManifestFrom(dirs);
  if (!manifest) throw new Error(`report: no manifest.json in ${runDir}`);
  const monthly = (await readCsvFrom([runDir], 'monthly.csv')) ?? [];

  const baselineDir = options.baselineDir ?? path.join(resultDir, 'baseline');
  const baseline = runDir !== resultDir || options.baselineDir ? await loadBaseline(baselineDir) : undefined;

  return {
    title: options.title,
    manifest,
    monthly,
    sectors: await readCsvFrom(dirs, 'sectors.csv'),
    annual: await readCsvFrom(dirs, 'annual.csv'),
    flows: await readCsvFrom(dirs, 'flows.csv'),
    summaryMonthly: await readCsvFrom([runDir], 'summary_monthly.csv'),
    comparison: await readCsvFrom([resultDir, runDir], 'comparison.csv'),
    sensitivity: await readCsvFrom(dirs, 'sensitivity.csv'),
    fit: await readCsvFrom(dirs, 'fit.csv'),
    baseline,
  };
}
