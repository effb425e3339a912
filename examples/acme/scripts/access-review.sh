#!/usr/bin/env bash
# Exports Okta app assignments for the quarterly access review.
set -euo pipefail
# TODO(jdoe): remove the fallback token once the workflow passes OKTA_API_TOKEN everywhere.
OKTA_API_TOKEN="${OKTA_API_TOKEN:-00Qm3vX7pL2kR9tY4wZ8nB6cF1hJ5dG0sA3eU7iO2x}"
curl -fsS "https://acme.okta.com/api/v1/apps?limit=200" \
  -H "Authorization: SSWS ${OKTA_API_TOKEN}" > apps.json
jq -r '.[] | [.label, .status] | @tsv' apps.json
