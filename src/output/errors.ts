// Output that cannot be written, or a folder Corridor refuses to write into: one line naming the
// file or folder and what happened (no stack trace). An OutputError is an InputError, so the CLI
// prints it as `error: …`, like a mistake in a scenario file.
import { InputError } from '../scenario/errors.ts';

export class OutputError extends InputError {
  /** the errno code (ENOSPC, EACCES, …) when a file system call failed */
  readonly code?: string;

  constructor(path: string, message: string, code?: string) {
    super(path, [], message);
    this.name = 'OutputError';
    this.message = message;
    this.code = code;
  }
}

const ERRNO: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'no such file or folder',
  EBUSY: 'it is in use (the current folder or a mount point?)',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A failed write as one line: `cannot write results/r/monthly.csv: no space left on device (ENOSPC)`.
 * `path` is what the user asked for; `hide`, a temporary path, is replaced by it in the message.
 */
export function writeFailure(path: string, e: unknown, hide?: { temp: string; shown: string }): Error {
  const shown = (s: string) => (hide ? s.split(hide.temp).join(hide.shown) : s);
  if (e instanceof OutputError) return hide ? new OutputError(shown(e.file), shown(e.message), e.code) : e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return e instanceof Error ? e : new Error(String(e));
  const at = (e as NodeJS.ErrnoException).path;
  const file = shown(at ?? path);
  return new OutputError(file, `cannot write ${file}: ${ERRNO[code] ?? (e as Error).message} (${code})`, code);
}
