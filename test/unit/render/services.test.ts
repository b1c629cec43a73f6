import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { serviceViews, type ServiceView } from '../../../src/inspect/services.js';
import { ingressPortsText, renderServices, replicasText } from '../../../src/render/services.js';
import { dockerOutput, recordedServices } from '../inspect/recorded.js';

function view(parts: Partial<ServiceView>): ServiceView {
  return {
    id: 'y5kxa2areof2x8whbdn1jhq3n',
    name: 'demo_web',
    mode: 'replicated',
    running: 2,
    desired: 3,
    completed: 0,
    totalCompletions: null,
    maxPerNode: null,
    image: '10.213.0.1:5000/stack-test/web:1@sha256:97d9c0a8f3d39f256d0e0e44f6b20f3d4d892690d25591ac8f7fc9b319100563',
    ports: [],
    ...parts,
  };
}

describe('stack services table', () => {
  it('prints exactly what docker stack services printed for the recorded stack', () => {
    expect(renderServices(serviceViews(recordedServices()))).toBe(dockerOutput('docker-stack-services.txt'));
  });

  it('prints the table for one service, image without digest', () => {
    expect(renderServices([view({ ports: [{ protocol: 'tcp', target: 80, published: 8080, mode: 'ingress' }] })])).toBe(dedent`
      ID             NAME       MODE         REPLICAS   IMAGE                              PORTS
      y5kxa2areof2   demo_web   replicated   2/3        10.213.0.1:5000/stack-test/web:1   *:8080->80/tcp
    `);
  });

  it('prints only the short IDs with quiet', () => {
    expect(renderServices([view({}), view({ id: 'am0epeas1wht0000000000000', name: 'demo_agent' })], { quiet: true })).toBe(
      'y5kxa2areof2\nam0epeas1wht\n',
    );
  });

  it('prints only the header for no services', () => {
    expect(renderServices([])).toBe('ID        NAME      MODE      REPLICAS   IMAGE     PORTS\n');
  });
});

describe('REPLICAS wording', () => {
  it('is running/desired, with max per node, and completions for jobs', () => {
    expect(replicasText(view({}))).toBe('2/3');
    expect(replicasText(view({ maxPerNode: 2 }))).toBe('2/3 (max 2 per node)');
    expect(replicasText(view({ mode: 'replicated job', running: 1, desired: 2, completed: 3, totalCompletions: 5 }))).toBe('1/2 (3/5 completed)');
    expect(replicasText(view({ mode: 'global job', running: 0, desired: 0, completed: 3, totalCompletions: 3 }))).toBe('0/0 (3/3 completed)');
  });
});

describe('PORTS wording (ingress ports only, ranges merged as docker does)', () => {
  const p = (published: number, target: number, protocol = 'tcp', mode = 'ingress') => ({ published, target, protocol, mode });

  it('merges consecutive ports on both sides', () => {
    expect(ingressPortsText([p(81, 81), p(80, 80)])).toBe('*:80-81->80-81/tcp');
  });

  it('merges several published ports onto one target, and starts again when the target range would overlap', () => {
    expect(ingressPortsText([p(80, 80), p(81, 80)])).toBe('*:80-81->80/tcp');
    expect(ingressPortsText([p(80, 80), p(81, 81), p(82, 80)])).toBe('*:80-81->80-81/tcp, *:82->80/tcp');
  });

  it('keeps protocols apart (sorted by name) and leaves host-mode ports out', () => {
    expect(ingressPortsText([p(53, 53, 'udp'), p(53, 53, 'tcp'), p(9000, 9000, 'tcp', 'host')])).toBe('*:53->53/tcp, *:53->53/udp');
  });

  it('does not merge non-consecutive ports', () => {
    expect(ingressPortsText([p(80, 80), p(443, 443)])).toBe('*:80->80/tcp, *:443->443/tcp');
  });

  it('is empty without ports', () => {
    expect(ingressPortsText([])).toBe('');
  });
});
