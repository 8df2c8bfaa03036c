import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneMirrors, withMirrorLock } from '../../src/git/mirror-cache.js';

describe('git mirror cache shared by jobs and worker processes on one disk', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('jobs using the same mirror take turns; other mirrors are not held up', async () => {
    dir = mkdtempSync(join(tmpdir(), 'distsync-mirrors-'));
    const a = join(dir, 'mirrors', 'o', 'a.git');
    const b = join(dir, 'mirrors', 'o', 'b.git');
    const events: string[] = [];
    const job = (m: string, name: string) =>
      withMirrorLock(m, async () => {
        events.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 60));
        events.push(`${name}-`);
      });
    await Promise.all([job(a, 'a1'), job(a, 'a2'), job(b, 'b1')]);
    const onA = events.filter((e) => e.startsWith('a'));
    expect([['a1+', 'a1-', 'a2+', 'a2-'], ['a2+', 'a2-', 'a1+', 'a1-']]).toContainEqual(onA);
    expect(events.indexOf('b1+')).toBeLessThan(Math.max(events.indexOf('a1-'), events.indexOf('a2-')));
    expect(existsSync(`${a}.lock`)).toBe(false);
  });

  it('takes over the lock of a worker that was killed while holding it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'distsync-mirrors-'));
    const m = join(dir, 'mirrors', 'o', 'a.git');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((r) => child.once('spawn', r));
    mkdirSync(`${m}.lock`, { recursive: true });
    writeFileSync(join(`${m}.lock`, 'owner.json'), JSON.stringify({ host: hostname(), pid: child.pid }));
    let ran = false;
    const attempt = withMirrorLock(m, async () => {
      ran = true;
    }, { waitMs: 5_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(ran).toBe(false);
    child.kill('SIGKILL');
    await attempt;
    expect(ran).toBe(true);
  });

  it('prunes the least recently used mirrors past the size limit, never one in use', async () => {
    dir = mkdtempSync(join(tmpdir(), 'distsync-mirrors-'));
    const now = Date.now();
    const hour = 3_600_000;
    const mirror = (name: string, usedHoursAgo: number, opts: { worktree?: boolean; locked?: boolean } = {}) => {
      const m = join(dir, 'mirrors', 'o', `${name}.git`);
      mkdirSync(join(m, 'objects'), { recursive: true });
      writeFileSync(join(m, 'objects', 'pack'), Buffer.alloc(1_000));
      writeFileSync(join(m, 'distsync-used'), '');
      const t = new Date(now - usedHoursAgo * hour);
      utimesSync(join(m, 'distsync-used'), t, t);
      if (opts.worktree) mkdirSync(join(m, 'worktrees', 'job'), { recursive: true });
      if (opts.locked) {
        mkdirSync(`${m}.lock`);
        writeFileSync(join(`${m}.lock`, 'owner.json'), JSON.stringify({ host: hostname(), pid: process.pid }));
      }
      return m;
    };
    const oldest = mirror('oldest', 50);
    const busy = mirror('busy', 40, { worktree: true });
    const locked = mirror('locked', 30, { locked: true });
    const old = mirror('old', 20);
    const recent = mirror('recent', 0);
    const newer = mirror('newer', 10);
    const removed = await pruneMirrors(dir, { maxBytes: 4_500, now });
    expect(removed).toEqual([oldest, old]);
    for (const m of [busy, locked, recent, newer]) expect(existsSync(m)).toBe(true);
    expect(existsSync(oldest) || existsSync(old)).toBe(false);
  });
});
