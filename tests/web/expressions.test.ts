// Scenario expressions in the classroom bundle: there mathjs comes from the bundle, through the
// page's stand-in for `node:module` (src/scenario/sandbox.ts loads it lazily with require in
// Node). The scenario layer is bundled for the browser as the page bundles it, then run in a bare
// JavaScript context with no Node modules and no require.
import { build } from 'esbuild';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { nodeModulePlugin, PROJECT_ROOT } from '../../src/web/build.ts';

describe('scenario expressions in the browser bundle', () => {
  it('compile and evaluate with the bundled mathjs, and stay sandboxed', async () => {
    const entry = `
      import { compileExpression } from ${JSON.stringify(join(PROJECT_ROOT, 'src/scenario/timeValues.ts'))};
      globalThis.ramp = [2019.5, 2020.5, 2022].map((t) => compileExpression('clamp(t - 2020, 0, 1)').evaluate(t, 0));
      try { compileExpression('evaluate("1")'); globalThis.refused = 'no'; } catch (e) { globalThis.refused = String(e.message); }
    `;
    const result = await build({
      stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: 'ts' },
      bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent',
      plugins: [nodeModulePlugin(join(PROJECT_ROOT, 'src/web/page'))],
    });
    const sandbox: Record<string, unknown> = {};
    runInNewContext(result.outputFiles[0].text, sandbox);
    expect(sandbox.ramp).toEqual([0, 0.5, 1]);
    expect(sandbox.refused).toMatch(/function evaluate is not allowed/);
  });
});
