import type { DeployModel, ServiceModel, UpdateConfigModel } from '../../model/stack-model.js';
import { parseNanoCpus } from '../../docker/units.js';
import type { KeyPath } from '../source-map.js';
import {
  add,
  includes,
  invalidChoice,
  notNegative,
  notNegativeDuration,
  oneOf,
  type Checker,
  type ModelRule,
  type ServiceRule,
} from './checker.js';
import { checkPlacement } from './placement.js';

/*
 * deploy: mode, replicas with global modes, jobs without update_config, endpoint_mode, update/rollback order and
 * failure_action, restart condition and the legacy `restart` key, cpus (docker's rational parse), memory ≥ 4MiB,
 * placement (placement.ts), non-negative counts and durations. Sources: docker/cli convert/service.go, swarmkit
 * controlapi.
 */

const DEPLOY_MODES = ['replicated', 'global', 'replicated-job', 'global-job'] as const;
const ENDPOINT_MODES = ['vip', 'dnsrr'] as const;
const ORDERS = ['start-first', 'stop-first'] as const;
const UPDATE_FAILURE_ACTIONS = ['continue', 'pause', 'rollback'] as const;
const ROLLBACK_FAILURE_ACTIONS = ['continue', 'pause'] as const;
const RESTART_CONDITIONS = ['none', 'on-failure', 'any'] as const;

const checkDeploy: ServiceRule = (c, name, service) => {
  const deploy = service.deploy;
  if (!deploy) return;
  const at = (...rest: (string | number)[]): KeyPath => ['services', name, 'deploy', ...rest];
  // docker treats an empty mode as replicated and compares case-sensitively.
  const mode = deploy.mode || 'replicated';
  if (!includes(DEPLOY_MODES, mode)) invalidChoice(c, at('mode'), DEPLOY_MODES, mode);
  if (deploy.replicas !== undefined) {
    if (mode === 'global' || mode === 'global-job') {
      add(c, 'CONFLICTING_KEYS', at('replicas'), `cannot be used with mode "${mode}"`, {
        hint: 'global services run one task on every eligible node; remove replicas',
      });
    } else if (deploy.replicas < 0) {
      add(c, 'INVALID_VALUE', at('replicas'), `must be zero or more, got ${deploy.replicas}`);
    }
  }
  if ((mode === 'replicated-job' || mode === 'global-job') && deploy.update_config) {
    add(c, 'CONFLICTING_KEYS', at('update_config'), `cannot be used with mode "${mode}": swarm refuses jobs with one`);
  }
  if (deploy.endpoint_mode && !includes(ENDPOINT_MODES, deploy.endpoint_mode.toLowerCase())) {
    invalidChoice(c, at('endpoint_mode'), ENDPOINT_MODES, deploy.endpoint_mode);
  }
  checkUpdateConfig(c, at('update_config'), deploy.update_config, UPDATE_FAILURE_ACTIONS);
  checkUpdateConfig(c, at('rollback_config'), deploy.rollback_config, ROLLBACK_FAILURE_ACTIONS);
  checkRestartPolicy(c, name, service);
  checkResources(c, at('resources'), deploy);
  checkPlacement(c, at('placement'), deploy);
};

function checkUpdateConfig(
  c: Checker,
  at: KeyPath,
  config: UpdateConfigModel | undefined,
  failureActions: readonly string[],
): void {
  if (!config) return;
  if (config.order && !includes(ORDERS, config.order)) {
    invalidChoice(c, [...at, 'order'], ORDERS, config.order);
  }
  if (config.failure_action && !includes(failureActions, config.failure_action)) {
    const rollbackOfRollback =
      config.failure_action === 'rollback' && at[at.length - 1] === 'rollback_config'
        ? 'a failed rollback cannot itself be rolled back; use pause or continue'
        : undefined;
    invalidChoice(c, [...at, 'failure_action'], failureActions, config.failure_action, rollbackOfRollback);
  }
  const ratio = config.max_failure_ratio;
  if (ratio !== undefined && (ratio < 0 || ratio > 1)) {
    add(c, 'INVALID_VALUE', [...at, 'max_failure_ratio'], `must be between 0 and 1, got ${ratio}`);
  }
  notNegative(c, [...at, 'parallelism'], config.parallelism);
  notNegativeDuration(c, [...at, 'delay'], config.delay);
  notNegativeDuration(c, [...at, 'monitor'], config.monitor);
}

