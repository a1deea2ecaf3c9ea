// The `corridor` command. Each subcommand lives in src/cli/commands/<name>.ts and only parses
// arguments and calls the layers underneath.
import { Command, CommanderError } from 'commander';
import { InputError } from '../scenario/errors.ts';
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

export async function main(argv: string[]): Promise<number> {
  const program = new Command('corridor')
    .description('Agent-based simulator of irregular migration to the US southwest border')
    .version(corridorVersion())
    .exitOverride()
    .showHelpAfterError();
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
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}
