import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HELM_VALUES_GATE, helm, KEYS_SHARE, TEMPLATE_KEYS, templateMayNameSecret, templateRefs } from "./helm.js";
import { summarizeRefs } from "./testing.js";

const fixture = (name: string) => {
  const path = `charts/billing/${name}`;
  return { path, text: readFileSync(new URL(`../../../fixtures/extract/helm/billing/${name}`, import.meta.url), "utf8") };
};
const summary = summarizeRefs;

describe("helm extractor", () => {
  it("matches values files and chart templates", () => {
    for (const p of ["charts/billing/values.yaml", "values-prod.yaml", "charts/x/values.production.yml", "charts/x/templates/deployment.yaml", "charts/x/templates/_helpers.tpl"]) {
      expect(helm.matches(p)).toBe(true);
    }
    for (const p of ["charts/x/Chart.yaml", "my-values.yaml", "charts/x/templates/NOTES.txt", "k8s/deployment.yaml"]) expect(helm.matches(p)).toBe(false);
  });

  it("finds existing Secrets named in values, ignoring empty defaults and credential values", () => {
    const r = helm.extract(fixture("values.yaml"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "ghcr-pull", kind: "reference", line: 8, column: 11, route: "imagePullSecrets[0]" },
      { name: "billing-auth", kind: "reference", line: 12, column: 19, route: "auth.existingSecret" },
      { name: "billing-example-com-tls", kind: "reference", line: 22, column: 15, route: "tls.secretName" },
      { name: "stripe-credentials", kind: "reference", line: 25, column: 21, route: "stripe.apiKeySecretName" },
    ]);
  });

  it("finds literal Secret names in templates and skips names rendered from values", () => {
    const r = helm.extract(fixture("templates/deployment.yaml"));
    expect(r.diagnostics).toEqual([]);
    const spec = "spec.template.spec";
    expect(summary(r)).toEqual([
      { name: "sentry-dsn", kind: "reference", line: 23, column: 26, route: `${spec}.containers.env.valueFrom.secretKeyRef.name` },
      { name: "billing-shared-env", kind: "reference", line: 27, column: 23, route: `${spec}.containers.envFrom.secretRef.name` },
      { name: "billing-signing-key", kind: "reference", line: 31, column: 25, route: `${spec}.volumes.secret.secretName` },
    ]);
  });

  it("reports lookup of a named Secret, and a computed lookup as over-broad", () => {
    expect(summary(helm.extract(fixture("templates/secret.yaml")))).toEqual([
      { name: "billing-auth", kind: "reference", line: 1, column: 59, route: "lookup" },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 2, column: 59, route: "lookup" },
    ]);
    expect(summary(helm.extract({ path: "c/templates/all.yaml", text: '{{ range (lookup "v1" "Secret" "prod" "").items }}{{ end }}\n' }))).toEqual([
      { name: null, kind: "overbroad", overbroad: "inherit", line: 1, column: 39, route: "lookup" },
    ]);
  });

  it.each([
    ['{{- $s := (lookup "v1" "Secret" (include "common.names.namespace" .context) .secret).data }}', null, 77],
    ['{{- $s := lookup "v1" "Secret" (include "common.names.namespace" .) "app-tls" }}', "app-tls", 70],
    ['{{- $s := lookup "v1" "Secret" $.Release.Namespace (printf "%s-auth" (include "x.fullname" .)) }}', null, 52],
    ['{{- $s := lookup "v1" "Secret" (tpl .Values.namespace $) (include "x.secretName" .) }}', null, 58],
    ['{{- $s := lookup "v1" "Secret" "monitoring" $name }}', null, 45],
    ['{{- $s := lookup "v1" "Secret" "monitoring" "grafana-admin" | default dict }}', "grafana-admin", 46],
  ])("reads lookup's namespace and name as template operands: %s", (line, name, column) => {
    const refs = helm.extract({ path: "charts/x/templates/_helpers.tpl", text: `${line}\n` }).refs;
    expect(refs.map((r) => [r.name, r.kind, r.location.column])).toEqual([[name, name === null ? "overbroad" : "reference", column]]);
  });

  it("skips Secret names in template comments (chart authors document values there)", () => {
    const text = [
      "{{/*",
      "global:",
      "  imagePullSecrets:",
      "  - name: pullSecret1",
      "*/}}",
      '{{- define "x.imagePullSecrets" -}}',
      "{{- /* secretName: documented-only */ -}}",
      "{{- range .Values.global.imagePullSecrets }}",
      "imagePullSecrets:",
      "  - name: literal-pull",
      "{{- end }}",
    ].join("\n");
    expect(summary(helm.extract({ path: "charts/x/templates/_helpers.tpl", text }))).toEqual([
      { name: "literal-pull", kind: "reference", line: 10, column: 11, route: "imagePullSecrets.name" },
    ]);
  });

  it("finds nothing in kube-prometheus-stack's documented imagePullSecrets helper", () => {
    const path = "charts/kube-prometheus-stack/templates/_helpers.tpl";
    const text = readFileSync(new URL(`../../../fixtures/extract/helm/kube-prometheus-stack/templates/_helpers.tpl`, import.meta.url), "utf8");
    expect(helm.extract({ path, text })).toEqual({ refs: [], diagnostics: [] });
  });

  it("leaves non-chart files under a templates/ folder alone", () => {
    expect(helm.extract({ path: "azure/templates/build.yml", text: "steps:\n- script: echo {{ name }}\n  secretName: x\n" })).toEqual({ refs: [], diagnostics: [] });
  });

  it("reports broken values YAML with its position", () => {
    const r = helm.extract({ path: "values.yaml", text: "auth:\n  existingSecret: [oops\n" });
    expect(r.diagnostics[0]?.location).toMatchObject({ file: "values.yaml", line: 3 });
  });
});

