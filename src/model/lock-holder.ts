/** Who holds a stack's deploy lock, as recorded on the lock object. */
export interface LockHolder {
  host: string;
  user: string;
  pid: number;
  command: string;
  /** When the lock was taken (ISO time of the holder's clock). */
  since: string;
  /** When it expires unless renewed (ISO time of the holder's clock). */
  expires: string;
}

/** One line naming the holder for messages: `user@host (pid N) since TIME: command`. */
export function describeHolder(holder: LockHolder): string {
  return `${holder.user}@${holder.host} (pid ${holder.pid}) since ${holder.since}${holder.command ? `: ${holder.command}` : ''}`;
}
