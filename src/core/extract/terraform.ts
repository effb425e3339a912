import type { Diagnostic, Extractor, Literal, Location, PlainDeclaration, SecretRef, SourceFile } from "../model.js";
import { byPosition, isCredentialName, locationAt, nameWords, positioner, ref } from "./shared.js";
import type { Positioner } from "./shared.js";

/**
 * Terraform / OpenTofu (`*.tf`, `*.tfvars`), read with a small HCL tokenizer that knows strings,
 * `${}` interpolation, heredocs and all three comment forms.
 *
 * - `variable "x" { sensitive = true }` declares a secret input; `var.x` uses it. A variable
 *   declared without it is not a secret, whatever its name. Variables are usually declared in
 *   another file than they are used, so a `var.x` whose declaration is not in this file is
 *   settled by the scanner once the whole folder is seen: a secret if the folder declares it
 *   sensitive; not one if the folder declares it plainly; and, when no declaration is seen (a
 *   partial scan), a secret only if its name reads as a credential value rather than as a
 *   setting about one (`create_kms_key`, `*_kms_key_id`, `*_arn`, `*_key_name`, rotation days).
 * - A provider block with a literal credential (`provider "okta" { api_token = "…" }`) is a
 *   committed credential: returned as a literal of the `terraform-provider-literal` detector, which
 *   the scanner vets against the detector table, hashes and previews.
 * - Secret-manager data sources name the secret they read; a literal id is the name.
 */

type TokenType = "ident" | "string" | "heredoc" | "number" | "punct" | "newline";

interface Token {
  readonly type: TokenType;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Strings and heredocs: offset of the first character of the content. */
  readonly contentStart: number;
  /** Strings and heredocs: contains `${…}` or `%{…}`, so its value is not a literal. */
  readonly interpolated: boolean;
}

interface Lexed {
  readonly tokens: Token[];
  /** The text with comments and literal string characters blanked: what is left is code. */
  readonly code: string;
  readonly problems: { offset: number; message: string }[];
}

