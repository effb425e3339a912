import { isAlias, isMap, isScalar, isSeq } from "yaml";
import type { Document, Node } from "yaml";
import { agentOfAction, agentOfScript } from "../../agents.js";
import type { WorkflowPlacement } from "../../model.js";
import type { Segment } from "./route.js";

/**
 * What a workflow document says about the places a secret can be used: its triggers, each job's
 * environment and reusable-workflow `uses:`, and each step's `uses:` and agent. Read once per
 * document; `placementOf` then answers per reference from its route.
 */
export interface DocumentFacts {
  /** `on:` events; undefined for action metadata (the caller's triggers apply). */
  readonly triggers?: readonly string[];
  readonly jobs: ReadonlyMap<string, JobFacts>;
  /** Composite action steps (`runs.steps`). */
  readonly actionSteps: readonly StepFacts[];
  /** Some step in the document runs an AI agent: what workflow-level `env:` reaches. */
  readonly agent?: string;
}

interface JobFacts {
  /** The job's `if:` lets it run only when a person started the workflow. */
  readonly manualOnly?: boolean;
  /** The job declares an `environment:`, literal or computed. */
  readonly environment: boolean;
  /** Its literal name (string form or `{name: …}`); an expression is unknowable. */
  readonly environmentName?: string;
  /** A job that calls a reusable workflow. */
  readonly uses?: string;
  readonly offset: number;
  readonly steps: readonly StepFacts[];
  /** Some step of the job runs an AI agent: what job-level `env:` reaches. */
  readonly agent?: string;
}

interface StepFacts {
  readonly uses?: string;
  readonly offset: number;
  readonly agent?: string;
  /** The step's `if:` lets it run only when a person started the workflow. */
  readonly manualOnly?: boolean;
}

/**
 * `if: github.event_name == 'workflow_dispatch'` (with or without `${{ }}`, possibly `&&`-ed with
 * more): the job or step runs only on a manual start. A condition with `||` could also hold
 * otherwise, so it does not count.
 */
