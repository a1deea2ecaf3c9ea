// The folder a command writes (--out). Checked before anything runs: never the current folder
// or one that holds it, never a folder Corridor did not write (atomic.ts: checkReplaceable).
// Created and marked if new, and locked for the whole command: `.corridor.lock`, created
// exclusively, holds the process id, machine and start time, so a second command writing into
// the same folder stops with one line naming the first. A lock whose process no longer runs
// (kill -9) is taken over with a warning; one from another machine (a shared file system) is
// taken over when its heartbeat, the file's modification time, is ten minutes old.
import fs from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { checkReplaceable, MARKER, onExit, pidAlive, writeFolderAtomic, writeMarker } from './atomic.ts';
import type { FolderKind } from './atomic.ts';
import { OutputError, writeFailure } from './errors.ts';

export const LOCK = '.corridor.lock';
const HEARTBEAT_MS = 60_000;
const FOREIGN_STALE_MS = 10 * 60_000;
/** a lock file that cannot be read yet is being written by its owner, this instant */
const UNREADABLE_GRACE_MS = 60_000;

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  token: string;
}

export interface OutputFolder {
  readonly path: string;
  /** Replaces the folder whole by what `fill` writes into a temporary folder (atomic swap); the lock carries over. */
  replace(fill: (dir: string) => void | Promise<void>): Promise<void>;
  /** Removes everything in the folder but its marker and lock (a sweep started over). */
  clear(): void;
  /** Drops the lock; a folder this claim created and that holds nothing but its marker is removed. */
  release(): void;
}

export interface ClaimOptions {
  /** entries that may sit in an unmarked folder (the shard folders a merge joins into their parent) */
  allowed?: (name: string) => boolean;
  /** where the stale-lock warning goes (default stderr) */
  warn?: (line: string) => void;
}

/** Checks, creates, marks and locks an output folder; call `release()` when done (it also runs at exit and on Ctrl-C). */
export function claimOutputFolder(path: string, kind: FolderKind, opts: ClaimOptions = {}): OutputFolder {
  refuseCurrentFolder(path);
  checkReplaceable(path, opts.allowed);
  const created = !fs.existsSync(path);
  try {
    fs.mkdirSync(path, { recursive: true });
  } catch (e) {
    throw writeFailure(path, e);
  }
  if (!fs.existsSync(join(path, MARKER))) writeMarker(path, kind);
  const lock = takeLock(path, opts.warn ?? ((line) => console.error(line)));
  const heartbeat = setInterval(() => touch(lock.file), HEARTBEAT_MS);
  heartbeat.unref();
  let holdsResult = false;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    forget();
    dropLock(lock);
    if (created && !holdsResult) removeIfEmpty(path);
  };
  const forget = onExit(release);
  return {
    path,
    async replace(fill) {
      await writeFolderAtomic(
        path,
        async (dir) => {
          await fill(dir);
          fs.copyFileSync(lock.file, join(dir, LOCK));
        },
        kind,
      );
      holdsResult = true;
    },
    clear() {
      for (const name of fs.readdirSync(path)) if (name !== MARKER && name !== LOCK) fs.rmSync(join(path, name), { recursive: true, force: true });
    },
    release,
  };
}

/** Claims `path`, replaces it by what `fill` writes, and releases it. */
export async function writeOwnedFolder(path: string, kind: FolderKind, fill: (dir: string) => void | Promise<void>): Promise<void> {
  const folder = claimOutputFolder(path, kind);
  try {
    await folder.replace(fill);
  } finally {
    folder.release();
  }
}

/** Who holds the lock of `dir` now, as in the refusal ("pid 123, started …"), or undefined when no one does. */
export function lockHolder(dir: string): string | undefined {
  const file = join(dir, LOCK);
  if (!fs.existsSync(file)) return undefined;
  const holder = readLock(file);
  return isHeld(holder, file) ? describe(holder) : undefined;
}

function refuseCurrentFolder(path: string): void {
  const abs = fs.existsSync(path) ? fs.realpathSync(path) : resolve(path);
  const rel = relative(abs, fs.realpathSync(process.cwd()));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new OutputError(path, `--out ${path} is the current folder or holds it, and Corridor replaces its output folder; choose a folder for the results inside it (e.g. results/<name>)`);
  }
}

function takeLock(dir: string, warn: (line: string) => void): LockInfo & { file: string } {
  const file = join(dir, LOCK);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: Math.random().toString(36).slice(2) };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine) + '\n', { flag: 'wx' });
      return { ...mine, file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(file, e);
    }
    const holder = readLock(file);
    if (attempt > 0 || isHeld(holder, file)) {
      throw new OutputError(file, `${dir} is being written by another corridor (${describe(holder)}); wait for it to finish or choose another --out`);
    }
    warn(`warning: ${file} was left by ${describe(holder)}, which no longer runs; taking it over`);
    fs.rmSync(file, { force: true });
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

function isHeld(holder: LockInfo | undefined, file: string): boolean {
  const age = () => {
    try {
      return Date.now() - fs.statSync(file).mtimeMs;
    } catch {
      return Infinity;
    }
  };
  if (!holder) return age() < UNREADABLE_GRACE_MS;
  if (holder.host === hostname()) return pidAlive(holder.pid);
  return age() < FOREIGN_STALE_MS;
}

function describe(holder: LockInfo | undefined): string {
  if (!holder) return 'a lock file that cannot be read';
  return `pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.started}`;
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // the folder is gone or moved: nothing to keep alive
  }
}

function dropLock(lock: LockInfo & { file: string }): void {
  if (readLock(lock.file)?.token === lock.token) fs.rmSync(lock.file, { force: true });
}

function removeIfEmpty(path: string): void {
  try {
    if (fs.readdirSync(path).every((name) => name === MARKER)) fs.rmSync(path, { recursive: true, force: true });
  } catch {
    // already gone
  }
}
