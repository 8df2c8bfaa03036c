import { DistsyncError } from '../errors.js';

const MAX_NAME_BYTES = 200;

/**
 * A patch file name we will write into dist-git and a PatchN: tag: a plain
 * file name ending in .patch or .diff. No '/', '\\', NUL, control characters,
 * whitespace or '%' (rpm would expand a macro); not '.'/'..'; no leading '.'
 * or '-'; at most 200 bytes. Throws bad-trailer; `where` names the commit.
 */
export function validatePatchName(name: string, where?: string): string {
  const why = problemOf(name);
  if (why) {
    const shown = JSON.stringify(name);
    throw new DistsyncError('bad-trailer', `Patch-name ${shown}${where ? ` (${where})` : ''} is not a plain patch file name: ${why}`, {
      next: 'git commit --amend / git rebase -i to fix the trailer (e.g. Patch-name: 0001-fix-the-thing.patch)',
    });
  }
  return name;
}

function problemOf(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it names a directory';
  if (/[/\\]/.test(name)) return "it contains '/' or '\\' (a path, not a file name)";
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'it contains a control character (NUL, newline, …)';
  if (/\s/.test(name)) return 'it contains whitespace';
  if (name.includes('%')) return "it contains '%' (rpm would expand it as a macro)";
  if (name.startsWith('.')) return "it starts with '.' (a hidden file)";
  if (name.startsWith('-')) return "it starts with '-' (tools would read it as an option)";
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  if (!/\.(patch|diff)$/.test(name)) return 'it must end with .patch or .diff';
  return undefined;
}

/** git's limit on format-patch file names (--filename-max-length, default 64), '.patch' included. */
const PATCH_NAME_MAX = 64;
const SUFFIX = '.patch';

/**
 * A name like `git format-patch` gives: '0001-Fix-the-thing.patch'. The
 * subject is sanitised as git's %f does (letters, digits, '.', '_' kept, runs
 * of anything else become one '-', '..' collapsed, trailing '.'/'-' dropped)
 * and the name cut to 64 bytes with the suffix, i.e. 52 characters of
 * subject with 4 digits. A multi-line subject is joined with ' ' first.
 */
export function patchFileNameFor(subject: string, index: number, digits = 4): string {
  const title = gitTitle(subject);
  const stem = `${String(index).padStart(digits, '0')}-${sanitizeSubject(title)}`;
  return `${stem.slice(0, PATCH_NAME_MAX - (SUFFIX.length + 1))}${SUFFIX}`;
}

/** git's format_subject: the first paragraph, lines right-trimmed and joined with ' '. */
export function gitTitle(subject: string): string {
  const paragraph: string[] = [];
  for (const line of subject.split('\n')) {
    const t = line.trimEnd();
    if (t === '') {
      if (paragraph.length) break;
      continue;
    }
    paragraph.push(t);
  }
  return paragraph.join(' ');
}

/** git's format_sanitized_subject (pretty.c), byte for byte on UTF-8. */
export function sanitizeSubject(subject: string): string {
  // on the UTF-16 units: every byte of a non-ASCII character's UTF-8 form is >= 0x80, so a
  // non-ASCII character counts as one run of "anything else" either way (no Buffer per subject)
  let out = '';
  let space = 2;
  for (let i = 0; i < subject.length; i++) {
    const c = subject.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f) {
      if (space === 1) out += '-';
      space = 0;
      out += subject[i];
      if (c === 0x2e) while (subject.charCodeAt(i + 1) === 0x2e) i++;
    } else space |= 1;
  }
  return out.replace(/[.-]+$/, '');
}
