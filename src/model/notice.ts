/**
 * What a command tells the user on the side while it works (not an error, not progress), as data: every layer that
 * notices something passes one of these to the caller's `onNotice`, and render/notices.ts writes the words.
 * Endpoints are their labels (what the user typed, e.g. unix:///var/run/docker.sock); reasons are the short cause
 * as swarm/ describes it.
 */
export type Notice =
  /** The first manager(s) could not be used; the command runs through `using`. */
  | { code: 'manager-skipped'; endpoint: string; reason: string; using: string }
  /** The manager in use went away mid-command; the command carries on through `using`. */
  | { code: 'manager-lost'; endpoint: string; reason: string; using: string }
  /** Networks of a removed stack are still listed: planning waits for them to go. */
  | { code: 'networks-being-removed'; networks: string[] }
  /** Networks of a removed stack still listed after waiting `waitedMs`: planning goes on with them. */
  | { code: 'networks-still-listed'; networks: string[]; waitedMs: number }
  /** An earlier run left its revision unfinished (in progress: it died; interrupted: a signal): this run waits for its rollout. */
  | { code: 'unfinished-revision'; revision: number; outcome: 'in-progress' | 'interrupted' }
  /** The deploy lock could not be released (it expires by itself within its TTL). */
  | { code: 'lock-release-failed'; stack: string; reason: string };

/** Where a layer tells its notices. */
export type NoticeListener = (notice: Notice) => void;
