// How long each slow integration file takes in a full CI run (seconds, wall time of the file while four labs share
// the 2-core machine), for test/helpers/sequencer.ts: the longest start first, so that no long file starts last and
// runs alone at the end. Figures from the last full run; a file that is missing here starts after these, the larger
// files first. Files split since that run carry their old file's figure shared out in the ratio of the halves'
// times measured one after the other on one lab. Refresh after a full run (`npm test` prints each file's time) when
// a file moves by more than a minute.
export const FILE_SECONDS: Record<string, number> = {
  // The rollout matrix files: measured side by side on two labs while other work loaded the machine.
  'test/integration/rollout-matrix-a.int.test.ts': 545,
  'test/integration/rollout-matrix-b.int.test.ts': 500,
  'test/integration/rollout-matrix-a-limits.int.test.ts': 470,
  'test/integration/rollout-matrix-b-global.int.test.ts': 440,
  'test/integration/bench.int.test.ts': 391,
  'test/integration/faults-cluster.int.test.ts': 301,
  'test/integration/rollback.int.test.ts': 284,
  'test/integration/deploy-order.int.test.ts': 263,
  'test/integration/daily-commands.int.test.ts': 254,
  'test/integration/deploy.int.test.ts': 248,
  'test/integration/deploy-races.int.test.ts': 233,
  'test/integration/deploy-rollout.int.test.ts': 223,
  'test/integration/parity-redeploy.int.test.ts': 217,
  'test/integration/faults-concurrency.int.test.ts': 214,
  'test/integration/diff.int.test.ts': 206,
  'test/integration/parity-more.int.test.ts': 182,
  'test/integration/parity.int.test.ts': 134,
  'test/integration/diff-problems.int.test.ts': 133,
};
