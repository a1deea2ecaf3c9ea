// The `corridor` command. Each subcommand lives in src/cli/commands/<name>.ts and only parses
// arguments and calls the layers underneath.
import { Command, CommanderError } from 'commander';
import { escapeControl, InputError } from '../scenario/errors.ts';
import { corridorVersion } from '../output/manifest.ts';
import { registerRun } from './commands/run.ts';
import { registerValidate } from './commands/validate.ts';
import { registerSchema } from './commands/schema.ts';
import { registerMain } from './commands/main.ts';
import { registerCompare } from './commands/compare.ts';
import { registerMerge, registerSweep } from './commands/sweep.ts';
import { registerCalibrate, registerProject } from './commands/calibrate.ts';
import { registerReport } from './commands/report.ts';
import { registerServe } from './commands/serve.ts';
import { registerData } from './commands/data.ts';
import { registerBacktestNowcast, registerNowcast } from './commands/nowcast.ts';

type Register = (program: Command) => void;
const commands: Register[] = [registerMain, registerRun, registerCompare, registerSweep, registerMerge, registerValidate, registerSchema, registerCalibrate, registerProject, registerReport, registerServe, registerData, registerNowcast, registerBacktestNowcast];

let netInstalled = false;

export async function main(argv: string[]): Promise<number> {
  if (!netInstalled) {
    // errors outside the awaited chain (an 'error' event nobody listens to, a forgotten promise)
    netInstalled = true;
    const exit = (e: unknown) => {
      reportUnexpected(e);
      process.exit(1);
    };
    process.on('uncaughtException', exit);
    process.on('unhandledRejection', exit);
  }
  const program = new Command('corridor')
    .description('Agent-based simulator of irregular migration to the US southwest border')
    .version(corridorVersion())
    .exitOverride()
    .showHelpAfterError()
    // a command's options stop at its subcommand (`nowcast … --out DIR` and `nowcast export … --out FILE`)
    .enablePositionalOptions();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return (process.exitCode as number | undefined) ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof InputError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    reportUnexpected(e);
    return 1;
  }
}

/**
 * The safety net under the commands' own errors: anything else is still one line, with its stack
 * only when CORRIDOR_DEBUG is set (for a bug report). Exit code 1, as for a bug.
 */
export function reportUnexpected(e: unknown): void {
  const message = escapeControl((e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e)).trim()) || 'unexpected failure';
  if (process.env.CORRIDOR_DEBUG) console.error(`error: ${message}\n${e instanceof Error ? e.stack : ''}`);
  else console.error(`error: ${message} (run with CORRIDOR_DEBUG=1 for the stack)`);
}
