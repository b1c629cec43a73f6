import { connectToManager, type ManagerConnection } from '../swarm/connect.js';
import { EngineApi } from '../swarm/engine-api.js';
import { resolveEndpoints, type EndpointOptions } from '../swarm/endpoint.js';

/** What every workflow that talks to a manager takes: where to connect, and where notices go. */
export interface ManagerOptions {
  endpoints: EndpointOptions;
  env: Record<string, string | undefined>;
  /** Called when another manager than the first was used, and why (the command prints it as a notice). */
  onNotice?: (message: string) => void;
}

/** Connects to the first working manager (as deploy does) and reports skipped endpoints through onNotice. */
export async function openManager(options: ManagerOptions): Promise<{ api: EngineApi; connection: ManagerConnection }> {
  const connection = await connectToManager(resolveEndpoints(options.endpoints, options.env));
  for (const skipped of connection.skipped) {
    options.onNotice?.(`manager ${skipped.endpoint.label} skipped (${skipped.reason}); using ${connection.endpoint.label}`);
  }
  return { api: new EngineApi(connection.docker), connection };
}
