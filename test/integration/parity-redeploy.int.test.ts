/**
 * Cross-tool redeploys on the lab swarm: deploying a parity fixture (test/fixtures/parity) over a stack made by
 * the other tool (`docker stack deploy` 28.x or `stack deploy`) must not replace any task, in both directions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createExternals,
  deployWithDocker,
  deployWithStack,
  ensureBuilt,
  loadParityFixture,
  removeExternals,
  removeStack,
  runningTaskIds,
  waitForRunningTasks,
  type ParityFixture,
} from '../helpers/parity.js';

beforeAll(() => {
  ensureBuilt();
}, 300_000);

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
