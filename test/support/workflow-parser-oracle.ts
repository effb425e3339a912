import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Lexer, Parser } from "@actions/expressions";
import type { Expr } from "@actions/expressions";
import { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Unary } from "@actions/expressions/ast";
import { TokenType } from "@actions/expressions/lexer";
import type * as Index from "@actions/workflow-parser";
import type * as ActionParser from "@actions/workflow-parser/actions/action-parser";
import type * as AllowedContext from "@actions/workflow-parser/templates/allowed-context";
import type { TemplateParseResult } from "@actions/workflow-parser/templates/template-parse-result";
import type { BasicExpressionToken } from "@actions/workflow-parser/templates/tokens/basic-expression-token";
import type * as Tokens from "@actions/workflow-parser/templates/tokens/template-token";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import type { TokenRange } from "@actions/workflow-parser/templates/tokens/token-range";
import { build } from "esbuild";
import { REPO_ROOT } from "../paths.js";

/*
 * GitHub's own reading of a workflow, used as a test oracle for the github-actions extractor.
 * Nothing here borrows from the extractor: the token tree, the expression tokens and the contexts
 * each expression may use all come from @actions/workflow-parser, and the expression ASTs from
 * @actions/expressions, configured exactly as the workflow parser configures them.
 */

/** One `secrets.NAME` / `secrets['NAME']` the parser accepted. */
export interface OracleRef {
  /** As written; GitHub resolves secret names case-insensitively. */
  readonly name: string;
  /** Lines of the YAML scalar holding the expression (1-based, inclusive); undefined when the parser kept no range. */
  readonly lines: { readonly first: number; readonly last: number } | undefined;
  /**
   * The textual place: the scalar's range, the `${{ }}`'s range inside it and the `secrets` token's
   * position inside the expression. An alias makes the parser yield the anchored node again with
   * the anchored node's own range, so the same place through two aliases has the same key.
   */
  readonly place: string;
}

export interface OracleResult {
  /** The parser returned no tree (invalid YAML, an empty file, a reader error such as an unexpected mapping) or threw. */
  readonly gaveUp: boolean;
  /** Validation errors the parser reported (it stops recording after its own limit). */
  readonly errors: ReadonlyArray<{ readonly range: TokenRange | undefined }>;
  /** Every reference as the parser yields it, aliases repeated. */
  readonly occurrences: readonly OracleRef[];
  /** One per textual place (see `OracleRef.place`). */
  readonly refs: readonly OracleRef[];
}

/** The parts of @actions/workflow-parser the oracle uses; the bundle below re-exports exactly these. */
interface WorkflowParserApi {
  parseWorkflow: typeof Index.parseWorkflow;
  parseAction: typeof ActionParser.parseAction;
  NoOperationTraceWriter: typeof Index.NoOperationTraceWriter;
  isBasicExpression: typeof Index.isBasicExpression;
  isString: typeof Index.isString;
  TemplateToken: typeof Tokens.TemplateToken;
  splitAllowedContext: typeof AllowedContext.splitAllowedContext;
}

const ENTRY = `
export { parseWorkflow, NoOperationTraceWriter, isBasicExpression, isString } from "@actions/workflow-parser";
export { parseAction } from "@actions/workflow-parser/actions/action-parser";
export { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
export { splitAllowedContext } from "@actions/workflow-parser/templates/allowed-context";
`;

/**
 * Loads the parser through esbuild, as scripts/build.mjs does for the CLI: the package imports its
 * JSON schema without an import attribute, which Node refuses, and vitest leaves node_modules to
 * Node. The bundle goes to a temporary folder, never into the shared node_modules.
 */
