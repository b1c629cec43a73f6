import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/compose/canonical.js';
import { mergeDocuments } from '../../../src/compose/merge.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { dedent } from '../../helpers/dedent.js';

function load(yaml: string, name: string): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: name, absolutePath: `/p/${name}`, text: yaml });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  const result = canonicalize(parsed.document);
  if (result.problems.length > 0) throw new Error(JSON.stringify(result.problems));
  return result.document;
}

function merge(...yamls: string[]): ComposeDocument {
  return mergeDocuments(yamls.map((yaml, i) => load(yaml, i === 0 ? 'base.yml' : `override${i}.yml`)));
}

/** Merges two one-service files given only the service bodies and returns the merged service `foo`. */
function mergeFoo(base: string, override: string): unknown {
  const wrap = (body: string): string =>
    `services:\n  foo:\n${body
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}\n`;
  const merged = merge(wrap(base), wrap(override));
  return (merged.tree.services as Record<string, unknown>).foo;
}

const ingress = (target: number, published?: number, protocol = 'tcp') => ({
  target,
  ...(published === undefined ? {} : { published }),
  protocol,
  mode: 'ingress',
  short: true,
});

describe('mergeDocuments: top level', () => {
  it('returns a single document unchanged', () => {
    const doc = load('services:\n  b: {image: x}\n  a: {image: y}\n', 'one.yml');
    expect(mergeDocuments([doc])).toBe(doc);
  });

  it('replaces top-level networks, volumes, secrets and configs per key, whole', () => {
    const merged = merge(
      dedent`
        services: {foo: {image: baz}}
        networks:
          hostnet:
            driver: overlay
            ipam: {driver: default, config: [{subnet: 10.0.0.0/20}]}
          other: {driver: overlay}
        volumes: {v: {driver: local, labels: {a: "1"}}}
      `,
      dedent`
        services: {}
        networks:
          hostnet:
            external: {name: host}
        volumes: {v: {labels: {b: "2"}}, w: {}}
        secrets: {s: {file: ./s}}
      `,
    );
    expect(merged.tree).toEqual({
      services: { foo: { image: 'baz' } },
      networks: { hostnet: { external: true, name: 'host' }, other: { driver: 'overlay' } },
      volumes: { v: { labels: { b: '2' } }, w: {} },
      secrets: { s: { file: './s' } },
    });
  });

  it('sorts services by name and adds new ones', () => {
    const merged = merge('services:\n  zeta: {image: z}\n  alpha: {image: a}\n', 'services:\n  mid: {image: m}\n');
    expect(Object.keys(merged.tree.services as object)).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('keeps the first file version and x-* keys', () => {
    const merged = merge('version: "3.8"\nx-a: 1\nservices: {}\n', 'version: "3.8"\nx-a: 2\nx-b: 3\nservices: {}\n');
    expect(merged.tree).toEqual({ version: '3.8', 'x-a': 1, services: {}, 'x-b': 3 });
  });

  it('merges three files left to right', () => {
    const merged = merge(
      'services:\n  foo: {image: a, environment: {A: "1"}}\n',
      'services:\n  foo: {image: b, environment: {B: "2"}}\n',
      'services:\n  foo: {environment: {A: "3"}}\n',
    );
    expect(merged.tree.services).toEqual({ foo: { image: 'b', environment: { A: '3', B: '2' } } });
  });
});

describe('mergeService: generic rules', () => {
  it('a later non-empty scalar wins; an empty one (false, "", 0, null) never overrides', () => {
    expect(
      mergeFoo(
        'image: a\nuser: root\ntty: true\nread_only: true\noom_score_adj: 5\nhostname: h\n',
        'image: b\nuser: ""\ntty: false\nread_only: ~\noom_score_adj: 0\n',
      ),
    ).toEqual({ image: 'b', user: 'root', tty: true, read_only: true, oom_score_adj: 5, hostname: 'h' });
  });

  it('takes a key the base lacks even when it is empty', () => {
    expect(mergeFoo('image: a\n', 'tty: false\n')).toEqual({ image: 'a', tty: false });
  });

  it('merges environment per key; an empty or null later value does not override', () => {
    expect(
      mergeFoo('environment: {A: "1", B: "2", C: "3"}\n', 'environment: ["A=x", "B=", "C", "D=4"]\n'),
    ).toEqual({ environment: { A: 'x', B: '2', C: '3', D: '4' } });
  });

  it('merges labels, deploy.labels and sysctls per key; a later "" does override', () => {
    expect(
      mergeFoo(
        'labels: [foo=bar, keep=1]\nsysctls: {a: "1"}\ndeploy: {labels: {x: "1"}}\n',
        'labels: {foo: baz, keep: ""}\nsysctls: {b: "2"}\ndeploy: {labels: {y: "2"}}\n',
      ),
    ).toEqual({
      labels: { foo: 'baz', keep: '' },
      sysctls: { a: '1', b: '2' },
      deploy: { labels: { x: '1', y: '2' } },
    });
  });

  it('appends plain lists', () => {
    expect(
      mergeFoo(
        dedent`
          cap_add: [NET_ADMIN]
          cap_drop: [ALL]
          dns: 8.8.8.8
          dns_search: [a]
          extra_hosts: ["a:1.1.1.1"]
          tmpfs: /run
          expose: ["80"]
          devices: [/dev/a]
          security_opt: [x]
          env_file: a.env
          healthcheck: {test: [CMD, a]}
          deploy: {placement: {constraints: [node.role==manager], preferences: [{spread: a}]}}
        `,
        dedent`
          cap_add: [SYS_ADMIN]
          cap_drop: [NET_RAW]
          dns: [1.1.1.1]
          dns_search: [b]
          extra_hosts: {b: 2.2.2.2}
          tmpfs: [/tmp]
          expose: ["81"]
          devices: [/dev/b]
          security_opt: [y]
          env_file: [b.env]
          healthcheck: {test: [CMD, b]}
          deploy: {placement: {constraints: [node.labels.x==y], preferences: [{spread: b}]}}
        `,
      ),
    ).toEqual({
      cap_add: ['NET_ADMIN', 'SYS_ADMIN'],
      cap_drop: ['ALL', 'NET_RAW'],
      dns: ['8.8.8.8', '1.1.1.1'],
      dns_search: ['a', 'b'],
      extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2'],
      tmpfs: ['/run', '/tmp'],
      expose: ['80', '81'],
      devices: ['/dev/a', '/dev/b'],
      security_opt: ['x', 'y'],
      env_file: [
        { path: 'a.env', required: true },
        { path: 'b.env', required: true },
      ],
      healthcheck: { test: ['CMD', 'a', 'CMD', 'b'] },
      deploy: {
        placement: {
          constraints: ['node.role==manager', 'node.labels.x==y'],
          preferences: [{ spread: 'a' }, { spread: 'b' }],
        },
      },
    });
  });

  it('merges build field by field (docker TestLoadMultipleConfigs)', () => {
    expect(
      mergeFoo(
        'image: foo\nbuild: {context: ., dockerfile: bar.Dockerfile}\ncap_add: [NET_ADMIN]\n',
        'image: baz\nbuild: {dockerfile: foo.Dockerfile, args: [buildno=1, password=secret]}\ncap_add: [SYS_ADMIN]\n',
      ),
    ).toEqual({
      image: 'baz',
      build: { context: '.', dockerfile: 'foo.Dockerfile', args: { buildno: '1', password: 'secret' } },
      cap_add: ['NET_ADMIN', 'SYS_ADMIN'],
    });
  });
});

describe('mergeService: special cases', () => {
  it('command and entrypoint are replaced when the later one is non-empty', () => {
    expect(mergeFoo('command: foo bar\nentrypoint: [a, b]\n', 'command: foo baz\nentrypoint: []\n')).toEqual({
      command: 'foo baz',
      entrypoint: ['a', 'b'],
    });
  });

  it('ports: different published ports are kept and sorted (override_different_published)', () => {
    expect(mergeFoo('ports: ["8080:80"]\n', 'ports: ["8081:80"]\n')).toEqual({
      ports: [ingress(80, 8080), ingress(80, 8081)],
    });
  });

  it('ports: an entry with the same published, target, protocol and mode is replaced', () => {
    expect(mergeFoo('ports: ["8080:80", "9090:90"]\n', 'ports: [{target: 80, published: 8080, mode: host}]\n')).toEqual({
      ports: [ingress(80, 8080), { target: 80, published: 8080, mode: 'host' }, ingress(90, 9090)],
    });
    expect(mergeFoo('ports: ["8080:80"]\n', 'ports: [{target: 80, published: 8080}]\n')).toEqual({
      ports: [{ target: 80, published: 8080 }],
    });
  });

  it('ports: 443/tcp and 443/udp stay distinct, unlike docker (docker/cli#6223)', () => {
    expect(mergeFoo('ports: ["443:443/tcp", "443:443/udp", "80", "81"]\n', 'image: x\n')).toEqual({
      ports: [ingress(80), ingress(81), ingress(443, 443), ingress(443, 443, 'udp')],
      image: 'x',
    });
  });

  it('ports: a base without ports takes the later list as written', () => {
    expect(mergeFoo('image: x\n', 'ports: ["9090:90", "8080:80"]\n')).toEqual({
      image: 'x',
      ports: [ingress(90, 9090), ingress(80, 8080)],
    });
  });

  it('secrets and configs are keyed by source and sorted (override_same_source)', () => {
    expect(
      mergeFoo(
        'secrets: [foo_secret, {source: bar_secret, target: waw_secret}]\nconfigs: [my_config]\n',
        'secrets: [{source: bar_secret, target: bof_secret}, {source: baz_secret, target: waw_secret}]\nconfigs: [a_config]\n',
      ),
    ).toEqual({
      secrets: [
        { source: 'bar_secret', target: 'bof_secret' },
        { source: 'baz_secret', target: 'waw_secret' },
        { source: 'foo_secret' },
      ],
      configs: [{ source: 'a_config' }, { source: 'my_config' }],
    });
  });

  it('volumes are keyed by target and sorted', () => {
    expect(
      mergeFoo(
        'volumes: [{type: volume, source: sourceVolume, target: /var/app}, "/z:/z"]\n',
        'volumes: [{type: volume, source: /local, target: /var/app}, "data:/b"]\n',
      ),
    ).toEqual({
      volumes: [
        { type: 'volume', source: 'data', target: '/b' },
        { type: 'volume', source: '/local', target: '/var/app' },
        { type: 'bind', source: '/z', target: '/z' },
      ],
    });
  });

  it.each([
    [
      'same driver: options merged',
      '{driver: json-file, options: {frequency: "2000", timeout: "23"}}',
      '{options: {timeout: "360", pretty-print: "on"}}',
      { driver: 'json-file', options: { frequency: '2000', timeout: '360', 'pretty-print': 'on' } },
    ],
    [
      'different driver: replaced',
      '{driver: json-file, options: {frequency: "2000", timeout: "23"}}',
      '{driver: syslog, options: {timeout: "360", pretty-print: "on"}}',
      { driver: 'syslog', options: { timeout: '360', 'pretty-print': 'on' } },
    ],
    [
      'no base driver: options merged, driver taken',
      '{options: {frequency: "2000", timeout: "23"}}',
      '{driver: json-file, options: {timeout: "360", pretty-print: "on"}}',
      { options: { frequency: '2000', timeout: '360', 'pretty-print': 'on' }, driver: 'json-file' },
    ],
    [
      'different driver without options: replaced',
      '{driver: json-file, options: {frequency: "2000"}}',
      '{driver: syslog}',
      { driver: 'syslog' },
    ],
  ])('logging, %s', (_name, base, override, expected) => {
    expect(mergeFoo(`logging: ${base}\n`, `logging: ${override}\n`)).toEqual({ logging: expected });
  });

  it('ulimits: per name, the later entry replaces (override_different_notation)', () => {
    expect(
      mergeFoo(
        'ulimits: {nofile: {soft: 11111, hard: 99999}, noproc: 44444, keep: 1}\n',
        'ulimits: {nofile: 55555, noproc: {soft: 22222, hard: 33333}}\n',
      ),
    ).toEqual({ ulimits: { nofile: 55555, noproc: { soft: 22222, hard: 33333 }, keep: 1 } });
  });

  it('service networks: per name; later aliases replace, addresses when set, driver_opts kept from the base', () => {
    expect(
      mergeFoo(
        dedent`
          networks:
            net1: {aliases: [alias1], ipv4_address: 10.0.0.1, driver_opts: {a: "1"}}
            net2:
            net4: {aliases: [x]}
        `,
        dedent`
          networks:
            net1: {aliases: [alias2, alias3], ipv4_address: "", driver_opts: {b: "2"}}
            net3: {}
            net4:
        `,
      ),
    ).toEqual({
      networks: {
        net1: { aliases: ['alias2', 'alias3'], ipv4_address: '10.0.0.1', driver_opts: { a: '1' } },
        net2: {},
        net4: { aliases: ['x'] },
        net3: {},
      },
    });
  });

  it('pointer integers: a later 0 wins (replicas, parallelism, max_attempts, retries)', () => {
    expect(
      mergeFoo(
        dedent`
          deploy:
            replicas: 3
            update_config: {parallelism: 2, delay: 10s}
            rollback_config: {parallelism: 2}
            restart_policy: {max_attempts: 5, condition: any}
            placement: {max_replicas_per_node: 2}
          healthcheck: {retries: 3}
        `,
        dedent`
          deploy:
            replicas: 0
            update_config: {parallelism: 0}
            rollback_config: {parallelism: 0}
            restart_policy: {max_attempts: 0}
            placement: {max_replicas_per_node: 0}
          healthcheck: {retries: 0}
        `,
      ),
    ).toEqual({
      deploy: {
        replicas: 0,
        update_config: { parallelism: 0, delay: '10s' },
        rollback_config: { parallelism: 0 },
        restart_policy: { max_attempts: 0, condition: 'any' },
        placement: { max_replicas_per_node: 2 },
      },
      healthcheck: { retries: 0 },
    });
  });

  it('pointer integers: an absent later value keeps the base', () => {
    expect(mergeFoo('deploy: {replicas: 3}\n', 'deploy: {mode: replicated}\n')).toEqual({
      deploy: { replicas: 3, mode: 'replicated' },
    });
  });
});

describe('mergeDocuments: source map', () => {
  it('points each merged value at the file that supplied it', () => {
    const merged = merge(
      dedent`
        services:
          foo:
            image: a
            user: root
            ports: ["8080:80"]
      `,
      dedent`
        services:
          foo:
            image: b
            ports: ["9090:90"]
      `,
    );
    const map = merged.sourceMap;
    expect(map.locate(['services', 'foo', 'image'])).toEqual({ file: 'override1.yml', line: 3, col: 12 });
    expect(map.locate(['services', 'foo', 'user'])).toEqual({ file: 'base.yml', line: 4, col: 11 });
    expect(map.locate(['services', 'foo', 'ports', 0, 'target'])).toEqual({ file: 'base.yml', line: 5, col: 13 });
    expect(map.locate(['services', 'foo', 'ports', 1])).toEqual({ file: 'override1.yml', line: 4, col: 13 });
    expect(map.get(['services', 'foo', 'image'])?.key).toEqual({ file: 'override1.yml', line: 3, col: 5 });
  });
});

describe('mergeService: service networks written without settings', () => {
  it('takes the later entry whole when the earlier one was null (docker: nil pointer)', () => {
    expect(
      mergeFoo('networks: [front]\n', 'networks:\n  front: {aliases: [a], driver_opts: {x: "1"}}\n'),
    ).toEqual({ networks: { front: { aliases: ['a'], driver_opts: { x: '1' } } } });
  });

  it('keeps the earlier entry when the later one is null or a bare list name', () => {
    expect(mergeFoo('networks:\n  front: {aliases: [a]}\n', 'networks: [front]\n')).toEqual({
      networks: { front: { aliases: ['a'] } },
    });
  });

  it('merges a service named like an Object.prototype member without touching prototypes', () => {
    const merged = merge('services:\n  constructor: {image: a}\n', 'services:\n  toString: {image: b}\n');
    expect(merged.tree.services).toEqual({ constructor: { image: 'a' }, toString: { image: 'b' } });
  });
});
