// The top-level handler's safety net (issue 11, item 13): an error no command turned into an
// InputError is still one line, `error: …`, exit code 1, with its stack only under CORRIDOR_DEBUG.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/scenario/load.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/scenario/load.ts')>();
  return {
    ...actual,
    loadScenario: () => {
      throw new TypeError('cannot read properties of undefined\n\u001b[31m(reading x)');
    },
  };
});

const { main } = await import('../../src/cli/main.ts');

describe('corridor: the safety net', () => {
  const listeners = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
  afterEach(() => {
    delete process.env.CORRIDOR_DEBUG;
    vi.restoreAllMocks();
    // main() installs its handlers for errors outside the command's promise: not in this test process
    for (const l of process.listeners('uncaughtException')) if (!listeners.uncaughtException.includes(l)) process.off('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!listeners.unhandledRejection.includes(l)) process.off('unhandledRejection', l);
  });

  async function run(): Promise<{ status: number; stderr: string }> {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const status = await main(['validate', 'scenarios/stricter-border.yaml']);
    return { status, stderr: lines.join('\n') };
  }

  it('an unexpected error is one escaped line with exit code 1, and no stack', async () => {
    const { status, stderr } = await run();
    expect(status).toBe(1);
    expect(stderr).toBe('error: TypeError: cannot read properties of undefined\\n\\x1b[31m(reading x) (run with CORRIDOR_DEBUG=1 for the stack)');
  });

  it('CORRIDOR_DEBUG=1 adds the stack', async () => {
    process.env.CORRIDOR_DEBUG = '1';
    const { status, stderr } = await run();
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: TypeError: cannot read properties of undefined\\n\\x1b\[31m\(reading x\)\nTypeError: cannot read properties of undefined\n/);
    expect(stderr).toMatch(/\n {4}at /);
  });
});
