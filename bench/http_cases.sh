# Sourced by the benches that drive pages over real HTTP (customer_search, care_call_list, callback_queue,
# dashboards): gunicorn in front of the bench database, each case driven by wrk with bench/customer_search.lua, and
# the table of results. Reads BENCH_DIR, WEB_PORT, WORKERS, THREADS, CONNECTIONS, DURATION and MAX_REQUESTS; sets
# gunicorn_pid for the script's clean-up.

start_gunicorn() {
  .venv/bin/gunicorn dealer_crm.wsgi --bind "127.0.0.1:$WEB_PORT" --workers "$WORKERS" --log-level warning &
  gunicorn_pid=$!
  for _ in $(seq 1 50); do curl -fso /dev/null "http://127.0.0.1:$WEB_PORT/login/" && break; sleep 0.2; done
}

first_page() {  # who paths: the page of the case's first path, as that user
  curl -fs -H "Cookie: $(cat "$BENCH_DIR/run/$1.cookie")" "http://127.0.0.1:$WEB_PORT$(head -n 1 "$2")"
}

wrk_case() {  # who case paths [timeout]: a 3 s warm-up, then the measured run's RESULT line, prefixed with who
  local cookie=$BENCH_DIR/run/$1.cookie
  wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s bench/customer_search.lua "http://127.0.0.1:$WEB_PORT" -- \
    "$3" "$cookie" "$2" 200 >/dev/null
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout "${4:-5s}" -s bench/customer_search.lua \
    "http://127.0.0.1:$WEB_PORT" -- "$3" "$cookie" "$2" "$MAX_REQUESTS" | grep '^RESULT' | sed "s/^RESULT /$1 /"
}

print_results() {  # results-file user-width case-width
  printf "%-${2}s %-${3}s %8s %8s %8s %8s %7s\n" user case p50_ms p95_ms p99_ms req/s non200
  awk -v user="%-${2}s" -v case_="%-${3}s" '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf user " " case_ " %8s %8s %8s %8s %7s\n", $1, $2, v["p50"], v["p95"], v["p99"], v["rps"], v["non200"] }' "$1"
}
