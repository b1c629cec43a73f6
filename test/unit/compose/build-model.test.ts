import { describe, expect, test } from 'vitest';
import { buildModel, type BuildModelContext } from '../../../src/compose/build-model.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument, Variables } from '../../../src/compose/types.js';
import { formatProblem } from '../../../src/errors/problem.js';
import { dedent } from '../../helpers/dedent.js';

/*
 * Input here is the CANONICAL tree (docs/loader.md): long syntax everywhere, as the canonical phase leaves it.
 */

function doc(text: string, file = 'compose.yaml'): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: file, absolutePath: `/project/${file}`, text });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

const noVariables: Variables = { get: () => undefined, has: () => false, origin: () => undefined };

function context(overrides: Partial<BuildModelContext> = {}): BuildModelContext {
  return {
    workingDir: '/project',
    files: ['/project/compose.yaml'],
    format: 'v3',
    version: '3.13',
    variables: noVariables,
    env: {},
    ...overrides,
  };
}

async function build(text: string, overrides: Partial<BuildModelContext> = {}) {
  const result = await buildModel(doc(text), context(overrides));
  return { model: result.model, problems: result.problems.map(formatProblem) };
}

async function service(text: string, overrides: Partial<BuildModelContext> = {}) {
  const { model, problems } = await build(text, overrides);
  return { service: model.services['web'], problems };
}

describe('the stack', () => {
  test('a one-line service: nothing but what was written', async () => {
    expect(await build('services:\n  web:\n    image: nginx\n')).toEqual({
      model: {
        version: '3.13',
        format: 'v3',
        workingDir: '/project',
        files: ['/project/compose.yaml'],
        services: { web: { image: 'nginx' } },
        networks: {},
        volumes: {},
        secrets: {},
        configs: {},
      },
      problems: [],
    });
  });

  test('absent keys are absent, not filled with defaults', async () => {
    const { service: web } = await service('services:\n  web:\n    image: nginx\n    deploy: {}\n');
    expect(web).toEqual({ image: 'nginx', deploy: {} });
    expect(Object.keys(web?.deploy ?? {})).toEqual([]);
  });

  test('x-* keys are kept verbatim at every level', async () => {
    const { model } = await build(dedent`
      x-common: &common {replicas: 2}
      services:
        web: {image: nginx, x-team: payments}
      networks:
        front: {x-owner: net}
    `);
    expect(model.extensions).toEqual({ 'x-common': { replicas: 2 } });
    expect(model.services['web']?.extensions).toEqual({ 'x-team': 'payments' });
    expect(model.networks['front']).toEqual({ extensions: { 'x-owner': 'net' } });
  });

  test('an empty name (an unset variable) is no name: the object keeps its default name, as in docker', async () => {
    const { model } = await build(dedent`
      services: {}
      volumes:
        data: {name: ""}
      networks:
        front: {name: "", external: true}
      secrets:
        token: {name: "", file: ./token}
    `);
    expect(model.volumes['data']?.name).toBeUndefined();
    expect(model.networks['front']).toEqual({ external: true });
    expect(model.secrets['token']?.name).toBeUndefined();
  });

  test('the Compose Specification format and no version', async () => {
    const { model } = await build('services: {}\n', { format: 'spec', version: undefined });
    expect(model.format).toBe('spec');
    expect('version' in model).toBe(false);
  });
});

