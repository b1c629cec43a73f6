import { describe, expect, it } from 'vitest';
import { describeTask, evaluateService } from '../../../src/apply/convergence.js';
import type { LiveService, LiveTask } from '../../../src/swarm/live-types.js';
import { liveNode } from '../plan/builders.js';

const TEMPLATE = { ContainerSpec: { Image: 'web:1' }, ForceUpdate: 0, Runtime: 'container' };
const OLD_TEMPLATE = { ContainerSpec: { Image: 'web:0' }, ForceUpdate: 0 };
const WRITTEN = '2026-01-01T10:00:00Z';

function service(overrides: Partial<LiveService> = {}, replicas = 2): LiveService {
  return {
    ID: 'svc',
    Version: { Index: 10 },
    CreatedAt: '2026-01-01T09:00:00Z',
    UpdatedAt: WRITTEN,
    Spec: { Name: 's_web', Labels: {}, TaskTemplate: TEMPLATE, Mode: { Replicated: { Replicas: replicas } } } as LiveService['Spec'],
    ServiceStatus: { DesiredTasks: replicas, RunningTasks: 0 },
    ...overrides,
  };
}

let n = 0;
function task(state: string, options: { desired?: string; spec?: object; err?: string; exit?: number; created?: string } = {}): LiveTask {
  n += 1;
  return {
    ID: `t${n}`,
    Version: { Index: n },
    ServiceID: 'svc',
    Spec: (options.spec ?? { ContainerSpec: { Image: 'web:1' }, ForceUpdate: 0 }) as LiveTask['Spec'],
    DesiredState: options.desired ?? 'running',
    CreatedAt: options.created ?? '2026-01-01T10:00:01Z',
    Status: {
      State: state,
      Timestamp: `2026-01-01T10:00:0${n % 10}Z`,
      ...(options.err ? { Err: options.err } : {}),
      ...(options.exit === undefined ? {} : { ContainerStatus: { ExitCode: options.exit } }),
    },
  };
}

