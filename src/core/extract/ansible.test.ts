import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ansible } from "./ansible.js";
import { summarizeRefs } from "./testing.js";

const fixture = (name: string) => ({ path: name, text: readFileSync(new URL(`../../../fixtures/extract/ansible/${name}`, import.meta.url), "utf8") });
const summary = summarizeRefs;

describe("ansible extractor", () => {
  it("matches playbooks, roles and inventory variables, not every YAML file", () => {
    for (const p of ["site.yml", "playbooks/deploy.yml", "roles/billing/tasks/main.yml", "roles/x/defaults/main.yaml", "inventory/group_vars/all", "group_vars/prod/vault.yml", "host_vars/db1.yml"]) {
      expect(ansible.matches(p)).toBe(true);
    }
    for (const p of ["docker-compose.yml", "k8s/deploy.yaml", ".gitlab-ci.yml", "roles/x/templates/app.conf.j2", "group_vars/README.md"]) expect(ansible.matches(p)).toBe(false);
  });

  it("declares vault-encrypted variables and reads credential env lookups", () => {
    const r = ansible.extract(fixture("group_vars/all/main.yml"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "billing_db_password", kind: "declaration", line: 3, column: 1, route: "billing_db_password" },
      { name: "stripe_api_key", kind: "declaration", line: 7, column: 1, route: "stripe_api_key" },
      { name: "DEPLOY_TOKEN", kind: "reference", line: 9, column: 34, route: "deploy_token" },
    ]);
  });

  it("declares a whole vault-encrypted file under its file name", () => {
    expect(summary(ansible.extract(fixture("group_vars/all/vault.yml")))).toEqual([{ name: "vault", kind: "declaration", line: 1, column: 1, route: "(vault file)" }]);
  });

  it("finds secret-manager reads by module and lookup, and computed ones as over-broad", () => {
    const r = ansible.extract(fixture("roles/billing/tasks/main.yml"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "billing/database", kind: "reference", line: 6, column: 11, route: "[0].community.hashi_vault.vault_kv2_get.path" },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 11, column: 12, route: "[1].community.hashi_vault.vault_kv2_get.path" },
      { name: "secret/data/smtp:password", kind: "reference", line: 19, column: 54, route: "[2].vars.smtp_password" },
      { name: "NPM_TOKEN", kind: "reference", line: 20, column: 35, route: "[2].vars.npm_token" },
      { name: "prod/billing/aws", kind: "reference", line: 21, column: 51, route: "[2].vars.aws_key" },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 22, column: 40, route: "[2].vars.dynamic" },
    ]);
  });

  it("does not report non-credential env lookups, commented lookups or plain variables", () => {
    const names = [...ansible.extract(fixture("roles/billing/tasks/main.yml")).refs, ...ansible.extract(fixture("group_vars/all/main.yml")).refs].map((x) => x.name);
    for (const n of ["HOME", "SENTRY_DSN", "KEYBOARD_LAYOUT", "COMMENTED_TOKEN", "billing_db_user"]) expect(names).not.toContain(n);
  });

  it("reads multi-line quoted expressions closed at column 0 as Ansible (PyYAML) does, with no YAML diagnostics", () => {
    const r = ansible.extract(fixture("roles/mail/tasks/main.yml"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "RELAY_PASSWORD", kind: "reference", line: 9, column: 40, route: "[0].vars.relay_password" },
      { name: "mail/relay:password", kind: "reference", line: 10, column: 9, route: "[0].vars.relay_password" },
      { name: "SMTP_API_TOKEN", kind: "reference", line: 12, column: 36, route: "[0].vars.smtp_token" },
    ]);
  });

  it("reports broken YAML with its position", () => {
    const r = ansible.extract({ path: "site.yml", text: "- hosts: all\n  vars:\n    t: \"{{ lookup('env', 'API_TOKEN') }}\n" });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]?.location.file).toBe("site.yml");
  });
});
