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

/**
 * sweep.json as read back (the plan of `corridor sweep`, src/run/sweep.ts): any field may be
 * missing in an older or hand-made folder.
 */
export interface SweepRead {
  name?: string;
  sweepFile?: string;
  sweepText?: string;
  scenarioFile?: string;
  seed?: number;
  build?: { start?: string; end?: string; scale?: number };
  design?: { design?: string; names?: string[]; size?: number; samples?: number; baseSamples?: number; trajectories?: number; levels?: number };
  parameters?: { name: string; kind?: string }[];
  outcomes?: Record<string, string>;
  replications?: number;
  commonRandomNumbers?: boolean;
  points?: unknown[];
  taskIds?: string[];
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
  /** validate-fit's second series (darien.csv): year, origin, nationality, observed, simulated, sim_p05, sim_p95 */
  darien?: CsvRow[];
  baseline?: BaselineData;
  /** a sweep folder's plan (sweep.json) and its runs (runs.csv) */
  sweep?: SweepRead;
  runs?: CsvRow[];
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

async function readJsonFrom<T>(dirs: string[], name: string): Promise<T | undefined> {
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (await exists(file)) return JSON.parse(await readFile(file, 'utf8')) as T;
  }
  return undefined;
}

function readManifestFrom(dirs: string[]): Promise<ManifestRead | undefined> {
  return readJsonFrom<ManifestRead>(dirs, 'manifest.json');
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
    darien: await readCsvFrom(dirs, 'darien.csv'),
    baseline,
    sweep: runDir === resultDir ? undefined : await readJsonFrom<SweepRead>([resultDir], 'sweep.json'),
    runs: runDir === resultDir ? undefined : await readCsvFrom([resultDir], 'runs.csv'),
  };
}
