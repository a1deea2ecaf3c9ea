// Atomic writes: nothing a user sees is ever half-written. Files go to a temporary name in the
// same folder and are renamed into place; result folders are built beside the target and
// swapped in whole. Temporary folders left by a crash are named `.corridor-tmp-*`.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();
let handlersInstalled = false;

function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = () => {
    for (const dir of pending) rmSync(dir, { recursive: true, force: true });
    pending.clear();
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function tempName(target: string): string {
  return join(dirname(target), `.corridor-tmp-${basename(target)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Builds a folder with `fill(tempDir)` and moves it to `target` only when `fill` succeeded.
 * An existing target is replaced; on error or Ctrl-C the temporary folder is removed.
 */
export async function writeFolderAtomic(target: string, fill: (dir: string) => void | Promise<void>): Promise<void> {
  installSignalCleanup();
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempName(target);
  pending.add(tmp);
  try {
    mkdirSync(tmp);
    await fill(tmp);
    if (existsSync(target)) {
      const old = tempName(target);
      pending.add(old);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
      pending.delete(old);
    } else renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    pending.delete(tmp);
  }
}
