// The `corridor` command as a user runs it: `node bin/corridor.mjs …` from the repository root,
// with what it printed and its exit code.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './scenario.ts';

export const CLI = join(ROOT, 'bin/corridor.mjs');

export interface CliResult {
  /** exit code; null when the process was killed (e.g. by the two-minute timeout) */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `corridor …` to the end, for at most two minutes. */
export function corridor(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `corridor …` to the end without blocking this process, so that several can run at once. */
export function corridorAsync(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts `corridor …` and returns the process, for tests that interrupt it (output ignored). */
export function startCorridor(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'ignore', ...options });
}
