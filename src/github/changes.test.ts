import { afterEach, describe, expect, it } from "vitest";
import { contentFile as content, diffEntry } from "../../test/support/github-fakes.js";
import { mockGitHub, type GitHubMock } from "../../test/support/nock-github.js";
import { listPullRequestFiles, readFileAtRef } from "./changes.js";
import { createGitHubClient } from "./client.js";

const REPO = { owner: "acme", repo: "idp-automation" };
const BASE = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

const entry = (filename: string, status: string, previous?: string) => diffEntry(filename, status, BASE, previous);

describe("pull request changes through the API", () => {
  let github: GitHubMock | null = null;
  afterEach(() => {
    github?.done();
    github = null;
  });

  it("lists every changed file across pages, with renames", async () => {
    github = mockGitHub();
    const first = Array.from({ length: 100 }, (_, index) => entry(`src/file-${index}.ts`, "modified"));
    const next = `<https://api.github.com/repos/acme/idp-automation/pulls/7/files?per_page=100&page=2>; rel="next"`;
    github.scope.get("/repos/acme/idp-automation/pulls/7/files").query({ per_page: 100 }).reply(200, first, { Link: next });
    github.scope.get("/repos/acme/idp-automation/pulls/7/files").query({ per_page: 100, page: 2 }).reply(200, [entry("ci/new.yml", "renamed", "ci/old.yml")]);
    const { files, complete } = await listPullRequestFiles(createGitHubClient({ token: "t" }), REPO, 7);
    expect(complete).toBe(true);
    expect(files).toHaveLength(101);
    expect(files.at(-1)).toEqual({ path: "ci/new.yml", status: "renamed", previousPath: "ci/old.yml" });
  });

  it("reads a file at a commit, and tells absent and too-large files apart", async () => {
    github = mockGitHub();
    const client = createGitHubClient({ token: "t" });
    github.scope.get("/repos/acme/idp-automation/contents/.github%2Fsecretowners.yml").query({ ref: BASE }).reply(200, content(".github/secretowners.yml", "version: 1\n"));
    github.scope.get("/repos/acme/idp-automation/contents/big.json").query({ ref: BASE }).reply(200, content("big.json", "", "none"));
    github.scope.get("/repos/acme/idp-automation/contents/gone.yml").query({ ref: BASE }).reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    const manifest = await readFileAtRef(client, REPO, ".github/secretowners.yml", BASE);
    expect(manifest.kind === "file" ? manifest.bytes.toString("utf8") : manifest).toBe("version: 1\n");
    expect(await readFileAtRef(client, REPO, "big.json", BASE)).toEqual({ kind: "too-large", size: 0 });
    expect(await readFileAtRef(client, REPO, "gone.yml", BASE)).toEqual({ kind: "absent" });
  });
});
