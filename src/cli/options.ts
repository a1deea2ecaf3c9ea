import { InvalidArgumentError } from 'commander';

export function intOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} expects a whole number ≥ 0 (got '${value}')`);
    return n;
  };
}

export function periodOptions(opts: { start?: string; end?: string; scale?: number }) {
  return { start: opts.start, end: opts.end, scale: opts.scale };
}
