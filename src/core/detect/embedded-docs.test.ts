import { describe, expect, it } from "vitest";
import { scanFiles } from "../scan.js";
import { ALNUM, HEX, fake } from "./fake.js";
import { embeddedDocs } from "./embedded-docs.js";

// Minimised from ansible-collections/community.general plugins/modules/datadog_monitor.py and
// nsupdate.py: sample tasks in the module's EXAMPLES string, documented options in DOCUMENTATION.
const apiKey = fake(HEX, 32, 901);
const module = [
  "#!/usr/bin/python",
  'DOCUMENTATION = r"""',
  "options:",
  "  api_key:",
  "    description: Your Datadog API key.",
  '"""',
  "",
  "EXAMPLES = r'''",
  "- name: Create a metric monitor",
  "  community.general.datadog_monitor:",
  `    api_key: "${apiKey}"`,
  "- community.general.nsupdate:",
  `    key_secret: "${fake(ALNUM, 22, 902)}=="`,
  "'''",
  "",
  `API_TOKEN = "${fake(ALNUM, 32, 903)}"`,
].join("\n");

const hardcoded = (path: string, text: string) =>
  scanFiles([{ path, text }])
    .findings.filter((f) => f.ruleId === "hardcoded-secret")
    .map((f) => [f.location.line, f.severity, f.context ?? null])
    .sort((a, b) => Number(a[0]) - Number(b[0]));

describe("embeddedDocs", () => {
  it("reads an Ansible module's DOCUMENTATION and EXAMPLES strings as docs and example", () => {
    expect(embeddedDocs("plugins/modules/datadog_monitor.py", module)).toEqual([
      { startLine: 2, endLine: 6, context: "docs" },
      { startLine: 8, endLine: 14, context: "example" },
    ]);
  });

  it("reports credentials in the EXAMPLES string at the example context's level, and code beside it as code", () => {
    expect(hardcoded("plugins/modules/datadog_monitor.py", module)).toEqual([
      [11, "note", "example"],
      [13, "note", "example"],
      [16, "error", null],
    ]);
  });

  it("is Python-only and needs a module-level assignment of a triple-quoted string", () => {
    expect(embeddedDocs("roles/dd/tasks/main.yml", module)).toEqual([]);
    expect(embeddedDocs("lib/x.py", `    EXAMPLES = """\napi_key: "${apiKey}"\n"""`)).toEqual([]);
    expect(embeddedDocs("lib/x.py", `EXAMPLES = "api_key: ${apiKey}"`)).toEqual([]);
  });

  it("does not trust an unterminated string", () => {
    expect(embeddedDocs("lib/x.py", `EXAMPLES = '''\napi_key: "${apiKey}"\n`)).toEqual([]);
  });
});

describe("commented-out settings in configuration files", () => {
  const secret = fake(ALNUM, 24, 904);

  it("reports a credential on a comment line of YAML, INI, .properties and .env as docs", () => {
    // elastic/helm-charts logstash/values.yaml, a sample grafana.ini.
    expect(hardcoded("charts/logstash/values.yaml", `extraEnvs:\n#  - name: x\n#      ELASTICSEARCH_PASSWORD: "${secret}"\n`)).toEqual([[3, "note", "docs"]]);
    expect(hardcoded("conf/grafana.ini", `[security]\n;secret_key = ${secret}\n# admin_password = ${secret}\n`)).toEqual([
      [2, "note", "docs"],
      [3, "note", "docs"],
    ]);
    expect(hardcoded("app.properties", `! db.password=${secret}\n`)).toEqual([[1, "note", "docs"]]);
    expect(hardcoded(".env", `# API_TOKEN=${secret}\n`)).toEqual([[1, "note", "docs"]]);
  });

  it("leaves settings in effect, other comment markers and code comments as they are", () => {
    expect(hardcoded("charts/logstash/values.yaml", `env:\n  ELASTICSEARCH_PASSWORD: "${secret}" # the admin's\n`)).toEqual([[2, "error", null]]);
    // `;` is not a comment in YAML, nor `!` in INI.
    expect(hardcoded("values.yaml", `;password: ${secret}\n`)).toEqual([[1, "error", null]]);
    // A comment in code is the code's own business (not a configuration format).
    expect(hardcoded("app/settings.py", `# API_TOKEN = "${secret}"\n`)).toEqual([[1, "error", null]]);
  });
});
