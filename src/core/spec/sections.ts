/**
 * Section headers, as rpm 4.18 recognises them (build/parseSpec.c isPart):
 * at column 0, case-insensitive, followed by the end of the line or blank.
 */
const PARTS = [
  'package',
  'prep',
  'generate_buildrequires',
  'conf',
  'build',
  'install',
  'check',
  'clean',
  'preun',
  'postun',
  'pretrans',
  'posttrans',
  'preuntrans',
  'postuntrans',
  'pre',
  'post',
  'files',
  'changelog',
  'description',
  'triggerpostun',
  'triggerprein',
  'triggerun',
  'triggerin',
  'trigger',
  'verifyscript',
  'sepolicy',
  'filetriggerin',
  'filetrigger',
  'filetriggerun',
  'filetriggerpostun',
  'transfiletriggerin',
  'transfiletrigger',
  'transfiletriggerun',
  'transfiletriggerpostun',
  'end',
  'patchlist',
  'sourcelist',
] as const;

export type SectionKind = 'preamble' | (typeof PARTS)[number];

const PART_SET: ReadonlySet<string> = new Set(PARTS);

export interface Section {
  kind: SectionKind;
  /** Header line, -1 for the main preamble. */
  header: number;
  /** Text after the section name on the header line, trimmed ('-n libfoo', 'devel'). */
  args: string;
  /** First body line (header + 1, or 0). */
  start: number;
  /** One past the last body line. */
  end: number;
}

/** The section a header line opens, or null. */
export function sectionHeaderKind(text: string): SectionKind | null {
  if (text.charCodeAt(0) !== 37 /* % */) return null;
  const m = /^%([A-Za-z_]+)(?:[ \t\r\n\v\f]|$)/.exec(text);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  return PART_SET.has(name) ? (name as SectionKind) : null;
}

/** Sections in order; sections may only contain preamble tags when kind is preamble/package. */
export function computeSections(texts: readonly string[], isStatementLine: (i: number) => boolean): {
  sections: Section[];
  sectionOf: Int32Array;
} {
  const sections: Section[] = [{ kind: 'preamble', header: -1, args: '', start: 0, end: texts.length }];
  const sectionOf = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const kind = isStatementLine(i) ? sectionHeaderKind(text) : null;
    if (kind) {
      sections[sections.length - 1]!.end = i;
      sections.push({ kind, header: i, args: text.slice(kind.length + 1).trim(), start: i + 1, end: texts.length });
    }
    sectionOf[i] = sections.length - 1;
  }
  return { sections, sectionOf };
}

export function allowsTags(kind: SectionKind): boolean {
  return kind === 'preamble' || kind === 'package';
}
