-- wrk script: GET the URL with Authorization: Bearer and one of the API keys in KOS_KEYS (space-separated), taken in
-- turn, so no one key's rate limit is reached (bench/http.sh KEY=1).
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  n = 0
  keys = {}
  for key in (os.getenv("KOS_KEYS") or ""):gmatch("%S+") do keys[#keys + 1] = key end
end

function request()
  n = n + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. keys[(n + tid) % #keys + 1] })
end
