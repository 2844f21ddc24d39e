-- wrk script for bench/aftersales.sh. Each line of the requests file is a path (GET, drawn at random, with the
-- cookie file's session), or "path<TAB>cookie<TAB>body": a POST with that cookie, each line sent once (one settlement
-- per order). POST lines are shared out between the threads; run them with one connection per thread, which stops
-- when its share is used up.
-- usage: wrk -t T ... -s aftersales.lua URL -- <requests file> <cookie file> <case> <max requests per thread>
--                                              <expected status> <T>
local requests, cookie, max_requests, expected, next_line = {}, "", 0, 200, 1
local posting = false
case = "case"
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local thread_count, n = tonumber(args[6]) or 1, 0
  for line in io.lines(args[1]) do
    local path, line_cookie, body = line:match("^([^\t]+)\t([^\t]*)\t(.*)$")
    if path then
      posting = true
      if n % thread_count == id then table.insert(requests, {path = path, cookie = line_cookie, body = body}) end
      n = n + 1
    elseif #line > 0 then
      table.insert(requests, {path = line})
    end
  end
  cookie = io.open(args[2]):read("*l")
  case = args[3]
  max_requests = tonumber(args[4]) or 0
  expected = tonumber(args[5]) or 200
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
  failures, answered = 0, 0
end

function request()
  if posting then
    local r = requests[next_line] or requests[#requests]
    next_line = next_line + 1
    return wrk.format("POST", r.path, {["Cookie"] = r.cookie, ["Content-Type"] = "application/x-www-form-urlencoded"},
      r.body)
  end
  return wrk.format("GET", requests[math.random(#requests)].path, {["Cookie"] = cookie})
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= expected then failures = failures + 1 end
  if (max_requests > 0 and answered >= max_requests) or (posting and next_line > #requests) then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  io.write(string.format("RESULT %s requests=%d unexpected=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f rps=%.1f\n",
    threads[1]:get("case"), summary.requests, failed, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
