import { describeHolder } from '../model/lock-holder.js';
import { formatDuration } from '../model/duration.js';
import type { RmEvent, RmResult, StackContents } from '../apply/remove-events.js';

/** A line of `stack rm` output and where it goes: progress on stdout (as docker), failures on stderr. */
export interface RmLine {
  text: string;
  stream: 'stdout' | 'stderr';
}

/** One progress event as a line: `Removing service demo_web` and so on, as docker stack rm writes them. */
export function renderRmEvent(event: RmEvent): RmLine {
  switch (event.type) {
    case 'removing':
      return { stream: 'stdout', text: `Removing ${event.kind} ${event.name}` };
    case 'removing-history':
      return { stream: 'stdout', text: `Removing history of stack ${event.stack} (${count(event.revisions.length, 'revision')})` };
    case 'removing-lock':
      return { stream: 'stdout', text: `Removing deploy lock of stack ${event.stack} (held by ${describeHolder(event.holder)})` };
    case 'failed':
      return { stream: 'stderr', text: `Failed to remove ${event.kind === 'history' || event.kind === 'lock' ? '' : `${event.kind} `}${event.name}: ${event.message}` };
    case 'waiting': {
      const what = [event.tasks > 0 ? count(event.tasks, 'task') : '', event.networks > 0 ? count(event.networks, 'network') : '']
        .filter((w) => w !== '')
        .join(' and ');
      return { stream: 'stdout', text: `Waiting for ${what} of stack ${event.stack} to go away` };
    }
    case 'removed':
      return { stream: 'stdout', text: `Stack ${event.stack} removed` };
  }
}

/** What a stack holds, in a few words: `2 services, 1 network, history (3 revisions), a deploy lock`. */
export function describeContents(contents: StackContents): string {
  const parts = [
    contents.services.length > 0 ? count(contents.services.length, 'service') : '',
    contents.networks.length > 0 ? count(contents.networks.length, 'network') : '',
    contents.secrets.length > 0 ? count(contents.secrets.length, 'secret') : '',
    contents.configs.length > 0 ? count(contents.configs.length, 'config') : '',
    contents.revisions.length > 0 ? `history (${count(contents.revisions.length, 'revision')})` : '',
    contents.lock ? `a deploy lock held by ${contents.lock.user}@${contents.lock.host}` : '',
  ];
  return parts.filter((p) => p !== '').join(', ');
}

/** The confirmation question (printed on stderr; the answer is read from stdin). */
export function renderRmPrompt(found: readonly StackContents[]): string {
  const lines = found.map((c) => `  stack ${c.stack}: ${describeContents(c)}\n`).join('');
  return `This removes:\n${lines}Remove ${found.length === 1 ? 'it' : 'them'}? [y/N] `;
}

/** Whether an answer to the prompt means yes (`y` or `yes`, any case). */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer);
}

/**
 * The problems of a finished `stack rm` for stderr, one line each: stacks with nothing in them (docker's words,
 * "Nothing found in stack: NAME", which is no error for docker either), stacks with failed removals, and waits that
 * timed out. Empty when all went well.
 */
export function renderRmProblems(result: RmResult, timeoutMs: number): string {
  const lines: string[] = [];
  for (const stack of result.missing) lines.push(`Nothing found in stack: ${stack}`);
  for (const stack of result.stacks) {
    if (stack.failures.length > 0) lines.push(`Error: failed to remove some objects of stack ${stack.stack}`);
    if (stack.leftover) {
      const what = [
        stack.leftover.tasks > 0 ? count(stack.leftover.tasks, 'task') : '',
        stack.leftover.networks.length > 0 ? `network ${stack.leftover.networks.join(', ')}` : '',
      ]
        .filter((w) => w !== '')
        .join(' and ');
      lines.push(`Error: stack ${stack.stack}: still present after ${formatDuration(timeoutMs * 1e6)}: ${what}`);
      lines.push(`  hint: they usually disappear shortly; check with \`stack ps ${stack.stack}\` before deploying it again`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
