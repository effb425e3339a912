import { ALNUM, BASE32, BASE64, BASE64URL, HEX, UPPER_ALNUM, fake } from "./fake.js";
import { L, QUOTED_LITERAL_PATHS, R, assign } from "./fragments.js";
import { PROVIDER_DETECTORS, checksummed } from "./providers.js";
import { CREDENTIAL_KEY_PATTERN, NON_CREDENTIAL_KEY_PATTERN } from "./vocabulary.js";

export { CREDENTIAL_KEY_PATTERN, NON_CREDENTIAL_KEY_PATTERN } from "./vocabulary.js";

/**
 * The detector table: one plain object per credential format, data only (gitleaks-style), each
 * carrying examples that `rules.test.ts` replays the way gitleaks' `Validate` does.
 *
 * Order is precedence: when two detectors report the same value (a `ghp_` token assigned to
 * `password:`), the earlier one is kept, so provider formats come before the structural ones
 * (PEM, JWT, URL credentials) and the generic key/value detectors come last.
 */

export interface DetectorAllowlist {
  /** Regex sources tested (case-sensitively) against the secret; a hit drops the candidate. */
  readonly values?: readonly string[];
  /** Lowercase substrings of the secret that mark it as a placeholder. */
  readonly stopwords?: readonly string[];
  /** Lowercase whole values that are placeholders or defaults (`changeme`, `true`). */
  readonly words?: readonly string[];
  /** Regex sources tested against the whole regex match (the secret with its surroundings). */
  readonly matches?: readonly string[];
  /** Regex sources tested against the normalised key (`snake_case`, lowercase). */
  readonly keys?: readonly string[];
  /** Regex sources tested against the file path. */
  readonly paths?: readonly string[];
  /** Lowercase words; a secret made only of them (`my-password`, `SuperSecret`) is a placeholder. */
  readonly vocabulary?: readonly string[];
}

