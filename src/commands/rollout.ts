// What `deploy` and `rollback` share around their workflow: signal handling, the exit code of an outcome and the
// --debug line counting Engine API calls. Kept free of heavy imports: commands load their workflows lazily.
import type { ProgressOptions, ProgressSink } from '../render/deploy-progress.js';
import type { DeployResult } from '../apply/execution-report.js';
import type { CallCounts } from '../swarm/engine-api.js';
import { ciField } from './ci-run.js';
import { printNotice } from './endpoint-options.js';
import { parseDurationFlag } from './flags.js';

/** The signals that end a rollout, and the exit code each gives (128 + its number, as a shell reports it). */
export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** What a command holds while a rollout runs: the abort signal, which signal came, and the lock to release on the way out. */
export interface Interrupt {
  /** Aborted by the first SIGINT, SIGTERM or SIGHUP: start nothing new. */
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  /** The exit code for an interrupted run: that of the first signal (130 when none came, e.g. a wait cut short). */
  exitCode(): number;
  /** Tells the handler how to release the stack's lock if a second signal ends the process (undefined once released). */
  setLockRelease(release: (() => Promise<void>) | undefined): void;
  dispose(): void;
}

/**
 * Listens for SIGINT (a terminal's Ctrl-C or `kill -INT`), SIGTERM (CI cancel, `timeout`) and SIGHUP (the terminal
 * went away) while a rollout runs: all take one path. The first aborts the returned signal (start nothing new;
 * the workflow records the revision as interrupted, releases the lock and the summary is printed) and calls `onFirst`
 * so the view can say so. A second one exits at once with the first signal's code, after trying (for at most 3 s) to
 * release the lock. Call `dispose` when the run ends.
 */
