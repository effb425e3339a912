import { ALNUM, BASE64, BASE64URL, HEX, UPPER_ALNUM, fake } from "./fake.js";
import { L, QUOTED_LITERAL_PATHS, assign } from "./fragments.js";
import type { Detector } from "./rules.js";
import { NON_CREDENTIAL_KEY_PATTERN } from "./vocabulary.js";

/**
 * Provider token formats, as each provider publishes them (prefixes, lengths, alphabets, embedded
 * signatures such as OpenAI's `T3BlbkFJ` or New Relic's `NRAL`), plus the providers whose tokens
 * have no distinctive shape and are recognised by the provider's name in the key they are
 * assigned to. Part of the detector table: rules.ts places these after its own provider entries
 * and before the structural ones (PEM, JWT, URL credentials) and the generic key/value detectors.
 *
 * The two builders below only fill in the repetitive parts of a table row; every row is still
 * plain data (the table test round-trips each through JSON) with examples that must and must not
 * match. Sample values come from `fake()`: format-valid, obviously generated.
 */

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const envName = (id: string): string => id.toUpperCase().replace(/-/g, "_");
const uuid = (seed: number): string => `${fake(HEX, 8, seed)}-${fake(HEX, 4, seed + 1)}-${fake(HEX, 4, seed + 2)}-${fake(HEX, 4, seed + 3)}-${fake(HEX, 12, seed + 4)}`;

interface PrefixedSpec {
  readonly id: string;
  readonly description: string;
  /** Case-sensitive literals every token holds (a prefix, or a signature inside it). */
  readonly anchors: readonly string[];
  /** Regex source of the whole token. */
  readonly token: string;
  /** Two format-valid sample tokens. */
  readonly samples: readonly [string, string];
  readonly noMatch?: readonly string[];
  readonly identity?: boolean;
  readonly entropy?: number;
  readonly flags?: string;
  readonly checksum?: Detector["checksum"];
}

