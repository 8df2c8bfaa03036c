import type { Evaluation } from './evaluate.js';
import { hasFlag, optValue, parseNumber, parseOptions, splitWords, type ParsedOptions } from './prep-args.js';
import type { PrepSetup } from './types.js';

/** %setup options (rpm 4.18 doSetupMacro) and %autosetup options (its macro definition). */
const SETUP_OPTS = 'a:b:cDn:Tq';
const AUTOSETUP_OPTS = 'a:b:cDn:TvNS:p:';

export interface SetupParse {
  setup: PrepSetup;
  options: ParsedOptions;
}

/** Parse a %setup or %autosetup line, expanding its arguments with the spec's macros. */
export function parseSetup(ev: Evaluation, line: number, macro: 'setup' | 'autosetup'): SetupParse {
  const text = ev.s.texts[line]!.replace(/^[ \t]*%(?:auto)?setup/, '');
  const { value, unresolved } = ev.expand(text, line);
  const options = parseOptions(splitWords(value), macro === 'setup' ? SETUP_OPTS : AUTOSETUP_OPTS);
  const extraSources: PrepSetup['extraSources'] = [];
  for (const o of options.opts) {
    if (o.letter !== 'a' && o.letter !== 'b') continue;
    const n = parseNumber(o.value);
    if (n !== null) extraSources.push({ number: n, mode: o.letter });
  }
  const named = optValue(options, 'n');
  let dirName = named;
  const missing = [...unresolved];
  if (dirName === undefined) {
    const d = ev.expand('%{name}-%{version}', line);
    dirName = d.value;
    missing.push(...d.unresolved);
  }
  const setup: PrepSetup = {
    line,
    macro,
    dirName,
    createDir: hasFlag(options, 'c'),
    extraSources,
    noMainSource: hasFlag(options, 'T'),
    keepDir: hasFlag(options, 'D'),
    unresolved: [...new Set(missing)],
    active: ev.active(line),
  };
  if (macro === 'autosetup') {
    const strip = parseNumber(optValue(options, 'p'));
    if (strip !== null) setup.strip = strip;
    const scm = optValue(options, 'S');
    if (scm !== undefined) setup.scm = scm;
    if (hasFlag(options, 'N')) setup.noPatches = true;
  }
  return { setup, options };
}
