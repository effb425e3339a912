/**
 * `@name` in GitHub Markdown notifies that user or team. Text secretowners did not write (secret
 * names, paths, manifest owners in a check run) must never ping anyone, so a zero-width joiner goes
 * after each `@` that would start a mention; the text still reads the same. Code (fenced blocks and
 * inline spans) is left exactly as it is: GitHub never links a mention there, and a snippet must
 * paste into the manifest byte for byte.
 */
export function defangMentions(text: string): string {
  return text
    .split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/(^|[^A-Za-z0-9`])@(?=[A-Za-z0-9])/g, "$1@\u200d")))
    .join("");
}
