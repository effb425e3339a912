/**
 * `@name` in GitHub Markdown notifies that user or team. Text secretowners did not write (secret
 * names, paths, manifest owners in a check run) must never ping anyone, so a zero-width joiner goes
 * after each `@` that would start a mention; the text still reads the same.
 */
export function defangMentions(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9`])@(?=[A-Za-z0-9])/g, "$1@\u200d");
}
