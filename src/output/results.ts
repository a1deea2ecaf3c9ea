// Writing a run's folder: monthly, sectors, annual and flows tables plus the manifest.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import { toCsv } from './csv.ts';
import type { Cell } from './csv.ts';
import {
  ANNUAL_HEADER, annualRows, FLOWS_HEADER, flowRows, MONTHLY_HEADER, monthlyRows, SECTOR_HEADER, sectorRows,
} from './tables.ts';
import type { RunIdentity } from './tables.ts';
import { writeFileAtomic } from './atomic.ts';

export interface Manifest {
  scenario: string;
  scenarioFile: string;
  scenarioText: string;
  /** files of the extends chain, the scenario first */
  scenarioFiles: { file: string; text: string }[];
  scenarioHash: string;
  seed: number;
  reps: number;
  streams: string[];
  period: { start: string; end: string };
  scale: number;
  version: string;
  gitCommit: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  parameters: Record<string, unknown>;
  levers: unknown;
  [extra: string]: unknown;
}

let cachedVersion: string | undefined;
export function corridorVersion(): string {
  if (!cachedVersion) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

export function gitCommit(): string {
  try {
    const cwd = new URL('../..', import.meta.url).pathname;
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return 'unknown';
  }
}

export interface RunTables {
  monthly: Cell[][];
  sectors: Cell[][];
  annual: Cell[][];
  flows: Cell[][];
}

export function runTables(result: RunResult, id: RunIdentity): RunTables {
  return {
    monthly: monthlyRows(result, id),
    sectors: sectorRows(result, id),
    annual: annualRows(result, id),
    flows: flowRows(result, id),
  };
}

/** Writes the four tables (possibly concatenated over replications) and the manifest into `dir`. */
export function writeRunFiles(dir: string, tables: RunTables, manifest: Manifest): void {
  writeFileAtomic(join(dir, 'monthly.csv'), toCsv(MONTHLY_HEADER, tables.monthly));
  writeFileAtomic(join(dir, 'sectors.csv'), toCsv(SECTOR_HEADER, tables.sectors));
  writeFileAtomic(join(dir, 'annual.csv'), toCsv(ANNUAL_HEADER, tables.annual));
  writeFileAtomic(join(dir, 'flows.csv'), toCsv(FLOWS_HEADER, tables.flows));
  writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}
