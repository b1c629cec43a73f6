/**
 * Pure reproductions of the docker CLI option parsers that `docker stack deploy` uses during conversion
 * (docker/cli v28.2.2 `opts/opts.go` ParseCPUs, `opts/parse.go` ParseRestartPolicy,
 * `opts/capabilities.go` EffectiveCapAddCapDrop). They throw ConvertRuleError; callers add the service name.
 */
import { ConvertRuleError } from './convert-error.js';
import { compareGoStrings } from './go-compat.js';

/**
 * `deploy.resources.*.cpus` → NanoCPUs, exactly like docker: the string is parsed as an exact rational number
 * (Go `big.Rat.SetString`: decimals, exponents, `a/b` fractions, 0x/0o/0b prefixes, `_` digit separators) and
 * multiplied by 1e9; a result that is not an integer is "value is too precise".
 */
export function parseNanoCpus(value: string): number {
  const rat = parseGoRat(value);
  if (rat === undefined) {
    throw new ConvertRuleError('CONVERT_CPUS', `failed to parse ${value} as a rational number`);
  }
  const scaled = rat.num * 1_000_000_000n;
  if (scaled % rat.den !== 0n) throw new ConvertRuleError('CONVERT_CPUS', 'value is too precise');
  const nano = scaled / rat.den;
  // docker keeps the low 64 bits beyond int64, and a JSON number must be exact: refuse what we cannot send exactly.
  if (nano > INT64_MAX || nano < -INT64_MAX - 1n || BigInt(Number(nano)) !== nano) {
    throw new ConvertRuleError('CONVERT_CPUS', `cpus value ${value} is out of range`);
  }
  return Number(nano);
}

const INT64_MAX = (1n << 63n) - 1n;

/** An exact rational number; `den` > 0. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** Go's `(*big.Rat).SetString`; undefined when Go reports failure. */
export function parseGoRat(s: string): Rational | undefined {
  if (s.length === 0) return undefined;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    // Fraction a/b: a is a signed integer, b unsigned; both with optional base prefixes (a leading 0 means octal).
    let head = s.slice(0, slash);
    let negative = false;
    if (head.startsWith('+') || head.startsWith('-')) {
      negative = head.startsWith('-');
      head = head.slice(1);
    }
    const a = scanNat(head, 0, false);
    const b = scanNat(s.slice(slash + 1), 0, false);
    if (!a.ok || a.next !== head.length || !b.ok || b.next !== s.length - slash - 1) return undefined;
    if (b.value === 0n) return undefined;
    return normalize(negative ? -a.value : a.value, b.value);
  }

  let pos = 0;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    pos = 1;
  }
  const mantissa = scanNat(s, pos, true);
  if (!mantissa.ok) return undefined;
  const exponent = scanExponent(s, mantissa.next);
  if (exponent === undefined || exponent.next !== s.length) return undefined;
  if (mantissa.value === 0n) return { num: 0n, den: 1n };

  let exp2 = 0;
  let exp5 = 0;
  if (mantissa.count < 0) {
    const d = mantissa.count;
    if (mantissa.base === 10) {
      exp5 = d;
      exp2 = d;
    } else if (mantissa.base === 2) exp2 = d;
    else if (mantissa.base === 8) exp2 = d * 3;
    else exp2 = d * 4;
  }
  if (exponent.base === 10) exp5 += exponent.value;
  exp2 += exponent.value;
  // Same guards as Go against excessively large exponents.
  if (Math.abs(exp5) > 1e6 || Math.abs(exp2) > 1e7) return undefined;

  let num = mantissa.value;
  let den = 1n;
  if (exp5 > 0) num *= 5n ** BigInt(exp5);
  else if (exp5 < 0) den = 5n ** BigInt(-exp5);
  if (exp2 > 0) num <<= BigInt(exp2);
  else if (exp2 < 0) den <<= BigInt(-exp2);
  return normalize(negative ? -num : num, den);
}

