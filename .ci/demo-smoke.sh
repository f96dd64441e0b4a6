#!/usr/bin/env bash
# Starts the demo as the README says, then checks as an outsider would:
# login as the demo admin, 401 without a token, all 10 rooms with readings over REST within 60 s,
# and mosquitto_sub + protoc decode live traffic.
set -euo pipefail
cd "$(dirname "$0")/.."

for port in 8080 1883; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; the demo needs 8080 and 1883 free"; exit 1
  fi
done

workdir=$(mktemp -d)
export CAMPUSEDGE_DEMO_PASSWORD="ci-$(date +%s)-$RANDOM"
./campusedge-demo --data-dir "$workdir/data" >"$workdir/demo.log" 2>&1 &
demo_pid=$!
cleanup() {
  # SIGTERM: a background job of a non-interactive shell ignores SIGINT (Ctrl-C).
  kill -TERM "$demo_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$demo_pid" 2>/dev/null || true
  wait "$demo_pid" 2>/dev/null || true
}
trap cleanup EXIT

# The demo creates the admin 'admin' with CAMPUSEDGE_DEMO_PASSWORD (set above).
login() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$CAMPUSEDGE_DEMO_PASSWORD\"}" \
    http://localhost:8080/login 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' 2>/dev/null || true
}
token=""

rooms_with_readings() {
  [ -n "$token" ] || token=$(login)
  [ -n "$token" ] || { echo 0; return; }
  curl -fsS -H "Authorization: Bearer $token" http://localhost:8080/api/v1/rooms 2>/dev/null |
    python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin) if r.get("latest")))' 2>/dev/null ||
    echo 0
}

# The build is already done by `verify`; 60 s is the promise once the demo runs.
started=$(date +%s)
until grep -q "CampusEdge demo is running" "$workdir/demo.log" && [ "$(rooms_with_readings)" -ge 10 ]; do
  if ! kill -0 "$demo_pid" 2>/dev/null; then
    echo "demo exited early:"; cat "$workdir/demo.log"; exit 1
  fi
  if [ $(( $(date +%s) - started )) -gt 180 ]; then
    echo "no readings for all 10 rooms after 180 s"; cat "$workdir/demo.log"; exit 1
  fi
  sleep 2
done
echo "demo: $(rooms_with_readings) rooms with readings after $(( $(date +%s) - started )) s"

# Without a token (or with a wrong one) the API answers 401; a wrong password gets no token.
status=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/api/v1/rooms)
if [ "$status" != 401 ]; then
  echo "GET /api/v1/rooms without a token answered $status, expected 401"; exit 1
fi
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer not-a-token' \
  http://localhost:8080/api/v1/rooms)
if [ "$status" != 401 ]; then
  echo "GET /api/v1/rooms with a bad token answered $status, expected 401"; exit 1
fi
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"wrong password"}' http://localhost:8080/login)
if [ "$status" != 401 ]; then
  echo "POST /login with a wrong password answered $status, expected 401"; exit 1
fi
echo "REST: login works, 401 without a token, with a bad token and for a wrong password"

# The dashboard: / opens it, its page and scripts are served without a login, hardened.
location=$(curl -s -o /dev/null -w '%{redirect_url}' http://localhost:8080/)
case "$location" in
  */ui/index.html) ;;
  *) echo "GET / redirected to '$location', expected the dashboard"; exit 1 ;;
esac
curl -fsS http://localhost:8080/ui/index.html | grep -q '<script type="module" src="app.js">' ||
  { echo "the dashboard page is not served"; exit 1; }
curl -fsSI http://localhost:8080/ui/app.js | grep -qi "content-security-policy: default-src 'self'" ||
  { echo "the dashboard's script comes without its Content-Security-Policy"; exit 1; }
echo "dashboard: / redirects to the overview page, served with its security headers"

# Attendance: the demo imports its roster and timetable and registers the pupils' cards through
# the API; the cards list and the day's sessions answer from the hub.
token=$(login)
cards=0
for _ in $(seq 1 60); do
  cards=$(curl -fsS -H "Authorization: Bearer $token" \
    http://localhost:8080/api/v1/sites/THPT-DEMO/cards 2>/dev/null |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0)
  [ "$cards" -ge 360 ] && break
  sleep 1
done
if [ "$cards" -lt 360 ]; then
  echo "the demo registered $cards cards, expected 360:"; grep -i attendance "$workdir/demo.log" || true; exit 1
fi
sessions=$(curl -fsS -H "Authorization: Bearer $token" \
  http://localhost:8080/api/v1/sites/THPT-DEMO/attendance/sessions |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
comfort=$(curl -fsS -H "Authorization: Bearer $token" http://localhost:8080/api/v1/rooms |
  python3 -c 'import json,sys; print(" ".join(r["id"] + "=" + r["comfort"] for r in json.load(sys.stdin)))')
echo "attendance: $cards cards registered, $sessions sessions today; comfort: $comfort"

# Every payload on a data topic decodes as a Batch; batches carry readings, card taps or
# equipment events, so read single messages until one with readings has been seen.
kinds=""
for attempt in $(seq 1 20); do
  timeout 60 mosquitto_sub -h localhost -p 1883 -u observer -P "$CAMPUSEDGE_DEMO_PASSWORD" \
    -t 'campusedge/v1/+/+/data' -C 1 -N >"$workdir/batch.bin"
  if ! protoc --decode=campusedge.v1.Batch -I protos/src/main/proto campusedge/v1/batch.proto \
    <"$workdir/batch.bin" >"$workdir/batch.txt" || ! grep -q 'gateway_id: "gw-' "$workdir/batch.txt" \
    || ! grep -q 'seq: ' "$workdir/batch.txt"; then
    echo "payload on a data topic is not a Batch of records:"; cat "$workdir/batch.txt"; exit 1
  fi
  if grep -q 'metric: "' "$workdir/batch.txt"; then kinds="$kinds readings"; break; fi
  if grep -q 'card_tap {' "$workdir/batch.txt"; then kinds="$kinds card-taps"; else kinds="$kinds other"; fi
done
case "$kinds" in
  *readings) ;;
  *) echo "no Batch with readings among 20 messages (saw:$kinds)"; exit 1 ;;
esac
echo "mosquitto_sub + protoc decoded Batches ($kinds ), the last with $(grep -c 'seq:' "$workdir/batch.txt") record(s)"

# A wrong password is refused by the broker.
if timeout 20 mosquitto_sub -h localhost -p 1883 -u observer -P wrong -t 'campusedge/#' -C 1 -W 5 \
  >/dev/null 2>&1; then
  echo "broker accepted a wrong password"; exit 1
fi
# Ctrl-C / SIGTERM stops the demo cleanly: agents publish their death, then the hub stops.
kill -TERM "$demo_pid"
for _ in $(seq 1 30); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$demo_pid" 2>/dev/null; then
  echo "demo did not stop within 30 s of SIGTERM"; exit 1
fi
grep -q "Embedded MQTT broker stopped" "$workdir/demo.log"
echo "demo smoke test: 7 passed, 0 failed"
