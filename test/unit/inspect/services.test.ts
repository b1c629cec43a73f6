import { describe, expect, it } from 'vitest';
import { serviceViews } from '../../../src/inspect/services.js';
import { recordedServices } from './recorded.js';

describe('service views', () => {
  it('reads modes, counts, jobs, max per node and ports from the recorded services, in natural name order', () => {
    const views = serviceViews(recordedServices());
    expect(views.map((v) => [v.name, v.mode, v.running, v.desired, v.completed, v.totalCompletions, v.maxPerNode])).toEqual([
      ['dcrec_agent', 'global', 3, 3, 0, null, null],
      ['dcrec_crash', 'replicated', 0, 1, 0, null, null],
      ['dcrec_gjob', 'global job', 0, 0, 3, 3, null],
      ['dcrec_job', 'replicated job', 0, 2, 2, 2, null],
      ['dcrec_web', 'replicated', 3, 3, 0, null, 2],
    ]);
    const web = views.find((v) => v.name === 'dcrec_web')!;
    expect(web.image).toMatch(/^10\.213\.0\.1:5000\/stack-test\/web:1@sha256:[0-9a-f]{64}$/);
    expect(web.ports).toContainEqual({ protocol: 'tcp', target: 82, published: 18092, mode: 'host' });
    expect(web.ports).toContainEqual({ protocol: 'udp', target: 53, published: 18093, mode: 'ingress' });
  });
});
