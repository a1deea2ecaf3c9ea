// A run folder replaced on a full disk (a write that throws ENOSPC, injected): the previous
// result stays whole — its monthly.csv and its report.html — and no temporary folder is left.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { OutputError } from '../../src/output/errors.ts';
import { claimOutputFolder } from '../../src/output/outputFolder.ts';
import { runMany } from '../../src/run/pool.ts';
import { collect, planReplications, writeRunFolder } from '../../src/run/replicate.ts';
import { BASELINE } from '../helpers/scenario.ts';

const work = fs.mkdtempSync(join(tmpdir(), 'corridor-replicate-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function replications(seed: number) {
  const plan = planReplications(BASELINE, { build: { start: '2019-10', end: '2019-12', scale: 500 }, seed, reps: 2 });
  return collect(plan, await runMany(plan.tasks, { workers: 1 }));
}

async function write(out: string, seed: number): Promise<void> {
  const set = await replications(seed);
  const folder = claimOutputFolder(out, 'run');
  try {
    await writeRunFolder(folder, set, new Date(), 'test', true);
  } finally {
    folder.release();
  }
}

const snapshot = (dir: string) => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(join(dir, f), 'utf8')]));

describe('writeRunFolder', () => {
  it('on a full disk while writing the report keeps the previous result whole and leaves no temporary folder', async () => {
    const out = join(work, 'r');
    await write(out, 1);
    const before = snapshot(out);
    expect(Object.keys(before)).toContain('report.html');
    const real = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      if (String(args[1]).includes('</html>')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: String(args[0]) });
      return real(...args);
    });
    const error = await write(out, 2).then(
      () => undefined,
      (e: unknown) => e,
    );
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe(`cannot write ${join(out, 'report.html')}: no space left on device (ENOSPC)`);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(work)).toEqual(['r']);
    await write(out, 2); // with space again, the new result replaces the old
    expect(snapshot(out)['monthly.csv']).not.toBe(before['monthly.csv']);
  });
});
