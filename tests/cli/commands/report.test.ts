// `corridor report <folder>` and the report.html that `corridor run` writes by itself: one
// self-contained page with its charts as inline SVG drawn from the run's own numbers.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corridor } from '../../helpers/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'corridor-report-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('corridor report', () => {
  it('writes report.html after a run, and again on request, with charts and no network', () => {
    const out = join(work, 'sb');
    const ran = corridor('run', 'scenarios/stricter-border.yaml', '--seed', '3', '--start', '2025-01', '--end', '2026-12', '--scale', '200', '--out', out, '--quiet', '--workers', '1');
    expect(ran.status, ran.stderr).toBe(0);
    const report = join(out, 'report.html');
    expect(existsSync(report), 'run writes report.html').toBe(true);
    rmSync(report);

    const r = corridor('report', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('report.html');
    const html = readFileSync(report, 'utf8');
    expect(html.trimStart().toLowerCase().startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // the title is the scenario; its charts are inline SVG with drawn marks
    expect(html).toMatch(/<title>[^<]*stricter-border[^<]*<\/title>/);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    expect(svgs.some((s) => /<path[^>]+d="M[^"]{40,}/.test(s)), 'a chart with a drawn line or area').toBe(true);
    expect(html).toContain('Encounters');
    // self-contained: nothing fetched from elsewhere
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/i);
  });

  it('says which folder has no results, with exit code 2', () => {
    const r = corridor('report', join(work, 'nothing-here'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: no monthly\.csv in .*nothing-here/);
  });
});
