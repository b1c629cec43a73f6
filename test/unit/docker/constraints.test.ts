import { describe, expect, it } from 'vitest';
import { constraintLabel, hasLabelPrefix, parseConstraint } from '../../../src/docker/constraints.js';

describe('placement constraints as swarmkit reads them', () => {
  it('split at == when there is one, else at !=, trimming spaces', () => {
    expect(parseConstraint(' node.role == manager ')).toStrictEqual({ key: 'node.role', equal: true, value: 'manager' });
    expect(parseConstraint('a!=b==c')).toStrictEqual({ key: 'a!=b', equal: true, value: 'c' });
    expect(parseConstraint('node.labels.zone!=east')).toStrictEqual({ key: 'node.labels.zone', equal: false, value: 'east' });
    expect(parseConstraint('node.role=manager')).toBeUndefined();
  });

  it('name a node or engine label with a prefix in any case and a name kept as written', () => {
    expect(constraintLabel('NODE.Labels.Zone')).toStrictEqual({ on: 'node', name: 'Zone' });
    expect(constraintLabel('engine.labels.disk')).toStrictEqual({ on: 'engine', name: 'disk' });
    expect([constraintLabel('node.labels.'), constraintLabel('node.hostname'), constraintLabel('labels.x')]).toStrictEqual([undefined, undefined, undefined]);
    expect([hasLabelPrefix('node.labels.a'), hasLabelPrefix('node.id')]).toStrictEqual([true, false]);
  });
});
