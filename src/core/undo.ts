/**
 * Writes a change made before it failed, and how they were undone. A handler that writes in
 * several steps (a replace, a flow rebuild) records each write and its undo; on a failure it
 * undoes what it can in reverse and throws a `FailedWithWrites`, so the report counts every
 * write that happened (deletes and restores included), never "0 applied" after a delete.
 */

export interface UndoStep {
  /** What the undo does, for the report: `restored identity provider "corp" with 2 mappers`. */
  description: string;
  run: () => Promise<void>;
}

export class FailedWithWrites extends Error {
  constructor(
    message: string,
    /** Every write made, in order: the change's own and the undo's. */
    readonly writes: readonly string[],
    /** Whether every write was undone (the object is as it was before the change). */
    readonly undone: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FailedWithWrites';
  }
}

/** A journal of one change's writes and their undos. */
export class WriteJournal {
  private readonly done: string[] = [];
  private readonly undos: UndoStep[] = [];
  private committed = false;

  /** Records a write that happened; `undo` (if any) reverts it. */
  wrote(description: string, undo?: UndoStep): void {
    this.done.push(description);
    if (undo) this.undos.push(undo);
  }

  /** Past this point the change goes forward only (e.g. after the old object is deleted). */
  commit(): void {
    this.committed = true;
    this.undos.length = 0;
  }

  get writes(): readonly string[] {
    return this.done;
  }

  /**
   * Undoes the recorded writes in reverse and returns the error to throw: the original failure,
   * what was written and undone, and what could not be undone.
   */
  async rollBack(failure: unknown): Promise<Error> {
    const reason = failure instanceof Error ? failure.message : String(failure);
    if (this.done.length === 0) return failure instanceof Error ? failure : new Error(reason);
    const problems: string[] = [];
    for (const step of [...this.undos].reverse()) {
      try {
        await step.run();
        this.done.push(step.description);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        problems.push(`undo failed (${step.description}): ${message}`);
      }
    }
    this.undos.length = 0;
    const undone = problems.length === 0 && !this.committed;
    const summary = this.committed
      ? `${reason}. Partly applied: ${this.done.length} write(s) (${this.done.join('; ')}); run apply again to finish`
      : undone
        ? `${reason}. Undone: ${this.done.length} write(s) made and reverted (${this.done.join('; ')})`
        : `${reason}. NOT fully undone: ${this.done.length} write(s) (${this.done.join('; ')}); ${problems.join('; ')}`;
    return new FailedWithWrites(summary, [...this.done], undone, { cause: failure });
  }
}
