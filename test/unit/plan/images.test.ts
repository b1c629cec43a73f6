import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { finalizeServiceSpec, needsRegistryQuery } from '../../../src/plan/images.js';
import type { LiveService } from '../../../src/swarm/live-types.js';

function spec(image: string): ServiceSpec {
  return {
    Name: 's_web',
    Labels: { 'com.docker.stack.image': image, 'com.docker.stack.namespace': 's' },
    TaskTemplate: { ContainerSpec: { Image: image }, Placement: {}, ForceUpdate: 0 },
    Mode: { Replicated: {} },
    EndpointSpec: { Mode: 'vip' },
  } as ServiceSpec;
}

function live(image: string, pinned: string, forceUpdate = 0): LiveService {
  const s = spec(image);
  return {
    ID: 'id1',
    Version: { Index: 7 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: { ...s, TaskTemplate: { ...s.TaskTemplate, ContainerSpec: { Image: pinned }, ForceUpdate: forceUpdate } },
  };
}

const DIGEST = 'sha256:' + 'a'.repeat(64);
const resolved = new Map([['nginx:latest', { image: `nginx:latest@${DIGEST}`, platforms: [{ Architecture: 'amd64', OS: 'linux' }] }]]);

describe('--resolve-image', () => {
  it('always queries the registry', () => {
    expect(needsRegistryQuery(spec('nginx'), live('nginx', 'nginx:latest'), 'always')).toBe(true);
  });

  it('changed queries only for new services and changed image strings', () => {
    expect(needsRegistryQuery(spec('nginx'), undefined, 'changed')).toBe(true);
    expect(needsRegistryQuery(spec('nginx:2'), live('nginx', 'nginx:latest'), 'changed')).toBe(true);
    expect(needsRegistryQuery(spec('nginx'), live('nginx', 'nginx:latest'), 'changed')).toBe(false);
  });

  it('never queries', () => {
    expect(needsRegistryQuery(spec('nginx'), undefined, 'never')).toBe(false);
  });
});

describe('finalizeServiceSpec', () => {
  it('pins the resolved digest and platforms', () => {
    const out = finalizeServiceSpec(spec('nginx'), undefined, 'always', resolved);
    expect(out.TaskTemplate.ContainerSpec?.Image).toBe(`nginx:latest@${DIGEST}`);
    expect(out.TaskTemplate.Placement).toEqual({ Platforms: [{ Architecture: 'amd64', OS: 'linux' }] });
  });

  it('adds :latest when the registry was not asked', () => {
    const out = finalizeServiceSpec(spec('nginx'), undefined, 'never', new Map());
    expect(out.TaskTemplate.ContainerSpec?.Image).toBe('nginx:latest');
    expect(out.TaskTemplate.Placement).toEqual({});
  });

  it('keeps the live pinned image when the compose image is unchanged and not queried', () => {
    const out = finalizeServiceSpec(spec('nginx'), live('nginx', `nginx:latest@${DIGEST}`), 'changed', new Map());
    expect(out.TaskTemplate.ContainerSpec?.Image).toBe(`nginx:latest@${DIGEST}`);
  });

  it('copies the live ForceUpdate counter (stack deploy has no --force)', () => {
    const out = finalizeServiceSpec(spec('nginx'), live('nginx', 'nginx:latest', 3), 'never', new Map());
    expect(out.TaskTemplate.ForceUpdate).toBe(3);
  });
});
