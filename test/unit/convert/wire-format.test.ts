// Byte-for-byte comparison with the request bodies docker CLI 28.2.2 sent for the same stacks.
// recorded/docker-cli-28.2.2-bodies.json holds, per case, our StackModel for a Compose file and every POST body the real
// CLI sent for that file (`docker stack deploy --resolve-image never`, stack `s`, against a recording fake Engine that
// answers secret/config lookups with `<kind>-id-<name>`); see recorded/README.md. Conversion references secrets and
// configs by name; the IDs are bound as apply binds them just before a write (src/apply/bind-object-refs.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StackModel } from '../../../src/model/stack-model.js';
import { convertStack } from '../../../src/convert/stack.js';
import { bindObjectRefs, type ObjectBindings } from '../../../src/apply/bind-object-refs.js';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { normalizeImageReference } from '../../../src/docker/image-reference.js';

interface RecordedCase {
  name: string;
  model: StackModel;
  secretData: Record<string, string>;
  configData: Record<string, string>;
  /** [kind, object name, exact JSON body]. */
  bodies: [string, string, string][];
}

const cases = JSON.parse(
  readFileSync(new URL('./recorded/docker-cli-28.2.2-bodies.json', import.meta.url), 'utf8'),
) as RecordedCase[];

const textMap = (record: Record<string, string>) =>
  new Map(Object.entries(record).map(([key, text]) => [key, new TextEncoder().encode(text)]));

function ourBodies(recorded: RecordedCase): [string, string, string][] {
  const desired = convertStack(recorded.model, 's', {
    secretData: textMap(recorded.secretData),
    configData: textMap(recorded.configData),
  });
  const bodies: [string, string, string][] = [
    ...desired.networks.map((n): [string, string, string] => ['network', n.name, JSON.stringify(n.spec)]),
    ...desired.secrets.map((s): [string, string, string] => ['secret', s.name, JSON.stringify(s.spec)]),
    ...desired.configs.map((c): [string, string, string] => ['config', c.name, JSON.stringify(c.spec)]),
    ...desired.services.map((s): [string, string, string] => {
      // What the Go client does inside ServiceCreate before posting.
      const spec = structuredClone(bindObjectRefs(s.spec, recordedIds(s.spec)));
      const container = spec.TaskTemplate.ContainerSpec;
      if (container?.Image) container.Image = normalizeImageReference(container.Image);
      return ['service', s.name, JSON.stringify(spec)];
    }),
  ];
  const order: Record<string, number> = { network: 0, secret: 1, config: 2, service: 3 };
  return bodies.sort((a, b) => (order[a[0]] ?? 0) - (order[b[0]] ?? 0) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** The fake Engine's answer to every lookup: `<kind>s-id-<name>`. */
function recordedIds(spec: ServiceSpec): ObjectBindings {
  const bound = (kind: string, name: string) => [name, { name, id: `${kind}s-id-${name}` }] as const;
  const container = spec.TaskTemplate.ContainerSpec;
  return {
    secrets: new Map((container?.Secrets ?? []).map((ref) => bound('secret', ref.SecretName))),
    configs: new Map((container?.Configs ?? []).map((ref) => bound('config', ref.ConfigName))),
  };
}

describe('request bodies identical to docker CLI 28.2.2', () => {
  it('has recorded cases', () => {
    expect(cases.map((c) => c.name)).toStrictEqual([
      'min', 'deploy', 'container', 'ports', 'networks', 'mounts', 'files', 'defnet', 'defnet2', 'images',
    ]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, recorded) => {
    expect(ourBodies(recorded)).toStrictEqual(recorded.bodies);
  });
});
