/**
 * The one error type of distsync. Every failure that reaches a user is a
 * DistsyncError with a code from this union; `next` names what to do next.
 * Entry points (CLI, App) switch on `code` exhaustively.
 */
export type DistsyncErrorCode =
  | 'bad-spec' // spec cannot be parsed or lacks what we need
  | 'bad-patch' // patch file malformed or does not apply
  | 'bad-trailer' // commit trailer invalid (e.g. Patch-name with a path)
  | 'bad-config' // .distro/source-git.yaml invalid
  | 'bad-directive' // an Open Patch directive (.cfg) is malformed or does not apply
  | 'bad-checksum-file' // sources / .NAME.metadata / checksums malformed
  | 'bad-layout' // dist-git layout not recognised
  | 'lookaside-missing' // a source file is not in the lookaside
  | 'lookaside-failed' // the lookaside server failed or could not be reached
  | 'lookaside-denied' // the lookaside refused our credentials (HTTP 401/403)
  | 'lookaside-incompatible' // the lookaside cannot store this hash type / package
  | 'hash-mismatch' // a source file does not match its recorded hash
  | 'forge-failed' // a forge (GitHub, Forgejo, GitLab) answered with an error or could not be reached
  | 'forge-denied' // a forge refused our token (HTTP 401/403)
  | 'dirty-worktree' // a repo has uncommitted changes
  | 'not-a-repo' // a path is not a git repository / missing
  | 'git-failed' // git exited non-zero in an unexpected way
  | 'ref-not-found' // a ref / commit does not exist
  | 'binary-patch' // a commit has binary changes the spec cannot apply
  | 'rpm-missing' // rpmbuild / rpmspec not installed
  | 'sandbox-missing' // --eval-with-rpm: bubblewrap (bwrap) missing or unable to make a sandbox here
  | 'rpm-eval-failed' // --eval-with-rpm: rpm failed, timed out or printed too much inside the sandbox
  | 'prep-failed' // rpmbuild -bp failed
  | 'verify-mismatch' // prepared tree differs from source-git for real
  | 'conflict' // a rebase / apply conflict
  | 'locked' // another distsync run holds the repository
  | 'interrupted' // SIGINT / SIGTERM stopped the run (nothing was changed)
  | 'usage'; // wrong CLI / command usage

export interface DistsyncErrorInit {
  /** File the problem is in, relative to the repo where possible. */
  file?: string;
  /** 1-based line number, where known. */
  line?: number;
  /** 1-based column, where known (printed as file:line:column). */
  column?: number;
  /** What the user should do next (a command where possible). */
  next?: string;
  /** Underlying error, kept for logs. */
  cause?: unknown;
}

export class DistsyncError extends Error {
  readonly code: DistsyncErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly next?: string;

  constructor(code: DistsyncErrorCode, message: string, init: DistsyncErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DistsyncError';
    this.code = code;
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.next = init.next;
  }

  /** One human-readable block: "file:line: message\n  next: …". */
  format(): string {
    const at = this.line ? `:${this.line}${this.column ? `:${this.column}` : ''}` : '';
    const where = this.file ? `${this.file}${at}: ` : '';
    return `${where}${this.message}${this.next ? `\n  next: ${this.next}` : ''}`;
  }
}

export function isDistsyncError(e: unknown): e is DistsyncError {
  return e instanceof DistsyncError;
}

/** Exit code a CLI should use for an error code. 2 = environment/usage, 1 = everything else. */
export function exitCodeFor(code: DistsyncErrorCode): number {
  switch (code) {
    case 'rpm-missing':
    case 'sandbox-missing':
    case 'usage':
      return 2;
    case 'bad-spec':
    case 'bad-patch':
    case 'bad-trailer':
    case 'bad-config':
    case 'bad-directive':
    case 'bad-checksum-file':
    case 'bad-layout':
    case 'lookaside-missing':
    case 'lookaside-failed':
    case 'lookaside-denied':
    case 'lookaside-incompatible':
    case 'hash-mismatch':
    case 'forge-failed':
    case 'forge-denied':
    case 'dirty-worktree':
    case 'not-a-repo':
    case 'git-failed':
    case 'ref-not-found':
    case 'binary-patch':
    case 'prep-failed':
    case 'rpm-eval-failed':
    case 'verify-mismatch':
    case 'conflict':
    case 'locked':
      return 1;
    case 'interrupted':
      return 130;
  }
}
