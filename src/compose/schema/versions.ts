import { isMapping, type PathPattern } from '../tree-paths.js';

/**
 * The Compose file versions docker/cli ships schemas for, and where each key first appeared.
 * Files are validated against the newest (3.13) schema, then this table rejects keys newer than the file's
 * `version:`, which gives the same verdicts as docker's per-version schemas with a better message
 * ("not allowed in version 3.6 (added in 3.7)"). Read off the differences between docker's
 * config_schema_v3.0 ... v3.13 files.
 */
export const LATEST_V3 = '3.13';

/** `3.0` ... `3.13`. */
export const SUPPORTED_V3_VERSIONS: readonly string[] = Array.from({ length: 14 }, (_, minor) => `3.${minor}`);

/** One row: keys at `pattern` need `version` or later. `when` narrows it to certain values (long syntax). */
export interface VersionedKey {
  pattern: PathPattern;
  added: string;
  /** What appeared, when it is not the key itself. */
  what?: string;
  when?: (value: unknown) => boolean;
}

export const VERSIONED_KEYS: readonly VersionedKey[] = [
  { pattern: 'secrets', added: '3.1' },
  { pattern: 'services.*.secrets', added: '3.1' },
  { pattern: 'networks.*.attachable', added: '3.2' },
  { pattern: 'services.*.deploy.endpoint_mode', added: '3.2' },
  { pattern: 'services.*.ports[]', added: '3.2', what: 'long syntax', when: isMapping },
  { pattern: 'services.*.volumes[]', added: '3.2', what: 'long syntax', when: isMapping },
  { pattern: 'configs', added: '3.3' },
  { pattern: 'services.*.configs', added: '3.3' },
  { pattern: 'services.*.credential_spec', added: '3.3' },
  { pattern: 'services.*.deploy.placement.preferences', added: '3.3' },
  { pattern: 'x-*', added: '3.4' },
  { pattern: 'services.*.deploy.update_config.order', added: '3.4' },
  { pattern: 'services.*.healthcheck.start_period', added: '3.4' },
  { pattern: 'volumes.*.name', added: '3.4' },
  { pattern: 'networks.*.name', added: '3.5' },
  { pattern: 'secrets.*.name', added: '3.5' },
  { pattern: 'configs.*.name', added: '3.5' },
  { pattern: 'services.*.isolation', added: '3.5' },
  { pattern: 'services.*.deploy.resources.reservations.generic_resources', added: '3.5' },
  { pattern: 'services.*.volumes[].tmpfs', added: '3.6' },
  { pattern: 'services.*.x-*', added: '3.7' },
  { pattern: 'networks.*.x-*', added: '3.7' },
  { pattern: 'volumes.*.x-*', added: '3.7' },
  { pattern: 'secrets.*.x-*', added: '3.7' },
  { pattern: 'configs.*.x-*', added: '3.7' },
  { pattern: 'services.*.deploy.rollback_config', added: '3.7' },
  { pattern: 'services.*.init', added: '3.7' },
  { pattern: 'services.*.deploy.placement.max_replicas_per_node', added: '3.8' },
  { pattern: 'secrets.*.template_driver', added: '3.8' },
  { pattern: 'configs.*.template_driver', added: '3.8' },
  { pattern: 'secrets.*.driver', added: '3.8' },
  { pattern: 'secrets.*.driver_opts', added: '3.8' },
  { pattern: 'services.*.credential_spec.config', added: '3.8' },
  { pattern: 'services.*.cgroupns_mode', added: '3.9' },
  { pattern: 'services.*.deploy.resources.limits.pids', added: '3.9' },
  { pattern: 'services.*.healthcheck.start_interval', added: '3.12' },
  { pattern: 'services.*.networks.*.driver_opts', added: '3.13' },
  { pattern: 'services.*.oom_score_adj', added: '3.13' },
];

/** Compares `3.x` versions numerically (`3.10` > `3.9`). */
export function compareV3(a: string, b: string): number {
  const minor = (v: string): number => Number(v.split('.')[1] ?? '0');
  return minor(a) - minor(b);
}
