import { StackError } from '../errors/stack-error.js';
import type { RmEvent, RmResult, RmStackResult, StackContents } from '../apply/remove-events.js';
import { findStack, isEmpty, removeStack, type FoundStack, type RemoveOptions } from '../apply/remove-stack.js';
import { openManager, type ManagerOptions } from './manager.js';

export { rmFailed } from '../apply/remove-events.js';

/** What `stack rm` needs: the names, how to ask, whether and how long to wait, where progress goes. */
export interface RmOptions extends ManagerOptions, RemoveOptions {
  stacks: string[];
  /** Asked once with everything that is about to go; false cancels before anything is removed. Absent: no question. */
  confirm?: (found: StackContents[]) => Promise<boolean>;
  onEvent?: (event: RmEvent) => void;
}

/**
 * `stack rm NAME...`: finds what each stack holds, asks first (options.confirm), then removes each stack
 * (src/apply/remove-stack.ts: its objects, history records and deploy lock, then, unless detached, a bounded wait
 * until its tasks and networks are gone, so a new deploy of the same name does not collide with them).
 */
export async function rmWorkflow(options: RmOptions): Promise<RmResult> {
  const { api } = await openManager(options);
  const emit = options.onEvent ?? (() => undefined);
  const names = [...new Set(options.stacks)];
  const found: FoundStack[] = [];
  const missing: string[] = [];
  for (const stack of names) {
    const entry = await findStack(api, stack);
    if (isEmpty(entry.contents)) missing.push(stack);
    else found.push(entry);
  }
  if (found.length > 0 && options.confirm && !(await options.confirm(found.map((f) => f.contents)))) {
    throw new StackError('RM_CANCELLED', 'stack rm cancelled; nothing was removed');
  }
  const results: RmStackResult[] = [];
  for (const entry of found) results.push(await removeStack(api, entry, options, emit));
  return { stacks: results, missing };
}

