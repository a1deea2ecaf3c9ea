// `corridor project`, the out-of-sample projection: the calibrated baseline run forward with the
// policy timeline as its only input, each replication with its own parameter draw from the
// calibration's posterior sample and its own stream, seen through the observation model, so the
// interval holds what the calibration left uncertain, the simulator's noise and how far CBP's
// counts stray from the model's.
import { readFileSync } from 'node:fs';
import { monthKey } from '../model/calendar.ts';
import type { RunResult } from '../model/simulation.ts';
import { ORIGINS } from '../model/entities.ts';
import { FLOW, ORIGIN_FLOWS } from '../model/recorder.ts';
import { drawParameters, observationNoise, observe } from '../analysis/posterior.ts';
import type { ParticlePosterior } from '../analysis/posterior.ts';
import { mean, quantile } from '../analysis/stats.ts';
import { loadScenario } from '../scenario/load.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { toCsv } from '../output/csv.ts';
import { compactCount } from '../output/format.ts';
import { runMany } from './pool.ts';
import type { RunTask } from './pool.ts';

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

const PROJECTION_HEADER = ['month', 'origin', 'mean', 'p05', 'p95'];

export interface ProjectionOutcome {
  rows: (string | number)[][];
  /** encounters per calendar year: origin → year → replications */
  annual: Map<string, Map<string, number[]>>;
}

export async function project(opts: ProjectOptions): Promise<ProjectionOutcome> {
  const log = opts.log ?? (() => {});
  const post = opts.posterior ? (JSON.parse(readFileSync(opts.posterior, 'utf8')) as ParticlePosterior) : undefined;
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
  const months = ty * 12 + tm - (fy * 12 + fm) + 1;
  const model = post?.observation;
  const z = observationNoise(results.length, months * (nO + 1), `projection-observation|${opts.seed}`);
  for (let k = fy * 12 + fm - 1; k <= ty * 12 + tm - 1; k++) {
    const m = k - firstMonth;
    const month = monthKey(k);
    const year = month.slice(0, 4);
    for (let o = 0; o <= nO; o++) {
      const values = results.map((res, r) => {
        const t = res.tables;
        let s = 0;
        if (o < nO) s = t.originFlows[(m * nF + FLOW.encounters) * nO + o];
        else for (let q = 0; q < nO; q++) s += t.originFlows[(m * nF + FLOW.encounters) * nO + q];
        // what CBP would record: the simulated count through the calibration's observation model
        return model ? observe(s, model, o, z[(r * months + (k - (fy * 12 + fm - 1))) * (nO + 1) + o]) : s;
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
    const k = (x: number) => compactCount(x, 0);
    const parts = [...byYear].map(([y, v]) => `${y} ${k(mean(v))} [${k(quantile(v, 0.05))}, ${k(quantile(v, 0.95))}]`);
    log(`  ${origin.padEnd(6)} ${parts.join('   ')}`);
  }
  log(`wrote ${opts.out}`);
  return { rows, annual };
}
