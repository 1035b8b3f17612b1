/**
 * The real CLI as a child process the test can signal: wait for a line of its output, send
 * SIGINT / SIGKILL, and collect its exit code and output. (test/cli/run-cli.ts waits for the end.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when a line of stdout or stderr matches (rejects after `timeoutMs` or on exit). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Exit code (128 + n for a signal n that killed it) and the whole output. */
  readonly exited: Promise<{ code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function spawnCli(args: readonly string[], env: Record<string, string | undefined>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of watchers) watcher();
  };
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
    notify();
  });
  const exited = new Promise<{ code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done) => {
      child.on('close', (code, signal) => {
        notify();
        done({ code: code ?? -1, signal, stdout, stderr });
      });
    },
  );
  let closed = false;
  void exited.then(() => {
    closed = true;
    notify();
  });
  return {
    child,
    pid: child.pid ?? 0,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolveLine, reject) => {
        const check = () => {
          const line = `${stdout}\n${stderr}`.split('\n').find((candidate) => pattern.test(candidate));
          if (line !== undefined) finish(() => resolveLine(line));
          else if (closed) finish(() => reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`)));
        };
        const timer = setTimeout(
          () =>
            finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          watchers.delete(check);
          settle();
        };
        watchers.add(check);
        check();
      });
    },
  };
}
