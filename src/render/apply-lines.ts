import type { ApplyEvent } from '../apply/events.js';

const VERBS: Record<string, string> = { create: 'Creating', update: 'Updating', replace: 'Replacing', remove: 'Removing' };

/** One plain line per started change, docker-style: `Creating service demo_web`, `Updating service demo_web (id: x)`. */
export function renderApplyEvent(event: ApplyEvent): string | undefined {
  switch (event.type) {
    case 'change-started': {
      const { change } = event;
      // A replacement secret or config is a new object: say so in docker's words.
      if ((change.type === 'secret' || change.type === 'config') && change.action === 'replace') {
        return `Creating ${change.type} ${change.name}${change.replaces ? ` (replaces ${change.replaces})` : ''}`;
      }
      const verb = VERBS[change.action] ?? change.action;
      const id = change.action === 'update' && change.type === 'service' && change.liveId ? ` (id: ${change.liveId})` : '';
      return `${verb} ${change.type} ${change.name}${id}`;
    }
    case 'warning':
      return `warning: ${event.message}`;
    case 'change-done':
      return undefined;
  }
}
