import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { hashAlgoForLength } from '../core/lookaside/index.js';
import type { LookasideUpload, ParsedCfg } from '../core/openpatch/index.js';
import type { LookasideStore } from '../lookaside/index.js';

/** Lookaside objects the directives read (add { lookaside }, replace { with_lookaside }), by hash, with a file name for the store. */
function wantedBlobs(cfgs: readonly ParsedCfg[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { cfg } of cfgs) {
    for (const a of cfg.add) if (a.lookaside) out.set(a.lookaside, a.name || a.lookaside);
    for (const r of cfg.replace) if (r.with_lookaside) out.set(r.with_lookaside, r.file?.split('/').pop() || r.with_lookaside);
  }
  return out;
}

/** True when applying these directives talks to the lookaside cache. */
export function usesLookaside(cfgs: readonly ParsedCfg[]): boolean {
  return wantedBlobs(cfgs).size > 0 || cfgs.some((c) => c.cfg.lookaside.length > 0);
}

export function needStore(store: LookasideStore | undefined, what: string): LookasideStore {
  if (store) return store;
  throw new DistsyncError('usage', `the directives use the lookaside cache (${what}) and no lookaside is configured`, { next: 'pass --lookaside DIR|URL (the rebuild lookaside cache)' });
}

/** Fetch (and hash-check, via the store) every object the directives name. */
export async function fetchBlobs(cfgs: readonly ParsedCfg[], store: LookasideStore | undefined, pkg: string): Promise<Map<string, Uint8Array>> {
  const wanted = wantedBlobs(cfgs);
  const out = new Map<string, Uint8Array>();
  if (wanted.size === 0) return out;
  const s = needStore(store, 'add { lookaside } / replace { with_lookaside }');
  const dir = await mkdtemp(join(tmpdir(), 'distsync-blobs-'));
  try {
    for (const [hash, file] of wanted) {
      const algo = hashAlgoForLength(hash.length);
      if (!algo) continue; // the applier reports the bad hash with the directive's place
      const dest = join(dir, hash);
      await s.fetch({ pkg, file, algo, hash }, dest);
      out.set(hash, new Uint8Array(await readFile(dest)));
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Put the files the directives moved to the lookaside into the store (skipping those it holds). */
export async function storeUploads(uploads: readonly LookasideUpload[], store: LookasideStore | undefined, pkg: string): Promise<void> {
  if (uploads.length === 0) return;
  const s = needStore(store, 'lookaside directive');
  const dir = await mkdtemp(join(tmpdir(), 'distsync-uploads-'));
  try {
    for (const u of uploads) {
      const ref = { pkg, file: u.path.split('/').pop()!, algo: u.algo, hash: u.hash };
      if (await s.has(ref)) continue;
      const src = join(dir, u.hash);
      await writeFile(src, u.data);
      await s.put(ref, src);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
