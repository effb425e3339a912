/**
 * Files larger than this are skipped and reported, unless `--max-file-size` says otherwise. Apart
 * from walk.ts so that the CLI's help can state it without loading the walker.
 */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
