#!/usr/bin/env bash
# shellcheck disable=SC2317  # stop and shutdown run from the traps
# Runs certaudit locally: builds what changed, starts the command side (which hosts the embedded
# MongoDB-compatible store, data in ./data) and then the query side, waits until both are healthy and
# prints where to go. Ctrl-C stops both; the data stays in ./data for the next start.
#
#   ./run.sh           start (build first if a source is newer than the jars)
#   ./run.sh --demo    also load the seed audit 0455-2021-SE through the HTTP API on first start
#                      (same as CERTAUDIT_DEMO=true ./run.sh)
#
# Settings (environment): COMMAND_SIDE_PORT (8081), QUERY_SIDE_PORT (8082), CERTAUDIT_EMBEDDED_PORT
# (27717), CERTAUDIT_EMBEDDED_DATA_DIR (./data), CERTAUDIT_MONGODB_URI (use that MongoDB instead of
# the embedded store), JAVA_OPTS (extra JVM options for both, after each side's heap and DEFAULT_JAVA_OPTS below),
# MALLOC_ARENA_MAX (2), CERTAUDIT_START_TIMEOUT (180 s), CERTAUDIT_REPORT_VERIFY_URL (the report check that reports'
# QR codes link to; http://localhost:<query side port>/console/verify/report),
# CERTAUDIT_SKIP_BUILD (true: never build, use the jars there are; the end-to-end test sets it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)

DEMO=${CERTAUDIT_DEMO:-false}
for arg in "$@"; do
    case $arg in
        --demo) DEMO=true ;;
        -h | --help) sed -n '3,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option '$arg' (try ./run.sh --help)" >&2; exit 2 ;;
    esac
done

COMMAND_PORT=${COMMAND_SIDE_PORT:-8081}
QUERY_PORT=${QUERY_SIDE_PORT:-8082}
STORE_PORT=${CERTAUDIT_EMBEDDED_PORT:-27717}
DATA_DIR=${CERTAUDIT_EMBEDDED_DATA_DIR:-$ROOT/data}
LOG_DIR=$DATA_DIR/logs
START_TIMEOUT=${CERTAUDIT_START_TIMEOUT:-180}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The JVM options both sides start with, after their heap (below) and before JAVA_OPTS (a later option wins):
# JVM-internal areas sized so that each side stays under 512 MB resident at the benchmark's load (benchmark/README.md,
# "embedded store, session 5"). The benchmark's launcher reads this line and the two heap lines, so both start the
# jars alike.
# Since session 9 also: native memory the JVM freed goes back to the system every 5 s (TrimNativeHeapInterval,
# JDK 17.0.9 and later; dropped below for an older JVM), and the embedded store's Netty server keeps one pool of
# direct buffers instead of one per core thread (NMT: 13 MB instead of 25 MB). Since session 11: a thread keeps
# no temporary direct buffer above 256 KB (jdk.nio.maxCachedBufferSize). The JDK copies every file read and write
# through a heap buffer, as H2 makes them, into a direct buffer it keeps per thread, as large as the largest
# I/O so far; the embedded store's chunk writes and moves left 11-28 MB of them at 100k events, 4-5 MB with it.
# Session 17 measured a heap that starts at 64 MB and gives memory back (-Xms64m -XX:MinHeapFreeRatio=20
# -XX:MaxHeapFreeRatio=40): 278 MB instead of 508 MB for the query side at 1M events, but four times the collection
# pauses there under load, and the command side unchanged at 506 MB; it was not kept (benchmark/README.md,
# "Session 17").
DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m -Xss512k -XX:TrimNativeHeapInterval=5000 -Dio.netty.allocator.numDirectArenas=1 -Djdk.nio.maxCachedBufferSize=262144"
# Each side's heap, before DEFAULT_JAVA_OPTS. Until session 18 both had 320 MB, which the serial collector touches
# whole whatever a side holds, and which ended a 1M-event run 4-5 MB under 512 MB resident (and a run of session 15
# 3-7 MB over it on the command side). The command side, which hosts the embedded store, keeps 288 MB; the query side,
# whose full collections leave 55-95 MB live, 256 MB (benchmark/README.md, "Session 18").
COMMAND_SIDE_JAVA_OPTS="-Xmx288m"
QUERY_SIDE_JAVA_OPTS="-Xmx256m"
read -r -a JVM_OPTIONS <<<"$DEFAULT_JAVA_OPTS ${JAVA_OPTS:-}"
# glibc's malloc keeps up to 8 arenas per core; two keep the JVM's native allocations from spreading.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# Nothing may reach outside this machine: Axon's update checker stays off.
export AXONIQ_UPDATE_CHECKER_DISABLED=true

