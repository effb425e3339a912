import { describe, expect, it } from "vitest";
import { ALNUM, fake } from "./fake.js";
import { DETECTORS } from "./rules.js";
import { MAX_KEY, findHits, pivotPlan } from "./prefilter.js";
import { detectCredentials } from "./scan.js";

const value = fake(ALNUM, 24, 7);
const generic = (text: string) =>
  detectCredentials({ path: "a.env", text })
    .filter((c) => c.detector === "generic-credential")
    .map((c) => [c.key, c.location.line, c.location.column]);

describe("findHits", () => {
  it("reports each anchor where it occurs, case-sensitively", () => {
    const pat = DETECTORS.findIndex((d) => d.id === "github-pat");
    const aws = DETECTORS.findIndex((d) => d.id === "aws-access-key-id");
    const { detectors } = findHits("x ghp_1\nGHP_2 akia AKIA ghp_");
    // `x ghp_1\n` is 0-7, `GHP_2 ` 8-13, `akia ` 14-18, `AKIA ` 19-23, `ghp_` 24.
    expect(detectors[pat]).toEqual([2, 24]);
    expect(detectors[aws]).toEqual([19]);
  });

  it("reports the start of each key in an assignment that holds a keyword, once", () => {
    // Lines start at 0, 5, 21, 35, 49, 65; `"apiToken"` is reported after its quote. The key
    // rules (secretName is metadata) are the scanner's business, not the prefilter's.
    // secretowners:ignore[hardcoded-secret] assignment shapes, not secrets
    const text = 'a: 1\nDB_PASSWORD = x\n"apiToken": y\nsecretName: z\nmonkey_ToKeN:=q\ncolor: red\n';
    expect(findHits(text).keys).toEqual([5, 22, 35, 49]);
  });

  it("covers the forms without an operator: --flag value, ENV KEY value, name/value pairs", () => {
    // Lines start at 0, 17, 33; the keys at 4 (with its dashes), 21 and 41.
    // secretowners:ignore[hardcoded-secret] assignment shapes, not secrets
    const text = "run --password v\nENV\tAPI_TOKEN v\n- name: DB_SECRET\n  value: v\n--port 1\n";
    expect(findHits(text).keys).toEqual([4, 21, 41]);
  });

  it("drops runs longer than any key a pattern accepts", () => {
    expect(findHits(`${"a".repeat(MAX_KEY)}_token=v`).keys).toEqual([]);
    expect(findHits(`${"a".repeat(MAX_KEY - 6)}_token=v`).keys).toEqual([0]);
  });

  it("plans pivot passes that cover every anchor", () => {
    const planned = pivotPlan().flatMap((p) => p.anchors.map((a) => [a, a.includes(p.char)]));
    // Detectors restricted to named files read those files whole, without the prefilter.
    const declared = DETECTORS.filter((d) => d.paths === undefined).flatMap((d) => d.anchors ?? []);
    for (const anchor of declared) expect(planned).toContainEqual([anchor, true]);
  });
});

describe("key-anchored detection at the boundaries of the key walk", () => {
  it("finds a credential under the longest key the pattern accepts (101 characters, 2 dashes)", () => {
    const key = `${"k".repeat(92)}_password`;
    expect(key).toHaveLength(101);
    // The pattern's key group leaves the dashes out.
    expect(generic(`${key}=${value}\n--${key} ${value}\n`)).toEqual([
      [key, 1, 103],
      [key, 2, 105],
    ]);
    expect(generic(`x${key}=${value}\n`)).toEqual([]);
  });

  it("finds keys at the very start of the text and after quotes and blanks", () => {
    expect(generic(`password=${value}`)).toEqual([["password", 1, 10]]);
    expect(generic(`'password' \t: "${value}"`)).toEqual([["password", 1, 16]]);
  });

  it("matches keywords in any ASCII case, also inside longer keys", () => {
    expect(generic(`X_PASSWORD_2=${value}\nmyApiKEY: ${value}\n`)).toEqual([
      ["X_PASSWORD_2", 1, 14],
      ["myApiKEY", 2, 11],
    ]);
  });
});
