// How long each slow integration file takes in a full CI run (seconds, wall time of the file while four labs share
// the 2-core machine), for test/helpers/sequencer.ts: the longest start first, so that no long file starts last and
// runs alone at the end. Figures from the full CI run of 2026-12-04, taken while other work loaded the machine (so
// longer than on a quiet one: the order is what counts). A file missing here starts after these, the larger files
// first. Refresh after a full run (`npm test` prints each file's time) when a file moves by more than a minute.
export const FILE_SECONDS: Record<string, number> = {
  'test/integration/deploy-rollout.int.test.ts': 390,
  'test/integration/parity-redeploy.int.test.ts': 356,
  'test/integration/deploy-races.int.test.ts': 309,
  'test/integration/diff.int.test.ts': 292,
  'test/integration/faults-concurrency.int.test.ts': 262,
  'test/integration/faults-input.int.test.ts': 256,
  'test/integration/faults-cluster.int.test.ts': 242,
  'test/integration/rollout-matrix-a.int.test.ts': 241,
  'test/integration/deploy.int.test.ts': 240,
  'test/integration/rollout-matrix-b-global.int.test.ts': 233,
  'test/integration/rollout-matrix-b.int.test.ts': 231,
  'test/integration/rollout-matrix-a-limits.int.test.ts': 220,
  'test/integration/rollback.int.test.ts': 218,
  'test/integration/daily-commands.int.test.ts': 197,
  'test/integration/parity.int.test.ts': 189,
  'test/integration/parity-more.int.test.ts': 186,
  'test/integration/deploy-order.int.test.ts': 176,
  'test/integration/ci-plans.int.test.ts': 169,
  'test/integration/bench.int.test.ts': 166,
  'test/integration/deploy-signals.int.test.ts': 159,
  'test/integration/diff-problems.int.test.ts': 146,
  'test/integration/starved-node.int.test.ts': 100,
  'test/integration/compose-spec.int.test.ts': 93,
  'test/integration/package.int.test.ts': 82,
  'test/integration/cli.int.test.ts': 79,
  'test/integration/slow-manager.int.test.ts': 67,
};
