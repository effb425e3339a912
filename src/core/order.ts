/** Code-unit order, not locale order: output must be byte-identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareLocations(
  a: { readonly file: string; readonly line: number; readonly column: number },
  b: { readonly file: string; readonly line: number; readonly column: number },
): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}
