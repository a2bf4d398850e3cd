/** The fault × invariant table, as Markdown (readable in a terminal, pasteable into a note). */
import { type Cell, END, type Row } from './invariants.ts';
import type { Phase } from './observations.ts';

const mark = (cell: Cell | undefined) => (cell ? `${cell.ok ? '✓' : '✗ FAIL'} ${cell.text}` : '—');

export function formatTable(rows: readonly Row[], phases: readonly Phase[]): string {
  const columns = [...phases.map((phase) => phase.name), END];
  const header = ['invariant', ...columns];
  const body = rows.map((row) => [row.invariant, ...columns.map((column) => mark(row.cells[column]))]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((line) => (line[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** One line per phase: when its fault started and ended, relative to the start of the load. */
export function formatTimeline(phases: readonly Phase[], t0: number): string {
  const s = (at: number | undefined) => (at === undefined ? '' : `${((at - t0) / 1000).toFixed(1)} s`);
  return phases
    .map((phase) =>
      phase.fault
        ? `  ${phase.name.padEnd(22)} fault ${s(phase.faultStart)} → ${s(phase.faultEnd)}, phase until ${s(phase.end)}`
        : `  ${phase.name.padEnd(22)} ${s(phase.start)} → ${s(phase.end)}`,
    )
    .join('\n');
}
