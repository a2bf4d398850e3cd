/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and names where the time went: the
 * heaviest frames by self time, and self time summed per package, as shares of the busy time
 * (samples outside `(idle)`).
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Frame {
  readonly name: string;
  /** Milliseconds of self time. */
  readonly selfMs: number;
  /** Share of the busy (non-idle) time. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly frames: readonly Frame[];
  readonly packages: readonly Frame[];
}

/** `node_modules/.pnpm/next@16.4.6_.../node_modules/next/dist/...` -> `next`; workspace files by folder. */
function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node (core)';
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  return url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  const tail =
    modules >= 0 ? url.slice(modules + 'node_modules/'.length) : url.replace(/^.*\/(packages|apps)\//, '$1/');
  return tail.replace(/^file:\/\//, '');
}

export async function summarizeProfile(path: string, top = 10): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfById = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfById.set(id, (selfById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  let idleMs = 0;
  let busyMs = 0;
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, ms] of selfById) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const name = url
      ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`
      : functionName || '(anonymous)';
    frames.set(name, (frames.get(name) ?? 0) + ms);
    const pkg = url ? packageOf(url) : functionName;
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const ranked = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs, share: busyMs > 0 ? selfMs / busyMs : 0 }));
  return { busyMs, idleMs, frames: ranked(frames), packages: ranked(packages) };
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const line = (frame: Frame, i: number) =>
    `  ${String(i + 1).padStart(2)}. ${(frame.share * 100).toFixed(1).padStart(5)}%  ${frame.selfMs.toFixed(0).padStart(6)} ms  ${frame.name}`;
  return [
    `${title}: ${summary.busyMs.toFixed(0)} ms busy, ${summary.idleMs.toFixed(0)} ms idle`,
    '  Heaviest frames (self time):',
    ...summary.frames.map(line),
    '  Self time by package:',
    ...summary.packages.map(line),
  ].join('\n');
}

// `tsx src/lib/cpu-profile.ts <file.cpuprofile>...`: the summary of profiles taken elsewhere.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) console.log(formatSummary(file, await summarizeProfile(file)));
}
