/**
 * Names as docker and swarm spell and judge them, the one home for these rules (the loader's checks, conversion and
 * the plan's versioned object names all use it):
 * - docker stack's scoping: `<stack>_<name>` for the stack's services and objects without a custom `name:`;
 * - docker stack's only client-side stack-name check (not empty once whitespace and quotes are trimmed);
 * - swarmkit's service names (a DNS label with `_` allowed inside, at most 63 characters);
 * - swarmkit's secret and config names (letters, digits, `-`, `_` and `.`, at most 64 characters).
 * Pure.
 */

/** Longest service name swarm accepts (a DNS label). */
export const MAX_SERVICE_NAME = 63;
/** Longest secret or config name swarm accepts. */
export const MAX_OBJECT_NAME = 64;

const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
const OBJECT_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;

/** `<stack>_<name>`: the name docker gives to stack objects without a custom `name:`. */
export function scopedName(stackName: string, name: string): string {
  return `${stackName}_${name}`;
}

/** Strips one leading `<stack>_` (used to map live service names back to service keys, e.g. for --prune). */
export function descopedName(stackName: string, name: string): string {
  const prefix = `${stackName}_`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * docker's `validateStackName`: false when the name is empty after trimming whitespace and quote characters. Real
 * limits (service name length, characters) are swarmkit's, below.
 */
export function isValidStackName(stackName: string): boolean {
  return stackName.replace(/^[\s"']+|[\s"']+$/gu, '') !== '';
}

/** What swarm refuses in a full service name: its characters, or its length; undefined when swarm takes it. */
export function serviceNameProblem(name: string): 'characters' | 'length' | undefined {
  if (!SERVICE_NAME.test(name)) return 'characters';
  return name.length > MAX_SERVICE_NAME ? 'length' : undefined;
}

/** Whether swarm accepts `name` for a secret or a config. */
export function isValidObjectName(name: string): boolean {
  return name.length <= MAX_OBJECT_NAME && OBJECT_NAME.test(name);
}
