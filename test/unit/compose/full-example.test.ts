import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load.js';

/*
 * test/fixtures/full-example/docker-compose.yml uses every key of the version 3.13 service schema (see the file's
 * header). The whole loaded StackModel is compared with expected-model.json, with the fixture directory written as
 * <DIR>. CI never writes the golden: run with UPDATE_GOLDENS=1 to regenerate it, then review the diff.
 */

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'full-example');
const GOLDEN = path.join(FIXTURE, 'expected-model.json');

/** The fixed environment the example is loaded with: HOME for `~` in bind sources, one variable for a bare key. */
const ENV = { HOME: '/home/user', FROM_SHELL: 'shell-value' };

describe('the full example', () => {
  it('loads into exactly the committed model', async () => {
    const { model } = await loadStack({ files: ['docker-compose.yml'], cwd: FIXTURE, env: ENV });
    const json = `${JSON.stringify(model, null, 2).split(FIXTURE).join('<DIR>')}\n`;
    if (process.env.UPDATE_GOLDENS === '1') writeFileSync(GOLDEN, json);
    expect(json).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('warns about exactly the keys swarm does not apply', async () => {
    const { warnings } = await loadStack({ files: ['docker-compose.yml'], cwd: FIXTURE, env: ENV });
    expect(warnings.map((w) => w.path)).toEqual([
      'services.app.build',
      'services.app.cgroup_parent',
      'services.app.cgroupns_mode',
      'services.app.container_name',
      'services.app.devices',
      'services.app.domainname',
      'services.app.expose',
      'services.app.external_links',
      'services.app.ipc',
      'services.app.links',
      'services.app.mac_address',
      'services.app.network_mode',
      'services.app.networks.back.ipv4_address',
      'services.app.networks.back.ipv6_address',
      'services.app.pid',
      'services.app.privileged',
      'services.app.restart',
      'services.app.security_opt',
      'services.app.shm_size',
      'services.app.tmpfs',
      'services.app.userns_mode',
      'volumes.app-data.x-cluster-spec',
    ]);
  });
});
