import type { Change, ExcludedServicePlan, Plan, ServiceDependency, ServicePlacement } from '../plan/plan.js';
import type { NameTakenProblem, PlanProblem, RolloutProblem } from '../plan/problems.js';
import type { ChangeReason, PlanWarning } from '../plan/reasons.js';
import { summarizePlan, type PlanSummary } from './plan.js';
import { exclusionText, problemFixes, problemText } from './plan-problems.js';
import { reasonText, warningText } from './plan-words.js';

/** One field of a change in the JSON form; `null` stands for an absent value; sensitive values are always null. */
export interface PlanFieldJson {
  path: string;
  before: unknown;
  after: unknown;
  sensitive?: true;
}

/** One object in the JSON form (docs/plan-json.md). */
export interface PlanChangeJson {
  type: Change['type'];
  name: string;
  action: Change['action'];
  /** Running tasks the change replaces (0 for everything but services). */
  restarts: number;
  /** The reason in words (rendered from `reasonCode` and its data). */
  reason: string | null;
  /** The reason's code (src/plan/reasons.ts, docs/plan-json.md). */
  reasonCode: ChangeReason['code'] | null;
  /** Version index of the live object the plan was computed against (null when there is none). */
  liveVersion: number | null;
  /** For a replacement secret/config: the object it takes over from. */
  replaces: string | null;
  /** For removals: whether this run executes it (`--prune`). */
  executed: boolean;
  fields: PlanFieldJson[];
}

/** One service's placement in the JSON form: `excluded` in words (one line per node), `exclusions` as codes with data. */
export type ServicePlacementJson = ServicePlacement & { excluded: string[] };

/**
 * One problem in the JSON form: its codes and data, `message` in words, and for `rollout` problems `fixes` in words
 * with `fixCodes` as codes; `name-taken` problems also name the object as `object` (`network NAME`).
 */
export type PlanProblemJson =
  | (Exclude<PlanProblem, RolloutProblem | NameTakenProblem> & { message: string })
  | (Omit<RolloutProblem, 'fixes'> & { message: string; fixes: string[]; fixCodes: RolloutProblem['fixes'] })
  | (NameTakenProblem & { object: string; message: string });

/** The documented, stable JSON form of a plan (`stack diff --json`, `stack deploy --json`). */
export interface PlanJson {
  stack: string;
  readAt: string | null;
  prune: boolean;
  /** True when executing the plan writes something. */
  changed: boolean;
  summary: PlanSummary;
  changes: PlanChangeJson[];
  placement: ServicePlacementJson[];
  problems: PlanProblemJson[];
  warnings: string[];
  /** The code of each warning, in the order of `warnings`. */
  warningCodes: PlanWarning['code'][];
  /** `depends_on` entries with their condition; `waits` when the dependency is written by this plan. */
  order: ServiceDependency[];
  /** Services left out because none of their profiles is active. */
  excludedServices: ExcludedServicePlan[];
}

export function planToJson(plan: Plan): PlanJson {
  const summary = summarizePlan(plan);
  return {
    stack: plan.stackName,
    readAt: plan.readAt ?? null,
    prune: plan.prune,
    changed: summary.create + summary.update + summary.replace + summary.remove > 0,
    summary,
    changes: plan.changes.map((change) => ({
      type: change.type,
      name: change.name,
      action: change.action,
      restarts: change.type === 'service' ? change.restartCount : 0,
      reason: change.reason ? reasonText(change.reason) : null,
      reasonCode: change.reason?.code ?? null,
      liveVersion: change.liveVersion ?? null,
      replaces: (change.type === 'secret' || change.type === 'config') && change.replaces ? change.replaces : null,
      executed: change.action === 'none' ? false : change.action !== 'remove' || plan.prune,
      fields: change.fields.map((field) =>
        field.sensitive
          ? { path: field.path, before: null, after: null, sensitive: true as const }
          : { path: field.path, before: field.before ?? null, after: field.after ?? null },
      ),
    })),
    placement: plan.placement.map(placementToJson),
    problems: plan.problems.map(problemToJson),
    warnings: plan.warnings.map(warningText),
    warningCodes: plan.warnings.map((w) => w.code),
    order: plan.order ?? [],
    excludedServices: plan.excludedServices ?? [],
  };
}

function placementToJson(placement: ServicePlacement): ServicePlacementJson {
  const { exclusions, ...rest } = placement;
  return { ...rest, excluded: exclusions.map(exclusionText), exclusions };
}

function problemToJson(problem: PlanProblem): PlanProblemJson {
  const message = problemText(problem);
  if (problem.kind === 'rollout') return { ...problem, message, fixes: problemFixes(problem), fixCodes: problem.fixes };
  if (problem.kind === 'name-taken') return { ...problem, object: `${problem.objectType} ${problem.name}`, message };
  return { ...problem, message };
}
