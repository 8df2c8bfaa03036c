import type { PrepPatchStep } from './types.js';

/** A %patch line for patch n in the style of an existing one (%patchN / %patch -P N / %patch -PN / %patch N). */
export function formatPatchLine(style: PrepPatchStep, styleText: string, n: number, strip: number | undefined): string {
  let head: string;
  if (style.style === 'patch-P') head = /-P\d/.test(styleText) ? `%patch -P${n}` : `%patch -P ${n}`;
  else if (style.style === 'patch-arg') head = `%patch ${n}`;
  else head = `%patch${n}`;
  return strip === undefined ? head : `${head} -p${strip}`;
}

/** Words of a %patch line's arguments with their offsets in the line. */
function wordsAt(text: string, from: number): { w: string; start: number; end: number }[] {
  const out: { w: string; start: number; end: number }[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

const TAKES_ARG = new Set(['P', 'p', 'b', 'z', 'F', 'd', 'o']);

/**
 * Take patch number n out of a %patch line that applies several patches.
 * Returns the new text, or null when n is the only patch of the line (remove the line).
 */
export function dropPatchNumber(text: string, n: number): string | null {
  const numbered = /^%patch(\d+)/.exec(text);
  const words = wordsAt(text, numbered ? numbered[0].length : '%patch'.length);
  const nums: { value: string; cut: [number, number] }[] = [];
  if (numbered) nums.push({ value: numbered[1]!, cut: [6, numbered[0].length] });
  for (let i = 0; i < words.length; i++) {
    const { w, start, end } = words[i]!;
    if (!w.startsWith('-')) {
      nums.push({ value: w, cut: [start, end] });
      continue;
    }
    const letter = w[1];
    if (letter === undefined || !TAKES_ARG.has(letter)) continue;
    if (w.length > 2) {
      if (letter === 'P') nums.push({ value: w.slice(2), cut: [start, end] });
    } else if (i + 1 < words.length) {
      const next = words[++i]!;
      if (letter === 'P') nums.push({ value: next.w, cut: [start, next.end] });
    }
  }
  if (nums.length === 0) return n === 0 ? null : text; // bare %patch = patch 0
  const mine = nums.filter((x) => /^\d+$/.test(x.value) && Number(x.value) === n);
  if (mine.length === 0) return text;
  if (mine.length === nums.length) return null;
  let out = text;
  for (const x of [...mine].reverse()) {
    const [a, b] = x.cut;
    if (numbered && a === 6) {
      out = out.slice(0, a) + out.slice(b);
      continue;
    }
    let s = a;
    while (s > 0 && (out[s - 1] === ' ' || out[s - 1] === '\t')) s--;
    out = out.slice(0, s) + out.slice(b);
  }
  return out;
}
