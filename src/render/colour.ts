import { Chalk, type ChalkInstance } from 'chalk';

/** A chalk instance with colour on or off; render/ is the only place that styles text. */
export function palette(colour: boolean): ChalkInstance {
  return new Chalk({ level: colour ? 1 : 0 });
}
