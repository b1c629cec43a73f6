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

/** Prints "notice: manager X skipped (...); using Y" as deploy does. */
export function printNotice(message: string): void {
  process.stderr.write(`notice: ${message}\n`);
}
