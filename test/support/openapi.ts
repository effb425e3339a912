import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/**
 * Checks a simulated GitHub API exchange against GitHub's published OpenAPI description
 * (`@octokit/openapi`, api.github.com), so a fake in a test cannot drift from the real API: the
 * operation must exist, the query parameters and request body must be what it accepts, and the
 * status and response body must be what it documents.
 *
 * Used by the nock helper (`nock-github.ts`) for every intercepted request, and callable per
 * request from a loopback server: `assertGitHubExchange({ method, url, status, responseBody })`.
 */

export interface GitHubExchange {
  readonly method: string;
  /** Absolute URL (`https://api.github.com/repos/o/r/actions/secrets?per_page=100`) or a path. */
  readonly url: string;
  readonly requestBody?: unknown;
  readonly status: number;
  /** Parsed JSON, or undefined for an empty body. */
  readonly responseBody?: unknown;
}

export interface CheckOptions {
  /** The API root the client was given; `/api/v3` for GHES. Its path is stripped before matching. */
  readonly baseUrl?: string;
}

/**
 * Statuses GitHub may answer on any endpoint even where the description lists only success:
 * rate limits (403/429, documented in "Rate limits for the REST API"), missing permission (403),
 * authentication (401) and server errors. Their body is GitHub's `basic-error`.
 */
const UNDOCUMENTED_ERROR_STATUSES = new Set([401, 403, 404, 429, 500, 502, 503]);

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required?: boolean;
  readonly schema?: object;
  readonly "x-multi-segment"?: boolean;
}

interface Operation {
  readonly operationId: string;
  readonly parameters?: readonly (Parameter | { $ref: string })[];
  readonly requestBody?: { $ref: string } | { content?: Record<string, { schema?: object }>; required?: boolean };
  readonly responses: Record<string, { $ref: string } | { content?: Record<string, { schema?: object }> }>;
}

interface Description {
  readonly paths: Record<string, Record<string, Operation | unknown>>;
  readonly components: Record<string, Record<string, unknown>>;
}

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  /** Fewer parameters wins when two templates match (`/environments/{name}` vs a literal segment). */
  readonly parameterCount: number;
}

const DOCUMENT_ID = "github-openapi";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

let loaded: { description: Description; ajv: Ajv; routes: Route[] } | null = null;
const validators = new Map<string, ValidateFunction>();

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const path = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const description = JSON.parse(readFileSync(path, "utf8")) as Description;
  untypedNullableToAnyOf(description);
  // OpenAPI 3.0 schemas carry `nullable`, `example` and `x-github` keywords that are not JSON
  // Schema; strict mode would refuse them. Formats (date-time, uri, email) are checked.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, discriminator: false });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addSchema(description as object, DOCUMENT_ID);
  const routes = Object.keys(description.paths).map((template) => {
    const parameters = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    const multi = new Set(multiSegmentParameters(description, template));
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        return multi.has(name) ? "(.+)" : "([^/]+)";
      })
      .join("");
    return { template, pattern: new RegExp(`^${source}$`), parameterCount: parameters.length };
  });
  loaded = { description, ajv, routes };
  return loaded;
}

/**
 * OpenAPI 3.0's `nullable: true` beside `$ref`/`allOf` (no `type`) has no JSON Schema meaning and
 * ajv refuses it; `anyOf: [schema, null]` is what it says.
 */
function untypedNullableToAnyOf(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) untypedNullableToAnyOf(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  for (const value of Object.values(record)) untypedNullableToAnyOf(value);
  // `nullable` beside an `enum` (a check run's `conclusion`) must list null to accept it in JSON Schema.
  if (record["nullable"] === true && Array.isArray(record["enum"]) && !record["enum"].includes(null)) record["enum"] = [...record["enum"], null];
  if (record["nullable"] === true && !("type" in record)) {
    const { nullable: _nullable, ...rest } = record;
    for (const key of Object.keys(record)) delete record[key];
    record["anyOf"] = [rest, { type: "null" }];
  }
}

function multiSegmentParameters(description: Description, template: string): string[] {
  const item = description.paths[template] ?? {};
  const names: string[] = [];
  for (const method of METHODS) {
    const operation = item[method] as Operation | undefined;
    for (const parameter of operation?.parameters ?? []) {
      const resolved = resolveParameter(description, parameter);
      if (resolved["x-multi-segment"]) names.push(resolved.name);
    }
  }
  return names;
}

function resolveParameter(description: Description, parameter: Parameter | { $ref: string }): Parameter {
  if ("$ref" in parameter) return resolvePointer(description, parameter.$ref) as Parameter;
  return parameter;
}

function resolvePointer(description: Description, ref: string): unknown {
  const parts = ref.replace(/^#\//, "").split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: unknown = description;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  return node;
}

function pointer(...parts: string[]): string {
  return `${DOCUMENT_ID}#/${parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}

function validatorFor(ajv: Ajv, ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`)
    .join("; ");
}

/** Which documented operation a method and path are; null when GitHub has no such endpoint. */
export function findOperation(method: string, path: string): { template: string; operation: Operation } | null {
  const { description, routes } = load();
  const verb = method.toLowerCase();
  const candidates = routes
    .filter((route) => route.pattern.test(path) && description.paths[route.template]?.[verb] !== undefined)
    .sort((a, b) => a.parameterCount - b.parameterCount);
  const route = candidates[0];
  if (!route) return null;
  return { template: route.template, operation: description.paths[route.template]?.[verb] as Operation };
}