describe('evaluateService', () => {
  it('is converged when every desired task runs the current spec (Runtime on the service only is no difference)', () => {
    const p = evaluateService(service(), [task('running'), task('running')], { writtenAt: WRITTEN });
    expect(p).toMatchObject({ phase: 'converged', running: 2, desired: 2, settled: false });
  });

  it('is starting while a task of the old spec still runs', () => {
    const p = evaluateService(service(), [task('running'), task('running'), task('running', { spec: OLD_TEMPLATE })]);
    expect(p.phase).toBe('starting');
  });

  it('trusts swarm after its updater completed', () => {
    const p = evaluateService(
      service({ UpdateStatus: { State: 'completed', StartedAt: '2026-01-01T10:00:00.5Z' } }),
      [task('running'), task('running')],
      { writtenAt: WRITTEN },
    );
    expect(p).toMatchObject({ phase: 'converged', settled: true });
  });

  it("does not take swarm's completed update as proof while a task has run for less than 3 s (short monitor, busy node)", () => {
    const completed = service({ UpdateStatus: { State: 'completed', StartedAt: '2026-01-01T10:00:00.5Z' } });
    const tasks = [task('running'), task('running')];
    const youngest = Math.max(...tasks.map((t) => Date.parse(t.Status.Timestamp ?? '')));
    expect(evaluateService(completed, tasks, { writtenAt: WRITTEN, now: youngest + 1000 })).toMatchObject({ phase: 'converged', settled: false });
    expect(evaluateService(completed, tasks, { writtenAt: WRITTEN, now: youngest + 3000 })).toMatchObject({ phase: 'converged', settled: true });
  });

  it('reports an update swarm rolled back, and ignores update states older than our write', () => {
    const rolledBack = service({ UpdateStatus: { State: 'rollback_completed', StartedAt: '2026-01-01T10:00:03Z', Message: 'rollback completed' } });
    expect(evaluateService(rolledBack, [task('running'), task('running')], { writtenAt: WRITTEN })).toMatchObject({
      phase: 'rolled-back',
      message: 'update failed and was rolled back: rollback completed',
    });
    const old = service({ UpdateStatus: { State: 'rollback_completed', StartedAt: '2025-12-31T10:00:00Z' } });
    expect(evaluateService(old, [task('running'), task('running')], { writtenAt: WRITTEN }).phase).toBe('converged');
  });

  it('reports a paused update as failed with swarm message', () => {
    const paused = service({ UpdateStatus: { State: 'paused', StartedAt: '2026-01-01T10:00:01Z', Message: 'update paused due to failure or early termination of task x' } });
    expect(evaluateService(paused, [], { writtenAt: WRITTEN })).toMatchObject({
      phase: 'failed',
      message: 'update paused: update paused due to failure or early termination of task x',
    });
  });

  it('names an image that cannot be pulled', () => {
    const p = evaluateService(service(), [task('rejected', { desired: 'shutdown', err: 'No such image: web:1' })], { writtenAt: WRITTEN });
    expect(p).toMatchObject({ phase: 'failed', message: 'image cannot be pulled: web:1 (No such image: web:1)' });
  });

  it('says why a task cannot be placed', () => {
    const p = evaluateService(service(), [task('pending', { err: 'no suitable node (1 node not available for new tasks)' })], { writtenAt: WRITTEN });
    expect(p.message).toBe('cannot be placed: no suitable node (1 node not available for new tasks)');
  });

  it('reports tasks that keep exiting, out of memory and failing health checks', () => {
    const crash = [task('failed', { desired: 'shutdown', exit: 3, err: 'task: non-zero exit (3)' }), task('failed', { desired: 'shutdown', exit: 3, err: 'task: non-zero exit (3)' })];
    expect(evaluateService(service(), crash, { writtenAt: WRITTEN }).message).toBe('tasks keep exiting (exit code 3: task: non-zero exit (3)), 2 so far');
    const oom = [task('failed', { desired: 'shutdown', exit: 137 }), task('failed', { desired: 'shutdown', exit: 137 })];
    expect(evaluateService(service(), oom, { writtenAt: WRITTEN }).message).toBe('tasks are killed (exit code 137: out of memory or SIGKILL), 2 so far');
    const unhealthy = [task('complete', { desired: 'shutdown', exit: 0 }), task('complete', { desired: 'shutdown', exit: 0 })];
    expect(evaluateService(service(), unhealthy, { writtenAt: WRITTEN, hasHealthcheck: true }).message).toBe(
      'health check failing: 2 tasks stopped before becoming healthy',
    );
  });

  it('takes the exit code from swarm\'s error when the agent reported no container status (its report is best effort)', () => {
    const unreported = [task('failed', { desired: 'shutdown', err: 'task: non-zero exit (3)' }), task('failed', { desired: 'shutdown', exit: 0, err: 'task: non-zero exit (3)' })];
    expect(evaluateService(service(), unreported, { writtenAt: WRITTEN }).message).toBe('tasks keep exiting (exit code 3: task: non-zero exit (3)), 2 so far');
    expect(describeTask(unreported[0]!, service(), false).text).toBe('task exited with code 3');
    // Killed: 137 from the error alone is still "killed".
    expect(describeTask(task('failed', { desired: 'shutdown', err: 'task: non-zero exit (137)' }), service(), false).kind).toBe('killed');
  });

  it('does not count failures from before our write', () => {
    const old = [task('failed', { desired: 'shutdown', exit: 3, created: '2025-12-31T00:00:00Z' }), task('failed', { desired: 'shutdown', exit: 3, created: '2025-12-31T00:00:00Z' })];
    expect(evaluateService(service(), [...old, task('running'), task('running')], { writtenAt: WRITTEN }).phase).toBe('converged');
  });

  it('counts a service scaled to 0 and a completed job as converged', () => {
    expect(evaluateService(service({}, 0), [], { writtenAt: WRITTEN })).toMatchObject({ phase: 'converged', settled: true });
    const job = service({ Spec: { Name: 's_job', Labels: {}, TaskTemplate: TEMPLATE, Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 2 } } } as LiveService['Spec'] });
    expect(evaluateService(job, [task('complete', { desired: 'complete' }), task('complete', { desired: 'complete' })], { writtenAt: WRITTEN })).toMatchObject({
      phase: 'converged',
      completed: 2,
      desired: 2,
    });
  });
});

