import type { InputProblem } from '../errors/problem.js';
import type { StackModel } from '../model/stack-model.js';
import type { SourceMap } from './source-map.js';
import type { Checker, ModelRule, ServiceRule, StackRule } from './rules/checker.js';
import { DEPLOY_RULES } from './rules/deploy.js';
import { HEALTHCHECK_RULES } from './rules/healthcheck.js';
import { MOUNT_RULES } from './rules/mounts.js';
import { NAME_RULES } from './rules/names.js';
import { PORT_RULES } from './rules/ports.js';
import { DEPENDENCY_RULES, REFERENCE_RULES } from './rules/references.js';
import { TOP_LEVEL_RULES } from './rules/top-level.js';

/**
 * Phase 12 of the loader: rules that need more than one key (or the stack name) to judge, each reported where the
 * user has to change something. They catch what docker's converter or swarm's API would refuse later — after
 * networks and secrets were already written — and a few things swarm accepts but that can never work (a placement
 * constraint on an unknown attribute) or that would silently do something other than the file says (a port
 * published on one host address).
 *
 * One file per rule family in src/compose/rules/ (sources: docker/cli convert/*.go, swarmkit controlapi and
 * constraint packages; Docker's own grammars and limits come from src/docker/):
 * - names.ts: image present and a valid reference; with a stack name, `<stack>_<service>` as swarm names services;
 * - references.ts: secrets, configs, networks, credential_spec (one source); duplicate secret/config targets;
 *   depends_on cycles (an unknown depends_on service is a warning, warnings.ts);
 * - deploy.ts (with placement.ts): mode, replicas, jobs, endpoint_mode, update/rollback config, restart policy and
 *   legacy `restart`, cpus, memory, placement constraints, non-negative counts and durations;
 * - ports.ts, mounts.ts (named and cluster volumes too), healthcheck.ts;
 * - top-level.ts: external volumes, secret/config sources, and (with a stack name) their names.
 */
export function validateModel(model: StackModel, sourceMap: SourceMap, stackName?: string): InputProblem[] {
  const c: Checker = { model, sourceMap, stackName, problems: [] };
  const serviceRules: ServiceRule[] = [];
  const stackRules: StackRule[] = [];
  for (const rule of MODEL_RULES) {
    if ('service' in rule) serviceRules.push(rule.service);
    else stackRules.push(rule.stack);
  }
  for (const [name, service] of Object.entries(model.services)) {
    for (const rule of serviceRules) rule(c, name, service);
  }
  for (const rule of stackRules) rule(c);
  return c.problems;
}

/**
 * Every model rule, in reporting order: the per-service rules for each service in turn (all of one service before
 * the next), then the rules over the whole stack. The unit tests and the error corpus compare this order.
 */
const MODEL_RULES: readonly ModelRule[] = [
  ...NAME_RULES,
  ...REFERENCE_RULES,
  ...DEPLOY_RULES,
  ...PORT_RULES,
  ...MOUNT_RULES,
  ...HEALTHCHECK_RULES,
  ...DEPENDENCY_RULES,
  ...TOP_LEVEL_RULES,
];
