import { isValidStackName, scopedName } from '../docker/names.js';
import type { ExternalModel } from '../model/stack-model.js';
import { ConvertError } from './convert-error.js';
import { sortedRecord } from './go-compat.js';

/** The label that marks every object of a stack; its value is the stack name. */
export const LABEL_NAMESPACE = 'com.docker.stack.namespace';
/** The service label holding the image string exactly as written in the Compose file. */
export const LABEL_IMAGE = 'com.docker.stack.image';
/** Labels of stack's own bookkeeping (lock, history, content hashes) share this prefix (see README, "Labels of our own"). */
export const OWN_LABEL_PREFIX = 'io.stack.';
/** Label holding the sha256 (hex) of a secret's data; our own prefix, never set by docker. */
export const LABEL_CONTENT_HASH = `${OWN_LABEL_PREFIX}content-hash`;

/**
 * `labels` plus the namespace label. The namespace label is written last, so a user label with the same key is
 * overwritten. Returns a new map with keys in Go's marshalling order.
 */
export function withStackLabel(stackName: string, labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return sortedRecord({ ...labels, [LABEL_NAMESPACE]: stackName });
}

/** The `label` filter value selecting a stack's objects: `com.docker.stack.namespace=<stack>`. */
export function stackLabelFilter(stackName: string): string {
  return `${LABEL_NAMESPACE}=${stackName}`;
}

/** Engine list filters (`filters` query parameter object) selecting a stack's objects. */
export function stackFilters(stackName: string): { label: string[] } {
  return { label: [stackLabelFilter(stackName)] };
}

/**
 * Name of a top-level network, volume, secret or config as docker uses it: `name:` when set; otherwise the key for
 * external objects (the docker loader fills `name` with the key for them) and `<stack>_<key>` for the others.
 */
export function declaredObjectName(stackName: string, key: string, declaration: ExternalModel | undefined): string {
  if (declaration?.name) return declaration.name;
  if (declaration?.external) return key;
  return scopedName(stackName, key);
}

/** docker's only client-side stack-name check (src/docker/names.ts), as a conversion error. */
export function validateStackName(stackName: string): void {
  if (!isValidStackName(stackName)) {
    throw new ConvertError('CONVERT_STACK_NAME', `invalid stack name: ${JSON.stringify(stackName)}`);
  }
}
