// Used by bench/large-patch.bench.ts: `node bench/large-patch-inproc.mjs <dist-dir> <source-git> <dist-git>`
// loads a built distsync (dist/), then runs a no-op updateDistGit in this process and prints
// VmHWM after loading and after the call (MB): the call's own peak is the difference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, sourceGitDir, distGitDir] = process.argv.slice(2);
const load = (f) => import(pathToFileURL(join(dist, f)).href);
const { updateDistGit } = await load('sync/update-dist-git.js');
const { createMemoryLogger } = await load('core/log.js');
const hwmMB = () => Math.round(Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const loadedMB = hwmMB();
const res = await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir, distGitDir, message: 'again', maxPatchBytes: 1 << 30 });
if (res.changed) throw new Error('expected a no-op');
const peakMB = hwmMB();
process.stdout.write(`${JSON.stringify({ loadedMB, peakMB, callMB: peakMB - loadedMB })}\n`);
