-- report.lua — what bench/national.lua and bench/offers.lua report, loaded by both (wrk runs
-- them from the repository's root): each thread counts its non-2xx answers and keeps the first
-- one (their setup() fills `threads`; their init() sets non2xx = 0, first_error = ""), and the
-- end prints them with one BENCH line the scripts read.

function response(status, headers, body)
	if status < 200 or status > 299 then
		non2xx = non2xx + 1
		if first_error == "" then
			first_error = tostring(status) .. " " .. string.sub(body or "", 1, 300)
		end
	end
end

function done(summary, latency, requests)
	local bad = 0
	for _, t in ipairs(threads) do
		bad = bad + (tonumber(t:get("non2xx")) or 0)
		local e = t:get("first_error")
		if e and e ~= "" then
			io.write("first non-2xx response: ", e, "\n")
		end
	end
	local e = summary.errors
	local seconds = summary.duration / 1e6
	io.write(string.format(
		"BENCH requests=%d seconds=%.3f rps=%.1f non2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f\n",
		summary.requests, seconds, summary.requests / seconds, bad,
		e.connect + e.read + e.write + e.timeout,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