export function lexHcl(text: string): Lexed {
  const tokens: Token[] = [];
  const problems: Lexed["problems"] = [];
  // Comments and literal string text, as [from, to) pairs, blanked into `code` at the end.
  const blanked: number[] = [];
  const blank = (from: number, to: number) => {
    if (from < to) blanked.push(from, to);
  };
  const push = (type: TokenType, value: string, start: number, end: number, contentStart = start, interpolated = false) =>
    tokens.push({ type, value, start, end, contentStart, interpolated });

  /** Skips a `${ … }` template starting at `at` (pointing at `$`); returns the offset after `}`. */
  const skipInterpolation = (at: number): number => {
    let depth = 0;
    let k = at + 1;
    while (k < text.length) {
      const ch = text[k];
      if (ch === "{") depth++;
      else if (ch === "}") {
        depth--;
        if (depth === 0) return k + 1;
      } else if (ch === '"') {
        const after = scanString(k);
        k = (after < 0 ? -after - 1 : after) - 1;
      }
      k++;
    }
    return text.length;
  };
  /** Scans a quoted string starting at the quote; blanks its literal parts; returns the offset after it. */
  const scanString = (at: number): number => {
    let k = at + 1;
    let literalFrom = k;
    while (k < text.length && text[k] !== '"' && text[k] !== "\n") {
      if (text[k] === "\\") k += 2;
      else if ((text[k] === "$" || text[k] === "%") && text[k + 1] === "{" && text[k - 1] !== text[k]) {
        blank(literalFrom, k);
        k = skipInterpolation(k);
        literalFrom = k;
      } else k++;
    }
    blank(literalFrom, k);
    return text[k] === '"' ? k + 1 : -k - 1;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "\n") {
      push("newline", "\n", i, i + 1);
      i++;
      continue;
    }
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (c === "#" || text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      const end = nl === -1 ? text.length : nl;
      blank(i, end);
      i = end;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      const end = close === -1 ? text.length : close + 2;
      if (close === -1) problems.push({ offset: i, message: "Unterminated /* comment: the rest of the file was skipped. Close it with */." });
      blank(i, end);
      i = end;
      continue;
    }
    if (c === '"') {
      const after = scanString(i);
      if (after < 0) {
        const stop = -after - 1;
        problems.push({ offset: i, message: "Unterminated string: a quoted string must close on the same line. Add the closing quote." });
        i = stop;
        continue;
      }
      const raw = text.slice(i + 1, after - 1);
      push("string", unescape(raw), i, after, i + 1, /(^|[^$])\$\{|(^|[^%])%\{/.test(raw));
      i = after;
      continue;
    }
    // Only at `<<`: slicing and matching at every token was most of the time on real modules.
    const heredoc = c === "<" && text[i + 1] === "<" ? /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200)) : null;
    if (heredoc !== null) {
      const marker = heredoc[1] as string;
      const contentStart = i + heredoc[0].length;
      const closeRe = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, "m");
      const rest = text.slice(contentStart);
      const close = closeRe.exec(rest);
      if (close === null) {
        problems.push({ offset: i, message: `Unterminated heredoc: no line with just ${marker} closes it. Add the closing marker.` });
        blank(contentStart, text.length);
        i = text.length;
        continue;
      }
      const content = rest.slice(0, close.index);
      const end = contentStart + close.index + close[0].length;
      push("heredoc", content.replace(/\r?\n$/, ""), i, end, contentStart, /\$\{|%\{/.test(content));
      // Blank the literal parts; interpolations stay visible as code.
      let k = contentStart;
      let from = k;
      while (k < contentStart + content.length) {
        if (text[k] === "$" && text[k + 1] === "{") {
          blank(from, k);
          k = skipInterpolation(k);
          from = k;
        } else k++;
      }
      blank(from, contentStart + content.length);
      i = end;
      continue;
    }
    if (isIdentStart(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text.charCodeAt(j))) j++;
      push("ident", text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (isDigit(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < text.length && isNumberPart(text.charCodeAt(j))) j++;
      push("number", text.slice(i, j), i, j);
      i = j;
      continue;
    }
    push("punct", c, i, i + 1);
    i++;
  }
  return { tokens, code: blankedText(text, blanked), problems };
}

/**
 * `text` with every character in the [from, to) pairs but line breaks turned into spaces. Pairs
 * come in order unless an interpolation ran past the token that held it; those are sorted first.
 * A string ending in a lone backslash blanks one place past the end, which becomes a space.
 */
function blankedText(text: string, pairs: number[]): string {
  if (pairs.length === 0) return text;
  let ranges: [number, number][] = [];
  for (let k = 0; k < pairs.length; k += 2) ranges.push([pairs[k] as number, pairs[k + 1] as number]);
  if (ranges.some((r, k) => k > 0 && r[0] < (ranges[k - 1] as [number, number])[1])) ranges = ranges.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  let past = 0;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    parts.push(text.slice(at, start));
    const segment = text.slice(start, to);
    parts.push(segment.includes("\n") ? segment.replace(/[^\n]/g, " ") : " ".repeat(segment.length));
    past += Math.max(0, to - Math.max(start, text.length));
    at = to;
  }
  parts.push(text.slice(at), " ".repeat(past));
  return parts.join("");
}