describe('evaluateService while nodes come and go', () => {
  it('does not call a task unplaceable while nodes are only unavailable, for a while', () => {
    const now = Date.parse('2026-01-01T10:00:11Z');
    const waiting = task('pending', { err: 'no suitable node (4 nodes not available for new tasks; scheduling constraints not satisfied on 1 node)' });
    expect(evaluateService(service(), [waiting], { writtenAt: WRITTEN, now }).phase).toBe('starting');
    const later = Date.parse('2026-01-01T10:00:40Z');
    expect(evaluateService(service(), [waiting], { writtenAt: WRITTEN, now: later }).message).toBe(
      'cannot be placed: no suitable node (4 nodes not available for new tasks; scheduling constraints not satisfied on 1 node)',
    );
    const unsuitable = task('pending', { err: 'no suitable node (scheduling constraints not satisfied on 5 nodes)' });
    expect(evaluateService(service(), [unsuitable], { writtenAt: WRITTEN, now }).phase).toBe('failed');
  });

  it('tasks that ended with their node are no evidence of a failing spec', () => {
    const lost = [
      { ...task('orphaned', { desired: 'shutdown' }), NodeID: 'n5' },
      { ...task('orphaned', { desired: 'shutdown' }), NodeID: 'n5' },
    ];
    expect(evaluateService(service(), lost, { writtenAt: WRITTEN, hasHealthcheck: true }).phase).toBe('failed');
    expect(evaluateService(service(), lost, { writtenAt: WRITTEN, hasHealthcheck: true, downNodes: new Set(['n5']) }).phase).toBe('starting');
  });
});

