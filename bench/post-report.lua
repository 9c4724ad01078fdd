-- wrk script: POST native task reports with a unique taskId per request (the store's idempotency key),
-- spread over 100 experts of team "bench" (onboarded by the first report that names them).
-- With KEYED=1 in the environment each request also carries an Idempotency-Key (its task id), as a retrying client sends.
-- With KOS_KEYS (API keys, space-separated; bench/http.sh KEY=1 sets it) each request carries Authorization: Bearer with
-- one of them, taken in turn (a team of agents, each with its own key and so its own rate limit).
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  -- An optional tag (wrk ... -- TAG) keeps task ids apart when several wrk processes start in the same second.
  prefix = (args[1] or "") .. os.time() .. "-" .. tid .. "-"
  -- An optional second argument "FIRST-LAST" narrows the experts (a load balancer sticky by expert).
  first, last = 0, 99
  if args[2] then first, last = args[2]:match("(%d+)-(%d+)"); first, last = tonumber(first), tonumber(last) end
  n = 0
  keyed = os.getenv("KEYED") == "1"
  keys = {}
  for key in (os.getenv("KOS_KEYS") or ""):gmatch("%S+") do keys[#keys + 1] = key end
end

function request()
  n = n + 1
  -- Every thread walks all the experts, each from its own offset (n * 2 + tid left a lone thread the even ones only).
  local expert = "bench-" .. (first + (n + tid * 37) % (last - first + 1))
  local body = string.format(
    '{"taskId":"%s%d","title":"Bench task %d","completedAt":"2026-03-03T17:40:00Z","outcome":"success",' ..
    '"participants":[{"expert":"%s","errorsFixed":1,"newKnowledge":["Bench fact %d"],"practicesApplied":["Code review"]}]}',
    prefix, n, n, expert, n % 20)
  local headers = { ["Content-Type"] = "application/json" }
  if keyed then headers["Idempotency-Key"] = prefix .. n end
  if #keys > 0 then headers["Authorization"] = "Bearer " .. keys[(n + tid) % #keys + 1] end
  return wrk.format("POST", "/api/v1/teams/bench/reports?onboard=true", headers, body)
end
