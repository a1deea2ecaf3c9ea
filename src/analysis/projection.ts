// Out-of-sample projection (issue 5): the calibrated baseline run forward with the policy
// timeline as its only input, each replication with its own parameter draw from the
// calibration's Laplace posterior, so the interval holds both sampling noise and what the
// calibration left uncertain.
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { monthKey } from '../model/calendar.ts';
import type { RunResult } from '../model/simulation.ts';
import { ORIGINS } from '../model/types.ts';
import { FLOW, ORIGIN_FLOWS } from '../model/recorder.ts';
import { runMany } from '../run/pool.ts';
import type { RunTask } from '../run/pool.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { toCsv } from '../output/csv.ts';
import { loadScenario } from '../scenario/load.ts';
import type { Posterior } from './calibration.ts';
import { cholesky, gaussian } from './cmaes.ts';
import { mean, quantile } from './stats.ts';

/** One parameter vector per replication: t ~ N(mean, cov), clipped to the calibration bounds. */
export function drawParameters(post: Pick<Posterior, 'names' | 'log' | 'lo' | 'hi' | 'mean' | 'cov'>, reps: number, seed: string): Record<string, number>[] {
  const p = post.names.length;
  const L = cholesky(post.cov, p);
  return Array.from({ length: reps }, (_, r) => {
    const gauss = gaussian(seedrandom(`${seed}|draw${r}`));
    const z = Array.from({ length: p }, gauss);
    const out: Record<string, number> = {};
    for (let i = 0; i < p; i++) {
      let t = post.mean[i];
      for (let k = 0; k <= i; k++) t += L[i * p + k] * z[k];
      t = Math.min(post.hi[i], Math.max(post.lo[i], t));
      out[post.names[i]] = post.log[i] ? Math.exp(t) : t;
    }
    return out;
  });
}

export interface ProjectOptions {
  scenario: string;
  posterior?: string;
  reps: number;
  scale: number;
  seed: number;
  /** first and last month written (YYYY-MM) */
  from: string;
  to: string;
  out: string;
  workers?: number;
  log?: (line: string) => void;
}

export const PROJECTION_HEADER = ['month', 'origin', 'mean', 'p05', 'p95'];

export interface ProjectionOutcome {
  rows: (string | number)[][];
  /** encounters per calendar year: origin → year → replications */
  annual: Map<string, Map<string, number[]>>;
}

export async function project(opts: ProjectOptions): Promise<ProjectionOutcome> {
  const log = opts.log ?? (() => {});
  const post = opts.posterior ? (JSON.parse(readFileSync(opts.posterior, 'utf8')) as Posterior) : undefined;
  const draws = post ? drawParameters(post, opts.reps, `projection|${opts.seed}`) : Array.from({ length: opts.reps }, () => ({}));
  const build = { end: opts.to, scale: opts.scale };
  const loaded = loadScenario(opts.scenario, build);
  const firstMonth = loaded.input.calendar.firstMonth;
  const tasks: RunTask[] = draws.map((overrides, r) => ({
    id: `projection-r${r}`,
    scenarioFile: opts.scenario,
    build: { ...build, parameterOverrides: overrides },
    key: { masterSeed: opts.seed, scope: 'projection', point: 0, rep: r },
  }));
  log(`project: ${opts.reps} replications of ${opts.scenario} at scale ${opts.scale} to ${opts.to}${post ? `, parameters drawn from ${opts.posterior}` : ''}`);
  let finished = 0;
  const t0 = Date.now();
  const done = await runMany(tasks, {
    workers: opts.workers,
    onDone: () => {
      finished++;
      if (finished % 8 === 0 || finished === tasks.length) log(`  ${finished}/${tasks.length} runs, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    },
  });
  const failed = done.find((d) => d.error !== undefined);
  if (failed) throw new Error(`projection run ${failed.task.id} failed: ${failed.error}`);
  const results = done.map((d) => d.result as RunResult);
  const [fy, fm] = opts.from.split('-').map(Number);
  const [ty, tm] = opts.to.split('-').map(Number);
  const nO = ORIGINS.length;
  const nF = ORIGIN_FLOWS.length;
  const rows: (string | number)[][] = [];
  const annual = new Map<string, Map<string, number[]>>();
  for (let k = fy * 12 + fm - 1; k <= ty * 12 + tm - 1; k++) {
    const m = k - firstMonth;
    const month = monthKey(k);
    const year = month.slice(0, 4);
    for (let o = 0; o <= nO; o++) {
      const values = results.map((res) => {
        const t = res.tables;
        if (o < nO) return t.originFlows[(m * nF + FLOW.encounters) * nO + o];
        let s = 0;
        for (let q = 0; q < nO; q++) s += t.originFlows[(m * nF + FLOW.encounters) * nO + q];
        return s;
      });
      const origin = o < nO ? ORIGINS[o] : 'TOTAL';
      rows.push([month, origin, Math.round(mean(values)), Math.round(quantile(values, 0.05)), Math.round(quantile(values, 0.95))]);
      const byYear = annual.get(origin) ?? new Map<string, number[]>();
      const acc = byYear.get(year) ?? new Array(values.length).fill(0);
      values.forEach((v, r) => (acc[r] += v));
      byYear.set(year, acc);
      annual.set(origin, byYear);
    }
  }
  writeFileAtomic(opts.out, toCsv(PROJECTION_HEADER, rows));
  for (const [origin, byYear] of annual) {
    const parts = [...byYear].map(([y, v]) => `${y} ${fmtK(mean(v))} [${fmtK(quantile(v, 0.05))}, ${fmtK(quantile(v, 0.95))}]`);
    log(`  ${origin.padEnd(6)} ${parts.join('   ')}`);
  }
  log(`wrote ${opts.out}`);
  return { rows, annual };
}

function fmtK(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${Math.round(x / 1e3)}k`;
}