describe('evaluateService judges a pending task by what holds its room', () => {
  const NOW = Date.parse('2026-01-01T10:01:00Z');
  const PORT_ERR = 'no suitable node (host-mode port already in use on 3 nodes)';
  const nodes = ['node1', 'node2', 'node3'].map((h) => liveNode(h));
  const on = (t: LiveTask, host: string): LiveTask => ({ ...t, NodeID: `id-${host}` });
  const updating = (order: string): LiveService =>
    service(
      {
        UpdateStatus: { State: 'updating', StartedAt: '2026-01-01T10:00:00.5Z' },
        Spec: {
          Name: 's_web',
          Labels: {},
          TaskTemplate: TEMPLATE,
          Mode: { Replicated: { Replicas: 3 } },
          UpdateConfig: { Parallelism: 1, Order: order, MaxFailureRatio: 0, FailureAction: 'pause' },
        } as LiveService['Spec'],
      },
      3,
    );

  it('waits while tasks are stopping on the eligible nodes (a removed stack still holds the port), saying what for', () => {
    const pending = task('pending', { err: PORT_ERR });
    const stopping = [on({ ...task('running', { desired: 'remove' }), ServiceID: 'gone' }, 'node1'), on({ ...task('running', { desired: 'shutdown' }), ServiceID: 'gone' }, 'node2')];
    const p = evaluateService(service({}, 1), [pending], { writtenAt: WRITTEN, now: NOW, cluster: { tasks: [pending, ...stopping], nodes } });
    expect(p).toMatchObject({ phase: 'starting', message: `waiting for 2 tasks stopping on node1, node2 to free room (${PORT_ERR})` });
  });

  it('fails at once when running tasks that nothing stops hold the port on every eligible node', () => {
    const pending = task('pending', { err: PORT_ERR });
    const holders = ['node1', 'node2', 'node3'].map((h) => on({ ...task('running'), ServiceID: 'other' }, h));
    const p = evaluateService(service({}, 1), [pending], { writtenAt: WRITTEN, now: NOW, cluster: { tasks: [pending, ...holders], nodes } });
    expect(p).toMatchObject({
      phase: 'failed',
      left: 'new',
      cause: { kind: 'placement' },
      message: `cannot be placed: ${PORT_ERR}; nothing will free the port: running tasks that are not being stopped hold it on every eligible node`,
    });
  });

  it('start-first: old tasks hold the port until their new task runs, so a pending new task with none starting cannot change', () => {
    const pending = task('pending', { err: PORT_ERR });
    const running = on(task('running'), 'node3');
    const old = ['node1', 'node2'].map((h) => on(task('running', { spec: OLD_TEMPLATE }), h));
    const all = [pending, running, ...old];
    const p = evaluateService(updating('start-first'), all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } });
    expect(p).toMatchObject({ phase: 'failed', left: 'in-progress', running: 1, desired: 3 });
    expect(p.message).toContain('nothing will free the port: the update is start-first');
    // While another new task is starting, its old task will stop: wait.
    const starting = [pending, on(task('starting'), 'node3'), ...old];
    expect(evaluateService(updating('start-first'), starting, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: starting, nodes } })).toMatchObject({
      phase: 'updating',
      message: `waiting for new tasks to start so that the update stops old ones (${PORT_ERR})`,
    });
  });

  it('a global task is bound to its node: the bare filter reason counts, and only its node can free room', () => {
    const global = { ...updating('start-first'), Spec: { ...updating('start-first').Spec, Mode: { Global: {} } } } as LiveService;
    const pending = on(task('pending', { err: 'host-mode port already in use on 1 node' }), 'node1');
    const old = on(task('running', { spec: OLD_TEMPLATE }), 'node1');
    // A task stopping on another node frees nothing for it.
    const elsewhere = on({ ...task('running', { desired: 'shutdown' }), ServiceID: 'other' }, 'node2');
    const all = [pending, old, elsewhere];
    const p = evaluateService(global, all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } });
    expect(p).toMatchObject({ phase: 'failed', left: 'in-progress', cause: { kind: 'placement' } });
    expect(p.message).toContain('nothing will free the port: the update is start-first');
  });

  it('more replicas than nodes that can ever hold the host port: fails at once, even while the update runs', () => {
    const base = updating('stop-first');
    const svc = { ...base, Spec: { ...base.Spec, Mode: { Replicated: { Replicas: 4 } }, EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8080, PublishMode: 'host', Protocol: 'tcp' }] } } } as LiveService;
    const pending = task('pending', { err: PORT_ERR });
    const old = ['node1', 'node2', 'node3'].map((h) => on(task('running', { spec: OLD_TEMPLATE }), h));
    const all = [pending, ...old];
    const p = evaluateService(svc, all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } });
    expect(p).toMatchObject({ phase: 'failed', left: 'in-progress' });
    expect(p.message).toBe(`cannot be placed: host-mode port 8080/tcp is in use on node1, node2, node3 (swarm: ${PORT_ERR}); 4 replicas need host-mode port 8080/tcp and only 3 eligible nodes can ever hold it`);
  });

  it('stop-first: the update stops the old tasks, so a pending new task waits', () => {
    const pending = task('pending', { err: PORT_ERR });
    const old = ['node1', 'node2', 'node3'].map((h) => on(task('running', { spec: OLD_TEMPLATE }), h));
    const all = [pending, ...old];
    const p = evaluateService(updating('stop-first'), all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } });
    expect(p).toMatchObject({ phase: 'updating', running: 0, message: `waiting for the rolling update to stop old tasks (${PORT_ERR})` });
  });

  it('names the host-mode port and the nodes holding it, keeping swarm\'s own text (which names neither)', () => {
    const base = updating('start-first');
    const svc = { ...base, Spec: { ...base.Spec, EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8080, PublishMode: 'host', Protocol: 'tcp' }] } } } as LiveService;
    const held = { Ports: [{ TargetPort: 80, PublishedPort: 8080, PublishMode: 'host', Protocol: 'tcp' }] };
    const pending = task('pending', { err: PORT_ERR });
    const old = ['node1', 'node2', 'node3'].map((h) => on(task('running', { spec: OLD_TEMPLATE }), h));
    const all = [pending, ...old.map((t) => ({ ...t, Status: { ...t.Status, PortStatus: held } }))];
    const p = evaluateService(svc, all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } });
    expect(p).toMatchObject({ phase: 'failed', cause: { kind: 'placement' } });
    expect(p.message).toMatch(new RegExp(`^cannot be placed: host-mode port 8080/tcp is in use on node1, node2, node3 \\(swarm: ${PORT_ERR.replace(/[()]/g, '\\$&')}\\); nothing will free the port: the update is start-first`));
    // A global task waits for its own node: only that node's holder is named.
    const global = { ...svc, Spec: { ...svc.Spec, Mode: { Global: {} } } } as LiveService;
    const bound = on(task('pending', { err: 'host-mode port already in use on 1 node' }), 'node2');
    const tasks = [bound, ...all.slice(1)];
    expect(evaluateService(global, tasks, { writtenAt: WRITTEN, now: NOW, cluster: { tasks, nodes } }).message).toMatch(
      /^cannot be placed: host-mode port 8080\/tcp is in use on node2 \(swarm: host-mode port already in use on 1 node\); nothing will free the port/,
    );
  });

  describe('a placed task holds its service\'s host-mode ports even when its agent reported none (best effort in swarmkit)', () => {
    const base = updating('start-first');
    const publish = (port: number): LiveService['Spec']['EndpointSpec'] => ({ Ports: [{ TargetPort: 80, PublishedPort: port, PublishMode: 'host', Protocol: 'tcp' }] });
    const svc = { ...base, Spec: { ...base.Spec, EndpointSpec: publish(8080) } } as LiveService;
    const global = { ...svc, Spec: { ...svc.Spec, Mode: { Global: {} } } } as LiveService;

    it('an old task of the service, in every state that holds a port, names its node', () => {
      for (const state of ['assigned', 'preparing', 'starting', 'running']) {
        const pending = on(task('pending', { err: 'host-mode port already in use on 1 node' }), 'node2');
        const old = ['node1', 'node2', 'node3'].map((h) => on(task(state, { spec: OLD_TEMPLATE }), h));
        const all = [pending, ...old];
        expect(evaluateService(global, all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } }).message, state).toMatch(
          /^cannot be placed: host-mode port 8080\/tcp is in use on node2 \(swarm: host-mode port already in use on 1 node\); nothing will free the port: the update is start-first/,
        );
      }
    });

    it('an old task runs what the previous spec published, not the new ports', () => {
      const moved = { ...global, Spec: { ...global.Spec, EndpointSpec: publish(9090) }, PreviousSpec: { ...global.Spec, EndpointSpec: publish(8080) } } as LiveService;
      const pending = on(task('pending', { err: 'host-mode port already in use on 1 node' }), 'node2');
      const all = [pending, on(task('running', { spec: OLD_TEMPLATE }), 'node2')];
      expect(evaluateService(moved, all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } }).message).toMatch(/^cannot be placed: host-mode port 9090\/tcp is in use \(swarm:/);
    });

    it('ended and unplaced tasks hold nothing', () => {
      const pending = on(task('pending', { err: 'host-mode port already in use on 1 node' }), 'node2');
      const all = [pending, on(task('failed', { spec: OLD_TEMPLATE }), 'node2'), on(task('pending', { spec: OLD_TEMPLATE }), 'node2')];
      expect(evaluateService(global, all, { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes } }).message).toMatch(/^cannot be placed: host-mode port 8080\/tcp is in use \(swarm:/);
    });

    it('another service\'s tasks, known from the cluster\'s services, count against the nodes that can ever hold the port', () => {
      const other = { ...svc, ID: 'other', Spec: { ...svc.Spec, Name: 't_proxy', Mode: { Replicated: { Replicas: 2 } } }, UpdateStatus: undefined } as LiveService;
      const wanted = { ...svc, Spec: { ...svc.Spec, Mode: { Replicated: { Replicas: 2 } } }, UpdateStatus: undefined } as LiveService;
      const pending = task('pending', { err: PORT_ERR });
      const mine = on(task('running'), 'node3');
      const theirs = ['node1', 'node2'].map((h) => on({ ...task('running'), ServiceID: 'other' }, h));
      const all = [pending, mine, ...theirs];
      const withServices = evaluateService(wanted, [pending, mine], { writtenAt: WRITTEN, now: NOW, cluster: { tasks: all, nodes, services: [other, wanted] } });
      expect(withServices.message).toBe(
        `cannot be placed: host-mode port 8080/tcp is in use on node1, node2, node3 (swarm: ${PORT_ERR}); 2 replicas need host-mode port 8080/tcp and only 1 eligible node can ever hold it`,
      );
    });
  });

  it('progress counts one running task of the new spec per slot (per node when global), never above desired', () => {
    const slot = (t: LiveTask, s: number): LiveTask => ({ ...t, Slot: s });
    // start-first: a slot briefly runs two tasks of the same spec (a forced redeploy); both running never makes 4/3.
    const doubled = [slot(on(task('running'), 'node1'), 1), slot(on(task('running'), 'node2'), 1), slot(on(task('running'), 'node3'), 2), slot(on(task('running'), 'node1'), 3)];
    expect(evaluateService(updating('start-first'), doubled, { writtenAt: WRITTEN, now: NOW })).toMatchObject({ phase: 'updating', running: 3, desired: 3 });
    // Not converged while the extra task still runs, even when the update state says nothing.
    expect(evaluateService(service({}, 3), doubled, { writtenAt: WRITTEN, now: NOW })).toMatchObject({ phase: 'starting', running: 3, desired: 3 });
    // A global service during a start-first update: the daemon's DesiredTasks counts old and new tasks (4 on 3 nodes).
    const globalSvc = service({ Spec: { ...updating('start-first').Spec, Mode: { Global: {} } } as LiveService['Spec'], UpdateStatus: { State: 'updating', StartedAt: '2026-01-01T10:00:00.5Z' }, ServiceStatus: { DesiredTasks: 4, RunningTasks: 4 } });
    const globalTasks = [on(task('running'), 'node1'), on(task('pending'), 'node2'), ...['node1', 'node2', 'node3'].map((h) => on(task('running', { spec: OLD_TEMPLATE }), h))];
    expect(evaluateService(globalSvc, globalTasks, { writtenAt: WRITTEN, now: NOW })).toMatchObject({ phase: 'updating', running: 1, desired: 3 });
  });

  it('counts only running tasks of the new spec', () => {
    const all = [on(task('running'), 'node1'), on(task('running', { spec: OLD_TEMPLATE }), 'node2'), on(task('running', { spec: OLD_TEMPLATE }), 'node3')];
    expect(evaluateService(updating('stop-first'), all, { writtenAt: WRITTEN, now: NOW })).toMatchObject({ phase: 'updating', running: 1, desired: 3 });
  });
});

