import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { StackError } from '../errors/stack-error.js';
import type { ConfigSpec, NetworkCreateRequest, SecretSpec, ServiceSpec } from '../convert/swarm-types.js';
import type { CiRun } from './annotations.js';

/** The record format this version of stack writes and reads. Bump when the shape changes incompatibly. */
export const RECORD_FORMAT = 1;

/** Swarm caps config data at 500 KB on Engine 20.10 (1000 KB from 23.0); parts stay well below it. */
export const MAX_PART_BYTES = 480 * 1024;

/** `submitted`: written with --detach and never seen converging (not a default rollback target). */
export type RevisionOutcome = 'in-progress' | 'succeeded' | 'submitted' | 'failed' | 'rolled-back' | 'interrupted';

/**
 * One deployed revision of a stack, as stored in the cluster. Holds the desired specs of every object (image
 * digests resolved) so a rollback needs no compose files, and never any secret or config content: secrets and
 * configs appear by name and content hash only.
 */
export interface RevisionRecord {
  format: typeof RECORD_FORMAT;
  stack: string;
  revision: number;
  createdAt: string;
  user: string;
  host: string;
  /** The command line that made it (`stack deploy ...`, `stack rollback ...`). */
  command: string;
  /** Version of stack that wrote it. */
  toolVersion: string;
  /** Source files with their SHA-256 (empty for a rollback). */
  sources: { path: string; sha256: string }[];
  /** For a rollback: the revision it returned to. */
  rollbackOf?: number;
  /** `--message` given to deploy or rollback. */
  message?: string;
  /** The CI run that made it, read from the provider's environment variables (src/history/annotations.ts). */
  ci?: CiRun;
  /**
   * Short reasons of a failed run (no secret values). Known only after the run, so they live in a label like the
   * outcome (`io.stack.failure`) and are merged in when the record is read.
   */
  failure?: string[];
  /** Objects this deploy changed. */
  changed: { type: string; name: string; action: string }[];
  desired: {
    networks: { name: string; spec: NetworkCreateRequest }[];
    secrets: { name: string; spec: Omit<SecretSpec, 'Data'>; sha256?: string }[];
    configs: { name: string; spec: Omit<ConfigSpec, 'Data'>; sha256?: string }[];
    services: { key: string; name: string; spec: ServiceSpec }[];
  };
  /** Outcome when the record was written; the current outcome lives in a label and may be newer. */
  outcome: RevisionOutcome;
  durationMs?: number;
}

/** SHA-256 of content, hex. */
export function contentHash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Compressed parts of a record, each at most `maxPartBytes` long. */
export function encodeRecord(record: RevisionRecord, maxPartBytes = MAX_PART_BYTES): Buffer[] {
  assertNoSecretData(record);
  const packed = gzipSync(Buffer.from(JSON.stringify(record), 'utf8'), { level: 9 });
  const parts: Buffer[] = [];
  for (let offset = 0; offset < packed.length; offset += maxPartBytes) parts.push(packed.subarray(offset, offset + maxPartBytes));
  return parts.length > 0 ? parts : [packed];
}

/** Decodes the parts of a record (in order). Damaged or unknown records give a clear StackError, never a crash. */
export function decodeRecord(parts: Uint8Array[], where: string): RevisionRecord {
  let text: string;
  try {
    text = gunzipSync(Buffer.concat(parts.map((p) => Buffer.from(p)))).toString('utf8');
  } catch {
    throw damaged(where, 'its data is not a compressed stack record (damaged, truncated, or a part is missing)');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(where, 'its content is not valid JSON');
  }
  if (typeof value !== 'object' || value === null) throw damaged(where, 'its content is not an object');
  const record = value as Partial<RevisionRecord>;
  if (record.format !== RECORD_FORMAT) {
    throw new StackError(
      'HISTORY_FORMAT_UNKNOWN',
      `revision record ${where} has format ${JSON.stringify(record.format)}, which this version of stack cannot read (it reads format ${RECORD_FORMAT})`,
      { hint: 'upgrade stack to read records written by a newer version' },
    );
  }
  const missing = (['stack', 'revision', 'createdAt', 'desired', 'outcome'] as const).filter((key) => record[key] === undefined);
  if (missing.length > 0) throw damaged(where, `it lacks ${missing.join(', ')}`);
  const desired = record.desired as Partial<RevisionRecord['desired']>;
  for (const key of ['networks', 'secrets', 'configs', 'services'] as const) {
    if (!Array.isArray(desired[key])) throw damaged(where, `its desired.${key} is not a list`);
  }
  return record as RevisionRecord;
}

function damaged(where: string, why: string): StackError {
  return new StackError('HISTORY_RECORD_DAMAGED', `revision record ${where} cannot be read: ${why}`, {
    hint: 'other revisions are unaffected; remove the damaged record with `docker config rm` if it is in the way',
  });
}

/** Records carry specs without Data; this guards the invariant at the one place records are written. */
function assertNoSecretData(record: RevisionRecord): void {
  for (const secret of record.desired.secrets) {
    if ('Data' in (secret.spec as Record<string, unknown>)) throw new Error(`revision record would contain data of secret ${secret.name}`);
  }
  for (const config of record.desired.configs) {
    if ('Data' in (config.spec as Record<string, unknown>)) throw new Error(`revision record would contain data of config ${config.name}`);
  }
}
