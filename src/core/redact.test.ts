import { describe, expect, it } from "vitest";
import { hashValue, lengthClass, redact } from "./redact.js";

describe("redact", () => {
  it("shows a provider's public prefix and the length class, nothing of the random part", () => {
    // secretowners:ignore[hardcoded-secret] a made-up token, only its shape matters here
    expect(redact("ghp_0123456789abcdefghijklmnopqrstuvwxyz", "github-pat")).toBe("ghp_…(32-63 chars)");
    expect(redact("AKIAZ7QW3ERT5YUI2OPL", "aws-access-key-id")).toBe("AKIA…(16-31 chars)");
  });
  it("never shows a character of a generic password, even one that starts like a token", () => {
    expect(redact("hunter2!", "generic-credential")).toBe("…(under 16 chars)");
    expect(redact("ghp_notreallyatoken", "generic-credential")).toBe("…(16-31 chars)");
    expect(redact("s3cr3t-password")).toBe("…(under 16 chars)");
  });
  it("counts code points, not UTF-16 units", () => {
    expect(lengthClass([..."🔑".repeat(16)].length)).toBe("16-31 chars");
    expect(redact("🔑".repeat(16))).toBe("…(16-31 chars)");
  });
});

describe("hashValue", () => {
  it("tells values apart within a process, and is not the unsalted sha256 of the value", () => {
    expect(hashValue("x")).toBe(hashValue("x"));
    expect(hashValue("x")).not.toBe(hashValue("y"));
    expect(hashValue("x")).not.toBe("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
  });
});
