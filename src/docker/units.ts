/**
 * Unit conversions, each reproducing the Go function docker/cli uses so that values mean exactly what they mean to
 * `docker stack deploy`; the one implementation for the loader and the command flags (`--timeout 90s`):
 * - durations: Go `time.ParseDuration` (`1m30s`, `300ms`, `1.5h`, `-5s`; a bare number other than `0` is invalid);
 * - byte sizes: go-units `RAMInBytes` (binary units, case-insensitive, decimals truncated);
 * - CPU counts: `opts.ParseCPUs` (an exact rational times 1e9, "value is too precise" beyond nanos);
 * - numbers printed with Go's `%v` (how numbers in string maps become strings).
 * All functions are pure; invalid input yields `undefined` (or a reason) instead of throwing.
 */

const MAX_INT64 = (1n << 63n) - 1n;
const TWO_POW_63 = 1n << 63n;

/** Go's duration units, in nanoseconds. Both micro signs are accepted, as Go does. */
const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Parses a Go duration string into nanoseconds, or returns `undefined` when Go would reject it.
 * Follows `time.ParseDuration` step by step, including its float arithmetic for fractions (so rounding matches)
 * and its int64 overflow limit.
 */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return undefined;
    const intPart = leadingInt(s);
    if (intPart === undefined) return undefined;
    let value = intPart.value;
    const hadInt = intPart.rest.length !== s.length;
    s = intPart.rest;
    let fraction = 0n;
    let scale = 1;
    let hadFraction = false;
    if (s.startsWith('.')) {
      s = s.slice(1);
      const frac = leadingFraction(s);
      hadFraction = frac.rest.length !== s.length;
      fraction = frac.value;
      scale = frac.scale;
      s = frac.rest;
    }
    if (!hadInt && !hadFraction) return undefined;
    let i = 0;
    while (i < s.length && !(s[i] === '.' || isDigit(s[i]))) i++;
    if (i === 0) return undefined;
    const unit = DURATION_UNITS[s.slice(0, i)];
    if (unit === undefined) return undefined;
    s = s.slice(i);
    if (value > TWO_POW_63 / unit) return undefined;
    value *= unit;
    if (fraction > 0n) {
      // Go computes the fractional part in float64; doing the same keeps results bit-identical.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_POW_63) return undefined;
    }
    total += value;
    if (total > TWO_POW_63) return undefined;
  }
  if (negative) return -Number(total);
  if (total > MAX_INT64) return undefined;
  return Number(total);
}

function leadingInt(s: string): { value: bigint; rest: string } | undefined {
  let value = 0n;
  let i = 0;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (value > TWO_POW_63 / 10n) return undefined;
    value = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (value > TWO_POW_63) return undefined;
  }
  return { value, rest: s.slice(i) };
}

function leadingFraction(s: string): { value: bigint; scale: number; rest: string } {
  let value = 0n;
  let scale = 1;
  let overflow = false;
  let i = 0;
  for (; i < s.length && isDigit(s[i]); i++) {
    // Digits past int64 precision are skipped, not an error (as in Go).
    if (overflow) continue;
    if (value > MAX_INT64 / 10n) {
      overflow = true;
      continue;
    }
    const next = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (next > TWO_POW_63) {
      overflow = true;
      continue;
    }
    value = next;
    scale *= 10;
  }
  return { value, scale, rest: s.slice(i) };
}

const BINARY_MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** Go `strconv.ParseFloat` for the decimal forms a size can take (`1`, `1.5`, `.5`, `1e3`). */
const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a byte size like docker's `RAMInBytes`: a number, an optional space, then an optional unit `b`, `k`, `kb`,
 * `kib`, `m`, ... `p` (any case; all binary, so `1k` = 1024). Decimals are allowed and the result is truncated.
 * Returns `undefined` for anything docker rejects (negative sizes, unknown suffixes, no digits).
 */
