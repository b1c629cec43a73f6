import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { renderStackList } from '../../../src/render/ls.js';

describe('stack ls table', () => {
  it('shows services, newest revision and its outcome with age; "-" without history', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const text = renderStackList(
      [
        { name: 'billing', services: 3, revision: 12, outcome: 'succeeded', deployedAt: '2026-01-02T01:04:05Z' },
        { name: 'legacy', services: 1, revision: null, outcome: null, deployedAt: null },
        { name: 'web2', services: 10, revision: 4, outcome: 'failed', deployedAt: '2026-01-02T03:04:02Z' },
      ],
      now,
    );
    expect(text).toBe(dedent`
      NAME      SERVICES   REVISION   LAST DEPLOY
      billing   3          12         succeeded 2 hours ago
      legacy    1          -          -
      web2      10         4          failed 3 seconds ago
    `);
  });

  it('prints only the header when there are no stacks', () => {
    expect(renderStackList([], new Date())).toBe('NAME      SERVICES   REVISION   LAST DEPLOY\n');
  });
});
