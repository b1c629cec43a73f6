import { describe, expect, it } from 'vitest';
import { renderUnlock } from '../../../src/render/unlock.js';

const holder = {
  host: 'ci-7',
  user: 'deployer',
  pid: 4242,
  command: 'stack deploy -c prod.yml shop',
  since: '2026-01-02T02:00:00.000Z',
  expires: '2026-01-02T02:01:00.000Z',
};

describe('stack unlock output', () => {
  it('says whose lock it removed and that it had expired', () => {
    expect(renderUnlock({ stack: 'shop', removed: true, holder }, new Date('2026-01-02T03:04:05Z'))).toBe(
      'Removed the deploy lock of stack shop held by deployer@ci-7 (pid 4242) since 2026-01-02T02:00:00.000Z: stack deploy -c prod.yml shop (it expired about an hour ago)\n',
    );
  });

  it('warns when the lock had not expired', () => {
    expect(renderUnlock({ stack: 'shop', removed: true, holder }, new Date('2026-01-02T02:00:30Z'))).toContain(
      '(it had not expired: if that run is still deploying, it continues without a lock)',
    );
  });

  it('says when there is no lock', () => {
    expect(renderUnlock({ stack: 'shop', removed: false, holder: null }, new Date())).toBe('stack shop has no deploy lock\n');
  });
});
