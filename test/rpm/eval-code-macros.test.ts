import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeMacrosOf, parseSpec } from '../../src/core/spec/index.js';
import { evalCodeMacros, probeSandbox, type RpmSandbox } from '../../src/rpm/index.js';
import { rejectionOf, tempDirs } from '../git/helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());

const HEAD = 'Name: t\nRelease: 1\nSummary: t\nLicense: MIT\n';
const TAIL = '%description\nt\n';

/** Evaluate every %(…) / %{lua:…} distsync sends of a spec text in the sandbox, keyed as distsync meets them. */
async function evalSpec(sandbox: RpmSandbox, spec: string, repoDir?: string): Promise<Record<string, string>> {
  const found = codeMacrosOf(parseSpec(spec, 't.spec'));
  const values = await evalCodeMacros(sandbox, { specText: spec, specPath: 't.spec', texts: found.sent, ...(repoDir ? { repoDir, sourceSubdir: '' } : {}) });
  return Object.fromEntries(found.sent.map((t) => [t, values[t]!]));
}

/** Pids of the processes whose argv is exactly `argv` (this machine's whole /proc). */
function processesRunning(...argv: string[]): string[] {
  const want = argv.join('\0') + '\0';
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8') === want;
    } catch {
      return false;
    }
  });
}

const marker = () => `distsync-${randomBytes(6).toString('hex')}`;

