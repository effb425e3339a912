import { describe, expect, it } from "vitest";
import { hashValue, redact } from "./redact.js";

describe("redact", () => {
  it("shows at most four leading characters and the length", () => {
    // secretowners:ignore[hardcoded-secret] a made-up token, only its shape matters here
    expect(redact("ghp_0123456789abcdefghijklmnopqrstuvwxyz")).toBe("ghp_…(40 chars)");
  });
  it("shows at most a quarter of a short value", () => {
    expect(redact("hunter2!")).toBe("hu…(8 chars)");
    expect(redact("abc")).toBe("…(3 chars)");
  });
  it("counts code points, not UTF-16 units", () => {
    expect(redact("🔑🔑🔑🔑🔑🔑🔑🔑")).toBe("🔑🔑…(8 chars)");
  });
});

describe("hashValue", () => {
  it("is a stable sha256", () => {
    expect(hashValue("x")).toBe("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
  });
});
