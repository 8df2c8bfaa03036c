/** One file's part of a diff, as read from the text. */
export interface DiffSection {
  /** 'git' for 'diff --git', 'command' for 'diff -up …' / 'diff -Naur …', 'plain' for bare '---'/'+++' or 'Index:'. */
  style: 'git' | 'command' | 'plain';
  oldPath: string | null;
  newPath: string | null;
  /** git rename / copy headers (names without prefixes, as git writes them). */
  rename?: { from: string; to: string; copy: boolean };
  binary: boolean;
  /** How many removed and added lines its hunks hold (a "\ No newline" marker counts as one of the side it follows). */
  removedLines: number;
  addedLines: number;
  /** [start, end) offsets of its hunks in the scanned text (eachChangedLine reads them again); null without hunks. */
  hunkSpan: [number, number] | null;
  /** 'GIT binary patch' data lines. */
  binaryData: string[];
  hunks: number;
}

export interface ScannedDiff {
  sections: DiffSection[];
  /** Offset just after the last line that belongs to a file section; what follows is trailing text. */
  end: number;
}
