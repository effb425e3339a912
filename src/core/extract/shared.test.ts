import { describe, expect, it } from "vitest";
import { findShellAssignments, findShellVarUses, isCredentialName, isPlaceholderValue, positioner } from "./shared.js";

describe("isCredentialName", () => {
  it.each(["API_KEY", "NPM_TOKEN", "DB_PASSWORD", "DBPASSWORD", "npmToken", "GH_PAT", "AWS_SECRET_ACCESS_KEY", "SSH_PRIVATE_KEY", "TLS_CERT", "REGISTRY_CREDENTIALS", "BASIC_AUTH", "SLACK_WEBHOOK_URL", "DB_PASSWD", "signing-key"])(
    "%s reads as a credential",
    (name) => expect(isCredentialName(name)).toBe(true),
  );
  it.each(["KEYBOARD_LAYOUT", "MONKEY", "TURNKEY", "CACHE_KEY", "SSH_PUBLIC_KEY", "AUTH_URL", "TOKEN_TTL", "PWD", "HOME", "BUILD_NUMBER", "PATHWAY", "AUTHOR", "PATIENT", "CI_COMMIT_SHA", ""])(
    "%s does not",
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe("findShellVarUses", () => {
  it("finds $X, ${X}, ${X:-d} and $env:X at the name's offset, skipping escapes", () => {
    expect(findShellVarUses('a $ONE ${TWO} ${THREE:-x} $env:FOUR $$FIVE \\$SIX')).toEqual([
      { name: "ONE", offset: 3 },
      { name: "TWO", offset: 9 },
      { name: "THREE", offset: 16 },
      { name: "FOUR", offset: 31 },
    ]);
  });
});

describe("findShellAssignments", () => {
  it("counts statement-start assignments, export, read and for, not command arguments", () => {
    expect(findShellAssignments("A=1\nexport B=2; C=3 cmd\nread -r D\nfor E in x; do F=1; done\ndocker run -e G=$G")).toEqual(["A", "C", "F", "B", "D", "E"]);
  });
});

describe("isPlaceholderValue", () => {
  it.each(["", "  ", "{{ .Values.password }}", "${DB_PASSWORD}", "$TOKEN", "<your-token>", "changeme", "CHANGE_ME", "xxxxxx", "****"])("%j is a placeholder", (v) =>
    expect(isPlaceholderValue(v)).toBe(true),
  );
  it.each(["s3cr3t-Value-9", "hunter2!"])("%j is not", (v) => expect(isPlaceholderValue(v)).toBe(false));
});

describe("positioner", () => {
  it("maps offsets to 1-based line and column", () => {
    const pos = positioner("ab\ncd\n\nef");
    expect([0, 1, 3, 6, 7, 8].map(pos)).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });
});
