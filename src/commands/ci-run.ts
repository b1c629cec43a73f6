import { ciRunFromEnv } from '../history/annotations.js';

/** `{ ci }` read from this process's environment for a revision record, or nothing outside CI. */
export function ciField(env: Record<string, string | undefined> = process.env): { ci?: NonNullable<ReturnType<typeof ciRunFromEnv>> } {
  const ci = ciRunFromEnv(env);
  return ci ? { ci } : {};
}
