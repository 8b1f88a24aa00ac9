-- Argo CD health of a Keelson object (Platform, Service, WorkerPool), from the conditions Keelson
-- writes. Uses only what Argo CD gives a script from argocd-cm (base, table): no string library.
--   Healthy      Ready=True for the generation in the spec
--   Suspended    paused by the annotation keelson.dev/paused
--   Degraded     Stalled=True (nothing progresses until something is changed) or Degraded=True
--                (running with less than asked for: a cluster unreachable, a data service down)
--   Progressing  anything else: not reconciled yet, a new generation, a rollout, a retry
local hs = {status = "Progressing", message = "Waiting for Keelson to reconcile " .. obj.kind .. " " .. obj.metadata.name}
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= obj.metadata.generation then
  hs.message = "Waiting for Keelson to observe generation " .. obj.metadata.generation
  return hs
end
local conditions = {}
for _, condition in ipairs(obj.status.conditions) do
  if type(condition) == "table" and condition.type ~= nil then
    conditions[condition.type] = condition
  end
end
local function said(condition)
  if condition.message == nil then
    return condition.reason or ""
  end
  return (condition.reason or "") .. ": " .. condition.message
end
local ready = conditions["Ready"]
if ready == nil then
  return hs
end
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  return hs
end
if ready.status == "Unknown" and ready.reason == "Paused" then
  hs.status = "Suspended"
  hs.message = ready.message or ""
  return hs
end
local stalled = conditions["Stalled"]
local degraded = conditions["Degraded"]
if (stalled ~= nil and stalled.status == "True") or (degraded ~= nil and degraded.status == "True") then
  hs.status = "Degraded"
  hs.message = said(ready)
  return hs
end
hs.message = said(ready)
return hs
