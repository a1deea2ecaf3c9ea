// Time-varying values (docs/MODEL.md §8): constants, dated steps, ramps and mathjs expressions of
// time, turned into one number per week before the run starts. Expressions are compiled once
// and evaluated once per week, never per agent.
import type { MathNode } from 'mathjs';
import type { Calendar } from '../model/calendar.ts';
import { parseDay } from '../model/calendar.ts';
import type { TimeValue } from './schema.ts';
import { ALLOWED_NODES, parseSandboxed } from './sandbox.ts';

/** Functions an expression may call; anything else is refused before evaluation. */
const ALLOWED_FUNCTIONS = [
  'abs', 'min', 'max', 'exp', 'log', 'log10', 'log2', 'sqrt', 'pow', 'sin', 'cos', 'tan', 'atan', 'tanh',
  'floor', 'ceil', 'round', 'sign', 'mod', 'clamp', 'step',
];
const ALLOWED_SYMBOLS = ['t', 'w', 'pi', 'e'];
/** Total time an expression may take over all weeks of a run. */
const EXPRESSION_BUDGET_MS = 250;

export class TimeValueError extends Error {}

export interface CompiledExpression {
  evaluate(t: number, w: number): number;
}

export function compileExpression(text: string): CompiledExpression {
  let node: MathNode;
  try {
    node = parseSandboxed(text);
  } catch (e) {
    throw new TimeValueError(`cannot parse expression "${text}": ${(e as Error).message}`);
  }
  node.traverse((n) => {
    if (!ALLOWED_NODES.has(n.type)) throw new TimeValueError(`expression "${text}": ${n.type.replace('Node', '').toLowerCase()} is not allowed; use arithmetic, comparisons, conditionals and ${ALLOWED_FUNCTIONS.join(', ')}`);
    if (n.type === 'FunctionNode') {
      const fn = (n as unknown as { fn: { name?: string } }).fn;
      if (!fn.name || !ALLOWED_FUNCTIONS.includes(fn.name)) throw new TimeValueError(`expression "${text}": function ${fn.name ?? '(computed)'} is not allowed; allowed: ${ALLOWED_FUNCTIONS.join(', ')}`);
    }
  });
  node.traverse((n, _path, parent) => {
    if (n.type !== 'SymbolNode') return;
    const name = (n as unknown as { name: string }).name;
    const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
    if (!isCallee && !ALLOWED_SYMBOLS.includes(name)) throw new TimeValueError(`expression "${text}": unknown symbol ${name}; use t (decimal year, e.g. 2025.5) or w (week index)`);
  });
  const code = node.compile();
  return {
    evaluate(t: number, w: number) {
      const v = code.evaluate({ t, w });
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v !== 'number') throw new TimeValueError(`expression "${text}" gave ${typeof v}, expected a number`);
      return v;
    },
  };
}

/** Clock for the time budget; injectable so the scenario layer stays testable. */
export type Clock = () => number;
const defaultClock: Clock = () => (typeof performance !== 'undefined' ? performance.now() : 0);

/**
 * One value per week. Steps and ramps take effect from the week in which most of the week lies
 * on or after the date (a step on a Thursday moves that week).
 */
export function weeklySeries(tv: TimeValue, cal: Calendar, fallback: number, clock: Clock = defaultClock): Float64Array {
  const out = new Float64Array(cal.weeks);
  if (typeof tv === 'number') return out.fill(tv);
  if ('value' in tv) return out.fill(tv.value);
  const midDay = (w: number) => cal.startDay + 7 * w + 3;
  if ('steps' in tv) {
    const steps = tv.steps
      .map((s) => ({ day: parseDay(s.from), until: s.to ? parseDay(s.to) : NaN, value: s.value }))
      .sort((a, b) => a.day - b.day);
    for (const s of steps) {
      if (!Number.isFinite(s.day)) throw new TimeValueError(`bad step date in ${JSON.stringify(tv.steps)}`);
      if (!Number.isNaN(s.until) && !(s.until > s.day)) throw new TimeValueError(`a step's 'to' must come after its 'from' in ${JSON.stringify(tv.steps)}`);
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
  const expr = compileExpression(tv.expr);
  const started = clock();
  for (let w = 0; w < cal.weeks; w++) {
    const v = expr.evaluate(cal.weekYear[w], w);
    if (!Number.isFinite(v)) throw new TimeValueError(`expression "${tv.expr}" is not a finite number at t = ${cal.weekYear[w].toFixed(3)}`);
    out[w] = v;
    if ((w & 63) === 63 && clock() - started > EXPRESSION_BUDGET_MS) throw new TimeValueError(`expression "${tv.expr}" took longer than its ${EXPRESSION_BUDGET_MS} ms budget`);
  }
  if (clock() - started > EXPRESSION_BUDGET_MS) throw new TimeValueError(`expression "${tv.expr}" took longer than its ${EXPRESSION_BUDGET_MS} ms budget`);
  return out;
}
