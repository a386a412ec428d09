#!/usr/bin/env bash
# Elasticsearch refuses to run as root; the collector's ITs (ElasticsearchNode) start it as this
# unprivileged user via runuser. The tests create the user themselves if missing; doing it here keeps
# the first test run free of it. The server itself (integ-test zip) comes from Maven Central with the build.
set -euo pipefail
user=sparkplane-es
if [[ $(id -u) -ne 0 ]]; then
  echo "not root: Elasticsearch runs as $(id -un)"
  exit 0
fi
command -v runuser >/dev/null || { echo "runuser (util-linux) is missing" >&2; exit 1; }
if ! id -u "$user" >/dev/null 2>&1; then
  useradd --system --create-home --shell /usr/sbin/nologin "$user"
fi
id "$user"
