// The output folder of a command: refused before anything runs when it is the current folder
// (or holds it) or a folder Corridor did not write; locked while a command writes it, so a
// second one stops naming the first; a lock left by a killed process is taken over.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/output/atomic.ts';
import { claimOutputFolder, LOCK, lockHolder } from '../../src/output/outputFolder.ts';

const work = fs.mkdtempSync(join(tmpdir(), 'corridor-out-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('claimOutputFolder', () => {
  it('refuses the current folder and the folders that hold it', () => {
    for (const out of ['.', process.cwd(), dirname(process.cwd()), '/']) {
      expect(() => claimOutputFolder(out, 'run')).toThrow(`--out ${out} is the current folder or holds it`);
    }
  });

  it('refuses a folder it did not write, touching nothing', () => {
    const thesis = join(work, 'thesis');
    fs.mkdirSync(thesis);
    fs.writeFileSync(join(thesis, 'notes.txt'), 'mine');
    expect(() => claimOutputFolder(thesis, 'run')).toThrow(`${thesis} exists and was not written by Corridor (no .corridor file); choose another --out or empty it`);
    expect(fs.readdirSync(thesis)).toEqual(['notes.txt']);
  });

  it('locks the folder: a second writer is refused with the holder pid until the first releases', async () => {
    const out = join(work, 'locked');
    const first = claimOutputFolder(out, 'sweep');
    expect(JSON.parse(fs.readFileSync(join(out, LOCK), 'utf8'))).toMatchObject({ pid: process.pid, started: expect.any(String) });
    expect(() => claimOutputFolder(out, 'sweep')).toThrow(new RegExp(`^${out} is being written by another corridor \\(pid ${process.pid}, started .*\\); wait for it to finish or choose another --out$`));
    expect(lockHolder(out)).toMatch(`pid ${process.pid}`);
    await first.replace((dir) => fs.writeFileSync(join(dir, 'runs.csv'), 'x'));
    expect(() => claimOutputFolder(out, 'sweep')).toThrow(/is being written by another corridor/); // the lock carried over the swap
    first.release();
    expect(fs.existsSync(join(out, LOCK))).toBe(false);
    expect(lockHolder(out)).toBeUndefined();
    claimOutputFolder(out, 'sweep').release();
    expect(fs.readdirSync(out).sort()).toEqual([MARKER, 'runs.csv']);
  });

  it('takes over a lock whose process no longer runs, with a warning', () => {
    const out = join(work, 'stale');
    fs.mkdirSync(out);
    fs.writeFileSync(join(out, MARKER), '{}');
    const pid = spawnSync(process.execPath, ['-e', '0']).pid; // exited: no process has it now
    fs.writeFileSync(join(out, LOCK), JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', token: 'old' }));
    const warnings: string[] = [];
    const folder = claimOutputFolder(out, 'run', { warn: (line) => warnings.push(line) });
    expect(warnings).toEqual([`warning: ${join(out, LOCK)} was left by pid ${pid}, started 2026-01-01T00:00:00.000Z, which no longer runs; taking it over`]);
    expect(JSON.parse(fs.readFileSync(join(out, LOCK), 'utf8')).pid).toBe(process.pid);
    folder.release();
  });

  it('counts a lock from another machine as held while its heartbeat is recent', () => {
    const out = join(work, 'foreign');
    fs.mkdirSync(out);
    fs.writeFileSync(join(out, MARKER), '{}');
    fs.writeFileSync(join(out, LOCK), JSON.stringify({ pid: 1, host: 'node-17', started: '2026-01-01T00:00:00.000Z', token: 'x' }));
    expect(() => claimOutputFolder(out, 'run')).toThrow(/another corridor \(pid 1 on node-17, started/);
    const longAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(join(out, LOCK), longAgo, longAgo);
    claimOutputFolder(out, 'run', { warn: () => {} }).release();
  });

  it('removes a folder it created when nothing was written into it', () => {
    const out = join(work, 'nested', 'never-written');
    claimOutputFolder(out, 'run').release();
    expect(fs.existsSync(out)).toBe(false);
  });
});
