# Shared by scripts/devnet and scripts/devnet-l2 (sourced): a fresh devnet sequencer home and its process.

# l2_setup ROOT HTTP BIN: stops a sequencer left running, then writes a fresh home in ROOT/l2/home (chain
# strata-l2-devnet-1, a funded 'faucet' key, HTTP on HTTP). A devnet batch closes after 5 s (the default is
# 60 s), so batches show up while you watch.
l2_setup() {
    local root="$1" http="$2" bin="$3"
    if [[ -f "$root/l2/sequencer.pid" ]] && kill -0 "$(cat "$root/l2/sequencer.pid")" 2>/dev/null; then
        kill -TERM "$(cat "$root/l2/sequencer.pid")" || true
        sleep 1
    fi
    rm -rf "$root/l2"
    mkdir -p "$root"
    "$bin" init --home "$root/l2/home" --chain-id strata-l2-devnet-1 --http-laddr "$http"
    sed -i 's/^max_age_ms = 60000$/max_age_ms = 5000/' "$root/l2/home/config/config.toml"
}

# l2_start ROOT BIN: starts the sequencer (log in ROOT/l2/sequencer.log); sets L2_PID.
l2_start() {
    local root="$1" bin="$2"
    "$bin" start --home "$root/l2/home" >"$root/l2/sequencer.log" 2>&1 &
    L2_PID=$!
    echo "$L2_PID" >"$root/l2/sequencer.pid"
}

# l2_wait_serving HTTP: waits up to 20 s for the sequencer's status endpoint.
l2_wait_serving() {
    for _ in $(seq 1 100); do
        curl -sf "http://$1/v1/status" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}
