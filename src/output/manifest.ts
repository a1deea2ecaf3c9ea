// manifest.json: what a result folder was made from (the scenario files as run, seeds and
// streams, the period and scale, the Corridor version and git commit, the command). Made here,
// written by results.ts, read back by the report.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dayToIso, monthKey } from '../model/calendar.ts';
import type { LoadedScenario } from '../scenario/load.ts';

/** As written; read back (the report), any field may be missing in an older or hand-made folder. */
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
  /** months reported, and the month the simulation started (the months before `start` warmed it up) */
  period: { start: string; end: string; warmStart?: string };
  scale: number;
  version: string;
  gitCommit: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  parameters: Record<string, unknown>;
  levers: unknown;
  /** runs that started from a nowcast's states (`--from`), not from the warm start */
  from?: ManifestFrom;
  [extra: string]: unknown;
}

/** The nowcast a folder's runs started from (`--from`): the months up to `through` are its history. */
export interface ManifestFrom {
  /** as given to --from, and the states file read */
  folder: string;
  file: string;
  through: string;
  /** states kept by the nowcast: replication r continued state (r · stride) mod states (run/fromNowcast.ts stateOf) */
  states: number;
  scale: number;
  warmStart: string;
  /** the months the nowcast assimilated */
  history: { start: string; end: string };
  note: string;
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

/** The manifest of a run folder: `streams` are the random streams of the runs it holds (run/seeds.ts). */
export function manifestFor(loaded: LoadedScenario, seed: number, streams: string[], startedAt: Date, command: string): Manifest {
  const cal = loaded.input.calendar;
  return {
    scenario: loaded.name,
    scenarioFile: loaded.resolved.file,
    scenarioText: loaded.resolved.chain[0].text,
    scenarioFiles: loaded.resolved.chain.map((c) => ({ file: c.file, text: c.text })),
    scenarioHash: loaded.hash,
    seed,
    reps: streams.length,
    streams,
    period: { start: monthKey(cal.firstMonth), end: monthKey(cal.firstMonth + cal.months - 1), warmStart: dayToIso(cal.startDay).slice(0, 7) },
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
