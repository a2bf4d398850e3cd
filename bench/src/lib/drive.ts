/**
 * One load driver for every path the HTTP benchmark compares (the bus in-process, REST, tRPC): a
 * fixed number of workers each calling in a loop for a while, every call timed, every failure
 * counted by what it said.
 */
import { loadavg } from 'node:os';

/** What one call came to: `ok`, or a short description of what went wrong. */
export type Outcome = 'ok' | string;
export type Call = (n: number) => Promise<Outcome>;

export interface Run {
  readonly label: string;
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
  readonly errorsBy: ReadonlyMap<string, number>;
  /** The 1-minute load average when the measurement started and ended. */
  readonly load: readonly [number, number];
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

let sequence = 0;

export async function drive(
  label: string,
  call: Call,
  options: { concurrency: number; seconds: number; record?: boolean },
): Promise<Run> {
  const loadBefore = loadavg()[0] ?? 0;
  const latencies: number[] = [];
  const errorsBy = new Map<string, number>();
  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        const n = sequence++;
        const callStarted = performance.now();
        let outcome: Outcome;
        try {
          outcome = await call(n);
        } catch (error) {
          outcome = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error);
        }
        if (outcome === 'ok') latencies.push(performance.now() - callStarted);
        else errorsBy.set(outcome, (errorsBy.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    label,
    count: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    errors: [...errorsBy.values()].reduce((a, b) => a + b, 0),
    errorsBy,
    load: [loadBefore, loadavg()[0] ?? 0],
  };
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const format = (row: readonly string[]) =>
    `|${row.map((cell, i) => ` ${i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)} `).join('|')}|`;
  return [line, format(header), line, ...rows.map(format), line].join('\n');
}
