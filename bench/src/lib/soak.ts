/**
 * The soak: one path at fixed concurrency for a long while, the resident memory of every web process
 * sampled every 5 s. Memory is "flat" when a straight line fitted through the samples after warm-up
 * (the first quarter, at least 20 s) rises by at most 10% of where it starts.
 */
import { type Call, drive, table } from './drive.ts';
import type { ServedApp } from './served-app.ts';

export interface SoakResult {
  readonly errors: number;
  readonly perSecond: number;
  /** Rise of the fitted line over the measured span, as a share of its start (worst web process). */
  readonly growth: number;
}

const SAMPLE_MS = 5_000;

/** Least-squares line through (t, y): its value at the first and the last t. */
function fittedEnds(points: readonly (readonly [number, number])[]): [number, number] {
  const n = points.length;
  const mt = points.reduce((s, [t]) => s + t, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const slope =
    points.reduce((s, [t, y]) => s + (t - mt) * (y - my), 0) /
    (points.reduce((s, [t]) => s + (t - mt) ** 2, 0) || 1);
  const first = (points[0] as readonly [number, number])[0];
  const last = (points[n - 1] as readonly [number, number])[0];
  return [my + slope * (first - mt), my + slope * (last - mt)];
}

export async function soak(
  app: ServedApp,
  call: Call,
  seconds: number,
  concurrency: number,
  say: (message: string) => void,
): Promise<SoakResult> {
  say(`Soak: ${seconds} s at concurrency ${concurrency}, memory of each web process every 5 s ...`);
  const samples = new Map<number, [number, number][]>();
  const windows: string[][] = [];
  const started = Date.now();
  let lastCount = 0;
  let count = 0;
  const counting: Call = async (n) => {
    const outcome = await call(n);
    if (outcome === 'ok') count++;
    return outcome;
  };
  const sample = () => {
    const t = (Date.now() - started) / 1000;
    const processes = app.webProcesses();
    for (const { pid, rssKiB } of processes) {
      const list = samples.get(pid) ?? [];
      list.push([t, rssKiB]);
      samples.set(pid, list);
    }
    windows.push([
      `${t.toFixed(0)} s`,
      ((count - lastCount) / (SAMPLE_MS / 1000)).toFixed(0),
      processes.map(({ pid, rssKiB }) => `${pid}: ${(rssKiB / 1024).toFixed(0)} MiB`).join(', '),
    ]);
    lastCount = count;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const result = await drive('soak', counting, { concurrency, seconds });
  clearInterval(timer);
  sample();

  const warmUp = Math.max(20, seconds / 4);
  let growth = 0;
  const perProcess: string[][] = [];
  for (const [pid, points] of samples) {
    const after = points.filter(([t]) => t >= warmUp);
    if (after.length < 3) continue;
    const [from, to] = fittedEnds(after);
    const rise = (to - from) / from;
    growth = Math.max(growth, rise);
    const rss = points.map(([, y]) => y / 1024);
    perProcess.push([
      String(pid),
      `${(rss[0] ?? 0).toFixed(0)} MiB`,
      `${(rss[rss.length - 1] ?? 0).toFixed(0)} MiB`,
      `${Math.max(...rss).toFixed(0)} MiB`,
      `${(rise * 100).toFixed(1)}%`,
    ]);
  }
  console.log(`\nSoak, every 5 s\n${table(['time', 'alloc/s', 'resident memory per web process'], windows)}`);
  console.log(
    `\nSoak memory (trend fitted after ${warmUp.toFixed(0)} s of warm-up)\n${table(['web process', 'first', 'last', 'max', 'trend'], perProcess)}`,
  );
  say(
    `Soak: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors, memory trend ${(growth * 100).toFixed(1)}%`,
  );
  if (result.errors > 0) console.log('Soak errors', Object.fromEntries(result.errorsBy));
  return { errors: result.errors, perSecond: result.perSecond, growth };
}
