// Outcomes of a sweep: small mathjs expressions over a run's monthly results, one number per run.
//
// The mini-language (documented in docs/EXPERIMENTS.md, "Sweeps and sensitivity"):
//   encounters            every month of the run, whole border (sum over origins), as a vector
//   encounters[2025]      the 12 months of calendar year 2025 (must lie wholly inside the run)
//   encounters_VEN[2025]  the same for one origin (ISO alpha-3 or OTHER)
// Any metric of monthly.csv can be named (encounters, deaths, smuggler_revenue_usd, mean_fee_usd,
// ...). Functions: sum, mean, median, min, max, std, abs, sqrt, exp, log, pow, round; arithmetic,
// comparisons and `cond ? a : b`. Examples: `sum(encounters[2025])`,
// `sum(smuggler_revenue_usd[2027]) / sum(smuggled[2027])`, `max(waiting_mexico[2026])`.
// The mathjs instance is the sandboxed one of src/scenario/sandbox.ts: only these node types,
// functions and symbols pass a check before anything is evaluated.
import type { MathNode } from 'mathjs';
import type { MonthlyTables } from '../model/recorder.ts';
import { ORIGINS } from '../model/entities.ts';
import { MONTHLY_METRICS, metricValues, totalOverOrigins } from './metrics.ts';
import type { Metric } from './metrics.ts';
import { didYouMean, shorten } from '../scenario/errors.ts';
import { ALLOWED_NODES, constantProblem, mathjsMessage, parseSandboxed, SandboxError } from '../scenario/sandbox.ts';

const OUTCOME_FUNCTIONS = ['sum', 'mean', 'median', 'min', 'max', 'std', 'abs', 'sqrt', 'exp', 'log', 'pow', 'round'];
const ORIGIN_SET = new Set<string>(ORIGINS);

export class OutcomeError extends Error {}

/** A symbol of the language: a metric, optionally one origin, optionally one calendar year. */
export interface OutcomeSymbol {
  name: string;
  metric: Metric;
  origin?: number;
  year?: number;
}

export interface CompiledOutcome {
  text: string;
  symbols: OutcomeSymbol[];
  evaluate(t: MonthlyTables, firstMonth: number): number;
}

// `metric[2025]` → `metric__Y2025` before mathjs parses it, so indexing never reaches mathjs.
const YEAR_INDEX = /\b([A-Za-z_][A-Za-z0-9_]*)\s*\[\s*(\d{4})\s*\]/g;

function symbolOf(name: string): OutcomeSymbol | undefined {
  const m = /^(.*?)(?:__Y(\d{4}))?$/.exec(name)!;
  let base = m[1];
  const year = m[2] ? Number(m[2]) : undefined;
  let origin: number | undefined;
  const o = /^(.*)_([A-Z]{3}|OTHER)$/.exec(base);
  if (o && ORIGIN_SET.has(o[2])) {
    base = o[1];
    origin = ORIGINS.indexOf(o[2] as (typeof ORIGINS)[number]);
  }
  if (!(MONTHLY_METRICS as readonly string[]).includes(base)) return undefined;
  return { name, metric: base as Metric, origin, year };
}

/**
 * Checks and compiles an outcome; `months` (first month index, count) lets it refuse a year
 * outside the run before any run starts, and evaluate it once on a run of zeros, so that a wrong
 * call (`round(x, 100)`) or a result that is not one number fails before the sweep, not after it.
 */