/** A token recognised by its own shape, wherever it stands. */
function prefixed(spec: PrefixedSpec): Detector {
  const first = spec.anchors[0] ?? "";
  return {
    id: spec.id,
    description: spec.description,
    pattern: `${L}(${spec.token})(?![A-Za-z0-9_\\-])`,
    ...(spec.flags === undefined ? {} : { flags: spec.flags }),
    secretGroup: 1,
    keywords: [...new Set(spec.anchors.map((a) => a.toLowerCase()))],
    anchors: spec.anchors,
    entropy: spec.entropy ?? 3,
    identity: spec.identity ?? false,
    ...(spec.checksum === undefined ? {} : { checksum: spec.checksum }),
    examples: {
      match: [`${envName(spec.id)}=${spec.samples[0]}`, `  token: "${spec.samples[1]}"`],
      noMatch: spec.noMatch ?? [`${envName(spec.id)}=${first}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `token: ${first}<your-token>`],
    },
  };
}

interface KeyedSpec {
  readonly id: string;
  readonly description: string;
  /** Lowercase words, one of which the key holds (`datadog`, `dd_api`). */
  readonly keys: readonly string[];
  /** Regex source the normalised key must also match; by default, a credential word. */
  readonly keyPattern?: string;
  /** Regex source of the value (matched case-insensitively, like the key). */
  readonly value: string;
  /** Two keys with format-valid sample values. */
  readonly samples: readonly [string, string];
  readonly noMatch: readonly string[];
  readonly identity?: boolean;
  readonly entropy?: number;
}

const CREDENTIAL_WORD = "(?:secret|token|key|password|passwd|pass|auth|credential|skey|pat)";

/** A token with no shape of its own, recognised by the provider named in the key it is assigned to. */
function keyed(spec: KeyedSpec): Detector {
  return {
    id: spec.id,
    description: spec.description,
    // Not followed by `(` or `.`: `get_keycloak_config_key(...)`, `self.convert_role_composites(...)`
    // are calls, and a value cut short at a `.` is an attribute path, not a token.
    pattern: `${assign(`[\\w.\\-]{0,40}(?:${spec.keys.join("|")})[\\w.\\-]{0,40}`)}(${spec.value})(?![A-Za-z0-9_\\-(.])`,
    flags: "i",
    secretGroup: 4,
    keyGroup: 2,
    keyPattern: spec.keyPattern ?? CREDENTIAL_WORD,
    keywords: spec.keys,
    anchor: "key",
    entropy: spec.entropy ?? 3,
    identity: spec.identity ?? false,
    // In code `keycloak_key = get_keycloak_config_key(...)` is a call: only a quoted value is a literal.
    quotedIn: { paths: QUOTED_LITERAL_PATHS, quoteGroup: 3 },
    allowlist: { keys: [NON_CREDENTIAL_KEY_PATTERN] },
    examples: { match: spec.samples, noMatch: spec.noMatch },
  };
}

/**
 * A segment-anchored provider word and a credential word, in either order, in the normalised key;
 * the credential word in another segment, since `keycloak` holds `key`: `keycloak:` before an
 * image tag (`bitnami/keycloak:26.3.3-debian-12-r0`) or a setting path is no credential.
 */
const keyWith = (word: string): string => `^(?=.*(?:^|_)(?:${word})(?:_|$))(?=.*(?:^|_)(?!(?:${word})(?:_|$))[a-z0-9]*${CREDENTIAL_WORD})`;

export const PROVIDER_DETECTORS: readonly Detector[] = [
  // ------------------------------------------------------------------------------------------
  // AI providers
  prefixed({
    id: "openai-api-key",
    description: "OpenAI API key (project, service account, admin or legacy user key)",
    anchors: ["T3BlbkFJ"],
    token: String.raw`sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{58,74}T3BlbkFJ[A-Za-z0-9_\-]{58,74}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})`,
    samples: [`sk-proj-${fake(BASE64URL, 74, 200)}T3BlbkFJ${fake(BASE64URL, 74, 201)}`, `sk-${fake(ALNUM, 20, 202)}T3BlbkFJ${fake(ALNUM, 20, 203)}`],
    noMatch: ["OPENAI_API_KEY=sk-proj-...T3BlbkFJ...", "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx"],
  }),
  prefixed({
    id: "anthropic-api-key",
    description: "Anthropic API key",
    anchors: ["sk-ant-api03-"],
    token: String.raw`sk-ant-api03-[A-Za-z0-9_\-]{93}AA`,
    samples: [`sk-ant-api03-${fake(BASE64URL, 93, 204)}AA`, `sk-ant-api03-${fake(ALNUM, 93, 205)}AA`],
  }),
  prefixed({
    id: "anthropic-admin-key",
    description: "Anthropic Admin API key",
    anchors: ["sk-ant-admin01-"],
    token: String.raw`sk-ant-admin01-[A-Za-z0-9_\-]{93}AA`,
    samples: [`sk-ant-admin01-${fake(BASE64URL, 93, 206)}AA`, `sk-ant-admin01-${fake(ALNUM, 93, 207)}AA`],
  }),
  prefixed({
    id: "huggingface-token",
    description: "Hugging Face user access token",
    anchors: ["hf_"],
    token: "hf_[A-Za-z]{34}",
    samples: [`hf_${fake(LETTERS, 34, 208)}`, `hf_${fake(LETTERS, 34, 209)}`],
  }),
  prefixed({
    id: "huggingface-org-token",
    description: "Hugging Face organization API token",
    anchors: ["api_org_"],
    token: "api_org_[A-Za-z]{34}",
    samples: [`api_org_${fake(LETTERS, 34, 210)}`, `api_org_${fake(LETTERS, 34, 211)}`],
  }),
  prefixed({
    id: "groq-api-key",
    description: "Groq API key",
    anchors: ["gsk_"],
    token: "gsk_[A-Za-z0-9]{52}",
    samples: [`gsk_${fake(ALNUM, 52, 212)}`, `gsk_${fake(ALNUM, 52, 213)}`],
  }),
  prefixed({
    id: "xai-api-key",
    description: "xAI (Grok) API key",
    anchors: ["xai-"],
    token: "xai-[A-Za-z0-9]{80}",
    samples: [`xai-${fake(ALNUM, 80, 214)}`, `xai-${fake(ALNUM, 80, 215)}`],
  }),
  prefixed({
    id: "perplexity-api-key",
    description: "Perplexity API key",
    anchors: ["pplx-"],
    token: "pplx-[A-Za-z0-9]{48}",
    samples: [`pplx-${fake(ALNUM, 48, 216)}`, `pplx-${fake(ALNUM, 48, 217)}`],
  }),
  prefixed({
    id: "replicate-api-token",
    description: "Replicate API token",
    anchors: ["r8_"],
    token: "r8_[A-Za-z0-9]{37}",
    samples: [`r8_${fake(ALNUM, 37, 218)}`, `r8_${fake(ALNUM, 37, 219)}`],
  }),
  prefixed({
    id: "openrouter-api-key",
    description: "OpenRouter API key",
    anchors: ["sk-or-v1-"],
    token: "sk-or-v1-[0-9a-f]{64}",
    samples: [`sk-or-v1-${fake(HEX, 64, 220)}`, `sk-or-v1-${fake(HEX, 64, 221)}`],
  }),
  prefixed({
    id: "langsmith-api-key",
    description: "LangSmith personal access token or service key",
    anchors: ["lsv2_pt_", "lsv2_sk_"],
    token: "lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}",
    samples: [`lsv2_pt_${fake(HEX, 32, 222)}_${fake(HEX, 10, 223)}`, `lsv2_sk_${fake(HEX, 32, 224)}_${fake(HEX, 10, 225)}`],
  }),
  prefixed({
    id: "pinecone-api-key",
    description: "Pinecone API key",
    anchors: ["pcsk_"],
    token: "pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,80}",
    samples: [`pcsk_${fake(ALNUM, 6, 226)}_${fake(ALNUM, 63, 227)}`, `pcsk_${fake(ALNUM, 5, 228)}_${fake(ALNUM, 60, 229)}`],
  }),
  keyed({
    id: "mistral-api-key",
    description: "Mistral AI API key assigned to a Mistral setting",
    keys: ["mistral"],
    value: "[a-z0-9]{32}",
    samples: [`MISTRAL_API_KEY=${fake(ALNUM, 32, 230)}`, `mistral_token: "${fake(ALNUM, 32, 231)}"`],
    noMatch: ["MISTRAL_API_KEY=${MISTRAL_API_KEY}", "MISTRAL_MODEL=mistral-large-latest"],
  }),
  keyed({
    id: "cohere-api-key",
    description: "Cohere API key assigned to a Cohere setting",
    keys: ["cohere", "co_api_key"],
    value: "[a-z0-9]{40}",
    samples: [`COHERE_API_KEY=${fake(ALNUM, 40, 232)}`, `CO_API_KEY: "${fake(ALNUM, 40, 233)}"`],
    noMatch: ["COHERE_API_KEY=<cohere-key>", "cohere_model: command-r-plus"],
  }),
  keyed({
    id: "deepseek-api-key",
    description: "DeepSeek API key assigned to a DeepSeek setting",
    keys: ["deepseek"],
    value: "sk-[0-9a-f]{32}",
    samples: [`DEEPSEEK_API_KEY=sk-${fake(HEX, 32, 234)}`, `deepseek_key: "sk-${fake(HEX, 32, 235)}"`],
    noMatch: ["DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "deepseek_model: deepseek-chat"],
  }),

  // ------------------------------------------------------------------------------------------
  // Source hosting, CI and package registries
  prefixed({
    id: "gitlab-ci-job-token",
    description: "GitLab CI/CD job token",
    anchors: ["glcbt-"],
    token: String.raw`glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_\-]{20}`,
    samples: [`glcbt-64_${fake(ALNUM, 20, 236)}`, `glcbt-a1_${fake(BASE64URL, 20, 237)}`],
  }),
  prefixed({
    id: "gitlab-feed-token",
    description: "GitLab feed token",
    anchors: ["glft-"],
    token: String.raw`glft-[0-9a-zA-Z_\-]{20}`,
    samples: [`glft-${fake(ALNUM, 20, 238)}`, `glft-${fake(BASE64URL, 20, 239)}`],
  }),
  prefixed({
    id: "gitlab-agent-token",
    description: "GitLab agent for Kubernetes token",
    anchors: ["glagent-"],
    token: String.raw`glagent-[0-9a-zA-Z_\-]{50}`,
    samples: [`glagent-${fake(ALNUM, 50, 240)}`, `glagent-${fake(BASE64URL, 50, 241)}`],
  }),
  prefixed({
    id: "gitlab-oauth-app-secret",
    description: "GitLab OAuth application secret",
    anchors: ["gloas-"],
    token: String.raw`gloas-[0-9a-zA-Z_\-]{64}`,
    samples: [`gloas-${fake(ALNUM, 64, 242)}`, `gloas-${fake(BASE64URL, 64, 243)}`],
  }),
  prefixed({
    id: "gitlab-scim-token",
    description: "GitLab SCIM token",
    anchors: ["glsoat-"],
    token: String.raw`glsoat-[0-9a-zA-Z_\-]{20}`,
    samples: [`glsoat-${fake(ALNUM, 20, 244)}`, `glsoat-${fake(BASE64URL, 20, 245)}`],
    identity: true,
  }),
  prefixed({
    id: "gitlab-incoming-mail-token",
    description: "GitLab incoming email token",
    anchors: ["glimt-"],
    token: String.raw`glimt-[0-9a-zA-Z_\-]{25}`,
    samples: [`glimt-${fake(ALNUM, 25, 246)}`, `glimt-${fake(BASE64URL, 25, 247)}`],
  }),
  prefixed({
    id: "gitlab-feature-flag-token",
    description: "GitLab feature flags client token",
    anchors: ["glffct-"],
    token: String.raw`glffct-[0-9a-zA-Z_\-]{20}`,
    samples: [`glffct-${fake(ALNUM, 20, 248)}`, `glffct-${fake(BASE64URL, 20, 249)}`],
  }),
  prefixed({
    id: "bitbucket-app-password",
    description: "Bitbucket app password or API token",
    anchors: ["ATBB"],
    token: String.raw`ATBB[A-Za-z0-9_=.\-]{28,40}`,
    samples: [`ATBB${fake(ALNUM, 32, 250)}`, `ATBB${fake(ALNUM, 36, 251)}`],
  }),
  prefixed({
    id: "atlassian-api-token",
    description: "Atlassian (Jira, Confluence) API token",
    anchors: ["ATATT3"],
    token: String.raw`ATATT3[A-Za-z0-9_\-=]{186}`,
    samples: [`ATATT3${fake(BASE64URL, 186, 252)}`, `ATATT3${fake(ALNUM, 186, 253)}`],
  }),
  prefixed({
    id: "azure-devops-pat",
    description: "Azure DevOps personal access token or Azure key in the annotated format (JQQJ9 signature)",
    anchors: ["JQQJ9"],
    token: "[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{27}",
    samples: [`${fake(ALNUM, 52, 254)}JQQJ99${fake(ALNUM, 26, 255)}`, `${fake(ALNUM, 52, 256)}JQQJ9D${fake(ALNUM, 26, 257)}`],
    noMatch: ["AZURE_DEVOPS_PAT=JQQJ9", "token: <azure-devops-pat>"],
  }),
  prefixed({
    id: "circleci-token",
    description: "CircleCI personal or project API token",
    anchors: ["CCIPAT_", "CCIPRJ_"],
    token: "CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[0-9a-f]{40}",
    samples: [`CCIPAT_${fake(ALNUM, 22, 258)}_${fake(HEX, 40, 259)}`, `CCIPRJ_${fake(ALNUM, 22, 260)}_${fake(HEX, 40, 261)}`],
  }),
  prefixed({
    id: "buildkite-token",
    description: "Buildkite API access token",
    anchors: ["bkua_"],
    token: "bkua_[a-f0-9]{40}",
    samples: [`bkua_${fake(HEX, 40, 262)}`, `bkua_${fake(HEX, 40, 263)}`],
  }),
  prefixed({
    id: "docker-hub-token",
    description: "Docker Hub personal or organization access token",
    anchors: ["dckr_pat_", "dckr_oat_"],
    token: String.raw`dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,32}`,
    samples: [`dckr_pat_${fake(BASE64URL, 27, 264)}`, `dckr_oat_${fake(ALNUM, 32, 265)}`],
  }),
  prefixed({
    id: "jfrog-token",
    description: "JFrog Artifactory API key or reference token",
    anchors: ["AKCp", "cmVmdGtu"],
    token: "AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56}",
    samples: [`AKCp${fake(ALNUM, 69, 266)}`, `cmVmdGtu${fake(ALNUM, 56, 267)}`],
    entropy: 4,
  }),
  prefixed({
    id: "sonarqube-token",
    description: "SonarQube / SonarCloud project, user or global analysis token",
    anchors: ["sqp_", "squ_", "sqa_"],
    token: "sq[pua]_[0-9a-f]{40}",
    samples: [`sqp_${fake(HEX, 40, 268)}`, `squ_${fake(HEX, 40, 269)}`],
  }),
  keyed({
    id: "nuget-api-key",
    description: "NuGet.org API key assigned to a NuGet setting",
    keys: ["nuget"],
    value: "oy2[a-z0-9]{43}",
    samples: [`NUGET_API_KEY=oy2${fake(LOWER_ALNUM, 43, 270)}`, `nuget_key: "oy2${fake(LOWER_ALNUM, 43, 271)}"`],
    noMatch: ["NUGET_API_KEY=${{ secrets.NUGET_API_KEY }}", "NUGET_SOURCE=https://api.nuget.org/v3/index.json"],
    entropy: 3.5,
  }),
  prefixed({
    id: "rubygems-api-key",
    description: "RubyGems.org API key",
    anchors: ["rubygems_"],
    token: "rubygems_[a-f0-9]{48}",
    samples: [`rubygems_${fake(HEX, 48, 272)}`, `rubygems_${fake(HEX, 48, 273)}`],
  }),
  prefixed({
    id: "clojars-token",
    description: "Clojars deploy token",
    anchors: ["CLOJARS_"],
    token: "CLOJARS_[a-z0-9]{60}",
    samples: [`CLOJARS_${fake(LOWER_ALNUM, 60, 274)}`, `CLOJARS_${fake(LOWER_ALNUM, 60, 275)}`],
  }),
  keyed({
    id: "octopus-deploy-api-key",
    description: "Octopus Deploy API key assigned to an Octopus setting",
    keys: ["octopus"],
    value: "API-[A-Z0-9]{26}",
    samples: [`OCTOPUS_API_KEY=API-${fake(UPPER_ALNUM, 26, 276)}`, `octopus_key: "API-${fake(UPPER_ALNUM, 26, 277)}"`],
    noMatch: ["OCTOPUS_API_KEY=API-XXXXXXXXXXXXXXXXXXXXXXXXXX", "OCTOPUS_SPACE=Default"],
    entropy: 3.5,
  }),

  // ------------------------------------------------------------------------------------------
  // Cloud, hosting and developer platforms
  prefixed({
    id: "gcp-oauth-client-secret",
    description: "Google OAuth client secret",
    anchors: ["GOCSPX-"],
    token: String.raw`GOCSPX-[A-Za-z0-9_\-]{28}`,
    samples: [`GOCSPX-${fake(BASE64URL, 28, 278)}`, `GOCSPX-${fake(ALNUM, 28, 279)}`],
    identity: true,
  }),
  prefixed({
    id: "alibaba-access-key-id",
    description: "Alibaba Cloud AccessKey ID",
    anchors: ["LTAI"],
    token: "LTAI[A-Za-z0-9]{20}",
    samples: [`LTAI${fake(ALNUM, 20, 280)}`, `LTAI${fake(ALNUM, 20, 281)}`],
    identity: true,
  }),
  prefixed({
    id: "digitalocean-token",
    description: "DigitalOcean personal access, OAuth or refresh token",
    anchors: ["dop_v1_", "doo_v1_", "dor_v1_"],
    token: "do[opr]_v1_[a-f0-9]{64}",
    samples: [`dop_v1_${fake(HEX, 64, 282)}`, `doo_v1_${fake(HEX, 64, 283)}`],
  }),
  prefixed({
    id: "heroku-api-key",
    description: "Heroku platform API key",
    anchors: ["HRKU-AA"],
    token: String.raw`HRKU-AA[0-9a-zA-Z_\-]{58}`,
    samples: [`HRKU-AA${fake(BASE64URL, 58, 284)}`, `HRKU-AA${fake(ALNUM, 58, 285)}`],
  }),
  keyed({
    id: "heroku-legacy-api-key",
    description: "Heroku API key (UUID) assigned to a Heroku setting",
    keys: ["heroku"],
    value: UUID,
    samples: [`HEROKU_API_KEY=${uuid(286)}`, `heroku_token: "${uuid(287)}"`],
    noMatch: ["HEROKU_APP_ID=0a1b2c3d-0000-0000-0000-000000000000", "HEROKU_API_KEY=${HEROKU_API_KEY}"],
  }),
  keyed({
    id: "databricks-token",
    description: "Databricks personal access token assigned to a Databricks setting",
    keys: ["databricks"],
    value: String.raw`dapi[a-f0-9]{32}(?:-\d)?`,
    samples: [`DATABRICKS_TOKEN=dapi${fake(HEX, 32, 288)}`, `databricks_token: "dapi${fake(HEX, 32, 289)}-2"`],
    noMatch: ["DATABRICKS_TOKEN=dapixxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "DATABRICKS_HOST=https://adb-1.azuredatabricks.net"],
  }),
  keyed({
    id: "cloudflare-api-token",
    description: "Cloudflare API token or global API key assigned to a Cloudflare setting",
    keys: ["cloudflare", "cf_api", "cf_token"],
    value: String.raw`[a-z0-9_\-]{40}|[a-f0-9]{37}`,
    samples: [`CLOUDFLARE_API_TOKEN=${fake(BASE64URL, 40, 290)}`, `cloudflare_api_key = "${fake(HEX, 37, 291)}"`],
    noMatch: ["CLOUDFLARE_ZONE_ID=${ZONE}", "CLOUDFLARE_API_TOKEN=your-cloudflare-api-token-goes-here-xx"],
  }),
  prefixed({
    id: "cloudflare-origin-ca-key",
    description: "Cloudflare Origin CA key",
    anchors: ["v1.0-"],
    token: "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}",
    samples: [`v1.0-${fake(HEX, 24, 292)}-${fake(HEX, 146, 293)}`, `v1.0-${fake(HEX, 24, 294)}-${fake(HEX, 146, 295)}`],
  }),
  keyed({
    id: "vercel-token",
    description: "Vercel access token assigned to a Vercel setting",
    keys: ["vercel"],
    value: "[a-z0-9]{24}",
    samples: [`VERCEL_TOKEN=${fake(ALNUM, 24, 296)}`, `vercel_api_token: "${fake(ALNUM, 24, 297)}"`],
    noMatch: ["VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}", "VERCEL_ORG_ID=team_abc"],
  }),
  keyed({
    id: "netlify-token",
    description: "Netlify access token assigned to a Netlify setting",
    keys: ["netlify"],
    value: String.raw`(?:nfp_)?[a-z0-9_\-]{40,46}`,
    samples: [`NETLIFY_AUTH_TOKEN=${fake(BASE64URL, 43, 298)}`, `netlify_token: "nfp_${fake(ALNUM, 36, 299)}"`],
    noMatch: ["NETLIFY_AUTH_TOKEN=$NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID=my-site"],
  }),
  prefixed({
    id: "flyio-token",
    description: "Fly.io access token",
    anchors: ["fo1_", "fm1a_", "fm1r_", "fm2_"],
    token: String.raw`fo1_[A-Za-z0-9_\-]{43}|fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,2048}={0,3}`,
    samples: [`fo1_${fake(BASE64URL, 43, 300)}`, `fm2_${fake(BASE64, 120, 301)}`],
    entropy: 4,
  }),
  prefixed({
    id: "tailscale-key",
    description: "Tailscale auth, API, OAuth client, SCIM or webhook key",
    anchors: ["tskey-"],
    token: "tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,64}-[A-Za-z0-9]{16,64}",
    samples: [`tskey-auth-${fake(ALNUM, 12, 302)}-${fake(ALNUM, 32, 303)}`, `tskey-api-${fake(ALNUM, 12, 304)}-${fake(ALNUM, 32, 305)}`],
  }),
  prefixed({
    id: "pulumi-access-token",
    description: "Pulumi access token",
    anchors: ["pul-"],
    token: "pul-[a-f0-9]{40}",
    samples: [`pul-${fake(HEX, 40, 306)}`, `pul-${fake(HEX, 40, 307)}`],
  }),
  prefixed({
    id: "planetscale-token",
    description: "PlanetScale service token, OAuth token or database password",
    anchors: ["pscale_tkn_", "pscale_oauth_", "pscale_pw_"],
    token: String.raw`pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.\-]{32,64}`,
    samples: [`pscale_tkn_${fake(BASE64URL, 43, 308)}`, `pscale_pw_${fake(ALNUM, 43, 309)}`],
  }),
  prefixed({
    id: "supabase-secret",
    description: "Supabase management access token or secret API key",
    anchors: ["sbp_", "sb_secret_"],
    token: String.raw`sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_\-]{30,64}`,
    samples: [`sbp_${fake(HEX, 40, 310)}`, `sb_secret_${fake(BASE64URL, 36, 311)}`],
  }),
  prefixed({
    id: "openshift-user-token",
    description: "OpenShift user (OAuth) token",
    anchors: ["sha256~"],
    token: String.raw`sha256~[A-Za-z0-9_\-]{43}`,
    samples: [`sha256~${fake(BASE64URL, 43, 312)}`, `sha256~${fake(ALNUM, 43, 313)}`],
    identity: true,
  }),
  keyed({
    id: "clickhouse-cloud-key",
    description: "ClickHouse Cloud API secret key assigned to a ClickHouse setting",
    keys: ["clickhouse"],
    value: "4b1d[A-Za-z0-9]{38}",
    samples: [`CLICKHOUSE_SECRET_KEY=4b1d${fake(ALNUM, 38, 314)}`, `clickhouse_api_key: "4b1d${fake(ALNUM, 38, 315)}"`],
    noMatch: ["CLICKHOUSE_SECRET_KEY=${CH_KEY}", "CLICKHOUSE_HOST=localhost"],
    entropy: 4,
  }),
  prefixed({
    id: "scalingo-token",
    description: "Scalingo API token",
    anchors: ["tk-us-"],
    token: String.raw`tk-us-[A-Za-z0-9_\-]{48}`,
    samples: [`tk-us-${fake(BASE64URL, 48, 316)}`, `tk-us-${fake(ALNUM, 48, 317)}`],
  }),

  // ------------------------------------------------------------------------------------------
  // Collaboration, messaging and monitoring
  prefixed({
    id: "linear-api-key",
    description: "Linear API key or OAuth access token",
    anchors: ["lin_api_", "lin_oauth_"],
    token: "lin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})",
    samples: [`lin_api_${fake(ALNUM, 40, 318)}`, `lin_oauth_${fake(HEX, 64, 319)}`],
  }),
  prefixed({
    id: "notion-token",
    description: "Notion integration token",
    anchors: ["ntn_", "secret_"],
    token: "ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}",
    samples: [`ntn_${fake(DIGITS, 11, 320)}${fake(ALNUM, 35, 321)}`, `secret_${fake(ALNUM, 43, 322)}`],
    entropy: 3.5,
  }),
  prefixed({
    id: "figma-token",
    description: "Figma personal access token",
    anchors: ["figd_"],
    token: String.raw`figd_[A-Za-z0-9_\-]{40,48}`,
    samples: [`figd_${fake(BASE64URL, 40, 323)}`, `figd_${fake(ALNUM, 43, 324)}`],
  }),
  keyed({
    id: "discord-bot-token",
    description: "Discord bot token assigned to a Discord setting",
    keys: ["discord"],
    value: String.raw`[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40}`,
    samples: [`DISCORD_BOT_TOKEN=M${fake(ALNUM, 25, 325)}.${fake(ALNUM, 6, 326)}.${fake(BASE64URL, 38, 327)}`, `discord_token: "N${fake(ALNUM, 23, 328)}.${fake(ALNUM, 6, 329)}.${fake(ALNUM, 27, 330)}"`],
    noMatch: ["DISCORD_BOT_TOKEN=${{ secrets.DISCORD }}", "DISCORD_CLIENT_ID=123456789012345678"],
  }),
  prefixed({
    id: "discord-webhook-url",
    description: "Discord webhook URL",
    anchors: ["/api/webhooks/"],
    token: String.raw`https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{60,68}`,
    samples: [`https://discord.com/api/webhooks/${fake(DIGITS, 18, 331)}/${fake(BASE64URL, 68, 332)}`, `https://discordapp.com/api/webhooks/${fake(DIGITS, 19, 333)}/${fake(ALNUM, 64, 334)}`],
    noMatch: ["see https://discord.com/api/webhooks/ for docs", "https://discord.com/api/webhooks/{id}/{token}"],
  }),
  prefixed({
    id: "telegram-bot-token",
    description: "Telegram bot token",
    anchors: [":AA"],
    token: String.raw`[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}`,
    samples: [`${fake(DIGITS, 10, 335)}:AA${fake(BASE64URL, 33, 336)}`, `${fake(DIGITS, 9, 338)}:AA${fake(ALNUM, 33, 339)}`],
    noMatch: ["TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "time 12345678:AA"],
  }),
  prefixed({
    id: "microsoft-teams-webhook-url",
    description: "Microsoft Teams incoming webhook URL",
    anchors: [".webhook.office.com/"],
    token: String.raw`https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[a-f0-9\-]{36}@[a-f0-9\-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36}(?:/[A-Za-z0-9_\-]{20,60})?`,
    samples: [
      `https://acme.webhook.office.com/webhookb2/${uuid(340)}@${uuid(345)}/IncomingWebhook/${fake(HEX, 32, 350)}/${uuid(351)}`,
      `https://contoso.webhook.office.com/webhookb2/${uuid(356)}@${uuid(361)}/IncomingWebhook/${fake(HEX, 32, 366)}/${uuid(367)}/${fake(BASE64URL, 40, 372)}`,
    ],
    noMatch: ["https://acme.webhook.office.com/webhookb2/...", "see webhook.office.com"],
  }),
  keyed({
    id: "mailgun-api-key",
    description: "Mailgun private API key assigned to a Mailgun setting",
    keys: ["mailgun"],
    value: "key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
    samples: [`MAILGUN_API_KEY=key-${fake(HEX, 32, 373)}`, `mailgun_key: "${fake(HEX, 32, 374)}-${fake(HEX, 8, 372)}-${fake(HEX, 8, 371)}"`],
    noMatch: ["MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "MAILGUN_DOMAIN=mg.example.com"],
  }),
  keyed({
    id: "mailchimp-api-key",
    description: "Mailchimp API key assigned to a Mailchimp setting",
    keys: ["mailchimp"],
    value: "[0-9a-f]{32}-us[0-9]{1,2}",
    samples: [`MAILCHIMP_API_KEY=${fake(HEX, 32, 375)}-us21`, `mailchimp_key: "${fake(HEX, 32, 376)}-us6"`],
    noMatch: ["MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us1", "MAILCHIMP_LIST_ID=abc123"],
    entropy: 3.5,
  }),
  prefixed({
    id: "brevo-api-key",
    description: "Brevo (Sendinblue) API key",
    anchors: ["xkeysib-"],
    token: "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
    samples: [`xkeysib-${fake(HEX, 64, 377)}-${fake(ALNUM, 16, 378)}`, `xkeysib-${fake(HEX, 64, 379)}-${fake(ALNUM, 16, 380)}`],
  }),
  prefixed({
    id: "slack-config-token",
    description: "Slack app configuration access or refresh token",
    anchors: ["xoxe.xoxb-", "xoxe.xoxp-", "xoxe-"],
    token: "xoxe\\.xox[bp]-[0-9]-[A-Z0-9]{163,166}|xoxe-[0-9]-[A-Z0-9]{146}",
    samples: [`xoxe.xoxp-1-${fake(UPPER_ALNUM, 164, 381)}`, `xoxe-1-${fake(UPPER_ALNUM, 146, 382)}`],
  }),
  keyed({
    id: "datadog-api-key",
    description: "Datadog API or application key assigned to a Datadog setting",
    keys: ["datadog", "dd_api", "dd_app", "dd_client"],
    value: "[a-f0-9]{32}|[a-f0-9]{40}",
    samples: [`DD_API_KEY=${fake(HEX, 32, 383)}`, `datadog_app_key: "${fake(HEX, 40, 384)}"`],
    noMatch: ["DD_API_KEY=${DD_API_KEY}", "DATADOG_SITE=datadoghq.eu"],
  }),
  keyed({
    id: "pagerduty-api-key",
    description: "PagerDuty REST API key or integration key assigned to a PagerDuty setting",
    keys: ["pagerduty", "pd_api", "pd_routing", "pd_integration"],
    value: String.raw`u\+[A-Za-z0-9_+\-]{18}|[A-Za-z0-9_+\-]{20}|[a-f0-9]{32}`,
    samples: [`PAGERDUTY_TOKEN=u+${fake(ALNUM, 18, 385)}`, `pagerduty_routing_key: "${fake(HEX, 32, 386)}"`],
    noMatch: ["PAGERDUTY_TOKEN=<token>", "PAGERDUTY_SERVICE_ID=PABC123"],
  }),
  prefixed({
    id: "new-relic-key",
    description: "New Relic user API key, insert key or ingest license key",
    anchors: ["NRAK-", "NRII-", "NRAL"],
    token: String.raw`NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_\-]{32}|[a-f0-9]{36}NRAL`,
    samples: [`NRAK-${fake(UPPER_ALNUM, 27, 387)}`, `${fake(HEX, 36, 388)}NRAL`],
  }),
  prefixed({
    id: "sentry-token",
    description: "Sentry organization auth token or user auth token",
    anchors: ["sntrys_", "sntryu_"],
    token: String.raw`sntrys_eyJ[A-Za-z0-9+/=_\-]{60,800}|sntryu_[a-f0-9]{64}`,
    samples: [`sntrys_eyJ${fake(BASE64, 120, 389)}`, `sntryu_${fake(HEX, 64, 390)}`],
    entropy: 3.5,
  }),
  prefixed({
    id: "dynatrace-token",
    description: "Dynatrace API token",
    anchors: ["dt0c01."],
    token: String.raw`dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}`,
    samples: [`dt0c01.${fake(UPPER_ALNUM, 24, 391)}.${fake(UPPER_ALNUM, 64, 392)}`, `dt0c01.${fake(UPPER_ALNUM, 24, 393)}.${fake(UPPER_ALNUM, 64, 394)}`],
  }),
  prefixed({
    id: "grafana-service-account-token",
    description: "Grafana service account token",
    anchors: ["glsa_"],
    token: "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
    samples: [`glsa_${fake(ALNUM, 32, 395)}_${fake(HEX, 8, 396)}`, `glsa_${fake(ALNUM, 32, 397)}_${fake(HEX, 8, 398)}`],
  }),
  prefixed({
    id: "grafana-cloud-token",
    description: "Grafana Cloud access policy or API token",
    anchors: ["glc_"],
    token: "glc_[A-Za-z0-9+/]{32,400}={0,3}",
    samples: [`glc_${fake(BASE64, 80, 399)}`, `glc_${fake(ALNUM, 120, 400)}`],
    entropy: 4,
  }),
  prefixed({
    id: "grafana-api-key",
    description: "Grafana API key (legacy)",
    anchors: ["eyJrIjoi"],
    token: "eyJrIjoi[A-Za-z0-9]{70,400}={0,3}",
    samples: [`eyJrIjoi${fake(ALNUM, 72, 401)}`, `eyJrIjoi${fake(ALNUM, 100, 402)}=`],
  }),
  prefixed({
    id: "postman-api-key",
    description: "Postman API key",
    anchors: ["PMAK-"],
    token: "PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
    samples: [`PMAK-${fake(HEX, 24, 403)}-${fake(HEX, 34, 404)}`, `PMAK-${fake(HEX, 24, 405)}-${fake(HEX, 34, 406)}`],
  }),
  keyed({
    id: "launchdarkly-key",
    description: "LaunchDarkly API access token or SDK key assigned to a LaunchDarkly setting",
    keys: ["launchdarkly", "ld_sdk", "ld_api"],
    value: `(?:api|sdk)-${UUID}`,
    samples: [`LAUNCHDARKLY_SDK_KEY=sdk-${uuid(407)}`, `launchdarkly_api_token: "api-${uuid(412)}"`],
    noMatch: ["LAUNCHDARKLY_SDK_KEY=sdk-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "LAUNCHDARKLY_PROJECT=default"],
  }),
  prefixed({
    id: "contentful-token",
    description: "Contentful personal access token",
    anchors: ["CFPAT-"],
    token: String.raw`CFPAT-[A-Za-z0-9_\-]{43}`,
    samples: [`CFPAT-${fake(BASE64URL, 43, 417)}`, `CFPAT-${fake(ALNUM, 43, 418)}`],
  }),
  prefixed({
    id: "typeform-token",
    description: "Typeform personal access token",
    anchors: ["tfp_"],
    token: String.raw`tfp_[A-Za-z0-9_\-.=]{59}`,
    samples: [`tfp_${fake(BASE64URL, 59, 419)}`, `tfp_${fake(ALNUM, 59, 420)}`],
  }),
  prefixed({
    id: "readme-api-key",
    description: "ReadMe API key",
    anchors: ["rdme_"],
    token: "rdme_[a-z0-9]{70}",
    samples: [`rdme_${fake(LOWER_ALNUM, 70, 421)}`, `rdme_${fake(LOWER_ALNUM, 70, 422)}`],
  }),
  prefixed({
    id: "prefect-api-key",
    description: "Prefect Cloud API key",
    anchors: ["pnu_"],
    token: "pnu_[A-Za-z0-9]{36}",
    samples: [`pnu_${fake(ALNUM, 36, 423)}`, `pnu_${fake(ALNUM, 36, 424)}`],
  }),
  prefixed({
    id: "infracost-api-key",
    description: "Infracost API key",
    anchors: ["ico-"],
    token: "ico-[A-Za-z0-9]{32}",
    samples: [`ico-${fake(ALNUM, 32, 425)}`, `ico-${fake(ALNUM, 32, 426)}`],
  }),
  prefixed({
    id: "frameio-token",
    description: "Frame.io developer token",
    anchors: ["fio-u-"],
    token: String.raw`fio-u-[A-Za-z0-9_\-=]{64}`,
    samples: [`fio-u-${fake(BASE64URL, 64, 427)}`, `fio-u-${fake(ALNUM, 64, 428)}`],
  }),
  prefixed({
    id: "maxmind-license-key",
    description: "MaxMind license key",
    anchors: ["_mmk"],
    token: "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
    samples: [`${fake(ALNUM, 6, 429)}_${fake(ALNUM, 29, 430)}_mmk`, `${fake(ALNUM, 6, 431)}_${fake(ALNUM, 29, 432)}_mmk`],
    noMatch: ["MAXMIND_LICENSE_KEY=xxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx_mmk", "suffix _mmk"],
  }),
  keyed({
    id: "snyk-token",
    description: "Snyk API token assigned to a Snyk setting",
    keys: ["snyk"],
    value: UUID,
    samples: [`SNYK_TOKEN=${uuid(433)}`, `snyk_api_key: "${uuid(438)}"`],
    noMatch: ["SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}", "SNYK_ORG=0a1b2c3d-0000-0000-0000-000000000000"],
  }),

  // ------------------------------------------------------------------------------------------
  // Payments and commerce
  prefixed({
    id: "stripe-webhook-secret",
    description: "Stripe webhook signing secret",
    anchors: ["whsec_"],
    token: "whsec_[A-Za-z0-9+/=]{32,64}",
    samples: [`whsec_${fake(ALNUM, 32, 443)}`, `whsec_${fake(BASE64, 44, 444)}`],
  }),
  prefixed({
    id: "shopify-token",
    description: "Shopify access token, custom or private app token, or shared secret",
    anchors: ["shpat_", "shpca_", "shppa_", "shpss_"],
    token: "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
    samples: [`shpat_${fake(HEX, 32, 445)}`, `shpss_${fake(HEX, 32, 446)}`],
  }),
  prefixed({
    id: "square-token",
    description: "Square access token or OAuth application secret",
    anchors: ["EAAA", "sq0atp-", "sq0csp-"],
    token: String.raw`EAAA[A-Za-z0-9_\-]{60}|sq0atp-[A-Za-z0-9_\-]{22}|sq0csp-[A-Za-z0-9_\-]{43}`,
    samples: [`EAAA${fake(BASE64URL, 60, 447)}`, `sq0csp-${fake(BASE64URL, 43, 448)}`],
  }),
  prefixed({
    id: "paypal-braintree-token",
    description: "PayPal Braintree access token",
    anchors: ["access_token$"],
    token: String.raw`access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`,
    samples: [`access_token$production$${fake(LOWER_ALNUM, 16, 449)}$${fake(HEX, 32, 450)}`, `access_token$sandbox$${fake(LOWER_ALNUM, 16, 451)}$${fake(HEX, 32, 452)}`],
    noMatch: ["BRAINTREE_TOKEN=access_token$production$xxxxxxxxxxxxxxxx$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "access_token$"],
  }),
  prefixed({
    id: "easypost-api-key",
    description: "EasyPost production or test API key",
    anchors: ["EZAK", "EZTK"],
    token: "EZ[AT]K[a-zA-Z0-9]{54}",
    samples: [`EZAK${fake(ALNUM, 54, 453)}`, `EZTK${fake(ALNUM, 54, 454)}`],
  }),
  prefixed({
    id: "shippo-api-token",
    description: "Shippo API token",
    anchors: ["shippo_live_", "shippo_test_"],
    token: "shippo_(?:live|test)_[a-fA-F0-9]{40}",
    samples: [`shippo_live_${fake(HEX, 40, 455)}`, `shippo_test_${fake(HEX, 40, 456)}`],
  }),
  prefixed({
    id: "duffel-api-token",
    description: "Duffel API token",
    anchors: ["duffel_live_", "duffel_test_"],
    token: String.raw`duffel_(?:test|live)_[A-Za-z0-9_\-=]{43}`,
    samples: [`duffel_live_${fake(BASE64URL, 43, 457)}`, `duffel_test_${fake(ALNUM, 43, 458)}`],
  }),
  prefixed({
    id: "mapbox-secret-token",
    description: "Mapbox secret access token",
    anchors: ["sk.eyJ"],
    token: String.raw`sk\.eyJ[A-Za-z0-9_\-]{50,300}\.[A-Za-z0-9_\-]{22}`,
    samples: [`sk.eyJ${fake(BASE64URL, 60, 459)}.${fake(BASE64URL, 22, 460)}`, `sk.eyJ${fake(ALNUM, 80, 461)}.${fake(ALNUM, 22, 462)}`],
  }),
  prefixed({
    id: "firebase-fcm-server-key",
    description: "Firebase Cloud Messaging server key",
    anchors: [":APA91b"],
    token: String.raw`AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134}`,
    samples: [`AAAA${fake(BASE64URL, 7, 463)}:APA91b${fake(BASE64URL, 134, 464)}`, `AAAA${fake(ALNUM, 7, 465)}:APA91b${fake(ALNUM, 134, 466)}`],
  }),
  prefixed({
    id: "twitter-bearer-token",
    description: "X (Twitter) API bearer token",
    anchors: ["AAAAAAAAAAAAAAAAAAAA"],
    token: "A{22}[A-Za-z0-9%]{80,100}",
    samples: [`AAAAAAAAAAAAAAAAAAAAAA${fake(ALNUM, 90, 467)}`, `AAAAAAAAAAAAAAAAAAAAAA${fake(ALNUM, 84, 468)}`],
    entropy: 3,
  }),

  // ------------------------------------------------------------------------------------------
  // Encryption and secret managers
  prefixed({
    id: "age-secret-key",
    description: "age encryption secret key",
    anchors: ["AGE-SECRET-KEY-1"],
    token: "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
    samples: [`AGE-SECRET-KEY-1${fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 469)}`, `AGE-SECRET-KEY-1${fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 470)}`],
  }),
  prefixed({
    id: "1password-secret-key",
    description: "1Password account secret key",
    anchors: ["A3-"],
    token: "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
    samples: [`A3-${fake(UPPER_ALNUM, 6, 471)}-${fake(UPPER_ALNUM, 11, 472)}-${fake(UPPER_ALNUM, 5, 473)}-${fake(UPPER_ALNUM, 5, 474)}-${fake(UPPER_ALNUM, 5, 475)}`, `A3-${fake(UPPER_ALNUM, 6, 476)}-${fake(UPPER_ALNUM, 6, 477)}-${fake(UPPER_ALNUM, 5, 478)}-${fake(UPPER_ALNUM, 5, 479)}-${fake(UPPER_ALNUM, 5, 480)}-${fake(UPPER_ALNUM, 5, 481)}`],
    identity: true,
    entropy: 3.5,
  }),

  // ------------------------------------------------------------------------------------------
  // Identity systems: credentials that provision, authenticate or hold identities.
  keyed({
    id: "ping-identity-secret",
    description: "Ping Identity (PingOne, PingFederate) client secret or token assigned to a Ping setting",
    keys: ["ping"],
    keyPattern: keyWith("ping|pingone|pingfederate|pingidentity|pingid"),
    value: String.raw`[a-z0-9~._\-]{32,128}`,
    samples: [`PINGONE_CLIENT_SECRET=${fake(BASE64URL, 64, 482)}`, `ping_federate_api_token: "${fake(ALNUM, 40, 483)}"`],
    noMatch: ["SHIPPING_TOKEN_TTL=3600", "PINGONE_CLIENT_SECRET=${PINGONE_CLIENT_SECRET}"],
    identity: true,
    entropy: 3.5,
  }),
  keyed({
    id: "sailpoint-secret",
    description: "SailPoint Identity Security Cloud (IdentityNow) client secret or token assigned to a SailPoint setting",
    keys: ["sailpoint", "identitynow", "idn_"],
    value: String.raw`[a-z0-9._\-]{32,128}`,
    samples: [`SAILPOINT_CLIENT_SECRET=${fake(HEX, 64, 485)}`, `identitynow_token: "${fake(ALNUM, 48, 486)}"`],
    noMatch: ["SAILPOINT_CLIENT_ID=2c9180835d2e5168015d32f890ca1581", "SAILPOINT_CLIENT_SECRET=<sailpoint-secret>"],
    identity: true,
    entropy: 3.5,
  }),
  keyed({
    id: "cyberark-secret",
    description: "CyberArk (Conjur, Privilege Cloud, Identity) API key or client secret assigned to a CyberArk setting",
    keys: ["cyberark", "conjur"],
    value: String.raw`[a-z0-9._~\-]{32,128}`,
    samples: [`CONJUR_AUTHN_API_KEY=${fake(LOWER_ALNUM, 52, 487)}`, `cyberark_client_secret: "${fake(BASE64URL, 40, 488)}"`],
    noMatch: ["CONJUR_AUTHN_API_KEY=${CONJUR_AUTHN_API_KEY}", "CONJUR_ACCOUNT=myorg"],
    identity: true,
    entropy: 3.5,
  }),
  keyed({
    id: "keycloak-client-secret",
    description: "Keycloak client secret or admin password assigned to a Keycloak setting",
    keys: ["keycloak", "kc_"],
    keyPattern: keyWith("keycloak|kc"),
    value: String.raw`[a-z0-9!#%&*+,.:;?@^_~\-]{16,128}`,
    samples: [`KEYCLOAK_CLIENT_SECRET=${fake(ALNUM, 32, 489)}`, `kc_admin_password: "${fake(BASE64, 20, 490)}"`],
    noMatch: [
      "KEYCLOAK_CLIENT_SECRET=**********",
      "KEYCLOAK_REALM=master",
      // Python calls (community.general keycloak modules), not literals.
      'keycloak_compatible_composites = self.convert_role_composites(rolerep["composites"])',
      "keycloak_key = get_keycloak_config_key(config_param, provider_id)",
      // The provider word alone, though it holds `key` (bitnami/charts' keycloak chart).
      "      image: docker.io/bitnami/keycloak:26.3.3-debian-12-r0",
      "      image: docker.io/bitnami/keycloak-config-cli:6.4.0-debian-12-r11",
      "keycloak: telemetry.metrics.enabled",
    ],
    identity: true,
    entropy: 3.5,
  }),
  keyed({
    id: "jumpcloud-api-key",
    description: "JumpCloud API key assigned to a JumpCloud setting",
    keys: ["jumpcloud", "jc_api"],
    value: "(?:jca_)?[a-z0-9]{36,40}",
    samples: [`JUMPCLOUD_API_KEY=${fake(HEX, 40, 491)}`, `jc_api_key: "jca_${fake(ALNUM, 36, 492)}"`],
    noMatch: ["JUMPCLOUD_API_KEY=$JC_KEY", "JUMPCLOUD_ORG_ID=5f0c1a2b3c4d5e6f7a8b9c0d"],
    identity: true,
    entropy: 3.5,
  }),
  keyed({
    id: "onelogin-secret",
    description: "OneLogin API client secret assigned to a OneLogin setting",
    keys: ["onelogin"],
    value: "[a-f0-9]{64}",
    samples: [`ONELOGIN_CLIENT_SECRET=${fake(HEX, 64, 493)}`, `onelogin_api_secret: "${fake(HEX, 64, 494)}"`],
    noMatch: ["ONELOGIN_CLIENT_ID=0123", "ONELOGIN_CLIENT_SECRET=${ONELOGIN_SECRET}"],
    identity: true,
    entropy: 3.5,
  }),
  keyed({
    id: "duo-secret-key",
    description: "Duo Security secret key (skey) assigned to a Duo setting",
    keys: ["duo"],
    keyPattern: keyWith("duo"),
    value: "[a-z0-9]{40}",
    samples: [`DUO_SKEY=${fake(ALNUM, 40, 495)}`, `duo_secret_key: "${fake(ALNUM, 40, 496)}"`],
    noMatch: ["DUO_IKEY=DIWJ8X6AEYOR5OMC6TQ1", "DUO_SKEY=${DUO_SKEY}"],
    identity: true,
    entropy: 3.5,
  }),
];

/** Base62 as GitHub and npm encode their token checksums. */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i += 1) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = "";
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = (BASE62[v % 62] ?? "") + out;
  return out.padStart(width, "0");
}

/**
 * GitHub's and npm's token checksum: the last six characters are the base62 CRC32 of the thirty
 * random characters after the prefix. A token that carries a valid one was issued by the provider
 * (or made to look so on purpose), so no placeholder rule applies to it.
 */
export function validChecksum(kind: NonNullable<Detector["checksum"]>, token: string): boolean {
  if (kind !== "crc32-base62") return false;
  const body = token.slice(token.indexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** A checksummed sample token for the examples: prefix + 30 random characters + checksum. */
export function checksummed(prefix: string, random: string): string {
  return `${prefix}${random}${base62(crc32(random), 6)}`;
}
