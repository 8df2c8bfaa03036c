/**
 * Just enough of POSIX shell syntax to read one %prep line that applies a
 * patch: words (quotes and backslashes honoured), the list operators
 * `;` `&&` `||`, pipes, redirections. Nothing is expanded: a word that would
 * need the shell ($VAR, `…`, globs) is marked so the caller can refuse it. Pure.
 */
export interface ShellWord {
  text: string;
  /** The shell would change it ($, `, unquoted * ? [ or a leading ~): its value is not known statically. */
  dynamic: boolean;
}

/** A redirection: `< file`, `> file`, `2>&1`… (target null for fd duplications). */
export interface ShellRedirect {
  op: string;
  target: ShellWord | null;
}

export interface ShellStage {
  words: ShellWord[];
  redirects: ShellRedirect[];
}

/** One line: commands separated by ; && ||, each a pipeline of stages. `complex` = subshells, loops, $(…). */
export interface ShellLine {
  commands: ShellStage[][];
  complex: boolean;
}

const OPERATORS = ['&&', '||', ';', '|', '(', ')', '&'];
const REDIRECT = /^(?:[0-9]*(?:>>|>&|<&|>|<)|&>)/;

export function readShellLine(line: string): ShellLine {
  const commands: ShellStage[][] = [];
  let pipeline: ShellStage[] = [];
  let stage: ShellStage = { words: [], redirects: [] };
  let complex = /\$\(|`|^\s*(?:for|while|if|until|case)\b|\{\s/.test(line);
  let pendingRedirect: string | null = null;
  const endStage = () => {
    if (stage.words.length > 0 || stage.redirects.length > 0) pipeline.push(stage);
    stage = { words: [], redirects: [] };
  };
  const endCommand = () => {
    endStage();
    if (pipeline.length > 0) commands.push(pipeline);
    pipeline = [];
  };
  const addWord = (w: ShellWord) => {
    if (pendingRedirect !== null) {
      stage.redirects.push({ op: pendingRedirect, target: w });
      pendingRedirect = null;
    } else stage.words.push(w);
  };
  let p = 0;
  while (p < line.length) {
    const c = line[p]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      p++;
      continue;
    }
    if (c === '#') break;
    const op = OPERATORS.find((o) => line.startsWith(o, p));
    if (op) {
      if (op === '|') endStage();
      else if (op === '(' || op === ')' || op === '&') complex = true;
      else endCommand();
      p += op.length;
      continue;
    }
    const redirect = REDIRECT.exec(line.slice(p));
    if (redirect) {
      p += redirect[0].length;
      if (/&$/.test(redirect[0]) && /^[0-9-]/.test(line.slice(p))) {
        // 2>&1, >&2: a duplication, no file
        while (p < line.length && /[0-9-]/.test(line[p]!)) p++;
        stage.redirects.push({ op: redirect[0], target: null });
      } else pendingRedirect = redirect[0];
      continue;
    }
    const [word, next] = readWord(line, p);
    addWord(word);
    p = next;
  }
  if (pendingRedirect !== null) complex = true;
  endCommand();
  return { commands, complex };
}

function readWord(line: string, start: number): [ShellWord, number] {
  let text = '';
  let dynamic = false;
  let p = start;
  while (p < line.length) {
    const c = line[p]!;
    if (/[\s;&|()<>]/.test(c)) break;
    if (c === "'") {
      const end = line.indexOf("'", p + 1);
      if (end < 0) return [{ text: text + line.slice(p + 1), dynamic: true }, line.length];
      text += line.slice(p + 1, end);
      p = end + 1;
    } else if (c === '"') {
      p++;
      while (p < line.length && line[p] !== '"') {
        if (line[p] === '\\' && p + 1 < line.length) p++;
        if (line[p] === '$' || line[p] === '`') dynamic = true;
        text += line[p];
        p++;
      }
      p++;
    } else if (c === '\\' && p + 1 < line.length) {
      text += line[p + 1];
      p += 2;
    } else {
      if (/[$`*?[]/.test(c) || (c === '~' && p === start)) dynamic = true;
      text += c;
      p++;
    }
  }
  return [{ text, dynamic }, p];
}
