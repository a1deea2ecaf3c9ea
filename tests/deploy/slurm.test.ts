// The cluster path for real: a single-node Slurm cluster (deploy/slurm/slurm-local, root needed)
// runs a small sweep as a job array through deploy/slurm/sweep.sbatch with `sbatch --wait`; the
// merged shards must equal a single-machine sweep byte for byte. Skipped, with the reason
// printed, only where the cluster cannot start (not root, no Debian packages).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/scenario.ts';
import { expectMergeEqualsSingleMachine, writeSmallSweep } from '../helpers/cluster.ts';

const SLURM_LOCAL = join(ROOT, 'deploy/slurm/slurm-local');

function startCluster(): string | undefined {
  if (process.platform !== 'linux') return 'Slurm test needs Linux';
  if (process.getuid?.() !== 0) return 'Slurm test needs root to start slurmctld, slurmd and munged';
  const r = spawnSync(SLURM_LOCAL, ['start'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return `slurm-local start failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' | ')}`;
  return undefined;
}

const skipReason = startCluster();
if (skipReason) console.log(`skipping the Slurm integration test: ${skipReason}`);
// leave the shared /tmp out of it: the job's tasks and this test see the same folder
const work = mkdtempSync(join(tmpdir(), 'corridor-slurm-'));

afterAll(() => {
  if (!skipReason) spawnSync(SLURM_LOCAL, ['stop'], { encoding: 'utf8', timeout: 60_000 });
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!!skipReason)('a sweep as a Slurm job array', () => {
  it('runs 3 shards with sbatch --wait, and the merge equals a single-machine sweep', () => {
    const sweep = writeSmallSweep(work, 11);
    const out = join(work, 'cluster');
    const job = spawnSync(
      'sbatch',
      ['--wait', '--array=1-3', '--cpus-per-task=1', `--chdir=${ROOT}`, `--output=${join(work, 'slurm-%A_%a.out')}`, '--export=ALL', join(ROOT, 'deploy/slurm/sweep.sbatch')],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, SWEEP: sweep, OUT: out, SHARDS: '3' } },
    );
    expect(job.status, `${job.stdout}\n${job.stderr}`).toBe(0);
    expect(job.stdout).toMatch(/Submitted batch job \d+/);

    expectMergeEqualsSingleMachine(sweep, out, 3, join(work, 'single'));
  });
});
