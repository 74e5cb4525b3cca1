-- wrk's script for straight-through starts (engine/bench/straight-probe.ts): each request its
-- own body (variables.n counts from the offset, a million apart per thread), and the answers
-- that are not 201 with the case completed are counted. wrk runs for its duration (-d), as
-- pgbench runs for -T: a thread told to stop still waits for it.
--   wrk -t2 -c32 -d3s -s wrk-start.lua <base>/api/instances -- <offset> <token> <process>
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  offset = tonumber(args[1]) + tid * 1000000
  process = args[3]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  sent = 0
  answered = 0
  bad = 0
end

function request()
  sent = sent + 1
  local body = '{"processId":"' .. process .. '","variables":{"n":' .. (offset + sent) .. '}}'
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 201 or not string.find(body, '"status":"completed"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local answered, bad = 0, 0
  for _, t in ipairs(threads) do
    answered = answered + t:get("answered")
    bad = bad + t:get("bad")
  end
  io.write(string.format('WRK {"answered":%d,"bad":%d,"seconds":%f,"p50":%f,"p99":%f}\n',
    answered, bad, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
