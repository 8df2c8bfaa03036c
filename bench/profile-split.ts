/**
 * Where a V8 CPU profile's time went, by part of the process: the App (a stack with a frame
 * in src/, named by its deepest src/ folder), the fake GitHub (a frame in test/fake-github/),
 * the bench's own contributor git (other test/ or bench/ frames), libraries, idle. Samples are
 * wall-clock: time node spends blocked in a synchronous spawn (fork + exec) counts where it was
 * called. Run: node --import tsx bench/profile-split.ts A.cpuprofile [B.cpuprofile]
 * (profiles from `BENCH_PROFILE=2,38 npm run bench:lifecycle`).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export function splitProfile(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const urls: string[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) urls.push(byId.get(x)!.callFrame.url);
    const app = urls.find((u) => u.includes('/src/') && !u.includes('/node_modules/'));
    const part =
      byId.get(id)!.callFrame.functionName === '(idle)' ? 'idle'
      : urls.some((u) => u.includes('/test/fake-github/')) ? 'fake GitHub'
      : app ? `App src/${app.split('/src/')[1]!.split('/')[0]}`
      : urls.some((u) => u.includes('/test/') || u.includes('/bench/')) ? 'bench (contributor git, harness)'
      : urls.some((u) => u.includes('node_modules')) ? 'libraries (Probot, Octokit…)'
      : 'node internals (GC, program)';
    out.set(part, (out.get(part) ?? 0) + (p.timeDeltas[i] ?? 0) / 1e6);
  });
  return out;
}

const files = process.argv.slice(2);
const splits = files.map((f) => splitProfile(JSON.parse(readFileSync(f, 'utf8')) as Profile));
const parts = [...new Set(splits.flatMap((s) => [...s.keys()]))].sort((a, b) => (splits[0]!.get(b) ?? 0) - (splits[0]!.get(a) ?? 0));
console.log(['seconds', ...files.map((f) => f.split('/').pop())].join('\t'));
for (const part of parts) console.log([part, ...splits.map((s) => (s.get(part) ?? 0).toFixed(2))].join('\t'));
console.log(['total', ...splits.map((s) => [...s.values()].reduce((a, b) => a + b, 0).toFixed(2))].join('\t'));
