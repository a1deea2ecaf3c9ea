// The fuzz corpus of input files (issue 11, item 13): at least 2,000 generated cases, read in a
// worker thread through the library's entry points (loadScenario, loadSweepFile,
// readCalibration), each with a time limit, then a handful through the `corridor` command. Every
// case must be accepted or refused with one clean line: no stack trace, no hang, no memory
// filled, and no case built to be invalid accepted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { corridorAsync } from '../helpers/cli.ts';
import { ROOT } from '../helpers/scenario.ts';
import { DEFAULT_LIMIT_MS, generateCorpus } from './corpus.ts';
import type { FuzzCase } from './corpus.ts';
import type { CaseResult, FromWorker } from './runner.ts';

const ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'corridor-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs every case; a worker that hangs or dies is replaced and the next case goes on. */
async function runCorpus(cases: FuzzCase[]): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  while (next < cases.length) next = await runFrom(cases, next, results);
  return results;
}

function runFrom(cases: FuzzCase[], from: number, results: CaseResult[]): Promise<number> {
  return new Promise((resolve) => {
    // a worker that fills its memory dies with ERR_WORKER_OUT_OF_MEMORY: a crash of that case
    const worker = new Worker(ENTRY, { workerData: { cases, from, dir }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let current = from;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (continueAt: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(continueAt);
    };
    worker.on('message', (m: FromWorker) => {
      if ('start' in m) {
        current = m.start;
        const limit = m.limitMs || DEFAULT_LIMIT_MS;
        timer = setTimeout(() => {
          results[current] = { outcome: 'hang', ms: limit, detail: `no answer in ${limit} ms` };
          finish(current + 1);
        }, limit);
      } else {
        clearTimeout(timer);
        results[m.done] = m.result;
        if (m.done === cases.length - 1) finish(cases.length);
      }
    });
    worker.on('error', (e) => {
      results[current] = { outcome: 'crash', ms: 0, detail: `the worker died: ${e.message}` };
      finish(current + 1);
    });
    worker.on('exit', () => {
      if (!settled) {
        results[current] ??= { outcome: 'crash', ms: 0, detail: 'the worker exited' };
        finish(current + 1);
      }
    });
  });
}

describe('fuzz corpus of input files', () => {
  it('2,000+ generated cases: 0 stack traces, 0 hangs, 0 wrong accepts', async () => {
    const started = performance.now();
    const cases = generateCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    const results = await runCorpus(cases);
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    const wrong = cases.filter((c, i) => (c.expect === 'refuse' && results[i].outcome === 'accepted') || (c.expect === 'accept' && results[i].outcome !== 'accepted'));
    const slowest = results.map((r, i) => [r.ms, cases[i].id] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
    console.log(
      `fuzz: ${cases.length} cases (${cases.filter((c) => c.expect === 'refuse').length} built to be refused) in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `${count('accepted')} accepted, ${count('refused')} refused, ${count('crash')} crashes, ${count('hang')} hangs, ${count('bad-message')} bad messages, ${wrong.length} wrong; ` +
        `slowest ${slowest.map(([ms, id]) => `${id} ${ms} ms`).join(', ')}`,
    );
    const problems = cases.flatMap((c, i) => {
      const r = results[i];
      const wrongAnswer = (c.expect === 'refuse' && r.outcome === 'accepted') || (c.expect === 'accept' && r.outcome !== 'accepted');
      return ['crash', 'hang', 'bad-message'].includes(r.outcome) || wrongAnswer ? [`${c.id} (expected ${c.expect}): ${r.outcome} ${r.detail ?? ''}`] : [];
    });
    expect(problems).toEqual([]);
  }, 180_000);

  it('a handful through the command: one line, exit code 2, at once', async () => {
    const cli = join(dir, 'cli');
    mkdirSync(cli, { recursive: true });
    const file = (name: string, text: string | Buffer) => {
      writeFileSync(join(cli, name), text);
      return join(cli, name);
    };
    execFileSync('mkfifo', [join(cli, 'fifo.yaml')]);
    const baseline = `${ROOT}scenarios/baseline.yaml`;
    const runs = await Promise.all([
      corridorAsync('validate', file('fifo-extends.yaml', 'extends: fifo.yaml\n')),
      corridorAsync('validate', file('binary.yaml', Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a, 0x80]))),
      corridorAsync('run', file('scale.yaml', `extends: ${baseline}\nscale: 9000000\n`)),
    ]);
    for (const r of runs) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: [^\n]*\n$/);
      expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }
    expect(runs[0].stderr).toMatch(/is a named pipe \(FIFO\), not a regular file/);
    expect(runs[1].stderr).toMatch(/binary\.yaml: \(top level\): cannot read the file \(is not UTF-8 text \(line 1\); save it as UTF-8\)/);
    expect(runs[2].stderr).toMatch(/scale\.yaml:2: scale: expected at most 4,112,199 persons per agent/);
  }, 120_000);
});