fail() {
    echo "run.sh: $*" >&2
    exit 1
}

# --- prerequisites -------------------------------------------------------------------------------
command -v "$JAVA" >/dev/null 2>&1 || fail "no java found: install a JDK 17 or newer (or set JAVA_HOME)"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
[[ ${java_major:-0} -ge 17 ]] || fail "java $java_major found at $(command -v "$JAVA"); certaudit needs 17 or newer"
# -XX:TrimNativeHeapInterval came with JDK 17.0.9 (JDK-8293114); an older JVM refuses to start with it.
if ! "$JAVA" -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
    DEFAULT_JAVA_OPTS=${DEFAULT_JAVA_OPTS/ -XX:TrimNativeHeapInterval=5000/}
    read -r -a JVM_OPTIONS <<<"$DEFAULT_JAVA_OPTS ${JAVA_OPTS:-}"
fi

# --- build when a source or pom is newer than the jars -------------------------------------------
newest_jar() { ls -t "$1"/target/"$1"-*.jar 2>/dev/null | head -n 1; }

needs_build() {
    local module jar
    for module in command-side query-side end-to-end; do
        jar=$(newest_jar "$module")
        [[ -n $jar ]] || return 0
        if [[ -n $(find pom.xml shared-kernel ledger event-store web-security command-side query-side end-to-end \
            -newer "$jar" -type f \( -path '*/src/main/*' -o -name pom.xml \) -not -path '*/target/*' \
            -print -quit) ]]; then
            return 0
        fi
    done
    return 1
}

if [[ ${CERTAUDIT_SKIP_BUILD:-false} == true ]]; then
    # A test inside the Maven build runs this script on the jars the build just packaged: building again
    # from there would be a second build within the first (a root pom newer than the jars is enough).
    for module in command-side query-side end-to-end; do
        [[ -n $(newest_jar "$module") ]] || fail "CERTAUDIT_SKIP_BUILD=true but there is no $module jar in $module/target"
    done
elif needs_build; then
    echo "Building (./mvnw -B -q -DskipTests package) ..."
    ./mvnw -B -q -DskipTests package || fail "the build failed; the lines above say why"
    # Maven leaves a jar untouched when nothing it packages changed (a change to a pom alone, say);
    # mark all three as built now so that the next start does not build again.
    for module in command-side query-side end-to-end; do touch "$(newest_jar "$module")"; done
fi
COMMAND_JAR=$(newest_jar command-side)
QUERY_JAR=$(newest_jar query-side)
DEMO_JAR=$(newest_jar end-to-end)

# --- ports ---------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ports=("$COMMAND_PORT" "$QUERY_PORT")
[[ -n ${CERTAUDIT_MONGODB_URI:-} ]] || ports+=("$STORE_PORT")
for port in "${ports[@]}"; do
    if port_busy "$port"; then
        fail "port $port is in use (is certaudit already running?); stop that process or choose other ports" \
            "with COMMAND_SIDE_PORT / QUERY_SIDE_PORT / CERTAUDIT_EMBEDDED_PORT"
    fi
done

# --- start, stop ---------------------------------------------------------------------------------
mkdir -p "$LOG_DIR"
COMMAND_PID=
QUERY_PID=

