import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/app/commands/parse-command.js';

describe('parseCommand', () => {
  it('finds the command on its own line anywhere in the comment', () => {
    expect(parseCommand('/distsync merge')).toEqual({ kind: 'command', command: { name: 'merge' } });
    expect(parseCommand('Thanks!\r\n  /distsync sync-back  \nbye')).toEqual({ kind: 'command', command: { name: 'sync-back' } });
    expect(parseCommand('/distsync propose-downstream --version 1.2.3~rc1')).toEqual({ kind: 'command', command: { name: 'propose-downstream', version: '1.2.3~rc1' } });
  });
  it('ignores comments that only mention it', () => {
    expect(parseCommand('run /distsync merge please')).toEqual({ kind: 'none' });
    expect(parseCommand('/distsyncmerge')).toEqual({ kind: 'none' });
    expect(parseCommand('')).toEqual({ kind: 'none' });
  });
  it('refuses extra arguments, unknown words, shell syntax and long lines', () => {
    expect(parseCommand('/distsync merge now')).toEqual({ kind: 'invalid', reason: '`merge` takes no arguments' });
    expect(parseCommand('/distsync')).toEqual({ kind: 'invalid', reason: 'no command given' });
    expect(parseCommand('/distsync $(reboot)')).toEqual({ kind: 'invalid', reason: 'unknown command `??reboot?`' });
    expect(parseCommand('/distsync propose-downstream --version $(id)').kind).toBe('invalid');
    expect(parseCommand('/distsync propose-downstream --version 1 2').kind).toBe('invalid');
    expect(parseCommand(`/distsync help ${'a'.repeat(300)}`)).toEqual({ kind: 'invalid', reason: 'the command line is longer than 200 characters' });
  });
  it('scans only the first 10,000 characters of a huge comment', () => {
    expect(parseCommand(`${'x\n'.repeat(6_000)}/distsync help`)).toEqual({ kind: 'none' });
    expect(parseCommand(`/distsync help\n${'y'.repeat(1_000_000)}`)).toEqual({ kind: 'command', command: { name: 'help' } });
  });
});