describe('command and entrypoint', () => {
  test('strings are split with shell rules, lists kept', async () => {
    const { service: web } = await service(dedent`
      services:
        web:
          image: nginx
          command: nginx -g "daemon off;"
          entrypoint: ["/docker-entrypoint.sh", "--verbose"]
    `);
    expect(web?.command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(web?.entrypoint).toEqual(['/docker-entrypoint.sh', '--verbose']);
  });

  test('an unclosed quote is a problem at the key', async () => {
    const { problems } = await service('services:\n  web:\n    image: x\n    command: echo "hi\n');
    expect(problems).toEqual([
      'compose.yaml:4:14  services.web.command: cannot split into arguments: a quote is not closed\n' +
        '  hint: write it as a list to avoid shell quoting',
    ]);
  });
});

describe('units', () => {
  test('durations become nanoseconds, sizes bytes, cpus stay text', async () => {
    const { service: web } = await service(dedent`
      services:
        web:
          image: x
          stop_grace_period: 1m30s
          healthcheck:
            test: [CMD-SHELL, curl -f localhost]
            interval: 30s
            timeout: 1.5s
            start_period: 0s
            retries: 3
          deploy:
            update_config: {parallelism: 0, delay: 10s, monitor: 500ms, max_failure_ratio: 0.3, order: start-first}
            restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
            resources:
              limits: {cpus: "0.50", memory: 1.5g, pids: 100}
              reservations:
                cpus: "0.25"
                memory: 256M
                generic_resources:
                  - discrete_resource_spec: {kind: gpu, value: 2}
    `);
    expect(web?.stop_grace_period).toBe(90_000_000_000);
    expect(web?.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f localhost'],
      interval: 30_000_000_000,
      timeout: 1_500_000_000,
      start_period: 0,
      retries: 3,
    });
    expect(web?.deploy).toEqual({
      update_config: {
        parallelism: 0,
        delay: 10_000_000_000,
        monitor: 500_000_000,
        max_failure_ratio: 0.3,
        order: 'start-first',
      },
      restart_policy: { condition: 'on-failure', delay: 5_000_000_000, max_attempts: 3, window: 120_000_000_000 },
      resources: {
        limits: { cpus: '0.50', memory: 1_610_612_736, pids: 100 },
        reservations: {
          cpus: '0.25',
          memory: 268_435_456,
          generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }],
        },
      },
    });
  });

  test('cpus written as a number (Compose Specification) are printed like Go %v', async () => {
    const { service: web } = await service(
      'services:\n  web:\n    image: x\n    deploy:\n      resources: {limits: {cpus: 0.50}, reservations: {cpus: 2}}\n',
      { format: 'spec' },
    );
    expect(web?.deploy?.resources).toEqual({ limits: { cpus: '0.5' }, reservations: { cpus: '2' } });
  });

  test('a bad size is a problem at its path', async () => {
    const { problems } = await service(
      'services:\n  web:\n    image: x\n    deploy:\n      resources: {limits: {memory: lots}}\n',
    );
    expect(problems).toEqual([
      'compose.yaml:5:36  services.web.deploy.resources.limits.memory: must be a size like 512m or 1.5g, got "lots"\n' +
        '  hint: units: b, k, m, g, t, p (all 1024-based)',
    ]);
  });
});

