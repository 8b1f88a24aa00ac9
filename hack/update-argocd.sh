#!/usr/bin/env bash
# Writes Keelson's Argo CD health check (argocd/health.lua, the one source) where Argo CD reads it:
#   argocd/resource_customizations/platform.keelson.dev/<Kind>/health.lua   Argo CD's own layout
#   argocd/argocd-cm.yaml                                                    the argocd-cm keys that install it
# ArgoCdHealthFilesTest fails when these drift from argocd/health.lua.
set -euo pipefail
cd "$(dirname "$0")/../argocd"
kinds=(Platform Service WorkerPool)
for kind in "${kinds[@]}"; do
  mkdir -p "resource_customizations/platform.keelson.dev/$kind"
  cp health.lua "resource_customizations/platform.keelson.dev/$kind/health.lua"
done
{
  echo "# Keelson's health checks for Argo CD: merge these keys into the argocd-cm ConfigMap of Argo CD's"
  echo "# namespace (kubectl -n argocd patch configmap argocd-cm --patch-file argocd/argocd-cm.yaml)."
  echo "# Generated from argocd/health.lua by hack/update-argocd.sh."
  echo "data:"
  for kind in "${kinds[@]}"; do
    echo "  resource.customizations.health.platform.keelson.dev_$kind: |"
    sed 's/^/    /; s/^    $//' health.lua
  done
} > argocd-cm.yaml
echo "argocd/argocd-cm.yaml and ${#kinds[@]} health.lua files written"