describe('evaluateService names the failed task and the state swarm left', () => {
  it('a paused update reports the named task cause, not swarm text', () => {
    const failed = { ...task('failed', { desired: 'shutdown', exit: 3, err: 'task: non-zero exit (3)' }), ID: 'f32oabc' };
    const paused = service({ UpdateStatus: { State: 'paused', StartedAt: '2026-01-01T10:00:01Z', Message: 'update paused due to failure or early termination of task f32oabc' } });
    expect(evaluateService(paused, [failed, task('running')], { writtenAt: WRITTEN })).toMatchObject({
      phase: 'failed',
      left: 'paused',
      cause: { kind: 'exit', taskId: 'f32oabc' },
      message: 'task exited with code 3',
    });
  });

  it('a rolled-back update reports the cause found on the tasks of the spec that failed', () => {
    const rolledBack = service({ UpdateStatus: { State: 'rollback_completed', StartedAt: '2026-01-01T10:00:03Z', Message: 'rollback completed' } });
    const failedNew = task('complete', { desired: 'shutdown', exit: 0, spec: { ContainerSpec: { Image: 'web:9' }, ForceUpdate: 0 } });
    expect(evaluateService(rolledBack, [failedNew, task('running'), task('running')], { writtenAt: WRITTEN, hasHealthcheck: true })).toMatchObject({
      phase: 'rolled-back',
      left: 'rolled-back',
      cause: { kind: 'unhealthy' },
      message: 'health check failing: the task was stopped before it became healthy',
    });
  });

  it('failure_action continue: failed, swarm carries on', () => {
    const cont = service({
      UpdateStatus: { State: 'updating', StartedAt: '2026-01-01T10:00:01Z' },
      Spec: { Name: 's_web', Labels: {}, TaskTemplate: TEMPLATE, Mode: { Replicated: { Replicas: 2 } }, UpdateConfig: { Parallelism: 1, Order: 'stop-first', MaxFailureRatio: 0, FailureAction: 'continue' } } as LiveService['Spec'],
    });
    const crash = [task('failed', { desired: 'shutdown', exit: 3 }), task('failed', { desired: 'shutdown', exit: 3 })];
    expect(evaluateService(cont, crash, { writtenAt: WRITTEN })).toMatchObject({ phase: 'failed', left: 'continuing', cause: { kind: 'exit' } });
    // The updater may be done before the tasks fail: still on the new spec.
    const done = { ...cont, UpdateStatus: { State: 'completed', StartedAt: '2026-01-01T10:00:01Z' } };
    expect(evaluateService(done, crash, { writtenAt: WRITTEN })).toMatchObject({ phase: 'failed', left: 'continuing' });
    const donePause = { ...done, Spec: { ...done.Spec, UpdateConfig: { ...done.Spec.UpdateConfig!, FailureAction: 'pause' } } };
    expect(evaluateService(donePause, crash, { writtenAt: WRITTEN })).toMatchObject({ phase: 'failed', left: 'updated' });
    // With failure_action pause, swarm's own verdict (pause) is awaited.
    const pause = { ...cont, Spec: { ...cont.Spec, UpdateConfig: { ...cont.Spec.UpdateConfig!, FailureAction: 'pause' } } };
    expect(evaluateService(pause, crash, { writtenAt: WRITTEN }).phase).toBe('updating');
  });
});

