import type { Trailer } from './commit-message.js';
import type { PatchAuthor } from './mail-headers.js';
import { gitTitle } from './patch-name.js';
import { isoToRfc2822 } from './rfc2822-date.js';
import { encodeRfc2047, needsRfc2047 } from './rfc2047.js';
import { wrapText } from './wrap-text.js';

export interface MboxPatchInput {
  sha: string;
  author: PatchAuthor;
  /** RFC 2822 as git prints it ('Sun, 15 Nov 2020 22:10:31 +0100'); an ISO 8601 date (git's %aI) is converted. */
  date: string;
  subject: string;
  body: string;
  diff: string;
  /** Trailers to print after the body (e.g. Signed-off-by), when the caller keeps them apart. */
  trailers?: Trailer[];
  /** Version in the signature; default 2.39.5. */
  gitVersion?: string;
}

const MAX_HEADER = 78;

/**
 * A patch file as `git format-patch --stdout` (git 2.39) writes it, without
 * the diffstat: 'From <sha> Mon Sep 17 00:00:00 2001', From:, Date:,
 * 'Subject: [PATCH] …' (folded at 78 columns, RFC 2047 for non-ASCII), the
 * MIME headers when the message is not ASCII, the body, '---', the diff and
 * the '-- \n2.39.5\n\n' signature.
 */
export function renderMboxPatch(p: MboxPatchInput): string {
  return renderMboxPatchParts(p).join('');
}

/**
 * renderMboxPatch in three pieces whose concatenation is the file: the mail
 * header and message, the diff (the caller's string itself, not a copy), and
 * the rest. Lets a caller compare or hash a huge patch without building it.
 */
export function renderMboxPatchParts(p: MboxPatchInput): [string, string, string] {
  const title = gitTitle(p.subject);
  const body = bodyWithTrailers(p.body, p.trailers ?? []);
  let out = `From ${p.sha} Mon Sep 17 00:00:00 2001\n`;
  out += fromHeader(p.author);
  out += `Date: ${isoToRfc2822(p.date)}\n`;
  const subject = 'Subject: [PATCH] ';
  out += `${subject}${needsRfc2047(title) ? encodeRfc2047(title, subject.length, false) : wrapText(title, subject.length, 1, MAX_HEADER)}\n`;
  if (/[^\x00-\x7f]/.test(`${p.subject}\n${body}`)) {
    out += 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n';
  }
  out += '\n';
  if (body) out += `${body}\n`;
  out += '---\n\n';
  const newline = p.diff === '' || p.diff.endsWith('\n') ? '' : '\n';
  return [out, p.diff, `${newline}-- \n${p.gitVersion ?? '2.39.5'}\n\n`];
}

function bodyWithTrailers(body: string, trailers: Trailer[]): string {
  const text = body.replace(/^\s*\n/, '').trimEnd();
  const block = trailers.map((t) => `${t.key}: ${t.value}`).join('\n');
  return [text, block].filter((s) => s !== '').join('\n\n');
}

/** git's pp_user_info for e-mail: RFC 2047 or RFC 822 quoting of the name, folding, ' <email>'. */
function fromHeader(author: PatchAuthor): string {
  const prefix = 'From: ';
  let max = MAX_HEADER;
  let line: string;
  if (needsRfc2047(author.name)) {
    line = prefix + encodeRfc2047(author.name, prefix.length, true);
    max = 76;
  } else if (/[()<>[\]:;@,."\\]/.test(author.name)) {
    line = prefix + wrapText(`"${author.name.replace(/["\\]/g, '\\$&')}"`, prefix.length, 1, max);
  } else {
    line = prefix + wrapText(author.name, prefix.length, 1, max);
  }
  const lastLine = line.slice(line.lastIndexOf('\n') + 1);
  if (max < lastLine.length + ' <'.length + author.email.length + '>'.length) line += '\n';
  return `${line} <${author.email}>\n`;
}