const MANUAL_CONDITION = /github\.event_name\s*==\s*['"]workflow_dispatch['"]/;
function isManualOnly(condition: string | undefined): boolean {
  return condition !== undefined && MANUAL_CONDITION.test(condition) && !condition.includes("||");
}

export function readDocumentFacts(doc: Document, isAction: boolean): DocumentFacts {
  const resolve = (node: unknown): Node | null => ((isAlias(node) ? node.resolve(doc) : node) as Node | null | undefined) ?? null;
  const root = resolve(doc.contents);
  const jobs = new Map<string, JobFacts>();
  if (!isMap(root)) return { jobs, actionSteps: [] };

  const readSteps = (node: Node | null): StepFacts[] =>
    isSeq(node)
      ? node.items.map((item) => {
          const step = resolve(item);
          const offset = step?.range?.[0] ?? 0;
          if (!isMap(step)) return { offset };
          const uses = stringAt(resolve(step.get("uses", true)));
          const run = stringAt(resolve(step.get("run", true)));
          const agent = (uses === undefined ? undefined : agentOfAction(uses)) ?? (run === undefined ? undefined : agentOfScript(run));
          const manualOnly = isManualOnly(stringAt(resolve(step.get("if", true))));
          return { offset, ...(uses === undefined ? {} : { uses }), ...(agent === undefined ? {} : { agent }), ...(manualOnly ? { manualOnly } : {}) };
        })
      : [];

  const jobsNode = resolve(root.get("jobs", true));
  if (isMap(jobsNode)) {
    for (const pair of jobsNode.items) {
      const job = resolve(pair.value);
      if (!isScalar(pair.key) || !isMap(job)) continue;
      const steps = readSteps(resolve(job.get("steps", true)));
      const environment = resolve(job.get("environment", true));
      const named = stringAt(isMap(environment) ? resolve(environment.get("name", true)) : environment);
      const environmentName = named === undefined || named.includes("${{") ? undefined : named;
      const uses = stringAt(resolve(job.get("uses", true)));
      const agent = steps.find((step) => step.agent !== undefined)?.agent;
      const manualOnly = isManualOnly(stringAt(resolve(job.get("if", true))));
      jobs.set(String(pair.key.value), {
        ...(manualOnly ? { manualOnly } : {}),
        environment: environment !== null && !(isScalar(environment) && (environment.value === null || environment.value === "")),
        ...(environmentName === undefined ? {} : { environmentName }),
        ...(uses === undefined ? {} : { uses }),
        offset: job.range?.[0] ?? 0,
        steps,
        ...(agent === undefined ? {} : { agent }),
      });
    }
  }
  const runs = resolve(root.get("runs", true));
  const actionSteps = isAction && isMap(runs) ? readSteps(resolve(runs.get("steps", true))) : [];
  const agent = [...[...jobs.values()].map((job) => job.agent), ...actionSteps.map((step) => step.agent)].find((a) => a !== undefined);
  const triggers = isAction ? undefined : readTriggers(resolve(root.get("on", true)), resolve);
  return { ...(triggers === undefined ? {} : { triggers }), jobs, actionSteps, ...(agent === undefined ? {} : { agent }) };
}

/** `on: push`, `on: [push, pull_request]` or `on: {push: …, workflow_dispatch: …}`. */
function readTriggers(node: Node | null, resolve: (node: unknown) => Node | null): string[] {
  if (isScalar(node) && typeof node.value === "string") return [node.value];
  if (isSeq(node)) return node.items.map((item) => stringAt(resolve(item))).filter((name): name is string => name !== undefined);
  if (isMap(node)) return node.items.map((pair) => stringAt(resolve(pair.key))).filter((name): name is string => name !== undefined);
  return [];
}

function stringAt(node: Node | null): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

/** Where a step hands a secret to its action or program. */
const STEP_INPUTS = new Set(["with", "env", "run"]);

/**
 * The placement of a reference at `route`, or undefined when nothing is known. `locate` turns a
 * document offset into a location in the file.
 */
export function placementOf(
  facts: DocumentFacts,
  route: readonly Segment[],
  locate: (offset: number) => WorkflowPlacement["stepLocation"],
): WorkflowPlacement | undefined {
  const triggers = facts.triggers === undefined ? {} : { triggers: facts.triggers };
  const [a, b, c, d, e, f] = route;
  if (a === "env") return { ...triggers, ...(facts.agent === undefined ? {} : { agent: facts.agent }) };
  if (a === "runs" && b === "steps" && typeof c === "number") {
    return { ...triggers, ...stepPlacement(facts.actionSteps[c], d, e, locate) };
  }
  if (a !== "jobs" || typeof b !== "string") return Object.keys(triggers).length > 0 ? triggers : undefined;
  const job = facts.jobs.get(b);
  const base = { ...triggers, ...(job?.environment ? { jobEnvironment: true } : {}), ...(job?.manualOnly ? { manualOnly: true } : {}) };
  if (job === undefined) return base;
  if (c === "steps" && typeof d === "number") return { ...base, ...stepPlacement(job.steps[d], e, f, locate) };
  if (c === "env") return { ...base, ...(job.agent === undefined ? {} : { agent: job.agent }) };
  if ((c === "with" || c === "secrets") && job.uses !== undefined) {
    return { ...base, uses: job.uses, ...(typeof d === "string" ? { input: d } : {}), stepLocation: locate(job.offset) };
  }
  return base;
}

function stepPlacement(
  step: StepFacts | undefined,
  field: Segment | undefined,
  key: Segment | undefined,
  locate: (offset: number) => WorkflowPlacement["stepLocation"],
): Partial<WorkflowPlacement> {
  if (step === undefined || typeof field !== "string" || !STEP_INPUTS.has(field)) return {};
  return {
    ...(step.manualOnly ? { manualOnly: true } : {}),
    ...(step.uses !== undefined && field !== "run" ? { uses: step.uses } : {}),
    ...(field === "with" && typeof key === "string" ? { input: key } : {}),
    ...(step.agent === undefined ? {} : { agent: step.agent }),
    stepLocation: locate(step.offset),
  };
}
