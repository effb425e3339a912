import type { Location } from "../../model.js";
import { compareLocations, compareStrings } from "../../order.js";
import { defineRule, type OrgReport } from "../rule.js";
import { resolveStoredSecret } from "./refs.js";

/** How many using repositories a message names before it says "and N more". */
const NAMED_REPOS = 5;

export default defineRule({
  meta: {
    id: "overexposed-org-secret",
    description: "An organization secret every repository can read is used, and owned, by one team only.",
    defaultSeverity: "warning",
    controls: ["NHI5", "PR.AA-05"],
    messages: {
      overexposed:
        "Organization secret {{name}} is visible to {{visibility}} ({{reach}} repositories), but only {{used}} use it ({{repos}}), all owned by {{owner}}. Every other repository's workflows can read it: set its repository access to \"Selected repositories\" and pick those {{used}}.",
    },
    help: [
      "An organization secret with repository access \"All repositories\" (or \"Private repositories\")",
      "is readable by every workflow of every such repository, including ones created tomorrow. When",
      "one team owns it and only that team's repositories use it, the rest of the organization holds",
      "a credential it has no business with: an overprivileged identity (OWASP NHI5; NIST CSF PR.AA-05,",
      "least privilege).",
      "",
      "The owner is what each using repository's manifest says; the rule needs an organization-wide",
      "scan (`secretowners org-scan` or the App), which sees every repository at once.",
      "",
      "**Fix:** in the organization's Settings → Secrets and variables → Actions, set the secret's",
      "repository access to \"Selected repositories\" and choose the repositories that use it.",
    ].join("\n"),
  },
  // Needs every repository's view of the secret at once; one repository's scan cannot judge it.
  check: () => [],
  checkOrg(ctx) {
    const reports: OrgReport[] = [];
    for (const secret of ctx.organizationSecrets) {
      if (secret.visibility === "selected") continue;
      const name = secret.name.toUpperCase();
      const uses: { repo: string; owner: string | null; location: Location }[] = [];
      for (const repository of ctx.repositories) {
        const entry = repository.secrets.find((item) => item.system === "github-actions" && item.kind === "secret" && item.name.toUpperCase() === name);
        const first = entry?.references.filter((reference) => reference.kind === "reference").sort(compareLocations)[0];
        if (!entry || !first) continue;
        // A repository whose own secret of that name shadows the organization's does not read it.
        const stored = resolveStoredSecret(repository.storedSecrets, name);
        if (stored !== null && stored.store !== "organization") continue;
        uses.push({ repo: repository.name, owner: entry.owner, location: { file: first.file, line: first.line, column: first.column } });
      }
      // An unowned use is unowned-secret's to report; "owned by one team" must hold for every use.
      if (uses.length === 0 || uses.some((use) => use.owner === null)) continue;
      const owners = new Set(uses.map((use) => (use.owner as string).toLowerCase()));
      const repos = [...new Set(uses.map((use) => use.repo))].sort(compareStrings);
      const reach = ctx.repositoryCount[secret.visibility];
      if (owners.size !== 1 || repos.length >= reach) continue;
      const first = uses.sort((a, b) => compareStrings(a.repo, b.repo) || compareLocations(a.location, b.location))[0] as (typeof uses)[number];
      const owner = first.owner as string;
      const named = repos.slice(0, NAMED_REPOS).join(", ") + (repos.length > NAMED_REPOS ? ` and ${repos.length - NAMED_REPOS} more` : "");
      reports.push({
        repo: first.repo,
        messageId: "overexposed",
        data: {
          name,
          visibility: secret.visibility === "all" ? "all repositories" : "all private repositories",
          reach,
          used: repos.length,
          repos: named,
          owner,
        },
        location: first.location,
        secret: name,
        fingerprintKey: `organization:${name}`,
        system: "github-actions",
      });
    }
    return reports;
  },
});
