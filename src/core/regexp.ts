/**
 * `s` as a literal in a RegExp source, also inside a `[...]` class (hence `-`). The core builds
 * its expressions without the `u` flag, where escaping `-` and `/` is always allowed.
 */
export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
