import type { OwnerDirectory } from "../manifest/directory.js";
import { matchSecret } from "../manifest/match.js";
import { parseManifest } from "../manifest/parse.js";
import { parseCodeowners } from "../manifest/codeowners.js";
import type { Credential, SecretRef, StoredSecret } from "../model.js";
import { scanFiles } from "../scan.js";
import type { OrganizationSecret, OrgPolicyContext, OrgRepository, PolicyContext, PolicyRule, Report } from "./rule.js";

/** Builds the context a rule sees from a manifest's text and the refs a scan would have found. */
export function contextFor(options: {
  manifest?: { path: string; text: string };
  refs?: SecretRef[];
  credentials?: Credential[];
  complete?: boolean;
  directory?: OwnerDirectory;
  storedSecrets?: StoredSecret[];
  now?: string;
  codeowners?: { path: string; text: string };
}): PolicyContext {
  const parsed = options.manifest ? parseManifest(options.manifest) : null;
  const manifest = parsed?.manifest ?? null;
  return {
    refs: options.refs ?? [],
    credentials: options.credentials ?? [],
    manifest,
    manifestDiagnostics: parsed?.diagnostics ?? [],
    match: (ref) => (manifest && ref.name !== null ? matchSecret(manifest, ref.name, ref.system) : null),
    complete: options.complete ?? true,
    ...(options.directory ? { directory: options.directory } : {}),
    storedSecrets: options.storedSecrets ?? [],
    ...(options.now === undefined ? {} : { now: new Date(options.now) }),
    codeowners: options.codeowners ? parseCodeowners(options.codeowners) : null,
  };
}

export function actionsRef(name: string | null, line: number, extra: Partial<SecretRef> = {}): SecretRef {
  return {
    system: "github-actions",
    kind: "reference",
    name,
    location: { file: ".github/workflows/ci.yml", line, column: 20 },
    route: `jobs.build.steps[0].env.${name ?? "X"}`,
    ...extra,
  };
}

/** What the tests compare: the parts of a report that make it this report. */
export function brief(reports: Report[]): { messageId: string; line: number; column: number; secret: string | null }[] {
  return reports.map((r) => ({ messageId: r.messageId, line: r.location.line, column: r.location.column, secret: r.secret }));
}

export function check(rule: PolicyRule, ctx: PolicyContext): Report[] {
  return rule.check(ctx);
}

/** A repository of an org-wide scan, from its files as the real scanner reads them. */
export function orgRepository(name: string, files: Record<string, string>, storedSecrets: StoredSecret[] = []): OrgRepository {
  const result = scanFiles(Object.entries(files).map(([path, text]) => ({ path, text })), { storedSecrets });
  return { name, secrets: result.secrets, storedSecrets };
}

/** A workflow with one job per environment, each reading `secrets.<name>`. */
export function deployWorkflow(name: string, environments: readonly (string | null)[]): string {
  const jobs = environments.map((environment, index) =>
    [`  job${index}:`, "    runs-on: ubuntu-latest", ...(environment === null ? [] : [`    environment: ${environment}`]), "    steps:", `      - run: ./deploy.sh`, "        env:", `          TOKEN: \${{ secrets.${name} }}`].join("\n"),
  );
  return `on: push\njobs:\n${jobs.join("\n")}\n`;
}

export function orgContext(repositories: OrgRepository[], organizationSecrets: OrganizationSecret[] = [], repositoryCount = { all: 10, private: 8 }): OrgPolicyContext {
  return { org: "acme", repositories, organizationSecrets, repositoryCount };
}