stop() {
    local name=$1 pid=$2 waited=0
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    echo "Stopping the $name ..."
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < 300)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "The $name did not stop within 30 s; killing it." >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# The query side first: the command side hosts the embedded store the query side reads from.
shutdown() {
    trap - INT TERM EXIT
    stop "query side" "$QUERY_PID"
    stop "command side" "$COMMAND_PID"
}
trap 'shutdown; exit 130' INT
trap 'shutdown; exit 143' TERM
trap 'shutdown' EXIT

start() {
    local name=$1 log=$LOG_DIR/$1.log
    shift
    [[ -f $log ]] && mv -f "$log" "$log.1"
    echo "$(date '+%F %T') $*" >"$log"
    # Background jobs of a script ignore SIGINT, so Ctrl-C reaches only this script, which then stops
    # both applications in order with SIGTERM (a clean Spring shutdown that closes the store).
    local side_options
    if [[ $name == command-side ]]; then side_options=$COMMAND_SIDE_JAVA_OPTS; else side_options=$QUERY_SIDE_JAVA_OPTS; fi
    # shellcheck disable=SC2086  # one option per word
    "$JAVA" $side_options ${JVM_OPTIONS[@]+"${JVM_OPTIONS[@]}"} -jar "$@" >>"$log" 2>&1 &
}

await_healthy() {
    local name=$1 pid=$2 port=$3 log=$LOG_DIR/$1.log deadline=$((SECONDS + START_TIMEOUT)) body
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: the $name stopped before it was healthy; the end of $log:" >&2
            tail -n 30 "$log" >&2
            exit 1
        fi
        body=$(http_get "$port" /actuator/health || true)
        [[ $body == *'"status":"UP"'* ]] && return 0
        sleep 1
    done
    echo "run.sh: the $name was not healthy within $START_TIMEOUT s (http://localhost:$port/actuator/health" \
        "said: ${body:-nothing}); the end of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
}

# GET on localhost; curl when there is one, else bash's /dev/tcp (a fresh machine may have no curl).
http_get() {
    local port=$1 path=$2
    if command -v curl >/dev/null 2>&1; then
        curl -s --max-time 5 "http://127.0.0.1:$port$path"
    else
        (
            exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
            printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
            timeout 5 cat <&3
        ) 2>/dev/null
    fi
}

# The local profile brings the demo users (plain-text passwords, for local use only). The seed audit is
# loaded by --demo below, through the HTTP API, not by the command side's own startup loader.
PROFILE=(--spring.profiles.active="${SPRING_PROFILES_ACTIVE:-local}")
if [[ -n ${CERTAUDIT_MONGODB_URI:-} ]]; then
    echo "Starting the command side on port $COMMAND_PORT (MongoDB from CERTAUDIT_MONGODB_URI) ..."
    start command-side "$COMMAND_JAR" --server.port="$COMMAND_PORT" "${PROFILE[@]}"
    COMMAND_PID=$!
    QUERY_STORE=()
else
    echo "Starting the command side on port $COMMAND_PORT with the embedded store on port $STORE_PORT (data in $DATA_DIR) ..."
    start command-side "$COMMAND_JAR" --server.port="$COMMAND_PORT" "${PROFILE[@]}" --certaudit.embedded.enabled=true \
        --certaudit.embedded.port="$STORE_PORT" --certaudit.embedded.data-dir="$DATA_DIR"
    COMMAND_PID=$!
    QUERY_STORE=(--certaudit.mongodb.uri="mongodb://127.0.0.1:$STORE_PORT")
fi
await_healthy command-side "$COMMAND_PID" "$COMMAND_PORT"

# The console (served by the query side) relays its users' changes to the command side.
CONSOLE=(--certaudit.console.command-side-url="http://localhost:$COMMAND_PORT")
# Reports' QR codes link to the console's report check; a deployment sets its public address instead.
CONSOLE+=(--certaudit.report.verify-url="${CERTAUDIT_REPORT_VERIFY_URL:-http://localhost:$QUERY_PORT/console/verify/report}")
echo "Starting the query side on port $QUERY_PORT ..."
# The query side hosts the ledger's transparency log; without a configured key it generates one in the data dir.
start query-side "$QUERY_JAR" --server.port="$QUERY_PORT" "${PROFILE[@]}" --certaudit.ledger.key-dir="$DATA_DIR" \
    ${QUERY_STORE[@]+"${QUERY_STORE[@]}"} "${CONSOLE[@]}"
