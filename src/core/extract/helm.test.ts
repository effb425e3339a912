import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { helm } from "./helm.js";
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
