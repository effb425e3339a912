import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALNUM, fake } from "./fake.js";
import { DETECTORS } from "./rules.js";
import { KEY_ANCHORED, MAX_KEY, findHits, holdsKeyWord as automatonHolds, keyWordAutomaton, pivotPlan } from "./prefilter.js";
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
    // The same bound in the forms without an operator.
    for (const [form, at] of [["--", 0], ["ENV ", 4], ["- name: ", 8]] as const) {
      expect(findHits(`${form}${"a".repeat(MAX_KEY - form.length - 5)}token v\n  value: v\n`).keys, form).toEqual([at]);
      expect(findHits(`${form}${"a".repeat(MAX_KEY)}token v\n  value: v\n`).keys, form).toEqual([]);
    }
  });

  it("plans pivot passes that cover every anchor", () => {
    const planned = pivotPlan().flatMap((p) => p.anchors.map((a) => [a, a.includes(p.char)]));
    // Detectors restricted to named files read those files whole, without the prefilter.
    const declared = DETECTORS.filter((d) => d.paths === undefined).flatMap((d) => d.anchors ?? []);
    for (const anchor of declared) expect(planned).toContainEqual([anchor, true]);
  });
});

/** Every place each detector's anchors occur, found the slow way. */
function anchorOracle(text: string): Map<number, number[]> {
  const found = new Map<number, number[]>();
  DETECTORS.forEach((detector, index) => {
    if (detector.paths !== undefined || detector.anchor === "key") return;
    const at: number[] = [];
    for (const anchor of detector.anchors ?? []) for (let i = text.indexOf(anchor); i !== -1; i = text.indexOf(anchor, i + 1)) at.push(i);
    if (at.length > 0) found.set(index, at.sort((a, b) => a - b));
  });
  return found;
}

/** The keywords a key is searched for: every keyword of every key-anchored detector. */
const KEY_WORDS = [...new Set(KEY_ANCHORED.flatMap((i) => DETECTORS[i]?.keywords ?? []))];
const holdsKeyWord = (key: string): boolean => KEY_WORDS.some((word) => key.toLowerCase().includes(word));

describe("keyWordAutomaton", () => {
  it("finds a keyword that ends inside a longer one it was matching (the failure links)", () => {
    // Read backward, `xhe` is on its way to `xhex` when `he` completes.
    const automaton = keyWordAutomaton(["xhex", "he", "abc"]);
    const holds = (key: string): boolean => automatonHolds(key, 0, key.length, automaton);
    expect(["xhe", "Xhe", "HEX", "aXHEX", "ab-c_abC", "xhexh"].map(holds)).toEqual([true, true, true, true, true, true]);
    expect(["xh", "h_e", "ab", "bc", "x-h-ex", ""].map(holds)).toEqual([false, false, false, false, false, false]);
  });

  it("searches keywords holding `_` like any other, and refuses a keyword it could not search", () => {
    const automaton = keyWordAutomaton(["pd_api", "kc_"]);
    const holds = (key: string): boolean => automatonHolds(key, 0, key.length, automaton);
    expect(["PD_API_KEY", "my_pd_api", "KC_ADMIN", "x_kc_"].map(holds)).toEqual([true, true, true, true]);
    expect(["PD-API-KEY", "pdapi", "kc", "KC-ADMIN"].map(holds)).toEqual([false, false, false, false]);
    expect(() => keyWordAutomaton(["ok", "hooks.slack"])).toThrow(/hooks\.slack/);
  });

  it("leaves no keyword of a key-anchored detector unsearched", () => {
    expect(KEY_WORDS.filter((word) => word.includes("_")).length).toBeGreaterThan(0);
    expect(() => keyWordAutomaton(KEY_WORDS)).not.toThrow();
  });

  it("agrees with substring search on the detectors' keywords", () => {
    const automaton = keyWordAutomaton(KEY_WORDS);
    const key = fc.array(fc.oneof(fc.constantFrom(...KEY_WORDS).map((w) => w.slice(0, -1)), fc.constantFrom(...KEY_WORDS), fc.constantFrom(..."_.-aKz0")), { maxLength: 8 });
    fc.assert(
      fc.property(key, (parts) => {
        const text = parts.join("");
        expect(automatonHolds(text, 0, text.length, automaton), text).toBe(holdsKeyWord(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("findHits against a slow oracle", () => {
  const anchors = [...new Set(DETECTORS.flatMap((d) => (d.paths === undefined ? (d.anchors ?? []) : [])))];

  it("finds every anchor wherever it stands: text edges, next to other anchors, beside any neighbour", () => {
    // Fragments of anchors as well as whole ones: near misses share the characters the
    // neighbour tables file anchors by.
    const piece = fc.oneof(
      fc.constantFrom(...anchors),
      fc.constantFrom(...anchors).map((a) => a.slice(1)),
      fc.constantFrom(...anchors).map((a) => a.slice(0, -1)),
      fc.constantFrom(" ", "\n", "x", "_", "-", ".", "é", "0"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        const { detectors } = findHits(text);
        const expected = anchorOracle(text);
        DETECTORS.forEach((detector, index) => {
          if (detector.paths !== undefined || detector.anchor === "key" || detector.keywords.length === 0) return;
          expect(detectors[index], `${detector.id} in ${JSON.stringify(text)}`).toEqual(expected.get(index));
        });
      }),
      { numRuns: 400 },
    );
  });

  it("takes a key before an operator exactly when it holds a keyword, in any case", () => {
    const part = fc.oneof(fc.constantFrom(...KEY_WORDS), fc.constantFrom(...KEY_WORDS).map((w) => w.slice(1)), fc.constantFrom("_", ".", "-", "x", "9"));
    const key = fc.array(part, { minLength: 1, maxLength: 6 }).chain((parts) =>
      fc.array(fc.boolean(), { minLength: parts.join("").length, maxLength: parts.join("").length }).map((upper) =>
        [...parts.join("")].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(""),
      ),
    );
    fc.assert(
      fc.property(key, fc.constantFrom(" = ", ": ", '": ', "="), (k, op) => {
        const text = `${op.startsWith('"') ? '"' : ""}${k}${op}v`;
        const start = op.startsWith('"') ? 1 : 0;
        expect(findHits(text).keys).toEqual(holdsKeyWord(k) && k.length <= MAX_KEY ? [start] : []);
      }),
      { numRuns: 400 },
    );
  });

  it("takes `--KEY value` once per run of key characters, whatever else the run holds", () => {
    const piece = fc.constantFrom("-", "--", "---", "password", "x", " ", "|", "\n", "token", "a");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = pieces.join("");
        const expected: number[] = [];
        for (const run of text.matchAll(/[\w.-]+/g)) {
          const next = text[run.index + run[0].length];
          if (run[0].includes("--") && run[0].length <= MAX_KEY && (next === " " || next === "\t") && holdsKeyWord(run[0])) expected.push(run.index);
        }
        expect(findHits(text).keys).toEqual(expected);
      }),
      { numRuns: 400 },
    );
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
