-- Argo CD health check for pgaudit.dev/PgAuditPolicy.
-- Healthy:     Ready=True at the current generation (DryRun policies too: they report a plan); when
--              another policy's more specific setting wins on some pairs (Effective=False,
--              ShadowedByPolicy: declared intent), Healthy with that message.
-- Degraded:    Ready=False at the current generation with a failure reason (Conflict, InvalidToken, ...),
--              or Effective=False/ShadowedOutside: a setting made outside the operator wins on some pairs.
-- Progressing: no status yet, a status about an older generation, Ready=Unknown, or Ready=False for
--              a reason that resolves itself (Waiting, ServiceNotRunning, ExtensionEnabling, SinkStarting).
-- Argo CD runs argocd-cm health scripts with the base, table and package libraries only (no string,
-- no math) unless useOpenLibs is set, so this script calls no library function beyond ipairs,
-- tonumber and tostring.
local hs = { status = "Progressing", message = "Waiting for the operator to reconcile the policy" }

-- Whether text starts with "DryRun", without string.sub: such a string sorts at or after "DryRun"
-- and before "DryRuo" (string comparison is byte by byte, a language feature, not a library).
local function says_dry_run(text)
  return text >= "DryRun" and text < "DryRuo"
end

local in_progress_reasons = { Waiting = true, ServiceNotRunning = true, ExtensionEnabling = true, SinkStarting = true }

local ready = nil
local effective = nil
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    elseif condition.type == "Effective" then
      effective = condition
    end
  end
end
if ready == nil then
  return hs
end

local generation = obj.metadata and obj.metadata.generation
local observed = ready.observedGeneration
if observed == nil then
  observed = obj.status.observedGeneration
end
if generation ~= nil and (observed == nil or tonumber(observed) ~= tonumber(generation)) then
  hs.message = "Waiting for the operator to reconcile generation " .. tostring(generation)
  return hs
end

local reason = ready.reason or ""
local message = ready.message or ""
if ready.status == "True" then
  hs.status = "Healthy"
  if reason == "DryRun" and not says_dry_run(message) then
    message = "DryRun: " .. message
  end
  hs.message = message
  if effective ~= nil and effective.status == "False" then
    hs.message = (effective.reason or "") .. ": " .. (effective.message or "")
    if effective.reason == "ShadowedOutside" then
      hs.status = "Degraded"
    end
  end
elseif ready.status == "False" and not in_progress_reasons[reason] then
  hs.status = "Degraded"
  hs.message = reason .. ": " .. message
elseif reason ~= "" or message ~= "" then
  hs.message = reason .. ": " .. message
end
return hs
