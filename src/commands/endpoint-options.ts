import type { Notice } from '../model/notice.js';
import { noticeText } from '../render/notices.js';
import type { EndpointOptions } from '../swarm/endpoint.js';

/** Parsed endpointFlags (src/commands/flags.ts). */
export interface EndpointFlagValues {
  host?: string[];
  context?: string;
  tls: boolean;
  tlsverify: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

/** The endpoint options of a command that only talks to a manager (ls, services, ps, rm, unlock, history). */
export function endpointOptions(flags: EndpointFlagValues): EndpointOptions {
  return {
    hosts: flags.host,
    context: flags.context,
    tls: flags.tls,
    tlsverify: flags.tlsverify,
    tlscacert: flags.tlscacert,
    tlscert: flags.tlscert,
    tlskey: flags.tlskey,
  };
}

/** Prints a notice on stderr as every command does, e.g. "notice: manager X skipped (...); using Y". */
export function printNotice(notice: Notice): void {
  process.stderr.write(`notice: ${noticeText(notice)}\n`);
}
