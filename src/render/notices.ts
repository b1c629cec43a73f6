import type { Notice } from '../model/notice.js';

/** The words of a notice (printed on stderr after `notice: `). */
export function noticeText(notice: Notice): string {
  switch (notice.code) {
    case 'manager-skipped':
      return `manager ${notice.endpoint} skipped (${notice.reason}); using ${notice.using}`;
    case 'manager-lost':
      return `lost manager ${notice.endpoint} (${notice.reason}); continuing through ${notice.using}`;
    case 'networks-being-removed':
      return `network(s) ${notice.networks.join(', ')} of a removed stack are still being removed by swarm; waiting for them to go before planning`;
    case 'networks-still-listed':
      return `network(s) ${notice.networks.join(', ')} still listed after ${notice.waitedMs / 1000}s; planning with them`;
    case 'unfinished-revision':
      return notice.outcome === 'interrupted'
        ? `revision ${notice.revision} was interrupted while rolling out; waiting for its rollout to finish`
        : `revision ${notice.revision} was left in progress by an earlier run; waiting for its rollout to finish`;
    case 'lock-release-failed':
      return `could not release the deploy lock of stack ${notice.stack} (${notice.reason}); it expires within a minute, or remove it now: stack unlock ${notice.stack}`;
  }
}