describe('evalCodeMacros: real rpmspec in bubblewrap', () => {
  let sandbox: RpmSandbox;
  beforeAll(async () => {
    // small limits so the hostile cases end fast
    sandbox = await probeSandbox({ limits: { timeoutMs: 4000, memoryBytes: 256 * 1024 * 1024, cpuSeconds: 3, outputBytes: 64 * 1024 } });
  });

  it("gives rpm's values: %(…) with bash syntax (/bin/sh is bash inside, as on EL), %{lua:…}, macros of the spec", async () => {
    const spec = `%global commit 0123456789abcdef\n%global short %(c=%{commit}; echo \${c:0:7})\n${HEAD}Version: %(echo 1.2.3)\nSource0: t-%{lua: print("lu" .. "a")}.tar.gz\n${TAIL}`;
    expect(await evalSpec(sandbox, spec)).toEqual({
      '%(c=%{commit}; echo ${c:0:7})': '0123456',
      '%(echo 1.2.3)': '1.2.3',
      '%{lua: print("lu" .. "a")}': 'lua',
    });
  });

  it("multi-line %global/%define bodies: rpm's own values (those `rpmspec --parse` prints for the same spec), newlines and all", async () => {
    const spec =
      `%global upper %(echo 1.2 | \\\n  tr . _)\n` +
      `%global two %(printf '%s|' a\n  echo b)\n` +
      `%global quoted %(printf '[%s]' 'x\\\ny')\n` +
      `%define l %{lua:\nlocal v = "lu" .. "a"\nprint(v .. "-" .. rpm.expand("%{upper}") .. "{q}")\n}\n` +
      `%global esc %(printf '%s' 'a\\\\tb')\n` +
      `${HEAD}Version: 1\n${TAIL}`;
    // rpmspec --parse of this spec with `<%{upper}> <%{two}> <%{quoted}> <%{l}> <%{esc}>` in %description prints
    // `<1_2> <a|b> <[x\ny]> <lua-1_2{q}> <a\tb>`: a body keeps the newline, drops every backslash (and keeps what follows it)
    expect(await evalSpec(sandbox, spec)).toEqual({
      '%(echo 1.2 | \n  tr . _)': '1_2',
      "%(printf '%s|' a\n  echo b)": 'a|b',
      "%(printf '[%s]' 'x\ny')": '[x\ny]',
      '%{lua:\nlocal v = "lu" .. "a"\nprint(v .. "-" .. rpm.expand("%{upper}") .. "{q}")\n}': 'lua-1_2{q}',
      // keyed as rpm stores the body (and as distsync's expander now meets it): without the escaping backslash
      "%(printf '%s' 'a\\tb')": 'a\\tb',
    });
  });

  it('no network: a listener on 127.0.0.1 sees nothing (curl and bash /dev/tcp)', async () => {
    let connections = 0;
    const server: Server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      // the same commands reach the listener from outside the sandbox
      const spec = `${HEAD}Version: 1\n%global a %(curl -s -m 2 http://127.0.0.1:${port}/ >/dev/null 2>&1 && echo reached || echo blocked)\n%global b %(echo hi 2>/dev/null > /dev/tcp/127.0.0.1/${port} && echo reached || echo blocked)\n${TAIL}`;
      const v = await evalSpec(sandbox, spec);
      expect(Object.values(v)).toEqual(['blocked', 'blocked']);
      expect(connections).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('nothing outside is written or read: private /tmp and HOME, read-only checkout, no host /etc or home', async () => {
    const outside = tmp.make('eval-outside');
    const repo = tmp.make('eval-repo');
    writeFileSync(join(repo, 'VERSION'), '4.5.6\n');
    const spec =
      `${HEAD}Version: %(cat %{_sourcedir}/VERSION)\n` +
      `%global w1 %(touch ${outside}/escaped 2>/dev/null && echo wrote || echo refused)\n` +
      `%global w2 %(cat /etc/hostname > ${outside}/hostname 2>/dev/null && echo wrote || echo refused)\n` +
      `%global w3 %(touch %{_sourcedir}/pwned 2>/dev/null && echo wrote || echo refused)\n` +
      `%global w4 %(echo x > /tmp/x && cat /tmp/x; echo $HOME)\n` +
      `%global r1 %(ls /root /home 2>&1 | head -c 0; test -e /etc/hostname && echo seen || echo unseen)\n${TAIL}`;
    const hostTmpX = () => (existsSync('/tmp/x') ? ((st) => `${st.mode} ${st.size} ${st.mtimeMs}`)(lstatSync('/tmp/x')) : null);
    const before = hostTmpX();
    const v = await evalSpec(sandbox, `${spec}%global w5 %(cat /etc/hostname > /tmp/x; echo done)\n`, repo);
    expect(Object.values(v)).toEqual(['4.5.6', 'refused', 'refused', 'refused', 'x\n/tmp/home', 'unseen', 'done']);
    expect(hostTmpX()).toBe(before); // the sandbox's /tmp/x was its own tmpfs
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(repo, 'pwned'))).toBe(false);
  });

  it('an endless %(yes …): stopped by a limit, the error says which; nothing left running', async () => {
    const mark = marker();
    const e = await rejectionOf(evalSpec(sandbox, `${HEAD}Version: %(yes ${mark})\n${TAIL}`));
    expect(e.code).toBe('rpm-eval-failed');
    expect(e.message).toMatch(/^--eval-with-rpm: rpmspec in the sandbox (did not finish within 4 s|printed more than|failed \(exit code .*memory limit 268435456 bytes, CPU limit 3 s\))/);
    expect(e.message).toContain('t.spec');
    expect(processesRunning('yes', mark)).toEqual([]);
  });

  it('a hanging %(…) with background children: killed at the wall-clock limit, with all its processes', async () => {
    const secs = `${1000 + (randomBytes(2).readUInt16BE() % 9000)}.${randomBytes(2).readUInt16BE()}`;
    const started = Date.now();
    const e = await rejectionOf(evalSpec(sandbox, `${HEAD}Version: %(sleep ${secs} & sleep ${secs} & sleep ${secs})\n${TAIL}`));
    expect(e.code).toBe('rpm-eval-failed');
    expect(e.message).toContain('did not finish within 4 s (wall-clock limit; killed)');
    expect(Date.now() - started).toBeLessThan(8000);
    await new Promise((r) => setTimeout(r, 300));
    expect(processesRunning('sleep', secs)).toEqual([]);
  });

  it('bwrap missing: a clear error naming the package to install', async () => {
    const e = await rejectionOf(probeSandbox({ pathEnv: '/nonexistent-dir' }));
    expect(e.code).toBe('sandbox-missing');
    expect(e.format()).toContain('apt-get install -y bubblewrap');
    expect(e.format()).toContain('dnf install -y bubblewrap');
  });
});
