// volumes → ContainerSpec.Mounts (§7). The big case is what docker CLI 28.2.2 sent for the same service.
import { describe, expect, it } from 'vitest';
import type { ServiceVolumeModel, VolumeModel } from '../../../src/model/stack-model.js';
import { convertMount, convertMounts } from '../../../src/convert/mounts.js';
import { ConvertRuleError } from '../../../src/convert/convert-error.js';
import { convertErrorOf, convertWeb, expectedService } from './builders.js';

const stackVolumes: Record<string, VolumeModel> = {
  named: {},
  ext: { external: true },
  custom: { name: 'my-custom', labels: { a: 'b' } },
  drv: {
    driver: 'local',
    driver_opts: { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/exports' },
    labels: { 'com.docker.stack.namespace': 'evil' },
  },
  clustervol: { name: 'cv' },
  extnamed: { external: true, name: 'real-ext' },
  optsonly: { driver_opts: {} },
};

const NS = { 'com.docker.stack.namespace': 's' };

describe('mounts like docker 28.2.2', () => {
  it('converts every mount form', () => {
    const volumes: ServiceVolumeModel[] = [
      { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: true },
      { type: 'bind', source: '/work/data', target: '/data' },
      { type: 'bind', source: '/work/shared', target: '/shared', bind: { propagation: 'rshared' } },
      { type: 'volume', source: 'named', target: '/named', volume: { nocopy: true } },
      { type: 'volume', target: '/anon' },
      { type: 'volume', source: 'ext', target: '/ext', read_only: true },
      { type: 'volume', source: 'custom', target: '/custom' },
      { type: 'volume', source: 'drv', target: '/drv' },
      { type: 'volume', source: 'named', target: '/sub', volume: { nocopy: true, subpath: 'a/b' } },
      { type: 'volume', target: '/anon2', volume: { nocopy: true }, consistency: 'cached' },
      { type: 'bind', source: '/etc/hosts', target: '/etc/hosts', read_only: true, bind: {} },
      { type: 'tmpfs', target: '/tmp', tmpfs: { size: 65536 } },
      { type: 'tmpfs', target: '/run' },
      { type: 'tmpfs', target: '/run2', tmpfs: {} },
      { type: 'npipe', source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' },
      { type: 'npipe', source: '\\\\.\\pipe\\other', target: '\\\\.\\pipe\\other', bind: { propagation: 'rprivate' } },
      { type: 'cluster', source: 'group:mygroup', target: '/cluster1' },
      { type: 'cluster', source: 'clustervol', target: '/cluster2' },
      { type: 'volume', source: 'ext', target: '/ext2', volume: { nocopy: true } },
    ];
    expect(convertMounts('s', volumes, stackVolumes)).toStrictEqual([
      { Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock', ReadOnly: true },
      { Type: 'bind', Source: '/work/data', Target: '/data' },
      { Type: 'bind', Source: '/work/shared', Target: '/shared', BindOptions: { Propagation: 'rshared' } },
      { Type: 'volume', Source: 's_named', Target: '/named', VolumeOptions: { NoCopy: true, Labels: NS } },
      { Type: 'volume', Target: '/anon' },
      { Type: 'volume', Source: 'ext', Target: '/ext', ReadOnly: true, VolumeOptions: {} },
      { Type: 'volume', Source: 'my-custom', Target: '/custom', VolumeOptions: { Labels: { a: 'b', ...NS } } },
      {
        Type: 'volume',
        Source: 's_drv',
        Target: '/drv',
        VolumeOptions: {
          Labels: NS,
          DriverConfig: { Name: 'local', Options: { device: ':/exports', o: 'addr=10.0.0.1,rw', type: 'nfs' } },
        },
      },
      { Type: 'volume', Source: 's_named', Target: '/sub', VolumeOptions: { NoCopy: true, Labels: NS, Subpath: 'a/b' } },
      { Type: 'volume', Target: '/anon2', Consistency: 'cached' },
      { Type: 'bind', Source: '/etc/hosts', Target: '/etc/hosts', ReadOnly: true, BindOptions: {} },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 65536 } },
      { Type: 'tmpfs', Target: '/run' },
      { Type: 'tmpfs', Target: '/run2', TmpfsOptions: {} },
      { Type: 'npipe', Source: '\\\\.\\pipe\\docker_engine', Target: '\\\\.\\pipe\\docker_engine' },
      { Type: 'npipe', Source: '\\\\.\\pipe\\other', Target: '\\\\.\\pipe\\other', BindOptions: { Propagation: 'rprivate' } },
      { Type: 'cluster', Source: 'group:mygroup', Target: '/cluster1', ClusterOptions: {} },
      { Type: 'cluster', Source: 'cv', Target: '/cluster2', ClusterOptions: {} },
      { Type: 'volume', Source: 'ext', Target: '/ext2', VolumeOptions: { NoCopy: true } },
    ]);
  });

  it('an external volume with name: is mounted by that name, without labels or driver', () => {
    expect(convertMount('s', { type: 'volume', source: 'extnamed', target: '/x' }, stackVolumes)).toStrictEqual({
      Type: 'volume',
      Source: 'real-ext',
      Target: '/x',
      VolumeOptions: {},
    });
  });

  it('driver_opts alone gives an empty DriverConfig', () => {
    expect(convertMount('s', { type: 'volume', source: 'optsonly', target: '/x' }, stackVolumes)).toStrictEqual({
      Type: 'volume',
      Source: 's_optsonly',
      Target: '/x',
      VolumeOptions: { Labels: NS, DriverConfig: {} },
    });
  });

  it('an image mount copies the source; image options only when the block exists', () => {
    expect(convertMount('s', { type: 'image', source: 'alpine:3', target: '/img' }, {})).toStrictEqual({
      Type: 'image',
      Source: 'alpine:3',
      Target: '/img',
    });
    expect(convertMount('s', { type: 'image', source: 'alpine:3', target: '/img', image: { subpath: 'etc' } }, {})).toStrictEqual({
      Type: 'image',
      Source: 'alpine:3',
      Target: '/img',
      ImageOptions: { Subpath: 'etc' },
    });
  });

  it('a tmpfs mode is not sent (docker v3 has only size)', () => {
    expect(convertMount('s', { type: 'tmpfs', target: '/t', tmpfs: { size: 1024, mode: 0o1777 } }, {})).toStrictEqual({
      Type: 'tmpfs',
      Target: '/t',
      TmpfsOptions: { SizeBytes: 1024 },
    });
  });

  it('the whole service carries the mounts', () => {
    expect(convertWeb({ image: 'nginx', volumes: [{ type: 'volume', source: 'named', target: '/d' }] }, { volumes: { named: {} } })).toStrictEqual(
      expectedService({
        containerSpec: { Mounts: [{ Type: 'volume', Source: 's_named', Target: '/d', VolumeOptions: { Labels: NS } }] },
      }),
    );
  });
});

describe('mount errors', () => {
  const cases: [string, ServiceVolumeModel, string][] = [
    ['undefined named volume', { type: 'volume', source: 'nope', target: '/x' }, 'undefined volume "nope"'],
    ['undefined cluster volume', { type: 'cluster', source: 'nope', target: '/x' }, 'undefined volume "nope"'],
    ['bind options on a volume', { type: 'volume', source: 'named', target: '/x', bind: { propagation: 'rshared' } }, 'bind options are incompatible with type volume'],
    ['tmpfs options on a volume', { type: 'volume', source: 'named', target: '/x', tmpfs: { size: 1 } }, 'tmpfs options are incompatible with type volume'],
    ['image options on a volume', { type: 'volume', target: '/x', image: {} }, 'images options are incompatible with type volume'],
    ['bind without source', { type: 'bind', target: '/x', bind: { propagation: 'slave' } }, 'invalid bind source, source cannot be empty'],
    ['volume options on a bind', { type: 'bind', source: '/a', target: '/x', volume: { nocopy: true } }, 'volume options are incompatible with type bind'],
    ['tmpfs options on a bind', { type: 'bind', source: '/a', target: '/x', tmpfs: { size: 1 } }, 'tmpfs options are incompatible with type bind'],
    ['image options on a bind', { type: 'bind', source: '/a', target: '/x', image: {} }, 'image options are incompatible with type bind'],
    ['tmpfs with a source', { type: 'tmpfs', source: 'x', target: '/x' }, 'invalid tmpfs source, source must be empty'],
    ['bind options on tmpfs', { type: 'tmpfs', target: '/x', bind: {} }, 'bind options are incompatible with type tmpfs'],
    ['volume options on tmpfs', { type: 'tmpfs', target: '/x', volume: { nocopy: true } }, 'volume options are incompatible with type tmpfs'],
    ['image options on tmpfs', { type: 'tmpfs', target: '/x', image: {} }, 'image options are incompatible with type tmpfs'],
    ['npipe without source', { type: 'npipe', target: '/x', volume: { nocopy: true } }, 'invalid npipe source, source cannot be empty'],
    ['volume options on npipe', { type: 'npipe', source: 'p', target: '/x', volume: {} }, 'volume options are incompatible with type npipe'],
    ['tmpfs options on npipe', { type: 'npipe', source: 'p', target: '/x', tmpfs: { size: 1000 } }, 'tmpfs options are incompatible with type npipe'],
    ['image options on npipe', { type: 'npipe', source: 'p', target: '/x', image: {} }, 'image options are incompatible with type npipe'],
    ['cluster without source', { type: 'cluster', target: '/x' }, 'invalid cluster source, source cannot be empty'],
    ['tmpfs options on cluster', { type: 'cluster', source: 'c', target: '/x', tmpfs: {} }, 'tmpfs options are incompatible with type cluster'],
    ['bind options on cluster', { type: 'cluster', source: 'c', target: '/x', bind: {} }, 'bind options are incompatible with type cluster'],
    ['volume options on cluster', { type: 'cluster', source: 'c', target: '/x', volume: {} }, 'volume options are incompatible with type cluster'],
    ['image without source', { type: 'image', target: '/x' }, 'invalid image source, source cannot be empty'],
    ['volume options on image', { type: 'image', source: 'i', target: '/x', volume: {} }, 'volume options are incompatible with type image'],
    ['bind options on image', { type: 'image', source: 'i', target: '/x', bind: {} }, 'bind options are incompatible with type image'],
    ['tmpfs options on image', { type: 'image', source: 'i', target: '/x', tmpfs: {} }, 'tmpfs options are incompatible with type image'],
    ['unknown type', { type: 'foo' as ServiceVolumeModel['type'], target: '/x' }, 'volume type must be volume, bind, tmpfs, npipe, or cluster'],
  ];

  it.each(cases)('%s', (_title, volume, message) => {
    expect(() => convertMount('s', volume, stackVolumes)).toThrow(ConvertRuleError);
    expect(() => convertMount('s', volume, stackVolumes)).toThrow(message);
  });

  it('names the service and the mount target', () => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', volumes: [{ type: 'volume', source: 'nope', target: '/data' }] }))).toStrictEqual({
      code: 'CONVERT_UNDEFINED_VOLUME',
      message: 'service web: mount /data: undefined volume "nope"',
    });
    expect(
      convertErrorOf(() => convertWeb({ image: 'nginx', volumes: [{ type: 'tmpfs', source: 'x', target: '/t' }] })),
    ).toStrictEqual({ code: 'CONVERT_MOUNT', message: 'service web: mount /t: invalid tmpfs source, source must be empty' });
  });
});
