/**
 * Runs the CLI's own entry (`main` of src/cli/program.ts, what src/cli/main.ts calls) in this
 * process, capturing what it prints and its exit code: the same code path as `realmform …` at a
 * shell, without starting Node and compiling TypeScript again for each of hundreds of runs. The
 * corpus test checks a few cases through a real child process too, to show the two agree.
 */
import { format } from 'node:util';
import { main } from '../../src/cli/program.js';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One run at a time: the captured streams and `process.exitCode` are process-wide. */
let queue: Promise<unknown> = Promise.resolve();

export function runInProcess(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<CapturedRun> {
  const run = queue.then(() => capture(argv, env));
  queue = run.catch(() => undefined);
  return run;
}

async function capture(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    out: process.stdout.write,
    err: process.stderr.write,
    exitCode: process.exitCode,
    env: Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]])),
  };
  const toOut = (...args: unknown[]) => {
    stdout += `${format(...args)}\n`;
  };
  const toErr = (...args: unknown[]) => {
    stderr += `${format(...args)}\n`;
  };
  console.log = toOut;
  console.info = toOut;
  console.warn = toErr;
  console.error = toErr;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.exitCode = undefined;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } catch (error) {
    // `main` never throws for bad input; if it does, that is what the corpus must show.
    return { code: -1, stdout, stderr: `${stderr}UNCAUGHT ${format(error)}\n` };
  } finally {
    console.log = saved.log;
    console.info = saved.info;
    console.warn = saved.warn;
    console.error = saved.error;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
    for (const [key, value] of Object.entries(saved.env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
