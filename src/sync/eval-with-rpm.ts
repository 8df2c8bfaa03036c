import { codeMacrosOf, type MacroContext, type SpecDocument } from '../core/spec/index.js';
import { evalCodeMacros } from '../rpm/index.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import { DISTRO_DIR, type SourceGitSnapshot } from './read-source-git.js';
import type { RunDeps } from './run-deps.js';
import { checkFileNames, fileNameProbes } from './rpm-file-names.js';

/** A spec as read from a checkout: its text, path in the repo, the checkout and where its sources are. */
export interface SpecOnDisk {
  spec: SpecDocument;
  specText: string;
  specPath: string;
  repoDir: string;
  sourceSubdir: string;
}

/**
 * The macro context with real rpm's values for the `%(…)` / `%{lua:…}` of
 * these specs (`--eval-with-rpm`): asked only when a spec has such a macro and
 * the caller passed a sandbox (deps.rpmSandbox), each spec in its own sandboxed
 * rpm run. Without a sandbox the context is unchanged and such a macro stays
 * unexpanded (where a value needs it, the error names the macro and the flag).
 */
export async function evalWithRpm(deps: RunDeps, specs: readonly SpecOnDisk[], ctx: MacroContext): Promise<MacroContext> {
  const sandbox = deps.rpmSandbox;
  if (!sandbox) return ctx;
  const evaluated: Record<string, string> = { ...ctx.evaluated };
  const checks: (() => void)[] = [];
  for (const s of specs) {
    const found = codeMacrosOf(s.spec);
    const texts = found.sent.filter((t) => !Object.hasOwn(evaluated, t));
    if (texts.length === 0) continue;
    deps.log.warn(`--eval-with-rpm: running rpmspec on ${s.specPath} in a sandbox (no network, read-only tree) for ${texts.length} %(…)/%{lua:…}`);
    // in the same run: the file names rpm itself read for the tags that need such a macro (checked below)
    const probes = fileNameProbes(s.spec, ctx);
    const values = await evalCodeMacros(sandbox, {
      specText: s.specText,
      specPath: s.specPath,
      repoDir: s.repoDir,
      sourceSubdir: s.sourceSubdir,
      texts: [...texts, ...probes.map((p) => p.text)],
      ...(ctx.defines ? { defines: ctx.defines } : {}),
      ...(ctx.arch ? { target: ctx.arch } : {}),
      ...(deps.scope ? { interrupt: deps.scope } : {}),
    });
    for (const t of texts) evaluated[t] = values[t]!;
    checks.push(() => checkFileNames(s.spec, { ...ctx, evaluated }, probes, values));
  }
  for (const check of checks) check();
  return { ...ctx, evaluated };
}

/** The dist-git spec (and the source-git one), dist-git first: its values win for a text both have. */
export function specsOf(dg: DistGitSnapshot | undefined, sg?: SourceGitSnapshot): SpecOnDisk[] {
  const out: SpecOnDisk[] = [];
  if (dg && dg.specText !== '') out.push({ spec: dg.spec, specText: dg.specText, specPath: dg.layout.specPath, repoDir: dg.dir, sourceSubdir: dg.layout.sourcesDir });
  if (sg) out.push({ spec: sg.spec, specText: sg.specText, specPath: sg.specPath, repoDir: sg.dir, sourceSubdir: DISTRO_DIR });
  return out;
}
