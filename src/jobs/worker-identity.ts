import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface WorkerIdentity {
  /** `<host>:<data dir>#<slot>`: the same after a restart, so the worker takes back the jobs it was running when it died. */
  id: string;
  /** Give the slot up (on a clean stop). */
  release(): Promise<void>;
}

/**
 * A worker's stable identity on this machine: host, data directory and the first slot
 * no live process holds (slot files under <dataDir>/workers/ hold the holder's pid), so
 * several workers sharing one data directory get different identities, and a worker
 * restarted after a crash gets its old one back.
 */
export async function takeWorkerIdentity(dataDir: string, pid = process.pid): Promise<WorkerIdentity> {
  const dir = join(dataDir, 'workers');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (let slot = 0; slot < 1000; slot++) {
    const file = join(dir, `slot-${slot}.pid`);
    if (!(await takeSlot(file, pid))) continue;
    // Two workers that found the same dead holder at once: the one whose pid is not in the file moves on.
    await new Promise((r) => setTimeout(r, 50));
    if ((await readFile(file, 'utf8').catch(() => '')) !== String(pid)) continue;
    return {
      id: `${hostname()}:${dataDir}#${slot}`,
      release: async () => {
        if ((await readFile(file, 'utf8').catch(() => '')) === String(pid)) await unlink(file).catch(() => undefined);
      },
    };
  }
  throw new Error(`no free worker slot in ${dir} (1000 live workers?)`);
}

async function takeSlot(file: string, pid: number): Promise<boolean> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      await writeFile(file, String(pid), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(await readFile(file, 'utf8').catch(() => ''));
    // Our own pid in the file is a previous life (a container restarts with the same pid): the slot is ours.
    if (Number.isInteger(holder) && holder > 0 && holder !== pid && alive(holder)) return false;
    await unlink(file).catch(() => undefined);
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