/** `/\s/` for one UTF-16 code unit. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `[A-Za-z_]` */
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `[A-Za-z0-9_-]` */
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `[0-9.eE+-]` */
function isNumberPart(c: number): boolean {
  return isDigit(c) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

function unescape(raw: string): string {
  return raw.replace(/\\(["\\nrt])/g, (_, ch: string) => ({ n: "\n", r: "\r", t: "\t" })[ch as "n"] ?? ch);
}

interface Attribute {
  readonly name: string;
  readonly nameStart: number;
  readonly value: Token[];
  readonly start: number;
  readonly end: number;
}

interface Block {
  readonly type: string;
  readonly labels: Token[];
  readonly attributes: Attribute[];
  readonly children: Block[];
  readonly start: number;
  end: number;
  readonly route: string;
}

/** Blocks and attributes, recovered as far as the tokens allow. */
function parseBlocks(tokens: Token[], problems: Lexed["problems"], textLength: number): Block[] {
  const top: Block[] = [];
  const stack: Block[] = [];
  let i = 0;
  const skipNewlines = () => {
    while (tokens[i]?.type === "newline") i++;
  };
  while (i < tokens.length) {
    skipNewlines();
    const t = tokens[i];
    if (t === undefined) break;
    if (t.type === "punct" && t.value === "}") {
      const closed = stack.pop();
      if (closed === undefined) problems.push({ offset: t.start, message: "Unexpected }: there is no block to close here. Remove it or add the missing block header." });
      else closed.end = t.end;
      i++;
      continue;
    }
    if (t.type === "ident" && tokens[i + 1]?.value === "=" && tokens[i + 1]?.type === "punct") {
      // Attribute: the value runs to the end of the line, or further inside brackets.
      let j = i + 2;
      let depth = 0;
      const value: Token[] = [];
      while (j < tokens.length) {
        const v = tokens[j] as Token;
        if (v.type === "newline" && depth === 0) break;
        if (v.type === "punct" && (v.value === "(" || v.value === "[" || v.value === "{")) depth++;
        if (v.type === "punct" && (v.value === ")" || v.value === "]" || v.value === "}")) {
          if (depth === 0) break;
          depth--;
        }
        if (v.type !== "newline") value.push(v);
        j++;
      }
      const parent = stack[stack.length - 1];
      const attr = { name: t.value, nameStart: t.start, value, start: t.start, end: value[value.length - 1]?.end ?? t.end };
      if (parent !== undefined) parent.attributes.push(attr);
      else top.push({ type: "", labels: [], attributes: [attr], children: [], start: t.start, end: attr.end, route: "" });
      i = j;
      continue;
    }
    if (t.type === "ident") {
      let j = i + 1;
      const labels: Token[] = [];
      while (tokens[j]?.type === "string" || tokens[j]?.type === "ident") labels.push(tokens[j++] as Token);
      if (tokens[j]?.type === "punct" && tokens[j]?.value === "{") {
        const parent = stack[stack.length - 1];
        const route = [parent?.route, t.value, ...labels.map((l) => l.value)].filter((p) => p !== undefined && p !== "").join(".");
        const block: Block = { type: t.value, labels, attributes: [], children: [], start: t.start, end: textLength, route };
        if (parent !== undefined) parent.children.push(block);
        else top.push(block);
        stack.push(block);
        i = j + 1;
        continue;
      }
    }
    // Anything else (a stray token, a one-line block body) is skipped to the end of its line.
    while (i < tokens.length && tokens[i]?.type !== "newline" && !(tokens[i]?.type === "punct" && tokens[i]?.value === "}")) i++;
  }
  for (const open of stack) problems.push({ offset: open.start, message: `Block ${open.route || open.type} is never closed: add the missing }.` });
  return top;
}

/** Attribute names that hold a credential in provider configuration. */
const PROVIDER_CREDENTIAL_KEYS = new Set([
  "api_token", "token", "access_key", "secret_key", "client_secret", "password", "api_key", "secret",
  "private_key", "client_certificate_password", "auth_token", "access_token", "client_secret_value",
  "app_secret", "api_secret", "oauth_token", "credentials", "session_token", "admin_password",
]);

/** Providers whose credentials act on an identity system (IdP, IAM, secrets vault). */
const IDENTITY_PROVIDERS = new Set([
  "okta", "azuread", "azurerm", "auth0", "vault", "aws", "google", "googleworkspace", "keycloak", "onelogin",
  "jumpcloud", "pingone", "pingidentity", "onepassword", "bitwarden", "cyberark", "hcp", "boundary", "ad",
  "activedirectory", "ldap", "authentik", "zitadel", "github",
]);

/** Secret-manager data sources and the attribute that names the secret they read. */
const SECRET_DATA_SOURCES: Record<string, readonly string[]> = {
  aws_secretsmanager_secret_version: ["secret_id"],
  aws_secretsmanager_secret: ["name", "arn"],
  aws_ssm_parameter: ["name"],
  vault_generic_secret: ["path"],
  vault_kv_secret: ["path"],
  vault_kv_secret_v2: ["name"],
  azurerm_key_vault_secret: ["name"],
  google_secret_manager_secret_version: ["secret"],
  google_secret_manager_secret_version_access: ["secret"],
  onepassword_item: ["title", "uuid"],
};

/**
 * Parameter stores hold settings as often as secrets (`/aws/service/…/image_id`, a role name): a
 * parameter counts only when its literal name ends in a credential-like segment, and a computed
 * name is no over-broad secret use.
 */
const PARAMETER_STORES: ReadonlySet<string> = new Set(["aws_ssm_parameter"]);

function namesSecretParameter(name: string): boolean {
  return isCredentialName(name.split("/").filter((segment) => segment !== "").pop() ?? "");
}

export const terraform: Extractor = {
  id: "terraform",
  description: "Terraform: sensitive variables and their uses, literal provider credentials, secret-manager data sources",
  matches(path) {
    return /\.(tf|tfvars)$/i.test(path);
  },
  extract(file: SourceFile) {
    const pos = positioner(file.text);
    const { tokens, code, problems } = lexHcl(file.text);
    const blocks = parseBlocks(tokens, problems, file.text.length);
    const diagnostics: Diagnostic[] = problems.map((p) => ({ source: "terraform", location: locationAt(file.path, pos, p.offset), message: p.message }));
    const refs: SecretRef[] = [];
    const literals: Literal[] = [];
    const at = (offset: number): Location => locationAt(file.path, pos, offset);

    const variables = new Map<string, boolean>();
    const plainDeclarations: PlainDeclaration[] = [];
    const all = flatten(blocks);
    for (const b of all) {
      const label = b.labels[0];
      if (b.type === "variable" && label !== undefined && b.route === `variable.${label.value}`) {
        const sensitive = b.attributes.some((a) => a.name === "sensitive" && a.value.length === 1 && a.value[0]?.value === "true");
        variables.set(label.value, sensitive);
        if (sensitive) refs.push(ref("terraform", "declaration", label.value, at(label.contentStart), `variable.${label.value}`));
        else plainDeclarations.push({ system: "terraform", name: label.value, file: file.path });
      }
      if (b.route.startsWith("provider.")) {
        const provider = providerName(b);
        for (const a of b.attributes) providerCredential(file, pos, provider, b, a, literals);
      }
      if (b.type === "data" && label !== undefined && b.labels[1] !== undefined) {
        const keys = SECRET_DATA_SOURCES[label.value];
        for (const a of b.attributes) {
          if (keys === undefined || !keys.includes(a.name)) continue;
          const v = a.value[0];
          if (v === undefined) continue;
          const route = `${b.route}.${a.name}`;
          const literal = a.value.length === 1 && v.type === "string" && !v.interpolated && v.value !== "";
          if (PARAMETER_STORES.has(label.value) && !(literal && namesSecretParameter(v.value))) continue;
          // `secret_id = data.aws_secretsmanager_secret.x.id`: that data source already names (or computes) it.
          const readsFrom = literal ? undefined : /^data\.([a-z0-9_]+)\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.(?:id|arn|name)$/.exec(file.text.slice(v.start, a.end).trim())?.[1];
          if (readsFrom !== undefined && SECRET_DATA_SOURCES[readsFrom] !== undefined) continue;
          refs.push(literal ? ref("terraform", "reference", v.value, at(v.contentStart), route) : ref("terraform", "overbroad", null, at(v.start), route, { overbroad: "dynamic-index" }));
        }
      }
    }

    // var.x uses: in code only (comments and literal string text are blanked in `code`).
    const scopes = all.flatMap((b) => b.attributes.map((a) => ({ start: a.start, end: a.end, route: b.route === "" ? a.name : `${b.route}.${a.name}` })));
    // A variable declared in another file of the module is settled by the scanner (see above).
    const candidates: SecretRef[] = [];
    const presumed: SecretRef[] = [];
    for (const m of code.matchAll(/(?<![A-Za-z0-9_.-])var\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
      const name = m[1] as string;
      const sensitive = variables.get(name);
      if (sensitive === false) continue;
      const offset = (m.index as number) + 4;
      // The innermost attribute holding the use; the first of equally long ones.
      let scope: (typeof scopes)[number] | undefined;
      for (const s of scopes) if (s.start <= offset && offset < s.end && (scope === undefined || s.end - s.start < scope.end - scope.start)) scope = s;
      const use = ref("terraform", "reference", name, at(offset), scope?.route ?? "var");
      if (sensitive === true) refs.push(use);
      else if (readsAsSecretValue(name)) presumed.push(use);
      else candidates.push(use);
    }
    return {
      refs: byPosition(refs),
      diagnostics,
      literals: byPosition(literals),
      ...(candidates.length > 0 ? { candidates: byPosition(candidates) } : {}),
      ...(presumed.length > 0 ? { presumed: byPosition(presumed) } : {}),
      ...(plainDeclarations.length > 0 ? { plainDeclarations } : {}),
    };
  },
};

/**
 * Words that make a credential-like variable name a setting about the credential: a flag
 * (`create_kms_key`, `manage_master_user_password`), a count or period
 * (`kms_key_deletion_window_in_days`), a list of principals (`kms_key_users`), or a pointer to
 * where it lives (`*_kms_key_id`, `*_secret_arn`, `*_key_name`, `ca_cert_identifier`).
 */
const SETTING_FIRST_WORDS = new Set(["CREATE", "MANAGE", "ENABLE", "ENABLED", "USE", "IS", "HAS", "SKIP", "ALLOW", "DISABLE", "ROTATE", "GENERATE"]);
const SETTING_LAST_WORDS = new Set([
  "ID", "IDS", "ARN", "ARNS", "NAME", "NAMES", "IDENTIFIER", "ALIAS", "ALIASES", "DAYS", "HOURS", "SECONDS", "DURATION",
  "PERIOD", "WINDOW", "EXPRESSION", "SCHEDULE", "ROTATION", "IMMEDIATELY", "USERS", "ADMINS", "ROLES", "PRINCIPALS",
  "POLICY", "POLICIES", "COUNT", "SIZE", "SPEC", "ALGORITHM", "USAGE", "ENABLED", "DISABLED", "ARGS", "TAGS", "PATH", "LOCATION",
]);
/** Certificates are public: a name whose only credential word is CERT is certificate data. */
const PUBLIC_CERT_WORDS = new Set(["CERT", "CERTS", "CERTIFICATE", "CERTIFICATES", "CA"]);

export function readsAsSecretValue(name: string): boolean {
  if (!isCredentialName(name)) return false;
  const words = nameWords(name);
  if (SETTING_FIRST_WORDS.has(words[0] as string) || SETTING_LAST_WORDS.has(words[words.length - 1] as string)) return false;
  const credentialWords = words.filter((word) => isCredentialName(word));
  return !credentialWords.every((word) => PUBLIC_CERT_WORDS.has(word));
}

function flatten(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => [b, ...flatten(b.children)]);
}

/** `provider "aws"` → aws; nested blocks (`assume_role {}`) belong to their provider. */
function providerName(b: Block): string {
  return b.route.split(".")[1] ?? "";
}

function providerCredential(file: SourceFile, pos: Positioner, provider: string, b: Block, a: Attribute, out: Literal[]): void {
  if (!PROVIDER_CREDENTIAL_KEYS.has(a.name) || a.value.length !== 1) return;
  const v = a.value[0] as Token;
  if ((v.type !== "string" && v.type !== "heredoc") || v.interpolated) return;
  out.push({
    detector: "terraform-provider-literal",
    location: locationAt(file.path, pos, v.contentStart),
    value: v.value,
    key: a.name,
    description: `Literal ${a.name} in the ${provider} provider configuration (${b.route}): pass it through a sensitive variable or the provider's environment variable instead`,
    identity: IDENTITY_PROVIDERS.has(provider),
  });
}
