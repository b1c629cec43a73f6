/** Formats nanoseconds like Go's time.Duration.String(): "1h2m3.5s", "300ms", "0s". */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ns));
  if (rest < 1_000) return `${sign}${rest}ns`;
  if (rest < 1_000_000) return `${sign}${trimFraction(rest / 1_000)}µs`;
  if (rest < 1_000_000_000) return `${sign}${trimFraction(rest / 1_000_000)}ms`;
  let out = '';
  const hours = Math.floor(rest / 3_600_000_000_000);
  rest -= hours * 3_600_000_000_000;
  const minutes = Math.floor(rest / 60_000_000_000);
  rest -= minutes * 60_000_000_000;
  if (hours > 0) out += `${hours}h`;
  if (hours > 0 || minutes > 0) out += `${minutes}m`;
  out += `${trimFraction(rest / 1_000_000_000)}s`;
  return sign + out;
}

function trimFraction(value: number): string {
  // Up to 9 decimals, no trailing zeros, as Go prints them.
  return value.toFixed(9).replace(/\.?0+$/, '');
}
