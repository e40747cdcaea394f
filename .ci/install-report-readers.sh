#!/usr/bin/env bash
# Installs the independent readers that the report.xlsx tests check our writer against: Debian's
# python3-openpyxl (test/support/openpyxl.ts runs it with /usr/bin/python3) and unzip (`unzip -t`).
# Idempotent; without root the tests that need them skip with a message.
set -euo pipefail
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null && [ -x /usr/bin/unzip ]; then
  echo "report readers: openpyxl and unzip installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "report readers: openpyxl or unzip missing and not root; their checks will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends python3-openpyxl unzip ||
  { apt-get update && apt-get install -y --no-install-recommends python3-openpyxl unzip; }