/** docker's legacy `restart:` values (used only without deploy.restart_policy). */
const LEGACY_RESTART = /^(no|always|unless-stopped|on-failure)?(?::(-?\d+))?$/;

function checkRestartPolicy(c: Checker, name: string, service: ServiceModel): void {
  const policy = service.deploy?.restart_policy;
  if (!policy) return;
  const at: KeyPath = ['services', name, 'deploy', 'restart_policy'];
  if (policy.condition && !includes(RESTART_CONDITIONS, policy.condition)) {
    const legacy = ['always', 'unless-stopped'].includes(policy.condition)
      ? `write any: "${policy.condition}" is how the service-level restart key spells it`
      : policy.condition === 'no'
        ? 'write none: "no" is how the service-level restart key spells it'
        : undefined;
    invalidChoice(c, [...at, 'condition'], RESTART_CONDITIONS, policy.condition, legacy);
  }
  notNegative(c, [...at, 'max_attempts'], policy.max_attempts);
  notNegativeDuration(c, [...at, 'delay'], policy.delay);
  notNegativeDuration(c, [...at, 'window'], policy.window);
}

const checkLegacyRestart: ServiceRule = (c, name, service) => {
  if (service.restart === undefined || service.deploy?.restart_policy) return;
  const at = ['services', name, 'restart'];
  const match = LEGACY_RESTART.exec(service.restart);
  if (!match || (match[1] === undefined && match[2] !== undefined)) {
    const choices = oneOf(['no', 'always', 'unless-stopped', 'on-failure[:N]']);
    add(c, 'INVALID_VALUE', at, `${choices} (got "${service.restart}")`, { hint: 'or use deploy.restart_policy' });
  } else if (match[2] !== undefined && Number(match[2]) < 0) {
    add(c, 'INVALID_VALUE', at, 'the maximum retry count must not be negative');
  }
};

const MIN_NANO_CPUS = 1_000_000n;
const MIN_MEMORY = 4 * 1024 * 1024;

function checkResources(c: Checker, at: KeyPath, deploy: DeployModel): void {
  const sides = [
    ['limits', deploy.resources?.limits],
    ['reservations', deploy.resources?.reservations],
  ] as const;
  for (const [side, resources] of sides) {
    if (!resources) continue;
    if (resources.cpus !== undefined) checkCpus(c, [...at, side, 'cpus'], resources.cpus);
    const memory = resources.memory;
    if (memory !== undefined && memory !== 0 && memory < MIN_MEMORY) {
      add(c, 'INVALID_VALUE', [...at, side, 'memory'], `must be at least 4MiB, got ${memory} bytes`);
    }
  }
}

function checkCpus(c: Checker, at: KeyPath, cpus: string): void {
  const parsed = parseNanoCpus(cpus);
  if (!parsed.ok) {
    const message =
      parsed.reason === 'too-precise'
        ? `value is too precise: "${cpus}" has more than 9 decimal places`
        : `must be a number of CPUs like 0.5 or 2, got "${cpus}"`;
    add(c, 'INVALID_VALUE', at, message);
  } else if (parsed.nanoCpus !== 0n && parsed.nanoCpus < MIN_NANO_CPUS) {
    add(c, 'INVALID_VALUE', at, `must be at least 0.001, got "${cpus}"`);
  }
}

/** deploy and restart rules, in reporting order. */
export const DEPLOY_RULES: readonly ModelRule[] = [{ service: checkDeploy }, { service: checkLegacyRestart }];
