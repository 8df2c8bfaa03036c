/**
 * Why `name` is not a valid git ref name (git check-ref-format
 * --allow-onelevel rules, plus no leading '-'), or undefined when it is.
 */
export function refNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return "it starts with '-'";
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (/[ ~^:?*[\\]/.test(name)) return "it contains a space or one of ~ ^ : ? * [ \\";
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  if (name === '@') return "it is '@'";
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return "it has an empty component ('/' at an end or '//')";
  if (name.endsWith('.')) return "it ends with '.'";
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return "a component starts with '.'";
    if (part.endsWith('.lock')) return "a component ends with '.lock'";
  }
  return undefined;
}