describe("templateMayNameSecret", () => {
  const reports = (text: string) => templateRefs("c/templates/t.yaml", text).length > 0;

  it.each([
    ["a literal secretName", "volumes:\n  - name: tls\n    secret:\n      secretName: app-tls\n"],
    ["a quoted secretName with a comment", "tls:\n  - secretName: 'app-tls' # fixed\n"],
    ["a name under secretKeyRef, below other keys", "env:\n  - name: X\n    valueFrom:\n      secretKeyRef:\n        key: k\n        name: db\n"],
    ["a name under secretRef", "envFrom:\n  - secretRef:\n      name: shared-env\n"],
    ["a pull-secret list item", "imagePullSecrets:\n  - name: regcred\n"],
    ["a name under a volume secret, after a nested block", "secret:\n  items:\n    - key: a\n      path: b\n  name: s\n"],
    ["a parent inside another parent's block", "secret:\n  x: 1\n  secretRef:\n    name: inner\n"],
    ["a lookup with a literal name", '{{- $s := lookup "v1" "Secret" "ns" "grafana-admin" }}\n'],
    ["CRLF line ends", "envFrom:\r\n  - secretRef:\r\n      name: shared-env\r\n"],
  ])("passes a template with %s", (_, text) => {
    expect(reports(text)).toBe(true);
    expect(templateMayNameSecret(text)).toBe(true);
  });

  it.each([
    ["names built from values", "secret:\n  secretName: {{ include \"x.fullname\" . }}\nimagePullSecrets:\n  - name: {{ .Values.pull }}\n"],
    ["a CRD schema naming the keys without values", "secretKeyRef:\n  description: d\n  properties:\n    name:\n      type: string\n    key: {}\nsecretName:\n  type: string\n"],
    ["a name that belongs to a deeper key, not the parent", "secretKeyRef:\n  properties:\n    name: x\n"],
    ["a name after the parent's block has ended", "secretRef:\n  optional: true\nname: app\n"],
    ["a name on the parent's own line (no block)", "secret: {}\nname: app\n"],
    ["a key that only ends in a parent's name", "mysecret:\n  name: x\nsecretNames: y\n"],
    ["empty values and comments", "secretName: \"\"\nsecretRef:\n  name: # later\n"],
  ])("keeps out a template with %s", (_, text) => {
    expect(reports(text)).toBe(false);
    expect(templateMayNameSecret(text)).toBe(false);
  });

  it("finds every key it looks for by the part they share, held once", () => {
    for (const key of [...TEMPLATE_KEYS, ...HELM_VALUES_GATE.tokens]) expect(key.split(KEYS_SHARE).length, key).toBe(2);
  });

  it("on generated templates, passes exactly those templateRefs reports from (lookups aside)", () => {
    const keyLine = fc
      .record({
        indent: fc.constantFrom("", " ", "  ", "    ", "      ", "\t"),
        item: fc.constantFrom("", "- ", "-  "),
        key: fc.constantFrom("name", ...TEMPLATE_KEYS, "key", "properties", "mysecret", "secret-x"),
        colon: fc.constantFrom(":", ": ", ":  ", ":x"),
        value: fc.constantFrom("", "app", "'app'", '"app"', "{{ .Values.x }}", "$(X)", "# c", "{}", "app # c", '""', "'a"),
      })
      .map(({ indent, item, key, colon, value }) => `${indent}${item}${key}${colon}${value}`);
    const otherLine = fc.constantFrom("", "{{- if .Values.x }}", "{{- end }}", "  # note", '{{ lookup "v1" "Secret" "ns" "n" }}', "{{/*", "*/}}", "text");
    const template = fc.tuple(fc.array(fc.oneof(keyLine, otherLine), { maxLength: 14 }), fc.constantFrom("\n", "\r\n")).map(([lines, nl]) => lines.join(nl));
    let reported = 0;
    fc.assert(
      fc.property(template, (text) => {
        const expected = reports(text);
        if (expected) reported++;
        // A `lookup "v1" "Secret"` is let through on its words alone, whether or not it parses.
        if (expected || !text.includes("lookup")) expect(templateMayNameSecret(text)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // The generator reaches the cases that matter.
    expect(reported).toBeGreaterThan(300);
  });

  it("lets the extractor report exactly what the line reading reports", () => {
    const text = readFileSync(new URL("../../../fixtures/extract/helm/billing/templates/deployment.yaml", import.meta.url), "utf8");
    expect(templateMayNameSecret(text)).toBe(true);
    expect(helm.extract({ path: "c/templates/d.yaml", text }).refs).toEqual(templateRefs("c/templates/d.yaml", text));
  });
});
