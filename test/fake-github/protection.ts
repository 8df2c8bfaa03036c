import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LIST = 'fake-protected-branches';

/**
 * Branch protection with "Allow force pushes" off, as GitHub enforces it: a push (git) that is
 * not a fast-forward is declined with GH006 and its `remote:` lines, through a pre-receive hook
 * in the bare repository; the refs API answers 422 (routes-repos.ts).
 */
const HOOK = `#!/bin/sh
z=0000000000000000000000000000000000000000
while read old new ref; do
  if grep -qxF "$ref" ${LIST} 2>/dev/null && [ "$old" != "$z" ] && [ "$new" != "$z" ] && ! git merge-base --is-ancestor "$old" "$new"; then
    echo "error: GH006: Protected branch update failed for $ref." >&2
    echo "error: Cannot force-push to this branch" >&2
    exit 1
  fi
done
`;

export function setProtected(dir: string, branch: string, on: boolean): void {
  const ref = `refs/heads/${branch}`;
  const list = protectedRefs(dir).filter((r) => r !== ref);
  writeFileSync(join(dir, LIST), [...list, ...(on ? [ref] : [])].map((r) => `${r}\n`).join(''));
  const hook = join(dir, 'hooks', 'pre-receive');
  if (!existsSync(hook)) {
    mkdirSync(join(dir, 'hooks'), { recursive: true });
    writeFileSync(hook, HOOK);
    chmodSync(hook, 0o755);
  }
}

export function protectedRefs(dir: string): string[] {
  const path = join(dir, LIST);
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}
