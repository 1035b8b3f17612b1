/**
 * One live progress line on a terminal's stderr: what the run is doing (reading, applying,
 * checking convergence, exporting), how far it is, how many requests it sent and for how long.
 * It is redrawn at least every second, so a terminal is never silent for long; when stderr is
 * not a terminal nothing of it is written (piped output and CI logs stay clean; `--json` gives
 * the same information as NDJSON events).
 */
import type { ApplyEvent } from '../applier/events.js';
import { plural } from '../core/plural.js';
import type { Action, Plan, PlanSummary } from '../planner/plan.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

const CLEAR = '\r\u001b[2K';

/** The live line on screen, if any: other stderr lines are printed above it. */
let active: LiveLine | undefined;

/** A line for stderr that does not tear the live progress line (retry notices, warnings). */
export function printError(line: string): void {
  if (active) active.log(line);
  else console.error(line);
}

/** A single status line that is redrawn in place, and cleared before anything else is printed. */
export class LiveLine {
  private shown = false;
  private lastDraw = 0;
  private pending: NodeJS.Timeout | undefined;
  private readonly ticker: NodeJS.Timeout | undefined;
  readonly enabled: boolean;

  constructor(
    private readonly stream: ProgressStream,
    private readonly text: () => string | undefined,
    tickMs = 1000,
  ) {
    this.enabled = Boolean(stream.isTTY);
    if (this.enabled) {
      active = this;
      this.ticker = setInterval(() => this.draw(), tickMs);
      this.ticker.unref();
    }
  }

  /** Redraw soon (at most ten times a second). */
  update(): void {
    if (!this.enabled || this.pending) return;
    const wait = Math.max(0, 100 - (Date.now() - this.lastDraw));
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.draw();
    }, wait);
    this.pending.unref();
  }

  /** Prints a permanent line (a failure, a warning) above the live line. */
  log(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
    this.draw();
  }

  /** Removes the line (before stdout output, a prompt, or the end). */
  clear(): void {
    if (this.shown) this.stream.write(CLEAR);
    this.shown = false;
  }

  stop(): void {
    if (active === this) active = undefined;
    if (this.ticker) clearInterval(this.ticker);
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    this.clear();
  }

  private draw(): void {
    if (!this.enabled) return;
    const text = this.text();
    this.lastDraw = Date.now();
    if (text === undefined) {
      this.clear();
      return;
    }
    // One terminal row: a wrapped line could not be redrawn in place.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.stream.write(`${CLEAR}${fitted}`);
    this.shown = true;
  }
}

type Phase =
  | { name: 'reading'; realms: Set<string>; objects: Map<string, number> }
  | { name: 'applying'; realm: string; dryRun: boolean }
  | { name: 'converging'; realm: string; objects?: number }
  | { name: 'exporting'; realm: string; step: string }
  | { name: 'task'; label: string };

const PRESENT: Readonly<Record<string, string>> = {
  create: 'creating',
  update: 'updating',
  delete: 'deleting',
  replace: 'replacing',
};

/** What the live line says, from the run's events and the connection's request counter. */
export class RunProgress {
  private phase: Phase | undefined;
  private phaseStarted = 0;
  private requestsAtStart = 0;
  private summaries = new Map<string, PlanSummary>();
  private readonly done = { add: 0, change: 0, destroy: 0 };
  private index = 0;
  private total = 0;
  private readonly running: { address: string; verb: string }[] = [];

