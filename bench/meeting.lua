-- wrk script for POST /v2/users/me/meetings (meeting create) with a bearer token
-- from BENCH_TOKEN; bench/cluster.sh sets it.
local token = assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"topic":"Bench","type":2,"start_time":"2027-01-05T10:00:00Z","duration":30}'
