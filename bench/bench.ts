// `npm run bench`: how fast Corridor runs, on this machine. Not a test: it prints figures and
// writes bench/results.json with the machine's description.
//
// 1. The baseline at 1:1 scale (every person an agent), 2019-10 to 2030-12, in a child process
//    on one core: wall time (target ≤ 3.5 s, issue 12), peak RSS (the child's maxRSS, so the
//    parent's memory does not count), and the time in each phase of the week
//    (Simulation.phases, run one by one as step() runs them). The weekly agent loops visit every
//    agent on the move each week (an event calendar and the thinning of waiting agents' weekly
//    draws were both built and measured no faster: docs/PERFORMANCE.md), so their cost follows
//    the agents and the events among them: edges ended, encounters, departures.
// 2. Replications per second of the baseline at scale 10 (1 agent per 10 persons, whole period),
//    in one thread and on 2 worker threads; parallel speedup 2 workers vs 1, cold (workers
//    started inside the timing) and warm (the pool's idle workers reused), against this thread
//    and against a pool of 1 worker. For comparison, the same runs in 2 separate processes at
//    once vs 1 process: no threads and no messages, but two of everything else (heaps, V8's
//    background threads).
// 5. Sweep memory: peak RSS (the child's maxRSS, its worker threads included) of a Latin
//    hypercube sweep of 100 and of 2,000 tiny runs (two months at 1 agent per 2,000 persons, one
//    replication per point, 2 workers), each sweep in its own child process, finish (runs.csv,
//    Parquet, PRCC/SRC, report) included. Records go to disk as runs finish, so the peak should
//    not grow with the number of runs: the 2,000-run peak within 1.3× the 100-run peak.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Simulation } from '../src/model/simulation.ts';
import { FLOW, ORIGIN_FLOWS } from '../src/model/recorder.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runSeed } from '../src/run/seeds.ts';
import { closeWorkers, runMany } from '../src/run/pool.ts';
import type { RunTask } from '../src/run/pool.ts';
import { runSweep } from '../src/run/sweep.ts';
import { loadSweepFile } from '../src/run/sweepFile.ts';

const BASELINE = 'scenarios/baseline.yaml';
const FULL = { start: '2019-10', end: '2030-12' };

interface ChildFigures {
  loadSeconds: number;
  runSeconds: number;
  weeks: number;
  phaseSeconds: Record<string, number>;
  departed: number;
  encounters: number;
  maxAgents: number;
  peakRssMB: number;
}

/** In the child: one baseline run at 1:1 with each phase of the week timed. */
function child(): void {
  const t0 = performance.now();
  const loaded = loadScenario(BASELINE, { ...FULL, scale: 1 });
  const t1 = performance.now();
  const sim = new Simulation(loaded.input, runSeed({ masterSeed: loaded.seed, scope: loaded.hash, point: 0, rep: 0 }));
  const phaseMs = new Map<string, number>(sim.phases.map((p) => [p.name, 0]));
  let maxAgents = 0;
  while (sim.week < sim.weeks) {
    for (const p of sim.phases) {
      const s = performance.now();
      p.run();
      phaseMs.set(p.name, (phaseMs.get(p.name) ?? 0) + performance.now() - s);
    }
    if (sim.agents.count > maxAgents) maxAgents = sim.agents.count;
  }
  const t2 = performance.now();
  const t = sim.result().tables;
  const total = (flow: number) => {
    let n = 0;
    for (let m = 0; m < t.months; m++) for (let o = 0; o < t.origins; o++) n += t.originFlows[(m * ORIGIN_FLOWS.length + flow) * t.origins + o];
    return n;
  };
  const figures: ChildFigures = {
    loadSeconds: (t1 - t0) / 1000,
    runSeconds: (t2 - t1) / 1000,
    weeks: sim.weeks,
    phaseSeconds: Object.fromEntries([...phaseMs].map(([k, v]) => [k, v / 1000])),
    departed: total(FLOW.departed),
    encounters: total(FLOW.encounters),
    maxAgents,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(figures));
}

async function timeRuns(tasks: RunTask[], workers: number, threads = false): Promise<number> {
  const t0 = performance.now();
  const done = await runMany(tasks, { workers, threads });
  const failed = done.filter((d) => d.error);
  if (failed.length) throw new Error(`bench: ${failed.length} runs failed: ${failed[0].error}`);
  return (performance.now() - t0) / 1000;
}

/** In a child process: warm up, say "ready", wait for "go" on stdin, run its share in-process, report seconds. */
async function replicasChild(offset: number, count: number): Promise<void> {
  const loaded = loadScenario(BASELINE, { ...FULL, scale: REPLICA_SCALE });
  const tasks = replicaTasks(loaded.seed, offset, count);
  await timeRuns(replicaTasks(loaded.seed, 1000, 1), 1);
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const _ of lines) break;
  process.stdout.write(JSON.stringify({ seconds: await timeRuns(tasks, 1) }) + '\n');
  lines.close();
}

