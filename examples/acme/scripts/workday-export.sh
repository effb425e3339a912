#!/usr/bin/env bash
# Pulls the joiners/movers/leavers report from Workday as JSON.
set -euo pipefail
token=$(curl -fsS -u "${WORKDAY_CLIENT_ID}:${WORKDAY_CLIENT_SECRET}" \
  -d grant_type=client_credentials https://wd5.myworkday.com/ccx/oauth2/acme/token | jq -r .access_token)
curl -fsS -H "Authorization: Bearer ${token}" \
  "https://wd5.myworkday.com/ccx/service/customreport2/acme/jml?format=json"
