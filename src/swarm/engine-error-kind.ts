/**
 * What an Engine error answer means for stack, read once from its status code and message where the answer becomes
 * an EngineError, so no code outside swarm/ looks at the Engine's words. The texts differ between Engine versions
 * (20.10 answers a stale service update with 500, some refusals carry a gRPC prefix), hence status and message together.
 */
export type EngineErrorKind =
  /** The object named in the request does not exist (404). */
  | 'not-found'
  /** A write carried an older version than the object has now: someone changed it after it was read. */
  | 'out-of-sequence'
  /** A removal refused while something still uses the object (a network with endpoints or tasks, a secret in use). */
  | 'in-use'
  /** A create refused because an object of that name exists already (409). */
  | 'conflict'
  /** A secret/config update that changes anything but labels: swarm allows only label changes. */
  | 'label-only-update'
  /** A service write that names a network, secret or config the cluster does not have (any status). */
  | 'missing-reference'
  /** No answer from the Engine at all (connection refused, socket gone). */
  | 'unreachable'
  /** Any other refusal; only its message tells more. */
  | 'other';

/** The request an answer came back to, when known: a service write reads "not found" differently. */
export interface EngineRequest {
  method: string;
  path: string;
}

const OUT_OF_SEQUENCE = /update out of sequence/i;
const LABEL_ONLY = /only updates to Labels are allowed/i;
const IN_USE = /has active endpoints|\bin use\b/i;
const REFERENCE_NOT_FOUND = /(network|secret|config) .*not found|not found.*(network|secret|config)/i;
const SERVICE_WRITE = /^\/services\/(create|[^/]+\/update)$/;

/** Classifies an Engine answer; `statusCode` undefined means the Engine never answered. */
export function classifyEngineError(statusCode: number | undefined, message: string, request?: EngineRequest): EngineErrorKind {
  if (statusCode === undefined) return 'unreachable';
  if (OUT_OF_SEQUENCE.test(message) || (statusCode === 409 && /version/i.test(message))) return 'out-of-sequence';
  if (LABEL_ONLY.test(message)) return 'label-only-update';
  if (IN_USE.test(message)) return 'in-use';
  // A service write's "network x not found" is about what the spec references; elsewhere it is the object itself.
  const serviceWrite = request !== undefined && request.method === 'POST' && SERVICE_WRITE.test(request.path.split('?')[0]!);
  if (serviceWrite && REFERENCE_NOT_FOUND.test(message)) return 'missing-reference';
  if (statusCode === 404) return 'not-found';
  if (statusCode === 409) return 'conflict';
  return 'other';
}
