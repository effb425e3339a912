import type { SecretSystem } from "../model.js";
import { escapeRegExp } from "../regexp.js";

/**
 * Globs over secret *names* (not paths): `*` any run of characters, `?` one character, `[...]` a
 * class (`[!...]` / `[^...]` negated). Matching is case-insensitive because the systems disagree on
 * case (GitHub upper-cases secret names, Kubernetes requires lower case, Jenkins keeps what you typed).
 */

/**
 * A `Record` rather than an array so that adding a member to `SecretSystem` fails the typecheck here
 * until the manifest learns the new prefix.
 */
const SYSTEMS: Record<SecretSystem, true> = {
  "github-actions": true,
  "gitlab-ci": true,
  circleci: true,
  "azure-pipelines": true,
  jenkins: true,
  "bitbucket-pipelines": true,
  kubernetes: true,
  helm: true,
  compose: true,
  terraform: true,
  ansible: true,
};

export const SECRET_SYSTEMS: readonly SecretSystem[] = Object.keys(SYSTEMS) as SecretSystem[];

export function isSecretSystem(value: string): value is SecretSystem {
  return Object.prototype.hasOwnProperty.call(SYSTEMS, value);
}

/**
 * Characters a secret name may contain. `.` is allowed beyond the Actions alphabet because Kubernetes
 * Secret names are DNS subdomains (`db.creds`) and Jenkins credential ids often contain dots; `/`
 * because secrets-manager and Vault names are paths (`prod/scim/bearer-token`). In a name `/` is an
 * ordinary character: `*` crosses it, as it crosses `_`.
 */
const NAME_CHAR = /[A-Za-z0-9_./-]/;

export interface GlobProblem {
  /** 0-based offset within the glob. */
  readonly offset: number;
  readonly message: string;
  readonly suggestion: string;
}

export function checkSecretGlob(glob: string): GlobProblem | null {
  if (glob === "") {
    return { offset: 0, message: "empty secret pattern", suggestion: "write a secret name or a glob such as `OKTA_*`" };
  }
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*" && glob[i + 1] === "*") {
      return {
        offset: i,
        message: "`**` has no meaning in a secret name pattern (names have no directories)",
        suggestion: "use a single `*`",
      };
    }
    if (ch === "*" || ch === "?" || NAME_CHAR.test(ch)) continue;
    if (ch === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close === -1) {
        return { offset: i, message: "unclosed `[` in secret pattern", suggestion: "close the class with `]`, e.g. `KEY_[AB]`" };
      }
      let j = i + 1;
      if (glob[j] === "!" || glob[j] === "^") j++;
      for (; j < close; j++) {
        const c = glob[j] as string;
        if (!NAME_CHAR.test(c)) {
          return {
            offset: j,
            message: `unsupported character ${JSON.stringify(c)} in a \`[...]\` class`,
            suggestion: "a class may hold letters, digits, `_`, `.`, `/`, `-` and ranges such as `A-Z`",
          };
        }
      }
      const problem = checkClassRanges(glob, i, close);
      if (problem !== null) return problem;
      i = close;
      continue;
    }
    const what = /\s/.test(ch) ? "whitespace" : JSON.stringify(ch);
    return {
      offset: i,
      message: `${what} is not allowed in a secret pattern: secret names contain only letters, digits, \`_\`, \`.\`, \`/\` and \`-\``,
      suggestion: "use `*` or `?` for the varying part, e.g. `OKTA_*`; to restrict where a secret may be used, use `scope.paths`",
    };
  }
  return null;
}

/** `[Z-A]` is not a class any engine accepts; report it instead of letting RegExp throw later. */
function checkClassRanges(glob: string, open: number, close: number): GlobProblem | null {
  for (let j = open + 2; j < close - 1; j++) {
    if (glob[j] !== "-") continue;
    const from = glob[j - 1] as string;
    const to = glob[j + 1] as string;
    if (from !== "!" && from !== "^" && from > to) {
      return {
        offset: j - 1,
        message: `range ${JSON.stringify(`${from}-${to}`)} is out of order`,
        suggestion: `write it as \`${to}-${from}\``,
      };
    }
  }
  return null;
}


/** Compile a glob that passed `checkSecretGlob`; anything unexpected is taken literally. */
export function compileSecretGlob(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*") {
      re += ".*";
    } else if (ch === "?") {
      re += ".";
    } else if (ch === "[" && glob.indexOf("]", i + 2) !== -1) {
      const close = glob.indexOf("]", i + 2);
      let body = glob.slice(i + 1, close);
      let negate = "";
      if (body.startsWith("!") || body.startsWith("^")) {
        negate = "^";
        body = body.slice(1);
      }
      // Keep `-` between two characters as a range; escape everything else.
      const cls = body.replace(/[\\\]^[]/g, "\\$&");
      re += `[${negate}${cls}]`;
      i = close;
    } else {
      re += escapeRegExp(ch);
    }
  }
  try {
    return new RegExp(`^${re}$`, "i");
  } catch {
    // Only reachable for a glob that failed `checkSecretGlob`: fall back to a literal comparison.
    return new RegExp(`^${escapeRegExp(glob)}$`, "i");
  }
}

/** `jenkins:DEPLOY_*` → system prefix and glob. A `:` is never part of a secret name. */
export function splitSystemPrefix(pattern: string): { prefix: string | null; glob: string; globOffset: number } {
  const colon = pattern.indexOf(":");
  if (colon === -1) return { prefix: null, glob: pattern, globOffset: 0 };
  return { prefix: pattern.slice(0, colon), glob: pattern.slice(colon + 1), globOffset: colon + 1 };
}
