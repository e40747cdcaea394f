#!/usr/bin/env bash
# Installs Debian's chromium for test/report/html-report.test.ts (playwright-core drives it through
# executablePath; no browser download). Idempotent; without root the test skips with a message.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wqy\|noto.*cjk"; then
  echo "browser: chromium installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "browser: chromium missing and not root; the report.html browser test will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# A CJK font, so that the screenshots show the Chinese report as a reviewer sees it.
apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei ||
  { apt-get update && apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei; }
