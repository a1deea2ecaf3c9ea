// The option parsers every command shares: whole numbers with a lower bound, and one --workers.
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { wholeNumber, workersOption } from '../../src/cli/options.ts';

/** Parses `args` with --workers and returns the value, or the one-line error commander writes. */
function workers(...args: string[]): number | string {
  let error = '';
  const cmd = new Command('test').exitOverride().configureOutput({ writeErr: (s) => (error += s) }).addOption(workersOption());
  try {
    return cmd.parse(args, { from: 'user' }).opts().workers as number;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return error.trim();
  }
}

describe('option parsers', () => {
  it('take whole numbers at or above their bound and refuse the rest', () => {
    expect(wholeNumber()('0')).toBe(0);
    expect(wholeNumber(1)('16')).toBe(16);
    for (const bad of ['-1', '1.5', 'two']) expect(() => wholeNumber()(bad)).toThrow('Expected a whole number ≥ 0.');
    expect(() => wholeNumber(1)('0')).toThrow('Expected a whole number ≥ 1.');
  });

  it('--workers needs at least one thread, and says so in one line naming the option', () => {
    expect(workers('--workers', '2')).toBe(2);
    expect(workers('--workers', '0')).toBe("error: option '--workers <n>' argument '0' is invalid. Expected a whole number ≥ 1.");
  });
});