export function compileOutcome(text: string, period?: { firstMonth: number; months: number }): CompiledOutcome {
  const shown = `"${shorten(text)}"`;
  let node: MathNode;
  try {
    node = parseSandboxed(text.replace(YEAR_INDEX, '$1__Y$2'));
  } catch (e) {
    if (e instanceof SandboxError) throw new OutcomeError(`${shown}: ${e.message}`);
    throw e;
  }
  const symbols = new Map<string, OutcomeSymbol>();
  node.traverse((n, _path, parent) => {
    if (!ALLOWED_NODES.has(n.type)) throw new OutcomeError(`${shown}: ${n.type.replace('Node', '').toLowerCase()} is not allowed; use metric[year], arithmetic and ${OUTCOME_FUNCTIONS.join(', ')}`);
    if (n.type === 'FunctionNode') {
      const fn = (n as unknown as { fn: { name?: string } }).fn;
      if (!fn.name || !OUTCOME_FUNCTIONS.includes(fn.name)) throw new OutcomeError(`${shown}: function ${fn.name ?? '(computed)'} is not allowed; allowed: ${OUTCOME_FUNCTIONS.join(', ')}`);
    }
    const constant = constantProblem(n);
    if (constant) throw new OutcomeError(`${shown}: ${constant}`);
    if (n.type === 'SymbolNode') {
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (isCallee) return;
      const name = (n as unknown as { name: string }).name;
      const symbol = symbolOf(name);
      if (!symbol) {
        const bare = name.replace(/__Y\d{4}$/, '').replace(/_([A-Z]{3}|OTHER)$/, '');
        const hint = didYouMean(bare, MONTHLY_METRICS);
        throw new OutcomeError(`${shown}: unknown metric '${shorten(bare)}'${hint ? ` (did you mean '${hint}'?)` : ''}; metrics are the columns of monthly.csv, optionally _<ORIGIN> and [year]`);
      }
      if (symbol.year !== undefined && period) {
        const from = symbol.year * 12 - period.firstMonth;
        if (from < 0 || from + 11 >= period.months) throw new OutcomeError(`${shown}: year ${symbol.year} is not wholly inside the run's period`);
      }
      symbols.set(name, symbol);
    }
  });
  const code = node.compile();
  const list = [...symbols.values()];
  const value = (scope: Record<string, number[]>, dryRun = false): number => {
    let v: unknown;
    try {
      v = code.evaluate(scope);
    } catch (e) {
      throw new OutcomeError(`${shown}: ${mathjsMessage(e)}`);
    }
    if (v && typeof v === 'object' && 'valueOf' in v && typeof (v as { valueOf(): unknown }).valueOf() === 'number') v = (v as { valueOf(): number }).valueOf();
    if (typeof v === 'boolean') return v ? 1 : 0;
    // on the dry run's zeros a complex number (sqrt of a negative) depends on the values, not on
    // how the outcome is written: a run that gives one fails on its own, the sweep goes on
    if (dryRun && v && typeof v === 'object' && 're' in v && 'im' in v) return NaN;
    if (typeof v !== 'number') throw new OutcomeError(`${shown} gave ${Array.isArray(v) || (v && typeof v === 'object' && 'size' in v) ? 'a vector' : typeof v}, expected one number (wrap a series in sum(), mean(), max() ...)`);
    return v;
  };
  if (period) value(Object.fromEntries(list.map((s) => [s.name, new Array<number>(s.year === undefined ? period.months : 12).fill(0)])), true);
  return {
    text,
    symbols: list,
    evaluate(t: MonthlyTables, firstMonth: number): number {
      const scope: Record<string, number[]> = {};
      for (const s of list) scope[s.name] = series(t, firstMonth, s);
      return value(scope);
    },
  };
}

function series(t: MonthlyTables, firstMonth: number, s: OutcomeSymbol): number[] {
  const from = s.year === undefined ? 0 : s.year * 12 - firstMonth;
  const to = s.year === undefined ? t.months - 1 : from + 11;
  if (from < 0 || to >= t.months) throw new OutcomeError(`year ${s.year} is not wholly inside the run's period`);
  const out: number[] = [];
  for (let m = from; m <= to; m++) {
    if (s.origin !== undefined) out.push(metricValues(t, m, s.origin)[s.metric]);
    else out.push(totalOverOrigins(Array.from({ length: t.origins }, (_, o) => metricValues(t, m, o)))[s.metric]);
  }
  return out;
}
