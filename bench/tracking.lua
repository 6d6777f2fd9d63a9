-- wrk script for B2: GET /v1/orders/{id}/tracking with a real JWT, random orders among N.
-- usage: TOKEN=... ORDERS=100000 wrk -t2 -c32 -d20s -s bench/tracking.lua http://localhost:8080
local token = os.getenv("TOKEN")
local orders = tonumber(os.getenv("ORDERS") or "100000")
math.randomseed(os.time())
request = function()
  local path = "/v1/orders/mem-order-" .. math.random(0, orders - 1) .. "/tracking"
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
