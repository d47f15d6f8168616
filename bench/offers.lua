-- offers.lua — wrk script of bench/offers.sh.
--
--   wrk ... -s bench/offers.lua URL -- post TOKEN PREFIX
--       POST /api/v1/sale-notifications: a valid offer in the demo designation
--       Oud-Krispijn (GM0505) with a new Idempotency-Key on every request
--       (PREFIX-<thread>-<counter>), so every request creates an offer.
--   wrk ... -s bench/offers.lua URL -- get [TOKEN]
--       GET of the URL as given, with the bearer token when there is one.
--
-- Every response outside 200..299 is counted (wrk's own "Non-2xx or 3xx"
-- count lets redirects pass).  done() prints one line that offers.sh reads:
--   BENCH requests=N seconds=S rps=R non2xx=N socket_errors=N p50_ms=.. p99_ms=..
-- and the first non-2xx status and body of each thread, if any.

threads = {} -- global: report.lua reads it

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

-- Per thread (each has its own Lua state): mode, token, the counters.
counter = 0
non2xx = 0
first_error = ""

-- Oud-Krispijn covers lon 4.675–4.690, lat 51.795–51.803 (wvlv seed-demo),
-- its first period runs 2024-07-01 … 2028-06-30; the offer was received on a
-- Monday inside it.  %s is the longitude, varied a little per request.
-- An open offer holds its parcels (one open offer per parcel, migration 0010): each
-- request names its own, "DDT01 <run><thread> <number> A <apartment>", the run a number
-- offers.sh gives each wrk run (first letter A–M; pgbench's scripts use N–Y).
local BODY = '{"municipalityCode":"GM0505","receivedOn":"2024-09-02",'
	.. '"property":{"cadastralParcels":["%s"],'
	.. '"address":{"street":"Krispijnseweg","houseNumber":"12","postalCode":"3317 AB","city":"Dordrecht"},'
	.. '"location":{"type":"Point","coordinates":[%s,51.799]}},'
	.. '"owner":{"name":"J. de Vries","email":"j.devries@example.nl"},'
	.. '"askingPrice":"350000.00"}'

function init(args)
	mode = args[1] or "get"
	token = args[2]
	prefix = args[3] or "wrk"
	run = tonumber(args[4] or "0") or 0
	if mode == "get" then
		local headers = {}
		if token and token ~= "" then
			headers["Authorization"] = "Bearer " .. token
		end
		fixed_request = wrk.format("GET", nil, headers, nil)
	end
end

function parcel(n)
	local section = string.char(65 + run % 13) .. string.char(65 + tid % 26)
	return string.format("DDT01 %s %d A %d", section, math.floor((n - 1) / 9999) + 1, (n - 1) % 9999 + 1)
end

function request()
	if mode == "get" then
		return fixed_request
	end
	counter = counter + 1
	local lon = string.format("%.5f", 4.676 + (counter % 1300) * 0.00001)
	return wrk.format("POST", "/api/v1/sale-notifications", {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/json",
		["Idempotency-Key"] = string.format("%s-%d-%d", prefix, tid, counter),
	}, string.format(BODY, parcel(counter), lon))
end

dofile("bench/report.lua") -- response() and done()
