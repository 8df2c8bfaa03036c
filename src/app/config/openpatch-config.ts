import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** Where a rebuild dist-git keeps its App config (read from the repository's default branch). */
export const OPENPATCH_CONFIG_FILE = '.distsync/openpatch.yaml';

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const BRANCH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9_./+-]+(?<!\/)$/;
const branchName = z.string().regex(BRANCH, 'must be a branch name');

/**
 * upstream: the upstream dist-git repository on this forge; branches: the rebuild branches to keep
 * rebuilt (OpenELA names: elN → cNs, elN-stream-S → cNs-stream-S, …); upstream_branches: overrides.
 */
export const openpatchConfigSchema = z
  .object({
    upstream: z.string().regex(REPO, 'must be "owner/name"'),
    branches: z.array(branchName).min(1),
    upstream_branches: z.record(branchName, branchName).default({}),
  })
  .strict();

export type OpenpatchConfig = z.infer<typeof openpatchConfigSchema>;

export type OpenpatchConfigResult = { ok: true; config: OpenpatchConfig } | { ok: false; problem: string };

/** Parse and validate the config, naming the file, line and key on error. */
export function loadOpenpatchConfig(text: string): OpenpatchConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const bad = doc.errors[0];
  if (bad) return { ok: false, problem: `${OPENPATCH_CONFIG_FILE}:${lineCounter.linePos(bad.pos[0]).line}: not valid YAML: ${bad.message.split('\n')[0]}` };
  const parsed = openpatchConfigSchema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map(String);
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
  return { ok: false, problem: `${OPENPATCH_CONFIG_FILE}${line}: ${path.join('.') || '(top)'}: ${issue?.message ?? 'invalid value'}` };
}
