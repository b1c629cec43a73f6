/**
 * No spurious differences: each Compose file of test/fixtures/live/compose (copies of parity fixtures as they were
 * deployed), converted by stack, against the services `docker stack deploy` created from the same file on the lab
 * (recorded in test/fixtures/live, see its README). Every daemon normalization the view knows about is exercised by
 * these real specs.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveNetwork, LiveService } from '../../../src/swarm/live-types.js';
import { FIXTURES, desiredStack, plan, readJson, snapshot } from './builders.js';

const FIXTURE_NAMES = ['container-opts', 'environment', 'healthchecks', 'modes', 'ports', 'runtime', 'volumes'];

describe('a stack deployed by docker stack deploy from the same file', () => {
  const networks = readJson<LiveNetwork[]>('live/networks.json');
  for (const name of FIXTURE_NAMES) {
    it(`${name}: every service is unchanged`, async () => {
      const dir = path.join(FIXTURES, 'live', 'compose', name);
      // Bind mount sources were recorded as absolute paths of the directory deployed from.
      const services = JSON.parse(
        JSON.stringify(readJson<LiveService[]>(`live/services-${name}.json`)).replaceAll('$COMPOSE_DIR', dir),
      ) as LiveService[];
      const stack = `dfcap-${name}`;
      // The registry answered with the digests the daemon stored.
      const digests = Object.fromEntries(
        services.map((s) => {
          const image = s.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
          return [image.split('@')[0] ?? '', image.split('@')[1] ?? ''];
        }),
      );
      const desired = await desiredStack(undefined, {
        stack,
        files: ['docker-compose.yml'],
        cwd: dir,
        digests,
      });
      const result = plan(desired, snapshot({ stackName: stack, services, networks }));
      const changed = result.changes.filter((c) => c.action !== 'none');
      expect(changed.map((c) => ({ name: c.name, action: c.action, fields: c.fields }))).toEqual([]);
      expect(result.changes.filter((c) => c.type === 'service')).toHaveLength(services.length);
    });
  }
});
