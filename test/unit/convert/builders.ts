/**
 * Builders for converter tests: StackModel literals in, whole Engine specs out.
 * `expectedService` is the §3.4 minimal spec of service `web` in stack `s`, with parts replaced, so every test
 * still compares the WHOLE ServiceSpec (toStrictEqual also catches `undefined`-valued keys).
 */
import type { ServiceModel, StackModel } from '../../../src/model/stack-model.js';
import { ConvertError } from '../../../src/convert/convert-error.js';
import { convertService, type ConvertOptions } from '../../../src/convert/service.js';
import type { ContainerSpec, ServiceSpec, TaskSpec } from '../../../src/convert/swarm-types.js';

export const STACK = 's';

/** A StackModel with nothing but what is given. */
export function stackModel(parts: Partial<StackModel> = {}): StackModel {
  return {
    format: 'v3',
    workingDir: '/work',
    files: ['/work/docker-compose.yml'],
    services: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    ...parts,
  };
}

/** name → `id-<name>` for each name. */
export function ids(...names: string[]): Map<string, string> {
  return new Map(names.map((n) => [n, `id-${n}`]));
}

/** Converts service `web` (stack `s`) of a stack holding only it plus the given top-level parts. */
export function convertWeb(
  service: ServiceModel,
  parts: Partial<StackModel> = {},
  lookups: { options?: ConvertOptions } = {},
): ServiceSpec {
  const stack = stackModel({ ...parts, services: { web: service } });
  return convertService({
    stackName: STACK,
    serviceKey: 'web',
    service,
    stack,
    options: lookups.options,
  });
}

/** The ContainerSpec of `web` with image nginx and nothing else. */
export function minimalContainerSpec(): ContainerSpec {
  return {
    Image: 'nginx',
    Labels: { 'com.docker.stack.namespace': 's' },
    Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
  };
}

/** The whole spec of `services: {web: {image: nginx}}` in stack `s`, optionally with parts replaced. */
export function expectedService(
  overrides: {
    containerSpec?: Partial<ContainerSpec>;
    taskTemplate?: Partial<TaskSpec>;
    spec?: Partial<ServiceSpec>;
    image?: string;
  } = {},
): ServiceSpec {
  const image = overrides.image ?? 'nginx';
  const spec: ServiceSpec = {
    Name: 's_web',
    Labels: { 'com.docker.stack.image': image, 'com.docker.stack.namespace': 's' },
    TaskTemplate: {
      ContainerSpec: { ...minimalContainerSpec(), Image: image, ...overrides.containerSpec },
      Resources: {},
      Placement: {},
      Networks: [{ Target: 's_default', Aliases: ['web'] }],
      ForceUpdate: 0,
      ...overrides.taskTemplate,
    },
    Mode: { Replicated: {} },
    EndpointSpec: {},
    ...overrides.spec,
  };
  return spec;
}

/** Runs `fn` and returns the code and message of the ConvertError it throws (fails the test otherwise). */
export function convertErrorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConvertError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ConvertError, but nothing was thrown');
}
