// The Kubernetes Indexed Job without a cluster: the manifest is read as Kubernetes would read
// it, and its container command is run for every completion index, as the Job controller would
// start the pods (JOB_COMPLETION_INDEX set, workingDir the repository). What this cannot check
// is Kubernetes itself (scheduling, the volume); what it does check is that the shards the
// pods write merge into the single-machine result, and that a retried pod changes nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/scenario.ts';
import { expectMergeEqualsSingleMachine, writeSmallSweep } from '../helpers/cluster.ts';

interface EnvVar { name: string; value: string }
interface Container { workingDir: string; env: EnvVar[]; command: string[]; args: string[] }
interface JobManifest {
  apiVersion: string;
  kind: string;
  spec: { completionMode: string; completions: number; parallelism: number; template: { spec: { restartPolicy: string; containers: Container[] } } };
}

const manifest = parse(readFileSync(join(ROOT, 'deploy/k8s/sweep-job.yaml'), 'utf8')) as JobManifest;
const container = manifest.spec.template.spec.containers[0];
const work = mkdtempSync(join(tmpdir(), 'corridor-k8s-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under dir, by relative path, as text. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: false }) as string[]) {
    const path = join(dir, f);
    if (statSync(path).isFile()) files[f] = readFileSync(path, 'utf8');
  }
  return files;
}

/** Runs the pod's command for one completion index; resolves with its exit code and stderr. */
function pod(index: number, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const [shell, ...shellArgs] = container.command;
    const child = spawn(shell, [...shellArgs, ...container.args], {
      cwd: ROOT, // the image's workingDir (/app) holds the repository
      env: { ...process.env, ...env, JOB_COMPLETION_INDEX: String(index) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the sweep as a Kubernetes Indexed Job (deploy/k8s/sweep-job.yaml)', () => {
  it('is an Indexed Job whose completions match the shard count it passes to corridor', () => {
    expect(manifest.apiVersion).toBe('batch/v1');
    expect(manifest.kind).toBe('Job');
    expect(manifest.spec.completionMode).toBe('Indexed');
    expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
    expect(container.workingDir).toBe('/app');
    const shards = container.env.find((e) => e.name === 'SHARDS');
    expect(Number(shards?.value)).toBe(manifest.spec.completions);
    expect(container.args.join(' ')).toMatch(/JOB_COMPLETION_INDEX/);
  });

  it("runs the pods' command for indices 0..2; the merged shards equal a single-machine sweep, and a retried pod changes nothing", async () => {
    const sweep = writeSmallSweep(work, 17);
    const out = join(work, 'results');
    const env = { SWEEP: sweep, OUT: out, SHARDS: '3' }; // 3 pods here instead of the manifest's 16
    const pods = await Promise.all([0, 1, 2].map((k) => pod(k, env)));
    pods.forEach((p, k) => expect(p.code, `pod ${k}: ${p.stderr}`).toBe(0));
    const firstShard = snapshot(join(out, 'shard-1'));
    expect(Object.keys(firstShard).length).toBeGreaterThan(2);
    const retry = await pod(0, env); // a pod restarted after it had finished: --resume, nothing to do
    expect(retry.code, retry.stderr).toBe(0);
    expect(snapshot(join(out, 'shard-1'))).toEqual(firstShard);
    expectMergeEqualsSingleMachine(sweep, out, 3, join(work, 'single'));
  }, 240_000);
});
