-- national.lua — wrk script of bench/national.sh.
--
--   wrk ... -s bench/national.lua URL -- get TOKEN
--       GET of the URL as given (path and query), with the bearer token when not "-".
--   wrk ... -s bench/national.lua URL -- post TOKEN PREFIX BODY-FILE
--       POST /api/v1/sale-notifications with the body of BODY-FILE, in which %p is replaced
--       by a cadastral parcel of its own, "PREFIX <counter> A <thread>" (PREFIX a cadastral
--       municipality and a section, "BNC01 PA"), with an Idempotency-Key of its own, so every
--       request creates an offer.
--   wrk ... -s bench/national.lua URL -- events TOKEN PREFIX IDS-FILE DAY THREADS
--       POST /api/v1/sale-notifications/{id}/events over the offers of IDS-FILE (one id a line,
--       all `received`), thread t taking every t-th, dated DAY: first a decision `willing`,
--       then (a second round over the list) a `withdrawal`, which both `negotiating` and
--       `received` take (wrk drops the request in flight when a connection is reconnected, so
--       a decision may never have arrived); a third round would be refused.
--   wrk ... -s bench/national.lua URL -- mixed TOKEN PREFIX BODY-FILE PATHS-FILE
--       every fourth request a POST as in `post`, the others the GETs of PATHS-FILE in turn.
--
-- Every response outside 200..299 is counted.  done() prints one line that national.sh reads:
--   BENCH requests=N seconds=S rps=R non2xx=N socket_errors=N p50_ms=.. p99_ms=..
-- and the first non-2xx status and body of each thread, if any.

threads = {} -- global: report.lua reads it

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

counter = 0
non2xx = 0
first_error = ""

local function read_lines(path)
	local t = {}
	for line in io.lines(path) do
		if line ~= "" then table.insert(t, line) end
	end
	return t
end

local function read_all(path)
	local f = assert(io.open(path, "r"))
	local s = f:read("*a")
	f:close()
	return (s:gsub("%s+$", ""))
end

function init(args)
	mode = args[1] or "get"
	token = args[2]
	prefix = args[3] or "wrk"
	auth = {}
	if token and token ~= "" and token ~= "-" then
		auth["Authorization"] = "Bearer " .. token
	end
	if mode == "get" then
		fixed_request = wrk.format("GET", nil, auth, nil)
	elseif mode == "post" or mode == "mixed" then
		body = read_all(args[4])
		if mode == "mixed" then paths = read_lines(args[5]) end
	elseif mode == "events" then
		ids = read_lines(args[4])
		day = args[5]
		nthreads = tonumber(args[6]) or 2
	end
end

local function post_offer()
	local parcel = string.format("%s %d A %d", prefix, counter, tid)
	return wrk.format("POST", "/api/v1/sale-notifications", {
		["Authorization"] = auth["Authorization"],
		["Content-Type"] = "application/json",
		["Idempotency-Key"] = string.format("%s-%d-%d", prefix:gsub(" ", ""), tid, counter),
	}, (body:gsub("%%p", parcel)))
end

function request()
	counter = counter + 1
	if mode == "get" then
		return fixed_request
	elseif mode == "post" then
		return post_offer()
	elseif mode == "mixed" then
		if counter % 4 == 0 then return post_offer() end
		return wrk.format("GET", paths[1 + counter % #paths], auth, nil)
	end
	-- events: thread t owns the ids number t, t + T, t + 2T, … (T threads) and goes round
	-- them; a round ends before the next begins, so each offer gets its events in order
	local n = #ids
	local m = math.floor((n - tid) / nthreads) + 1
	local j = counter - 1
	local round = math.floor(j / m)
	local id = ids[tid + (j % m) * nthreads]
	local ev
	if round == 0 then
		ev = string.format('{"type":"decision","on":"%s","decision":"willing"}', day)
	else
		ev = string.format('{"type":"withdrawal","on":"%s"}', day)
	end
	return wrk.format("POST", "/api/v1/sale-notifications/" .. id .. "/events", {
		["Authorization"] = auth["Authorization"],
		["Content-Type"] = "application/json",
		["Idempotency-Key"] = string.format("%s-%d-%d", prefix:gsub(" ", ""), tid, counter),
	}, ev)
end

dofile("bench/report.lua") -- response() and done()