function normalize(num: bigint, den: bigint): Rational {
  const g = gcd(num < 0n ? -num : num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

interface NatScan {
  ok: boolean;
  value: bigint;
  base: number;
  /** Digits read; when a radix point was seen, minus the number of fractional digits (Go's convention). */
  count: number;
  next: number;
}

/**
 * Go's `nat.scan` with base 0: optional prefix 0b/0o/0x (and, without fractions, a leading 0 meaning octal),
 * digits with `_` separators allowed only between digits or after a prefix, an optional radix point when
 * `fracOk`. Stops at the first character that is not part of the number.
 */
function scanNat(s: string, start: number, fracOk: boolean): NatScan {
  let pos = start;
  let prev = '.';
  let invalidSeparator = false;
  let count = 0;
  let base = 10;
  let prefix = '';
  if (s[pos] === '0') {
    prev = '0';
    count = 1;
    pos++;
    const ch = s[pos];
    if (ch !== undefined) {
      if (ch === 'b' || ch === 'B') [base, prefix] = [2, 'b'];
      else if (ch === 'o' || ch === 'O') [base, prefix] = [8, 'o'];
      else if (ch === 'x' || ch === 'X') [base, prefix] = [16, 'x'];
      else if (!fracOk) [base, prefix] = [8, '0'];
      if (prefix !== '') {
        count = 0;
        if (prefix !== '0') pos++;
      }
    }
  }

  let value = 0n;
  const bigBase = BigInt(base);
  let dp = -1;
  for (; pos < s.length; pos++) {
    const ch = s[pos] as string;
    if (ch === '.' && fracOk && dp < 0) {
      dp = count;
      prev = '.';
      continue;
    }
    if (ch === '_') {
      if (prev !== '0') invalidSeparator = true;
      prev = '_';
      continue;
    }
    const digit = digitValue(ch);
    if (digit >= base) break;
    prev = '0';
    count++;
    value = value * bigBase + BigInt(digit);
  }
  if (invalidSeparator || prev === '_') return { ok: false, value, base, count, next: pos };
  if (count === 0) {
    // Only the octal prefix "0" (possibly followed by digits > 7): it is the number 0 in base 10.
    if (prefix === '0') return { ok: true, value: 0n, base: 10, count: 1, next: pos };
    return { ok: false, value, base, count, next: pos };
  }
  if (dp >= 0) count = dp - count;
  return { ok: true, value, base, count, next: pos };
}

function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 97 + 10;
  if (c >= 65 && c <= 90) return c - 65 + 10;
  return Number.MAX_SAFE_INTEGER;
}

/** Go's `scanExponent(r, base2ok=true, sepOk=true)`: optional `e`/`E` (×10^n) or `p`/`P` (×2^n). */
function scanExponent(s: string, start: number): { value: number; base: 10 | 2; next: number } | undefined {
  const ch = s[start];
  let base: 10 | 2;
  if (ch === 'e' || ch === 'E') base = 10;
  else if (ch === 'p' || ch === 'P') base = 2;
  else return { value: 0, base: 10, next: start };
  let pos = start + 1;
  let negative = false;
  if (s[pos] === '+' || s[pos] === '-') {
    negative = s[pos] === '-';
    pos++;
  }
  let prev = '.';
  let invalidSeparator = false;
  let digits = '';
  for (; pos < s.length; pos++) {
    const c = s[pos] as string;
    if (c >= '0' && c <= '9') {
      digits += c;
      prev = '0';
    } else if (c === '_') {
      if (prev !== '0') invalidSeparator = true;
      prev = '_';
    } else break;
  }
  if (digits === '' || invalidSeparator || prev === '_') return undefined;
  const magnitude = Number(digits);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  return { value: negative ? -magnitude : magnitude, base, next: pos };
}

/** Result of docker's restart-string parsing, reduced to what the swarm conversion uses. */
export interface LegacyRestartPolicy {
  name: string;
  maximumRetryCount: number;
}

/**
 * `opts.ParseRestartPolicy` (v28): `name[:count]`; empty → name "" (treated as "no"). A colon with nothing before it
 * and a count that is not a decimal integer are errors. The name itself is not validated here.
 */
export function parseRestartPolicy(policy: string): LegacyRestartPolicy {
  if (policy === '') return { name: '', maximumRetryCount: 0 };
  const colon = policy.indexOf(':');
  const name = colon >= 0 ? policy.slice(0, colon) : policy;
  const count = colon >= 0 ? policy.slice(colon + 1) : '';
  if (colon >= 0 && name === '') {
    throw new ConvertRuleError('CONVERT_RESTART_POLICY', 'invalid restart policy format: no policy provided before colon');
  }
  let maximumRetryCount = 0;
  if (count !== '') {
    // strconv.Atoi: optional sign and decimal digits only.
    if (!/^[+-]?[0-9]+$/u.test(count) || !Number.isSafeInteger(Number(count))) {
      throw new ConvertRuleError(
        'CONVERT_RESTART_POLICY',
        'invalid restart policy format: maximum retry count must be an integer',
      );
    }
    maximumRetryCount = Number(count);
  }
  return { name, maximumRetryCount };
}

const ALL_CAPABILITIES = 'ALL';
const RESET_CAPABILITIES = 'RESET';

/** `opts.NormalizeCapability`: upper-case, trim, add `CAP_` unless it is `ALL`/`RESET` or already prefixed. */
export function normalizeCapability(capability: string): string {
  const c = capability.trim().toUpperCase();
  if (c === ALL_CAPABILITIES || c === RESET_CAPABILITIES) return c;
  return c.startsWith('CAP_') ? c : `CAP_${c}`;
}

/**
 * `opts.EffectiveCapAddCapDrop`: normalized, de-duplicated, sorted lists. `ALL` in a list replaces the rest of that
 * list; a capability in both lists is only added; `RESET` is dropped. Empty results are undefined (Go nil).
 */
export function effectiveCapAddCapDrop(
  add: readonly string[] | undefined,
  drop: readonly string[] | undefined,
): { capAdd: string[] | undefined; capDrop: string[] | undefined } {
  let addCaps = new Set((add ?? []).map(normalizeCapability));
  let dropCaps = new Set((drop ?? []).map(normalizeCapability));
  if (addCaps.has(ALL_CAPABILITIES)) addCaps = new Set([ALL_CAPABILITIES]);
  if (dropCaps.has(ALL_CAPABILITIES)) dropCaps = new Set([ALL_CAPABILITIES]);
  const capDrop = [...dropCaps].filter((c) => !addCaps.has(c) && c !== RESET_CAPABILITIES).sort(compareGoStrings);
  const capAdd = [...addCaps].filter((c) => c !== RESET_CAPABILITIES).sort(compareGoStrings);
  return {
    capAdd: capAdd.length > 0 ? capAdd : undefined,
    capDrop: capDrop.length > 0 ? capDrop : undefined,
  };
}
