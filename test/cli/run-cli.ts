import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the real CLI entry point (TypeScript through tsx) as a child process without a TTY. */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  onStderr: (textSoFar: string) => void = () => {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      onStderr(stderr);
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs the CLI with a pseudo-terminal for stdout and stderr (util-linux `script`), as a person
 * at a terminal would: what is printed there, stdout and stderr interleaved.
 */
export function runCliInTerminal(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', resolve(ROOT, 'src/cli/main.ts'), ...args]
    .map(quote)
    .join(' ');
  // A terminal of 200 columns (a pseudo-terminal starts with none).
  return new Promise((done, fail) => {
    const child = spawn('script', ['-qec', `stty cols 200 rows 50; ${command}`, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
