/**
 * Conversion parity: every fixture of test/fixtures/parity deployed with `docker stack deploy` (28.x client) and
 * with `stack deploy` must leave the same services, networks, secrets and configs in the swarm, field for field,
 * after normalising only what must differ (IDs, versions, timestamps, the stack name, allocated values).
 * Then cross-tool redeploys: deploying over a stack with the other tool must not restart any task.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createExternals,
  deployWithDocker,
  deployWithStack,
  ensureBuilt,
  loadParityFixture,
  parityFixtureNames,
  removeExternals,
  removeStack,
  runningTaskIds,
  runParity,
  waitForRunningTasks,
  type ParityFixture,
} from '../helpers/parity.js';
import { formatDifferences, type FieldDifference } from '../helpers/spec-diff.js';

const fixtures = parityFixtureNames().map(loadParityFixture);

/**
 * Differences we keep on purpose, each listed in the README with its reason. A difference is accepted only when
 * both its path and its two values match; everything else fails the test.
 */
const INTENTIONAL_DIFFERENCES: { path: RegExp; accepts: (d: FieldDifference) => boolean; reason: string }[] = [
  {
    path: /^secrets\[".*"\]\.Spec\.Labels\["io\.stack\.content-hash"\]$/,
    accepts: (d) => d.left === undefined && typeof d.right === 'string' && /^[0-9a-f]{64}$/.test(d.right),
    reason:
      'stack labels every secret it writes with the sha256 of its data: the Engine never returns secret data, and the ' +
      'hash is how a later deploy sees that a secret file changed (docker cannot, and fails on swarm\'s update refusal)',
  },
];

function unexpected(diffs: FieldDifference[]): FieldDifference[] {
  return diffs.filter((d) => !INTENTIONAL_DIFFERENCES.some((known) => known.path.test(d.path) && known.accepts(d)));
}

beforeAll(() => {
  ensureBuilt();
}, 300_000);

describe('docker stack deploy parity', () => {
  it('has at least 12 fixtures with distinct short names', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    expect(new Set(fixtures.map((f) => f.short)).size).toBe(fixtures.length);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: same Swarm objects as docker`, async () => {
      const { diffs, docker, ours } = await runParity(fixture);
      // Guard against comparing two empty stacks.
      expect(docker.services.length).toBeGreaterThan(0);
      expect(ours.services.length).toBe(docker.services.length);
      const left = unexpected(diffs);
      expect(left, `fields that differ (docker vs stack) for ${fixture.name}:\n${formatDifferences(left)}`).toEqual([]);
    });
  }
});

/** Fixtures whose tasks all run on the lab (no jobs: updating a job re-runs it by design). */
const REDEPLOY_FIXTURES = ['networks', 'volumes', 'runtime', 'multi-file'];

type Tool = 'docker' | 'stack';

async function deployWith(tool: Tool, fixture: ParityFixture, stackName: string): Promise<void> {
  if (tool === 'docker') await deployWithDocker(fixture, stackName);
  else await deployWithStack(fixture, stackName);
}

/** Deploys with `first`, waits for the tasks, deploys the same files with `second`, and checks no task was replaced. */
async function redeployKeepsTasks(fixture: ParityFixture, first: Tool, second: Tool, stackName: string): Promise<void> {
  await removeStack(stackName, fixture.volumes);
  await createExternals(fixture);
  try {
    await deployWith(first, fixture, stackName);
    const before = await waitForRunningTasks(stackName);
    expect(before.length).toBeGreaterThan(0);
    await deployWith(second, fixture, stackName);
    // An update that replaces tasks shows within a second or two; watch for a while.
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await runningTaskIds(stackName), `tasks replaced after ${second} deployed over ${first}`).toEqual(before);
    }
    expect(await waitForRunningTasks(stackName)).toEqual(before);
  } finally {
    await removeStack(stackName, fixture.volumes);
    await removeExternals(fixture);
  }
}

describe('cross-tool redeploy keeps tasks', () => {
  for (const name of REDEPLOY_FIXTURES) {
    const fixture = loadParityFixture(name);
    it(`${name}: stack first, then docker`, async () => {
      await redeployKeepsTasks(fixture, 'stack', 'docker', `rs${fixture.short}`);
    });
    it(`${name}: docker first, then stack`, async () => {
      await redeployKeepsTasks(fixture, 'docker', 'stack', `rd${fixture.short}`);
    });
  }
});