export interface Detector {
  /** kebab-case; also the SARIF rule id suffix and the suppression key. */
  readonly id: string;
  readonly description: string;
  /** Regex source. Compiled with `g` and `d` plus `flags`. Quantifiers must be bounded. */
  readonly pattern: string;
  readonly flags?: string;
  /** Capture group holding the secret (default: the whole match). */
  readonly secretGroup?: number;
  /** Capture group holding the key the secret is assigned to, when the pattern captures one. */
  readonly keyGroup?: number;
  /** Regex source the normalised key must match (key-driven detectors). */
  readonly keyPattern?: string;
  /** Lowercase literals; the detector only runs where one occurs (see prefilter.ts). */
  readonly keywords: readonly string[];
  /**
   * Case-sensitive literals, one of which every match of `pattern` contains (as every match also
   * contains a keyword). The scanner looks for these instead of the keywords: `AKIA` is far rarer
   * in text than `akia` in its lowercased copy, and a line holding a match holds both, so the lines
   * scanned differ only by lines where the pattern cannot match. Not for key-anchored detectors.
   */
  readonly anchors?: readonly string[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly entropy?: number;
  readonly minLength?: number;
  /**
   * `line` (default): the pattern runs on the lines holding a keyword, plus `windowLines - 1`
   * following lines. `file`: the pattern runs on the whole text (multi-line formats like PEM).
   */
  readonly scope?: "line" | "file";
  readonly windowLines?: number;
  /**
   * `key`: every keyword lies inside the key the secret is assigned to, so instead of scanning
   * whole lines the pattern is tried once (sticky) at the start of the identifier around each
   * keyword hit, or at the quote just before it. The pattern must begin at the key (or its quote).
   */
  readonly anchor?: "key";
  /** Regex source (lowercase) that must also occur somewhere in the file, matched case-insensitively. */
  readonly requires?: string;
  /**
   * In files whose path matches one of these regex sources, the value must be a quoted literal:
   * `quoteGroup` is the capture group holding the value's opening quote. In source code an
   * unquoted right-hand side is an expression (`token = this.currentToken;`), never a literal.
   */
  readonly quotedIn?: { readonly paths: readonly string[]; readonly quoteGroup: number };
  /** Acts on an identity system: IdP, IAM, vault, password manager. */
  readonly identity: boolean;
  /**
   * The provider's checksum inside the token. A token whose checksum verifies was issued (or
   * forged on purpose), so placeholder rules and the entropy floor do not apply to it.
   */
  readonly checksum?: "crc32-base62";
  /** Regex sources over the path: the detector runs only on these files (`.npmrc`, `.netrc`). */
  readonly paths?: readonly string[];
  /** Below the rule's default: an encrypted private key is a `note`, its passphrase lives elsewhere. */
  readonly severity?: "warning" | "note";
  readonly allowlist?: DetectorAllowlist;
  /**
   * `path`: the file the examples are scanned as (for detectors restricted by `paths`).
   * `noMatchIn`: counter-examples that hold only in files of one kind, keyed by the path they are
   * scanned as (an unquoted right-hand side is an expression in `main.tf`, a value in `.env`).
   */
  readonly examples: {
    readonly match: readonly string[];
    readonly noMatch: readonly string[];
    readonly path?: string;
    readonly noMatchIn?: Readonly<Record<string, readonly string[]>>;
  };
}

/**
 * A detector whose literals an extractor reads out of a file's structure (a Kubernetes Secret's
 * `data`, a Terraform provider block) rather than a pattern over text: the table holds its id,
 * description, allowlist and examples, and the scanner vets its literals like any other match.
 */
export interface StructuralDetector {
  readonly id: string;
  readonly description: string;
  /** The extractor that reads the literals. */
  readonly extractor: "kubernetes" | "terraform";
  /**
   * When set, a literal whose key does not read as a credential name (`isCredentialName`) is kept
   * only if its value looks generated: this entropy (bits per character) over 20+ characters.
   */
  readonly entropy?: number;
  readonly identity: boolean;
  readonly allowlist?: DetectorAllowlist;
  /** Whole files, scanned at `path`: the extractor needs the structure around a value. */
  readonly examples: { readonly path: string; readonly match: readonly string[]; readonly noMatch: readonly string[] };
}

/**
 * Key names that point at an identity system; a credential assigned to one is tagged `identity`
 * whatever its format. Short names are segment-anchored (`ping` must not hit `mapping`).
 */
export const IDENTITY_KEY_PATTERN =
  "okta|auth0|sailpoint|keycloak|vault|1password|onepassword|active_?directory|entra_?id|(?:^|_)(?:entra|azure_ad|azuread|aad|ping|pingone|pingfederate|pingidentity|scim|iam|sso|saml|oidc|ldap|op|idp|identity)(?:_|$)";


/**
 * Translation catalogues: every value is text for a user interface (`"label_client_secret":
 * "Client-Geheimnis"`), keyed by the very words credentials are named with.
 */
const LOCALE_FILE_PATH =
  "(?:^|/)(?:locales?|i18n|l10n|lang|langs|languages|translations?)/(?:[^/]+/)*[^/]+\\.(?:json|ya?ml|po|pot|properties|strings|arb|xlf|xliff|resx)$";

const GENERIC_VALUE_ALLOWLIST: readonly string[] = [
  // Identifiers and references to other variables, not literals. Letters only: a value with a
  // digit or a symbol in it (`Welcome1Prod2024`, `Summer2024Secret`) may well be a password.
  "^[a-z]+$",
  "^[A-Z]+$",
  "^[a-z]+(?:[_.\\-][a-z]+)+$",
  // An acronym and a word (`stsLDAPPassword = "LDAPPassword"`), HTTP header names (`X-Amz-Credential`).
  "^[A-Z]{2,5}[A-Z][a-z]+$",
  "^X-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+$",
  // camelCase of three words or more, a number in the first (`k8sAppEventsDatatable`, a storage key).
  "^[a-z]+\\d*[a-z]*(?:[A-Z][a-z]+){2,}$",
  // A storage key or setting name ending in a credential word (`jhi-authenticationToken`).
  "^[a-z0-9]+(?:[-_.][a-z0-9]+)*[-_.][a-z]+(?:Token|Key|Secret|Password|Auth|Credentials?)$",
  // A name closing a Jinja or code expression (`combine({'postgres_configuration_secret': _pg_secret})`).
  "^_?(?:[a-z][a-z0-9_]*|[A-Z][A-Z0-9_]*)[})\\]]+[,;]?$",
  // One capitalised word: a translation (`"Password": "Adgangskode"` in a locale file).
  "^[A-Z][a-z]+$",
  // Text written as Unicode escapes: a Java .properties translation (`Secret=\u6DFB\u52A0…`).
  "^(?:\\\\u[0-9A-Fa-f]{4}){2,}",
  // The same with an acronym for a word: `custom-CA`, `more-custom-CAs` (a Secret's name).
  "^[a-z]+(?:[_.\\-](?:[a-z]+|[A-Z]{2,5}s?))+$",
  // The same words ending in a question mark are a question in prose (`do-you-need-me?`).
  "^[a-z]+(?:[_.\\-][a-z]+)+\\?$",
  // A list of lowercase words (`allowed_auth_providers = default,keys,credentials`).
  "^[a-z]+(?:,[a-z]+)+$",
  // UPPER_SNAKE names, also a list of them (`--from-literal=client-passwords=CLIENT_PASSWORD1,CLIENT_PASSWORD2`).
  "^[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+(?:,[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+)*$",
  "^[a-z]+(?:[A-Z][a-z]+)+$",
  // Lowercase names that hold a credential word as one of their parts name the credential, they
  // are not it: `argocd-k8s-auth`, `vault-token-v2`, `db-password-secret`.
  "^_*[a-z0-9]+(?:[-_.][a-z0-9]+)*[-_.](?:auth|token|tokens|secret|secrets|password|passwd|pass|key|keys|creds?|credentials)(?:[-_.][a-z0-9]+)*$",
  "^[A-Z0-9]+(?:_[A-Z0-9]+)*_(?:AUTH|TOKEN|TOKENS|SECRET|SECRETS|PASSWORD|PASSWD|PASS|KEY|KEYS|CREDS?|CREDENTIALS)(?:_[A-Z0-9]+)*$",
  // Dotted setting names with camelCase words (`admin.passwordMtime`, `dex.auth.connectorId`), and
  // a Python entry point's object (`auth_token:AuthTokenMiddleware.factory` in a paste.ini).
  "^[A-Za-z][A-Za-z_]*(?:\\.[a-z][A-Za-z_]*)+$",
  // Snake-case names with a version suffix (`masakari.api.auth:pipeline_factory_v1`).
  "^[a-z]+(?:[_\\-][a-z]+)+[_\\-]v\\d+$",
  // Algorithm names (`AUTH_HMAC_SHA256 = 'hmac-sha256'`).
  "^(?:hmac[-_])?(?:sha|md|ripemd)[-_]?\\d{1,3}$",
  // PascalCase words, also as a marker (`"?InterpolationInJSX"`, `"#SectionHeading"`), or a type
  // name repeated as its own value (`SSHPrivateKey: "SSHPrivateKey"`).
  "^[?:#@.]?(?:[A-Z]{0,4}[A-Z][a-z]+){2,}[A-Z]{0,4}$",
  "^[a-z_][a-z0-9_\\-]*(?:\\.[a-z0-9_\\-*]+|\\[[^\\]]*\\])+$",
  // Go/Helm template and object references: `.Values.auth.password`, `$.Values.x`.
  "^\\$?\\.[A-Za-z_]",
  // Calls and lookups: os.environ[...], process.env.X, getenv("X"), ENV['X'], lookup(...).
  "^[\\w.]+\\(",
  // Type annotations in code: a class name followed by `[]`, `<...>` or a closing parenthesis;
  // letters only, so a real secret never looks like one.
  "^[A-Za-z_$][A-Za-z_$]*(?:\\.[A-Za-z_$][A-Za-z_$]*)*(?:<[^\\d]*|\\[\\]|\\))+[):;,{}\\]`]*$",
  // A regular-expression literal in code (`/^(user|host)$/i`, `^.{8,32}$`), not a value.
  "^/\\^",
  "^\\^.*\\$$",
  // Words joined by colons or slashes in prose, docs and secret-manager references:
  // `secret=path:field`, `admin/password`, `--token=foo/system:masters`, a Vault secret and its
  // field (`GPG_PASSPHRASE=helm-chart-signing-key:passphrase`). Letters only.
  "^[a-z][a-z_\\-]*(?:[:/][a-z][a-z_\\-]*)+$",
  // Java qualified class names (`com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl`). Letters only.
  "^[a-z]+(?:\\.[a-z]+)+\\.[A-Z][A-Za-z]+$",
  // API paths relative to a root (`_credentials = 'credentials/'`). Letters only.
  "^[a-z][a-z_\\-]*(?:/[a-z][a-z_\\-]*)*/$",
  // A sed/grep pattern starting with a wildcard (`s/^system.secret-key:.*$/.../`), not a value.
  "^\\.[*+]",
  "^(?:os\\.environ|process\\.env|env|ENV|System\\.getenv|config|settings|params|vars|values|secrets|inputs)(?:\\.|\\[)",
  // Another command-line flag, not the flag's value (`--password --insecure-storage`).
  "^--?[a-z][a-z\\-]*$",
  // Numbers, versions (also semver with a pre-release or build: `7.2.4-debian-12-r0`), durations, sizes.
  "^v?\\d+(?:[.:]\\d+)*[a-z]{0,3}$",
  "^v?\\d+(?:\\.\\d+){1,3}(?:[-+][\\w.\\-]+)?$",
  // Container images with a tag or digest: `ghcr.io/org/app:v1.2.3`, `redis@sha256:…`.
  "^[\\w.\\-]+(?::\\d+)?(?:/[\\w.\\-]+)+(?::[\\w.\\-]+|@sha256:[0-9a-f]{64})$",
  // Paths and URLs (URL credentials have their own detector).
  "^(?:~|\\.{1,2})?/(?:[\\w.\\-]+/)*[\\w.\\-]*$",
  "^[\\w.\\-]+/[\\w.\\-/]+\\.(?:pem|key|crt|json|txt|ya?ml|env|p12|pfx|jks)$",
  "://",
  // Vault/secret-manager paths, cloud resource names and encrypted blobs (SOPS, Ansible Vault, KMS).
  "^(?:vault:|secret/|kv/|secrets/|arn:aws|arn:aws-cn:|arn:aws-us-gov:|projects/[\\w\\-]+/secrets/)",
  "^ENC\\[",
  // Hashes and digests written as values.
  "^(?:sha\\d+|md5|sha)[:\\-]",
  // An e-mail address names an account or a key (`git config user.signingkey security@authelia.com`).
  "^[\\w.+\\-]+@[\\w\\-]+(?:\\.[\\w\\-]+)+$",
  // A list of `setting:value` pairs describes where credentials are, it is not one
  // (`secretname:monitoring-roles,userkey:user,passwordkey:password`).
  "^[a-z]+:[\\w.\\-]+(?:,[a-z]+:[\\w.\\-]+)+$",
  // A relative path of three or more identifier segments (`ory/keysetpagination_v2/page_token`).
  "^[a-z][a-z0-9_\\-]*(?:/[a-z][a-z0-9_\\-.]*){2,}$",
  // A host name of three or more labels, or written absolute with its final dot (`ns.boulder.invalid.`).
  "^(?:[a-z0-9\\-]+\\.){2,}[a-z]{2,}\\.?$|^(?:[a-z0-9\\-]+\\.)+[a-z]{2,}\\.$",
  // URNs name things (`urn:ietf:params:oauth:token-type:saml2`, `urn:oasis:names:tc:SAML:2.0:cm:bearer`).
  "^urn:",
  // A literal closing a call in code: `skip_special_tokens=True).strip()`.
  "^(?:True|False|None|true|false|null|nil)[),;\\]}.]",
  // An htpasswd or shadow entry, `user:` and a password hash (bcrypt, Apache MD5, SHA crypt): a
  // hash, not the password, as a bare bcrypt value is.
  "^[\\w.\\-]+:\\$(?:2[aby]?|apr1|[156])\\$",
];

/**
 * Every key CREDENTIAL_KEY_PATTERN accepts contains one of these once lowercased. `key` is broad
 * (every `key:` in a Kubernetes manifest), but the generic detectors are key-anchored, so a hit
 * costs one sticky regex attempt; a longer list of compound keywords made the keyword scan itself
 * (one alternation over the whole text) markedly slower.
 */
export const GENERIC_KEYWORDS: readonly string[] = ["pass", "pwd", "secret", "token", "auth", "cred", "bearer", "key"];

/** Thirty characters any placeholder rule would drop; with a valid checksum they are a real token. */
const CHECKSUMMED_PLACEHOLDER = "EXAMPLEexampleEXAMPLEexample12";

const b = (prefix: string, alphabet: string, length: number, seed = 0): string => prefix + fake(alphabet, length, seed);
const base64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const secretManifest = (data: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n${data}\n`;

/**
 * Files that are credentials by their name alone: binary keystores the walker does not read
 * (it reports them as skipped), so the name is all there is to go on.
 */
export interface FileNameDetector {
  readonly id: string;
  readonly description: string;
  /** Regex sources over the path. */
  readonly paths: readonly string[];
  readonly identity: boolean;
  readonly examples: { readonly match: readonly string[]; readonly noMatch: readonly string[] };
}

export const FILE_NAME_DETECTORS: readonly FileNameDetector[] = [
  {
    id: "pkcs12-file",
    description: "PKCS #12 keystore file (.p12, .pfx): it bundles a private key with its certificate",
    paths: ["\\.(?:[pP]12|[pP][fF][xX])$"],
    identity: false,
    examples: { match: ["certs/client.p12", "deploy/signing/Release.PFX"], noMatch: ["docs/p12.md", "certs/client.crt"] },
  },
];

/** Literals read by extractors; see StructuralDetector. Listed with the others in the README. */
export const STRUCTURAL_DETECTORS: readonly StructuralDetector[] = [
  {
    id: "kubernetes-secret-literal",
    description: "Literal value in a Kubernetes Secret's data or stringData",
    extractor: "kubernetes",
    entropy: 4,
    identity: false,
    // Connection details and settings beside the credential: `url`, `username`, `type`, `project`.
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN, "^(?:project|insecure|enable_\\w+|use_\\w+|force_\\w+)$"] },
    examples: {
      path: "deploy/secret.yaml",
      match: [
        secretManifest(`stringData:\n  password: ${fake(ALNUM, 18, 101)}`),
        secretManifest(`data:\n  key: ${base64(fake(BASE64, 40, 102))}`),
        // Not a credential name, but a generated value.
        secretManifest(`data:\n  azurestorageaccountkey: ${base64(fake(BASE64, 86, 103))}`),
      ],
      noMatch: [
        // Connection details and settings, placeholders, public certificates.
        secretManifest("stringData:\n  url: https://github.com/acme\n  type: helm\n  project: default\n  githubAppID: \"1\"\n  insecure: \"true\""),
        secretManifest("stringData:\n  url: https://storage.googleapis.com/istio-prerelease/daily-build/master-latest-daily/charts\n  name: git@github.com:acme-labs"),
        secretManifest("stringData:\n  username: my-username\n  password: my-password\n  bearerToken: my-token"),
        secretManifest(`data:\n  password: ${base64("test-password")}\n  apiUsername: ${base64("storageos")}`),
        secretManifest("stringData:\n  webhook.github.secret: shhhh! it's a github secret\n  webhook.bitbucket.uuid: your-bitbucket-uuid"),
        secretManifest(`data:\n  ca.crt: ${base64(`-----BEGIN CERTIFICATE-----\n${fake(BASE64, 64, 104)}\n-----END CERTIFICATE-----\n`)}`),
        secretManifest("stringData:\n  admin.passwordMtime: 2019-03-20T17:54:53Z\n  apiAddress: tcp://127.0.0.1:5705"),
        // A bcrypt hash is what a system stores instead of the password.
        secretManifest(`stringData:\n  admin.password: $2a$10$${fake(BASE64.replace("+", "."), 53, 105)}`),
        // A configuration file kept in a Secret (kube-prometheus): text, not a generated value.
        secretManifest('stringData:\n  alertmanager.yaml: |-\n    "global":\n      "resolve_timeout": "5m"\n    "route":\n      "group_by": ["namespace"]\n      "receiver": "Default"'),
        secretManifest("stringData:\n  grafana.ini: |\n    [date_formats]\n    default_timezone = UTC\n    [analytics]\n    reporting_enabled = false"),
      ],
    },
  },
  {
    id: "terraform-provider-literal",
    description: "Literal credential in a Terraform provider block",
    extractor: "terraform",
    identity: false,
    examples: {
      path: "infra/main.tf",
      match: [
        `provider "okta" {\n  org_name  = "acme"\n  api_token = "00${fake(BASE64URL, 40, 106)}"\n}\n`,
        `provider "github" {\n  token = "${fake(ALNUM, 40, 107)}"\n}\n`,
      ],
      noMatch: [
        'provider "okta" {\n  api_token = var.okta_api_token\n}\n',
        'provider "aws" {\n  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "${var.secret_key}"\n}\n',
      ],
    },
  },
];

export const DETECTORS: readonly Detector[] = [
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    pattern: `${L}((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})${R}`,
    secretGroup: 1,
    keywords: ["akia", "asia", "abia", "acca", "a3t"],
    anchors: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    entropy: 3,
    identity: true,
    examples: {
      match: [`aws_access_key_id = ${b("AKIA", BASE32, 16, 1)}`, `AccessKeyId: "${b("ASIA", BASE32, 16, 2)}"`],
      noMatch: ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", `key: AKIA${fake(BASE32, 12)}`],
    },
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    pattern: `${assign("(?:aws[\\w.\\-]{0,20})?secret[_.\\-]?access[_.\\-]?key|aws[_.\\-]?secret(?:[_.\\-]?key)?")}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keywords: ["secret"],
    anchor: "key",
    entropy: 3.5,
    identity: true,
    examples: {
      match: [`aws_secret_access_key = ${fake(BASE64, 40, 3)}`, `"SecretAccessKey": "${fake(BASE64, 40, 4)}"`],
      noMatch: [
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",
      ],
    },
  },
  {
    id: "github-pat",
    description: "GitHub personal access token (classic)",
    pattern: `${L}(ghp_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["ghp_"],
    anchors: ["ghp_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [
        `GITHUB_TOKEN=${b("ghp_", ALNUM, 36, 5)}`,
        `token: "${b("ghp_", ALNUM, 36, 6)}"`,
        // Reads like a placeholder, but its checksum verifies: GitHub issued it.
        `token: ${checksummed("ghp_", CHECKSUMMED_PLACEHOLDER)}`,
      ],
      noMatch: [
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "token: ghp_<your-token>",
        `token: ghp_${CHECKSUMMED_PLACEHOLDER}000000`,
      ],
    },
  },
  {
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token",
    pattern: `${L}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${R}`,
    secretGroup: 1,
    keywords: ["github_pat_"],
    anchors: ["github_pat_"],
    identity: false,
    examples: {
      match: [`GH_TOKEN=github_pat_${fake(ALNUM, 22, 7)}_${fake(ALNUM, 59, 8)}`, `pat = "github_pat_${fake(ALNUM, 22, 9)}_${fake(ALNUM, 59, 10)}"`],
      noMatch: ["GH_TOKEN=github_pat_...", `github_pat_${fake(ALNUM, 22)}`],
    },
  },
  {
    id: "github-oauth-token",
    description: "GitHub OAuth access token",
    pattern: `${L}(gho_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["gho_"],
    anchors: ["gho_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [`oauth: ${b("gho_", ALNUM, 36, 11)}`, `"${b("gho_", ALNUM, 36, 12)}"`],
      noMatch: ["gho_EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMP", "gho_short"],
    },
  },
  {
    id: "github-app-token",
    description: "GitHub App user-to-server or installation token",
    pattern: `${L}((?:ghu|ghs)_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["ghu_", "ghs_"],
    anchors: ["ghu_", "ghs_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [`token=${b("ghs_", ALNUM, 36, 13)}`, `${b("ghu_", ALNUM, 36, 14)}`],
      noMatch: ["ghs_${{ secrets.APP_TOKEN }}", "ghu_************************************"],
    },
  },
  {
    id: "github-refresh-token",
    description: "GitHub App refresh token",
    pattern: `${L}(ghr_[A-Za-z0-9]{36,76})${R}`,
    secretGroup: 1,
    keywords: ["ghr_"],
    anchors: ["ghr_"],
    identity: false,
    examples: {
      match: [`refresh_token: ${b("ghr_", ALNUM, 36, 15)}`, `x ${b("ghr_", ALNUM, 76, 16)}`],
      noMatch: ["refresh_token: ghr_", "ghr_your_refresh_token_here_123456789012"],
    },
  },
  {
    id: "gitlab-pat",
    description: "GitLab personal, project or group access token",
    pattern: `${L}(glpat-[A-Za-z0-9_\\-]{20,64}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?)(?![A-Za-z0-9_\\-.])`,
    secretGroup: 1,
    keywords: ["glpat-"],
    anchors: ["glpat-"],
    identity: false,
    examples: {
      match: [`GITLAB_TOKEN=${b("glpat-", ALNUM, 20, 17)}`, `private_token: "${b("glpat-", ALNUM, 27, 18)}.01.${fake("abcdefghij0123456789", 9, 1)}"`],
      noMatch: ["GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx", "glpat-<token>"],
    },
  },
  {
    id: "gitlab-pipeline-trigger-token",
    description: "GitLab pipeline trigger token",
    pattern: `${L}(glptt-[0-9a-f]{40})${R}`,
    secretGroup: 1,
    entropy: 3,
    keywords: ["glptt-"],
    anchors: ["glptt-"],
    identity: false,
    examples: {
      match: [`TRIGGER_TOKEN=${b("glptt-", HEX, 40, 19)}`, `token: ${b("glptt-", HEX, 40, 20)}`],
      noMatch: ["TRIGGER_TOKEN=glptt-0000000000000000000000000000000000000000", "glptt-$TRIGGER"],
    },
  },
  {
    id: "gitlab-runner-token",
    description: "GitLab runner authentication or registration token",
    pattern: `${L}(glrt-[A-Za-z0-9_\\-]{20,64}|GR1348941[A-Za-z0-9_\\-]{20,64})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["glrt-", "gr1348941"],
    anchors: ["glrt-", "GR1348941"],
    identity: false,
    examples: {
      match: [`token = "${b("glrt-", ALNUM, 20, 21)}"`, `REGISTRATION_TOKEN=${b("GR1348941", ALNUM, 20, 22)}`],
      noMatch: ['token = "glrt-REDACTED"', "GR1348941"],
    },
  },
  {
    id: "gitlab-deploy-token",
    description: "GitLab deploy token",
    pattern: `${L}(gldt-[A-Za-z0-9_\\-]{20,64})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["gldt-"],
    anchors: ["gldt-"],
    identity: false,
    examples: {
      match: [`DEPLOY_TOKEN=${b("gldt-", ALNUM, 20, 23)}`, `password: ${b("gldt-", ALNUM, 24, 24)}`],
      noMatch: ["DEPLOY_TOKEN=gldt-", "gldt-placeholder-placeholder"],
    },
  },
  {
    id: "slack-token",
    description: "Slack bot, user, app or workspace token",
    pattern: `${L}(xox[abeoprs]-[0-9]{8,13}-[A-Za-z0-9\\-]{8,200}|xapp-\\d-[A-Z0-9]{8,12}-\\d{8,13}-[a-z0-9]{32,80})(?![A-Za-z0-9\\-])`,
    secretGroup: 1,
    keywords: ["xox", "xapp-"],
    anchors: [..."abeoprs"].map((c) => `xox${c}-`).concat("xapp-"),
    identity: false,
    examples: {
      match: [
        `SLACK_BOT_TOKEN=xoxb-${fake("0123456789", 11, 1)}-${fake("0123456789", 12, 3)}-${fake(ALNUM, 24, 25)}`,
        `token: xapp-1-${fake(UPPER_ALNUM, 11, 3)}-${fake("0123456789", 13, 4)}-${fake(HEX, 64, 5)}`,
      ],
      noMatch: ["SLACK_BOT_TOKEN=xoxb-your-token-here", "xoxb-1234"],
    },
  },
  {
    id: "slack-webhook-url",
    description: "Slack incoming webhook URL",
    pattern: "(?<![\\w.])((?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\\-]{30,160})(?![A-Za-z0-9+/_\\-])",
    secretGroup: 1,
    keywords: ["hooks.slack.com"],
    anchors: ["hooks.slack.com"],
    identity: false,
    examples: {
      match: [
        `SLACK_WEBHOOK=https://hooks.slack.com/services/T${fake(UPPER_ALNUM, 10, 6)}/B${fake(UPPER_ALNUM, 10, 7)}/${fake(ALNUM, 24, 26)}`,
        `url: "https://hooks.slack.com/workflows/T${fake(UPPER_ALNUM, 10, 8)}/A${fake(UPPER_ALNUM, 10, 9)}/${fake("0123456789", 18, 3)}/${fake(ALNUM, 24, 27)}"`,
      ],
      noMatch: ["see https://hooks.slack.com/services/ for docs", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"],
    },
  },
  {
    id: "stripe-live-key",
    description: "Stripe live secret or restricted key",
    pattern: `${L}((?:sk|rk)_live_[A-Za-z0-9]{20,247})${R}`,
    secretGroup: 1,
    keywords: ["sk_live_", "rk_live_"],
    anchors: ["sk_live_", "rk_live_"],
    identity: false,
    examples: {
      match: [`STRIPE_SECRET_KEY=${b("sk_live_", ALNUM, 24, 28)}`, `key: '${b("rk_live_", ALNUM, 99, 29)}'`],
      noMatch: ["STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", `sk_test_${fake(ALNUM, 24)}`],
    },
  },
  {
    id: "google-api-key",
    description: "Google API key",
    pattern: `${L}(AIza[0-9A-Za-z_\\-]{35})(?![0-9A-Za-z_\\-])`,
    secretGroup: 1,
    keywords: ["aiza"],
    anchors: ["AIza"],
    identity: false,
    examples: {
      match: [`GOOGLE_API_KEY=${b("AIza", BASE64URL, 35, 30)}`, `"apiKey": "${b("AIza", ALNUM, 35, 31)}"`],
      noMatch: ["GOOGLE_API_KEY=AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "AIza-your-api-key-here"],
    },
  },
  {
    id: "gcp-service-account-key",
    description: "Google Cloud service account key file (JSON with private_key)",
    pattern:
      '"private_key"\\s*:\\s*"(-----BEGIN[A-Z ]{0,30}PRIVATE KEY-----[A-Za-z0-9+/=\\\\\\s]{64,8192}?-----END[A-Z ]{0,30}PRIVATE KEY-----(?:\\\\n)?)"',
    secretGroup: 1,
    keywords: ["private_key"],
    anchors: ['"private_key"'],
    requires: '"type"\\s*:\\s*"service_account"',
    entropy: 4,
    identity: true,
    examples: {
      match: [
        `{"type": "service_account", "project_id": "demo", "private_key": "-----BEGIN PRIVATE KEY-----\\n${fake(BASE64, 64, 32)}\\n${fake(BASE64, 64, 33)}\\n-----END PRIVATE KEY-----\\n"}`,
        `{"type":"service_account","private_key":"-----BEGIN RSA PRIVATE KEY-----\\n${fake(BASE64, 64, 34)}\\n${fake(BASE64, 40, 35)}==\\n-----END RSA PRIVATE KEY-----"}`,
      ],
      noMatch: [
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
        '{"type": "service_account", "private_key": "${GCP_PRIVATE_KEY}"}',
      ],
    },
  },
  {
    id: "azure-ad-client-secret",
    description: "Microsoft Entra ID (Azure AD) application client secret",
    pattern: "(?<![A-Za-z0-9_~.\\-])([A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34})(?![A-Za-z0-9_~.\\-])",
    secretGroup: 1,
    keywords: ["q~"],
    anchors: ["Q~"],
    entropy: 3,
    identity: true,
    examples: {
      match: [`AZURE_CLIENT_SECRET=${fake(ALNUM, 3, 36)}8Q~${fake(ALNUM, 34, 37)}`, `client_secret = "${fake(ALNUM, 3, 38)}7Q~${fake(ALNUM, 31, 39)}"`],
      noMatch: ["AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "Q~ is part of the format"],
    },
  },
  {
    id: "azure-storage-account-key",
    description: "Azure storage account key in a connection string",
    pattern: "(?<![A-Za-z])AccountKey=([A-Za-z0-9+/]{86}==)",
    secretGroup: 1,
    keywords: ["accountkey="],
    anchors: ["AccountKey="],
    identity: false,
    examples: {
      match: [
        `DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${fake(BASE64, 86, 40)}==;EndpointSuffix=core.windows.net`,
        `conn: "AccountKey=${fake(BASE64, 86, 41)}=="`,
      ],
      noMatch: ["AccountKey=<storage-account-key>", "AccountKey=${STORAGE_KEY}"],
    },
  },
  {
    id: "npm-access-token",
    description: "npm access token",
    pattern: `${L}(npm_[A-Za-z0-9]{36})${R}`,
    secretGroup: 1,
    keywords: ["npm_"],
    anchors: ["npm_"],
    identity: false,
    checksum: "crc32-base62",
    examples: {
      match: [
        `//registry.npmjs.org/:_authToken=${b("npm_", ALNUM, 36, 42)}`,
        `NPM_TOKEN: ${b("npm_", ALNUM, 36, 43)}`,
        `NPM_TOKEN: ${checksummed("npm_", CHECKSUMMED_PLACEHOLDER)}`,
      ],
      noMatch: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "npm_config_registry=https://registry.npmjs.org"],
    },
  },
  {
    id: "pypi-upload-token",
    description: "PyPI API token",
    pattern: `${L}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,1000})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["pypi-ageichlwas5vcmc"],
    anchors: ["pypi-AgEIcHlwaS5vcmc"],
    identity: false,
    examples: {
      match: [`password = ${b("pypi-AgEIcHlwaS5vcmc", BASE64URL, 70, 44)}`, `TWINE_PASSWORD=${b("pypi-AgEIcHlwaS5vcmc", BASE64URL, 150, 45)}`],
      noMatch: ["password = pypi-AgEIcHlwaS5vcmc...", "TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    },
  },
  {
    id: "okta-ssws-token",
    description: "Okta API token in an SSWS authorization header",
    pattern: "(?<![A-Za-z0-9_])SSWS[ \\t]+([A-Za-z0-9_\\-]{40,42})(?![A-Za-z0-9_\\-])",
    secretGroup: 1,
    keywords: ["ssws"],
    anchors: ["SSWS"],
    entropy: 3,
    identity: true,
    examples: {
      match: [`Authorization: SSWS 00${fake(BASE64URL, 40, 46)}`, `-H "Authorization: SSWS ${fake(ALNUM, 42, 47)}"`],
      noMatch: ["Authorization: SSWS ${OKTA_API_TOKEN}", "Authorization: SSWS <api-token>"],
    },
  },
  {
    id: "okta-api-token",
    description: "Okta API token assigned to an Okta setting",
    // Okta's Terraform provider and SDKs call it `api_token`/`token`: inside a file that mentions
    // Okta, a `00…` token under such a key is an Okta one too.
    pattern: `${assign("[\\w.\\-]{0,40}(?:okta|token)[\\w.\\-]{0,40}")}(00[A-Za-z0-9_\\-]{40})(?![A-Za-z0-9_\\-])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    requires: "okta",
    keywords: ["okta", "token"],
    anchor: "key",
    entropy: 3,
    identity: true,
    examples: {
      match: [
        `OKTA_API_TOKEN=00${fake(BASE64URL, 40, 48)}`,
        // secretowners:ignore[hardcoded-secret] a detector example, built from fakes
        `okta:\n  api_token: x\nokta_token: "00${fake(ALNUM, 40, 49)}"`,
        `OKTA_API_TOKEN="\${OKTA_API_TOKEN:-00${fake(ALNUM, 40, 50)}}"`,
      ],
      noMatch: ["OKTA_API_TOKEN=00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "okta_token = var.okta_token"],
    },
  },
  {
    id: "auth0-credential",
    description: "Auth0 client secret or Management API token assigned to an Auth0 setting",
    pattern: `${assign("[\\w.\\-]{0,40}auth0[\\w.\\-]{0,40}")}([A-Za-z0-9_\\-.~]{32,4096})(?![A-Za-z0-9_\\-.~])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: "(?:secret|token|key|password|credential)",
    keywords: ["auth0"],
    anchor: "key",
    entropy: 3.5,
    identity: true,
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN] },
    examples: {
      match: [`AUTH0_CLIENT_SECRET=${fake(BASE64URL, 64, 50)}`, `auth0_management_token: "${fake(BASE64URL, 40, 51)}.${fake(BASE64URL, 40, 52)}"`],
      noMatch: [`AUTH0_CLIENT_ID=${fake(ALNUM, 32, 53)}`, "AUTH0_CLIENT_SECRET=your-auth0-client-secret-goes-here"],
    },
  },
  {
    id: "vault-token",
    description: "HashiCorp Vault service, batch or recovery token",
    pattern: `${L}(hv[sbr]\\.[A-Za-z0-9_\\-]{24,250})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["hvs.", "hvb.", "hvr."],
    anchors: ["hvs.", "hvb.", "hvr."],
    entropy: 3,
    identity: true,
    examples: {
      match: [`VAULT_TOKEN=${b("hvs.", BASE64URL, 90, 54)}`, `token: ${b("hvb.", ALNUM, 24, 55)}`],
      noMatch: ["VAULT_TOKEN=hvs.XXXXXXXXXXXXXXXXXXXXXXXX", "hvs.$VAULT_TOKEN"],
    },
  },
  {
    id: "terraform-cloud-token",
    description: "Terraform Cloud / Enterprise API token",
    pattern: `${L}([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,70})(?![A-Za-z0-9_=\\-])`,
    secretGroup: 1,
    keywords: ["atlasv1"],
    anchors: [".atlasv1."],
    identity: false,
    examples: {
      match: [`token = "${fake(ALNUM, 14, 56)}.atlasv1.${fake(BASE64URL, 67, 57)}"`, `TFE_TOKEN=${fake(ALNUM, 14, 58)}.atlasv1.${fake(ALNUM, 60, 59)}`],
      noMatch: ['token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', "atlasv1 tokens are long"],
    },
  },
  {
    id: "1password-service-account-token",
    description: "1Password service account token",
    pattern: `${L}(ops_eyJ[A-Za-z0-9+/=_\\-]{100,4096})(?![A-Za-z0-9+/=_\\-])`,
    secretGroup: 1,
    keywords: ["ops_eyj"],
    anchors: ["ops_eyJ"],
    entropy: 3.5,
    identity: true,
    examples: {
      match: [`OP_SERVICE_ACCOUNT_TOKEN=${b("ops_eyJ", BASE64, 300, 60)}`, `token: "${b("ops_eyJ", BASE64URL, 120, 61)}"`],
      noMatch: ["OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...", "OP_SERVICE_ACCOUNT_TOKEN=${{ secrets.OP_SERVICE_ACCOUNT_TOKEN }}"],
    },
  },
  {
    id: "doppler-token",
    description: "Doppler personal, service, service-account, CLI, SCIM or audit token",
    pattern: `${L}(dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_\\-]{2,35}\\.)?[A-Za-z0-9]{40,44})${R}`,
    secretGroup: 1,
    keywords: ["dp."],
    anchors: ["dp."],
    entropy: 3,
    identity: true,
    examples: {
      match: [`DOPPLER_TOKEN=${b("dp.st.", ALNUM, 43, 62)}`, `token: dp.st.prd.${fake(ALNUM, 43, 63)}`],
      noMatch: ["DOPPLER_TOKEN=dp.st.xxxx", "DOPPLER_TOKEN=dp.pt.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    },
  },
  {
    id: "twilio-api-key",
    description: "Twilio API key SID",
    pattern: `${L}(SK[0-9a-fA-F]{32})${R}`,
    secretGroup: 1,
    // `SK` + a hex digit: plain `sk` would wake this detector on every `task:` and `disk`.
    keywords: [..."0123456789abcdef"].map((hex) => `sk${hex}`),
    anchors: ["SK"],
    entropy: 3,
    identity: false,
    examples: {
      match: [`TWILIO_API_KEY=${b("SK", HEX, 32, 64)}`, `api_key_sid: "${b("SK", HEX, 32, 65)}"`],
      noMatch: ["TWILIO_API_KEY=SK00000000000000000000000000000000", "SKIP_TESTS=1"],
    },
  },
  {
    id: "twilio-auth-token",
    description: "Twilio account auth token",
    pattern: `${assign("[\\w.\\-]{0,40}twilio[\\w.\\-]{0,40}")}([0-9a-f]{32})${R}`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: "(?:auth|token|secret)",
    keywords: ["twilio"],
    anchor: "key",
    entropy: 3,
    identity: false,
    examples: {
      match: [`TWILIO_AUTH_TOKEN=${fake(HEX, 32, 66)}`, `twilio_token: "${fake(HEX, 32, 67)}"`],
      noMatch: [`TWILIO_ACCOUNT_SID=AC${fake(HEX, 32, 68)}`, "TWILIO_AUTH_TOKEN=00000000000000000000000000000000"],
    },
  },
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    pattern: `${L}(SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["sg."],
    anchors: ["SG."],
    entropy: 3,
    identity: false,
    examples: {
      match: [`SENDGRID_API_KEY=SG.${fake(BASE64URL, 22, 69)}.${fake(BASE64URL, 43, 70)}`, `apiKey: 'SG.${fake(ALNUM, 22, 71)}.${fake(ALNUM, 43, 72)}'`],
      noMatch: ["SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "SG.your_api_key"],
    },
  },
  ...PROVIDER_DETECTORS,
  // Credential files, recognised by name and shape.
  {
    id: "npmrc-auth-token",
    description: "Registry credential in an .npmrc file (_authToken, _auth or _password)",
    pattern: String.raw`(?:^|[\s;])(?://[^\s=]*:)?(_(?:authToken|auth|password))[ \t]*=[ \t]*["']?([^\s"'$\x7b<]{8,})`,
    secretGroup: 2,
    keyGroup: 1,
    keywords: ["_auth", "_password"],
    anchors: ["_auth", "_password"],
    paths: ["(?:^|/)\\.npmrc$"],
    entropy: 3,
    identity: false,
    examples: {
      path: "app/.npmrc",
      match: [`//npm.pkg.github.com/:_authToken=${fake(ALNUM, 40, 500)}`, `//registry.corp.local/:_auth=${base64(`ci:${fake(ALNUM, 20, 501)}`)}`],
      noMatch: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "always-auth=true\n_auth=<base64 user:password>"],
    },
  },
  {
    id: "docker-config-auth",
    description: "Registry credential in a Docker config.json (auths … auth or identitytoken)",
    pattern: String.raw`"(?:auth|identitytoken)"[ \t]*:[ \t]*"([A-Za-z0-9+/._\-]{12,}={0,2})"`,
    secretGroup: 1,
    keywords: ['"auth"', '"identitytoken"'],
    paths: ["(?:^|/)(?:\\.docker/config|\\.dockercfg|\\.dockerconfigjson|docker-config|dockerconfig)(?:\\.json)?$"],
    entropy: 3,
    identity: false,
    examples: {
      path: "ci/.docker/config.json",
      match: [`{"auths": {"ghcr.io": {"auth": "${base64(`bot:${fake(ALNUM, 24, 502)}`)}"}}}`, `{\n  "auths": {\n    "registry.corp.local": {\n      "identitytoken": "${fake(BASE64URL, 40, 503)}"\n    }\n  }\n}`],
      noMatch: [`{"auths": {"ghcr.io": {"auth": "${base64("username:password")}"}}}`, `{"auths": {}, "credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}}`],
    },
  },
  {
    id: "pypirc-password",
    description: "Package index password or token in a .pypirc file",
    pattern: String.raw`^[ \t]*(password)[ \t]*[:=][ \t]*(\S+)`,
    flags: "m",
    secretGroup: 2,
    keyGroup: 1,
    keywords: ["password"],
    anchors: ["password"],
    paths: ["(?:^|/)\\.pypirc$"],
    entropy: 2.5,
    identity: false,
    examples: {
      path: ".pypirc",
      match: [`[testpypi]\nusername = ci\npassword = ${fake(ALNUM, 20, 505)}`, `[internal]\npassword: ${fake(BASE64, 16, 506)}!`],
      noMatch: ["[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}", "[pypi]\npassword = <your-token>"],
    },
  },
  {
    id: "netrc-password",
    description: "Password in a .netrc file",
    pattern: String.raw`(?<![\w-])(password)[ \t]+(\S+)`,
    secretGroup: 2,
    keyGroup: 1,
    keywords: ["password"],
    anchors: ["password"],
    paths: ["(?:^|/)[._]?netrc$"],
    entropy: 2.5,
    identity: false,
    examples: {
      path: "home/.netrc",
      match: [`machine git.corp.local login deploy password ${fake(ALNUM, 18, 507)}`, `machine api.heroku.com\n  login ci@example.com\n  password ${fake(BASE64URL, 24, 508)}`],
      noMatch: ["machine git.corp.local login deploy password $NETRC_PASSWORD", "machine x login y password changeme"],
    },
  },
  {
    id: "kubeconfig-credential",
    description: "User credential in a kubeconfig (token, password or client-key-data)",
    pattern: String.raw`(?<![\w-])(client-key-data|token|password)[ \t]*:[ \t]*["']?([A-Za-z0-9+/=._~\-]{16,})`,
    secretGroup: 2,
    keyGroup: 1,
    // The file's shape gates it: only a kubeconfig (a line `kind: Config`, the value quoted or not)
    // is read; the anchors also find `kind: ConfigMap`, which `requires` then turns away.
    keywords: ["kind: config", 'kind: "config"', "kind: 'config'"],
    anchors: ["kind: Config", 'kind: "Config"', "kind: 'Config'"],
    requires: String.raw`(?:^|\n)kind:[ \t]*["']?config["']?[ \t]*(?:#[^\n]*)?(?:\r?\n|$)`,
    scope: "file",
    entropy: 3,
    identity: true,
    examples: {
      match: [
        `apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: ${fake(BASE64URL, 40, 509)}\n`,
        `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: ${fake(BASE64, 64, 510)}\n`,
        `apiVersion: v1\nkind: "Config"\nusers:\n- name: ci\n  user:\n    token: ${fake(BASE64URL, 40, 931)}\n`,
        `kind: 'Config'\nusers:\n- name: ci\n  user:\n    password: ${fake(BASE64URL, 24, 932)}\n`,
      ],
      noMatch: [
        "apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    exec:\n      command: aws\n",
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nimage_token: ${"x".repeat(20)}\n`,
      ],
    },
  },
  {
    id: "encrypted-private-key",
    description: "Encrypted PEM private key (encrypted; the passphrase lives elsewhere)",
    pattern:
      "-----BEGIN ENCRYPTED PRIVATE KEY-----[\\s\\S]{64,65536}?-----END ENCRYPTED PRIVATE KEY-----|-----BEGIN [A-Z]{2,10} PRIVATE KEY-----\\s*Proc-Type: 4,ENCRYPTED[\\s\\S]{64,65536}?-----END [A-Z]{2,10} PRIVATE KEY-----|-----BEGIN OPENSSH PRIVATE KEY-----\\s*b3BlbnNzaC1rZXktdjEAAAAA[A-Za-z0-9+/]{0,40}YmNyeXB0[\\s\\S]{16,65536}?-----END OPENSSH PRIVATE KEY-----",
    keywords: ["private key"],
    anchors: ["PRIVATE KEY"],
    scope: "file",
    entropy: 4,
    identity: false,
    severity: "note",
    examples: {
      match: [
        `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${fake(BASE64, 64, 511)}\n${fake(BASE64, 64, 512)}\n-----END ENCRYPTED PRIVATE KEY-----\n`,
        `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${fake(HEX, 32, 513).toUpperCase()}\n\n${fake(BASE64, 64, 514)}\n-----END RSA PRIVATE KEY-----\n`,
      ],
      noMatch: ["-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n-----END ENCRYPTED PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED"],
    },
  },
  {
    id: "private-key",
    description: "PEM-encoded private key",
    pattern:
      "-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{64,65536}?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----",
    keywords: ["private key"],
    anchors: ["PRIVATE KEY"],
    scope: "file",
    entropy: 4,
    identity: false,
    examples: {
      match: [
        `-----BEGIN RSA PRIVATE KEY-----\n${fake(BASE64, 64, 73)}\n${fake(BASE64, 64, 74)}\n-----END RSA PRIVATE KEY-----\n`,
        `key: |\r\n  -----BEGIN OPENSSH PRIVATE KEY-----\r\n  ${fake(BASE64, 70, 75)}\r\n  ${fake(BASE64, 30, 76)}\r\n  -----END OPENSSH PRIVATE KEY-----\r\n`,
      ],
      noMatch: ["-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----\n" + fake(BASE64, 64) + "\n-----END PUBLIC KEY-----"],
    },
  },
  {
    id: "jwt",
    description: "JSON Web Token",
    pattern: `${L}(eyJ[A-Za-z0-9_\\-]{10,2048}\\.eyJ[A-Za-z0-9_\\-]{10,8192}\\.[A-Za-z0-9_\\-]{16,1024})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    keywords: ["eyj"],
    anchors: ["eyJ"],
    entropy: 3.5,
    identity: false,
    examples: {
      match: [`Authorization: Bearer eyJ${fake(BASE64URL, 30, 77)}.eyJ${fake(BASE64URL, 60, 78)}.${fake(BASE64URL, 43, 79)}`, `token: eyJ${fake(ALNUM, 20, 80)}.eyJ${fake(ALNUM, 40, 81)}.${fake(ALNUM, 86, 82)}`],
      noMatch: [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "token: eyJ...",
      ],
    },
  },
  {
    id: "url-credentials",
    description: "Password embedded in a URL (scheme://user:password@host)",
    pattern:
      "(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20}://([^\\s:/?#@\"'<>\\[\\]{}$]{1,128}):([^\\s/?#@\"'<>\\[\\]]{3,256})@[A-Za-z0-9.\\-_]{1,255}",
    secretGroup: 2,
    // Pivoted on `@`, which is far rarer in text than `://`: most URLs carry no credentials.
    keywords: ["@"],
    anchors: ["@"],
    identity: false,
    allowlist: {
      values: ["^\\$", "^%\\w"],
      words: ["pass", "pwd", "user", "postgres", "mysql", "redis", "rabbitmq", "mongo"],
      matches: [
        "@(?:[\\w\\-]+\\.)*example\\.(?:com|org|net)\\b",
        "@(?:host|hostname|server)(?![\\w.\\-])",
        "://(?:user|username|usr):",
        // The machine itself: a test or dev script's local server (minio's buildscripts).
        "@(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0)(?![\\w.\\-])",
      ],
    },
    examples: {
      match: [`DATABASE_URL=postgres://app:${fake(ALNUM, 16, 83)}@db.internal:5432/app`, `url: "https://deploy:${fake(BASE64URL, 20, 84)}@git.corp.local/repo.git"`],
      noMatch: [
        "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app",
        "https://user:password@example.com",
        "amqp://guest:${RABBIT_PASSWORD}@rabbit:5672",
        "export MC_HOST_sitea=http://foobar:foo12345@127.0.0.1:9001",
      ],
    },
  },
  {
    id: "generic-name-value-credential",
    description: "Credential-like literal in a name/value pair (Kubernetes env, ECS task definitions)",
    pattern:
      "(?<=(?:^|[^\\w\\-])([\"']?)name\\1[ \\t]*:[ \\t]*)([\"']?)([A-Za-z_][\\w.\\-]{0,100})(?![\\w.\\-])\\2[ \\t]*,?[ \\t]*\\r?\\n[ \\t]*([\"']?)value\\4[ \\t]*:[ \\t]*([\"']?)([^\\x00-\\x20\\x7F-\\uFFFF\"'`$<{%(\\[!&*|>#,][^\\x00-\\x20\\x7F-\\uFFFF\"'`]{0,511})\\5[ \\t]*,?[ \\t]*(?=\\r?(?:\\n|$)|#)",
    secretGroup: 6,
    keyGroup: 3,
    keyPattern: CREDENTIAL_KEY_PATTERN,
    keywords: GENERIC_KEYWORDS,
    anchor: "key",
    entropy: 3,
    minLength: 8,
    identity: false,
    quotedIn: { paths: QUOTED_LITERAL_PATHS, quoteGroup: 5 },
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN], values: GENERIC_VALUE_ALLOWLIST, paths: [LOCALE_FILE_PATH] },
    examples: {
      match: [`env:\n  - name: DB_PASSWORD\n    value: "${fake(ALNUM, 16, 85)}"`, `- name: API_TOKEN\r\n  value: ${fake(BASE64URL, 32, 86)}\r\n`],
      noMatch: ["- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}", "- name: API_TOKEN\n  value: $(API_TOKEN)"],
      noMatchIn: {
        // In code an unquoted value is an expression (hoppscotch useConfigHandler.ts).
        "src/composables/useConfigHandler.ts": ["        name: InfraConfigEnum.MagicLinkTokenValidity,\n        value: magicLinkTokenValidity,"],
      },
    },
  },
  {
    id: "generic-credential",
    description: "High-entropy literal assigned to a credential-like key",
    pattern:
      // Key-anchored: the scanner starts it at the key (or the dashes/quote before it), so no
      // leading boundary assertion; the lookbehind only runs for the rare space-separated forms.
      // The value's runs are unbounded but cannot backtrack catastrophically: `[,;]` separators
      // are disjoint from the run class, and no run crosses whitespace, so a line bounds them.
      // Printable ASCII only: binary-ish junk after `password=` is not a credential.
      // Not after `${`: in `${NAME:-fallback}` the `:` is shell syntax, not an assignment to NAME;
      // not after `$`: `{{- $password := .Values.x }}` binds a template variable. `::` is a scope
      // operator (`device::MakeCredentialStatus::kDenied`), `==` a comparison. A `,KEY=` inside a
      // value starts the next pair (`--set auth.password=x,auth.user=y`).
      "(?<!\\$\\{|\\$)(?:--?)?([\"']?)([A-Za-z_][\\w.\\-]{0,100})(?![\\w.\\-])\\1(?:[ \\t]*(?::=|=>|:(?!:)|=(?![=~]))[ \\t]*|(?<=(?:^\\s*(?:ENV|ARG)\\s+|--)[\\w.\\-]{1,101})[ \\t]+)([\"'`]?)([^\\x00-\\x20\\x7F-\\uFFFF\"'`$<{%(\\[!&*|>#,;:][^\\x00-\\x20\\x7F-\\uFFFF\"'`,;]*(?:[,;](?![A-Za-z_][\\w.\\-]*=)[^\\x00-\\x20\\x7F-\\uFFFF\"'`,;]+)*)\\3(?=[\\s,;})\\]]|$)",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: CREDENTIAL_KEY_PATTERN,
    keywords: GENERIC_KEYWORDS,
    anchor: "key",
    quotedIn: { paths: QUOTED_LITERAL_PATHS, quoteGroup: 3 },
    entropy: 3,
    minLength: 8,
    identity: false,
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN], values: GENERIC_VALUE_ALLOWLIST, paths: [LOCALE_FILE_PATH] },
    examples: {
      match: [
        `DB_PASSWORD=${fake(ALNUM, 16, 87)}`,
        `export API_KEY="${fake(BASE64, 32, 88)}"`,
        `client_secret: ${fake(ALNUM, 24, 89)}`,
        `{"apiKey": "${fake(ALNUM, 32, 90)}"}`,
        `  password = "${fake(ALNUM, 12, 91)}!"`,
        `ENV SERVICE_TOKEN ${fake(BASE64URL, 28, 92)}`,
        `ARG NPM_AUTH=${fake(ALNUM, 20, 93)}`,
        `mysql --password ${fake(ALNUM, 14, 94)} -h db`,
        `cli login --token=${fake(ALNUM, 30, 95)}`,
        // Real passwords with digits or symbols are not identifiers, whatever their shape.
        "DB_PASSWORD=Welcome1Prod2024",
        "  password: Summer2024Secret",
        'bind_password: "k7#Rq2%Lx9!vTm4Z"',
        // A `--set` list is cut at the next pair, not swallowed whole.
        `helm install db bitnami/postgresql --set auth.password=${fake(ALNUM, 14, 96)},auth.username=app`,
      ],
      noMatch: [
        "password: changeme",
        "DB_PASSWORD=${DB_PASSWORD}",
        'SESSION_LEVEL="${SSO_PASSWORD:-payments-v2}"',
        "  readonly #credentials: Credential[] = [];",
        "function gate(tokens: Iterable<string>, options: Options): Gate {",
        "const SECRET_MODULES: Record<string, string> = {",
        "const credential: fc.Arbitrary<Planted> = fc",
        "function contextOf(token: BasicExpressionToken): string[] {",
        'next = "?InterpolationInJSX";',
        "wasm-opt in.wasm --pass-arg=asyncify-imports@env.await_promise",
        "api_key: <your-api-key>",
        "token: ${{ secrets.DEPLOY_TOKEN }}",
        'password: "{{ .Values.db.password }}"',
        "secret = var.db_secret",
        "API_KEY=process.env.API_KEY",
        'password = os.environ["DB_PASSWORD"]',
        "secretName: my-tls-secret",
        "token_ttl: 3600",
        "password: your-api-key-here",
        "password: '********'",
        "The password is stored in the vault and rotated every month.",
        "auth: true",
        "password: null",
        'password = "%(db_password)s"',
        "secret: secret/data/myapp/db",
        "api_key: $API_KEY",
        "apiKey: DUMMYDUMMYDUMMY123",
        "password: TODO-set-me-please",
        // Template bindings and pipelines.
        "{{- $password := .Values.auth.password }}",
        "  password: {{ .Values.auth.password | b64enc | quote }}",
        // Escaped or indirect shell variables.
        'REDISCLI_AUTH="\\$VALKEY_PASSWORD"',
        'export REDIS_PASSWORD="${REDIS_PASSWORD:-}"',
        "DB_PASSWORD=$(cat /run/secrets/db_password)",
        // Scope operators (C++, Rust, PHP) and translation placeholders are not assignments.
        "    status = device::MakeCredentialStatus::kUserConsentDenied;",
        '"[%key:ui::panel::forgot_password::subtitle%]"',
        // Image tags, versions, public certificates, key ids and ARNs.
        "secretsStoreImage: registry.k8s.io/csi-secrets-store/driver:v1.4.0",
        "vault_token_helper: hashicorp/vault:1.15.2-ubi",
        "token_version: 7.2.4-debian-12-r0",
        `tls_secret: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t${fake(BASE64, 40, 97)}`,
        "master_user_secret_kms_key_id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd",
        "signing_key: arn:aws:kms:eu-west-1:111122223333:alias/release",
        // A flag taken as the value, prose and `--set` lists in READMEs.
        "echo $PW | docker login -u ci --password-stdin ghcr.io",
        "argocd login cd.local --username admin --password --insecure-storage",
        "adduser --disabled-password --no-create-home --gecos '' app",
        "helm install --set accessKey=myaccesskey,secretKey=mysecretkey minio",
        "In the UI log in with user/pass: admin/password",
        "kubectl --server=https://127.0.0.1:6443 --token=foo/system:masters apply -f x.yaml",
        // Vault secret references, `NAME=secret:field` (grafana/helm-charts, get-vault-secrets).
        "            GPG_PRIVATE_KEY=helm-chart-signing-key:private_key",
        "            GPG_PASSPHRASE=helm-chart-signing-key:passphrase",
        // Regular expressions, setting names, type names repeated as values, references.
        "\tPasswordPatten = `^.{8,32}$`",
        '\tsettingAdminPasswordMtimeKey = "admin.passwordMtime"',
        '\t\tSSHPrivateKey: "SSHPrivateKey",',
        "    clientSecret: $another-secret:oidc.auth0.clientSecret",
        // bitnami/charts: a Secret named with an acronym, a list of placeholder names, an htpasswd
        // entry holding a bcrypt hash, a placeholder naming its encoding, etcd's cluster token (an ID).
        "  # - secret: more-custom-CAs",
        "  ##       kubectl create secret generic SECRET_NAME --from-literal=client-passwords=CLIENT_PASSWORD1,CLIENT_PASSWORD2",
        "    htpasswd: harbor_registry_user:$2y$10$9L4Tc0DJbFFMB6RdSCunrOpTHdwhid4ktBJmLD00bYgqkkGOvll3m",
        "      accountkey: base64encodedaccountkey",
        'initialClusterToken: "etcd-cluster-k8s"',
        "ETCD_INITIAL_CLUSTER_TOKEN=etcd-cluster-prod-01",
        // dexidp/dex and GKE samples: URNs, a keyword argument, a count, .NET assembly identities.
        '\tsubjectConfirmationMethodBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"',
        '\tTokenTypeSAML2        = "urn:ietf:params:oauth:token-type:saml2"',
        '        "        response = tokenizer.decode(outputs[0][input_len:], skip_special_tokens=True).strip()\\n",',
        "    fill_template.py config.pbtxt max_tokens_in_paged_kv_cache:2560,max_attention_window_size:2560",
        '        <assemblyIdentity name="Antlr3.Runtime" publicKeyToken="eb42632606e9261f" />',
        '    <Reference Include="Microsoft.Web.Infrastructure, Version=1.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35, processorArchitecture=MSIL">',
        // authelia, zalando/postgres-operator, ory/kratos: a signing key named by e-mail, JOSE
        // algorithm names, a format string, a translation, a settings list, a path, a SQL name.
        "    git config user.signingkey security@authelia.com",
        "        id_token_encrypted_response_enc: 'A128CBC-HS256'",
        '\tfmtAutheliaOpaqueOAuth2Token = "authelia_%s_"',
        '    "Password": "Adgangskode",',
        '  # infrastructure_roles_secrets: "secretname:monitoring-roles,userkey:user,passwordkey:password,rolekey:inrole"',
        '\tpageTokenContext = "ory/keysetpagination_v2/page_token"',
        "ALTER TABLE selfservice_logout_flows RENAME COLUMN logout_token TO _logout_token_tmp;",
        // kolla-ansible paste.ini entry points, netbox's algorithm choices.
        "paste.filter_factory = cyborg.api.middleware.auth_token:AuthTokenMiddleware.factory",
        "use = call:masakari.api.auth:pipeline_factory_v1",
        "    AUTH_HMAC_SHA256 = 'hmac-sha256'",
        // A Java .properties translation (jenkinsci/kubernetes-plugin, config_zh_CN.properties).
        "ImagePullSecrets=\\u62C9\\u53D6\\u955C\\u50CF\\u7684 Secret",
        // minio, portainer, awx-operator: an acronym and a word, header names, a name repeating its
        // key, a camelCase storage key, a name inside a Jinja expression.
        '\tstsLDAPPassword           = "LDAPPassword"',
        '\tAmzCredential           = "X-Amz-Credential"',
        '\tMetaDataEncryptionKey = "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Sealed-Key"',
        '\tDeletePortainerK8sRegistrySecrets = "DeletePortainerK8sRegistrySecrets"',
        "const storageKey = 'k8sAppEventsDatatable';",
        `        "{{ spec | combine({'postgres_configuration_secret': _generated_pg_secret_name}, recursive=True) }}"`,
        "        secrets: \"{{ secrets | combine({'postgresConfigurationSecret': _pg_secret}) }}\"",
        // hashicorp/terraform-provider-kubernetes: a script step's JavaScript.
        "              const pd = api({token: PAGERDUTY_TOKEN});",
        // jhipster-sample-app: a browser storage key's name.
        "export const AUTHENTICATION_TOKEN_KEY = 'jhi-authenticationToken';",
        // elastic/helm-charts and opentelemetry-demo: a variable named for its encoding, a list of words.
        '               "token": base64Token,',
        "; allowed_auth_providers = default,keys,credentials",
        // traefik: a go.mod replace directive, a DNS name in a test server.
        "\tauth.Ns = \"ns.boulder.invalid.\"",
        // Placeholders: vocabulary words, keyboard sequences, base64 of a placeholder, the jwt.io token.
        "password: my-password",
        '\tCommandK8sAuth = "argocd-k8s-auth"',
        "      const secretValue = 'THE_RECOVERED_SECRET_99';",
        "      password_encryption: scram-sha-256",
        "#api_token = 123456abcdefg",
        '"clientSecret": "aabbccddeeff00112233"',
        "  password: dGVzdC1wYXNzd29yZA==",
        'token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"',
        "  admin.password: $2a$10$RncPyHW/B5ll2Z3J8s.IBOnbZ9uoJ4JhHLKzj5lzG/kU1KN1Oj3/K",
        // Names of where a secret lives or what models it (cloudposse, awx), API paths (awxkit).
        '    provisioner-secret-namespace = "csi.storage.k8s.io/provisioner-secret-namespace"',
        "OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = 'main.OAuth2AccessToken'",
        "OAUTH2_PROVIDER_ID_TOKEN_MODEL = \"oauth2_provider.IDToken\"",
        "    _credential_input_sources = 'credential_input_sources/'",
        "    _credential_types = 'credential_types/'",
        "    _credentials = 'credentials/'",
        // A credential kind mapped to its Jenkins class (community.general jenkins_credential.py).
        '                "user_and_pass": "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",',
        '                "ssh_key": "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey",',
        // A question in words is prose, here a sample payload in a code comment (awx main/fields.py).
        "            #   'ssh_key_unlock': 'do-you-need-me?',",
        // A sed expression that rewrites the setting (getsentry/self-hosted).
        `  sed -i -e 's/^system.secret-key:.*$/system.secret-key: '"'$SECRET_KEY'"'/' $SENTRY_CONFIG_YML`,
      ],
      noMatchIn: {
        "go.mod": ["replace github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e"],
        "packages/app/locales/de.json": ['    "label_client_secret": "Client-Geheimnis",'],
        "src/components/graphql/Headers.vue": ["    const token = isOAuth2 ? requestAuth.grantTypeInfo.token : requestAuth.token"],
        // dotnet/eShop: a Blazor component's C# code.
        "src/WebhookClient/Components/Pages/AddWebhook.razor": ["        token = options.Value.Token;"],
        // Terraform: unquoted right-hand sides are expressions (cloudposse/terraform-aws-components).
        "modules/app/main.tf": [
          '  mysql_admin_password = local.enabled ? (length(var.mysql_admin_password) > 0 ? var.mysql_admin_password : data.aws_ssm_parameter.mysql_admin_password[0].value) : ""',
          '    { "DATADOG_ACCESS_KEY" = local.datadog_location_config.accessKey },',
          '    { "DATADOG_PRIVATE_KEY" = local.datadog_location_config.privateKey },',
          "  templated_secrets = [for secret_template in sops_secret.manifest.spec.secretTemplates : secret_template.name]",
        ],
      },
    },
  },
];
