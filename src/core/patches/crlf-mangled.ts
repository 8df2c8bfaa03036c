/**
 * True when a patch file's own structure lines (`--- `, `+++ `, `@@ `) end in
 * CR: the whole file was saved with CRLF line ends (an editor or a Windows
 * checkout), which rpm's patch cannot apply as written. A patch for files that
 * really use CRLF has CRs in its content lines only, and is fine.
 */
export function isCrlfMangled(text: string): boolean {
  return /^(--- |\+\+\+ |@@ ).*\r$/m.test(text);
}
