import { describe, expect, it } from 'vitest';
import { canonicalize, expandShortPort, parseShortVolume } from '../../../src/compose/canonical.js';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
import type { ComposeDocument } from '../../../src/compose/types.js';
import { dedent } from '../../helpers/dedent.js';

function load(yaml: string): ComposeDocument {
  const parsed = parseComposeFile({ displayPath: 'compose.yaml', absolutePath: '/p/compose.yaml', text: yaml });
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

function canonical(yaml: string): Record<string, unknown> {
  const result = canonicalize(load(yaml));
  expect(result.problems).toEqual([]);
  return result.document.tree;
}

function service(body: string): Record<string, unknown> {
  const indented = body
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  const tree = canonical(`services:\n  web:\n${indented}\n`);
  return (tree.services as Record<string, Record<string, unknown>>).web ?? {};
}

const p = (target: number, published?: number, protocol = 'tcp', hostIp?: string) => ({
  target,
  ...(published === undefined ? {} : { published }),
  protocol,
  mode: 'ingress',
  ...(hostIp === undefined ? {} : { host_ip: hostIp }),
  short: true,
});

describe('short ports (§5)', () => {
  it.each([
    ['80', [p(80)]],
    ['8080:80', [p(80, 8080)]],
    ['8080:80/udp', [p(80, 8080, 'udp')]],
    ['8080:80/UDP', [p(80, 8080, 'udp')]],
    ['53:53/sctp', [p(53, 53, 'sctp')]],
    ['127.0.0.1:8080:80', [p(80, 8080, 'tcp', '127.0.0.1')]],
    ['127.0.0.1::80', [p(80, undefined, 'tcp', '127.0.0.1')]],
    ['[::1]:8080:80', [p(80, 8080, 'tcp', '::1')]],
    ['::1:8080:80', [p(80, 8080, 'tcp', '::1')]],
    ['3000-3002', [p(3000), p(3001), p(3002)]],
    ['9090-9091:8080-8081', [p(8080, 9090), p(8081, 9091)]],
    ['8000-8002:80', [p(80, 8000), p(80, 8001), p(80, 8002)]],
    ['0.0.0.0:5000-5001:5000-5001/udp', [p(5000, 5000, 'udp', '0.0.0.0'), p(5001, 5001, 'udp', '0.0.0.0')]],
    // docker sorts the "PORT/PROTO" keys as strings.
    ['99-100', [p(100), p(99)]],
  ])('%s', (spec, expected) => {
    expect(expandShortPort(spec)).toEqual(expected);
  });

  it.each([
    ['8080-8081:80-82', 'invalid ranges specified for container and host ports: 80-82 and 8080-8081'],
    ['80/xyz', 'invalid proto: xyz'],
    ['abc', 'invalid containerPort: abc'],
    ['x:80', 'invalid hostPort: x'],
    ['70000', 'invalid containerPort: 70000'],
    ['81-80', 'invalid containerPort: 81-80'],
    ['1.2.3:80:80', 'invalid IP address: 1.2.3'],
    [':', 'no port specified: :<empty>'],
  ])('%s is refused: %s', (spec, message) => {
    expect(expandShortPort(spec)).toBe(message);
  });

  it('expands short entries, keeps long ones, expands long published ranges, and points each entry at its source', () => {
    const result = canonicalize(
      load(dedent`
        services:
          web:
            ports:
              - 80
              - "8000-8001:80"
              - target: 443
                published: 443
                mode: host
              - target: 53
                published: "5353-5354"
      `),
    );
    expect(result.problems).toEqual([]);
    const ports = (result.document.tree.services as Record<string, Record<string, unknown>>).web?.ports;
    expect(ports).toEqual([
      p(80),
      p(80, 8000),
      p(80, 8001),
      { target: 443, published: 443, mode: 'host' },
      { target: 53, published: 5353 },
      { target: 53, published: 5354 },
    ]);
    const map = result.document.sourceMap;
    expect(map.locate(['services', 'web', 'ports', 2, 'published'])).toEqual({ file: 'compose.yaml', line: 5, col: 9 });
    expect(map.locate(['services', 'web', 'ports', 3, 'mode'])).toEqual({ file: 'compose.yaml', line: 8, col: 15 });
    expect(map.locate(['services', 'web', 'ports', 5])).toEqual({ file: 'compose.yaml', line: 9, col: 9 });
  });

  it('reports a bad port at its entry and keeps going', () => {
    const result = canonicalize(load('services:\n  web:\n    ports: ["80", "1-2:3-5"]\n'));
    expect(result.problems).toEqual([
      {
        code: 'PORT_SYNTAX',
        message: 'invalid port "1-2:3-5": invalid ranges specified for container and host ports: 3-5 and 1-2',
        path: 'services.web.ports[1]',
        location: { file: 'compose.yaml', line: 3, col: 19 },
      },
    ]);
  });
});

describe('short volumes (§7)', () => {
  it.each([
    ['/data', { type: 'volume', target: '/data' }],
    ['ab', { type: 'volume', target: 'ab' }],
    ['data:/data', { type: 'volume', source: 'data', target: '/data' }],
    ['data:/data:ro', { type: 'volume', source: 'data', target: '/data', read_only: true }],
    ['data:/data:nocopy', { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } }],
    ['./src:/app', { type: 'bind', source: './src', target: '/app' }],
    ['~/cfg:/cfg:ro,z', { type: 'bind', source: '~/cfg', target: '/cfg', read_only: true }],
    ['/var/run/docker.sock:/var/run/docker.sock:rw', { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
    ['/src:/dst:ro,rslave', { type: 'bind', source: '/src', target: '/dst', read_only: true, bind: { propagation: 'rslave' } }],
    ['/src:/dst:cached,delegated', { type: 'bind', source: '/src', target: '/dst' }],
    ['C:\\data:/data', { type: 'bind', source: 'C:\\data', target: '/data' }],
    ['c:/data:c:/target', { type: 'bind', source: 'c:/data', target: 'c:/target' }],
    ['\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine', {
      type: 'bind',
      source: '\\\\.\\pipe\\docker_engine',
      target: '\\\\.\\pipe\\docker_engine',
    }],
  ])('%s', (spec, expected) => {
    expect(parseShortVolume(spec)).toEqual(expected);
  });

  it.each([
    ['', 'invalid empty volume spec'],
    ['vol::/b', 'invalid spec: vol::/b: empty section between colons'],
    ['vol:/b:ro:x', 'invalid spec: vol:/b:ro:x: too many colons'],
  ])('%j is refused', (spec, message) => {
    expect(parseShortVolume(spec)).toBe(message);
  });

  it('rewrites short entries in a service and keeps long ones', () => {
    expect(service('volumes:\n  - data:/d\n  - {type: tmpfs, target: /t}\n').volumes).toEqual([
      { type: 'volume', source: 'data', target: '/d' },
      { type: 'tmpfs', target: '/t' },
    ]);
  });
});

describe('mapping-or-list keys', () => {
  it('environment and build.args: bare KEY and null are null, K= is ""', () => {
    expect(
      service(dedent`
        environment: ["A=1", "B", "C=", "D=x=y"]
        build:
          context: .
          args: {X: 1, Y: ~, Z: 1.5}
      `),
    ).toEqual({
      environment: { A: '1', B: null, C: '', D: 'x=y' },
      build: { context: '.', args: { X: '1', Y: null, Z: '1.5' } },
    });
  });

  it('labels, deploy.labels, sysctls: bare KEY and null are ""', () => {
    expect(
      service(dedent`
        labels: ["a=1", "b"]
        sysctls: {net.core.somaxconn: 1024, x: ~}
        deploy:
          labels: {c: 2.50}
      `),
    ).toEqual({
      labels: { a: '1', b: '' },
      sysctls: { 'net.core.somaxconn': '1024', x: '' },
      deploy: { labels: { c: '2.5' } },
    });
  });

  it('writes numbers as Go prints them, exact for big integers and in float form for integral floats', () => {
    expect(
      service(dedent`
        environment: {BIG: 12345678901234567890, MEGA: 1e6, WHOLE: 1000000.0, SMALL: 1.0, NEG_ZERO: -0.0, INT: 1000000}
        labels: {id: 9007199254740993}
        logging:
          options: {max-size: 1e6}
      `),
    ).toEqual({
      environment: { BIG: '12345678901234567890', MEGA: '1e+06', WHOLE: '1e+06', SMALL: '1', NEG_ZERO: '-0', INT: '1000000' },
      labels: { id: '9007199254740993' },
      logging: { options: { 'max-size': '1e+06' } },
    });
  });

  it('points a converted list entry at its list item', () => {
    const result = canonicalize(load('services:\n  web:\n    environment:\n      - A=1\n      - B=2\n'));
    expect(result.document.sourceMap.locate(['services', 'web', 'environment', 'B'])).toEqual({
      file: 'compose.yaml',
      line: 5,
      col: 9,
    });
  });
});

describe('other short forms', () => {
  it('secrets and configs: a name becomes {source}', () => {
    expect(service('secrets: [a, {source: b, target: t}]\nconfigs: [c]\n')).toEqual({
      secrets: [{ source: 'a' }, { source: 'b', target: 't' }],
      configs: [{ source: 'c' }],
    });
  });

  it('networks: a list becomes a mapping, null entries {}', () => {
    expect(service('networks: [front, back]\n').networks).toEqual({ front: {}, back: {} });
    expect(service('networks:\n  front:\n  back: {aliases: [b]}\n').networks).toEqual({
      front: {},
      back: { aliases: ['b'] },
    });
  });

  it('extra_hosts: = and : forms, brackets removed, mapping form sorted, entries without separator dropped', () => {
    expect(service('extra_hosts: ["a:1.1.1.1", "b=2.2.2.2", "c:[::1]", "nosep", "d:::2"]\n').extra_hosts).toEqual([
      'a:1.1.1.1',
      'b:2.2.2.2',
      'c:::1',
      'd:::2',
    ]);
    expect(service('extra_hosts: {z: 1.1.1.1, a: "[::1]", n: ~}\n').extra_hosts).toEqual(['a:::1', 'z:1.1.1.1']);
  });

  it('dns, dns_search, tmpfs: a string becomes a list', () => {
    expect(service('dns: 8.8.8.8\ndns_search: [a, b]\ntmpfs: /run\n')).toEqual({
      dns: ['8.8.8.8'],
      dns_search: ['a', 'b'],
      tmpfs: ['/run'],
    });
  });

  it('env_file: {path, required}', () => {
    expect(service('env_file: a.env\n').env_file).toEqual([{ path: 'a.env', required: true }]);
    expect(service('env_file: [a.env, {path: b.env, required: false}, {path: c.env}]\n').env_file).toEqual([
      { path: 'a.env', required: true },
      { path: 'b.env', required: false },
      { path: 'c.env', required: true },
    ]);
  });

  it('depends_on: a list becomes service_started conditions', () => {
    expect(service('depends_on: [db]\n').depends_on).toEqual({ db: { condition: 'service_started' } });
    expect(service('depends_on: {db: {condition: service_healthy}}\n').depends_on).toEqual({
      db: { condition: 'service_healthy' },
    });
  });

  it('healthcheck.test: a string becomes CMD-SHELL', () => {
    expect(service('healthcheck: {test: "curl -f x"}\n').healthcheck).toEqual({ test: ['CMD-SHELL', 'curl -f x'] });
    expect(service('healthcheck: {test: [CMD, "true"]}\n').healthcheck).toEqual({ test: ['CMD', 'true'] });
  });

  it('build: a string becomes {context}', () => {
    expect(service('build: ./app\n').build).toEqual({ context: './app' });
  });

  it('logging options and driver_opts values become strings', () => {
    expect(service('logging: {driver: x, options: {max-file: 3}}\n').logging).toEqual({
      driver: 'x',
      options: { 'max-file': '3' },
    });
  });

  it('leaves x-* keys alone', () => {
    expect(service('x-ports: ["80"]\nx-env: [A=1]\n')).toEqual({ 'x-ports': ['80'], 'x-env': ['A=1'] });
  });
});

describe('top-level objects', () => {
  it('null becomes {}; external {name} becomes external: true and name', () => {
    expect(
      canonical(dedent`
        networks:
          a:
          b: {external: {name: real}}
          c: {external: true}
        volumes:
          v:
        secrets:
          s: {external: {name: sec}, labels: [x=1]}
        configs:
          c: {file: ./c.txt}
      `),
    ).toEqual({
      networks: { a: {}, b: { external: true, name: 'real' }, c: { external: true } },
      volumes: { v: {} },
      secrets: { s: { external: true, name: 'sec', labels: { x: '1' } } },
      configs: { c: { file: './c.txt' } },
    });
  });

  it('reports external.name together with name', () => {
    const result = canonicalize(load('networks:\n  n:\n    name: a\n    external:\n      name: b\n'));
    expect(result.problems).toEqual([
      {
        code: 'EXTERNAL_NAME_CONFLICT',
        message: 'external.name and name conflict; only use name',
        path: 'networks.n.external.name',
        location: { file: 'compose.yaml', line: 5, col: 13 },
      },
    ]);
  });
});