export function parseByteSize(text: string): number | undefined {
  let sep = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(text.charAt(i))) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return undefined;
  const num = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  const suffix = text.slice(sep + 1).toLowerCase();
  if (!DECIMAL_FLOAT.test(num)) return undefined;
  let size = Number(num);
  if (size < 0) return undefined;
  if (suffix === '' || suffix === 'b') return toInt64(size);
  const multiplier = BINARY_MULTIPLIERS[suffix.charAt(0)];
  if (multiplier === undefined || suffix.length > 3) return undefined;
  if (suffix.length === 2 && suffix[1] !== 'b') return undefined;
  if (suffix.length === 3 && suffix.slice(1) !== 'ib') return undefined;
  size *= multiplier;
  return toInt64(size);
}

function toInt64(value: number): number | undefined {
  const truncated = Math.trunc(value);
  return Number.isFinite(truncated) && truncated <= Number(MAX_INT64) ? truncated : undefined;
}

/** Result of parsing a CPU count: nano-CPUs, or why it failed (`invalid` syntax, or `too-precise` below 1e-9). */
export type NanoCpus = { ok: true; nanoCpus: bigint } | { ok: false; reason: 'invalid' | 'too-precise' };

const RATIONAL_FRACTION = /^([+-]?\d+)\/(\d+)$/;
const RATIONAL_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a CPU count like docker's `ParseCPUs`: an exact rational (`0.5`, `1/2`, `2e-3`) times 1e9, which must be a
 * whole number. The empty string means 0 (docker skips it). Base-prefixed integers, which Go's big.Rat also reads,
 * are not supported: nobody writes `cpus: "0x2"`.
 */
export function parseNanoCpus(text: string): NanoCpus {
  if (text === '') return { ok: true, nanoCpus: 0n };
  const fraction = RATIONAL_FRACTION.exec(text);
  if (fraction) {
    const numerator = BigInt(fraction[1] ?? '0') * 1_000_000_000n;
    const denominator = BigInt(fraction[2] ?? '0');
    if (denominator === 0n) return { ok: false, reason: 'invalid' };
    if (numerator % denominator !== 0n) return { ok: false, reason: 'too-precise' };
    return { ok: true, nanoCpus: numerator / denominator };
  }
  const decimal = RATIONAL_DECIMAL.exec(text);
  if (!decimal) return { ok: false, reason: 'invalid' };
  const [, sign = '', whole = '', frac = '', exp = '0'] = decimal;
  if (whole === '' && frac === '') return { ok: false, reason: 'invalid' };
  // value = digits * 10^(exponent - fraction length); times 1e9 it must be whole.
  const digits = BigInt(`${whole}${frac}` || '0');
  const shift = Number(exp) - frac.length + 9;
  let nano: bigint;
  if (shift >= 0) {
    nano = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) return { ok: false, reason: 'too-precise' };
    nano = digits / divisor;
  }
  return { ok: true, nanoCpus: sign === '-' ? -nano : nano };
}

/**
 * Formats a number as Go's `%v` does for the YAML value it came from. Integral values are printed as integers,
 * because the YAML decoder hands Go an int for them (a YAML float such as `1e6` would print as `1e+06` in Go; the
 * parsed tree no longer tells the two apart, and integers are what people write). Other values use Go's shortest
 * `%g`: exponent form when the decimal exponent is below -4 or at least 6 (`1234567.5` → `1.2345675e+06`,
 * `0.00001` → `1e-05`), plain digits otherwise (`0.1`, `2.5`).
 */
export function formatGoNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? BigInt(value).toString() : goExponent(value);
  const exponent = Number(value.toExponential().split('e')[1]);
  return exponent < -4 || exponent >= 6 ? goExponent(value) : String(value);
}

function goExponent(value: number): string {
  const [mantissa = '', exp = '0'] = value.toExponential().split('e');
  const n = Number(exp);
  const digits = String(Math.abs(n)).padStart(2, '0');
  return `${mantissa}e${n < 0 ? '-' : '+'}${digits}`;
}
