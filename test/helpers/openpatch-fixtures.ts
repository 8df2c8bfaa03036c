import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, git } from './corpus.js';

/** The real OpenELA python-pip el9 branch (fixtures/openpatch/NOTES.md): srpmproc OUTPUT of its PATCHES/python-pip.cfg. */
export const PIP_EL9 = join(FIXTURES, 'openpatch', 'e2e', 'python-pip', 'distgit-el9');

/** The top %changelog entry python-pip.cfg made (dated by the import). */
export const PIP_ENTRY = '* Thu Mar 14 2024 Release Engineering <releng@openela.org> - %{base_version}%{?prerel:~%{prerel}}\n- Add openela to id list\n\n';

/** python-pip's pre-directive tree, derived from the output: no PATCHES/, no added patch, no Patch8 line, no entry. */
export function writePipUpstream(dir: string): void {
  cpSync(PIP_EL9, dir, { recursive: true });
  rmSync(join(dir, 'PATCHES'), { recursive: true });
  rmSync(join(dir, 'SOURCES', '5000-add-openela.patch'));
  const spec = join(dir, 'SPECS', 'python-pip.spec');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('Patch8:               5000-add-openela.patch\n', '').replace(PIP_ENTRY, ''));
}

/** Commit everything with author and committer date `date` (a rebuild dates its changelog entry by the upstream commit). */
export function commitAt(dir: string, subject: string, date: string): void {
  git(dir, 'add', '-A');
  process.env.GIT_COMMITTER_DATE = date;
  try {
    git(dir, 'commit', '-q', '-m', subject, '--date', date);
  } finally {
    delete process.env.GIT_COMMITTER_DATE;
  }
}
