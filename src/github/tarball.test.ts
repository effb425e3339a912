import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanDirectory } from "../node/scan-directory.js";
import { EXAMPLE_REPO } from "../../test/paths.js";
import { startFakeGitHub } from "../../test/support/fake-github-org.js";
import { repositoryTarball, ustar } from "../../test/support/tar.js";
import type { ScanResult, SourceFile } from "../core/model.js";
import { scanFiles } from "../core/scan.js";
import { ALNUM, fake } from "../core/detect/fake.js";
import { createGitHubClient } from "./client.js";
import { downloadTarball, MANIFEST_HOLD_BACK_BYTES, readTarball, scanRepositoryTarball, scanTarball, TarballError, type TarballEntry } from "./tarball.js";

/** Feeds a buffer in small uneven chunks, as a network body arrives. */
function chunked(bytes: Buffer, size = 997): AsyncIterable<Uint8Array> {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts);
}

async function entries(bytes: Buffer, maxFileBytes?: number): Promise<TarballEntry[]> {
  const seen: TarballEntry[] = [];
  await readTarball(chunked(bytes), (entry) => seen.push(entry), maxFileBytes === undefined ? {} : { maxFileBytes });
  return seen;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } }).trim();
}

describe("a tarball made by git archive, as GitHub serves it", () => {
  let dir: string;
  let checkout: string;
  let tarball: Buffer;
  let head: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secretowners-tarball-"));
    checkout = join(dir, "acme");
    cpSync(EXAMPLE_REPO, checkout, { recursive: true });
    // What a real repository also holds: a link, a binary, a big generated file, vendored code and
    // a path longer than ustar's 100 bytes (git archive writes a pax header for it).
    symlinkSync("scripts/okta-apply.sh", join(checkout, "okta-apply-link.sh"));
    writeFileSync(join(checkout, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    writeFileSync(join(checkout, "big.env"), `SENDGRID_API_KEY=${"x".repeat(9000)}\n`);
    mkdirSync(join(checkout, "node_modules/left-pad"), { recursive: true });
    writeFileSync(join(checkout, "node_modules/left-pad/.env"), "OKTA_API_TOKEN=00abcdefghijklmnopqrstuvwxyz0123456789ABCD\n");
    const deep = join(checkout, "infra", "a".repeat(60), "b".repeat(60));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, "Jenkinsfile"), "pipeline { environment { T = credentials('deep-deploy-token') } }\n");
    // Two teams' workflows share OKTA_API_TOKEN: shared-secret needs the CODEOWNERS from the archive.
    writeFileSync(join(checkout, ".github/CODEOWNERS"), "/.github/workflows/access-review.yml @acme/service-desk\n/.github/workflows/provision.yml @acme/iam-platform\n");
    git(checkout, "init", "-q");
    git(checkout, "add", "-A");
    git(checkout, "-c", "core.symlinks=true", "commit", "-qm", "initial");
    head = git(checkout, "rev-parse", "HEAD");
    tarball = execFileSync("git", ["archive", "--format=tar.gz", `--prefix=acme-identity-${head.slice(0, 7)}/`, "HEAD"], { cwd: checkout, maxBuffer: 64 << 20 });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds exactly what a scan of the checkout finds", async () => {
    const { result } = await scanTarball(() => chunked(tarball), { maxFileBytes: 8192 });
    const onDisk = scanDirectory(checkout, { maxFileBytes: 8192, exclude: [".git/**"] });
    expect(result.manifest).toBe(".github/secretowners.yml");
    expect(result.findings).toEqual(onDisk.findings);
    expect(result.secrets).toEqual(onDisk.secrets);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.secrets.map((entry) => entry.name)).toContain("deep-deploy-token");
    expect(result.findings.filter((finding) => finding.ruleId === "shared-secret").map((finding) => finding.secret)).toEqual(["OKTA_API_TOKEN"]);
  });

  it("reports the link, the binary and the big file as skipped, and leaves vendored code out", async () => {
    const { result } = await scanTarball(() => chunked(tarball), { maxFileBytes: 8192 });
    expect(result.skipped).toEqual([
      { file: "big.env", reason: "too-large", detail: expect.stringMatching(/^\d+ bytes > 8192$/) },
      { file: "logo.png", reason: "binary" },
      { file: "okta-apply-link.sh", reason: "link", detail: "symbolic link" },
    ]);
    expect(result.findings.some((finding) => finding.location.file.startsWith("node_modules/"))).toBe(false);
  });

  it("reads the commit id git archive records", async () => {
    const { commit } = await scanTarball(() => chunked(tarball));
    expect(commit).toBe(head);
    const written = await scanTarball(() => chunked(repositoryTarball("o-r-abc", { "a.txt": "x" }, "f".repeat(40))));
    expect(written.commit).toBe("f".repeat(40));
  });

  it("fails with a TarballError, not a partial result, when the download is cut short", async () => {
    await expect(scanTarball(() => chunked(tarball.subarray(0, Math.floor(tarball.length / 2))))).rejects.toBeInstanceOf(TarballError);
  });

  it("fails with a TarballError when the body stream errors", async () => {
    async function* broken() {
      yield tarball.subarray(0, 100);
      throw new Error("socket hang up");
    }
    await expect(scanTarball(broken)).rejects.toThrow(/tarball download failed: socket hang up/);
  });
});

