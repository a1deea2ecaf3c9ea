// Option parsers shared by the commands.
import { InvalidArgumentError, Option } from 'commander';
import { defaultWorkers } from '../run/pool.ts';

/**
 * A whole number ≥ `min`. Commander puts the option and the value given in front of the message:
 * "error: option '--workers <n>' argument '0' is invalid. Expected a whole number ≥ 1."
 */
export function wholeNumber(min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`Expected a whole number ≥ ${min}.`);
    return n;
  };
}

/** A decimal number in [min, max]. */
export function decimal(min: number, max: number) {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x < min || x > max) throw new InvalidArgumentError(`Expected a number from ${min} to ${max}.`);
    return x;
  };
}

/** `--workers`, the same for every command that runs simulations: at least one thread. */
export function workersOption(): Option {
  return new Option('--workers <n>', `worker threads (default: the number of cores, ${defaultWorkers()} here)`).argParser(wholeNumber(1));
}

export function periodOptions(opts: { start?: string; end?: string; scale?: number }) {
  return { start: opts.start, end: opts.end, scale: opts.scale };
}

/** `--from`, the same for run, compare and sweep. */
export const FROM_HELP = 'start every replication from a nowcast (its folder, or a states file): replication r continues one of its K states (spread over all of them) at the nowcast\'s last month, at its scale';
