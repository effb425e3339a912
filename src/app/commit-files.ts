import type { SkippedFile, SourceFile } from "../core/model.js";
import type { GitHubClient } from "../github/client.js";
import { listTree, readBlob, type TreeFile } from "../github/contents.js";
import type { RepositoryName } from "../github/secrets.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/max-file-size.js";
import { isSkippedDirectory } from "../node/walk.js";

/** Blob reads in flight at once: quick for the App, gentle on GitHub's concurrency limits. */
const CONCURRENCY = 6;

export interface CommitTree {
  readonly commit: string;
  readonly files: ReadonlyMap<string, TreeFile>;
}

/**
 * Reads commits of one repository through the API. Blobs are cached by sha, so a file that is the
 * same before and after a pull request is downloaded once for both scans.
 */
export class CommitFiles {
  readonly #blobs = new Map<string, Promise<SourceFile | SkippedFile>>();

  constructor(
    private readonly client: GitHubClient,
    private readonly repository: RepositoryName,
    private readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  ) {}

  /** The commit's files, less the vendored and generated folders the CLI skips too. */
  async tree(commit: string): Promise<CommitTree> {
    const { files } = await listTree(this.client, this.repository, commit);
    const kept = files.filter((file) => !file.path.split("/").some(isSkippedDirectory));
    return { commit, files: new Map(kept.map((file) => [file.path, file])) };
  }

  read(file: TreeFile): Promise<SourceFile | SkippedFile> {
    if (file.size > this.maxFileBytes) return Promise.resolve({ file: file.path, reason: "too-large", detail: `${file.size} bytes` });
    const key = `${file.sha}\0${file.path}`;
    let pending = this.#blobs.get(key);
    if (!pending) {
      pending = readBlob(this.client, this.repository, file.sha).then((read): SourceFile | SkippedFile =>
        read.kind === "text" ? { path: file.path, text: read.text } : { file: file.path, reason: "binary" },
      );
      this.#blobs.set(key, pending);
    }
    return pending;
  }

  /** Reads `files` a few at a time and hands each to `use` in the given order. */
  async readAll(files: readonly TreeFile[], use: (read: SourceFile | SkippedFile) => void): Promise<void> {
    for (let i = 0; i < files.length; i += CONCURRENCY) {
      const batch = await Promise.all(files.slice(i, i + CONCURRENCY).map((file) => this.read(file)));
      for (const read of batch) use(read);
    }
  }
}

export function isSkipped(read: SourceFile | SkippedFile): read is SkippedFile {
  return "reason" in read;
}