/** Every way the exchange departs from GitHub's description; empty when it conforms. */
export function checkGitHubExchange(exchange: GitHubExchange, options: CheckOptions = {}): string[] {
  const { description, ajv } = load();
  const url = new URL(exchange.url, options.baseUrl ?? "https://api.github.com");
  const basePath = new URL(options.baseUrl ?? "https://api.github.com").pathname.replace(/\/+$/, "");
  const path = basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
  const where = `${exchange.method.toUpperCase()} ${path}`;
  const found = findOperation(exchange.method, path);
  if (!found) return [`${where}: GitHub's REST API has no such operation`];
  const { template, operation } = found;
  const verb = exchange.method.toLowerCase();
  const problems: string[] = [];
  const label = `${where} (${operation.operationId})`;

  const parameters = (operation.parameters ?? []).map((parameter) => resolveParameter(description, parameter));
  const query = parameters.filter((parameter) => parameter.in === "query");
  for (const [name, value] of url.searchParams) {
    const declared = query.find((parameter) => parameter.name === name);
    if (!declared) {
      problems.push(`${label}: query parameter "${name}" is not accepted (accepted: ${query.map((p) => p.name).join(", ") || "none"})`);
      continue;
    }
    if (declared.schema && !validateQueryValue(ajv, declared.schema, value)) {
      problems.push(`${label}: query parameter "${name}"=${JSON.stringify(value)} does not fit ${JSON.stringify(declared.schema)}`);
    }
  }
  for (const parameter of query) {
    if (parameter.required && !url.searchParams.has(parameter.name)) problems.push(`${label}: required query parameter "${parameter.name}" is missing`);
  }

  if (exchange.requestBody !== undefined && exchange.requestBody !== "") {
    const body = operation.requestBody && "$ref" in operation.requestBody ? (resolvePointer(description, operation.requestBody.$ref) as typeof operation.requestBody) : operation.requestBody;
    if (!body || "$ref" in body || !body.content?.["application/json"]?.schema) {
      problems.push(`${label}: sends a request body, but the operation takes none`);
    } else {
      const validate = validatorFor(ajv, pointer("paths", template, verb, "requestBody", "content", "application/json", "schema"));
      if (!validate(exchange.requestBody)) problems.push(`${label}: request body does not match: ${describeErrors(validate)}`);
    }
  }

  const status = String(exchange.status);
  // GitHub answers any GET with 304 and no body to a matching If-None-Match / If-Modified-Since
  // ("Use conditional requests", REST API best practices), listed on few operations.
  if (exchange.status === 304 && verb === "get") {
    if (exchange.responseBody !== undefined && exchange.responseBody !== "") problems.push(`${label}: a 304 has no body, but the fake sends one`);
    return problems;
  }
  const declared = operation.responses[status];
  if (declared === undefined) {
    if (UNDOCUMENTED_ERROR_STATUSES.has(exchange.status)) {
      const validate = validatorFor(ajv, pointer("components", "schemas", "basic-error"));
      if (exchange.responseBody !== undefined && !validate(exchange.responseBody)) {
        problems.push(`${label}: a ${status} body must be GitHub's basic-error: ${describeErrors(validate)}`);
      }
    } else {
      problems.push(`${label}: status ${status} is not documented (documented: ${Object.keys(operation.responses).join(", ")})`);
    }
    return problems;
  }
  let responsePointer = ["paths", template, verb, "responses", status];
  let response = declared;
  if ("$ref" in response) {
    const ref = response.$ref;
    responsePointer = ref.replace(/^#\//, "").split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
    response = resolvePointer(description, ref) as typeof response;
  }
  const content = "content" in response ? response.content : undefined;
  const schema = content?.["application/json"]?.schema;
  if (schema === undefined) {
    if (exchange.responseBody !== undefined && exchange.responseBody !== "") problems.push(`${label}: status ${status} has no body, but the fake sends one`);
    return problems;
  }
  const validate = validatorFor(ajv, pointer(...responsePointer, "content", "application/json", "schema"));
  if (!validate(exchange.responseBody)) problems.push(`${label}: ${status} response body does not match: ${describeErrors(validate)}`);
  return problems;
}

/** Throws with every problem, for a loopback server's request handler or a test. */
export function assertGitHubExchange(exchange: GitHubExchange, options: CheckOptions = {}): void {
  const problems = checkGitHubExchange(exchange, options);
  if (problems.length > 0) throw new Error(`simulated GitHub API does not match its OpenAPI description:\n- ${problems.join("\n- ")}`);
}

/** Query values arrive as strings; the schema says integer or enum. */
function validateQueryValue(ajv: Ajv, schema: object, value: string): boolean {
  const key = `query:${JSON.stringify(schema)}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  const typed = (schema as { type?: string }).type;
  const candidate = typed === "integer" || typed === "number" ? (value.trim() === "" ? Number.NaN : Number(value)) : typed === "boolean" ? value === "true" ? true : value === "false" ? false : value : value;
  return validate(candidate);
}