QUERY_PID=$!
await_healthy query-side "$QUERY_PID" "$QUERY_PORT"

if [[ $DEMO == true ]]; then
    echo "Loading the seed audit 0455-2021-SE (first start only) ..."
    if ! "$JAVA" -jar "$DEMO_JAR" --command-url="http://localhost:$COMMAND_PORT" \
        --query-url="http://localhost:$QUERY_PORT" 2>&1 | tee "$LOG_DIR/demo.log"; then
        echo "run.sh: the demo data was not loaded (see above); both sides keep running." >&2
    fi
fi

cat <<EOF

certaudit is running (Ctrl-C stops both sides; data stays in $DATA_DIR).

  Console                 http://localhost:$QUERY_PORT/console$([[ $DEMO == true ]] && echo "   (sign in as a demo user below: each lands on their work)")
  Command side API docs   http://localhost:$COMMAND_PORT/swagger-ui.html
  Query side API docs     http://localhost:$QUERY_PORT/swagger-ui.html
  Prometheus metrics      http://localhost:$COMMAND_PORT/actuator/prometheus
                          http://localhost:$QUERY_PORT/actuator/prometheus
                          (signed in with role METRICS or ADMIN; the demo user is metrics/metrics-pass:
                          curl -u metrics:metrics-pass http://localhost:$QUERY_PORT/actuator/prometheus)
  Health                  http://localhost:$COMMAND_PORT/actuator/health  http://localhost:$QUERY_PORT/actuator/health
  Logs                    $LOG_DIR/command-side.log  $LOG_DIR/query-side.log

  Demo users (console sign-in and HTTP Basic, local use only): admin/admin-pass (opens audits, assigns teams),
  leader/leader-pass, auditor/auditor-pass (team members), reviewer/reviewer-pass (technical
  review), decider/decider-pass (certification decisions), regulator/regulator-pass (read only),
  metrics/metrics-pass (the Prometheus scraper).
EOF
if [[ -f $DATA_DIR/ledger-public-key.pem ]]; then
    cat <<EOF

  Ledger public key (Ed25519; tree heads and evidence bundles are signed with it; also at
  http://localhost:$QUERY_PORT/api/ledger/public-key):
$(sed 's/^/    /' "$DATA_DIR/ledger-public-key.pem")
  Check an evidence bundle offline: java -jar ledger/target/ledger-verifier.jar bundle.json --key public.pem
EOF
fi
if [[ $DEMO == true ]]; then
    cat <<EOF

  Seed audit:  http://localhost:$QUERY_PORT/api/audits/0455-2021-SE.1/report.pdf  (the report; also .html)
               http://localhost:$QUERY_PORT/api/audits/0455-2021-SE.1/scorecard
               http://localhost:$QUERY_PORT/api/audits/0455-2021-SE.1/items/5.2.2.3/history
               http://localhost:$QUERY_PORT/api/projects/0455-2021-SE/lineage
  Certificate: http://localhost:$QUERY_PORT/api/certificates/CTS-2021-0455-2021-SE-1?asOf=2022-03-01  (no sign-in)
EOF
fi

# Wait for Ctrl-C; if either side stops on its own, say so and stop the other.
while kill -0 "$COMMAND_PID" 2>/dev/null && kill -0 "$QUERY_PID" 2>/dev/null; do
    sleep 1 &
    wait $! || true
done
for side in command-side:$COMMAND_PID query-side:$QUERY_PID; do
    if ! kill -0 "${side#*:}" 2>/dev/null; then
        echo "run.sh: the ${side%%:*} stopped on its own; the end of $LOG_DIR/${side%%:*}.log:" >&2
        tail -n 30 "$LOG_DIR/${side%%:*}.log" >&2
    fi
done
exit 1
