/**
 * Bash brace expansion of one word, as %prep lines use it to name files
 * (openldap: `mv servers/slapd/back-perl/README{,.back_perl}` → README and
 * README.back_perl). Only `{a,b,…}` lists (nested allowed); `${var}` and
 * `%{macro}` are left alone, as is a brace group without a comma. Pure.
 */
export function expandBraces(word: string): string[] {
  const group = firstGroup(word);
  if (!group) return [word];
  const head = word.slice(0, group.open);
  const tail = word.slice(group.close + 1);
  return group.alternatives.flatMap((alt) => expandBraces(`${head}${alt}${tail}`));
}

function firstGroup(word: string): { open: number; close: number; alternatives: string[] } | null {
  for (let open = word.indexOf('{'); open !== -1; open = word.indexOf('{', open + 1)) {
    if (open > 0 && (word[open - 1] === '$' || word[open - 1] === '%')) continue;
    let depth = 0;
    let start = open + 1;
    const alternatives: string[] = [];
    for (let k = open; k < word.length; k++) {
      const ch = word[k];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        alternatives.push(word.slice(start, k));
        if (alternatives.length > 1) return { open, close: k, alternatives };
        break;
      } else if (ch === ',' && depth === 1) {
        alternatives.push(word.slice(start, k));
        start = k + 1;
      }
    }
  }
  return null;
}
