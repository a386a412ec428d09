#!/usr/bin/env bash
# Prometheus 2.x (prometheus, promtool) and Alertmanager (prometheus-alertmanager, amtool) for the
# alerting module's integration tests: promtool checks and unit-tests the shipped rules, the tests
# start their own Prometheus and Alertmanager on loopback ports. Nothing is started here.
set -euo pipefail
if command -v promtool >/dev/null && command -v prometheus-alertmanager >/dev/null \
    && command -v prometheus >/dev/null && command -v amtool >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends prometheus prometheus-alertmanager
