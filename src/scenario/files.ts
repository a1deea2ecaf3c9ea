// Reading one input file from disk, safely: the file is opened without blocking (a FIFO would
// otherwise wait forever for a writer), checked on the opened descriptor (not by a separate stat,
// which another process could outrun) to be a regular file, and read up to a size limit, so a
// device such as /dev/zero or a file that grows while it is read cannot fill the memory.
import { Buffer, isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { UnreadableFile } from './errors.ts';
import { megabytes } from './limits.ts';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many symbolic links (a loop?)',
  ENAMETOOLONG: 'the path is too long',
  ENXIO: 'is not a regular file (a socket or a device)',
  EIO: 'input/output error',
};

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'is a folder, not a file';
  if (st.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE') return 'the path contains a NUL character';
  return (code && REASONS[code]) ?? (e as Error).message;
}

/** The bytes of a regular file of at most `maxBytes`; an UnreadableFile saying why not otherwise. */
export function readFileBytes(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new UnreadableFile(path, reasonOf(e));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnreadableFile(path, kindOf(st));
    const tooLarge = () => new UnreadableFile(path, `is larger than ${megabytes(maxBytes)}, the limit for this kind of file`);
    if (st.size > maxBytes) throw tooLarge();
    // read until the end, whatever the size said (files in /proc say 0), but never past the limit
    const chunks: Buffer[] = [];
    let total = 0;
    let size = Math.min(maxBytes + 1, st.size + 1);
    for (;;) {
      const chunk = Buffer.allocUnsafe(size);
      const n = readSync(fd, chunk, 0, size, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge();
      size = Math.min(64 * 1024, maxBytes + 1 - total);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    throw new UnreadableFile(path, reasonOf(e));
  } finally {
    closeSync(fd);
  }
}

/**
 * A regular file's text, of at most `maxBytes`, in UTF-8 (a byte-order mark is dropped). Bytes that
 * are not UTF-8 are refused with the line they are on rather than silently replaced.
 */
export function readTextFile(path: string, maxBytes: number): string {
  const bytes = readFileBytes(path, maxBytes);
  const text = bytes.toString('utf8');
  if (!isUtf8(bytes)) {
    const line = text.slice(0, text.indexOf('\ufffd')).split('\n').length;
    throw new UnreadableFile(path, `is not UTF-8 text (line ${line}); save it as UTF-8`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