  constructor(
    private readonly requests: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The plans being applied: their summaries are the totals the line counts towards. */
  setPlans(plans: readonly Plan[]): void {
    this.summaries = new Map(plans.map((plan) => [plan.realm, plan.summary]));
  }

  startExport(realm: string, step: string): void {
    if (this.phase?.name !== 'exporting') this.begin({ name: 'exporting', realm, step });
    else this.phase.step = step;
  }

  /** Any other long step, e.g. drift's look-up of who changed what. */
  startTask(label: string): void {
    this.begin({ name: 'task', label });
  }

  /** Nothing to show (between phases, e.g. while the plan is printed or a prompt waits). */
  idle(): void {
    this.phase = undefined;
  }

  onEvent(event: ApplyEvent): void {
    switch (event.type) {
      case 'read-start':
        if (this.phase?.name === 'reading') this.phase.realms.add(event.realm);
        else if (this.phase?.name !== 'converging' && this.phase?.name !== 'applying')
          this.begin({ name: 'reading', realms: new Set([event.realm]), objects: new Map() });
        return;
      case 'read-kind':
        if (this.phase?.name === 'reading')
          this.phase.objects.set(event.kind, (this.phase.objects.get(event.kind) ?? 0) + event.objects);
        return;
      case 'read-done':
        if (this.phase?.name === 'reading') {
          this.phase.realms.delete(event.realm);
          if (this.phase.realms.size === 0) this.idle();
        }
        return;
      case 'apply-start':
        this.begin({ name: 'applying', realm: event.realm, dryRun: event.dryRun });
        this.done.add = this.done.change = this.done.destroy = 0;
        this.index = 0;
        this.total = event.total;
        this.running.length = 0;
        return;
      case 'change-start':
        this.index = event.index;
        this.total = event.total;
        this.running.push({ address: event.address, verb: verbOf(event.actions) });
        return;
      case 'change-done':
        this.count(event.actions);
        this.finish(event.address);
        return;
      case 'change-failed':
        this.finish(event.address);
        return;
      case 'apply-done':
        this.idle();
        return;
      case 'converge-start':
        this.begin({
          name: 'converging',
          realm: event.realm,
          ...(event.objects !== undefined ? { objects: event.objects } : {}),
        });
        return;
      case 'converge-done':
        this.idle();
        return;
      default:
        return;
    }
  }

  /** The line to show, or undefined when idle. */
  text(): string | undefined {
    const phase = this.phase;
    if (!phase) return undefined;
    const tail = `${this.requests() - this.requestsAtStart} requests · ${Math.floor((this.now() - this.phaseStarted) / 1000)}s`;
    switch (phase.name) {
      case 'reading': {
        const realms = [...phase.realms];
        const what = realms.length === 1 ? `realm "${realms[0]}"` : `${realms.length} realms`;
        const kinds = [...phase.objects]
          .filter(([, count]) => count > 0)
          .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
          .map(([kind, count]) => `${kind} ${count}`);
        return `Reading ${what} · ${kinds.length ? `${kinds.join(', ')} · ` : ''}${tail}`;
      }
      case 'applying': {
        const summary = this.summaries.get(phase.realm);
        const current = this.running[this.running.length - 1];
        const doing = current
          ? `${current.verb} ${current.address}${
              this.running.length > 1 ? ` (+${this.running.length - 1} more)` : ''
            } · `
          : '';
        const totals = summary
          ? `added ${this.done.add}/${summary.add}, changed ${this.done.change}/${summary.change}, destroyed ${this.done.destroy}/${summary.destroy} · `
          : '';
        return `${phase.dryRun ? 'Dry run of' : 'Applying'} realm "${phase.realm}" ${this.index}/${this.total} · ${doing}${totals}${tail}`;
      }
      case 'converging':
        return `Checking that realm "${phase.realm}" converged (${
          phase.objects === undefined
            ? 'planning again'
            : `reading the ${plural(phase.objects, 'written object')} again`
        }) · ${tail}`;
      case 'exporting':
        return `Exporting realm "${phase.realm}" · ${phase.step} · ${tail}`;
      case 'task':
        return `${phase.label} · ${tail}`;
    }
  }

  private begin(phase: Phase): void {
    this.phase = phase;
    this.phaseStarted = this.now();
    this.requestsAtStart = this.requests();
  }

  private count(actions: readonly Action[]): void {
    const [first, second] = actions;
    if (first === 'create') this.done.add++;
    else if (first === 'update') this.done.change++;
    else if (first === 'delete') {
      this.done.destroy++;
      if (second === 'create') this.done.add++;
    }
  }

  private finish(address: string): void {
    const at = this.running.findIndex((entry) => entry.address === address);
    if (at >= 0) this.running.splice(at, 1);
  }
}

function verbOf(actions: readonly Action[]): string {
  const [first, second] = actions;
  const action = first === 'delete' && second === 'create' ? 'replace' : (first ?? 'update');
  return PRESENT[action] ?? action;
}

/** A run's progress on stderr: the live line on a terminal, nothing otherwise. */
export function terminalProgress(
  requests: () => number,
  stream: ProgressStream = process.stderr,
): { progress: RunProgress; line: LiveLine } {
  const progress = new RunProgress(requests);
  const line = new LiveLine(stream, () => progress.text());
  return { progress, line };
}
