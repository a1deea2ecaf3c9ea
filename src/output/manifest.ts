// manifest.json: what a result folder was made from (the scenario files as run, seeds and
// streams, the period and scale, the Corridor version and git commit, the command). Written by
// results.ts, read back by the report.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
