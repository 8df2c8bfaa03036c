import type { MacroDef } from './macro-expand.js';

export type MacroState = MacroDef | undefined | 'uncertain';

/**
 * Every definition of every macro, in line order, so a lookup can ask "what
 * did %foo mean just before line L" in O(log n).
 */
export class MacroHistory {
  private readonly byName = new Map<string, { line: number; state: MacroState }[]>();

  /** Record a (re)definition at `line`; lines must be recorded in increasing order per name. */
  set(name: string, line: number, state: MacroState): void {
    const list = this.byName.get(name);
    if (list) list.push({ line, state });
    else this.byName.set(name, [{ line, state }]);
  }

  /** State before line `before` ('absent' when never defined before it). */
  get(name: string, before: number): MacroState | 'absent' {
    const list = this.byName.get(name);
    if (!list) return 'absent';
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.line < before) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 'absent' : list[found]!.state;
  }
}
