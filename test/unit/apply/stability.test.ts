import { describe, expect, it } from 'vitest';
import { MAX_STABILITY_MS, StabilityEvidence } from '../../../src/apply/stability.js';
import type { LiveService, LiveTask } from '../../../src/swarm/live-types.js';

const TEMPLATE = { ContainerSpec: { Image: 'app:1' }, ForceUpdate: 0 };
const HEALTHY_TEMPLATE = { ContainerSpec: { Image: 'app:1', Healthcheck: { Test: ['CMD', 'true'] } }, ForceUpdate: 0 };

function service(id: string, template: object = TEMPLATE, mode: object = { Replicated: { Replicas: 1 } }, restart?: object): LiveService {
  return {
    ID: id,
    Version: { Index: 1 },
    CreatedAt: '2026-01-01T10:00:00Z',
    UpdatedAt: '2026-01-01T10:00:00Z',
    Spec: { Name: id, Labels: {}, TaskTemplate: { ...template, ...(restart ? { RestartPolicy: restart } : {}) }, Mode: mode } as LiveService['Spec'],
  };
}

/** A task of `svc` in `state`, its agent timestamp `at` seconds after 10:00:00. */
function task(id: string, svc: LiveService, state: string, at: number, spec: object = svc.Spec.TaskTemplate): LiveTask {
  return {
    ID: id,
    Version: { Index: 1 },
    ServiceID: svc.ID,
    Spec: spec as LiveTask['Spec'],
    DesiredState: 'running',
    Status: { State: state, Timestamp: new Date(Date.parse('2026-01-01T10:00:00Z') + at * 1000).toISOString() },
  };
}

/** Feeds the polls in order, as the waiter does. */
function observed(services: LiveService[], polls: LiveTask[][]): StabilityEvidence {
  const evidence = new StabilityEvidence();
  const byId = new Map(services.map((s) => [s.ID, s]));
  for (const poll of polls) evidence.observe(poll, byId);
  return evidence;
}

describe('StabilityEvidence', () => {
  it('keeps the base window on a cluster that starts containers in a moment', () => {
    const web = service('web');
    const evidence = observed([web], [[task('a', web, 'pending', 0)], [task('a', web, 'starting', 0.2)], [task('a', web, 'running', 0.8)]]);
    expect(evidence.windowFor('web', 3000)).toEqual({ ms: 3000 });
  });

  it('keeps the base window when no start was caught in progress (a start shorter than a poll)', () => {
    const web = service('web');
    const evidence = observed([web], [[task('a', web, 'preparing', 0)], [task('a', web, 'running', 30)]]);
    expect(evidence.windowFor('web', 3000)).toEqual({ ms: 3000 });
  });

  it("grows with the slowest start of the service's own containers", () => {
    const web = service('web');
    const api = service('api');
    const evidence = observed(
      [web, api],
      [
        [task('a', web, 'starting', 1), task('b', api, 'starting', 1), task('c', api, 'starting', 1)],
        [task('a', web, 'running', 1.5), task('b', api, 'running', 2), task('c', api, 'starting', 1)],
        [task('a', web, 'running', 1.5), task('b', api, 'running', 2), task('c', api, 'running', 4.5)],
      ],
    );
    expect(evidence.windowFor('api', 3000)).toEqual({ ms: 7000, reason: 'its containers took up to 3.5s to start' });
    expect(evidence.windowFor('web', 3000)).toEqual({ ms: 3000 });
  });

  it('does not take a health check wait for a slow start (swarm keeps such a task starting until it is healthy)', () => {
    const web = service('web', HEALTHY_TEMPLATE);
    const evidence = observed([web], [[task('a', web, 'starting', 0)], [task('a', web, 'running', 20)]]);
    expect(evidence.windowFor('web', 3000)).toEqual({ ms: 3000 });
  });

  it('makes a replacement outlive the failed tasks of its spec twice over', () => {
    const boom = service('boom');
    const other = service('other');
    const evidence = observed(
      [boom, other],
      [[task('a', boom, 'starting', 0)], [task('a', boom, 'running', 0.4)], [task('a', boom, 'failed', 10.4)]],
    );
    expect(evidence.windowFor('boom', 3000)).toEqual({ ms: 20_000, reason: 'a task of this spec ran 10.0s before it failed' });
    expect(evidence.windowFor('other', 3000)).toEqual({ ms: 3000 });
  });

  it('measures a failed task that was never seen running from its start', () => {
    const boom = service('boom');
    const evidence = observed([boom], [[task('a', boom, 'starting', 0)], [task('a', boom, 'failed', 8)]]);
    expect(evidence.windowFor('boom', 3000)).toEqual({ ms: 16_000, reason: 'a task of this spec failed 8.0s after it began to start' });
  });

  it('counts a container that exits 0 and is restarted as a failure, but not the completion of a job or run-once task', () => {
    const loop = service('loop');
    const job = service('job', TEMPLATE, { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } });
    const once = service('once', TEMPLATE, { Replicated: { Replicas: 1 } }, { Condition: 'on-failure' });
    const polls = [
      [task('a', loop, 'running', 0), task('b', job, 'running', 0), task('c', once, 'running', 0)],
      [task('a', loop, 'complete', 5), task('b', job, 'complete', 5), task('c', once, 'complete', 5)],
    ];
    const evidence = observed([loop, job, once], [[task('a', loop, 'assigned', 0), task('b', job, 'assigned', 0), task('c', once, 'assigned', 0)], ...polls]);
    expect(evidence.windowFor('loop', 3000).ms).toBe(10_000);
    expect(evidence.windowFor('job', 3000).ms).toBe(3000);
    expect(evidence.windowFor('once', 3000).ms).toBe(3000);
  });

  it('ignores failures of tasks already running when the wait began, and of an older spec', () => {
    const web = service('web');
    const evidence = observed(
      [web],
      [
        [task('old', web, 'running', -3600), task('prev', web, 'assigned', 0, { ContainerSpec: { Image: 'app:0' } })],
        [task('old', web, 'failed', 5), task('prev', web, 'running', 1, { ContainerSpec: { Image: 'app:0' } })],
        [task('old', web, 'failed', 5), task('prev', web, 'failed', 9, { ContainerSpec: { Image: 'app:0' } })],
      ],
    );
    expect(evidence.windowFor('web', 3000)).toEqual({ ms: 3000 });
  });

  it('never grows beyond its cap', () => {
    const web = service('web');
    const evidence = observed([web], [[task('a', web, 'starting', 0)], [task('a', web, 'running', 120)]]);
    expect(evidence.windowFor('web', 3000).ms).toBe(MAX_STABILITY_MS);
  });
});
