-- wrk script for POST /oauth/token with Zoom's Server-to-Server grant:
--   POST /oauth/token?grant_type=account_credentials&account_id=<id>
--   Authorization: Basic base64(client_id:client_secret)
-- bench/run.sh passes the account id and the ready-made Basic credentials in
-- the environment (BENCH_ACCOUNT_ID, BENCH_BASIC_AUTH).
local account = assert(os.getenv("BENCH_ACCOUNT_ID"), "BENCH_ACCOUNT_ID is not set")
local basic = assert(os.getenv("BENCH_BASIC_AUTH"), "BENCH_BASIC_AUTH is not set")

wrk.method = "POST"
wrk.path = "/oauth/token?grant_type=account_credentials&account_id=" .. account
wrk.headers["Authorization"] = "Basic " .. basic
wrk.headers["Content-Length"] = "0"
