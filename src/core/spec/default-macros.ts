import type { MacroDef } from './macro-expand.js';

/**
 * The few macros rpm 4.18 itself defines that specs commonly test
 * (/usr/lib/rpm/macros: arch groups) plus the target macros from the context.
 * Distribution macros (%{rhel}, %{dist}, %{valgrind_arches}, …) are NOT here:
 * they come from the context's defines, or stay unknown.
 */
const ARCH_GROUPS: Record<string, string> = {
  ix86: 'i386 i486 i586 i686 pentium3 pentium4 athlon geode',
  arm32: 'armv3l armv4b armv4l armv4tl armv5tl armv5tel armv5tejl armv6l armv6hl armv7l armv7hl armv7hnl armv8l armv8hl armv8hnl armv8hcnl',
  arm: '%{arm32}',
  arm64: 'aarch64',
  mips32: 'mips mipsel mipsr6 mipsr6el',
  mips64: 'mips64 mips64el mips64r6 mips64r6el',
  mipseb: 'mips mipsr6 mips64 mips64r6',
  mipsel: 'mipsel mipsr6el mips64el mips64r6el',
  mips: '%{mips32} %{mips64}',
  sparc: 'sparc sparcv8 sparcv9 sparcv9v sparc64 sparc64v',
  alpha: 'alpha alphaev56 alphaev6 alphaev67',
  power64: 'ppc64 ppc64p7 ppc64le',
  riscv32: 'riscv32',
  riscv64: 'riscv64',
  riscv128: 'riscv128',
  riscv: '%{riscv32} %{riscv64} %{riscv128}',
  loongarch64: 'loongarch64',
};

export const DEFAULT_ARCH = 'x86_64';

export function defaultMacro(name: string, arch: string, os: string): MacroDef | undefined {
  const group = ARCH_GROUPS[name];
  if (group !== undefined) return { body: group, parametric: false };
  switch (name) {
    case '_target_cpu':
    case '_arch':
    case '_target_arch':
      return { body: arch, parametric: false };
    case '_target_os':
    case '_os':
      return { body: os, parametric: false };
    default:
      return undefined;
  }
}
