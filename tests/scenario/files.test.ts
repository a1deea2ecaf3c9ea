// Input files are read safely (issue 11, item 12): regular files only, never past a size limit,
// as UTF-8; a FIFO, a device, a folder or a huge file is refused with one line naming it.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableFile } from '../../src/scenario/errors.ts';
import { readFileBytes, readTextFile } from '../../src/scenario/files.ts';
import { DATA_FILE_BYTES, INPUT_FILE_BYTES } from '../../src/scenario/limits.ts';
import { corridor } from '../helpers/cli.ts';
import { errorOf, ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A file of `bytes` bytes that takes no room on disk. */
function sparse(name: string, bytes: number): string {
  const file = join(dir, name);
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}


const reasonOf = (read: () => unknown) => {
  try {
    read();
  } catch (e) {
    if (e instanceof UnreadableFile) return e.reason;
    throw e;
  }
  throw new Error('expected the file to be refused');
};

describe('reading input files', () => {
  it('refuses what is not a regular file, by the opened descriptor', () => {
    expect(reasonOf(() => readFileBytes(dir, 1000))).toBe('is a folder, not a file');
    expect(reasonOf(() => readFileBytes('/dev/zero', 1000))).toBe('is a device, not a regular file');
    expect(reasonOf(() => readFileBytes(join(dir, 'nowhere.yaml'), 1000))).toBe('no such file');
    expect(reasonOf(() => readFileBytes('a\0b', 1000))).toMatch(/NUL/);
  });

  it('reads at most the limit, even from a file that says it is empty (/proc)', () => {
    expect(readFileBytes(write('small.txt', 'abc'), 3).toString()).toBe('abc');
    expect(reasonOf(() => readFileBytes(write('four.txt', 'abcd'), 3))).toMatch(/larger than/);
    expect(readFileBytes('/proc/self/status', 1 << 20).length).toBeGreaterThan(0);
    expect(reasonOf(() => readFileBytes('/proc/self/status', 10))).toMatch(/larger than/);
  });

  it('refuses bytes that are not UTF-8, naming the line, and drops a byte-order mark', () => {
    const file = write('latin1.yaml', Buffer.concat([Buffer.from('name: a\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(reasonOf(() => readTextFile(file, 1000))).toBe('is not UTF-8 text (line 2); save it as UTF-8');
    expect(readTextFile(write('bom.yaml', '\ufeffname: a\n'), 1000)).toBe('name: a\n');
  });

  it('a scenario or an extended file over 1 MB is refused without being read', () => {
    const big = sparse('big.yaml', INPUT_FILE_BYTES + 1);
    expect(errorOf(big).message).toMatch(/big\.yaml: \(top level\): cannot read the file \(is larger than 1 MB/);
    const e = errorOf(write('extends-big.yaml', `extends: ${big}\n`));
    expect(e.fieldPath).toEqual(['extends']);
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/cannot read the extended file .*big\.yaml \(is larger than 1 MB/);
  });

  it('a data file over 20 MB is refused where the data folder is named', () => {
    const data = join(dir, 'big-data');
    mkdirSync(data);
    for (const f of ['origins.yaml', 'routes.yaml', 'sectors.yaml']) write(join('big-data', f), '');
    sparse(join('big-data', 'indicators.csv'), DATA_FILE_BYTES + 1);
    const e = errorOf(write('big-data.yaml', `extends: ${ROOT}scenarios/baseline.yaml\ndata: big-data\n`));
    expect(e.fieldPath).toEqual(['data']);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/indicators\.csv \(is larger than 20 MB/);
  });

  it('`extends:` or `data:` a device: refused at once, nothing read', () => {
    expect(errorOf(write('extends-zero.yaml', 'extends: /dev/zero\n')).message).toMatch(/extends-zero\.yaml:1: extends: cannot read the extended file \/dev\/zero \(is a device, not a regular file\)$/);
    const e = errorOf(write('data-zero.yaml', `extends: ${ROOT}scenarios/baseline.yaml\ndata: /dev/zero\n`));
    expect(e.message).toMatch(/data-zero\.yaml:2: data: cannot read \/dev\/zero\/origins\.yaml \(a part of the path is a file, not a folder\)/);
  });

  // through the command: a FIFO that is opened blocking would hang the test process itself
  it('`extends:` a FIFO: one line at once, no hang', () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = corridor('validate', write('extends-fifo.yaml', `extends: ${fifo}\n`));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^error: \S*extends-fifo\.yaml:1: extends: cannot read the extended file \S*fifo\.yaml \(is a named pipe \(FIFO\), not a regular file\)$/);
  });
});
