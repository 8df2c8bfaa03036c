/** `/distsync …` slash commands, parsed strictly: one line, known words, bounded length. Nothing is ever run by a shell. */
export type Command =
  | { name: 'help' | 'sync' | 'status' | 'merge' | 'retest' | 'sync-back' }
  | { name: 'propose-downstream'; version?: string }
  | { name: 'rebuild'; branch?: string };

export type ParseResult = { kind: 'none' } | { kind: 'command'; command: Command } | { kind: 'invalid'; reason: string };

const MAX_LINE = 200;
const SIMPLE = new Set(['help', 'sync', 'status', 'merge', 'retest', 'sync-back']);
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~^-]{0,63}$/;

/** Find the first line starting with `/distsync` (bodies are capped before scanning). */
export function parseCommand(body: string): ParseResult {
  const head = body.slice(0, 10_000);
  const line = head.split(/\r?\n/).find((l) => /^\s*\/distsync(\s|$)/.test(l));
  if (line === undefined) return { kind: 'none' };
  if (line.length > MAX_LINE) return { kind: 'invalid', reason: `the command line is longer than ${MAX_LINE} characters` };
  const words = line.trim().split(/\s+/).slice(1);
  const [name, ...args] = words;
  if (name === undefined) return { kind: 'invalid', reason: 'no command given' };
  if (SIMPLE.has(name)) {
    if (args.length > 0) return { kind: 'invalid', reason: `\`${name}\` takes no arguments` };
    return { kind: 'command', command: { name: name as 'help' } };
  }
  if (name === 'propose-downstream') return parseProposeDownstream(args);
  if (name === 'rebuild') return parseRebuild(args);
  return { kind: 'invalid', reason: `unknown command \`${printable(name)}\`` };
}

function parseProposeDownstream(args: string[]): ParseResult {
  if (args.length === 0) return { kind: 'command', command: { name: 'propose-downstream' } };
  const [flag, value, ...rest] = args;
  if (flag !== '--version' || value === undefined || rest.length > 0) {
    return { kind: 'invalid', reason: 'usage: `/distsync propose-downstream [--version V]`' };
  }
  if (!VERSION.test(value)) return { kind: 'invalid', reason: 'the version may hold only letters, digits and . _ + ~ ^ -' };
  return { kind: 'command', command: { name: 'propose-downstream', version: value } };
}

const BRANCH = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_.+\/-]{0,99}$/;

function parseRebuild(args: string[]): ParseResult {
  if (args.length === 0) return { kind: 'command', command: { name: 'rebuild' } };
  const [branch, ...rest] = args;
  if (rest.length > 0 || !BRANCH.test(branch!)) return { kind: 'invalid', reason: 'usage: `/distsync rebuild [BRANCH]` (a branch name such as el9)' };
  return { kind: 'command', command: { name: 'rebuild', branch: branch! } };
}

/** A word echoed back in a reply: capped, and only harmless characters, so a reply never carries markup or mentions. */
export function printable(word: string): string {
  const clean = word.slice(0, 40).replace(/[^A-Za-z0-9._-]/g, '?');
  return word.length > 40 ? `${clean}…` : clean;
}

export const HELP_TEXT = `**distsync commands** (comment on a source-git pull request):

| command | what it does |
| --- | --- |
| \`/distsync help\` | this list |
| \`/distsync sync\` | sync this PR into its dist-git PR now |
| \`/distsync status\` | show the dist-git PR and its checks |
| \`/distsync merge\` | merge the dist-git PR, then this PR, when all dist-git checks pass |
| \`/distsync retest\` | re-run the failed dist-git checks |
| \`/distsync sync-back\` | carry dist-git commits back into source-git |
| \`/distsync propose-downstream [--version V]\` | propose a release to dist-git |
| \`/distsync rebuild [BRANCH]\` | (rebuild dist-git, any issue) rebuild from upstream with the Open Patch directives |

Only users with write, maintain or admin access, or listed in \`distsync.allowed_users\`, may run commands.`;
