// ports → EndpointSpec.Ports. Orders were recorded from docker CLI 28.2.2, which sorts with Go's unstable
// sort.Slice by published port only (v29.3+ sorts by the full tuple).
import { describe, expect, it } from 'vitest';
import type { PortModel } from '../../../src/model/stack-model.js';
import type { PortConfig } from '../../../src/convert/swarm-types.js';
import { convertEndpointSpec } from '../../../src/convert/service.js';
import { convertWeb, expectedService } from './builders.js';

function short(target: number, published?: number, protocol = 'tcp'): PortModel {
  return published === undefined
    ? { target, protocol, mode: 'ingress', short: true }
    : { target, published, protocol, mode: 'ingress', short: true };
}

function ingress(target: number, published?: number, protocol = 'tcp'): PortConfig {
  return published === undefined
    ? { Protocol: protocol, TargetPort: target, PublishMode: 'ingress' }
    : { Protocol: protocol, TargetPort: target, PublishedPort: published, PublishMode: 'ingress' };
}

describe('ports → EndpointSpec', () => {
  it('no ports: EndpointSpec is still sent, empty', () => {
    expect(convertWeb({ image: 'nginx', ports: [] })).toStrictEqual(expectedService());
  });

  it('short syntax carries protocol and ingress mode; long syntax only what was written', () => {
    const spec = convertWeb({
      image: 'nginx',
      ports: [short(80, 8080), { target: 9000 }, { target: 8443, published: 443, protocol: 'tcp', mode: 'host' }, short(53, 53, 'udp')],
    });
    expect(spec).toStrictEqual(
      expectedService({
        spec: {
          EndpointSpec: {
            Ports: [
              { TargetPort: 9000 },
              ingress(53, 53, 'udp'),
              { Protocol: 'tcp', TargetPort: 8443, PublishedPort: 443, PublishMode: 'host' },
              ingress(80, 8080),
            ],
          },
        },
      }),
    );
  });

  it('sorts by published port only; up to 12 entries ties keep their order', () => {
    const ports = [short(81), short(82), short(80, 8000), short(83)];
    expect(convertEndpointSpec(undefined, ports)).toStrictEqual({ Ports: [ingress(81), ingress(82), ingress(83), ingress(80, 8000)] });
  });

  it('long syntax with published 443 and a udp 443 keep file order (docker does not compare protocols)', () => {
    const ports: PortModel[] = [short(443, 443, 'udp'), { target: 8443, published: 443, protocol: 'tcp', mode: 'host' }];
    expect(convertEndpointSpec('vip', ports)).toStrictEqual({
      Mode: 'vip',
      Ports: [ingress(443, 443, 'udp'), { Protocol: 'tcp', TargetPort: 8443, PublishedPort: 443, PublishMode: 'host' }],
    });
  });

  it('more than 12 entries: ties are reordered exactly like docker 28.2.2', () => {
    const ports = [
      short(80),
      short(80, 8080),
      short(8080, 9090),
      short(8081, 9091),
      short(53, 53, 'udp'),
      { ...short(5000, 5000), host_ip: '127.0.0.1' },
      { target: 8443, published: 443, protocol: 'tcp', mode: 'host' },
      { target: 9000 },
      short(443, 443, 'udp'),
      ...Array.from({ length: 16 }, (_, i) => short(3000 + i)),
      short(7000, 7000),
      short(7000, 7001),
      short(7000, 7002),
    ];
    const targets = (convertEndpointSpec(undefined, ports).Ports ?? []).map((p) => `${p.TargetPort}:${p.PublishedPort ?? 0}`);
    expect(targets).toStrictEqual([
      '3005:0', '3014:0', '3015:0', '3004:0', '80:0', '3013:0', '3012:0', '9000:0', '3011:0', '3000:0', '3001:0', '3002:0',
      '3010:0', '3003:0', '3009:0', '3006:0', '3007:0', '3008:0', '53:53', '443:443', '8443:443', '5000:5000', '7000:7000',
      '7000:7001', '7000:7002', '80:8080', '8080:9090', '8081:9091',
    ]);
  });

  it('more than 12 entries, second recorded case', () => {
    const ports = [
      short(20, 20),
      ...Array.from({ length: 14 }, (_, i) => short(1000 + i)),
      short(10, 10),
      ...Array.from({ length: 5 }, (_, i) => short(2000 + i, undefined, 'udp')),
      short(5, 5),
    ];
    const out = (convertEndpointSpec(undefined, ports).Ports ?? []).map((p) => p.TargetPort);
    expect(out).toStrictEqual([
      1009, 1010, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1011, 1000, 2004, 1008, 1012, 1013, 2003, 2000, 2001, 2002, 5, 10, 20,
    ]);
  });

  it('does not send the host IP of short syntax', () => {
    expect(convertEndpointSpec(undefined, [{ ...short(5000, 5000), host_ip: '127.0.0.1' }])).toStrictEqual({
      Ports: [ingress(5000, 5000)],
    });
  });
});
