import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { taskViews, type TaskView } from '../../../src/inspect/tasks.js';
import { currentState, renderTasks } from '../../../src/render/ps.js';
import { RECORDED_AT, dockerOutput, recordedNodes, recordedServices, recordedTasks } from '../inspect/recorded.js';

const NOW = new Date('2026-01-02T03:04:05Z');

function task(parts: Partial<TaskView>): TaskView {
  return {
    id: 'qgrfvu6xvyci5bqn2jvj0y1hn',
    name: 'demo_web.1',
    previous: false,
    serviceId: 'y5kxa2areof2x8whbdn1jhq3n',
    service: 'demo_web',
    slot: 1,
    nodeId: 'hujvawmk8pl1hky1k06l5i9b4',
    node: 'node3',
    image: '10.213.0.1:5000/stack-test/web:1@sha256:97d9c0a8f3d39f256d0e0e44f6b20f3d4d892690d25591ac8f7fc9b319100563',
    desiredState: 'running',
    state: 'running',
    since: '2026-01-02T03:04:02Z',
    error: null,
    ports: [],
    createdAt: '2026-01-02T03:04:00Z',
    ...parts,
  };
}

describe('stack ps table', () => {
  const views = () => taskViews(recordedTasks(), recordedServices(), recordedNodes());

  it('prints exactly what docker stack ps printed for the recorded stack', () => {
    expect(renderTasks(views(), { now: RECORDED_AT })).toBe(dockerOutput('docker-stack-ps.txt'));
  });

  it('prints exactly what docker stack ps --no-trunc printed', () => {
    expect(renderTasks(views(), { now: RECORDED_AT, noTrunc: true })).toBe(dockerOutput('docker-stack-ps-no-trunc.txt'));
  });

  it('indents older tasks of a slot, quotes and cuts errors at 30 characters, lists host ports', () => {
    const rows = [
      task({ ports: [{ protocol: 'tcp', target: 82, published: 18092, mode: 'host' }] }),
      task({
        id: 'zkqbqy0nuee2aaaaaaaaaaaaa',
        previous: true,
        desiredState: 'shutdown',
        state: 'failed',
        since: '2026-01-02T02:58:00Z',
        error: 'starting container failed: no such image here',
      }),
    ];
    expect(renderTasks(rows, { now: NOW })).toBe(dedent`
      ID             NAME             IMAGE                              NODE      DESIRED STATE   CURRENT STATE           ERROR                              PORTS
      qgrfvu6xvyci   demo_web.1       10.213.0.1:5000/stack-test/web:1   node3     Running         Running 3 seconds ago                                      *:18092->82/tcp
      zkqbqy0nuee2    \\_ demo_web.1   10.213.0.1:5000/stack-test/web:1   node3     Shutdown        Failed 6 minutes ago    "starting container failed: no…"
    `);
  });

  it('indents older tasks in table formats only, as docker does', () => {
    const rows = [task({}), task({ id: 'zkqbqy0nuee2aaaaaaaaaaaaa', previous: true })];
    expect(renderTasks(rows, { now: NOW, format: '{{.ID}} {{.Name}}' })).toBe('qgrfvu6xvyci demo_web.1\nzkqbqy0nuee2 demo_web.1\n');
    expect(renderTasks(rows, { now: NOW, format: 'table {{.ID}}\\t{{.Name}}' })).toBe('ID             NAME\nqgrfvu6xvyci   demo_web.1\nzkqbqy0nuee2    \\_ demo_web.1\n');
  });

  it('prints IDs only with quiet (full with --no-trunc)', () => {
    expect(renderTasks([task({})], { now: NOW, quiet: true })).toBe('qgrfvu6xvyci\n');
    expect(renderTasks([task({})], { now: NOW, quiet: true, noTrunc: true })).toBe('qgrfvu6xvyci5bqn2jvj0y1hn\n');
  });
});

describe('CURRENT STATE wording', () => {
  it('is the state and its age, as docker writes it', () => {
    expect(currentState({ state: 'running', since: '2026-01-02T03:04:02Z' }, NOW)).toBe('Running 3 seconds ago');
    expect(currentState({ state: 'preparing', since: '2026-01-02T03:04:04.600Z' }, NOW)).toBe('Preparing less than a second ago');
    expect(currentState({ state: 'complete', since: '2026-01-02T02:04:05Z' }, NOW)).toBe('Complete about an hour ago');
    expect(currentState({ state: 'pending', since: null }, NOW)).toBe('Pending');
  });
});
