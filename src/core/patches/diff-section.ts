/** One file's part of a diff, as read from the text. */
export interface DiffSection {
  /** 'git' for 'diff --git', 'command' for 'diff -up …' / 'diff -Naur …', 'plain' for bare '---'/'+++' or 'Index:'. */
  style: 'git' | 'command' | 'plain';
  oldPath: string | null;
  newPath: string | null;
  /** git rename / copy headers (names without prefixes, as git writes them). */
  rename?: { from: string; to: string; copy: boolean };
  binary: boolean;
  /** Removed and added lines in order, without the marker, '\r' kept; a following "\ No newline" adds '\\'. */
  removed: string[];
  added: string[];
  /** 'GIT binary patch' data lines. */
  binaryData: string[];
  hunks: number;
}

export interface ScannedDiff {
  sections: DiffSection[];
  /** Offset just after the last line that belongs to a file section; what follows is trailing text. */
  end: number;
}
