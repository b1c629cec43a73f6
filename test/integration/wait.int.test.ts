import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForServices, type WaitOutcome } from '../../src/apply/wait.js';
import type { ServiceSpec } from '../../src/convert/swarm-types.js';
import { connectToManager } from '../../src/swarm/connect.js';
import { EngineApi } from '../../src/swarm/engine-api.js';
import { resolveEndpoints } from '../../src/swarm/endpoint.js';
import { createService, inspectService, removeService, updateService } from '../../src/swarm/operations.js';
import { labDockerHost, labImage } from '../helpers/lab.js';

const PREFIX = 'waittest';
let api: EngineApi;
const created: string[] = [];

function spec(name: string, image: string, extra: Partial<ServiceSpec['TaskTemplate']> = {}, mode: ServiceSpec['Mode'] = { Replicated: { Replicas: 1 } }): ServiceSpec {
  return {
    Name: `${PREFIX}_${name}`,
    Labels: {},
    TaskTemplate: { ContainerSpec: { Image: image }, ForceUpdate: 0, RestartPolicy: { Condition: 'any', Delay: 200_000_000 }, ...extra },
    Mode: mode,
  } as ServiceSpec;
}

async function start(s: ServiceSpec): Promise<{ id: string; name: string }> {
  const { id } = await createService(api, s);
  created.push(id);
  return { id, name: s.Name ?? '' };
}

function only(outcomes: WaitOutcome[]): WaitOutcome {
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

beforeAll(async () => {
  const connection = await connectToManager(resolveEndpoints({ hosts: [labDockerHost()] }, {}));
  api = new EngineApi(connection.docker);
});

afterAll(async () => {
  for (const id of created) await removeService(api, id).catch(() => undefined);
});

describe('waiting for services to converge', () => {
  it('reports healthy replicas, a completed job and a service scaled to 0 as converged', async () => {
    const web = await start(
      spec('web', labImage('web'), {
        ContainerSpec: {
          Image: labImage('web'),
          Healthcheck: { Test: ['CMD', 'test', '-f', '/www/health'], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 3 },
        },
      }, { Replicated: { Replicas: 2 } }),
    );
    const job = await start(spec('job', labImage('busybox'), { ContainerSpec: { Image: labImage('busybox'), Args: ['true'] } }, { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }));
    const zero = await start(spec('zero', labImage('busybox'), {}, { Replicated: { Replicas: 0 } }));
    const outcomes = await waitForServices(api, [web, job, zero], { timeoutMs: 60_000 });
    expect(outcomes.map((o) => [o.name, o.phase, o.running, o.desired])).toEqual([
      [`${PREFIX}_web`, 'converged', 2, 2],
      [`${PREFIX}_job`, 'converged', 0, 2],
      [`${PREFIX}_zero`, 'converged', 0, 0],
    ]);
  });

  it('fails early with the reason: missing image, unplaceable constraint, crashing task, failing health check', async () => {
    const targets = [
      await start(spec('noimage', labImage('web', 'nope'))),
      await start(spec('unplaceable', labImage('web'), { Placement: { Constraints: ['node.labels.nope==1'] } })),
      await start(spec('crash', labImage('crash'))),
      await start(
        spec('unhealthy', labImage('unhealthy'), {
          ContainerSpec: {
            Image: labImage('unhealthy'),
            Healthcheck: { Test: ['CMD', 'test', '-f', '/www/health'], Interval: 300_000_000, Timeout: 500_000_000, Retries: 1 },
          },
        }),
      ),
    ];
    const started = Date.now();
    const outcomes = await waitForServices(api, targets, { timeoutMs: 90_000 });
    expect(Date.now() - started).toBeLessThan(60_000);
    const [noimage, unplaceable, crash, unhealthy] = outcomes;
    expect(noimage?.phase).toBe('failed');
    expect(noimage?.message).toMatch(/^image cannot be pulled: .*web:nope \(No such image/);
    expect(unplaceable?.message).toBe(
      'cannot be placed: no suitable node (scheduling constraints not satisfied on 3 nodes); no ready, active node satisfies the constraints',
    );
    expect(unplaceable).toMatchObject({ left: 'new', cause: { kind: 'placement' } });
    expect(crash?.message).toMatch(/^tasks keep exiting \(exit code 3: task: non-zero exit \(3\)\), \d+ so far$/);
    expect(unhealthy?.message).toMatch(/^health check failing: \d+ tasks stopped before becoming healthy$/);
  });

  it('reports an update that swarm rolled back', async () => {
    const target = await start(
      spec('rollback', labImage('web'), {}, { Replicated: { Replicas: 1 } }),
    );
    expect(only(await waitForServices(api, [target], { timeoutMs: 60_000 })).phase).toBe('converged');
    const live = await inspectService(api, target.id);
    const broken: ServiceSpec = {
      ...live.Spec,
      TaskTemplate: { ...live.Spec.TaskTemplate, ContainerSpec: { ...live.Spec.TaskTemplate.ContainerSpec, Image: labImage('crash') } },
      UpdateConfig: { Parallelism: 1, FailureAction: 'rollback', Monitor: 2_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
    };
    await updateService(api, target.id, live.Version.Index, broken);
    const outcome = only(await waitForServices(api, [target], { timeoutMs: 90_000 }));
    expect(outcome.phase).toBe('rolled-back');
    // The cause is the failed task's own, not swarm's "rollback completed".
    expect(outcome).toMatchObject({ left: 'rolled-back', cause: { kind: 'exit' } });
    expect(outcome.message).toMatch(/^task exited with code 3$/);
  });

  it('stops at the timeout and says where each service stood', async () => {
    const target = await start(spec('slow', labImage('web'), { Placement: { Constraints: ['node.labels.nope==1'] } }));
    const outcome = only(await waitForServices(api, [target], { timeoutMs: 1 }));
    expect(outcome.phase).toBe('timed-out');
    // What the wait was doing follows, when it was doing something (here: maybe judging the unplaceable task).
    expect(outcome.message).toMatch(/^not converged after 0s \(starting, 0\/1 running\)(: .+)?$/);
  });
});
