import { describe, expect, it } from 'vitest';
import { parseServiceFilters, serviceMatches } from '../../../src/inspect/service-filters.js';
import type { LiveService } from '../../../src/swarm/live-types.js';
import type { ServiceMode } from '../../../src/convert/swarm-types.js';
import { recordedServices } from './recorded.js';
import { thrown } from '../../helpers/thrown.js';

function service(id: string, name: string, mode: ServiceMode, labels: Record<string, string> | null = {}): LiveService {
  return { ID: id, Version: { Index: 1 }, CreatedAt: '', UpdatedAt: '', Spec: { Name: name, Labels: labels, TaskTemplate: { ForceUpdate: 0 }, Mode: mode } };
}

const SERVICES = [
  service('k3fa9z0q1', 'shop_web', { Replicated: { Replicas: 2 } }, { 'com.docker.stack.namespace': 'shop', tier: 'front', team: 'a' }),
  service('k3fb00000', 'shop_webhook', { Replicated: { Replicas: 1 } }, { 'com.docker.stack.namespace': 'shop', tier: 'back' }),
  service('p7x000000', 'shop_agent', { Global: {} }, { 'com.docker.stack.namespace': 'shop', team: '' }),
  service('q1job0000', 'shop_migrate', { ReplicatedJob: { MaxConcurrent: 1 } }, { 'com.docker.stack.namespace': 'shop' }),
  service('q2job0000', 'shop_prune', { GlobalJob: {} }, null),
];

/** The names of the services the filters keep. */
function kept(...filters: string[]): string[] {
  const parsed = parseServiceFilters(filters);
  return SERVICES.filter((s) => serviceMatches(s, parsed)).map((s) => s.Spec.Name ?? '');
}

describe('stack services --filter (matched as the Engine matches docker stack services --filter)', () => {
  it('keeps everything without filters', () => {
    expect(kept()).toHaveLength(SERVICES.length);
  });

  it('matches name as a prefix of the full service name, stack prefix included, case-sensitively', () => {
    expect(kept('name=shop_web')).toEqual(['shop_web', 'shop_webhook']);
    expect(kept('name=shop_webh')).toEqual(['shop_webhook']);
    expect(kept('name=web')).toEqual([]);
    expect(kept('name=SHOP_WEB')).toEqual([]);
  });

  it('matches id as a prefix of the service ID; an empty prefix matches all, as in docker', () => {
    expect(kept('id=k3f')).toEqual(['shop_web', 'shop_webhook']);
    expect(kept('id=k3fa9z0q1')).toEqual(['shop_web']);
    expect(kept('id=')).toHaveLength(SERVICES.length);
  });

  it('matches label=KEY on presence (any value, even empty) and label=KEY=VALUE on the exact value', () => {
    expect(kept('label=team')).toEqual(['shop_web', 'shop_agent']);
    expect(kept('label=tier=front')).toEqual(['shop_web']);
    expect(kept('label=tier=fro')).toEqual([]);
    expect(kept('label=com.docker.stack.namespace=shop')).toEqual(['shop_web', 'shop_webhook', 'shop_agent', 'shop_migrate']);
  });

  it('needs every label given (unlike other keys, whose values are alternatives)', () => {
    expect(kept('label=tier', 'label=team')).toEqual(['shop_web']);
    expect(kept('label=tier=front', 'label=team=b')).toEqual([]);
  });

  it('matches mode by the Engine names, exactly', () => {
    expect(kept('mode=replicated')).toEqual(['shop_web', 'shop_webhook']);
    expect(kept('mode=global')).toEqual(['shop_agent']);
    expect(kept('mode=replicated-job')).toEqual(['shop_migrate']);
    expect(kept('mode=global-job')).toEqual(['shop_prune']);
  });

  it('ORs the values of one key and ANDs different keys', () => {
    expect(kept('name=shop_agent', 'name=shop_webhook')).toEqual(['shop_webhook', 'shop_agent']);
    expect(kept('mode=replicated', 'mode=global', 'label=team')).toEqual(['shop_web', 'shop_agent']);
    expect(kept('name=shop_web', 'id=k3fb')).toEqual(['shop_webhook']);
  });

  it('reads the key in any case and trims key and value, as docker does', () => {
    expect(kept('ID=k3fa', ' Name = shop_web ')).toEqual(['shop_web']);
  });

  it('matches the recorded services of a real stack by mode', () => {
    const parsed = parseServiceFilters(['mode=global', 'mode=global-job']);
    expect(recordedServices().filter((s) => serviceMatches(s, parsed)).map((s) => s.Spec.Name).sort()).toEqual(['dcrec_agent', 'dcrec_gjob']);
  });

  it('refuses an unknown key, a value without "=", and an unknown mode as FILTER_INVALID with the keys in the hint', () => {
    expect(thrown(() => parseServiceFilters(['node=node1']))).toMatchObject({
      code: 'FILTER_INVALID',
      message: 'invalid filter "node=node1": unknown key "node"',
      hint: 'the keys are id, label, mode, name, e.g. --filter name=mystack_web',
    });
    expect(thrown(() => parseServiceFilters(['shop_web']))).toMatchObject({ code: 'FILTER_INVALID', message: 'invalid filter "shop_web": expected KEY=VALUE' });
    expect(thrown(() => parseServiceFilters(['mode=replicated job']))).toMatchObject({
      code: 'FILTER_INVALID',
      message: 'invalid filter "mode=replicated job": unknown service mode',
      hint: 'the modes are replicated, global, replicated-job, global-job',
    });
  });
});
