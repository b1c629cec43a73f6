// Service keys that land in ContainerSpec (and LogDriver). The "everything" case is the body docker CLI 28.2.2 sent
// for the same service, recorded against a fake Engine.
import { describe, expect, it } from 'vitest';
import type { ServiceModel } from '../../../src/model/stack-model.js';
import { convertWeb, expectedService } from './builders.js';

describe('ContainerSpec', () => {
  it('converts every container-level key like docker 28.2.2', () => {
    const service: ServiceModel = {
      image: 'docker.io/library/redis:7',
      entrypoint: ['/bin/sh', '-c'],
      command: ['echo', 'hello', 'world'],
      hostname: '{{.Task.Slot}}',
      extra_hosts: [
        { host: 'somehost', ip: '162.242.195.82' },
        { host: 'v6host', ip: '::1' },
        { host: 'alpha', ip: '10.0.0.1' },
      ],
      dns: ['8.8.8.8', 'not-an-ip'],
      dns_search: ['example.com'],
      environment: { ZED: 'last', A: '1', EMPTY: '', UNSET_VAR_XYZ: null, é: 'accent' },
      labels: { 'com.example': '1', flag: '' },
      working_dir: '/srv',
      user: '1000:1000',
      stop_grace_period: 90_000_000_000,
      stop_signal: 'SIGTERM',
      tty: true,
      stdin_open: true,
      read_only: true,
      init: false,
      isolation: 'default',
      sysctls: { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' },
      cap_add: ['net_admin', 'CAP_SYS_TIME', ' sys_time ', 'RESET'],
      cap_drop: ['all', 'chown'],
      ulimits: { nproc: { single: 65535 }, nofile: { soft: 20000, hard: 40000 }, core: { single: 0 } },
      oom_score_adj: -500,
      logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
    };
    expect(convertWeb(service)).toStrictEqual(
      expectedService({
        image: 'docker.io/library/redis:7',
        containerSpec: {
          Labels: { 'com.docker.stack.namespace': 's', 'com.example': '1', flag: '' },
          Command: ['/bin/sh', '-c'],
          Args: ['echo', 'hello', 'world'],
          Hostname: '{{.Task.Slot}}',
          Env: ['A=1', 'EMPTY=', 'UNSET_VAR_XYZ', 'ZED=last', 'é=accent'],
          Dir: '/srv',
          User: '1000:1000',
          Init: false,
          StopSignal: 'SIGTERM',
          TTY: true,
          OpenStdin: true,
          ReadOnly: true,
          StopGracePeriod: 90_000_000_000,
          Hosts: ['162.242.195.82 somehost', '::1 v6host', '10.0.0.1 alpha'],
          DNSConfig: { Nameservers: ['8.8.8.8', 'not-an-ip'], Search: ['example.com'] },
          Isolation: 'default',
          Sysctls: { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' },
          CapabilityAdd: ['CAP_NET_ADMIN', 'CAP_SYS_TIME'],
          CapabilityDrop: ['ALL'],
          Ulimits: [
            { Name: 'core', Hard: 0, Soft: 0 },
            { Name: 'nofile', Hard: 40000, Soft: 20000 },
            { Name: 'nproc', Hard: 65535, Soft: 65535 },
          ],
        },
        taskTemplate: { LogDriver: { Name: 'json-file', Options: { 'max-file': '3', 'max-size': '10m' } } },
      }),
    );
  });

  it('entrypoint is Command and command is Args (the names swap)', () => {
    expect(convertWeb({ image: 'nginx', entrypoint: ['tini', '--'], command: ['nginx', '-g', 'daemon off;'] })).toStrictEqual(
      expectedService({ containerSpec: { Command: ['tini', '--'], Args: ['nginx', '-g', 'daemon off;'] } }),
    );
  });

  it('empty lists, maps, strings and false booleans are omitted', () => {
    const service: ServiceModel = {
      image: 'nginx',
      entrypoint: [],
      command: [],
      hostname: '',
      extra_hosts: [],
      environment: {},
      labels: {},
      working_dir: '',
      user: '',
      stop_signal: '',
      tty: false,
      stdin_open: false,
      read_only: false,
      isolation: '',
      sysctls: {},
      cap_add: [],
      cap_drop: [],
      ulimits: {},
      volumes: [],
      secrets: [],
      configs: [],
    };
    expect(convertWeb(service)).toStrictEqual(expectedService());
  });

  it('pointer fields are sent even when zero: init false, stop_grace_period 0', () => {
    expect(convertWeb({ image: 'nginx', init: false, stop_grace_period: 0 })).toStrictEqual(
      expectedService({ containerSpec: { Init: false, StopGracePeriod: 0 } }),
    );
    expect(convertWeb({ image: 'nginx', init: true }).TaskTemplate.ContainerSpec?.Init).toBe(true);
  });

  it('never sends OomScoreAdj: docker 28.2.2 parses oom_score_adj but never loads it into its service struct', () => {
    expect(convertWeb({ image: 'nginx', oom_score_adj: -500 })).toStrictEqual(expectedService());
  });

  it('ignores keys stack deploy does not apply', () => {
    const ignored: ServiceModel = {
      image: 'nginx',
      domainname: 'example.com',
      tmpfs: ['/run'],
      dns_opt: ['use-vc'],
      depends_on: { db: { condition: 'service_started' } },
      extensions: { 'x-foo': 1 },
    };
    expect(convertWeb(ignored)).toStrictEqual(expectedService());
  });

  it('sorts environment entries by bytes, bare names for values without value', () => {
    expect(
      convertWeb({ image: 'nginx', environment: { b: '2', B: '1', a: null, 'a=': 'x', A_1: '' } }).TaskTemplate.ContainerSpec?.Env,
    ).toStrictEqual(['A_1=', 'B=1', 'a', 'a==x', 'b=2']);
  });

  it('extra_hosts become "<ip> <host>" in the given order', () => {
    expect(
      convertWeb({
        image: 'nginx',
        extra_hosts: [
          { host: 'zulu', ip: '127.0.0.2' },
          { host: 'alpha', ip: '127.0.0.1' },
          { host: 'zulu', ip: 'ff02::1' },
        ],
      }).TaskTemplate.ContainerSpec?.Hosts,
    ).toStrictEqual(['127.0.0.2 zulu', '127.0.0.1 alpha', 'ff02::1 zulu']);
  });

  it('container labels get the namespace label (user value overwritten), not the image label', () => {
    expect(
      convertWeb({ image: 'nginx', labels: { 'com.docker.stack.namespace': 'x', 'com.docker.stack.image': 'y' } }).TaskTemplate
        .ContainerSpec?.Labels,
    ).toStrictEqual({ 'com.docker.stack.image': 'y', 'com.docker.stack.namespace': 's' });
  });
});

describe('dns / dns_search → DNSConfig', () => {
  it.each([
    ['both absent', {}, undefined],
    ['dns only', { dns: ['8.8.8.8', '9.9.9.9'] }, { Nameservers: ['8.8.8.8', '9.9.9.9'] }],
    ['dns_search only', { dns_search: ['dc1.example.com'] }, { Search: ['dc1.example.com'] }],
    ['empty dns list (present) → empty object', { dns: [] }, {}],
    ['empty dns_search list → empty object', { dns_search: [] }, {}],
    ['invalid IPs are kept as strings (v28)', { dns: ['not-an-ip'] }, { Nameservers: ['not-an-ip'] }],
  ])('%s', (_title, keys, dnsConfig) => {
    expect(convertWeb({ image: 'nginx', ...keys })).toStrictEqual(
      expectedService(dnsConfig ? { containerSpec: { DNSConfig: dnsConfig } } : {}),
    );
  });
});

describe('logging → LogDriver', () => {
  it('absent → none', () => {
    expect(convertWeb({ image: 'nginx' }).TaskTemplate.LogDriver).toBeUndefined();
  });

  it('empty block → {}', () => {
    expect(convertWeb({ image: 'nginx', logging: {} })).toStrictEqual(expectedService({ taskTemplate: { LogDriver: {} } }));
  });

  it('driver without options; options without driver', () => {
    expect(convertWeb({ image: 'nginx', logging: { driver: 'syslog', options: {} } }).TaskTemplate.LogDriver).toStrictEqual({
      Name: 'syslog',
    });
    expect(convertWeb({ image: 'nginx', logging: { options: { tag: 'x' } } }).TaskTemplate.LogDriver).toStrictEqual({
      Options: { tag: 'x' },
    });
  });
});

describe('ulimits and capabilities', () => {
  it('ulimits: single number sets soft = hard; list sorted by name', () => {
    expect(
      convertWeb({ image: 'nginx', ulimits: { nproc: { single: 10 }, as: { soft: 1, hard: 2 }, memlock: { soft: -1, hard: -1 } } })
        .TaskTemplate.ContainerSpec?.Ulimits,
    ).toStrictEqual([
      { Name: 'as', Hard: 2, Soft: 1 },
      { Name: 'memlock', Hard: -1, Soft: -1 },
      { Name: 'nproc', Hard: 10, Soft: 10 },
    ]);
  });

  it('cap_add with ALL and cap_drop of the same capability', () => {
    expect(convertWeb({ image: 'nginx', cap_add: ['ALL', 'net_admin'], cap_drop: ['net_admin', 'chown'] })).toStrictEqual(
      expectedService({ containerSpec: { CapabilityAdd: ['ALL'], CapabilityDrop: ['CAP_CHOWN', 'CAP_NET_ADMIN'] } }),
    );
  });

  it('cap_drop ALL with a cap_add', () => {
    expect(convertWeb({ image: 'nginx', cap_add: ['chown'], cap_drop: ['ALL'] })).toStrictEqual(
      expectedService({ containerSpec: { CapabilityAdd: ['CAP_CHOWN'], CapabilityDrop: ['ALL'] } }),
    );
  });
});
