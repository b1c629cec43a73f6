import { describe, expect, test } from 'vitest';
import { checkForbiddenKeys, collectIgnoredKeyWarnings } from '../../../src/compose/key-rules.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { dedent } from '../../helpers/dedent.js';

function doc(text: string, file = 'compose.yaml'): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: file, absolutePath: `/project/${file}`, text });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

describe('checkForbiddenKeys', () => {
  test('docker forbidden keys are errors at the key, with advice', () => {
    const compose = doc(dedent`
      services:
        web:
          image: nginx
          mem_limit: 512m
          volumes_from: [db]
    `);
    expect(checkForbiddenKeys(compose)).toEqual([
      {
        code: 'FORBIDDEN_KEY',
        message: 'not supported in swarm mode',
        path: 'services.web.mem_limit',
        location: { file: 'compose.yaml', line: 4, col: 5 },
        hint: 'use deploy.resources.limits.memory',
      },
      {
        code: 'FORBIDDEN_KEY',
        message: 'not supported in swarm mode',
        path: 'services.web.volumes_from',
        location: { file: 'compose.yaml', line: 5, col: 5 },
        hint: 'declare a named volume under the top-level volumes key and mount it in every service that shares it',
      },
    ]);
  });

  test('Compose Specification keys with a deploy.* equivalent are forbidden too', () => {
    const compose = doc(dedent`
      services:
        web:
          image: nginx
          cpus: 2
          mem_reservation: 1g
          pids_limit: 100
          scale: 3
    `);
    expect(checkForbiddenKeys(compose).map((p) => [p.path, p.hint])).toEqual([
      ['services.web.cpus', 'use deploy.resources.limits.cpus'],
      ['services.web.mem_reservation', 'use deploy.resources.reservations.memory'],
      ['services.web.pids_limit', 'use deploy.resources.limits.pids'],
      ['services.web.scale', 'use deploy.replicas'],
    ]);
  });

  test('extends is not forbidden: stack resolves it', () => {
    const compose = doc(dedent`
      services:
        web:
          extends: {service: base}
        base:
          image: nginx
    `);
    expect(checkForbiddenKeys(compose)).toEqual([]);
  });

  test('one problem per service using the key', () => {
    const compose = doc(dedent`
      services:
        a: {image: x, cpu_shares: 2}
        b: {image: x, cpu_shares: 4}
    `);
    expect(checkForbiddenKeys(compose).map((p) => p.path)).toEqual(['services.a.cpu_shares', 'services.b.cpu_shares']);
  });

  test('a file without services has nothing to check', () => {
    expect(checkForbiddenKeys(doc('networks: {}\n'))).toEqual([]);
  });
});

describe('collectIgnoredKeyWarnings', () => {
  test('docker unsupported keys warn at the key with the reason and advice', () => {
    const compose = doc(dedent`
      version: "3.8"
      services:
        web:
          image: nginx
          build: .
          privileged: true
    `);
    expect(collectIgnoredKeyWarnings([compose], 'v3')).toEqual([
      {
        code: 'IGNORED_KEY',
        message: 'ignored: swarm builds no images',
        path: 'services.web.build',
        location: { file: 'compose.yaml', line: 5, col: 5 },
        hint: 'build and push the image first, then name it in image:',
      },
      {
        code: 'IGNORED_KEY',
        message: 'ignored: swarm services cannot run privileged',
        path: 'services.web.privileged',
        location: { file: 'compose.yaml', line: 6, col: 5 },
        hint: 'grant the capabilities the service needs with cap_add',
      },
    ]);
  });

  test('container_name and expose are deprecated in v3 files and plainly ignored in the Compose Specification', () => {
    const text = dedent`
      services:
        web:
          image: nginx
          container_name: web
          expose: [80]
    `;
    expect(collectIgnoredKeyWarnings([doc(text)], 'v3').map((w) => [w.code, w.path, w.message])).toEqual([
      ['DEPRECATED_KEY', 'services.web.container_name', 'ignored: swarm names containers itself'],
      ['DEPRECATED_KEY', 'services.web.expose', 'ignored: services on a shared network reach each other on any port'],
    ]);
    expect(collectIgnoredKeyWarnings([doc(text)], 'spec').map((w) => w.code)).toEqual(['IGNORED_KEY', 'IGNORED_KEY']);
  });

  test('restart says whether it is converted or overridden by deploy.restart_policy', () => {
    const compose = doc(dedent`
      services:
        a:
          image: x
          restart: always
        b:
          image: x
          restart: always
          deploy:
            restart_policy: {condition: on-failure}
    `);
    expect(collectIgnoredKeyWarnings([compose], 'v3').map((w) => [w.path, w.message])).toEqual([
      ['services.a.restart', 'not applied as written: converted to a restart policy (always and unless-stopped become any)'],
      ['services.b.restart', 'ignored: deploy.restart_policy takes precedence'],
    ]);
  });

  test('Compose Specification keys warn only in the spec format (the v3 schema rejects them); name and profiles are applied', () => {
    const compose = doc(dedent`
      name: myapp
      services:
        web:
          image: nginx
          profiles: [debug]
          platform: linux/arm64
          networks:
            front:
              ipv4_address: 10.0.0.5
    `);
    expect(collectIgnoredKeyWarnings([compose], 'spec').map((w) => [w.path, w.message, w.hint])).toEqual([
      [
        'services.web.platform',
        'ignored: swarm picks nodes by placement',
        'use deploy.placement.constraints such as node.platform.arch==x86_64',
      ],
      ['services.web.networks.front.ipv4_address', 'ignored: swarm assigns service addresses itself', undefined],
    ]);
    expect(collectIgnoredKeyWarnings([compose], 'v3').map((w) => w.path)).toEqual([
      'services.web.networks.front.ipv4_address',
    ]);
  });

  test('keys docker drops silently get a warning: service tmpfs, create_host_path, cluster volumes', () => {
    const compose = doc(dedent`
      services:
        web:
          image: nginx
          tmpfs: /run
          volumes:
            - type: bind
              source: ./data
              target: /data
              bind: {create_host_path: true}
      volumes:
        shared:
          x-cluster-spec: {group: g}
    `);
    expect(collectIgnoredKeyWarnings([compose], 'v3').map((w) => [w.path, w.hint])).toEqual([
      ['services.web.tmpfs', 'use a volumes entry with type: tmpfs'],
      ['services.web.volumes[0].bind.create_host_path', 'create the path on every node that can run the service'],
      ['volumes.shared.x-cluster-spec', undefined],
    ]);
  });

  test('one warning per occurrence, in every file, at that file position', () => {
    const base = doc('services:\n  web:\n    image: x\n    links: [db]\n', 'base.yaml');
    const override = doc('services:\n  web:\n    links: [cache]\n  db:\n    image: y\n    links: [web]\n', 'prod.yaml');
    expect(collectIgnoredKeyWarnings([base, override], 'v3').map((w) => [w.path, w.location])).toEqual([
      ['services.web.links', { file: 'base.yaml', line: 4, col: 5 }],
      ['services.web.links', { file: 'prod.yaml', line: 3, col: 5 }],
      ['services.db.links', { file: 'prod.yaml', line: 6, col: 5 }],
    ]);
  });

  test('values are not inspected and x-* keys are silent', () => {
    const compose = doc(dedent`
      x-build: {build: .}
      services:
        web:
          image: nginx
          environment: {build: "yes"}
          x-pid: host
    `);
    expect(collectIgnoredKeyWarnings([compose], 'v3')).toEqual([]);
  });
});
