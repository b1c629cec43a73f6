import { StackError } from '../errors/stack-error.js';

/**
 * A request the manager accepted but did not answer within the command's own limit. The manager is there (the
 * connection was open), only slow: this is not a lost manager, and no failover is tried.
 */
export class EngineTimeoutError extends StackError {
  constructor(
    readonly request: string,
    endpoint: string,
    readonly waitedMs: number,
    limit?: string,
  ) {
    super('ENGINE_TIMEOUT', `timed out: ${request} got no answer from the manager ${endpoint} within ${formatSeconds(waitedMs)}${limit ? ` (${limit})` : ''}`, {
      hint: `the manager accepted the request but is answering slowly (busy, e.g. many tasks restarting); ${limit ? `raise ${limit}` : 'give the command more time'} or retry when it is less loaded`,
    });
    this.name = 'EngineTimeoutError';
  }
}

function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}
