// Time-varying values (docs/MODEL.md §8): constants, dated steps, ramps and mathjs expressions of
// time, turned into one number per week before the run starts. Expressions are compiled once
// and evaluated once per week, never per agent.
import type { MathNode } from 'mathjs';
import type { Calendar } from '../model/calendar.ts';
import { parseDay } from '../model/calendar.ts';
import { shorten } from './errors.ts';
import { EXPRESSION_CALL, EXPRESSION_OPERATIONS } from './limits.ts';
import type { TimeValue } from './schema.ts';
import { ALLOWED_NODES, constantProblem, mathjsMessage, parseSandboxed, SandboxError } from './sandbox.ts';

/** Functions an expression may call; anything else is refused before evaluation. */
const ALLOWED_FUNCTIONS = [
  'abs', 'min', 'max', 'exp', 'log', 'log10', 'log2', 'sqrt', 'pow', 'sin', 'cos', 'tan', 'atan', 'tanh',
  'floor', 'ceil', 'round', 'sign', 'mod', 'clamp', 'step',
];
const ALLOWED_SYMBOLS = ['t', 'w', 'pi', 'e'];

export class TimeValueError extends Error {}

export interface CompiledExpression {
  /** mathjs nodes: the cost of one evaluation, with EXPRESSION_CALL */
  nodes: number;
  evaluate(t: number, w: number): number;
}

export function compileExpression(text: string): CompiledExpression {
  const shown = `expression "${shorten(text)}"`;
  let node: MathNode;
  try {
    node = parseSandboxed(text);
  } catch (e) {
    if (e instanceof SandboxError) throw new TimeValueError(`${shown}: ${e.message}`);
    throw e;
  }
  let nodes = 0;
  node.traverse((n, _path, parent) => {
    nodes++;
    if (!ALLOWED_NODES.has(n.type)) throw new TimeValueError(`${shown}: ${n.type.replace('Node', '').toLowerCase()} is not allowed; use arithmetic, comparisons, conditionals and ${ALLOWED_FUNCTIONS.join(', ')}`);
    if (n.type === 'FunctionNode') {
      const fn = (n as unknown as { fn: { name?: string } }).fn;
      if (!fn.name || !ALLOWED_FUNCTIONS.includes(fn.name)) throw new TimeValueError(`${shown}: function ${fn.name ?? '(computed)'} is not allowed; allowed: ${ALLOWED_FUNCTIONS.join(', ')}`);
    }
    const constant = constantProblem(n);
    if (constant) throw new TimeValueError(`${shown}: ${constant}`);
    if (n.type !== 'SymbolNode') return;
    const name = (n as unknown as { name: string }).name;
    const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
    if (!isCallee && !ALLOWED_SYMBOLS.includes(name)) throw new TimeValueError(`${shown}: unknown symbol ${name}; use t (decimal year, e.g. 2025.5) or w (week index)`);
  });
  const code = node.compile();
  return {
    nodes,
    evaluate(t: number, w: number) {
      let v: unknown;
      try {
        v = code.evaluate({ t, w });
      } catch (e) {
        // mathjs refuses some arguments only when called: min(t, "a"), round(t, 100), abs()
        throw new TimeValueError(`${shown}: ${mathjsMessage(e)} (at t = ${t.toFixed(3)})`);
      }
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v !== 'number') throw new TimeValueError(`${shown} gave ${typeof v === 'object' && v && 'im' in v ? 'a complex number' : typeof v} at t = ${t.toFixed(3)}, expected a real number`);
      return v;
    },
  };
}

/**
 * The expressions of one scenario load: each distinct expression is compiled and evaluated once
 * for the run's weeks, and all of them together may cost at most `operations` (nodes × weeks, plus
 * a fixed cost per evaluation). The cost is counted before evaluating, so a scenario is accepted
 * or refused by its content, never by the speed or the load of the machine.
 */
export class ExpressionBudget {
  private used = 0;
  private readonly series = new Map<string, Float64Array>();

  constructor(readonly operations = EXPRESSION_OPERATIONS) {}

  weekly(text: string, cal: Calendar): Float64Array {
    const known = this.series.get(text);
    if (known) return known;
    const expr = compileExpression(text);
    const cost = (expr.nodes + EXPRESSION_CALL) * cal.weeks;
    if (this.used + cost > this.operations)
      throw new TimeValueError(
        `expression "${shorten(text)}": the scenario's expressions would take more than ${this.operations.toLocaleString('en-US')} operations over the run's ${cal.weeks} weeks ` +
          `(this one ${cost.toLocaleString('en-US')}: ${expr.nodes} nodes, plus ${EXPRESSION_CALL} per evaluation, per week); use fewer or shorter expressions, steps or ramps, or a shorter period`,
      );
    this.used += cost;
    const out = new Float64Array(cal.weeks);
    for (let w = 0; w < cal.weeks; w++) {
      const v = expr.evaluate(cal.weekYear[w], w);
      if (!Number.isFinite(v)) throw new TimeValueError(`expression "${shorten(text)}" is not a finite number at t = ${cal.weekYear[w].toFixed(3)}`);
      out[w] = v;
    }
    this.series.set(text, out);
    return out;
  }
}

/**
 * One value per week. Steps and ramps take effect from the week in which most of the week lies
 * on or after the date (a step on a Thursday moves that week). Expressions are evaluated within
 * `budget`, shared by every series of a load.
 */
export function weeklySeries(tv: TimeValue, cal: Calendar, fallback: number, budget = new ExpressionBudget()): Float64Array {
  const out = new Float64Array(cal.weeks);
  if (typeof tv === 'number') return out.fill(tv);
  if ('value' in tv) return out.fill(tv.value);
  const midDay = (w: number) => cal.startDay + 7 * w + 3;
  if ('steps' in tv) {
    const steps = tv.steps
      .map((s) => ({ day: parseDay(s.from), until: s.to ? parseDay(s.to) : NaN, value: s.value, from: s.from, to: s.to }))
      .sort((a, b) => a.day - b.day);
    for (const s of steps) {
      if (!Number.isFinite(s.day)) throw new TimeValueError(`bad step date ${s.from}`);
      if (!Number.isNaN(s.until) && !(s.until > s.day)) throw new TimeValueError(`a step's 'to' must come after its 'from' (from ${s.from} to ${s.to})`);
    }
    let k = -1;
    for (let w = 0; w < cal.weeks; w++) {
      const day = midDay(w);
      while (k + 1 < steps.length && steps[k + 1].day <= day) k++;
      if (k < 0) out[w] = tv.initial ?? fallback;
      else {
        const s = steps[k];
        const before = k === 0 ? (tv.initial ?? fallback) : steps[k - 1].value;
        // a step with `to` moves linearly from the value before it
        out[w] = Number.isNaN(s.until) || day >= s.until ? s.value : before + ((day - s.day) / (s.until - s.day)) * (s.value - before);
      }
    }
    return out;
  }
  if ('ramp' in tv) {
    const a = parseDay(tv.ramp.from);
    const b = parseDay(tv.ramp.to);
    if (!(b > a)) throw new TimeValueError(`ramp must end after it starts (${tv.ramp.from} → ${tv.ramp.to})`);
    for (let w = 0; w < cal.weeks; w++) {
      const f = Math.min(1, Math.max(0, (midDay(w) - a) / (b - a)));
      out[w] = tv.ramp.start + f * (tv.ramp.end - tv.ramp.start);
    }
    return out;
  }
  out.set(budget.weekly(tv.expr, cal));
  return out;
}
