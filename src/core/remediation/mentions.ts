/**
 * `@name` in GitHub Markdown notifies that user or team. Text secretowners did not write (secret
 * names, paths, manifest owners in a check run) must never ping anyone, so a zero-width joiner goes
 * after each `@` that would start a mention; the text still reads the same. Fenced code blocks are
 * left exactly as they are: GitHub never links a mention there, and a snippet must paste into the
 * manifest byte for byte. (Inline spans are not trusted to be spans: scanned text may hold backticks.)
 */
export function defangMentions(text: string): string {
  return text
    .split(/(```[\s\S]*?(?:```|$))/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/g, "$1@\u200d")))
    .join("");
}
