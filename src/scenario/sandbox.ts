// The sandboxed mathjs behind Corridor's two small expression languages: time values in scenario
// files (timeValues.ts) and sweep outcomes (analysis/outcomes.ts). One instance for both: the
// functions that could escape an expression are disabled (mathjs security guide), and each
// language then checks every node of a parsed expression against its own short lists before
// anything is compiled or evaluated.
//
// mathjs is loaded on the first expression, not at import: none of the shipped scenarios has
// one, and loading mathjs costs 1–2 s (under tsx's module hooks, in every worker thread and CLI
// process). It is loaded with require, its CommonJS build, which skips those hooks for its
// hundreds of files. The classroom bundle maps `node:module` to src/web/page/nodeModule.ts,
// which hands over the bundled mathjs instead.
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';

type MathJs = typeof import('mathjs');

let parse: ((text: string) => MathNode) | undefined;

function sandboxedParse(): (text: string) => MathNode {
  if (parse) return parse;
  const { all, create } = createRequire(import.meta.url)('mathjs') as MathJs;
  const math = create(all);
  math.import(
    {
      clamp: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)),
      step: (x: number) => (x >= 0 ? 1 : 0),
    },
    { override: true },
  );
  parse = math.parse;
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
  return parse;
}

/** The node types either language allows: numbers, names, operators, brackets, calls and `c ? a : b`. */
export const ALLOWED_NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);

/** Parses with the sandboxed instance; the caller checks the nodes before compiling. */
export function parseSandboxed(text: string): MathNode {
  return sandboxedParse()(text);
}
