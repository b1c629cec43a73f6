// Smoke test of the lab itself (scripts/lab.sh): if this fails, every other integration test is suspect.
import { afterAll, describe, expect, it } from 'vitest';
import { labDocker, labImage, labNodeHost, labNodes } from '../helpers/lab.js';

const TIMEOUT = 120_000;
const prefix = `labtest-${Date.now().toString(36)}`;
const network = `${prefix}-net`;
const service = `${prefix}-web`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls fn until it returns a value (not undefined) or the deadline passes; rethrows the last error. */
async function eventually<T>(what: string, fn: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = fn();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out waiting for ${what}${detail}`);
    }
    await sleep(500);
  }
}

interface NodeRow {
  Hostname: string;
  Status: string;
  Availability: string;
  ManagerStatus: string;
}

interface NetworkAttachment {
  Network: { Spec: { Name: string } };
  Addresses: string[] | null;
}

/** Overlay IP of the service's running task on `net`, once the task is Running. */
function runningTaskIp(svc: string, net: string): string | undefined {
  const rows = labDocker(['service', 'ps', svc, '--filter', 'desired-state=running', '--format', '{{.ID}} {{.CurrentState}}']);
  const running = rows.split('\n').find((row) => / Running /.test(`${row} `));
  if (!running) return undefined;
  const taskId = running.split(' ')[0] ?? '';
  const attachments = JSON.parse(
    labDocker(['inspect', '--type', 'task', taskId, '--format', '{{json .NetworksAttachments}}']),
  ) as NetworkAttachment[] | null;
  const address = attachments?.find((a) => a.Network.Spec.Name === net)?.Addresses?.[0];
  return address?.split('/')[0];
}

describe('stack lab', () => {
  afterAll(async () => {
    try {
      labDocker(['service', 'rm', service]);
    } catch {
      // never created
    }
    // The network can only go once the service's tasks have released their endpoints; after the
    // cluster object is gone, node1 keeps a local copy (and answers "not found" to rm) until the
    // task container is removed, so wait for `network inspect` to fail too.
    await eventually(
      `removal of network ${network}`,
      () => {
        try {
          labDocker(['network', 'rm', network]);
        } catch (err) {
          if (!/not found/i.test((err as Error).message)) throw err;
        }
        try {
          labDocker(['network', 'inspect', network]);
          return undefined;
        } catch {
          return true;
        }
      },
      60_000,
    );
  }, TIMEOUT);

  it('has the expected number of nodes, all Ready and Active', () => {
    const expected = labNodes();
    const rows = labDocker(['node', 'ls', '--format', '{{json .}}'])
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as NodeRow);

    expect(rows).toHaveLength(expected.total);
    expect(rows.map((r) => r.Hostname).sort()).toEqual(
      Array.from({ length: expected.total }, (_, i) => `node${i + 1}`).sort(),
    );
    for (const row of rows) {
      expect(row, `node ${row.Hostname}`).toMatchObject({ Status: 'Ready', Availability: 'Active' });
    }
    expect(rows.filter((r) => r.ManagerStatus !== '')).toHaveLength(expected.managers);
  });

  it(
    'runs the web image on an overlay network, reachable by overlay IP from another node',
    async () => {
      const nodes = labNodes();
      labDocker(['network', 'create', '--driver', 'overlay', '--attachable', network]);
      labDocker([
        'service', 'create', '--detach', '--name', service, '--network', network,
        '--constraint', 'node.hostname==node1', labImage('web'),
      ]);

      // The registry's distribution API answered: the spec is pinned to a digest.
      const specImage = labDocker(['service', 'inspect', service, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}']);
      expect(specImage).toMatch(new RegExp(`^${labImage('web').replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));

      const ip = await eventually(`a running task of ${service}`, () => runningTaskIp(service, network), 90_000);
      expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

      // A plain container on another node joins the attachable overlay and fetches the page with nc
      // (busybox wget cannot be used: static busybox name lookup crashes).
      const clientNode = nodes.total >= 2 ? 2 : 1;
      const page = await eventually(
        `HTTP answer from ${ip} seen from node${clientNode}`,
        () => {
          const out = labDocker(
            [
              'run', '--rm', '--network', network, labImage('busybox'),
              'sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${ip} 80`,
            ],
            { host: labNodeHost(clientNode) },
          );
          return out.includes('200 OK') ? out : undefined;
        },
        60_000,
      );
      expect(page).toContain('web v1');
    },
    TIMEOUT,
  );
});
