import { Listr, type ListrTaskWrapper } from 'listr2';
import type { DeployEvent } from '../apply/events.js';
import type { ServiceProgress } from '../apply/convergence.js';
import type { WaitOutcome } from '../apply/wait.js';
import type { Plan } from '../plan/plan.js';
import { renderApplyEvent, secretFallbackText } from './apply-lines.js';

/** Where deploy progress goes: a listr2 tree on a terminal, plain timestamped lines otherwise, or nowhere (--quiet, --json). */
export interface ProgressSink {
  onEvent(event: DeployEvent): void;
  /** Ends the tree (services never started are shown as skipped). Safe to call twice. */
  finish(): Promise<void>;
}

export interface ProgressOptions {
  mode: 'tty' | 'plain' | 'quiet';
  colour: boolean;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** The clock used for plain lines (tests pass a fixed one). */
  now?: () => Date;
}

/** `web: updating 2/3`, `job: starting 0/2 (1 completed)`, `web: failed 0/2: image cannot be pulled …`. */
export function describeProgress(progress: ServiceProgress | WaitOutcome, final: boolean): string {
  const counts = `${progress.running}/${progress.desired}`;
  const completed = progress.completed !== undefined && progress.phase !== 'converged' ? ` (${progress.completed} completed)` : '';
  const time = final && 'elapsedMs' in progress ? ` (${(progress.elapsedMs / 1000).toFixed(1)}s)` : '';
  const why = progress.message && progress.phase !== 'converged' ? `: ${progress.message}` : '';
  const phase = progress.phase === 'rolled-back' ? 'rolled back by swarm' : progress.phase;
  return `${phase} ${counts}${completed}${time}${why}`;
}

/** The words of a warning event (apply's own, or a secret's fallback), or undefined for other events. */
function warningOf(event: DeployEvent): string | undefined {
  if (event.type === 'warning') return event.message;
  if (event.type === 'secret-fallback') return secretFallbackText(event.secret, event.fallback);
  if (event.type === 'optional-dependencies-failed') {
    return `${event.services.join(', ')} did not converge; the services that depend on it with required: false are deployed anyway`;
  }
  return undefined;
}

/** `12:00:01` in local time. */
export function clock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One plain line for an event, or undefined for events plain mode does not show. Pure. */
export function plainProgressLine(event: DeployEvent, now: Date): string | undefined {
  const at = clock(now);
  switch (event.type) {
    case 'service-progress': {
      const prefix = event.stage === 'rollback' ? 'rollback ' : '';
      return `${at} ${prefix}${event.progress.name}: ${describeProgress(event.progress, event.final)}`;
    }
    case 'lock-wait':
      return `${at} waiting for the deploy lock held by ${event.holder}`;
    case 'rollback-started':
      return `${at} rolling back ${event.services.length} service(s) to their previous specs: ${event.services.join(', ')}`;
    case 'interrupt-received':
      return `${at} ${event.signal ?? 'interrupt'}: starting nothing new, finishing what is in flight, then releasing the lock (a second signal exits at once)`;
    case 'replanned':
      return `${at} the stack changed after the plan was made (${event.reason}); planned again under the lock (attempt ${event.attempt} of ${event.attempts})`;
    case 'network-wait':
      return `${at} waiting for swarm to finish removing network(s) ${event.networks.join(', ')} of the removed stack before creating them again`;
    case 'change-failed':
      return `${at} ${event.message}`;
    case 'optional-dependencies-failed':
      return `${at} warning: ${warningOf(event)}`;
    default: {
      const line = renderApplyEvent(event);
      return line === undefined ? undefined : `${at} ${line}`;
    }
  }
}

/** A progress sink for a plan: which services get a row is known from the plan. */
export function createProgress(plan: Plan, options: ProgressOptions): ProgressSink {
  if (options.mode === 'quiet') {
    return {
      onEvent: (event) => {
        const warning = warningOf(event);
        if (warning !== undefined) options.err.write(`warning: ${warning}\n`);
      },
      finish: async () => undefined,
    };
  }
  // A terminal that reports no width (a pseudo-terminal nobody sized, e.g. under `script` in CI) would get an
  // empty tree: plain lines say the same.
  const columns = (options.out as NodeJS.WriteStream).columns;
  if (options.mode === 'plain' || (options.mode === 'tty' && columns !== undefined && columns <= 0)) {
    const now = options.now ?? (() => new Date());
    return {
      onEvent: (event) => {
        const line = plainProgressLine(event, now());
        if (line === undefined) return;
        (warningOf(event) !== undefined ? options.err : options.out).write(`${line}\n`);
      },
      finish: async () => undefined,
    };
  }
  return new TtyProgress(plan, options);
}

