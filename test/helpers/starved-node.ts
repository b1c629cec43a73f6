import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labId, labRunDir } from './lab.js';

/** A lab node whose engine (dockerd, containerd and the shims they start) gets only a sliver of one CPU. */
export interface StarvedNode {
  /** Gives the node its CPU back and removes the control group. */
  restore(): void;
}

/**
 * Starves lab node `n` (1-based): its dockerd and containerd move into a CPU control group limited to `percent` of
 * one CPU (container shims started later inherit it). What a node gets on an overloaded host or a throttled VM:
 * every engine step is slow, and so is the report of a container's exit. Below ~5% the swarm agent misses its
 * heartbeats and the node goes down.
 */
export function starveNode(n: number, percent: number): StarvedNode {
  const dockerd = Number(readFileSync(join(labRunDir(), `node${n}`, 'dockerd.pid'), 'utf8').trim());
  const pids = [dockerd, ...children(dockerd)];
  const group = cpuGroup(`stack-lab-${labId()}-node${n}-starved`, percent);
  for (const pid of pids) group.add(pid);
  return {
    restore() {
      group.remove();
    },
  };
}

function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

interface CpuGroup {
  add(pid: number): void;
  remove(): void;
}

/** A CPU-limited control group, cgroup v1 (`cpu` controller) or v2 (`cpu.max`). */
function cpuGroup(name: string, percent: number): CpuGroup {
  const period = 100_000;
  const quota = Math.max(1000, Math.round((period * percent) / 100));
  const v1 = '/sys/fs/cgroup/cpu';
  if (existsSync(join(v1, 'cpu.cfs_quota_us'))) {
    const dir = join(v1, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(period));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
    return { add: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)), remove: () => emptyAndRemove(dir, join(v1, 'cgroup.procs')) };
  }
  const v2 = '/sys/fs/cgroup';
  if (existsSync(join(v2, 'cgroup.controllers'))) {
    writeFileSync(join(v2, 'cgroup.subtree_control'), '+cpu');
    const dir = join(v2, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cpu.max'), `${quota} ${period}`);
    return { add: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)), remove: () => emptyAndRemove(dir, join(v2, 'cgroup.procs')) };
  }
  throw new Error('no CPU control group controller found under /sys/fs/cgroup');
}

/** Moves every process of the group back to the root group, then removes it. */
function emptyAndRemove(dir: string, rootProcs: string): void {
  if (!existsSync(dir)) return;
  for (let attempt = 0; attempt < 20; attempt++) {
    const pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    for (const pid of pids) {
      try {
        writeFileSync(rootProcs, pid);
      } catch {
        // The process ended meanwhile.
      }
    }
    try {
      rmdirSync(dir);
      return;
    } catch {
      // A process forked into the group meanwhile: move it too.
    }
  }
}
