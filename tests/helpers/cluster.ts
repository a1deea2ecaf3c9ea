// Shared by the cluster tests (Slurm, Kubernetes): a small sweep, and the check that shards
// merged from a cluster equal a sweep run on one machine, byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { corridor } from './cli.ts';
import { ROOT } from './scenario.ts';

/** Writes an 8-run LHS sweep over 2022 at 1:100 into dir; returns its path. */
export function writeSmallSweep(dir: string, seed: number): string {
  const file = join(dir, 'small.yaml');
  writeFileSync(
    file,
    `scenario: ${join(ROOT, 'scenarios/baseline.yaml')}
period: { start: 2022-01, end: 2022-12 }
scale: 100
seed: ${seed}
design: lhs
samples: 8
parameters:
  - { name: enforcement, range: [0.8, 2] }
  - { name: feeEnforcementElasticity, range: [0.2, 1.2] }
outcomes:
  encounters_2022: sum(encounters[2022])
`,
  );
  return file;
}

/** Merges shard-1..N under out into out, runs the sweep on this machine, and compares the files. */
export function expectMergeEqualsSingleMachine(sweep: string, out: string, shards: number, single: string): void {
  const shardDirs = Array.from({ length: shards }, (_, k) => join(out, `shard-${k + 1}`));
  const merge = corridor('merge', ...shardDirs, '--out', out);
  expect(merge.status, merge.stderr).toBe(0);
  const run = corridor('sweep', sweep, '--out', single, '--quiet');
  expect(run.status, run.stderr).toBe(0);
  for (const f of ['runs.csv', 'runs.parquet', 'sweep.json', join('scenario', 'monthly.csv')]) {
    expect(readFileSync(join(out, f)).equals(readFileSync(join(single, f))), `${f} differs`).toBe(true);
  }
}
