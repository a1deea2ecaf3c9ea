import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leverTable, parameterTable } from '../scripts/docs-tables.ts';

describe('docs/MODEL.md', () => {
  it('lists every parameter and lever exactly as the code defines them (npm run docs:tables)', () => {
    const doc = readFileSync(new URL('../docs/MODEL.md', import.meta.url), 'utf8');
    expect(doc).toContain(parameterTable());
    expect(doc).toContain(leverTable());
  });
});
