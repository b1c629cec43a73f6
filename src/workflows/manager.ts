import type { NoticeListener } from '../model/notice.js';
import { connectToManager, type ManagerConnection } from '../swarm/connect.js';
import { DEFAULT_MANAGER_TIMEOUT_MS, EngineApi } from '../swarm/engine-api.js';
import { resolveEndpoints, type EndpointOptions } from '../swarm/endpoint.js';

/** What every workflow that talks to a manager takes: where to connect, and where notices go. */
export interface ManagerOptions {
  endpoints: EndpointOptions;
  env: Record<string, string | undefined>;
  /** Called when another manager than the first was used, and why (the command prints it as a notice). */
  onNotice?: NoticeListener;
  /** How long to look for a working manager after losing the one in use (default 30 s). */
  managerTimeoutMs?: number;
  /** The command's own limit on one Engine request (e.g. --timeout), with the words naming it; none: wait as docker does. */
  requestLimit?: { ms: number; label: string };
}

/**
 * Connects to the first working manager (as deploy does) and reports skipped endpoints through onNotice. The client
 * carries on through another of the endpoints (or the same one once back) when its manager goes away mid-command.
 */
export async function openManager(options: ManagerOptions): Promise<{ api: EngineApi; connection: ManagerConnection }> {
  const endpoints = resolveEndpoints(options.endpoints, options.env);
  const limit = options.requestLimit;
  const connection = await connectToManager(endpoints, limit ? { requestLimitMs: limit.ms, limitLabel: limit.label } : {});
  for (const skipped of connection.skipped) {
    options.onNotice?.({ code: 'manager-skipped', endpoint: skipped.endpoint.label, reason: skipped.reason, using: connection.endpoint.label });
  }
  const api = new EngineApi(connection.docker, {
    endpoints,
    current: connection.endpoint,
    budgetMs: options.managerTimeoutMs ?? DEFAULT_MANAGER_TIMEOUT_MS,
    onNotice: options.onNotice,
  });
  if (limit) api.setRequestLimit(limit.ms, limit.label);
  return { api, connection };
}
