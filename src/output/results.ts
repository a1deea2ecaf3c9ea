// Writing a run's folder: monthly, sectors, annual and flows tables plus the manifest.
import { join } from 'node:path';
import type { RunResult } from '../model/simulation.ts';
import { toCsv } from './csv.ts';
import type { Cell } from './csv.ts';
import {
  ANNUAL_HEADER, annualRows, FLOWS_HEADER, flowRows, MONTHLY_HEADER, monthlyRows, SECTOR_HEADER, sectorRows,
} from './tables.ts';
import type { RunIdentity } from './tables.ts';
import { writeFileAtomic } from './atomic.ts';
import type { Manifest } from './manifest.ts';

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
