import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { missingImageProblems } from '../../../src/plan/images.js';
import { desiredFromRecord } from '../../../src/history/rollback-state.js';
import type { RevisionRecord } from '../../../src/history/record.js';
import { STACK, desiredStack, liveConfig, liveNetwork, liveSecret, liveService, plan, snapshot, worded } from './builders.js';

const FILE = dedent`
  services:
    web:
      image: registry.local/web:1
      networks: [front]
      secrets: [token]
      configs: [settings]
  networks:
    front: {}
  secrets:
    token:
      file: ./token.txt
  configs:
    settings:
      file: ./settings.txt
`;

const data = { secretData: { token: 'x' }, configData: { settings: 'a=1' } };

describe('names taken outside the stack are plan problems', () => {
  it('a network, secret, config or service whose name another owner holds', async () => {
    const desired = await desiredStack(FILE, data);
    const foreign = liveService(desired.services[0]!.spec, { id: 'other' });
    foreign.Spec = { ...foreign.Spec, Labels: {} };
    const live = snapshot({
      networks: [liveNetwork('s_front')],
      secrets: [liveSecret('s_token', { 'com.docker.stack.namespace': 'billing' })],
      configs: [liveConfig('s_settings', {}, 'a=1')],
      foreignServices: [foreign],
    });
    const result = plan(desired, live);
    expect(result.problems[1]).toEqual({ kind: 'name-taken', objectType: 'secret', name: 's_token', stack: 's', owner: 'billing' });
    const problems = result.problems.map(worded);
    expect(problems.map((p) => [p.kind, p.object])).toEqual([
      ['name-taken', 'network s_front'],
      ['name-taken', 'secret s_token'],
      ['name-taken', 'config s_settings'],
      ['name-taken', 'service s_web'],
    ]);
    expect(problems[0]!.message).toBe(
      'network s_front already exists but is not part of stack s (it was not made by a stack deploy); creating it will fail: declare it `external: true` to use it, or remove it (docker network rm s_front)',
    );
    expect(problems[1]!.message).toContain('(it belongs to stack billing); the deploy would take it over');
    expect(result.warnings.join('\n')).not.toContain('not part of stack');
  });

  it('objects of the stack itself are no problem', async () => {
    const desired = await desiredStack(FILE, data);
    const live = snapshot({
      networks: [liveNetwork('s_front', { stack: STACK })],
      secrets: [liveSecret('s_token', { 'com.docker.stack.namespace': STACK })],
      configs: [liveConfig('s_settings', { 'com.docker.stack.namespace': STACK }, 'a=1')],
      foreignServices: [],
    });
    expect(plan(desired, live).problems).toEqual([]);
  });
});

describe('an image the registry says does not exist', () => {
  it('is a problem per service using it; an unknown answer (registry not reached) is none', async () => {
    const desired = await desiredStack(FILE, data);
    const resolved = new Map([
      ['registry.local/web:1', { image: 'registry.local/web:1', missing: 'manifest unknown: manifest unknown' }],
    ]);
    const services = desired.services.map((s) => ({ ...s, spec: { ...s.spec, TaskTemplate: { ...s.spec.TaskTemplate, ContainerSpec: { ...s.spec.TaskTemplate.ContainerSpec, Image: 'registry.local/web:1' } } } }));
    const missing = missingImageProblems(services, resolved, () => 'registry.local/web:1');
    expect(missing).toEqual([{ kind: 'image', service: 'web', name: 's_web', image: 'registry.local/web:1', missing: 'manifest unknown: manifest unknown' }]);
    expect(missing.map(worded)).toEqual([
      {
        kind: 'image',
        service: 'web',
        message: 's_web: image registry.local/web:1 does not exist in its registry (manifest unknown: manifest unknown); no task could start: fix the tag, or push the image',
      },
    ]);
    const unreachable = new Map([['registry.local/web:1', { image: 'registry.local/web:1', warning: 'could not be accessed' }]]);
    expect(missingImageProblems(services, unreachable, () => 'registry.local/web:1')).toEqual([]);
  });
});

describe('a recorded revision against the live stack', () => {
  it('lists no secret or config removals: the revision\'s own are kept, other versions are the history\'s to clean up', async () => {
    const desired = await desiredStack(FILE, data);
    const spec = {
      ...desired.services[0]!.spec,
      TaskTemplate: {
        ...desired.services[0]!.spec.TaskTemplate,
        ContainerSpec: {
          ...desired.services[0]!.spec.TaskTemplate.ContainerSpec,
          Secrets: [{ SecretName: 's_token', SecretID: 'old', File: { Name: 'token', UID: '0', GID: '0', Mode: 292 } }],
          Configs: [{ ConfigName: 's_settings', ConfigID: 'old', File: { Name: '/settings', UID: '0', GID: '0', Mode: 292 } }],
        },
      },
    };
    const record = {
      stack: STACK,
      revision: 1,
      desired: { networks: [], secrets: [], configs: [], services: [{ key: 'web', name: 's_web', spec }] },
    } as unknown as RevisionRecord;
    const ns = { 'com.docker.stack.namespace': STACK };
    const live = snapshot({
      secrets: [liveSecret('s_token', ns), liveSecret('s_token-0123456789', ns)],
      configs: [liveConfig('s_settings', ns, 'a=1'), liveConfig('s_settings-abcdef0123', ns, 'a=2')],
    });
    const fromRecord = desiredFromRecord(record, {
      secrets: new Map(live.secrets.map((s) => [s.Spec.Name ?? '', s.ID])),
      configs: new Map(live.configs.map((c) => [c.Spec.Name ?? '', c.ID])),
    });
    const result = buildPlan(fromRecord, live, { prune: false, apiVersion: '1.41', revision: 1 });
    const removals = result.changes.filter((c) => c.action === 'remove').map((c) => `${c.type} ${c.name}: ${c.reason?.code}`);
    expect(removals).toEqual([]);
    expect(result.changes.filter((c) => c.type === 'secret' || c.type === 'config')).toEqual([]);
  });
});
