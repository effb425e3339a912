import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jenkins, lexGroovy } from "./jenkins.js";
import { summarizeRefs } from "./testing.js";

const text = readFileSync(new URL("../../../fixtures/extract/jenkins/Jenkinsfile", import.meta.url), "utf8");
const summary = summarizeRefs;
const run = (src: string) => summary(jenkins.extract({ path: "Jenkinsfile", text: src }));

describe("jenkins extractor", () => {
  it("matches Jenkinsfiles and Groovy pipeline scripts", () => {
    for (const p of ["Jenkinsfile", "ci/Jenkinsfile.release", "JenkinsFile", "deploy.jenkinsfile", "vars/standardBuild.groovy"]) expect(jenkins.matches(p)).toBe(true);
    for (const p of ["build.gradle", "jenkins.yml", "Jenkinsfile-notes.txt"]) expect(jenkins.matches(p)).toBe(false);
  });

  it("finds every way a pipeline names a credentials id", () => {
    const r = jenkins.extract({ path: "Jenkinsfile", text });
    expect(r.diagnostics).toEqual([]);
    const stage = (s: string) => `pipeline.stages.stage(${s}).steps`;
    const wc = `${stage("Publish")}.withCredentials`;
    expect(summary(r)).toEqual([
      { name: "nexus-deployer", kind: "reference", line: 11, column: 26, route: "pipeline.environment.NEXUS" },
      { name: "sonarqube-token", kind: "reference", line: 12, column: 32, route: "pipeline.environment.SONAR_TOKEN" },
      { name: "github-deploy-key", kind: "reference", line: 18, column: 85, route: `${stage("Checkout")}.git.credentialsId` },
      { name: "dockerhub", kind: "reference", line: 24, column: 44, route: `${wc}.usernamePassword.credentialsId` },
      { name: "npm-token", kind: "reference", line: 25, column: 34, route: `${wc}.string.credentialsId` },
      { name: "gpg-signing-key", kind: "reference", line: 26, column: 32, route: `${wc}.file.credentialsId` },
      { name: "bastion-ssh", kind: "reference", line: 27, column: 45, route: `${wc}.sshUserPrivateKey.credentialsId` },
      { name: "aws-publisher", kind: "reference", line: 28, column: 75, route: `${wc}.AmazonWebServicesCredentialsBinding.credentialsId` },
      { name: "registry-robot", kind: "reference", line: 36, column: 64, route: `${stage("Publish")}.script.withRegistry` },
      { name: "prod-ssh", kind: "reference", line: 44, column: 20, route: `${stage("Deploy")}.sshagent[0]` },
      { name: "jump-host-ssh", kind: "reference", line: 44, column: 32, route: `${stage("Deploy")}.sshagent[1]` },
      { name: "release-ssh", kind: "reference", line: 47, column: 33, route: `${stage("Deploy")}.sshagent.credentials[0]` },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 50, column: 48, route: `${stage("Deploy")}.withCredentials.string.credentialsId` },
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 53, column: 48, route: `${stage("Deploy")}.withCredentials.string.credentialsId` },
    ]);
  });

  it("ignores ids inside comments and strings, and the parameter that only names a default", () => {
    const names = jenkins.extract({ path: "Jenkinsfile", text }).refs.map((r) => r.name);
    for (const n of ["commented-out", "not-a-call-inside-a-string", "in-a-shell-script", "deploy-staging"]) expect(names).not.toContain(n);
  });

  it("treats a computed argument to credentials() as over-broad", () => {
    expect(run("environment {\n  X = credentials(params.CRED)\n}")).toEqual([
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 2, column: 19, route: "environment.X" },
    ]);
    expect(run("def c = credentials('a' + suffix)")).toEqual([{ name: null, kind: "overbroad", overbroad: "dynamic-index", line: 1, column: 21, route: "c" }]);
  });

  it("does not mistake a regex literal or division for a string", () => {
    expect(run("def x = a / 2; def ok = (y =~ /credentials('z')/)\nwithCredentials([string(credentialsId: 'real', variable: 'V')]) {}")).toEqual([
      { name: "real", kind: "reference", line: 2, column: 41, route: "withCredentials.string.credentialsId" },
    ]);
  });

  it("reports an unterminated block comment or string with its position, never throwing", () => {
    const r = jenkins.extract({ path: "Jenkinsfile", text: "credentials('a')\n/* never closed\ncredentials('b')" });
    expect(summary(r)).toEqual([{ name: "a", kind: "reference", line: 1, column: 14, route: "credentials" }]);
    expect(r.diagnostics.map((d) => [d.location.line, d.location.column])).toEqual([[2, 1]]);
    expect(r.diagnostics[0]?.message).toMatch(/Unterminated \/\* comment/);
    const s = jenkins.extract({ path: "Jenkinsfile", text: "sh 'oops\ncredentials('b')" });
    expect(s.diagnostics.map((d) => [d.location.line, d.location.column])).toEqual([[1, 4]]);
    expect(summary(s)).toEqual([{ name: "b", kind: "reference", line: 2, column: 14, route: "credentials" }]);
  });

  it("lexes triple-quoted strings and GString interpolation", () => {
    const { tokens } = lexGroovy(`x = """a\n'b'""" + "id-\${env.X}" + 'plain-$x'`);
    expect(tokens.filter((t) => t.type === "string").map((t) => [t.value, t.dynamic])).toEqual([
      ["a\n'b'", false],
      ["id-${env.X}", true],
      ["plain-$x", false],
    ]);
  });
});
