import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { takeWorkerIdentity } from '../../src/jobs/worker-identity.js';
import { removeDirs, tempDir } from '../helpers/corpus.js';

describe('worker identity: host + data dir + the first slot no live process holds', () => {
  let dir = '';
  afterEach(() => removeDirs(dir));

  it('two live workers on one data dir get different identities; a restart after a crash gets its old one back', async () => {
    dir = tempDir('identity');
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const a = await takeWorkerIdentity(dir, live.pid!);
      const b = await takeWorkerIdentity(dir, process.pid);
      expect([a.id, b.id]).toEqual([`${hostname()}:${dir}#0`, `${hostname()}:${dir}#1`]);
      // The first worker dies (SIGKILL: its slot file stays); its successor takes slot 0 again.
      live.kill('SIGKILL');
      await new Promise((r) => live.once('exit', r));
      const successor = await takeWorkerIdentity(dir, 999_999_999);
      expect(successor.id).toBe(`${hostname()}:${dir}#0`);
      expect(readFileSync(join(dir, 'workers', 'slot-0.pid'), 'utf8')).toBe('999999999');
      // A clean stop gives the slot up; garbage in a slot file does not hold it.
      await b.release();
      writeFileSync(join(dir, 'workers', 'slot-0.pid'), 'not a pid');
      expect((await takeWorkerIdentity(dir, process.pid)).id).toBe(`${hostname()}:${dir}#0`);
    } finally {
      live.kill('SIGKILL');
    }
  });
});