export function interruptOnSignals(onFirst: (signal: StopSignal) => void): Interrupt {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  let release: (() => Promise<void>) | undefined;
  const handlers = new Map<StopSignal, () => void>();
  const onSignal = (name: StopSignal): void => {
    if (first) {
      const code = SIGNAL_EXIT_CODES[first];
      const exit = (): never => process.exit(code);
      if (!release) exit();
      const timer = setTimeout(exit, 3000);
      timer.unref();
      void release!().then(exit, exit);
      return;
    }
    first = name;
    // The terminal is gone: writing to it fails (EIO/EPIPE); the run must still end cleanly and release the lock.
    if (name === 'SIGHUP') for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    controller.abort(new Error(`received ${name}`));
    try {
      onFirst(name);
    } catch {
      // The view must never stop the run from ending cleanly.
    }
  };
  for (const name of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) {
    const handler = (): void => onSignal(name);
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    received: () => first,
    exitCode: () => (first ? SIGNAL_EXIT_CODES[first] : 130),
    setLockRelease: (fn) => {
      release = fn;
    },
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}

/**
 * interruptOnSignals for a run whose progress view exists only once the plan is known: the view shows the first
 * signal; before it exists, one line on stderr says so (nothing with --json).
 */
export function interruptRun(progress: () => ProgressSink | undefined, json: boolean): Interrupt {
  return interruptOnSignals((signal) => {
    const view = progress();
    view?.onEvent({ type: 'interrupt-received', signal });
    if (!view && !json) process.stderr.write(`${signal}: stopping before anything is written (a second signal exits at once)\n`);
  });
}

/** Where a run's progress goes: only warnings when quiet, a live tree on a terminal, plain lines otherwise. */
export function progressOptions(quiet: boolean, colour: boolean): ProgressOptions {
  return { mode: quiet ? 'quiet' : process.stdout.isTTY ? 'tty' : 'plain', colour, out: process.stdout, err: process.stderr };
}

/**
 * Exit code of a deploy or rollback outcome: 0 when everything converged (or nothing had to), the signal's code when
 * interrupted (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), 1 otherwise.
 */
export function exitCodeOf(outcome: string, interruptedCode = 130): number {
  if (outcome === 'succeeded' || outcome === 'unchanged' || outcome === 'submitted') return 0;
  return outcome === 'interrupted' ? interruptedCode : 1;
}

/** An error that ends an interrupted run exits with the signal's code (a StackError's own code otherwise). */
export function withSignalExitCode(error: unknown, interrupt: Interrupt): unknown {
  if (interrupt.received() && error instanceof Error && (error as { code?: string }).code === 'INTERRUPTED') {
    Object.defineProperty(error, 'exitCode', { value: interrupt.exitCode() });
  }
  return error;
}

/** The --debug line with the run's Engine API calls. */
export function apiCallsLine(c: CallCounts): string {
  return `debug: Engine API calls: ${c.total} (GET ${c.get}, POST ${c.post}, DELETE ${c.delete})\n`;
}

/** The values of `executeFlags` (flags.ts) as oclif parses them. */
export interface ExecuteFlagValues {
  detach: boolean;
  timeout: string;
  'lock-timeout': string;
  'manager-timeout': string;
  'history-max': number;
  'rollback-on-failure': boolean;
  message?: string | undefined;
}

/**
 * The workflow options `deploy` and `rollback` pass alike: the execute flags as values, the interrupt's abort signal
 * and lock release, the command line recorded in the revision, the CI run, and notices on stderr.
 */
export function executionOptions(flags: ExecuteFlagValues, interrupt: Interrupt, run: { command: string; toolVersion: string }) {
  return {
    detach: flags.detach,
    timeoutMs: parseDurationFlag('timeout', flags.timeout),
    lockTimeoutMs: parseDurationFlag('lock-timeout', flags['lock-timeout']),
    managerTimeoutMs: parseDurationFlag('manager-timeout', flags['manager-timeout']),
    historyMax: flags['history-max'],
    rollbackOnFailure: flags['rollback-on-failure'],
    signal: interrupt.signal,
    // Slow is not down: a request waits for a busy manager, up to the run's own limit.
    requestLimit: { ms: parseDurationFlag('timeout', flags.timeout), label: '--timeout' },
    onLock: (release: (() => Promise<void>) | undefined) => interrupt.setLockRelease(release),
    command: run.command,
    toolVersion: run.toolVersion,
    ...(flags.message ? { message: flags.message } : {}),
    ...ciField(),
    onNotice: printNotice,
  };
}

/** How a finished deploy or rollback is reported, from the command's flags. */
export interface RunReport {
  /** `rollback` words the summary and Markdown for a rollback. */
  verb?: 'rollback';
  json: boolean;
  markdown: boolean;
  colour: boolean;
  debug: boolean;
}

/**
 * Ends a deploy or rollback run, alike for both: the plan's warnings, the summary (text, or Markdown for a pull
 * request), the Markdown appended to GITHUB_STEP_SUMMARY when set, the --debug line of Engine API calls, and the exit
 * code of the outcome. Returns the `--json` value.
 */
export async function reportRun(result: DeployResult, interrupt: Interrupt, report: RunReport): Promise<Record<string, unknown>> {
  const [{ warningText }, { deployResultToJson, renderDeploySummary }] = await Promise.all([import('../render/plan.js'), import('../render/deploy-result.js')]);
  for (const warning of result.plan.warnings) process.stderr.write(`warning: ${warningText(warning)}\n`);
  const words = report.verb ? { verb: report.verb } : {};
  if (report.markdown || process.env.GITHUB_STEP_SUMMARY) {
    const [{ renderDeployMarkdown }, { appendStepSummary }] = await Promise.all([import('../render/plan-markdown.js'), import('./step-summary.js')]);
    const markdown = renderDeployMarkdown(result, words);
    if (report.markdown) process.stdout.write(markdown);
    appendStepSummary(markdown);
  }
  if (!report.json && !report.markdown) process.stdout.write(renderDeploySummary(result, { colour: report.colour, ...words }));
  if (report.debug) process.stderr.write(apiCallsLine(result.apiCalls));
  const exitCode = exitCodeOf(result.outcome, interrupt.exitCode());
  if (exitCode !== 0) process.exitCode = exitCode;
  return deployResultToJson(result);
}
