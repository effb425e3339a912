#!/usr/bin/env bash
# Pushes group memberships to the SCIM bridge.
set -euo pipefail
curl -fsS -X POST https://scim.acme.internal/v2/Bulk \
  -H "Authorization: Bearer ${SCIM_TOKEN}" \
  -H "Content-Type: application/scim+json" \
  --data @groups.json
