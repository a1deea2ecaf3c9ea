// Progress of many runs: a bar with runs done, runs/s and time left on a terminal (cli-progress),
// plain periodic lines when stderr is not a terminal (CI logs), nothing with --quiet.
// Written to stderr so that tables printed on stdout stay clean.
import cliProgress from 'cli-progress';

export interface Progress {
  /** one more run finished */
  tick(): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  quiet?: boolean;
  /** runs already done (a resumed sweep) */
  start?: number;
  /** seconds between plain lines (default 10) */
  everySeconds?: number;
  stream?: NodeJS.WriteStream;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function startProgress(total: number, opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || total === 0) return { tick() {}, stop() {} };
  let done = opts.start ?? 0;
  const t0 = performance.now();
  const rate = () => (done - (opts.start ?? 0)) / Math.max(1e-3, (performance.now() - t0) / 1000);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${opts.label} [{bar}] {value}/{total} runs | {speed} runs/s | {left} left`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done, { speed: '0.0', left: '?' });
    return {
      tick() {
        done++;
        const r = rate();
        bar.update(done, { speed: r.toFixed(1), left: formatDuration((total - done) / r) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const every = (opts.everySeconds ?? 10) * 1000;
  let last = performance.now();
  const line = () => {
    const r = rate();
    stream.write(`${opts.label}: ${done}/${total} runs, ${r.toFixed(1)} runs/s, ${done < total ? `about ${formatDuration((total - done) / r)} left` : 'done'}\n`);
  };
  return {
    tick() {
      done++;
      const now = performance.now();
      if (now - last >= every && done < total) {
        last = now;
        line();
      }
    },
    stop() {
      line();
    },
  };
}
