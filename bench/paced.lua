-- A fixed request rate for wrk, for measuring latency below capacity: every connection waits
-- between its requests so that all of them together send about RATE requests/s. wrk's latency
-- figures do not include this wait. Used by run.sh; RATE and CONNECTIONS come from its env.
--
-- The wait is drawn at random around its mean (uniform, +-50 %), not fixed. With a fixed wait
-- the connections stay in step after their first requests: a burst of CONNECTIONS requests
-- every period, and p99 then measures how long a server takes to work off a burst rather than
-- what one request costs. Random waits spread the requests over the period.
local rate = tonumber(os.getenv("RATE") or "2000")
local connections = tonumber(os.getenv("CONNECTIONS") or "20")
local period = connections * 1000 / rate   -- ms between one connection's requests, on average

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
end

function delay()
  return math.floor(period * (0.5 + math.random()) + 0.5)
end
