import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { leverTable, parameterTable } from '../scripts/docs-tables.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function filesUnder(dir: string, ends: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith(ends) && statSync(join(ROOT, f)).isFile());
}

/** Section numbers cited as `MODEL.md §4`, `MODEL.md §2, §5` or `MODEL.md §3–§7` (a range). */
function citedSections(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(/MODEL\.md((?:\s*(?:,|and|–|-)?\s*§\d+)+)/g)) {
    const parts = [...m[1].matchAll(/([–-]?)\s*§(\d+)/g)];
    parts.forEach(([, dash, n], i) => {
      const to = Number(n);
      const from = dash && i > 0 ? Number(parts[i - 1][2]) + 1 : to;
      for (let k = from; k <= to; k++) found.push(k);
    });
  }
  return found;
}

/** Relative link targets of a Markdown text, outside code blocks and inline code. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target));
}

describe('docs/MODEL.md', () => {
  const doc = read('docs/MODEL.md');
  const sections = [...doc.matchAll(/^## §(\d+) /gm)].map((m) => Number(m[1]));

  it('lists every parameter and lever exactly as the code defines them (npm run docs:tables)', () => {
    expect(doc).toContain(parameterTable());
    expect(doc).toContain(leverTable());
  });

  it('has the ten sections of the specification, §1 to §10, in order', () => {
    expect(sections).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('has a heading for every "MODEL.md §N" cited in src/', () => {
    const missing: string[] = [];
    let citations = 0;
    for (const file of filesUnder('src', '.ts')) {
      for (const n of citedSections(read(file))) {
        citations++;
        if (!sections.includes(n)) missing.push(`${file}: §${n}`);
      }
    }
    expect(citations).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('reads citations and ranges as written in the code', () => {
    expect(citedSections('(MODEL.md §2–§9)')).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(citedSections('(MODEL.md §2, §5)')).toEqual([2, 5]);
    expect(citedSections('see MODEL.md §6 parole; MODEL.md §10')).toEqual([6, 10]);
    expect(citedSections('docs/ARCHITECTURE.md')).toEqual([]);
  });
});

describe('README.md and docs/', () => {
  const pages = ['README.md', 'CHANGELOG.md', ...filesUnder('docs', '.md')];

  it('every relative link points at a file that exists', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const target of relativeLinks(read(page))) {
        const path = resolve(ROOT, dirname(page), decodeURI(target.split('#')[0]));
        if (!existsSync(path)) broken.push(`${page}: ${target} (${relative(ROOT, path)})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('finds links, and only relative ones', () => {
    expect(relativeLinks('[a](docs/MODEL.md) [b](https://x.org) [c](#top) `[d](no.md)` [e](MODEL.md#levers)')).toEqual([
      'docs/MODEL.md',
      'MODEL.md#levers',
    ]);
  });

  it('keeps the README a front door: at most 12 KB, starting with the two commands', () => {
    const readme = read('README.md');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
    const firstBlock = readme.match(/```bash\n([\s\S]*?)```/)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start\s/m);
    expect(firstBlock).toMatch(/^npm test\s/m);
  });
});
