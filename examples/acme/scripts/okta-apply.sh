#!/usr/bin/env bash
# Applies a Workday change set to Okta. Needs OKTA_API_TOKEN and OKTA_ORG_URL.
set -euo pipefail
changes="${1:?usage: okta-apply.sh CHANGES.json}"
jq -c '.[]' "$changes" | while read -r change; do
  curl -fsS -X POST "$OKTA_ORG_URL/api/v1/users?activate=true" \
    -H "Authorization: SSWS ${OKTA_API_TOKEN}" \
    -H "Content-Type: application/json" \
    -d "$change"
done
