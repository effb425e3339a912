import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { indentQuotedContinuations } from "./pyyaml-compat.js";

const parse = (text: string) => parseAllDocuments(text).map((doc) => ({ errors: doc.errors.length, value: doc.toJS() as unknown }));

describe("indentQuotedContinuations", () => {
  it("indents continuation lines of quoted scalars the way PyYAML reads them, keeping lines and values", () => {
    const text = [
      "- hosts: all",
      "  vars:",
      "    db_password: \"{{ lookup('env', 'DB_PASSWORD') |",
      "default('') }}\"",
      "    other: '{{ lookup(\"env\", \"OTHER\")",
      "}}'",
      "    fine: \"{{ a",
      "             }}\"",
      "",
    ].join("\n");
    expect(parse(text)[0]?.errors).toBeGreaterThan(0);
    const fixed = indentQuotedContinuations(text);
    expect(fixed?.padding).toEqual(new Map([[4, 5], [6, 5]]));
    expect(fixed?.text.split("\n")).toHaveLength(text.split("\n").length);
    expect(parse(fixed?.text ?? "")).toEqual([
      { errors: 0, value: [{ hosts: "all", vars: { db_password: "{{ lookup('env', 'DB_PASSWORD') | default('') }}", other: '{{ lookup("env", "OTHER") }}', fine: "{{ a }}" } }] },
    ]);
  });

  it("leaves quotes in plain scalars, comments and block scalars alone", () => {
    const text = [
      "- name: Don't restart",
      "  shell: |",
      "    echo \"unterminated",
      "x",
      "  # a comment with \"a quote",
      "  when: it's \"fine",
      "",
    ].join("\n");
    expect(indentQuotedContinuations(text)).toBeNull();
  });

  it("follows escaped quotes and '' inside scalars", () => {
    expect(indentQuotedContinuations('a: "x \\" y"\nb: \'it\'\'s\'\n')).toBeNull();
    expect(indentQuotedContinuations('- a: "x \\"\ny"\n')?.padding).toEqual(new Map([[2, 3]]));
  });
});
