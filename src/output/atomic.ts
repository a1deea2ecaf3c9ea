// Atomic writes: nothing a user sees is ever half-written, and nothing already written is lost.
// Files go to a temporary name in the same folder and are renamed into place. Result folders are
// built whole beside the target (`.corridor-tmp-<pid>-<random>`) and swapped in: the old folder
// is renamed away (`.corridor-old-<pid>-<random>-<name>`), the new one renamed in, the old one
// deleted; on any error the old folder stays and the temporary one is removed.
//
// Corridor writes a marker file `.corridor` ({ kind, version, created, host }) into every folder
// it builds, and replaces only a folder that is absent, empty or holds that marker: it never
// deletes a folder it did not write. Temporary folders of a process that no longer runs (kill -9)
// are removed at the next write into the same parent; an old folder renamed away by it and not
// yet replaced is put back.
import fs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { OutputError, writeFailure } from './errors.ts';
import { corridorVersion } from './manifest.ts';

export type FolderKind = 'run' | 'compare' | 'sweep' | 'serve' | 'calibrate';

export const MARKER = '.corridor';
const TEMP = /^\.corridor-tmp-(\d+)-[a-z0-9]+$/;
const OLD = /^\.corridor-old-(\d+)-[a-z0-9]+-(.+)$/;

// ---------------------------------------------------------------------------------------------
// Cleanup at exit and on Ctrl-C: temporary paths are removed, then the registered actions run.

const pending = new Set<string>();
const atExit = new Set<() => void>();
let handlersInstalled = false;

function cleanup(): void {
  for (const path of pending) fs.rmSync(path, { recursive: true, force: true });
  pending.clear();
  for (const action of atExit) {
    try {
      action();
    } catch {
      // at exit there is no one left to tell
    }
  }
  atExit.clear();
}

function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Runs `action` at exit or on Ctrl-C unless the returned function is called first. */
export function onExit(action: () => void): () => void {
  installSignalCleanup();
  atExit.add(action);
  return () => atExit.delete(action);
}

// ---------------------------------------------------------------------------------------------
// Temporary names, processes, markers

function token(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

/** A temporary name in `dir`: `.corridor-tmp-<pid>-<random>`. */
export function tempPath(dir: string): string {
  return join(dir, `.corridor-tmp-${process.pid}-${token()}`);
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Marker {
  kind: FolderKind;
  version: string;
  created: string;
  host: string;
}

export function writeMarker(dir: string, kind: FolderKind): void {
  const marker: Marker = { kind, version: corridorVersion(), created: new Date().toISOString(), host: hostname() };
  writeFileAtomic(join(dir, MARKER), JSON.stringify(marker, null, 2) + '\n');
}

function readMarker(dir: string): Partial<Marker> | undefined {
  try {
    return JSON.parse(fs.readFileSync(join(dir, MARKER), 'utf8')) as Partial<Marker>;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a target Corridor may not replace: a file, or a folder that holds anything and no
 * marker. `allowed(name)` names entries that do not count (the shards a merge joins).
 */
export function checkReplaceable(target: string, allowed: (name: string) => boolean = () => false): void {
  let entries: string[];
  try {
    if (!fs.statSync(target).isDirectory()) throw new OutputError(target, `${target} is a file, not a folder; choose another --out`);
    entries = fs.readdirSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw writeFailure(target, e);
  }
  if (entries.includes(MARKER) || entries.every(allowed)) return;
  throw new OutputError(target, `${target} exists and was not written by Corridor (no ${MARKER} file); choose another --out or empty it`);
}

/**
 * Removes what a process that no longer runs left in `dir`: its temporary files and folders,
 * and an old folder it had renamed away (put back if nothing replaced it). A temporary folder
 * marked by another machine (a shared file system) is left alone: its process cannot be seen.
 */
export function removeStaleTemps(dir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const temp = TEMP.exec(name);
    const old = OLD.exec(name);
    const pid = Number((temp ?? old)?.[1]);
    if (!(temp || old) || pidAlive(pid)) continue;
    const path = join(dir, name);
    const host = readMarker(path)?.host;
    if (host !== undefined && host !== hostname()) continue;
    try {
      if (old && !fs.existsSync(join(dir, old[2]))) fs.renameSync(path, join(dir, old[2]));
      else fs.rmSync(path, { recursive: true, force: true });
    } catch {
      // another process cleaning up at the same time, or no permission: it stays for the next
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Files

/** Writes a file whole or not at all; `content` may be a sequence of pieces (lines), written as they come. */
export function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>): void {
  const tmp = tempPath(dirname(path));
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'string' || content instanceof Uint8Array) fs.writeFileSync(tmp, content);
    else writePieces(tmp, content);
    fs.renameSync(tmp, path);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw writeFailure(path, e, { temp: tmp, shown: path });
  }
}

function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let buffer = '';
    for (const piece of pieces) {
      buffer += piece;
      if (buffer.length >= 1 << 16) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    if (buffer) fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Folders

/**
 * Builds a folder with `fill(tempDir)` and swaps it in for `target` only when `fill` succeeded
 * (the report too: write it inside `fill`). The target must be absent, empty or marked
 * (checkReplaceable); the new folder is marked with `kind`. On error or Ctrl-C the temporary
 * folder is removed and the old target stays as it was.
 */
export async function writeFolderAtomic(target: string, fill: (dir: string) => void | Promise<void>, kind: FolderKind = 'run'): Promise<void> {
  installSignalCleanup();
  checkReplaceable(target);
  const parent = dirname(target);
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw writeFailure(target, e);
  }
  removeStaleTemps(parent);
  const tmp = tempPath(parent);
  pending.add(tmp);
  try {
    fs.mkdirSync(tmp);
    writeMarker(tmp, kind);
    await fill(tmp);
    swapIn(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw writeFailure(target, e, { temp: tmp, shown: target });
  } finally {
    pending.delete(tmp);
  }
}

/** Renames `tmp` to `target`, the old target renamed away first and deleted after; put back on error. */
function swapIn(tmp: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(tmp, target);
    return;
  }
  const old = join(dirname(target), `.corridor-old-${process.pid}-${token()}-${basename(target)}`);
  fs.renameSync(target, old);
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.renameSync(old, target);
    throw e;
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Moves the entries `names` of folder `from` into folder `into`, replacing those of the same
 * name; a name absent from `from` is removed from `into`. All or nothing: on error every entry
 * already moved is put back. For results inside a folder that also holds what must stay (a
 * sweep's run records, the shards a merge joined).
 */
export function moveEntries(from: string, into: string, names: readonly string[]): void {
  const trash = tempPath(into);
  const moved: string[] = [];
  try {
    fs.mkdirSync(trash);
    for (const name of names) {
      moved.push(name);
      if (fs.existsSync(join(into, name))) fs.renameSync(join(into, name), join(trash, name));
      if (fs.existsSync(join(from, name))) fs.renameSync(join(from, name), join(into, name));
    }
  } catch (e) {
    for (const name of moved.reverse()) {
      if (fs.existsSync(join(trash, name))) {
        if (fs.existsSync(join(into, name))) fs.renameSync(join(into, name), join(from, name));
        fs.renameSync(join(trash, name), join(into, name));
      } else if (fs.existsSync(join(into, name)) && !fs.existsSync(join(from, name))) fs.renameSync(join(into, name), join(from, name));
    }
    throw writeFailure(into, e);
  } finally {
    fs.rmSync(trash, { recursive: true, force: true });
  }
}
