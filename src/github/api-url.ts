/** github.com's REST API root; GHES has its own (`GITHUB_API_URL`, `--api-url`). Apart from client.ts so that help can name it without loading octokit. */
export const GITHUB_API_URL = "https://api.github.com";
