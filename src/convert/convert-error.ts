import { StackError } from '../errors/index.js';

/**
 * Codes of the errors conversion can raise. Each matches a failure of `docker stack deploy`'s conversion; the
 * message keeps docker's wording after a `service <key>: ` (or object) prefix so users can search for it.
 */
export type ConvertErrorCode =
  | 'CONVERT_STACK_NAME'
  | 'CONVERT_MODE'
  | 'CONVERT_CPUS'
  | 'CONVERT_RESTART_POLICY'
  | 'CONVERT_HEALTHCHECK'
  | 'CONVERT_UNDEFINED_NETWORK'
  | 'CONVERT_UNDEFINED_VOLUME'
  | 'CONVERT_MOUNT'
  | 'CONVERT_UNDEFINED_SECRET'
  | 'CONVERT_UNDEFINED_CONFIG'
  | 'CONVERT_DUPLICATE_TARGET'
  | 'CONVERT_SECRET_NOT_FOUND'
  | 'CONVERT_CONFIG_NOT_FOUND'
  | 'CONVERT_CREDENTIAL_SPEC'
  | 'CONVERT_FILE_DATA_MISSING';

/** A conversion failure; `code` says which rule, `message` names the service (or object) and the key involved. */
export class ConvertError extends StackError {
  declare readonly code: ConvertErrorCode;

  constructor(code: ConvertErrorCode, message: string, options: { hint?: string } = {}) {
    super(code, message, options);
    this.name = 'ConvertError';
  }
}

/** A rule violation found by a helper that does not know the service; the service converter adds the prefix. */
export class ConvertRuleError extends Error {
  readonly code: ConvertErrorCode;

  constructor(code: ConvertErrorCode, message: string) {
    super(message);
    this.name = 'ConvertRuleError';
    this.code = code;
  }
}
