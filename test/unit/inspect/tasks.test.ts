import { describe, expect, it } from 'vitest';
import { parseTaskFilters, taskViews } from '../../../src/inspect/tasks.js';
import type { LiveNode, LiveService, LiveTask } from '../../../src/swarm/live-types.js';
import { recordedNodes, recordedServices, recordedTasks } from './recorded.js';
import { thrown } from '../../helpers/thrown.js';

function service(id: string, name: string): LiveService {
  return { ID: id, Version: { Index: 1 }, CreatedAt: '', UpdatedAt: '', Spec: { Name: name, Labels: {}, TaskTemplate: { ForceUpdate: 0 }, Mode: {} } };
}

function node(id: string, hostname: string, specName?: string): LiveNode {
  return {
    ID: id,
    Version: { Index: 1 },
    Spec: { Role: 'worker', Availability: 'active', ...(specName ? { Name: specName } : {}) },
    Description: { Hostname: hostname, Platform: { Architecture: 'x86_64', OS: 'linux' }, Resources: { NanoCPUs: 0, MemoryBytes: 0 }, Engine: { EngineVersion: '20.10' } },
    Status: { State: 'ready' },
  };
}

function task(id: string, parts: Partial<LiveTask>): LiveTask {
  return {
    ID: id,
    Version: { Index: 1 },
    ServiceID: 'svc1',
    Spec: { ContainerSpec: { Image: 'web:1' }, ForceUpdate: 0 },
    DesiredState: 'running',
    Status: { State: 'running', Timestamp: '2026-01-02T03:04:00Z' },
    CreatedAt: '2026-01-02T03:00:00Z',
    ...parts,
  };
}

describe('task names and order (as docker stack ps)', () => {
  const services = [service('svc1', 'shop_web'), service('svc2', 'shop_agent')];
  const nodes = [node('n1', 'node1'), node('n2', 'node2', 'edge')];

  it('names replicated tasks service.slot and global tasks service.nodeID, in natural order', () => {
    const views = taskViews(
      [
        task('t10', { Slot: 10, NodeID: 'n1' }),
        task('t2', { Slot: 2, NodeID: 'n1' }),
        task('g1', { ServiceID: 'svc2', NodeID: 'n2' }),
      ],
      services,
      nodes,
    );
    expect(views.map((v) => [v.name, v.node])).toEqual([
      ['shop_agent.n2', 'edge'],
      ['shop_web.2', 'node1'],
      ['shop_web.10', 'node1'],
    ]);
  });

  it('lists the newest task of a slot first and marks the older ones as previous', () => {
    const views = taskViews(
      [
        task('old', { Slot: 1, NodeID: 'n1', CreatedAt: '2026-01-02T03:00:00Z', DesiredState: 'shutdown', Status: { State: 'failed', Err: 'task: non-zero exit (3)' } }),
        task('new', { Slot: 1, NodeID: 'n1', CreatedAt: '2026-01-02T03:01:00Z' }),
      ],
      services,
      nodes,
    );
    expect(views.map((v) => [v.id, v.previous, v.error])).toEqual([
      ['new', false, null],
      ['old', true, 'task: non-zero exit (3)'],
    ]);
  });

  it('shows a gone service by ID, a gone node by ID, and an unassigned task without node', () => {
    const views = taskViews([task('a', { ServiceID: 'gone', Slot: 1, NodeID: 'n9' }), task('b', { Slot: 3 })], services, nodes);
    expect(views.map((v) => [v.name, v.node, v.nodeId])).toEqual([
      ['gone.1', 'n9', 'n9'],
      ['shop_web.3', '', null],
    ]);
  });

  it('shows service and node IDs, and sorts by them, when names are not looked up (--no-resolve)', () => {
    const views = taskViews(
      [
        task('t1', { ServiceID: 'svc2', Slot: 1, NodeID: 'n2' }),
        task('t2', { ServiceID: 'svc1', Slot: 2, NodeID: 'n1' }),
        task('g1', { ServiceID: 'svc3', NodeID: 'n1' }),
      ],
      [],
      [],
    );
    expect(views.map((v) => [v.name, v.service, v.node])).toEqual([
      ['svc1.2', 'svc1', 'n1'],
      ['svc2.1', 'svc2', 'n2'],
      ['svc3.n1', 'svc3', 'n1'],
    ]);
  });

  it('turns the recorded tasks into views with host ports, errors and node names', () => {
    const views = taskViews(recordedTasks(), recordedServices(), recordedNodes());
    expect(views).toHaveLength(recordedTasks().length);
    const web = views.find((v) => v.name === 'dcrec_web.1')!;
    expect(web.node).toBe('node3');
    expect(web.ports[0]).toEqual({ protocol: 'tcp', target: 82, published: 18092, mode: 'host' });
    expect(views.filter((v) => v.name === 'dcrec_crash.1').map((v) => v.previous)).toEqual([false, true, true]);
  });
});

describe('stack ps --filter', () => {
  it('takes docker\'s task filter keys, repeatable, and passes them on as Engine filters', () => {
    expect(parseTaskFilters(['desired-state=running', 'node=node2', 'node=node3'])).toEqual({ 'desired-state': ['running'], node: ['node2', 'node3'] });
    expect(parseTaskFilters(['id=ab', 'name=shop_web.1', 'label=tier=edge', 'service=shop_web'])).toEqual({
      id: ['ab'],
      name: ['shop_web.1'],
      label: ['tier=edge'],
      service: ['shop_web'],
    });
    expect(parseTaskFilters([])).toEqual({});
  });

  it('reads keys as docker does: trimmed and in any case; values trimmed', () => {
    expect(parseTaskFilters([' ID = ab ', 'Desired-State=Running'])).toEqual({ id: ['ab'], 'desired-state': ['Running'] });
  });

  it('refuses unknown keys, values without "=", and desired states swarm does not have, with a usage hint', () => {
    expect(() => parseTaskFilters(['mode=x'])).toThrow('invalid filter "mode=x": unknown key "mode"');
    expect(() => parseTaskFilters(['running'])).toThrow('invalid filter "running": expected KEY=VALUE');
    expect(() => parseTaskFilters(['=x'])).toThrow('invalid filter "=x": no key before =');
    expect(() => parseTaskFilters(['desired-state=sleeping'])).toThrow('invalid filter "desired-state=sleeping": unknown task state');
    expect(thrown(() => parseTaskFilters(['mode=x']))).toMatchObject({
      code: 'FILTER_INVALID',
      hint: 'the keys are desired-state, id, label, name, node, service, e.g. --filter desired-state=running',
    });
  });
});
