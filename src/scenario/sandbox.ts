// The sandboxed mathjs behind Corridor's two small expression languages: time values in scenario
// files (timeValues.ts) and sweep outcomes (analysis/outcomes.ts). One instance for both: the
// functions that could escape an expression are disabled (mathjs security guide), and each
// language then checks every node of a parsed expression against its own short lists before
// anything is compiled or evaluated.
import { all, create } from 'mathjs';
import type { MathNode } from 'mathjs';

const math = create(all);
math.import(
  {
    clamp: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)),
    step: (x: number) => (x >= 0 ? 1 : 0),
  },
  { override: true },
);
const parse = math.parse;
math.import(
  Object.fromEntries(
    ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'chain', 'help'].map((name) => [
      name,
      () => {
        throw new Error(`function ${name} is not allowed in expressions`);
      },
    ]),
  ),
  { override: true },
);

/** The node types either language allows: numbers, names, operators, brackets, calls and `c ? a : b`. */
export const ALLOWED_NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);

/** Parses with the sandboxed instance; the caller checks the nodes before compiling. */
export function parseSandboxed(text: string): MathNode {
  return parse(text);
}
