/**
 * Ctrl-C and SIGTERM during a run that writes: the first signal stops new writes (the applier
 * checks the signal before each change), lets the ones in flight finish, and the command then
 * prints its report and releases its lock; the exit code is 130 (SIGINT) or 143 (SIGTERM). A
 * second signal exits at once, leaving the lock for force-unlock or its expiry.
 */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Trapped = keyof typeof EXIT_CODES;

export interface Interruption {
  readonly signal: AbortSignal;
  /** 130 or 143 once interrupted. */
  readonly exitCode: number | undefined;
  /** Restores the default handling of both signals. */
  dispose(): void;
}

export function trapInterrupts(
  onFirst: (signal: Trapped) => void,
  onSecond: (signal: Trapped) => void,
): Interruption {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const handler = (signal: Trapped) => {
    if (exitCode === undefined) {
      exitCode = EXIT_CODES[signal];
      onFirst(signal);
      controller.abort(new Error(`interrupted by ${signal}`));
      return;
    }
    onSecond(signal);
    process.exit(exitCode);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
