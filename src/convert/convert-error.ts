import type { ConvertErrorCode } from '../errors/codes.js';
import { StackError } from '../errors/index.js';

export type { ConvertErrorCode } from '../errors/codes.js';

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