/** Wall time for `processes` child processes started together, each running `perProcess` runs. */
async function timeProcesses(runTs: string, here: string, processes: number, perProcess: number): Promise<number> {
  const children = Array.from({ length: processes }, (_, k) =>
    spawn(process.execPath, [runTs, here, '--replicas-child', String(k * perProcess), String(perProcess)], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const readers = children.map((c) => createInterface({ input: c.stdout })[Symbol.asyncIterator]());
  for (const r of readers) if ((await r.next()).value !== 'ready') throw new Error('bench: a replica process did not start');
  for (const c of children) c.stdin.write('go\n');
  const seconds = await Promise.all(readers.map(async (r) => (JSON.parse((await r.next()).value as string) as { seconds: number }).seconds));
  return Math.max(...seconds);
}

const SWEEP_RUNS = [100, 2000];
const FLAT_WITHIN = 1.3;

interface SweepFigures {
  runs: number;
  seconds: number;
  peakRssMB: number;
}

/** In a child process: a Latin hypercube sweep of `runs` tiny runs into a temporary folder; prints its figures. */
async function sweepChild(runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-sweep-'));
  try {
    const file = join(dir, 'memory.yaml');
    writeFileSync(
      file,
      [
        `scenario: ${fileURLToPath(new URL(`../${BASELINE}`, import.meta.url))}`,
        'period: { start: 2019-10, end: 2019-11 }',
        'scale: 2000',
        'seed: 1',
        'design: lhs',
        `samples: ${runs}`,
        'parameters:',
        '  - { name: enforcement, range: [0.5, 3] }',
        '  - { name: marketPower, range: [0.5, 2] }',
        'outcomes:',
        '  encounters: sum(encounters)',
        '  revenue: sum(smuggler_revenue_usd)',
      ].join('\n') + '\n',
    );
    const t0 = performance.now();
    const outcome = await runSweep(loadSweepFile(file), { out: join(dir, 'out'), workers: 2, command: 'bench', warn: () => {} });
    if (outcome.failures.length) throw new Error(`bench: ${outcome.failures.length} sweep runs failed: ${outcome.failures[0].error}`);
    const figures: SweepFigures = { runs: outcome.ran, seconds: (performance.now() - t0) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024 };
    await closeWorkers();
    process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REPLICA_SCALE = 10;
function replicaTasks(masterSeed: number, offset: number, count: number): RunTask[] {
  return Array.from({ length: count }, (_, r) => ({
    id: `r${offset + r}`, scenarioFile: BASELINE, build: { ...FULL, scale: REPLICA_SCALE }, key: { masterSeed, scope: 'bench', point: 0, rep: offset + r },
  }));
}

async function parent(): Promise<void> {
  const here = fileURLToPath(import.meta.url);
  const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  console.log('Corridor benchmark (figures for this machine; see bench/bench.ts for the method)');
  const loadAtStart = loadavg()[0];
  const busy = loadAtStart > 0.5;
  console.log(`load average ${loadAtStart.toFixed(2)}${busy ? ': other processes are using the CPUs, so these figures (the parallel speedup most of all) are pessimistic' : ''}\n`);

  console.log(`1. baseline ${FULL.start}..${FULL.end} at 1:1 scale, one core (child process) ...`);
  const fig = JSON.parse(execFileSync(process.execPath, [runTs, here, '--child'], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildFigures;
  console.log(`   wall time ${fig.runSeconds.toFixed(2)} s (target ≤ 3.5 s; + ${fig.loadSeconds.toFixed(1)} s to load the scenario), peak RSS ${fig.peakRssMB.toFixed(0)} MB`);
  console.log(`   ${(fig.departed / 1e6).toFixed(1)} M departures and ${(fig.encounters / 1e6).toFixed(1)} M encounters; at most ${fig.maxAgents.toLocaleString('en-US')} agents on the move at once`);
  const phases = Object.entries(fig.phaseSeconds).sort((a, b) => b[1] - a[1]);
  console.log(`   time by phase: ${phases.filter(([, v]) => v >= 0.01).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}`);

  const reps = 16; // enough runs that the last one finishing alone (the tail) does not dominate
  const scale = REPLICA_SCALE;
  const loaded = loadScenario(BASELINE, { ...FULL, scale });
  const tasks = replicaTasks(loaded.seed, 0, reps);
  console.log(`\n2. replications of the baseline at scale ${scale} (${FULL.start}..${FULL.end}), ${reps} runs per timing ...`);
  await timeRuns(replicaTasks(loaded.seed, 100, 1), 1); // warm this thread's JIT and scenario cache
  const one = await timeRuns(tasks, 1);
  const cold = await timeRuns(tasks, 2);
  const warm = await timeRuns(tasks, 2);
  const oneWorker = await timeRuns(tasks, 1, true); // an idle worker of the warm pool
  await closeWorkers();
  const oneProcess = await timeProcesses(runTs, here, 1, reps);
  const twoProcesses = await timeProcesses(runTs, here, 2, reps / 2);
  const rate = (seconds: number) => `${(reps / seconds).toFixed(2)} replications/s`;
  console.log(`   1 thread:              ${rate(one)} (${(one / reps).toFixed(2)} s each)`);
  console.log(`   1 worker, warm pool:   ${rate(oneWorker)}`);
  console.log(`   2 workers, cold start: ${rate(cold)} -> ${(one / cold).toFixed(2)}x this thread (includes starting the workers)`);
  console.log(`   2 workers, warm pool:  ${rate(warm)} -> ${(oneWorker / warm).toFixed(2)}x 1 worker, ${(one / warm).toFixed(2)}x this thread (target ≥ 1.8x)`);
  console.log(`   for comparison, 2 processes at once vs 1: ${(oneProcess / twoProcesses).toFixed(2)}x (no threads, no messages; two heaps and two sets of V8 background threads)`);

  console.log(`\n5. sweep memory: Latin hypercube sweeps of ${SWEEP_RUNS.join(' and ')} tiny runs (2019-10..2019-11 at 1:2,000, 2 workers), each in a child process ...`);
  const sweeps = SWEEP_RUNS.map((runs) => JSON.parse(execFileSync(process.execPath, [runTs, here, '--sweep-child', String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as SweepFigures);
  for (const f of sweeps) console.log(`   ${f.runs.toLocaleString('en-US').padStart(5)} runs: peak RSS ${f.peakRssMB.toFixed(0)} MB, ${f.seconds.toFixed(1)} s`);
  const growth = sweeps[1].peakRssMB / sweeps[0].peakRssMB;
  console.log(`   ${sweeps[1].runs.toLocaleString('en-US')} runs / ${sweeps[0].runs} runs: ${growth.toFixed(2)}x the peak (flat: within ${FLAT_WITHIN}x) -> ${growth <= FLAT_WITHIN ? 'flat' : 'NOT flat'}`);

  const cpu = cpus()[0];
  const results = {
    date: new Date().toISOString(),
    machine: {
      os: `${platform()} ${release()}`, cpuModel: cpu?.model ?? 'unknown', cpus: cpus().length, availableParallelism: availableParallelism(),
      memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: round(loadAtStart),
    },
    baselineOneToOne: {
      period: FULL, scale: 1, wallSeconds: round(fig.runSeconds), loadSeconds: round(fig.loadSeconds), peakRssMB: Math.round(fig.peakRssMB),
      weeks: fig.weeks, departed: fig.departed, encounters: fig.encounters, maxAgents: fig.maxAgents, targetSeconds: 3.5,
      phaseSeconds: Object.fromEntries(Object.entries(fig.phaseSeconds).map(([k, v]) => [k, round(v)])),
    },
    replications: {
      scenario: BASELINE, scale, period: FULL, runsPerTiming: reps,
      oneThreadPerSecond: round(reps / one), oneWorkerPerSecond: round(reps / oneWorker),
      twoWorkersColdPerSecond: round(reps / cold), twoWorkersWarmPerSecond: round(reps / warm),
      speedupCold: round(one / cold), speedupWarm: round(one / warm), speedupWarmVsOneWorker: round(oneWorker / warm), target: 1.8,
      twoProcessesVsOne: round(oneProcess / twoProcesses),
    },
    sweepMemory: {
      method: 'peak RSS (maxRSS of a child process, worker threads included) of a Latin hypercube sweep of tiny runs, finish included',
      period: { start: '2019-10', end: '2019-11' }, scale: 2000, workers: 2,
      sweeps: sweeps.map((f) => ({ runs: f.runs, peakRssMB: Math.round(f.peakRssMB), seconds: round(f.seconds) })),
      peakRatio: round(growth), flatWithin: FLAT_WITHIN,
    },
  };
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results.json');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const at = process.argv.indexOf('--replicas-child');
const sweepAt = process.argv.indexOf('--sweep-child');
if (process.argv.includes('--child')) child();
else if (at >= 0) await replicasChild(Number(process.argv[at + 1]), Number(process.argv[at + 2]));
else if (sweepAt >= 0) await sweepChild(Number(process.argv[sweepAt + 1]));
else await parent();
