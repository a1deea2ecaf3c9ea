// `npm run scenarios`: the scenario library against the baseline, as `corridor compare` does it
// (paired replications with common random numbers: stream scope "compare" for both arms, the
// baseline's master seed), with the baseline's replications run once and shared by every
// comparison. Writes, under the output folder (default results/scenarios/):
//   <scenario>/comparison.csv   the same columns as `corridor compare` (per year × origin × metric)
//   table.csv                   the headline effects, one row per scenario × metric × window
//   table.md                    the markdown table (also printed): cumulative 2025–2030
//                               encounters, deaths and smuggler revenue, relative change with
//                               the 5th–95th percentile of the paired relative differences
// Usage: node bin/run-ts.mjs scripts/scenarios-table.ts [--reps 32] [--scale 10] [--workers N]
//        [--out results/scenarios] [--only a,b] [--quiet]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { comparisonRows } from '../src/analysis/replications.ts';
import { comparisonCells, COMPARISON_HEADER } from '../src/output/comparison.ts';
import { pairedDifferences } from '../src/analysis/stats.ts';
import type { MonthlyTables } from '../src/model/recorder.ts';
import { ORIGINS } from '../src/model/entities.ts';
import { writeFileAtomic, writeFolderAtomic } from '../src/output/atomic.ts';
import { toCsv } from '../src/output/csv.ts';
import { compactCount, compactUsd, signedPercent } from '../src/output/format.ts';
import { sumPeriod } from '../src/analysis/metrics.ts';
import { COMPARE_SCOPE } from '../src/run/seeds.ts';
import { closeWorkers, describeFailure, runMany } from '../src/run/pool.ts';
import { startProgress } from '../src/run/progress.ts';
import { collect, planReplications } from '../src/run/replicate.ts';
import type { ReplicationPlan, ReplicationSet } from '../src/run/replicate.ts';
import { loadScenario } from '../src/scenario/load.ts';

const DIR = 'scenarios';
const BASELINE = join(DIR, 'baseline.yaml');
/** Files in scenarios/ that are not library scenarios. */
const NOT_LIBRARY = new Set(['baseline.yaml', 'calibrated.yaml']);
const METRICS = [
  { key: 'encounters', label: 'encounters', fmt: compactCount },
  { key: 'deaths', label: 'deaths', fmt: compactCount },
  { key: 'smuggler_revenue_usd', label: 'smuggler revenue', fmt: compactUsd },
] as const;
type MetricKey = (typeof METRICS)[number]['key'];

interface Window { label: string; from: string; to: string }
const HEADLINE: Window = { label: '2025–2030', from: '2025-01', to: '2030-12' };
/** Historical counterfactuals whose direct effect lies before 2025 are also shown over their own years. */
const EXTRA_WINDOWS: Record<string, Window> = {
  'nicaragua-charters-shut': { label: '2021–2023', from: '2021-01', to: '2023-12' },
};

