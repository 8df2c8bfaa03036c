import { parsePatch } from './parse-patch.js';

/** How a %prep step's -p level was decided (the part of PrepPatchStep this needs). */
export interface StripOfStep {
  strip: number;
  /** 'basename': %autosetup/%autopatch without -p, so rpm runs GNU patch without -p. */
  stripMode: string;
}

/**
 * The -pN of one patch file as rpm applies it. Without -p (rpm's bare
 * %autopatch / %autosetup), GNU patch looks every file up by its base name;
 * that is -pN when each path in the patch has N directories in front of its
 * name (tmux's `a/format.c` → -p1, `format.c` → -p0). When the depths differ,
 * or the file is not a patch we can read, no -pN does the same: the step's
 * own level is kept and applying reports the failure.
 */
export function stripOfPatch(step: StripOfStep, text: string): number {
  if (step.stripMode !== 'basename') return step.strip;
  return basenameStrip(text) ?? step.strip;
}

/** The one directory depth of every path the patch names, or null. */
export function basenameStrip(text: string): number | null {
  let paths: string[];
  try {
    paths = parsePatch(text).files.flatMap((f) => [f.oldPath, f.newPath]).filter((p): p is string => p !== null && p !== '/dev/null');
  } catch {
    return null;
  }
  const depths = new Set(paths.map((p) => p.split('/').filter((part) => part !== '').length - 1));
  return depths.size === 1 ? [...depths][0]! : null;
}
