import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** CPU seconds of finished child processes (git, tar, xz, rpm…) from /proc/self/stat (cutime + cstime). */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16, 17 of stat)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

export interface Split { wallMs: number; childCpuMs: number; ownCpuMs: number }

/** Run fn and say where its time went: our own CPU (node), and CPU of the processes it ran. */
export async function measureSplit<T>(fn: () => Promise<T>): Promise<{ result: T; split: Split }> {
  const c0 = childCpuMs();
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const u = process.cpuUsage(u0);
  return { result, split: { wallMs: Math.round(wallMs), childCpuMs: Math.round(childCpuMs() - c0), ownCpuMs: Math.round((u.user + u.system) / 1000) } };
}