export async function loadWorkflowParser(): Promise<(path: string, content: string) => OracleResult> {
  const bundled = await build({
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, loader: "js" },
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "silent",
    // `yaml` resolves to its CommonJS build and calls require(), which an ES module lacks.
    banner: { js: "import { createRequire as __oracleRequire } from 'node:module'; const require = __oracleRequire(import.meta.url);" },
  });
  const code = bundled.outputFiles[0]?.text;
  if (code === undefined) throw new Error("esbuild produced no bundle for @actions/workflow-parser");
  const dir = mkdtempSync(join(tmpdir(), "workflow-parser-oracle-"));
  try {
    const file = join(dir, "workflow-parser.mjs");
    writeFileSync(file, code);
    const api = (await import(pathToFileURL(file).href)) as WorkflowParserApi;
    return (path, content) => readWithWorkflowParser(api, path, content);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `action.yml` files are read with the action schema, everything else with the workflow schema. */
function readWithWorkflowParser(api: WorkflowParserApi, path: string, content: string): OracleResult {
  let parsed: TemplateParseResult;
  try {
    const file = { name: path, content };
    parsed = /(?:^|\/)action\.ya?ml$/.test(path)
      ? api.parseAction(file, new api.NoOperationTraceWriter())
      : api.parseWorkflow(file, new api.NoOperationTraceWriter());
  } catch {
    return { gaveUp: true, errors: [], occurrences: [], refs: [] };
  }
  const errors = parsed.context.errors.getErrors().map((error) => ({ range: error.range }));
  if (parsed.value === undefined) return { gaveUp: true, errors, occurrences: [], refs: [] };

  const contexts = (allowed: string[]): Contexts => api.splitAllowedContext(allowed);
  const occurrences: OracleRef[] = [];
  for (const [, token, key] of api.TemplateToken.traverse(parsed.value)) {
    if (api.isBasicExpression(token)) {
      // Several `${{ }}` in one string become one `format(...)` token; its parts keep their own
      // ranges and expressions, so each is read on its own.
      for (const part of token.originalExpressions ?? [token]) {
        occurrences.push(...refsIn(part.expression, token, part.range, contexts(allowedContextOf(part))));
      }
    } else if (api.isString(token) && key !== undefined && api.isString(key) && key.value === "if" && !token.value.includes("${{")) {
      // A bare `if:` is an expression too; the converter (convertToIfCondition) parses it with the
      // contexts the schema allows there, as here.
      occurrences.push(...refsIn(token.value, token, token.range, contexts(token.definitionInfo?.allowedContext ?? [])));
    }
  }
  const byPlace = new Map<string, OracleRef>();
  for (const ref of occurrences) if (!byPlace.has(ref.place)) byPlace.set(ref.place, ref);
  return { gaveUp: false, errors, occurrences, refs: [...byPlace.values()] };
}

type Contexts = ReturnType<WorkflowParserApi["splitAllowedContext"]>;

function allowedContextOf(token: BasicExpressionToken): string[] {
  return token.definitionInfo?.allowedContext ?? [];
}

function refsIn(expression: string, scalar: TemplateToken, part: TokenRange | undefined, { namedContexts, functions }: Contexts): OracleRef[] {
  let tree: Expr | undefined;
  try {
    tree = new Parser(new Lexer(expression).lex().tokens, namedContexts, functions).parse() as Expr | undefined;
  } catch {
    // Rejected where it stands (e.g. `secrets` in an `if:`): GitHub never evaluates it.
    return [];
  }
  const found: Array<{ name: string; at: string }> = [];
  if (tree !== undefined) collectSecrets(tree, found);
  const range = scalar.range;
  return found.map(({ name, at }) => ({
    name,
    lines: range === undefined ? undefined : { first: range.start.line, last: range.end.line },
    place: `${show(range)}|${show(part)}|${at}`,
  }));
}

function show(range: TokenRange | undefined): string {
  return range === undefined ? "?" : `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** `secrets.NAME` and `secrets['NAME']`: an index access on the `secrets` named context with a literal name. */
function collectSecrets(expr: Expr, out: Array<{ name: string; at: string }>): void {
  if (expr instanceof IndexAccess) {
    if (expr.expr instanceof ContextAccess && expr.expr.name.lexeme.toLowerCase() === "secrets" && expr.index instanceof Literal) {
      const token = expr.index.token;
      const name = token.type === TokenType.IDENTIFIER ? token.lexeme : token.type === TokenType.STRING ? String(token.value) : undefined;
      if (name !== undefined) {
        const at = expr.expr.name.range.start;
        out.push({ name, at: `${at.line}:${at.column}` });
        return;
      }
    }
    collectSecrets(expr.expr, out);
    collectSecrets(expr.index, out);
    return;
  }
  if (expr instanceof FunctionCall || expr instanceof Logical) {
    for (const arg of expr.args) collectSecrets(arg, out);
  } else if (expr instanceof Binary) {
    collectSecrets(expr.left, out);
    collectSecrets(expr.right, out);
  } else if (expr instanceof Unary) {
    collectSecrets(expr.expr, out);
  } else if (expr instanceof Grouping) {
    collectSecrets(expr.group, out);
  }
  // Literal, ContextAccess and Star hold no named secret.
}