describe('environment (as the environment phase resolved it)', () => {
  test('taken as it is in the tree: numbers print like Go %v, null stays null; no CLI fill here', async () => {
    const { service: web } = await service(
      dedent`
        services:
          web:
            image: x
            environment:
              RATIO: 0.10
              ONE: 1.0
              PORT: 8080
              UNSET: null
              EMPTY: ""
              KEPT: value
      `,
      { env: { UNSET: 'shell', EMPTY: 'shell2' } },
    );
    expect(web?.environment).toEqual({ RATIO: '0.1', ONE: '1', PORT: '8080', UNSET: null, EMPTY: '', KEPT: 'value' });
  });

  test('env_file is not read by this phase', async () => {
    const { service: web, problems } = await service(
      'services:\n  web:\n    image: x\n    env_file: [{path: missing.env, required: true}]\n',
    );
    expect(problems).toEqual([]);
    expect(web?.environment).toBeUndefined();
  });

  test('labels, sysctls, driver_opts and logging options: numbers print like Go %v, null is ""', async () => {
    const { service: web } = await service(dedent`
      services:
        web:
          image: x
          labels: {version: 1.50, empty: null, text: t}
          sysctls: {net.core.somaxconn: 1024}
          logging: {driver: json-file, options: {max-size: 10m, max-file: 3}}
          networks:
            back: {driver_opts: {mtu: 1450}}
    `);
    expect(web?.labels).toEqual({ version: '1.5', empty: '', text: 't' });
    expect(web?.sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(web?.logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
    expect(web?.networks).toEqual({ back: { driver_opts: { mtu: '1450' } } });
  });

  test('booleans in Compose Specification maps print as true/false', async () => {
    const { service: web } = await service('services:\n  web:\n    image: x\n    environment: {DEBUG: true}\n', {
      format: 'spec',
    });
    expect(web?.environment).toEqual({ DEBUG: 'true' });
  });
});

describe('paths', () => {
  test('bind sources: ~ from HOME, relative against the working dir, absolute and Windows paths kept', async () => {
    const { service: web } = await service(
      dedent`
        services:
          web:
            image: x
            volumes:
              - {type: bind, source: ~/data, target: /a}
              - {type: bind, source: ./conf/../site, target: /b}
              - {type: bind, source: /srv/www, target: /c}
              - {type: bind, source: 'C:\\data', target: /d}
              - {type: volume, source: db, target: /e}
              - {type: volume, target: /f}
      `,
      { env: { HOME: '/home/me' } },
    );
    expect(web?.volumes).toEqual([
      { type: 'bind', source: '/home/me/data', target: '/a' },
      { type: 'bind', source: '/project/site', target: '/b' },
      { type: 'bind', source: '/srv/www', target: '/c' },
      { type: 'bind', source: 'C:\\data', target: '/d' },
      { type: 'volume', source: 'db', target: '/e' },
      { type: 'volume', target: '/f' },
    ]);
  });

  test('relative bind sources are cleaned like filepath.Join (no trailing slash); absolute ones stay as written', async () => {
    const { service: web } = await service(
      dedent`
        services:
          web:
            image: x
            volumes:
              - {type: bind, source: ./content/, target: /a}
              - {type: bind, source: ./content/./, target: /b}
              - {type: bind, source: ., target: /c}
              - {type: bind, source: /srv/www/, target: /d}
              - {type: bind, source: ~/, target: /e}
      `,
      { env: { HOME: '/home/me' } },
    );
    expect(web?.volumes?.map((v) => v.source)).toEqual(['/project/content', '/project/content', '/project', '/srv/www/', '/home/me/']);
  });

  test('without HOME, ~ stays and the path is joined to the working dir (as docker does)', async () => {
    const { service: web } = await service('services:\n  web:\n    image: x\n    volumes: [{type: bind, source: ~/d, target: /d}]\n');
    expect(web?.volumes?.[0]?.source).toBe('/project/~/d');
  });

  test('mount option blocks are kept, even empty; sizes in bytes', async () => {
    const { service: web } = await service(
      dedent`
        services:
          web:
            image: x
            volumes:
              - {type: bind, source: /a, target: /a, read_only: true, bind: {propagation: rshared}}
              - {type: volume, source: v, target: /v, volume: {nocopy: true, subpath: sub}}
              - {type: tmpfs, target: /t, tmpfs: {size: 64m, mode: "1777"}}
              - {type: volume, source: v, target: /w, volume: {}}
      `,
      { format: 'spec' },
    );
    expect(web?.volumes).toEqual([
      { type: 'bind', source: '/a', target: '/a', read_only: true, bind: { propagation: 'rshared' } },
      { type: 'volume', source: 'v', target: '/v', volume: { nocopy: true, subpath: 'sub' } },
      { type: 'tmpfs', target: '/t', tmpfs: { size: 67_108_864, mode: 0o1777 } },
      { type: 'volume', source: 'v', target: '/w', volume: {} },
    ]);
  });

  test('an unknown mount type is a problem and the entry is dropped', async () => {
    const { service: web, problems } = await service(
      'services:\n  web:\n    image: x\n    volumes: [{type: nfs, source: a, target: /a}]\n',
    );
    expect(web?.volumes).toEqual([]);
    expect(problems).toEqual([
      'compose.yaml:4:22  services.web.volumes[0].type: must be one of: volume, bind, tmpfs, npipe, cluster, image (got "nfs")',
    ]);
  });

  test('secret and config files become absolute; external objects keep their name', async () => {
    const { model } = await build(dedent`
      secrets:
        db_password: {file: ./secrets/db.txt, labels: {tier: 1}}
        api_key: {external: true, name: prod_api_key}
        legacy: {external: true}
        vault: {driver: vault, driver_opts: {path: 7}}
      configs:
        site: {file: /etc/site.conf, template_driver: golang}
    `);
    expect(model.secrets).toEqual({
      db_password: { file: '/project/secrets/db.txt', labels: { tier: '1' } },
      api_key: { external: true, name: 'prod_api_key' },
      legacy: { external: true },
      vault: { driver: 'vault', driver_opts: { path: '7' } },
    });
    expect(model.configs).toEqual({ site: { file: '/etc/site.conf', template_driver: 'golang' } });
  });

  test('networks and volumes', async () => {
    const { model } = await build(dedent`
      networks:
        front: {}
        back:
          driver: overlay
          attachable: true
          internal: false
          driver_opts: {encrypted: ""}
          ipam: {driver: default, config: [{subnet: 10.0.9.0/24}]}
        outside: {external: true, name: host_net}
      volumes:
        data: {driver: local, driver_opts: {type: nfs, o: "addr=10.0.0.1"}, labels: [a=b]}
        shared: {external: true}
    `);
    expect(model.networks).toEqual({
      front: {},
      back: {
        driver: 'overlay',
        attachable: true,
        internal: false,
        driver_opts: { encrypted: '' },
        ipam: { driver: 'default', config: [{ subnet: '10.0.9.0/24' }] },
      },
      outside: { external: true, name: 'host_net' },
    });
    expect(model.volumes).toEqual({
      data: { driver: 'local', driver_opts: { type: 'nfs', o: 'addr=10.0.0.1' } },
      shared: { external: true },
    });
  });
});

describe('the rest of a service', () => {
  test('ports, references, networks, hosts, ulimits, depends_on, credential_spec', async () => {
    const { service: web } = await service(
      dedent`
        services:
          web:
            image: x
            ports:
              - {target: 80, published: 8080, protocol: tcp, mode: ingress, short: true}
              - {target: 443, published: "8443", mode: host}
              - {target: 53, protocol: udp}
            secrets: [{source: token}, {source: cert, target: /run/cert.pem, uid: "1000", gid: "1000", mode: 0440}]
            configs: [{source: site}]
            networks: {front: {aliases: [www]}, back: {}}
            extra_hosts: ["db:10.0.0.2", "v6:::1"]
            ulimits: {nproc: 65535, nofile: {soft: 1024, hard: 2048}}
            depends_on: {db: {condition: service_healthy, required: false}, cache: {condition: service_started}}
            credential_spec: {config: gmsa}
            cap_add: [NET_ADMIN]
            dns: [1.1.1.1]
            tmpfs: [/run]
            restart: on-failure:3
            oom_score_adj: -500
            init: true
            read_only: true
      `,
      { format: 'spec' },
    );
    expect(web).toEqual({
      image: 'x',
      ports: [
        { target: 80, published: 8080, protocol: 'tcp', mode: 'ingress', short: true },
        { target: 443, published: 8443, mode: 'host' },
        { target: 53, protocol: 'udp' },
      ],
      secrets: [{ source: 'token' }, { source: 'cert', target: '/run/cert.pem', uid: '1000', gid: '1000', mode: 288 }],
      configs: [{ source: 'site' }],
      networks: { front: { aliases: ['www'] }, back: {} },
      extra_hosts: [
        { host: 'db', ip: '10.0.0.2' },
        { host: 'v6', ip: '::1' },
      ],
      ulimits: { nproc: { single: 65535 }, nofile: { soft: 1024, hard: 2048 } },
      depends_on: { db: { condition: 'service_healthy', required: false }, cache: { condition: 'service_started' } },
      credential_spec: { config: 'gmsa' },
      cap_add: ['NET_ADMIN'],
      dns: ['1.1.1.1'],
      tmpfs: ['/run'],
      restart: 'on-failure:3',
      oom_score_adj: -500,
      init: true,
      read_only: true,
    });
  });

  test('a published port range in long syntax is a problem (swarm publishes single ports)', async () => {
    const { service: web, problems } = await service(
      'services:\n  web:\n    image: x\n    ports: [{target: 80, published: "8000-8010"}]\n',
      { format: 'spec' },
    );
    expect(web?.ports).toEqual([{ target: 80 }]);
    expect(problems).toEqual([
      'compose.yaml:4:37  services.web.ports[0].published: swarm cannot publish a port range in long syntax, got "8000-8010"\n' +
        '  hint: write one ports entry per published port, or use the short syntax 8000-8010:80',
    ]);
  });

  test('a long-syntax port without target is a problem', async () => {
    const { service: web, problems } = await service('services:\n  web:\n    image: x\n    ports: [{published: 80}]\n');
    expect(web?.ports).toEqual([]);
    expect(problems).toEqual([
      'compose.yaml:4:13  services.web.ports[0]: missing required key "target"\n  hint: the port inside the container',
    ]);
  });
});
