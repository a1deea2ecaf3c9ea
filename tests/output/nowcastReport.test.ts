// The nowcast's report.html from a folder's files: the four hidden quantities with their bands,
// observed against filtered encounters (the data file named in nowcast.json, or a note when it
// is gone), the effective sample size with the resampled months.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNowcastFolder, renderNowcastReport, writeNowcastReport } from '../../src/output/nowcastReport.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-nowcast-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MONTHS = ['2025-04', '2025-05', '2025-06'];
const QUANTITIES = ['encounters', 'waiting_mexico', 'in_transit', 'gotaways', 'smuggler_revenue_usd'];

function folder(name: string, data?: string): string {
  const out = join(dir, name);
  mkdirSync(out);
  const rows = MONTHS.flatMap((month, m) => ['MEX', 'TOTAL'].flatMap((origin) => QUANTITIES.map((q, k) => [month, origin, q, 1000 * (k + 1) + 100 * m, 900 * (k + 1), 1200 * (k + 1) + 100 * m].join(','))));
  writeFileSync(join(out, 'estimates.csv'), ['month,origin,quantity,mean,p05,p95', ...rows].join('\n') + '\n');
  writeFileSync(join(out, 'ess.csv'), 'month,ess,ess_after,resampled,log_likelihood\n2025-04,3.5,20.0,yes,-10.1\n2025-05,12.0,12.0,no,-9.0\n2025-06,8.0,20.0,yes,-8.2\n');
  writeFileSync(join(out, 'nowcast.json'), JSON.stringify({ scenario: 'scenarios/baseline.yaml', data, since: '2025-04', through: '2025-06', particles: 20, scale: 200, seed: 1, kept: 8, logLikelihood: -27.3 }));
  return out;
}

describe('nowcast report', () => {
  it('draws the hidden stocks and flows, observed and filtered encounters, and the sample size', async () => {
    const data = join(dir, 'observed.csv');
    writeFileSync(data, 'month,origin,encounters,title42_expulsions\n' + MONTHS.flatMap((m, i) => [`${m},MEX,${700 + i},0`, `${m},GTM+HND,${300},0`]).join('\n') + '\n');
    const out = folder('with-data', data);
    expect(isNowcastFolder(out)).toBe(true);
    expect(isNowcastFolder(dir)).toBe(false);
    const file = await writeNowcastReport(out);
    expect(file).toBe(join(out, 'report.html'));
    const html = await renderNowcastReport(out);
    expect(html).toContain('<h1>Nowcast of Jun 2025</h1>');
    for (const chart of ['waiting_mexico', 'in_transit', 'gotaways', 'smuggler_revenue_usd', 'encounters', 'ess']) expect(html, chart).toContain(`data-chart="${chart}"`);
    // the last month's estimates of the hidden quantities, with their bands
    expect(html).toContain('Waiting in northern Mexico');
    expect(html).toMatch(/Jun 2025: \$5,200, 90% band \[\$4,500, \$6,200\]/);
    expect(html).toContain('observed');
    expect(html).not.toContain('No observed line');
    expect(html).toContain('resampled in 2 of 3 months');
    expect(html).toContain('1 agent = 200 persons');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('says why the observed line is missing when the data file is gone', async () => {
    const html = await renderNowcastReport(folder('no-data', join(dir, 'gone.csv')));
    expect(html).toContain(`No observed line: the data file ${join(dir, 'gone.csv')} could not be read`);
    expect(html).toContain('data-chart="encounters"');
  });
});
