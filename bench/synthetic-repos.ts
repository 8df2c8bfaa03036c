import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GIT_ENV = { ...process.env, LANG: 'C', GIT_CONFIG_NOSYSTEM: '1' };
const ID = ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', '-c', 'init.defaultBranch=main'];

export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', [...ID, ...args], { cwd, env: GIT_ENV, encoding: 'utf8', input, maxBuffer: 1 << 30 });
}

export type SpecStyle = 'autosetup' | 'setup';

function spec(style: SpecStyle): string {
  const prep = style === 'autosetup' ? '%autosetup -p1' : '%setup -q';
  return `Name:           synth\nVersion:        1.0\nRelease:        1%{?dist}\nSummary:        synthetic package\nLicense:        MIT\nSource0:        synth-1.0.tar.gz\n\n%description\nSynthetic.\n\n%prep\n${prep}\n\n%build\n\n%files\n\n%changelog\n* Sun Nov 22 2026 Bench <bench@example.org> - 1.0-1\n- first\n`;
}

/**
 * A source-git with an upstream commit, a .distro/ commit and `n` downstream
 * commits each changing one file (built with one `git fast-import`), and an
 * empty-ish dist-git (spec + sources) to update.
 */
export function buildSyntheticPair(root: string, n: number, style: SpecStyle): { sourceGit: string; distGit: string } {
  const sourceGit = join(root, 'source-git');
  const distGit = join(root, 'dist-git');
  mkdirSync(sourceGit, { recursive: true });
  git(sourceGit, ['init', '-q']);
  const lines: string[] = [];
  let mark = 0;
  const blob = (content: string) => {
    mark += 1;
    lines.push('blob', `mark :${mark}`, `data ${Buffer.byteLength(content)}`, content);
    return mark;
  };
  const commit = (msg: string, files: [string, number][], parent: boolean, t: number) => {
    lines.push('commit refs/heads/main', `author Dev <dev@example.org> ${1700000000 + t} +0000`, `committer Dev <dev@example.org> ${1700000000 + t} +0000`, `data ${Buffer.byteLength(msg)}`, msg);
    if (!parent) lines.push('deleteall');
    for (const [p, m] of files) lines.push(`M 100644 :${m} ${p}`);
    lines.push('');
  };
  const upstreamFiles: [string, number][] = [];
  for (let i = 0; i < n; i += 1) upstreamFiles.push([`src/file${i}.c`, blob(`int f${i}(void) {\n  return ${i};\n}\n`)]);
  commit('upstream 1.0\n', upstreamFiles, false, 0);
  lines.push('reset refs/tags/v1.0', 'from refs/heads/main', '');
  const yaml = 'upstream_ref: v1.0\nspecfile_path: .distro/synth.spec\ndownstream_package_name: synth\n';
  commit('Add .distro/\n', [['.distro/synth.spec', blob(spec(style))], ['.distro/source-git.yaml', blob(yaml)], ['.distro/sources', blob('')]], true, 1);
  for (let i = 0; i < n; i += 1) {
    commit(`Change file ${i}\n\nDownstream change number ${i}.\n`, [[`src/file${i}.c`, blob(`int f${i}(void) {\n  return ${i} + 1;\n}\n`)]], true, 2 + i);
  }
  git(sourceGit, ['fast-import', '--quiet'], lines.join('\n') + '\n');
  git(sourceGit, ['checkout', '-q', '-f', 'main']);
  mkdirSync(distGit, { recursive: true });
  git(distGit, ['init', '-q']);
  writeFileSync(join(distGit, 'synth.spec'), spec(style));
  writeFileSync(join(distGit, 'sources'), '');
  git(distGit, ['add', '-A']);
  git(distGit, ['commit', '-q', '-m', 'initial']);
  return { sourceGit, distGit };
}
