import { formatDuration } from '../model/duration.js';
import type { ServiceModel, StackModel, UpdateConfigModel } from '../model/stack-model.js';
import { profileReason } from './plan-words.js';
import { emitYaml } from './yaml-emit.js';

/** One `note:` line per service the profiles leave out (written to stderr by `stack config`). */
export function renderExcludedServices(model: StackModel): string {
  return (model.excludedServices ?? []).map((e) => `note: service ${e.service} ${profileReason(e.profiles)}\n`).join('');
}

/**
 * The normalized model as a Compose file again (what `stack config` prints): long syntax everywhere,
 * durations as Go duration strings, byte sizes as integers. The output loads back to the same model.
 */
export function renderStackConfig(model: StackModel, format: 'yaml' | 'json'): string {
  const tree = toComposeTree(model);
  return format === 'json' ? `${JSON.stringify(tree, null, 2)}\n` : emitYaml(tree);
}

export function toComposeTree(model: StackModel): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(model.services)) services[name] = serviceTree(service);
  return dropEmpty({
    ...(model.format === 'v3' ? { version: model.version } : {}),
    ...(model.name !== undefined ? { name: model.name } : {}),
    services,
    networks: model.networks,
    volumes: model.volumes,
    secrets: model.secrets,
    configs: model.configs,
    ...(model.extensions ?? {}),
  });
}

function serviceTree(service: ServiceModel): Record<string, unknown> {
  const { extensions, extra_hosts, ulimits, ports, stop_grace_period, healthcheck, deploy, ...rest } = service;
  return {
    ...rest,
    ...(stop_grace_period !== undefined ? { stop_grace_period: formatDuration(stop_grace_period) } : {}),
    ...(extra_hosts ? { extra_hosts: extra_hosts.map((h) => `${h.host}:${h.ip}`) } : {}),
    ...(ports ? { ports: ports.map(({ short: _short, ...port }) => port) } : {}),
    ...(ulimits
      ? {
          ulimits: Object.fromEntries(
            Object.entries(ulimits).map(([name, u]) => [name, u.single ?? { soft: u.soft, hard: u.hard }]),
          ),
        }
      : {}),
    ...(healthcheck
      ? {
          healthcheck: {
            ...healthcheck,
            interval: durationOrUndefined(healthcheck.interval),
            timeout: durationOrUndefined(healthcheck.timeout),
            start_period: durationOrUndefined(healthcheck.start_period),
            start_interval: durationOrUndefined(healthcheck.start_interval),
          },
        }
      : {}),
    ...(deploy
      ? {
          deploy: {
            ...deploy,
            update_config: updateConfigTree(deploy.update_config),
            rollback_config: updateConfigTree(deploy.rollback_config),
            restart_policy: deploy.restart_policy && {
              ...deploy.restart_policy,
              delay: durationOrUndefined(deploy.restart_policy.delay),
              window: durationOrUndefined(deploy.restart_policy.window),
            },
          },
        }
      : {}),
    ...(extensions ?? {}),
  };
}

function updateConfigTree(config: UpdateConfigModel | undefined): Record<string, unknown> | undefined {
  if (!config) return undefined;
  return { ...config, delay: durationOrUndefined(config.delay), monitor: durationOrUndefined(config.monitor) };
}

function durationOrUndefined(ns: number | undefined): string | undefined {
  return ns === undefined ? undefined : formatDuration(ns);
}

/** Drops undefined values and empty top-level sections so the output stays close to what was written. */
function dropEmpty(tree: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).filter(
      ([, value]) => value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0),
    ),
  );
}
