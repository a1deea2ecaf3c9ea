// `corridor serve --out DIR` (writeWeb): the page's files replace DIR whole only when Corridor
// wrote DIR (or it is new or empty); any other folder is refused with one line and left as it was.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWeb } from '../../src/web/build.ts';
import type { Site } from '../../src/web/build.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-web-out-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const site = (text: string): Site => new Map([['/index.html', { body: Buffer.from(text), type: 'text/html' }]]);

describe('writeWeb', () => {
  it('refuses a folder Corridor did not write, and replaces one it wrote', async () => {
    const mine = join(work, 'site');
    mkdirSync(mine);
    writeFileSync(join(mine, 'cv.pdf'), 'mine');
    await expect(writeWeb(site('a'), mine)).rejects.toThrow(`${mine} exists and was not written by Corridor (no .corridor file); choose another --out or empty it`);
    expect(readdirSync(mine)).toEqual(['cv.pdf']);
    const out = join(work, 'web');
    await writeWeb(site('first'), out);
    await writeWeb(site('second'), out);
    expect(readdirSync(out).sort()).toEqual(['.corridor', 'index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('second');
    expect(JSON.parse(readFileSync(join(out, '.corridor'), 'utf8')).kind).toBe('serve');
  });
});
