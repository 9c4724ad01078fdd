-- wrk script: the same kind of body as post-report.lua, to the bare Kestrel /echo endpoint (the ceiling).
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  prefix = os.time() .. "-" .. tid .. "-"
  n = 0
end

function request()
  n = n + 1
  local expert = "bench-" .. ((n * 2 + tid) % 100)
  local body = string.format(
    '{"taskId":"%s%d","title":"Bench task %d","completedAt":"2026-03-03T17:40:00Z","outcome":"success",' ..
    '"participants":[{"expert":"%s","errorsFixed":1,"newKnowledge":["Bench fact %d"],"practicesApplied":["Code review"]}]}',
    prefix, n, n, expert, n % 20)
  return wrk.format("POST", "/echo", { ["Content-Type"] = "application/json" }, body)
end
