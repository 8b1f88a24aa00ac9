#!/usr/bin/env bash
# Regenerates crds/ from the API classes (operator/src/main/java/.../api/v1alpha1).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl operator test -Dtest=CrdsUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false -Dkeelson.updateCrds=true
ls crds/
