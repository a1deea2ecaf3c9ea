// Atomic folders: a folder Corridor did not write is never replaced; a write that fails half-way
// (a full disk, simulated by a file system call that throws ENOSPC) leaves the old result as it
// was and no temporary folder; what a killed process left is cleaned up at the next write.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MARKER, moveEntries, writeFileAtomic, writeFolderAtomic } from '../../src/output/atomic.ts';
import { OutputError } from '../../src/output/errors.ts';

const work = fs.mkdtempSync(join(tmpdir(), 'corridor-atomic-'));
afterEach(() => vi.restoreAllMocks());
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A pid no process has: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

/** Every file under dir (hidden ones too) with its text. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) if (fs.statSync(join(dir, f)).isFile()) files[f] = fs.readFileSync(join(dir, f), 'utf8');
  return files;
}

/** Makes the n-th call of fs.writeFileSync (counted from now) fail as a full disk would. */
function fullDiskAt(n: number): void {
  const real = fs.writeFileSync;
  let calls = 0;
  vi.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
    if (++calls === n) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', path: String(args[0]) });
    return real(...args);
  });
}

const result = (text: string) => (dir: string) => {
  writeFileAtomic(join(dir, 'monthly.csv'), `monthly ${text}\n`);
  writeFileAtomic(join(dir, 'annual.csv'), `annual ${text}\n`);
  writeFileAtomic(join(dir, 'report.html'), `<p>${text}</p>\n`);
};

describe('writeFolderAtomic', () => {
  it('refuses a folder Corridor did not write and leaves it as it was', async () => {
    const thesis = join(work, 'thesis');
    fs.mkdirSync(thesis);
    fs.writeFileSync(join(thesis, 'chapter1.tex'), 'mine');
    await expect(writeFolderAtomic(thesis, result('new'))).rejects.toThrow(`${thesis} exists and was not written by Corridor (no .corridor file); choose another --out or empty it`);
    expect(snapshot(thesis)).toEqual({ 'chapter1.tex': 'mine' });
    const file = join(work, 'a-file');
    fs.writeFileSync(file, 'mine');
    await expect(writeFolderAtomic(file, result('new'))).rejects.toThrow(/is a file, not a folder/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });

  it('replaces a folder it wrote, and an empty one, marking them', async () => {
    const r = join(work, 'r-replace');
    fs.mkdirSync(r);
    await writeFolderAtomic(r, result('one'));
    await writeFolderAtomic(r, result('two'));
    expect(fs.readFileSync(join(r, 'monthly.csv'), 'utf8')).toBe('monthly two\n');
    expect(JSON.parse(fs.readFileSync(join(r, MARKER), 'utf8'))).toMatchObject({ kind: 'run', version: expect.any(String), created: expect.any(String) });
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.corridor-'))).toEqual([]);
  });

  it('on a full disk keeps the previous result whole, leaves no temporary folder, and says which file in one line', async () => {
    const r = join(work, 'r-full');
    await writeFolderAtomic(r, result('old'));
    const before = snapshot(r);
    fullDiskAt(4); // the marker, monthly.csv and annual.csv written, report.html fails
    const error = await writeFolderAtomic(r, result('new')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe(`cannot write ${join(r, 'report.html')}: no space left on device (ENOSPC)`);
    expect(snapshot(r)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.corridor-'))).toEqual([]);
    expect(fs.readdirSync(r).filter((f) => f.startsWith('.corridor-'))).toEqual([]);
  });

  it('removes what a killed process left beside the target, and puts back an old folder it had renamed away', async () => {
    const parent = join(work, 'killed');
    fs.mkdirSync(parent);
    const pid = deadPid();
    fs.mkdirSync(join(parent, `.corridor-tmp-${pid}-abc12345`)); // kill -9 mid-write: an empty temporary folder
    fs.writeFileSync(join(parent, `.corridor-tmp-${pid}-def67890`), 'half a file');
    fs.mkdirSync(join(parent, `.corridor-old-${pid}-aaa11111-kept`)); // killed between the two renames of a swap
    fs.writeFileSync(join(parent, `.corridor-old-${pid}-aaa11111-kept`, 'monthly.csv'), 'the old result');
    fs.mkdirSync(join(parent, `.corridor-tmp-${process.pid}-live0000`)); // a live process's: left alone
    await writeFolderAtomic(join(parent, 'other'), result('x'));
    expect(fs.readdirSync(parent).sort()).toEqual([`.corridor-tmp-${process.pid}-live0000`, 'kept', 'other']);
    expect(fs.readFileSync(join(parent, 'kept', 'monthly.csv'), 'utf8')).toBe('the old result');
  });
});

describe('writeFileAtomic', () => {
  it('writes a sequence of pieces, and on failure leaves the old file and names the file', () => {
    const file = join(work, 'lines.csv');
    writeFileAtomic(file, (function* () {
      for (let i = 0; i < 30_000; i++) yield `${i},row\n`;
    })());
    expect(fs.readFileSync(file, 'utf8').split('\n')[29_999]).toBe('29999,row');
    fullDiskAt(1);
    expect(() => writeFileAtomic(file, 'new')).toThrow(`cannot write ${file}: no space left on device (ENOSPC)`);
    expect(fs.readFileSync(file, 'utf8').startsWith('0,row\n')).toBe(true);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.corridor-tmp'))).toEqual([]);
  });
});

describe('moveEntries', () => {
  it('moves all entries or none', () => {
    const into = join(work, 'into');
    const from = join(work, 'from');
    fs.mkdirSync(into);
    fs.mkdirSync(from);
    for (const [dir, text] of [[into, 'old'], [from, 'new']]) for (const f of ['a', 'b', 'c']) fs.writeFileSync(join(dir, f), text);
    fs.writeFileSync(join(into, 'gone'), 'old');
    const real = fs.renameSync;
    let calls = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((...args: Parameters<typeof fs.renameSync>) => {
      if (++calls === 5) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      return real(...args);
    });
    expect(() => moveEntries(from, into, ['a', 'b', 'c', 'gone'])).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    expect(snapshot(into)).toEqual({ a: 'old', b: 'old', c: 'old', gone: 'old' });
    moveEntries(from, into, ['a', 'b', 'c', 'gone']);
    expect(snapshot(into)).toEqual({ a: 'new', b: 'new', c: 'new' });
  });
});