interface Row {
  resolve: () => void;
  reject: (error: Error) => void;
  task?: ListrTaskWrapper<unknown, never, never>;
  done: boolean;
  title: string;
}

/** The listr2 tree: one row per service the plan writes, its title the phase and replica counts. */
class TtyProgress implements ProgressSink {
  private readonly rows = new Map<string, Row>();
  private running?: Promise<unknown>;

  constructor(
    private readonly plan: Plan,
    private readonly options: ProgressOptions,
  ) {}

  /** Never throws: the terminal view must not end a run; what it cannot draw is written as a plain line. */
  onEvent(event: DeployEvent): void {
    try {
      this.handle(event);
    } catch {
      const line = plainProgressLine(event, new Date());
      if (line !== undefined) this.options.err.write(`${line}\n`);
    }
  }

  private handle(event: DeployEvent): void {
    if (event.type === 'service-progress' && event.stage === 'deploy') {
      this.start();
      const row = this.rows.get(event.progress.name);
      if (!row || row.done) return;
      row.title = `${event.progress.name}  ${describeProgress(event.progress, event.final)}`;
      if (row.task) row.task.title = row.title;
      if (!event.final) return;
      row.done = true;
      if (event.progress.phase === 'converged' || event.progress.phase === 'removed') row.resolve();
      else row.reject(new Error(row.title));
      return;
    }
    if (event.type === 'change-started' && event.write.change.type === 'service') {
      this.start();
      const row = this.rows.get(event.write.name);
      if (row && !row.done) {
        row.title = `${event.write.name}  ${event.write.action === 'remove' ? 'removing' : 'written'}`;
        if (row.task) row.task.title = row.title;
      }
      return;
    }
    if (event.type === 'change-done' && event.write.change.type === 'service' && event.write.action === 'remove') {
      const row = this.rows.get(event.write.name);
      if (row && !row.done) {
        row.done = true;
        row.title = `${event.write.name}  removed`;
        if (row.task) row.task.title = row.title;
        row.resolve();
      }
      return;
    }
    if (event.type === 'change-failed') {
      const row = this.rows.get(event.write.name);
      if (row && !row.done) {
        row.done = true;
        row.reject(new Error(event.message));
        return;
      }
    }
    if (event.type === 'rollback-started' || event.type === 'interrupt-received') void this.finish();
    // Everything else (and everything once the tree is finished) as plain lines.
    if (this.running && !['rollback-started', 'service-progress', 'interrupt-received', 'replanned', 'network-wait'].includes(event.type)) {
      const warning = warningOf(event);
      if (warning !== undefined) this.options.err.write(`warning: ${warning}\n`);
      return;
    }
    const line = plainProgressLine(event, new Date());
    if (line !== undefined) (warningOf(event) !== undefined ? this.options.err : this.options.out).write(`${line}\n`);
  }

  private start(): void {
    if (this.running) return;
    const services = this.plan.changes.filter((c) => c.type === 'service' && c.action !== 'none' && (c.action !== 'remove' || this.plan.prune));
    const tasks = services.map((change) => {
      let resolve!: () => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A row may fail before listr2 started its task (nobody awaits it yet): that must not become an unhandled rejection.
      promise.catch(() => undefined);
      const row: Row = { resolve, reject, done: false, title: `${change.name}  waiting` };
      this.rows.set(change.name, row);
      return {
        title: row.title,
        task: async (_ctx: unknown, task: ListrTaskWrapper<unknown, never, never>) => {
          row.task = task;
          task.title = row.title;
          await promise;
        },
      };
    });
    const listr = new Listr(tasks as never, {
      concurrent: true,
      exitOnError: false,
      // Signals belong to the command (src/commands/rollout.ts): listr2's own handler exits 127 without a summary.
      registerSignalListeners: false,
      rendererOptions: { collapseErrors: false, showErrorMessage: true } as never,
    });
    this.running = listr.run().catch(() => undefined);
  }

  async finish(): Promise<void> {
    if (!this.running) return;
    for (const row of this.rows.values()) {
      if (row.done) continue;
      row.done = true;
      if (row.task) row.task.skip(`${row.title.split('  ')[0]}  not started`);
      row.resolve();
    }
    await this.running;
  }
}
