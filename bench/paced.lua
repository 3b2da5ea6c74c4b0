-- A fixed request rate for wrk, for measuring latency below capacity: every connection waits
-- between its requests so that all of them together send about RATE requests/s. wrk's latency
-- figures do not include this wait. Used by run.sh; RATE and CONNECTIONS come from its env.
local rate = tonumber(os.getenv("RATE") or "2000")
local connections = tonumber(os.getenv("CONNECTIONS") or "20")

function delay()
  return math.floor(connections * 1000 / rate)
end