describe("a tarball downloaded from GitHub", () => {
  it("is read whole even when memory is collected between the download and the read", async () => {
    // Node's fetch cancels the body of a Response collected while the body is unread (leaving an
    // empty stream), and octokit hands over only the body: a collection at the wrong moment made
    // an org scan report a good repository's tarball as corrupt.
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    const collect = async () => {
      for (let round = 0; round < 3; round++) {
        collectGarbage();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const fake = await startFakeGitHub({ repos: 1 });
    try {
      const client = createGitHubClient({ token: "ghs_test", baseUrl: fake.apiUrl });
      // While octokit's plugins pass the response on (its rate-limit queue waits between tasks),
      // and again before the caller reads.
      client.hook.after("request", collect);
      const body = await downloadTarball(client, { owner: "acme", repo: "service-0000" }, "main");
      await collect();
      const seen: TarballEntry[] = [];
      await readTarball(body, (entry) => seen.push(entry));
      expect(seen.flatMap((entry) => (entry.kind === "file" ? [entry.file.path] : []))).toContain("README.md");
      expect(fake.problems).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe("entries a crafted archive uses to escape", () => {
  const files = (seen: TarballEntry[]) => seen.flatMap((entry) => (entry.kind === "file" ? [entry.file.path] : []));
  const skipped = (seen: TarballEntry[]) => seen.flatMap((entry) => (entry.kind === "skipped" ? [`${entry.skipped.file} ${entry.skipped.reason}`] : []));

  it("skips and reports climbing, absolute and foreign paths, reading only what is inside", async () => {
    const seen = await entries(
      gzipSync(
        ustar([
          { name: "org-repo-abc/", type: "5" },
          { name: "org-repo-abc/ok.env", body: "A=1\n" },
          { name: "org-repo-abc/../../etc/cron.d/x", body: "evil" },
          { name: "org-repo-abc/a/./b.env", body: "evil" },
          { name: "/etc/passwd", body: "evil" },
          { name: "other-top/x.env", body: "evil" },
          { name: "org-repo-abc/sub/ok2.yml", body: "b: 2\n" },
        ]),
      ),
    );
    expect(files(seen)).toEqual(["ok.env", "sub/ok2.yml"]);
    expect(skipped(seen)).toEqual([
      "org-repo-abc/../../etc/cron.d/x outside-root",
      "org-repo-abc/a/./b.env outside-root",
      "/etc/passwd outside-root",
      "other-top/x.env outside-root",
    ]);
  });

  it("never follows links, symbolic or hard, wherever they point", async () => {
    const seen = await entries(
      ustar([
        { name: "r/secret.env", body: "A=1\n" },
        { name: "r/up", type: "2", link: "../../../../root/.ssh/id_rsa" },
        { name: "r/hard", type: "1", link: "r/secret.env" },
      ]),
    );
    expect(files(seen)).toEqual(["secret.env"]);
    expect(skipped(seen)).toEqual(["up link", "hard link"]);
  });

  it("skips a file over the limit from its header, whatever its body holds", async () => {
    const seen = await entries(ustar([{ name: "r/huge.txt", body: "z".repeat(5000) }, { name: "r/small.txt", body: "fine" }]), 4096);
    expect(skipped(seen)).toEqual(["huge.txt too-large"]);
    expect(files(seen)).toEqual(["small.txt"]);
  });

  it("rejects something that is not a tarball at all", async () => {
    await expect(entries(Buffer.from("<html>502 Bad Gateway</html>".repeat(40)))).rejects.toBeInstanceOf(TarballError);
  });

  it("rejects a header whose checksum is wrong", async () => {
    const bytes = ustar([{ name: "r/a.txt", body: "x" }]);
    bytes[0] = "s".charCodeAt(0);
    await expect(entries(bytes)).rejects.toBeInstanceOf(TarballError);
  });
});

describe("the manifest", () => {
  it("governs files that came before it in the archive", async () => {
    const { result } = await scanTarball(
      () =>
        chunked(
        ustar([
          { name: "r/Jenkinsfile", body: "pipeline { environment { T = credentials('okta-admin') } }\n" },
          { name: "r/.github/secretowners.yml", body: 'version: 1\nrules:\n  - secrets: ["okta-*"]\n    owner: "@acme/iam"\n' },
        ]),
      ),
    );
    expect(result.manifest).toBe(".github/secretowners.yml");
    expect(result.secrets.map((entry) => [entry.name, entry.owner])).toEqual([["okta-admin", "@acme/iam"]]);
    expect(result.findings.some((finding) => finding.ruleId === "unowned-secret")).toBe(false);
  });
});

describe("the manifest's own detectors and allowlist", () => {
  const acmeToken = `acme_${fake(ALNUM, 32, 910)}`;
  const ghToken = `ghp_${fake(ALNUM, 36, 911)}`;
  const detection = "detectors:\n  - id: acme-api-token\n    regex: 'acme_([A-Za-z0-9]{32})'\n    keywords: [acme_]\nallowlist:\n  regexes: ['^ghp_']\n";
  const owned = 'version: 1\nrules:\n  - secrets: ["*"]\n    owner: "@acme/iam"\n';
  const config = { path: "app/config.env", text: `ACME_TOKEN=${acmeToken}\nGITHUB_TOKEN=${ghToken}\n` };
  // Filler that sorts before the root manifest and outweighs what is held back for it.
  const filler = Array.from({ length: 4 }, (_, i) => ({ path: `assets/filler-${i}.txt`, text: `${"lorem ipsum ".repeat(Math.ceil(MANIFEST_HOLD_BACK_BYTES / 4 / 12) + 10)}\n` }));

  /** Scans `files`, in this order, as a tarball read as often as needed; and as a local scan does. */
  async function both(files: readonly SourceFile[]) {
    const commit = "c".repeat(40);
    const tarball = repositoryTarball("acme-app-ccccccc", Object.fromEntries(files.map((file) => [file.path, file.text])), commit);
    const opened: (string | null)[] = [];
    const { scanner, fed, reads } = await scanRepositoryTarball((at) => {
      opened.push(at);
      return chunked(tarball, 65_536);
    });
    return { tarball: scanner.finish(fed), local: scanFiles(files), reads, opened, commit };
  }
  const hardcoded = (result: ScanResult) => result.findings.filter((finding) => finding.ruleId === "hardcoded-secret").map((finding) => `${finding.detector} ${finding.location.file}:${finding.location.line}`);

  it("apply to files the archive holds before the manifest, in one read", async () => {
    const scan = await both([config, { path: ".github/secretowners.yml", text: owned + detection }]);
    expect(hardcoded(scan.tarball)).toEqual(["acme-api-token app/config.env:1"]);
    expect(scan.tarball.findings).toEqual(scan.local.findings);
    expect(scan.reads).toBe(1);
  });

  it("apply when more than the held-back bytes come before the manifest, by reading the same commit again", async () => {
    const scan = await both([...filler, config, { path: "secretowners.yml", text: owned + detection }]);
    expect(hardcoded(scan.tarball)).toEqual(["acme-api-token app/config.env:1"]);
    expect(scan.tarball.findings).toEqual(scan.local.findings);
    expect(scan.opened).toEqual([null, scan.commit]);
  });

  it("cost no second read when the late manifest has none", async () => {
    const scan = await both([...filler, config, { path: "secretowners.yml", text: owned }]);
    expect(hardcoded(scan.tarball)).toContain("github-pat app/config.env:2");
    expect(scan.tarball.findings).toEqual(scan.local.findings);
    expect(scan.reads).toBe(1);
  });

  it("are those of the manifest used, not of one the archive holds earlier", async () => {
    // Not git archive's order: the root manifest first, then the `.github/` one that takes precedence.
    const scan = await both([{ path: "secretowners.yml", text: owned + "allowlist:\n  paths: [\"app/\"]\n" }, config, { path: ".github/secretowners.yml", text: owned + detection }]);
    expect(scan.tarball.manifest).toBe(".github/secretowners.yml");
    expect(hardcoded(scan.tarball)).toEqual(["acme-api-token app/config.env:1"]);
    expect(scan.tarball.findings).toEqual(scan.local.findings);
    expect(scan.reads).toBe(2);
  });
});
