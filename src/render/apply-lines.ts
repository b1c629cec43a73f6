import type { ApplyEvent } from '../apply/events.js';

const VERBS: Record<string, string> = { create: 'Creating', update: 'Updating', replace: 'Replacing', remove: 'Removing' };

/** One plain line per started change, docker-style: `Creating service demo_web`, `Updating service demo_web (id: x)`. */
export function renderApplyEvent(event: ApplyEvent): string | undefined {
  switch (event.type) {
    case 'change-started': {
      const { change, action, name } = event.write;
      // A replacement secret or config is a new object: say so in docker's words.
      if ((change.type === 'secret' || change.type === 'config') && action === 'replace') {
        return `Creating ${change.type} ${name}${change.replaces ? ` (replaces ${change.replaces})` : ''}`;
      }
      const verb = VERBS[action] ?? action;
      const id = action === 'update' && change.type === 'service' && change.liveId ? ` (id: ${change.liveId})` : '';
      return `${verb} ${change.type} ${name}${id}`;
    }
    case 'secret-fallback':
      return `warning: ${secretFallbackText(event.secret, event.fallback)}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'change-done':
      return undefined;
  }
}

/** Why a planned secret update became the creation of another secret. */
export function secretFallbackText(secret: string, fallback: string): string {
  return `secret ${secret} holds other content than the file; creating ${fallback} instead`;
}
