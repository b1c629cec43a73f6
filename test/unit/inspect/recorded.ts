import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveNode, LiveService, LiveTask } from '../../../src/swarm/live-types.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'recorded');

/** When docker printed the recorded tables (see recorded/README.md). */
export const RECORDED_AT = new Date('2026-11-23T02:48:10.100Z');

function json<T>(name: string): T {
  return JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;
}

export const recordedServices = (): LiveService[] => json('services.json');
export const recordedTasks = (): LiveTask[] => json('tasks.json');
export const recordedNodes = (): LiveNode[] => json('nodes.json');

/** A recorded docker CLI table with trailing spaces removed from each line (our tables drop them). */
export function dockerOutput(name: string): string {
  return readFileSync(join(DIR, name), 'utf8')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
