-- wrk script: GET random paths from a file with a session cookie; reports p50/p95/p99 and non-200 answers.
-- usage: wrk ... -s customer_search.lua URL -- <paths file> <cookie file> <case name> <max requests per thread>
local paths, cookie, max_requests = {}, "", 0
case = "case"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  cookie = io.open(args[2]):read("*l")
  case = args[3]
  max_requests = tonumber(args[4]) or 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
  wrk.headers["Cookie"] = cookie
  failures, answered = 0, 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then failures = failures + 1 end
  if max_requests > 0 and answered >= max_requests then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  io.write(string.format("RESULT %s requests=%d non200=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f rps=%.1f\n",
    threads[1]:get("case"), summary.requests, failed, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
