#!/usr/bin/env bash
# Installs the Debian packages that the end-to-end lab (test/e2e/) runs: an authoritative DNS
# server, a recursive resolver, a web server, socat, and the kernel tools for namespaces and
# packet filters. Idempotent and non-interactive; safe to run on every CI run.
set -euo pipefail

packages=(nsd unbound nginx-light socat iproute2 procps nftables dnsutils curl openssl ca-certificates)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "e2e deps: all installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "e2e deps: missing ${missing[*]} and not root; the e2e suite will skip" >&2
  exit 0
fi

# The lab starts its own daemons in the foreground inside namespaces; the packages' own services
# must not start in the root namespace at install time (they would hold ports 53/80 there).
policy_rc=/usr/sbin/policy-rc.d
policy_rc_created=0
if [ ! -e "$policy_rc" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy_rc"
  chmod 755 "$policy_rc"
  policy_rc_created=1
fi
trap '[ "$policy_rc_created" -eq 1 ] && rm -f "$policy_rc"' EXIT

export DEBIAN_FRONTEND=noninteractive
# A mirror hiccup should not fail the whole CI run: try each step a few times.
for attempt in 1 2 3; do
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" && break
  [ "$attempt" -eq 3 ] && exit 1
  echo "e2e deps: apt failed (attempt $attempt), retrying" >&2
  sleep 5
done
echo "e2e deps: installed ${missing[*]}"
