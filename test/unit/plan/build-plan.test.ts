import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import type { ServiceChange } from '../../../src/plan/plan.js';
import { planHasChanges } from '../../../src/plan/plan.js';
import {
  DIGEST_1,
  DIGEST_2,
  STACK,
  desiredStack,
  liveNetwork,
  liveService,
  plan,
  runningTask,
  snapshot,
  threeNodes,
} from './builders.js';
import { reasonText, warningText } from '../../../src/render/plan-words.js';
import type { ChangeReason } from '../../../src/plan/reasons.js';

/** A reason as the renderers word it. */
const words = (reason: ChangeReason | undefined): string | undefined => (reason ? reasonText(reason) : undefined);

const BASE = dedent`
  version: "3.8"
  services:
    web:
      image: registry.local/web:1
      environment:
        MODE: one
      deploy:
        replicas: 2
`;

async function deployedBase(yaml = BASE) {
  const desired = await desiredStack(yaml, { digests: { 'registry.local/web:1': DIGEST_1 } });
  const services = desired.services.map((s) => liveService(s.spec));
  const nodes = threeNodes();
  const tasks = services.flatMap((s) => [runningTask(s, 'id-node1', 1), runningTask(s, 'id-node2', 2)]);
  return snapshot({ services, nodes, runningTasks: tasks, networks: [liveNetwork('s_default', { stack: STACK })] });
}

function service(result: ReturnType<typeof plan>, name = 's_web'): ServiceChange {
  const change = result.changes.find((c) => c.type === 'service' && c.name === name);
  if (!change || change.type !== 'service') throw new Error(`no service change ${name}`);
  return change;
}

async function planEdit(yaml: string, live?: Awaited<ReturnType<typeof deployedBase>>, digests: Record<string, string> = {}) {
  const desired = await desiredStack(yaml, { digests: { 'registry.local/web:1': DIGEST_1, ...digests } });
  return plan(desired, live ?? (await deployedBase()));
}

describe('actions', () => {
  it('create: everything is new on an empty cluster', async () => {
    const result = plan(await desiredStack(BASE), snapshot());
    expect(result.changes.map((c) => `${c.action} ${c.type} ${c.name}`)).toEqual(['create network s_default', 'create service s_web']);
    expect(planHasChanges(result)).toBe(true);
  });

  it('none: the same file again changes nothing and keeps the live version', async () => {
    const result = await planEdit(BASE);
    expect(result.changes.map((c) => `${c.action} ${c.type} ${c.name}`)).toEqual(['none network s_default', 'none service s_web']);
    expect(service(result)).toMatchObject({ liveId: 'id-s_web', liveVersion: 10, restarts: false, restartCount: 0 });
    expect(planHasChanges(result)).toBe(false);
  });

  it('update: exactly the changed fields, with human paths', async () => {
    const result = await planEdit(BASE.replace('MODE: one', 'MODE: two\n      EXTRA: "1"').replace('replicas: 2', 'replicas: 3'));
    expect(service(result).fields).toEqual([
      { path: 'environment.MODE', before: 'one', after: 'two' },
      { path: 'environment.EXTRA', before: undefined, after: '1' },
      { path: 'deploy.replicas', before: 2, after: 3 },
    ]);
    expect(service(result).action).toBe('update');
  });

  it('replace: a change of mode kind cannot be done in place', async () => {
    const result = await planEdit(BASE.replace('replicas: 2', 'mode: global'));
    expect(service(result)).toMatchObject({ action: 'replace', restarts: true, restartCount: 2 });
    expect(words(service(result).reason)).toContain('replicated → global');
  });

  it('remove: services and networks of the stack no longer in the file, executed only with prune', async () => {
    const live = await deployedBase();
    live.services.push(liveService({ ...live.services[0]!.Spec, Name: 's_old' }, { id: 'old' }));
    live.networks.push(liveNetwork('s_gone', { stack: STACK }), liveNetwork('other_net', { stack: 'other' }));
    const kept = plan(await desiredStack(BASE, { digests: { 'registry.local/web:1': DIGEST_1 } }), live);
    expect(kept.changes.filter((c) => c.action === 'remove').map((c) => `${c.type} ${c.name}`)).toEqual(['service s_old', 'network s_gone']);
    expect(planHasChanges(kept)).toBe(false);
    const pruned = plan(await desiredStack(BASE, { digests: { 'registry.local/web:1': DIGEST_1 } }), live, { prune: true });
    expect(planHasChanges(pruned)).toBe(true);
  });

  it('orders changes: networks, secrets, configs, services, then removals', async () => {
    const live = await deployedBase();
    live.services.push(liveService({ ...live.services[0]!.Spec, Name: 's_old' }, { id: 'old' }));
    const result = await planEdit(BASE.replace('MODE: one', 'MODE: two'), live);
    expect(result.changes.map((c) => `${c.action} ${c.type}`)).toEqual(['none network', 'update service', 'remove service']);
  });
});