describe('evaluateService for a run-once service (restart policy none or on-failure)', () => {
  const runOnce = (condition: string): LiveService =>
    service({ Spec: { Name: 's_migrate', Labels: {}, TaskTemplate: { ...TEMPLATE, RestartPolicy: { Condition: condition } }, Mode: { Replicated: { Replicas: 1 } } } as LiveService['Spec'], ServiceStatus: { DesiredTasks: 1, RunningTasks: 0 } }, 1);

  const spec = (condition: string) => ({ ContainerSpec: { Image: 'web:1' }, ForceUpdate: 0, RestartPolicy: { Condition: condition } });

  it('counts a task that completed as done, not as a failure', () => {
    const p = evaluateService(runOnce('none'), [task('complete', { desired: 'shutdown', exit: 0, spec: spec('none') })], { writtenAt: WRITTEN });
    expect(p).toMatchObject({ phase: 'converged', running: 0, completed: 1, desired: 1 });
  });

  it('is converged while an on-failure task runs (a daemon), with nothing completed yet', () => {
    const p = evaluateService(runOnce('on-failure'), [task('running', { spec: spec('on-failure') })], { writtenAt: WRITTEN });
    expect(p).toMatchObject({ phase: 'converged', running: 1, completed: 0 });
  });

  it('still reports tasks that keep failing', () => {
    const p = evaluateService(runOnce('on-failure'), [task('failed', { desired: 'shutdown', exit: 1, spec: spec('on-failure') }), task('failed', { desired: 'shutdown', exit: 1, spec: spec('on-failure') })], { writtenAt: WRITTEN });
    expect(p.phase).toBe('failed');
  });

  it('a service that restarts always does not count completed tasks', () => {
    const p = evaluateService(runOnce('any'), [task('complete', { desired: 'shutdown', exit: 0, spec: spec('any') })], { writtenAt: WRITTEN });
    expect(p.phase).toBe('starting');
    expect(p.completed).toBeUndefined();
  });
});
