/**
 * Deterministic, obviously synthetic credential values for examples and tests.
 *
 * Committing literal provider tokens (even made-up ones) trips real secret scanners such as GitHub
 * push protection, so examples are assembled at load time: a fixed prefix plus a walk through an
 * alphabet with a constant stride. The result is format-valid and has enough distinct characters to
 * pass entropy floors, yet is recognisably generated (`aHoV…` strides, no randomness).
 */

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const HEX = "0123456789abcdef";
export const BASE64 = `${ALNUM}+/`;
export const BASE64URL = `${ALNUM}-_`;

/** `length` characters of `alphabet`, stepping by a stride coprime with its size. */
export function fake(alphabet: string, length: number, seed = 0): string {
  const n = alphabet.length;
  let stride = 7 + (seed % 5) * 2;
  while (gcd(stride, n) !== 1) stride += 1;
  let out = "";
  for (let i = 0; i < length; i += 1) out += alphabet[(seed * 3 + i * stride) % n] ?? "";
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
