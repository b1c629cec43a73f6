import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import * as Errors from '@oclif/core/errors';
import type { StackErrorCode } from '../errors/codes.js';
import { formatProblem } from '../errors/problem.js';
import { InputError, StackError } from '../errors/stack-error.js';

/**
 * Shared behaviour of every stack command: `--json`, `--debug`, colour rules, and the one place where
 * errors become output. User errors print their message (and hint) with exit code 1 and no stack trace;
 * anything else is a bug and shows its stack only with --debug or DEBUG set.
 */
export abstract class StackCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    debug: Flags.boolean({ description: 'Show internal details and stack traces of unexpected errors.', helpGroup: 'GLOBAL' }),
  };

  protected debugEnabled(): boolean {
    return this.argv.includes('--debug') || Boolean(process.env.DEBUG);
  }

  /** Colour only on a terminal, and never when NO_COLOR is set or --json is given. */
  protected colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
    if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
    if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
    return Boolean(stream.isTTY) && !this.jsonEnabled();
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    // oclif signals a deliberate exit with an ExitError; let it through unchanged.
    if (err instanceof Errors.ExitError) throw err;
    // A flag error means parse() threw; tell oclif it ran, or it adds a warning meant for command authors.
    this.parsed = true;
    const { text, json, exitCode } = describeError(err, this.debugEnabled());
    process.exitCode = exitCode;
    if (this.jsonEnabled()) this.logJson({ error: json });
    else process.stderr.write(`${text}\n`);
  }
}

/** Turns any thrown value into what the user sees. Exported for tests. */
export function describeError(
  err: unknown,
  debug: boolean,
): { text: string; json: Record<string, unknown>; exitCode: number } {
  if (err instanceof StackError) {
    // Warnings found before the input failed (ignored keys and the like) still matter to the user.
    const warnings = err instanceof InputError ? err.warnings.map((w) => `warning: ${formatProblem(w)}\n`).join('') : '';
    const text = `${warnings}${debug && err.stack ? `Error: ${err.render()}\n${err.stack}` : `Error: ${err.render()}`}`;
    return { text, json: err.toJSON(), exitCode: err.exitCode };
  }
  // oclif's own parse errors (unknown flag, missing argument) are user errors too.
  if (err instanceof Errors.CLIError || isOclifParseError(err)) {
    const message = (err as Error).message.replace(/^Error: /, '');
    return {
      text: `Error: ${message}\n  hint: see \`stack help\` for usage`,
      json: { code: 'USAGE' satisfies StackErrorCode, message },
      exitCode: 1,
    };
  }
  const error = err instanceof Error ? err : new Error(String(err));
  const text = debug
    ? `Internal error: ${error.message}\n${error.stack ?? ''}`
    : `Internal error: ${error.message}\n  hint: this is a bug in stack; run again with --debug for details and report it`;
  return { text, json: { code: 'INTERNAL' satisfies StackErrorCode, message: error.message }, exitCode: 1 };
}

function isOclifParseError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'parse' in err && 'oclif' in err;
}
