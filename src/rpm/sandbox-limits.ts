/** Resource limits of one sandboxed rpm run (`--eval-with-rpm`). */
export interface SandboxLimits {
  /** Wall clock; the whole process group is killed after it. */
  timeoutMs: number;
  /** Address space of rpm and every child (prlimit --as). */
  memoryBytes: number;
  /** CPU seconds per process (prlimit --cpu). */
  cpuSeconds: number;
  /** Largest file a process may write (prlimit --fsize); /tmp is a tmpfs of tmpBytes. */
  fileBytes: number;
  tmpBytes: number;
  /** Processes of the sandbox user (prlimit --nproc; not enforced when distsync runs as root). */
  processes: number;
  /** stdout kept; rpm is killed beyond it. */
  outputBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  timeoutMs: 20_000,
  memoryBytes: 1024 * 1024 * 1024,
  cpuSeconds: 10,
  fileBytes: 16 * 1024 * 1024,
  tmpBytes: 64 * 1024 * 1024,
  processes: 256,
  outputBytes: 1024 * 1024,
};
