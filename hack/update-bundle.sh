#!/usr/bin/env bash
# Regenerates the OLM bundle (bundle/) and the file-based catalog (olm/catalog/) from the repository:
# olm/csv-base.yaml, crds/, samples/ and deploy/keelson-operator.yaml (OlmBundle). Run it after
# changing any of those; OlmBundleUpToDateTest fails the build while they differ.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl operator test -Dtest=OlmBundleUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false -Dkeelson.updateBundle=true
find bundle olm/catalog -type f | sort