function args(argv: string[]) {
  const out: { reps: number; scale: number; workers?: number; out: string; only?: string[]; quiet: boolean } = {
    reps: 32, scale: 10, out: join('results', 'scenarios'), quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} expects a whole number ≥ 1 (got '${v}')`);
      return n;
    };
    if (a === '--reps') out.reps = int(next());
    else if (a === '--scale') out.scale = int(next());
    else if (a === '--workers') out.workers = int(next());
    else if (a === '--out') out.out = next();
    else if (a === '--only') out.only = next().split(',');
    else if (a === '--quiet') out.quiet = true;
    else throw new Error(`unknown option ${a} (expected --reps, --scale, --workers, --out, --only, --quiet)`);
  }
  return out;
}

const monthIndex = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return y * 12 + m - 1;
};

/** Totals over all origins of the headline metrics within a window, for one run. */
function windowTotals(t: MonthlyTables, firstMonth: number, w: Window): Record<MetricKey, number> {
  const from = monthIndex(w.from) - firstMonth;
  const to = monthIndex(w.to) - firstMonth;
  if (from < 0 || to >= t.months) throw new Error(`window ${w.label} is outside the run`);
  const out = { encounters: 0, deaths: 0, smuggler_revenue_usd: 0 };
  for (let o = 0; o < ORIGINS.length; o++) {
    const v = sumPeriod(t, from, to, o);
    for (const m of METRICS) out[m.key] += v[m.key];
  }
  return out;
}

const cell = (rel: { mean: number; p05: number; p95: number }) =>
  Number.isFinite(rel.mean) ? `${signedPercent(rel.mean)}% [${signedPercent(rel.p05)}, ${signedPercent(rel.p95)}]` : 'n/a';

function description(plan: ReplicationPlan): string {
  return (plan.loaded.scenario.description ?? '').replace(/\|/g, '/');
}

async function main(): Promise<void> {
  const opts = args(process.argv.slice(2));
  const started = Date.now();
  let files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f) && !NOT_LIBRARY.has(f)).sort();
  if (opts.only) files = files.filter((f) => opts.only!.includes(f.replace(/\.ya?ml$/, '')));
  const build = { scale: opts.scale };
  const seed = loadScenario(BASELINE, build).seed;
  const common = { build, seed, reps: opts.reps, scope: COMPARE_SCOPE };
  const base = planReplications(BASELINE, common, 'baseline/');
  const plans = files.map((f) => planReplications(join(DIR, f), common, `${f}/`));
  const tasks = [base, ...plans].flatMap((p) => p.tasks);
  const progress = startProgress(tasks.length, { label: `scenario library (${files.length} scenarios + baseline, ${opts.reps} replications, scale ${opts.scale})`, quiet: opts.quiet });
  const done = await runMany(tasks, { workers: opts.workers, onDone: () => progress.tick() });
  progress.stop();
  await closeWorkers();
  const failed = done.filter((d) => d.error !== undefined);
  for (const f of failed) console.error(`error: run failed: ${describeFailure(f)}`);

  const baseSet = collect(base, done);
  const firstMonth = base.loaded.input.calendar.firstMonth;
  const csvRows: (string | number)[][] = [];
  const mdRows: string[] = [];
  const extraRows: string[] = [];
  const baselineTotals = (set: ReplicationSet, w: Window) => set.results.map((r) => windowTotals(r.result.tables, firstMonth, w));

  const compareOne = (plan: ReplicationPlan, set: ReplicationSet, w: Window) => {
    const reps = new Set(set.results.map((r) => r.rep));
    const pairedBase = baseSet.results.filter((r) => reps.has(r.rep));
    const baseOk = new Set(pairedBase.map((r) => r.rep));
    const pairedScen = set.results.filter((r) => baseOk.has(r.rep));
    const a = pairedBase.map((r) => windowTotals(r.result.tables, firstMonth, w));
    const b = pairedScen.map((r) => windowTotals(r.result.tables, firstMonth, w));
    const cells: string[] = [];
    for (const m of METRICS) {
      const pd = pairedDifferences(a.map((x) => x[m.key]), b.map((x) => x[m.key]), { seed: `${plan.loaded.name}|${m.key}|${w.label}` });
      cells.push(cell(pd.rel));
      csvRows.push([plan.loaded.name, w.label, m.key, pd.n, mean(a.map((x) => x[m.key])), mean(b.map((x) => x[m.key])),
        pd.diff.mean, pd.diff.p05, pd.diff.p95, pd.rel.mean, pd.rel.p05, pd.rel.p95, pd.relMeanInterval.low, pd.relMeanInterval.high]);
    }
    return { cells, pairs: a.length, tablesA: pairedBase.map((r) => r.result.tables), tablesB: pairedScen.map((r) => r.result.tables) };
  };

  await writeFolderAtomic(opts.out, (dir) => {
    for (const plan of plans) {
      const set = collect(plan, done);
      const name = plan.loaded.name;
      const head = compareOne(plan, set, HEADLINE);
      mdRows.push(`| ${name} | ${head.cells.join(' | ')} |`);
      const extra = EXTRA_WINDOWS[name];
      if (extra) {
        const x = compareOne(plan, set, extra);
        extraRows.push(`| ${name} | ${extra.label} | ${x.cells.join(' | ')} |`);
      }
      writeFileAtomic(join(dir, name, 'comparison.csv'), toCsv(COMPARISON_HEADER, comparisonCells(comparisonRows(firstMonth, head.tablesA, head.tablesB))));
    }
    const bt = baselineTotals(baseSet, HEADLINE);
    const baseCells = METRICS.map((m) => m.fmt(mean(bt.map((x) => x[m.key]))));
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    const md = [
      `Scenario library against the baseline, cumulative ${HEADLINE.label} (all origins). Relative change, scenario vs baseline, mean over ${opts.reps} paired replications [5th, 95th percentile of the paired relative differences], common random numbers (stream scope "compare", master seed ${seed}), scale ${opts.scale} persons per agent, period ${base.loaded.scenario.period?.start ?? ''} to ${base.loaded.scenario.period?.end ?? ''}. Produced by \`npm run scenarios\` in ${minutes} min${failed.length ? `; ${failed.length} run(s) FAILED` : ''}.`,
      '',
      `| scenario | encounters | deaths | smuggler revenue |`,
      `|---|---|---|---|`,
      `| *baseline (level, mean)* | ${baseCells.join(' | ')} |`,
      ...mdRows,
      ...(extraRows.length
        ? ['', 'Historical counterfactuals over the years they act on directly:', '', '| scenario | years | encounters | deaths | smuggler revenue |', '|---|---|---|---|---|', ...extraRows]
        : []),
      '',
      'Scenarios:',
      '',
      ...plans.map((p) => `- **${p.loaded.name}**: ${description(p)}`),
      '',
    ].join('\n');
    writeFileAtomic(join(dir, 'table.md'), md);
    writeFileAtomic(join(dir, 'table.csv'), toCsv(
      ['scenario', 'window', 'metric', 'pairs', 'baseline_mean', 'scenario_mean', 'diff_mean', 'diff_p05', 'diff_p95', 'rel_mean', 'rel_p05', 'rel_p95', 'rel_mean_ci_low', 'rel_mean_ci_high'],
      csvRows,
    ));
    if (!opts.quiet) console.log(`\n${md}\nwrote ${opts.out}/ (table.md, table.csv, <scenario>/comparison.csv)`);
  });
  if (failed.length) process.exitCode = 1;
}

function mean(v: number[]): number {
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
}

main().catch((e) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
