import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vetLiterals } from "../detect/scan.js";
import { hashValue } from "../redact.js";
import { kubernetes, lineStartMatches, withoutInertDocuments } from "./kubernetes.js";
import { summarizeRefs } from "./testing.js";

const fixture = (name: string) => ({ path: `k8s/${name}`, text: readFileSync(new URL(`../../../fixtures/extract/kubernetes/${name}`, import.meta.url), "utf8") });
const summary = summarizeRefs;

describe("kubernetes extractor", () => {
  it("matches YAML files except other tools' well-known ones", () => {
    for (const p of ["k8s/deploy.yaml", "manifests/secret.yml", "base/kustomization/app.yaml"]) expect(kubernetes.matches(p)).toBe(true);
    for (const p of [".github/workflows/ci.yml", ".gitlab-ci.yml", "docker-compose.yml", "charts/api/values.yaml", "charts/api/templates/deployment.yaml", "README.md", "azure-pipelines.yml", "ansible/group_vars/all.yml", "roles/x/tasks/main.yml"]) {
      expect(kubernetes.matches(p)).toBe(false);
    }
  });

  it("finds the Secrets workloads use and the Secrets a manifest declares", () => {
    const r = kubernetes.extract(fixture("billing.yaml"));
    expect(r.diagnostics).toEqual([]);
    const pod = "Deployment/billing-api:spec.template.spec";
    expect(summary(r)).toEqual([
      { name: "ghcr-pull", kind: "reference", line: 12, column: 17, route: `${pod}.imagePullSecrets[0]` },
      { name: "billing-db", kind: "reference", line: 20, column: 25, route: `${pod}.containers[0].env[0].valueFrom.secretKeyRef[password]` },
      { name: "stripe-credentials", kind: "reference", line: 29, column: 23, route: `${pod}.containers[0].envFrom[0].secretRef` },
      { name: "billing-mtls", kind: "reference", line: 38, column: 25, route: `${pod}.volumes[0].secret` },
      { name: "signing-key", kind: "reference", line: 43, column: 25, route: `${pod}.volumes[1].projected.sources[0].secret` },
      { name: "billing-db", kind: "declaration", line: 48, column: 9, route: "Secret/billing-db:metadata.name" },
      { name: "stripe-credentials", kind: "declaration", line: 58, column: 9, route: "Secret/stripe-credentials:metadata.name" },
      { name: "billing-example-com-tls", kind: "reference", line: 71, column: 19, route: "Ingress/billing:spec.tls[0].secretName" },
    ]);
  });

  it("returns literal Secret values (decoded); the scanner keeps credentials, not usernames or placeholders", () => {
    const r = kubernetes.extract(fixture("billing.yaml"));
    const credentials = vetLiterals("billing.yaml", r.literals ?? []);
    expect(credentials.map(({ detector, key, location: { line, column }, length, identity, valueHash }) => ({ detector, key, line, column, length, identity, valueHash }))).toEqual([
      { detector: "kubernetes-secret-literal", key: "password", line: 52, column: 13, length: 20, identity: false, valueHash: hashValue("S3cr3t-p@ssw0rd-2024") },
      { detector: "kubernetes-secret-literal", key: "STRIPE_API_KEY", line: 60, column: 20, length: 28, identity: false, valueHash: hashValue("9fQx7Lr2mZpW4tKs8vNcYb3Hd6Jg") },
    ]);
    expect((r.literals ?? []).length).toBeGreaterThan(credentials.length);
  });

  it("does not report configMapKeyRef, secret names built from templates or variables", () => {
    const r = kubernetes.extract({ path: "a.yaml", text: "apiVersion: v1\nkind: Pod\nspec:\n  volumes:\n    - secret: {secretName: '${SECRET}'}\n  imagePullSecrets: [{name: '{{ .Values.pull }}'}]\n" });
    expect(summary(r)).toEqual([]);
    const names = kubernetes.extract(fixture("billing.yaml")).refs.map((x) => x.name);
    expect(names).not.toContain("billing-config");
  });

  it("skips YAML that is not a manifest without parsing it", () => {
    expect(kubernetes.extract({ path: "config.yml", text: "foo: [unclosed\n" })).toEqual({ refs: [], diagnostics: [] });
  });

  it("reports broken YAML with a position and keeps what it read", () => {
    const r = kubernetes.extract(fixture("broken.yaml"));
    expect(summary(r)).toEqual([{ name: "api-token", kind: "reference", line: 11, column: 34, route: "Pod/broken:spec.containers[0].env[0].valueFrom.secretKeyRef[token]" }]);
    expect(r.diagnostics.map((d) => [d.location.file, d.location.line, d.location.column])).toEqual([["k8s/broken.yaml", 12, 1]]);
  });

  describe("kinds that never name a Secret", () => {
    // A CRD schema is full of secret words; the broken quote proves the document is never parsed.
    const crd = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata:",
      "  name: alertmanagers.monitoring.coreos.com",
      "spec:",
      "  versions:",
      "    - schema:",
      "        openAPIV3Schema:",
      "          properties:",
      "            secretKeyRef:",
      '              description: "the key of a secret',
      "            secretName: {type: string}",
    ].join("\n");
    const deployment = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: api}",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - envFrom:",
      "            - secretRef: {name: api-env}",
    ].join("\n");

    it("skips a CustomResourceDefinition without parsing it", () => {
      expect(kubernetes.extract({ path: "crds/alertmanagers.yaml", text: `${crd}\n` })).toEqual({ refs: [], diagnostics: [] });
      expect(withoutInertDocuments(`# comment\n${crd}\n`)).toBeNull();
    });

    it("blanks inert documents of a multi-document file and keeps the others at their lines", () => {
      const text = `${crd}\n---\n${deployment}\n---\nkind: ConfigMap\napiVersion: v1\ndata: {secretName: x}\n`;
      const r = kubernetes.extract({ path: "bundle.yaml", text });
      expect(r.diagnostics).toEqual([]);
      expect(summary(r)).toEqual([{ name: "api-env", kind: "reference", line: 22, column: 33, route: "Deployment/api:spec.template.spec.containers[0].envFrom[0].secretRef" }]);
    });

    it("reads only a column-0 kind, never a nested one", () => {
      const nested = "apiVersion: v1\nkind: Pod\nspec:\n  x:\n    kind: CustomResourceDefinition\n  imagePullSecrets: [{name: pull}]\n";
      expect(withoutInertDocuments(nested)).toBe(nested);
      expect(summary(kubernetes.extract({ path: "pod.yaml", text: nested })).map((ref) => ref.name)).toEqual(["pull"]);
    });
  });

  it("finds line-start matches exactly where a ^-anchored multiline matchAll does", () => {
    const patterns = [
      { word: "kind", line: /kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?\r?$/my },
      { word: "---", line: /---[ \t]*(?:#.*)?\r?$/my },
    ];
    const unit = fc.constantFrom("kind", ":", " ", "\t", "Secret", "'", "#", "x", "---", "-", "\n", "\r", "\r\n", "\u2028", "\u2029", "kind: CustomResourceDefinition");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (text) => {
        for (const { word, line } of patterns) {
          const anchored = new RegExp(`^${line.source}`, "gm");
          const expected = [...text.matchAll(anchored)].map((m) => [m.index, m[0], m[1]]);
          expect(lineStartMatches(text, word, line).map((m) => [m.index, m[0], m[1]])).toEqual(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
