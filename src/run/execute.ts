// `corridor run`: one scenario, one or more replications, written atomically to a folder.
import type { BuildOptions } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import { writeFolderAtomic } from '../output/atomic.ts';
import { writeReport } from '../output/report/index.ts';
import { corridorVersion, gitCommit } from '../output/manifest.ts';
import type { Manifest } from '../output/manifest.ts';
import { runTables, writeRunFiles } from '../output/results.ts';
import type { RunTables } from '../output/results.ts';
import { monthKey } from '../model/calendar.ts';
import type { RunResult } from '../model/simulation.ts';
import { runOnce } from './single.ts';
import { runSeed } from './seeds.ts';
import type { RunKey } from './seeds.ts';

export interface RunOptions extends BuildOptions {
  seed?: number;
  out: string;
  command?: string;
  onWeek?: (week: number, weeks: number) => void;
}

export interface RunOutcome {
  loaded: LoadedScenario;
  result: RunResult;
  tables: RunTables;
  manifest: Manifest;
}

export function manifestFor(loaded: LoadedScenario, seed: number, keys: RunKey[], startedAt: Date, command: string): Manifest {
  const cal = loaded.input.calendar;
  return {
    scenario: loaded.name,
    scenarioFile: loaded.resolved.file,
    scenarioText: loaded.resolved.chain[0].text,
    scenarioFiles: loaded.resolved.chain.map((c) => ({ file: c.file, text: c.text })),
    scenarioHash: loaded.hash,
    seed,
    reps: keys.length,
    streams: keys.map(runSeed),
    period: { start: monthKey(cal.firstMonth), end: monthKey(cal.firstMonth + cal.months - 1) },
    scale: loaded.input.scale,
    version: corridorVersion(),
    gitCommit: gitCommit(),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    parameters: loaded.parameters,
    levers: loaded.scenario.levers ?? {},
    dataDir: loaded.dataDir,
  };
}

export async function runScenarioFile(file: string, options: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const loaded = loadScenario(file, options);
  const seed = options.seed ?? loaded.seed;
  const key: RunKey = { masterSeed: seed, scope: loaded.hash, point: 0, rep: 0 };
  const result = runOnce(loaded.input, key, options.onWeek);
  const tables = runTables(result, { scenario: loaded.name, seed, firstMonth: loaded.input.calendar.firstMonth });
  const manifest = manifestFor(loaded, seed, [key], startedAt, options.command ?? 'corridor run');
  await writeFolderAtomic(options.out, (dir) => writeRunFiles(dir, tables, manifest));
  // the report reads the folder just written, so it shows exactly what the CSV files hold
  await writeReport(options.out);
  return { loaded, result, tables, manifest };
}
