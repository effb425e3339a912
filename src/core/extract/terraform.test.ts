import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vetLiterals } from "../detect/scan.js";
import { hashValue } from "../redact.js";
import { lexHcl, readsAsSecretValue, terraform } from "./terraform.js";
import { summarizeRefs } from "./testing.js";

const fixture = (name: string) => ({ path: `infra/${name}`, text: readFileSync(new URL(`../../../fixtures/extract/terraform/${name}`, import.meta.url), "utf8") });
const summary = summarizeRefs;

describe("terraform extractor", () => {
  it("matches .tf and .tfvars files", () => {
    for (const p of ["main.tf", "infra/prod.tfvars", "modules/x/variables.tf"]) expect(terraform.matches(p)).toBe(true);
    for (const p of ["main.tf.json", "terraform.tfstate", "tf.yml"]) expect(terraform.matches(p)).toBe(false);
  });

  it("finds sensitive variables, their uses and secret-manager data sources, and presumes credential-like undeclared uses", () => {
    const r = terraform.extract(fixture("main.tf"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "db_password", kind: "declaration", line: 8, column: 11, route: "variable.db_password" },
      { name: "prod/billing/stripe-api-key", kind: "reference", line: 46, column: 16, route: "data.aws_secretsmanager_secret_version.stripe.secret_id" },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 50, column: 10, route: "data.vault_generic_secret.db.path" },
      { name: "sendgrid-api-key", kind: "reference", line: 54, column: 19, route: "data.azurerm_key_vault_secret.sendgrid.name" },
      { name: "db_password", kind: "reference", line: 61, column: 18, route: "resource.aws_db_instance.billing.password" },
      { name: "db_password", kind: "reference", line: 75, column: 42, route: "locals.connection" },
    ]);
    // Declared in no file seen here: secrets unless the folder declares them plainly.
    expect(summary({ refs: r.presumed ?? [], diagnostics: [] })).toEqual([
      { name: "aws_secret_key", kind: "reference", line: 32, column: 20, route: "provider.aws.secret_key" },
      { name: "okta_client_secret", kind: "reference", line: 70, column: 7, route: "resource.okta_app_oauth.billing.client_secret" },
    ]);
    expect(r.plainDeclarations?.map((d) => d.name)).toEqual(["region", "okta_api_token"]);
  });

  it("counts an SSM parameter only when its literal name ends in a credential-like segment, and a version reading another data source once", () => {
    const r = terraform.extract(fixture("ssm-parameters.tf"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "/vpn/sdm/api_access_key", kind: "reference", line: 12, column: 11, route: "data.aws_ssm_parameter.api_access_key.name" },
      { name: "/vpn/sdm/ssh-admin-token", kind: "reference", line: 16, column: 11, route: "data.aws_ssm_parameter.ssh_admin_token.name" },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 27, column: 10, route: "data.aws_secretsmanager_secret.datadog_api_key.name" },
    ]);
  });

  it.each([
    ["okta_api_token", true],
    ["db_password", true],
    ["master_password", true],
    ["client_secret", true],
    ["private_key", true],
    ["create_kms_key", false],
    ["manage_master_user_password", false],
    ["kms_key_deletion_window_in_days", false],
    ["kms_key_users", false],
    ["performance_insights_kms_key_id", false],
    ["domain_auth_secret_arn", false],
    ["ec2_key_name", false],
    ["ca_cert_identifier", false],
    ["master_user_password_rotation_schedule_expression", false],
    ["cluster_certificate_authority_data", false],
    ["client_certificate", false],
    ["region", false],
  ])("a %s whose declaration is not seen is presumed secret: %s", (name, secret) => {
    expect(readsAsSecretValue(name)).toBe(secret);
  });

  it("does not report non-sensitive variables, uses inside string text or comments", () => {
    const names = terraform.extract(fixture("main.tf")).refs.map((x) => x.name);
    for (const n of ["region", "okta_api_token", "not_a_use", "environment"]) expect(names).not.toContain(n);
  });

  it("returns literal provider credentials, flagging identity providers; the scanner drops documented examples", () => {
    const r = terraform.extract(fixture("main.tf"));
    expect(r.literals?.map(({ detector, key, location: { line, column }, identity, value }) => ({ detector, key, line, column, identity, value }))).toEqual([
      { detector: "terraform-provider-literal", key: "api_token", line: 26, column: 16, identity: true, value: "Qz7Lw3Rk9Tn2Vb6Xc4Mf8Hp1Jd5Gs0Ky3Ua7Ne" },
      { detector: "terraform-provider-literal", key: "access_key", line: 31, column: 17, identity: true, value: "AKIAIOSFODNN7EXAMPLE" },
      { detector: "terraform-provider-literal", key: "token", line: 40, column: 14, identity: true, value: "" },
    ]);
    // AWS's documented example key is a placeholder for every detector, structural ones included;
    // an empty value is no credential.
    expect(vetLiterals("infra/main.tf", r.literals ?? []).map(({ key, valueHash, length, identity }) => ({ key, valueHash, length, identity }))).toEqual([
      { key: "api_token", valueHash: hashValue("Qz7Lw3Rk9Tn2Vb6Xc4Mf8Hp1Jd5Gs0Ky3Ua7Ne"), length: 38, identity: true },
    ]);
  });

  it("reports an unterminated string and an unclosed block, keeping what it read", () => {
    const r = terraform.extract(fixture("broken.tf"));
    expect(summary(r)).toEqual([
      { name: "api_key", kind: "declaration", line: 1, column: 11, route: "variable.api_key" },
      { name: "api_key", kind: "reference", line: 12, column: 15, route: "resource.null_resource.x.triggers" },
    ]);
    expect(r.diagnostics.map((d) => ({ line: d.location.line, column: d.location.column, message: d.message }))).toEqual([
      { line: 7, column: 19, message: "Unterminated string: a quoted string must close on the same line. Add the closing quote." },
      { line: 10, column: 1, message: "Block resource.null_resource.x is never closed: add the missing }." },
    ]);
    expect(r.literals).toEqual([]);
  });

  it("lexes heredocs, nested interpolation and comments into code-only text", () => {
    const { tokens, code } = lexHcl('a = "x ${lookup(m, "k")} y" # var.c\nb = <<-EOT\n  lit ${var.d}\n  EOT\n');
    expect(tokens.filter((t) => t.type === "heredoc").map((t) => [t.value, t.interpolated])).toEqual([["  lit ${var.d}", true]]);
    expect(code).toContain("lookup(m,");
    expect(code).toContain("var.d");
    expect(code).not.toContain("var.c");
    expect(code).not.toContain("lit");
  });

  it("blanks only with spaces, keeping every line break and every code character in place", () => {
    const unit = fc.constantFrom("a", "var.x", "=", " ", "\n", "\r\n", '"', "\\", "${", "%{", "}", "{", "#", "//", "/*", "*/", "<<EOT\n", "EOT", "\u2028", "é");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        const { code } = lexHcl(text);
        // One place past the end at most: a string cut short by a lone backslash.
        expect(code.length - text.length).toBeGreaterThanOrEqual(0);
        expect(code.length - text.length).toBeLessThanOrEqual(1);
        for (let k = 0; k < code.length; k++) {
          if (code[k] !== text[k]) expect([code[k], text[k]]).toEqual([" ", text[k] === "\n" ? "never" : text[k]]);
        }
      }),
      { numRuns: 2000 },
    );
    expect(lexHcl('"\\').code).toBe('"  ');
    expect(lexHcl('a = "x" # c\n').code).toBe('a = " "    \n');
  });
});
