import type { Extractor } from "../model.js";
import { ansible } from "./ansible.js";
import { azurePipelines } from "./azure-pipelines.js";
import { bitbucketPipelines } from "./bitbucket-pipelines.js";
import { circleci } from "./circleci.js";
import { compose } from "./compose.js";
import { githubActions } from "./github-actions.js";
import { gitlabCi } from "./gitlab-ci.js";
import { helm } from "./helm.js";
import { jenkins } from "./jenkins.js";
import { kubernetes } from "./kubernetes.js";
import { terraform } from "./terraform.js";

/** Every extractor, one line each. A file goes to each extractor whose `matches` accepts its path. */
export const EXTRACTORS: readonly Extractor[] = [
  githubActions,
  gitlabCi,
  circleci,
  azurePipelines,
  jenkins,
  bitbucketPipelines,
  kubernetes,
  helm,
  compose,
  terraform,
  ansible,
];
