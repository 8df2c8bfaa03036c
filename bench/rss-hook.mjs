// Loaded with `node --import ./bench/rss-hook.mjs …` by bench/large-patch.bench.ts: at exit, write this
// process's own peak RSS (VmHWM, kB) to the file named by DISTSYNC_BENCH_HWM_FILE.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.DISTSYNC_BENCH_HWM_FILE;
if (file) {
  process.on('exit', () => {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    writeFileSync(file, `${hwm ?? ''}\n`);
  });
}
