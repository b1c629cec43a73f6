import { isIP } from 'node:net';
import type { PortModel } from '../../model/stack-model.js';
import type { KeyPath } from '../source-map.js';
import { add, includes, invalidChoice, type ModelRule, type ServiceRule } from './checker.js';

/*
 * ports: 1-65535, protocol, mode, dnsrr with ingress, duplicate published port/protocol, and a host IP other than
 * 0.0.0.0 or :: (swarm would publish on every address anyway). Source: docker/cli convert/service.go.
 */

/** `0.0.0.0` and `::` mean every address, which is what swarm does anyway. */
function isUnspecifiedAddress(ip: string): boolean {
  const bare = ip.replace(/^\[(.*)\]$/, '$1');
  return bare === '' || bare === '0.0.0.0' || (isIP(bare) === 6 && /^[0:]+$/.test(bare));
}

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
const PUBLISH_MODES = ['ingress', 'host'] as const;

const checkPorts: ServiceRule = (c, name, service) => {
  const dnsrr = service.deploy?.endpoint_mode?.toLowerCase() === 'dnsrr';
  const published = new Map<string, number>();
  const ingress: number[] = [];
  const hostIpReported = new Set<string>();
  service.ports?.forEach((port: PortModel, i) => {
    const at: KeyPath = ['services', name, 'ports', i];
    if (port.target < 1 || port.target > 65535) {
      add(c, 'INVALID_PORT', [...at, 'target'], `must be a port between 1 and 65535, got ${port.target}`);
    }
    if (port.published !== undefined && (port.published < 0 || port.published > 65535)) {
      add(c, 'INVALID_PORT', [...at, 'published'], `must be a port between 1 and 65535, got ${port.published}`);
    }
    const protocol = (port.protocol || 'tcp').toLowerCase();
    if (!includes(PROTOCOLS, protocol)) {
      invalidChoice(c, [...at, 'protocol'], PROTOCOLS, port.protocol ?? '');
    }
    const mode = (port.mode || 'ingress').toLowerCase();
    if (!includes(PUBLISH_MODES, mode)) {
      invalidChoice(c, [...at, 'mode'], PUBLISH_MODES, port.mode ?? '');
    }
    if (mode === 'ingress') ingress.push(i);
    // One problem per written entry: a short range expands to several entries at the same position.
    const written = c.sourceMap.locate(at);
    const position = `${written?.file}:${written?.line}:${written?.col}`;
    if (port.host_ip !== undefined && !isUnspecifiedAddress(port.host_ip) && !hostIpReported.has(position)) {
      hostIpReported.add(position);
      // Swarm cannot bind a published port to one address: it would be open on every address of every node.
      const message = `cannot publish on ${port.host_ip} only: swarm publishes a port on every address of every node`;
      add(c, 'HOST_IP_PORT', at, message, {
        hint:
          'publish it in host mode (mode: host) and close the port to other hosts with a firewall on the nodes, ' +
          'or reach the service through a proxy on a shared network; write the port without an address to publish it everywhere',
      });
    }
    if (!port.published) return;
    const key = `${port.published}/${protocol}`;
    const earlier = published.get(key);
    if (earlier === undefined) published.set(key, i);
    else {
      add(c, 'DUPLICATE_PORT', at, `published port ${key} is already used by ports[${earlier}]`, {
        hint: 'a published port can be used once per protocol; publish this one on another port',
      });
    }
  });
  const [first, ...others] = ingress;
  if (dnsrr && first !== undefined) {
    // One problem per service: swarm refuses the whole endpoint, and short port ranges expand to many entries.
    const more = others.length === 0 ? '' : ` (and ${others.length} more)`;
    const message = `ports published in ingress mode cannot be used with endpoint_mode dnsrr${more}`;
    add(c, 'CONFLICTING_KEYS', ['services', name, 'ports', first], message, {
      hint: 'publish them with mode: host, or use endpoint_mode: vip',
    });
  }
};

/** Port rules, in reporting order. */
export const PORT_RULES: readonly ModelRule[] = [{ service: checkPorts }];