describe('restart prediction', () => {
  it('service labels, replicas and update config keep the running tasks', async () => {
    const yaml = BASE.replace('replicas: 2', 'replicas: 5\n      labels:\n        tier: web\n      update_config:\n        parallelism: 2');
    const change = service(await planEdit(yaml));
    expect(change).toMatchObject({ action: 'update', restarts: false, restartCount: 0 });
    expect(change.fields.map((f) => f.path)).toEqual(['deploy.replicas', 'deploy.labels.tier', 'deploy.update_config']);
  });

  it('a task template change replaces every running task', async () => {
    const change = service(await planEdit(BASE.replace('MODE: one', 'MODE: two')));
    expect(change).toMatchObject({ restarts: true, restartCount: 2 });
  });

  it('an endpoint change replaces every running task', async () => {
    const change = service(await planEdit(BASE.replace('replicas: 2', 'replicas: 2\n    ports: ["8080:80"]')));
    expect(change.fields).toEqual([{ path: 'ports[8080:80/tcp]', before: undefined, after: 'ingress' }]);
    expect(change).toMatchObject({ restarts: true, restartCount: 2 });
  });

  it('a placement-only change replaces only tasks whose node no longer satisfies the constraints', async () => {
    const excluding = BASE.replace('replicas: 2', 'replicas: 2\n      placement:\n        constraints: [node.hostname != node1]');
    expect(service(await planEdit(excluding))).toMatchObject({ restarts: true, restartCount: 1 });
    const satisfied = BASE.replace('replicas: 2', 'replicas: 2\n      placement:\n        constraints: [node.platform.os == linux]');
    expect(service(await planEdit(satisfied))).toMatchObject({ action: 'update', restarts: false, restartCount: 0 });
  });

  it('a job re-runs on any update', async () => {
    const job = BASE.replace('replicas: 2', 'mode: replicated-job\n      replicas: 2');
    const live = await deployedBase(job);
    const change = service(await planEdit(job.replace('replicas: 2', 'replicas: 3'), live));
    expect(change).toMatchObject({ action: 'update', restarts: true });
    expect(words(change.reason)).toContain('runs the job again');
  });
});

describe('images', () => {
  it('a pinned digest the registry still gives for the tag is not a change', async () => {
    expect(service(await planEdit(BASE)).action).toBe('none');
  });

  it('an unpinned image (registry not asked, or no answer) against a pinned live one is not a change, and the live pin is kept', async () => {
    const desired = await desiredStack(BASE);
    const result = plan(desired, await deployedBase());
    expect(service(result).action).toBe('none');
    expect(service(result).desired?.TaskTemplate.ContainerSpec?.Image).toBe(`registry.local/web:1@${DIGEST_1}`);
  });

  it('a moved tag is a change and the reason says so', async () => {
    const result = await planEdit(BASE, undefined, { 'registry.local/web:1': DIGEST_2 });
    const change = service(result);
    expect(change.fields).toEqual([{ path: 'image', before: `registry.local/web:1@${DIGEST_1}`, after: `registry.local/web:1@${DIGEST_2}` }]);
    expect(words(change.reason)).toMatch(/^image tag registry\.local\/web:1 moved: sha256:111111111111 → sha256:222222222222; /);
    expect(change.restartCount).toBe(2);
  });

  it('a new tag is a change of image and of the image label', async () => {
    const change = service(await planEdit(BASE.replace('web:1', 'web:2'), undefined, { 'registry.local/web:2': DIGEST_2 }));
    expect(change.fields.map((f) => f.path)).toEqual(['image', 'deploy.labels[com.docker.stack.image]']);
  });
});

describe('networks', () => {
  it('an existing network is never changed; differences become a warning', async () => {
    const live = await deployedBase();
    live.networks = [liveNetwork('s_default', { stack: STACK, labels: { extra: 'x' } })];
    const result = await planEdit(BASE, live);
    expect(result.changes[0]).toMatchObject({ type: 'network', action: 'none' });
    expect(result.warnings.map(warningText)).toEqual([
      'network s_default differs from the file (labels.extra: "x" → absent); existing networks are left as they are, like docker stack deploy does: ' +
        'remove the services using it and the network to have it created again',
    ]);
  });
});
