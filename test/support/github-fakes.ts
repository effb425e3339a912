/**
 * Response bodies of the GitHub API shaped as its OpenAPI description says (the fakes are checked
 * against it), for tests that simulate the API.
 */

const REPO_URL = "https://github.com/acme/idp-automation";
const API_URL = "https://api.github.com/repos/acme/idp-automation";

/** One entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files` (`diff-entry`). */
export function diffEntry(filename: string, status: string, ref: string, previous?: string): Record<string, unknown> {
  return {
    sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
    filename,
    status,
    additions: 1,
    deletions: 1,
    changes: 2,
    blob_url: `${REPO_URL}/blob/${ref}/${filename}`,
    raw_url: `${REPO_URL}/raw/${ref}/${filename}`,
    contents_url: `${API_URL}/contents/${filename}?ref=${ref}`,
    ...(previous ? { previous_filename: previous } : {}),
  };
}

/** `GET /repos/{owner}/{repo}/contents/{path}` for a file (`content-file`); `encoding: none` is how files over 1 MB come. */
export function contentFile(path: string, text: string, encoding: "base64" | "none" = "base64"): Record<string, unknown> {
  return {
    type: "file",
    encoding,
    size: text.length,
    name: path.split("/").pop(),
    path,
    content: encoding === "base64" ? Buffer.from(text).toString("base64") : "",
    sha: "3d21ec53a331a6f037a91c368710b99387d012c1",
    url: `${API_URL}/contents/${path}`,
    git_url: `${API_URL}/git/blobs/3d21ec53a331a6f037a91c368710b99387d012c1`,
    html_url: `${REPO_URL}/blob/main/${path}`,
    download_url: `https://raw.githubusercontent.com/acme/idp-automation/main/${path}`,
    _links: { git: null, self: `${API_URL}/contents/${path}`, html: null },
  };
}
