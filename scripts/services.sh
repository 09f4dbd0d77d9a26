#!/usr/bin/env bash
# PostgreSQL and RabbitMQ for BatchWorkers' tests and quickstart.
#
#   source scripts/services.sh    # make sure both answer and export BW_* (test.sh, quickstart.sh);
#   trap bw_services_stop EXIT    # ...then stop what this shell started when it exits
#   scripts/services.sh up        # start them and leave them running; prints `export BW_...=...` lines
#   scripts/services.sh env       # print `export BW_...=...` lines for what is running; starts nothing
#   scripts/services.sh down      # stop the private instances kept under .local/services/
#   scripts/services.sh restart postgres|rabbitmq   # stop and start one private instance (the fault suite)
#   scripts/services.sh kill postgres|rabbitmq      # crash one (SIGKILL to all its processes) and start it again
#
# Exports BW_PG_HOST BW_PG_PORT BW_PG_USER BW_PG_PASSWORD (a role that may CREATE DATABASE) and
# BW_RABBIT_HOST BW_RABBIT_PORT BW_RABBIT_USER BW_RABBIT_PASSWORD BW_RABBIT_MGMT_PORT (an `administrator`).
# When the services offer TLS, also BW_PG_TLS_CA (the CA file that signed PostgreSQL's certificate; TLS is on the
# same port), BW_RABBIT_TLS_PORT and BW_RABBIT_TLS_CA (AMQPS), and BW_RABBIT_TLS_CLIENT_CERT and
# BW_RABBIT_TLS_CLIENT_KEY (a client certificate the broker accepts). Set them yourself for services of your own.
#
# Where they come from, in order:
#   (a) BW_* already set and answering: used as they are;
#   (b) a Docker engine answers: `docker compose up -d --wait postgres rabbitmq` (docker-compose.yml);
#       set BW_SERVICES_NO_DOCKER=1 to skip this;
#   (c) private instances of the OS packages (installed with apt-get when missing), loopback only, data under
#       .local/services/: PostgreSQL on 127.0.0.1:54329, RabbitMQ on 127.0.0.1:56729 (management 56730,
#       Erlang distribution 56731, node bw-rabbit@localhost). Ports can be moved with BW_LOCAL_PG_PORT,
#       BW_LOCAL_RABBIT_PORT, BW_LOCAL_RABBIT_MGMT_PORT, BW_LOCAL_RABBIT_DIST_PORT and BW_LOCAL_RABBIT_NODE, and
#       the folder with BW_SERVICES_DIR (a second, independent pair: `./test.sh --faults` restarts its own).
#       Both also offer TLS when openssl is installed: a CA and certificates for 127.0.0.1/localhost are made once
#       under the folder's tls/; PostgreSQL runs with ssl=on (plain connections still work) and RabbitMQ adds an
#       AMQPS listener on 127.0.0.1:56732 (BW_LOCAL_RABBIT_TLS_PORT). PostgreSQL runs without fsync and with
#       asynchronous commits (a throwaway instance); BW_LOCAL_PG_DURABLE=1 turns synchronous commits back on, so
#       that a crash of the server's processes loses no acknowledged commit (the fault suite kills it).
#
# Private instances are shared by every script using this checkout at the same time: each user registers under
# .local/services/users/, and one started by a sourcing script is stopped when the last such user leaves.
# Instances started with `up` stay until `down`.
#
# When sourced this file leaves the caller's shell options alone and reports failure through its return status.

_bw_services_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
_bw_services_dir="${BW_SERVICES_DIR:-$_bw_services_root/.local/services}"
# What this shell started through docker compose; kept if the file is sourced again.
declare -p _BW_STARTED_COMPOSE >/dev/null 2>&1 || _BW_STARTED_COMPOSE=()

# --- small helpers --------------------------------------------------------------------------------------------------

_bw_log() { printf '%s\n' "$*" >&2; }
_bw_err() { printf 'error: %s\n' "$*" >&2; }

# _bw_poll SECONDS CMD...: run CMD every half second until it succeeds; fail once SECONDS have passed.
_bw_poll() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

_bw_pid_alive() { [[ -n "${1:-}" ]] && { kill -0 "$1" 2>/dev/null || [[ -d "/proc/$1" ]]; }; }

_bw_pid_gone() { ! _bw_pid_alive "$1"; }

# _bw_crash PID: SIGKILL PID and every process below it at once, as a machine or container crash would. PID is
# stopped first so that it forks nothing between the listing and the kill. Then waits (30 s at most) until all are
# reaped, not just dead: a zombie still answers kill -0, so a server would take its pid file for a live one's.
_bw_crash() {
  local pids=("$1") i=0 child
  kill -STOP "$1" 2>/dev/null || return 1
  while ((i < ${#pids[@]})); do
    for child in $(ps -o pid= --ppid "${pids[i]}" 2>/dev/null); do pids+=("$child"); done
    i=$((i + 1))
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  for child in "${pids[@]}"; do _bw_poll 30 _bw_pid_gone "$child" || return 1; done
}

# A TCP connect through bash's /dev/tcp, so no netcat is needed.
# shellcheck disable=SC2016 # $0 and $1 expand in the inner bash
_bw_tcp_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

_bw_tail_hint() { # FILE: show the end of a log so the reader does not have to go looking
  [[ -s "$1" ]] || return 0
  _bw_log "---- last lines of $1 ----"
  tail -n 25 "$1" >&2
  _bw_log "----"
}

# _bw_apt_install PKG...: install OS packages; `apt-get update` only when the plain install fails.
_bw_apt_install() {
  local log="$_bw_services_dir/apt.log" sudo=()
  if ! command -v apt-get >/dev/null 2>&1; then
    _bw_err "$* missing and apt-get not found: install them with your package manager, or start PostgreSQL and"
    _bw_err "RabbitMQ yourself and export the BW_* variables (see the top of scripts/services.sh)."
    return 1
  fi
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
      _bw_err "$* missing; as root run: apt-get install -y $*"
      return 1
    fi
    sudo=(sudo)
  fi
  _bw_log "Installing $* with apt-get (log: $log) ..."
  if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$log" 2>&1; then
    return 0
  fi
  # The package lists may be stale or missing (fresh containers ship without them).
  if "${sudo[@]}" apt-get update -q >>"$log" 2>&1 &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$log" 2>&1; then
    return 0
  fi
  _bw_tail_hint "$log"
  _bw_err "could not install $* (full log: $log)."
  return 1
}

_bw_need_curl() {
  command -v curl >/dev/null 2>&1 || _bw_apt_install curl
}

# A lock directory rather than flock: a flock descriptor would be inherited by the daemons started while
# holding it and keep the lock forever. A lock left by a dead process is taken over.
_bw_lock() {
  local lock="$_bw_services_dir/.lock" deadline=$((SECONDS + 300)) owner
  mkdir -p "$_bw_services_dir" || return 1
  until mkdir "$lock" 2>/dev/null; do
    owner="$(cat "$lock/pid" 2>/dev/null || true)"
    if [[ "$owner" == "$$" ]] || { [[ -n "$owner" ]] && ! _bw_pid_alive "$owner"; }; then
      rm -rf "$lock"
      continue
    fi
    if ((SECONDS >= deadline)); then
      _bw_err "another script (pid ${owner:-?}) holds $lock; if none is running, remove that folder."
      return 1
    fi
    sleep 0.2
  done
  echo "$$" >"$lock/pid"
}

_bw_unlock() { rm -rf "$_bw_services_dir/.lock"; }

# Users of the private instances: one file per service and process, e.g. users/postgres.1234.
_bw_register() { mkdir -p "$_bw_services_dir/users" && : >"$_bw_services_dir/users/$1.$$"; }

_bw_other_users() { # SERVICE: print the live pids, other than ours, that use it
  local f pid
  for f in "$_bw_services_dir/users/$1".*; do
    [[ -e "$f" ]] || continue
    pid="${f##*.}"
    if [[ "$pid" == "$$" ]]; then
      continue
    elif _bw_pid_alive "$pid"; then
      echo "$pid"
    else
      rm -f "$f"
    fi
  done
}

_bw_label() { if [[ "$1" == postgres ]]; then echo PostgreSQL; else echo RabbitMQ; fi; }

_bw_print_exports() {
  local v
  for v in BW_PG_HOST BW_PG_PORT BW_PG_USER BW_PG_PASSWORD \
    BW_RABBIT_HOST BW_RABBIT_PORT BW_RABBIT_USER BW_RABBIT_PASSWORD BW_RABBIT_MGMT_PORT; do
    printf 'export %s=%q\n' "$v" "${!v}"
  done
  # TLS only where it is on offer; otherwise clear what an earlier eval may have left behind.
  for v in BW_PG_TLS_CA BW_RABBIT_TLS_PORT BW_RABBIT_TLS_CA BW_RABBIT_TLS_CLIENT_CERT BW_RABBIT_TLS_CLIENT_KEY; do
    if [[ -n "${!v:-}" ]]; then printf 'export %s=%q\n' "$v" "${!v}"; else printf 'unset %s\n' "$v"; fi
  done
}

# --- TLS for the private instances ----------------------------------------------------------------------------------

_bw_tls_dir="$_bw_services_dir/tls"

_bw_tls_ready() {
  local f
  for f in ca.crt server.crt server.key client.crt client.key; do [[ -s "$_bw_tls_dir/$f" ]] || return 1; done
}

# _bw_tls_sign DIR NAME CN EXTENSIONS: a P-256 key and a certificate signed by DIR/ca.*, valid for ten years.
_bw_tls_sign() {
  printf '%s\n' "$4" >"$1/$2.ext" &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1/$2.key" \
      -out "$1/$2.csr" -subj "/CN=$3" &&
    openssl x509 -req -in "$1/$2.csr" -CA "$1/ca.crt" -CAkey "$1/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 3650 -extfile "$1/$2.ext" -out "$1/$2.crt" &&
    rm -f "$1/$2.csr" "$1/$2.ext"
}

# _bw_tls_ensure: make the test CA, a server certificate for 127.0.0.1 and localhost, and a client certificate,
# once (elliptic-curve keys: milliseconds). Fails, with a note, where openssl is missing: the instances then run
# without TLS and the TLS tests say they were skipped.
_bw_tls_ensure() {
  local tmp="$_bw_tls_dir.tmp" log="$_bw_services_dir/tls.log"
  _bw_tls_ready && return 0
  [[ -z "${_bw_tls_failed:-}" ]] || return 1 # said once already
  _bw_tls_failed=1
  if ! command -v openssl >/dev/null 2>&1; then
    _bw_log "TLS: openssl not found; the private instances run without TLS (apt-get install openssl)."
    return 1
  fi
  rm -rf "$tmp" && mkdir -p "$tmp" && chmod 700 "$tmp" || return 1
  if ! {
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$tmp/ca.key" \
      -out "$tmp/ca.crt" -days 3650 -subj "/CN=BatchWorkers local test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
      _bw_tls_sign "$tmp" server localhost "$(printf '%s\n' 'basicConstraints=CA:FALSE' \
        'keyUsage=critical,digitalSignature' 'extendedKeyUsage=serverAuth' 'subjectAltName=DNS:localhost,IP:127.0.0.1')" &&
      _bw_tls_sign "$tmp" client bw "$(printf '%s\n' 'basicConstraints=CA:FALSE' \
        'keyUsage=critical,digitalSignature' 'extendedKeyUsage=clientAuth')"
  } >"$log" 2>&1; then
    _bw_tail_hint "$log"
    _bw_log "TLS: could not make the test certificates (log: $log); the private instances run without TLS."
    rm -rf "$tmp"
    return 1
  fi
  chmod 600 "$tmp"/*.key && chmod 644 "$tmp"/*.crt && rm -rf "$_bw_tls_dir" && mv "$tmp" "$_bw_tls_dir" || return 1
  _bw_tls_failed=""
  _bw_log "TLS: made a test CA and certificates for 127.0.0.1/localhost in $_bw_tls_dir"
}

# --- checks shared by all sources -----------------------------------------------------------------------------------

_bw_psql_bin() {
  if [[ -n "${_bw_pg_bin:-}" && -x "$_bw_pg_bin/psql" ]]; then
    echo "$_bw_pg_bin/psql"
  else
    command -v psql 2>/dev/null
  fi
}

# _bw_pg_answers HOST PORT USER PASSWORD: log in and make sure the role may create databases.
_bw_pg_answers() {
  local psql can
  if ! psql="$(_bw_psql_bin)"; then
    # Without a client (e.g. Docker users) a TCP connect is the best that can be checked.
    _bw_tcp_open "$1" "$2"
    return
  fi
  can="$(PGPASSWORD="$4" PGCONNECT_TIMEOUT=5 "$psql" -h "$1" -p "$2" -U "$3" -d postgres -XAtq \
    -c 'SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" || return 1
  [[ "$can" == t ]] || _bw_log "PostgreSQL: warning: role $3 may not CREATE DATABASE; tests need that."
}

_bw_rabbit_api_ok() { # HOST MGMT_PORT USER PASSWORD
  curl -fsS -m 5 -o /dev/null -u "$3:$4" "http://$1:$2/api/whoami" 2>/dev/null
}

# _bw_rabbit_answers HOST PORT MGMT_PORT USER PASSWORD: AMQP accepts connections, the HTTP API logs in.
_bw_rabbit_answers() {
  local me
  _bw_tcp_open "$1" "$2" || return 1
  me="$(curl -fsS -m 5 -u "$4:$5" "http://$1:$3/api/whoami" 2>/dev/null)" || return 1
  [[ "$me" == *administrator* ]] ||
    _bw_log "RabbitMQ: warning: user $4 lacks the administrator tag; tests cannot create virtual hosts."
}

# --- (a) variables already set --------------------------------------------------------------------------------------

_bw_preset() { # PREFIX VAR...: succeed when all are set; complain when only some are
  local label="$1" v missing=() set=0
  shift
  for v in "$@"; do
    if [[ -n "${!v:-}" ]]; then set=1; else missing+=("$v"); fi
  done
  ((set)) || return 1
  if ((${#missing[@]})); then
    _bw_log "$label: ignoring the BW_* variables set, ${missing[*]} missing."
    return 1
  fi
}

# --- (b) docker compose ---------------------------------------------------------------------------------------------

_bw_compose() { docker compose -f "$_bw_services_root/docker-compose.yml" --project-directory "$_bw_services_root" "$@"; }

_bw_docker_ok() {
  [[ -z "${BW_SERVICES_NO_DOCKER:-}" ]] && command -v docker >/dev/null 2>&1 &&
    docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1
}

# The defaults here must match docker-compose.yml.
_bw_docker_exports() {
  export BW_PG_HOST=127.0.0.1 BW_PG_PORT="${BW_PG_PORT:-5432}"
  export BW_PG_USER="${BW_PG_USER:-bw}" BW_PG_PASSWORD="${BW_PG_PASSWORD:-bw}"
  export BW_RABBIT_HOST=127.0.0.1 BW_RABBIT_PORT="${BW_RABBIT_PORT:-5672}"
  export BW_RABBIT_MGMT_PORT="${BW_RABBIT_MGMT_PORT:-15672}"
  export BW_RABBIT_USER="${BW_RABBIT_USER:-bw}" BW_RABBIT_PASSWORD="${BW_RABBIT_PASSWORD:-bw}"
}

_bw_docker_up() { # SERVICE... (postgres and/or rabbitmq)
  local running svc
  _bw_docker_exports
  running="$(_bw_compose ps --status running --services 2>/dev/null || true)"
  if [[ -n "${_bw_no_start:-}" ]]; then
    for svc in "$@"; do
      grep -qx "$svc" <<<"$running" || { _bw_err "compose service $svc is not running."; return 1; }
    done
    return 0
  fi
  _bw_log "Docker: docker compose up -d --wait $* ..."
  if ! _bw_compose up -d --wait --wait-timeout 180 "$@" >&2; then
    _bw_err "docker compose could not start $*; see: docker compose logs $*"
    return 1
  fi
  for svc in "$@"; do
    grep -qx "$svc" <<<"$running" || _BW_STARTED_COMPOSE+=("$svc")
  done
  # The container healthchecks pass a little before the management listener is up.
  if [[ " $* " == *" rabbitmq "* ]] && ! _bw_poll 60 _bw_rabbit_api_ok "$BW_RABBIT_HOST" "$BW_RABBIT_MGMT_PORT" \
    "$BW_RABBIT_USER" "$BW_RABBIT_PASSWORD"; then
    _bw_err "RabbitMQ's management API never answered on port $BW_RABBIT_MGMT_PORT; see: docker compose logs rabbitmq"
    return 1
  fi
}

# --- (c) private PostgreSQL -----------------------------------------------------------------------------------------

_bw_pg_port="${BW_LOCAL_PG_PORT:-54329}"

_bw_pg_find_bin() {
  local want="" d best=""
  [[ -n "${_bw_pg_data:-}" && -f "$_bw_pg_data/PG_VERSION" ]] && want="$(<"$_bw_pg_data/PG_VERSION")"
  # Prefer the version the data folder was made with, then the newest Debian/Ubuntu install, then PATH.
  if [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/initdb" ]]; then
    _bw_pg_bin="/usr/lib/postgresql/$want/bin"
    return 0
  fi
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
    if [[ -z "$best" ]] || [[ "$(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n 1)" == "$d" ]]; then best="$d"; fi
  done
  if [[ -z "$best" ]] && d="$(command -v pg_ctl 2>/dev/null)"; then
    d="$(dirname "$(readlink -f "$d")")"
    [[ -x "$d/initdb" ]] && best="$d"
  fi
  [[ -n "$best" ]] || return 1
  _bw_pg_bin="$best"
}

# PostgreSQL refuses to run as root: root runs it as the `postgres` account the package creates.
_bw_pg_as() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Sets _bw_pg_dir (and _bw_pg_data). Under .local/services/ when the server's account can reach it, otherwise
# (root with the repository somewhere like /root, mode 700) in a folder of its own under /var/tmp.
_bw_pg_pick_dir() {
  local d="$_bw_services_dir/postgres" alt
  mkdir -p "$d" || return 1
  if ((EUID == 0)); then
    if ! id postgres >/dev/null 2>&1; then
      _bw_err "no 'postgres' account to run PostgreSQL as (root may not); reinstall the postgresql package."
      return 1
    fi
    chown postgres: "$d" && chmod 700 "$d"
    if ! _bw_pg_as test -w "$d"; then
      # Named after the checkout, plus the services folder when BW_SERVICES_DIR moved it.
      alt="/var/tmp/batchworkers-$(printf '%s' "$_bw_services_root${BW_SERVICES_DIR:+:$BW_SERVICES_DIR}" | cksum | cut -d ' ' -f 1)/postgres"
      mkdir -p "$alt" && chown postgres: "$alt" && chmod 700 "$alt" || return 1
      echo "$alt" >"$d/LOCATION"
      d="$alt"
    fi
  else
    chmod 700 "$d"
  fi
  _bw_pg_dir="$d"
  _bw_pg_data="$d/data"
}

_bw_pg_write_conf() {
  # Settings live in an included file rewritten on every start, so a changed port applies to an old data folder.
  # No unix socket when the path would exceed the 107-byte limit: everything here connects over TCP anyway.
  local sock="$_bw_pg_dir/run" conf="$_bw_pg_data/bw-local.conf" tls=""
  if _bw_pg_copy_tls; then tls=1; fi
  ((${#sock} + 16 < 100)) || sock=""
  [[ -z "$sock" ]] || _bw_pg_as mkdir -p -m 700 "$sock" || return 1
  {
    echo "# Written by scripts/services.sh on each start."
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $_bw_pg_port"
    echo "unix_socket_directories = '${sock//\'/\'\'}'"
    echo "max_connections = 300"
    echo "# A throwaway instance: trade durability for speed (tests create a database per class)."
    echo "fsync = off"
    if [[ -n "${BW_LOCAL_PG_DURABLE:-}" ]]; then
      # A commit is acknowledged once its WAL is written to the kernel, which a kill -9 of every server process
      # keeps: such a crash loses nothing acknowledged, as on a production server (only an OS crash needs fsync).
      echo "synchronous_commit = on"
    else
      echo "synchronous_commit = off"
    fi
    echo "full_page_writes = off"
    if [[ -n "$tls" ]]; then
      echo "# TLS with the test CA's certificate; pg_hba's host lines accept TLS and plain connections alike."
      echo "ssl = on"
      echo "ssl_cert_file = 'bw-server.crt'"
      echo "ssl_key_file = 'bw-server.key'"
    fi
  } >"$conf.tmp" && mv "$conf.tmp" "$conf" || return 1
  if ((EUID == 0)); then chown postgres: "$conf"; fi
}

# _bw_pg_copy_tls: the server's key in the data folder, owned by the server's account with mode 600 (PostgreSQL
# refuses a key others may read).
_bw_pg_copy_tls() {
  _bw_tls_ensure || return 1
  cp "$_bw_tls_dir/server.crt" "$_bw_pg_data/bw-server.crt" &&
    (umask 077 && cp "$_bw_tls_dir/server.key" "$_bw_pg_data/bw-server.key") || return 1
  if ((EUID == 0)); then chown postgres: "$_bw_pg_data/bw-server.crt" "$_bw_pg_data/bw-server.key"; fi
}

_bw_pg_initdb() {
  local pw="$_bw_pg_dir/initdb.pw" log="$_bw_pg_dir/initdb.log"
  rm -rf "$_bw_pg_data" # a half-made folder from an interrupted run
  printf 'bw\n' >"$pw" && chmod 600 "$pw" || return 1
  if ((EUID == 0)); then chown postgres: "$pw"; fi
  # Role bw is the bootstrap superuser (so it may CREATE DATABASE); scram passwords on TCP and socket alike.
  if ! _bw_pg_as "$_bw_pg_bin/initdb" -D "$_bw_pg_data" -U bw --pwfile="$pw" --auth=scram-sha-256 \
    -E UTF8 --no-locale --no-sync --no-instructions >"$log" 2>&1; then
    rm -f "$pw"
    _bw_tail_hint "$log"
    _bw_err "initdb failed (log: $log)."
    return 1
  fi
  rm -f "$pw"
  echo "include = 'bw-local.conf'" >>"$_bw_pg_data/postgresql.conf"
}

_bw_pg_export_local() {
  export BW_PG_HOST=127.0.0.1 BW_PG_PORT="$_bw_pg_port" BW_PG_USER=bw BW_PG_PASSWORD=bw
  unset BW_PG_TLS_CA
}

# For an instance of this folder: BW_PG_TLS_CA when the running server has ssl on (an instance started before TLS
# was added to this script has not, until it restarts).
_bw_pg_export_tls() {
  local psql ssl
  _bw_tls_ready && psql="$(_bw_psql_bin)" || return 0
  ssl="$(PGPASSWORD=bw PGCONNECT_TIMEOUT=5 "$psql" -h 127.0.0.1 -p "$_bw_pg_port" -U bw -d postgres -XAtq \
    -c 'SHOW ssl' 2>/dev/null)" || true
  if [[ "$ssl" == on ]]; then
    export BW_PG_TLS_CA="$_bw_tls_dir/ca.crt"
  else
    _bw_log "PostgreSQL: this instance runs without TLS; restart it for TLS: scripts/services.sh down && scripts/services.sh up"
  fi
}

_bw_pg_local_up() {
  local log
  if ! _bw_pg_find_bin; then
    [[ -z "${_bw_no_start:-}" ]] || { _bw_err "PostgreSQL is not installed."; return 1; }
    _bw_apt_install postgresql || return 1
    _bw_pg_find_bin || { _bw_err "PostgreSQL installed but initdb/pg_ctl not found."; return 1; }
  fi
  _bw_pg_pick_dir || return 1
  _bw_pg_find_bin || return 1 # again: the data folder may ask for a specific version
  log="$_bw_pg_dir/postgres.log"

  if _bw_pg_as "$_bw_pg_bin/pg_ctl" -D "$_bw_pg_data" status >/dev/null 2>&1; then
    if _bw_pg_answers 127.0.0.1 "$_bw_pg_port" bw bw; then
      _bw_log "PostgreSQL: reusing private instance on 127.0.0.1:$_bw_pg_port"
      _bw_pg_export_local
      _bw_pg_export_tls
      _bw_pg_private=1
      return 0
    fi
    _bw_err "the private PostgreSQL in $_bw_pg_data runs but role bw cannot log in on port $_bw_pg_port;"
    _bw_err "run 'scripts/services.sh down', or delete $_bw_pg_dir to start afresh."
    return 1
  fi
  if _bw_tcp_open 127.0.0.1 "$_bw_pg_port"; then
    # Most likely the private instance of another checkout: usable, but its owner decides when it stops.
    if _bw_pg_answers 127.0.0.1 "$_bw_pg_port" bw bw; then
      _bw_log "PostgreSQL: reusing a server already on 127.0.0.1:$_bw_pg_port (not started from this folder)"
      _bw_pg_export_local
      return 0
    fi
    _bw_err "port $_bw_pg_port is taken by another program; free it or set BW_LOCAL_PG_PORT to a free port."
    return 1
  fi
  if [[ -n "${_bw_no_start:-}" ]]; then
    _bw_err "the private PostgreSQL is not running; start it with: scripts/services.sh up"
    return 1
  fi

  if [[ ! -f "$_bw_pg_data/PG_VERSION" ]]; then
    _bw_log "PostgreSQL: creating a private instance in $_bw_pg_data ..."
    _bw_pg_initdb || return 1
  fi
  _bw_pg_write_conf || return 1
  # -w waits until the server accepts connections (pg_ctl polls postmaster.pid), -t bounds that wait.
  if ! _bw_pg_as "$_bw_pg_bin/pg_ctl" -D "$_bw_pg_data" -l "$log" -w -t 60 start >"$_bw_pg_dir/pg_ctl.log" 2>&1; then
    _bw_tail_hint "$log"
    _bw_err "PostgreSQL did not start; read $log (and $_bw_pg_dir/pg_ctl.log)."
    return 1
  fi
  _bw_pg_started=1
  if ! _bw_pg_answers 127.0.0.1 "$_bw_pg_port" bw bw; then
    _bw_err "PostgreSQL started but role bw cannot log in; delete $_bw_pg_dir to recreate it (read $log)."
    return 1
  fi
  _bw_log "PostgreSQL: started private instance on 127.0.0.1:$_bw_pg_port"
  _bw_pg_export_local
  _bw_pg_export_tls
  _bw_pg_private=1
}

_bw_pg_local_stop() {
  [[ -n "${_bw_pg_data:-}" ]] || { _bw_pg_pick_dir && _bw_pg_find_bin; } || return 0
  _bw_pg_as "$_bw_pg_bin/pg_ctl" -D "$_bw_pg_data" status >/dev/null 2>&1 || return 0
  if _bw_pg_as "$_bw_pg_bin/pg_ctl" -D "$_bw_pg_data" -m fast -w -t 60 stop >/dev/null 2>&1; then
    _bw_log "PostgreSQL: stopped private instance on 127.0.0.1:$_bw_pg_port"
  else
    _bw_err "could not stop PostgreSQL in $_bw_pg_data; try: pg_ctl -D $_bw_pg_data -m immediate stop"
  fi
}

# _bw_pg_postmaster: the pid of the postmaster running from this folder's data directory: the first line of its
# postmaster.pid, checked through /proc (a postmaster works in its data directory). Never looked up by name: other
# PostgreSQL instances run on the same machine.
_bw_pg_postmaster() {
  local pid
  pid="$(head -n 1 "$_bw_pg_data/postmaster.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && _bw_pid_alive "$pid" &&
    [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$(readlink -f "$_bw_pg_data")" ]] && echo "$pid"
}

# _bw_pg_local_crash: SIGKILL the postmaster and every backend, as a crash would: no shutdown checkpoint, and
# postmaster.pid and the shared memory segment left behind for the next start, which replays the WAL.
_bw_pg_local_crash() {
  local pid
  if ! pid="$(_bw_pg_postmaster)"; then
    _bw_err "no postmaster of $_bw_pg_data found through its postmaster.pid."
    return 1
  fi
  # Where the server log stands, so that _bw_pg_recovered reads only what the next start writes.
  _bw_pg_log_mark="$(stat -c %s "$_bw_pg_dir/postgres.log" 2>/dev/null || echo 0)"
  if ! _bw_crash "$pid"; then
    _bw_err "PostgreSQL (postmaster $pid) or one of its processes was not gone 30 s after SIGKILL."
    return 1
  fi
  _bw_log "PostgreSQL: killed private instance on 127.0.0.1:$_bw_pg_port (SIGKILL to postmaster $pid and its processes)"
}

# _bw_pg_recovered: the start after _bw_pg_local_crash must have run crash recovery; say so with the log's lines.
_bw_pg_recovered() {
  local lines
  lines="$(tail -c "+$((${_bw_pg_log_mark:-0} + 1))" "$_bw_pg_dir/postgres.log" 2>/dev/null |
    grep -E 'not properly shut down|redo (starts|done|is not required)')"
  if [[ "$lines" != *"not properly shut down"* ]]; then
    _bw_err "PostgreSQL started without crash recovery after the kill; read $_bw_pg_dir/postgres.log."
    return 1
  fi
  _bw_log "PostgreSQL: crash recovery ran:"
  _bw_log "$(sed -E 's/^/  /; s/ system usage:.*//' <<<"$lines")"
}

# --- (c) private RabbitMQ -------------------------------------------------------------------------------------------

_bw_rabbit_port="${BW_LOCAL_RABBIT_PORT:-56729}"
_bw_rabbit_mgmt_port="${BW_LOCAL_RABBIT_MGMT_PORT:-56730}"
_bw_rabbit_dist_port="${BW_LOCAL_RABBIT_DIST_PORT:-56731}"
_bw_rabbit_node="${BW_LOCAL_RABBIT_NODE:-bw-rabbit@localhost}"
_bw_rabbit_tls_port="${BW_LOCAL_RABBIT_TLS_PORT:-56732}"
_bw_rabbit_dir="$_bw_services_dir/rabbitmq"

# The scripts in /usr/lib/rabbitmq/bin rather than the Debian wrappers in /usr/sbin: the wrappers cd to
# /var/lib/rabbitmq, send output to /var/log/rabbitmq, switch root to the `rabbitmq` account with the system
# cookie, and refuse every other account. Called directly, the broker runs as whoever runs this script, with
# every file (Erlang cookie included) in .local/services/rabbitmq.
_bw_rabbit_find_bin() {
  local d
  for d in /usr/lib/rabbitmq/bin /usr/local/sbin /usr/sbin /opt/homebrew/sbin; do
    if [[ -x "$d/rabbitmq-server" ]] && ! grep -q 'cd /var/lib/rabbitmq' "$d/rabbitmq-server" 2>/dev/null; then
      _bw_rabbit_bin="$d"
      return 0
    fi
  done
  d="$(command -v rabbitmq-server 2>/dev/null)" || return 1
  _bw_rabbit_bin="$(dirname "$d")"
}

_bw_epmd() {
  local e
  for e in "$(command -v epmd 2>/dev/null)" /usr/lib/erlang/erts-*/bin/epmd; do
    [[ -n "$e" && -x "$e" ]] && { "$e" "$@"; return; }
  done
  return 127
}

# Call in a subshell only: it changes the environment.
_bw_rabbit_env() {
  local d="$_bw_rabbit_dir"
  export HOME="$d/home" # the Erlang cookie lives in $HOME for the server and the CLI alike
  export RABBITMQ_NODENAME="$_bw_rabbit_node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$_bw_rabbit_port" RABBITMQ_DIST_PORT="$_bw_rabbit_dist_port"
  export RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log" RABBITMQ_PID_FILE="$d/rabbit.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$d/enabled_plugins" RABBITMQ_CONFIG_FILE="$d/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$d/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$d/rabbitmq-env.conf" # keep /etc/rabbitmq/rabbitmq-env.conf out of it
  export ERL_EPMD_ADDRESS=127.0.0.1                       # if this starts epmd, keep it on loopback
  cd "$d" || exit 1                                      # where an erl_crash.dump would land
}

_bw_rabbitmqctl() { (_bw_rabbit_env && "$_bw_rabbit_bin/rabbitmqctl" -n "$_bw_rabbit_node" "$@"); }

_bw_rabbit_write_files() {
  local d="$_bw_rabbit_dir" cookie
  mkdir -p "$d/home" "$d/mnesia" "$d/log" && chmod 700 "$d" "$d/home" || return 1
  if [[ ! -s "$d/home/.erlang.cookie" ]]; then
    cookie="$(LC_ALL=C tr -dc '[:upper:]' </dev/urandom | head -c 20)"
    (umask 077 && printf '%s' "$cookie" >"$d/home/.erlang.cookie") || return 1
  fi
  chmod 400 "$d/home/.erlang.cookie"
  : >"$d/rabbitmq-env.conf"
  # The same as `rabbitmq-plugins --offline enable rabbitmq_management`, without booting an Erlang VM for it.
  echo '[rabbitmq_management].' >"$d/enabled_plugins"
  # default_user applies when the node's database is first created; _bw_rabbit_ensure_user covers older ones.
  cat >"$d/rabbitmq.conf" <<EOF
# Written by scripts/services.sh on each start.
management.tcp.ip = 127.0.0.1
management.tcp.port = $_bw_rabbit_mgmt_port
default_user = bw
default_pass = bw
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.console = false
log.file.level = info
EOF
  # AMQPS beside plain AMQP. verify_peer checks a client certificate when one is offered, without requiring one.
  # (rabbitmq.conf cannot quote a path with spaces: such checkouts get no TLS.)
  if _bw_tcp_open 127.0.0.1 "$_bw_rabbit_tls_port"; then
    _bw_log "RabbitMQ: port $_bw_rabbit_tls_port is taken: no TLS listener (move it with BW_LOCAL_RABBIT_TLS_PORT)."
  elif [[ "$_bw_tls_dir" != *[[:space:]]* ]] && _bw_tls_ensure; then
    cat >>"$d/rabbitmq.conf" <<EOF
listeners.ssl.default = 127.0.0.1:$_bw_rabbit_tls_port
ssl_options.cacertfile = $_bw_tls_dir/ca.crt
ssl_options.certfile = $_bw_tls_dir/server.crt
ssl_options.keyfile = $_bw_tls_dir/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
EOF
  fi
}

_bw_rabbit_ensure_user() {
  _bw_rabbitmqctl add_user bw bw >/dev/null 2>&1 || _bw_rabbitmqctl change_password bw bw >/dev/null 2>&1
  _bw_rabbitmqctl set_user_tags bw administrator >/dev/null 2>&1 &&
    _bw_rabbitmqctl set_permissions -p / bw '.*' '.*' '.*' >/dev/null 2>&1
}

_bw_rabbit_export_local() {
  export BW_RABBIT_HOST=127.0.0.1 BW_RABBIT_PORT="$_bw_rabbit_port" BW_RABBIT_MGMT_PORT="$_bw_rabbit_mgmt_port"
  export BW_RABBIT_USER=bw BW_RABBIT_PASSWORD=bw
  unset BW_RABBIT_TLS_PORT BW_RABBIT_TLS_CA BW_RABBIT_TLS_CLIENT_CERT BW_RABBIT_TLS_CLIENT_KEY
}

# For an instance of this folder: the AMQPS variables when it was started with the TLS listener and that answers.
_bw_rabbit_export_tls() {
  _bw_tls_ready && grep -qx "listeners.ssl.default = 127.0.0.1:$_bw_rabbit_tls_port" "$_bw_rabbit_dir/rabbitmq.conf" \
    2>/dev/null || return 0
  if ! _bw_tcp_open 127.0.0.1 "$_bw_rabbit_tls_port"; then
    _bw_log "RabbitMQ: warning: no TLS listener on 127.0.0.1:$_bw_rabbit_tls_port; read $_bw_rabbit_dir/log."
    return 0
  fi
  export BW_RABBIT_TLS_PORT="$_bw_rabbit_tls_port" BW_RABBIT_TLS_CA="$_bw_tls_dir/ca.crt"
  export BW_RABBIT_TLS_CLIENT_CERT="$_bw_tls_dir/client.crt" BW_RABBIT_TLS_CLIENT_KEY="$_bw_tls_dir/client.key"
}

_bw_rabbit_pid() { local p; p="$(cat "$_bw_rabbit_dir/rabbit.pid" 2>/dev/null)" && _bw_pid_alive "$p" && echo "$p"; }

# _bw_rabbit_boot_wait SECONDS: poll until AMQP accepts connections and the management API answers (200, or 401
# when user bw is missing); print that HTTP status. Fails early when the broker's process dies.
_bw_rabbit_boot_wait() {
  local pidfile="$_bw_rabbit_dir/rabbit.pid" begin=$SECONDS pid="" code
  while ((SECONDS < begin + $1)); do
    [[ -n "$pid" ]] || pid="$(cat "$pidfile" 2>/dev/null)" || pid=""
    if [[ -n "$pid" ]] && ! _bw_pid_alive "$pid"; then return 1; fi
    # The node writes its pid file within a second or two of starting; without one nothing is coming.
    if [[ -z "$pid" ]] && ((SECONDS > begin + 20)); then return 1; fi
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 3 -u bw:bw \
      "http://127.0.0.1:$_bw_rabbit_mgmt_port/api/whoami" 2>/dev/null)" || true
    if [[ "$code" == 200 || "$code" == 401 ]] && _bw_tcp_open 127.0.0.1 "$_bw_rabbit_port"; then
      echo "$code"
      return 0
    fi
    sleep 0.5
  done
  return 1
}

_bw_rabbit_local_up() {
  local d="$_bw_rabbit_dir" log="$_bw_rabbit_dir/log/$_bw_rabbit_node.log" code
  _bw_need_curl || return 1
  if ! _bw_rabbit_find_bin; then
    [[ -z "${_bw_no_start:-}" ]] || { _bw_err "RabbitMQ is not installed."; return 1; }
    _bw_apt_install rabbitmq-server || return 1
    _bw_rabbit_find_bin || { _bw_err "rabbitmq-server installed but not found."; return 1; }
  fi

  if _bw_rabbit_pid >/dev/null; then
    # Ours is running, perhaps still booting: wait for it rather than start another.
    if [[ "$(_bw_rabbit_boot_wait 60)" == 200 ]] &&
      _bw_rabbit_answers 127.0.0.1 "$_bw_rabbit_port" "$_bw_rabbit_mgmt_port" bw bw; then
      _bw_log "RabbitMQ: reusing private instance on 127.0.0.1:$_bw_rabbit_port (management $_bw_rabbit_mgmt_port)"
      _bw_rabbit_export_local
      _bw_rabbit_export_tls
      _bw_rabbit_private=1
      return 0
    fi
    _bw_err "the private RabbitMQ (pid $(_bw_rabbit_pid)) does not answer as bw/bw; run 'scripts/services.sh down'"
    _bw_err "and retry, and read $log if that does not help."
    return 1
  fi
  if _bw_tcp_open 127.0.0.1 "$_bw_rabbit_port" || _bw_tcp_open 127.0.0.1 "$_bw_rabbit_mgmt_port"; then
    if _bw_rabbit_answers 127.0.0.1 "$_bw_rabbit_port" "$_bw_rabbit_mgmt_port" bw bw; then
      _bw_log "RabbitMQ: reusing a broker already on 127.0.0.1:$_bw_rabbit_port (not started from this folder)"
      _bw_rabbit_export_local
      return 0
    fi
    _bw_err "port $_bw_rabbit_port or $_bw_rabbit_mgmt_port is taken by another program; free it or set"
    _bw_err "BW_LOCAL_RABBIT_PORT / BW_LOCAL_RABBIT_MGMT_PORT / BW_LOCAL_RABBIT_DIST_PORT / BW_LOCAL_RABBIT_NODE."
    return 1
  fi
  if [[ -n "${_bw_no_start:-}" ]]; then
    _bw_err "the private RabbitMQ is not running; start it with: scripts/services.sh up"
    return 1
  fi

  _bw_rabbit_write_files || return 1
  rm -f "$d/rabbit.pid"
  # Note whether epmd (Erlang's port mapper, shared by all nodes) ran before, so stopping can leave it as found.
  if _bw_epmd -names >/dev/null 2>&1; then rm -f "$d/epmd.ours"; else : >"$d/epmd.ours"; fi
  _bw_log "RabbitMQ: starting private instance (node $_bw_rabbit_node) ..."
  if ! (_bw_rabbit_env && "$_bw_rabbit_bin/rabbitmq-server" -detached) >"$d/startup.log" 2>&1 </dev/null; then
    _bw_tail_hint "$d/startup.log"
    _bw_err "rabbitmq-server did not start; read $d/startup.log and $log."
    return 1
  fi
  _bw_rabbit_started=1
  if ! code="$(_bw_rabbit_boot_wait 90)"; then
    _bw_tail_hint "$log"
    _bw_err "RabbitMQ did not finish starting within 90 s; read $log and $d/startup.log."
    return 1
  fi
  # 401: the node's database predates the default_user settings (or bw was changed): create the user.
  if [[ "$code" == 401 ]]; then _bw_rabbit_ensure_user; fi
  if ! _bw_rabbit_answers 127.0.0.1 "$_bw_rabbit_port" "$_bw_rabbit_mgmt_port" bw bw; then
    _bw_err "RabbitMQ started but its management API does not accept bw/bw on port $_bw_rabbit_mgmt_port;"
    _bw_err "read $log, or delete $d to start afresh."
    return 1
  fi
  _bw_log "RabbitMQ: started private instance on 127.0.0.1:$_bw_rabbit_port (management $_bw_rabbit_mgmt_port)"
  _bw_rabbit_export_local
  _bw_rabbit_export_tls
  _bw_rabbit_private=1
}

_bw_rabbit_local_stop() {
  local d="$_bw_rabbit_dir" pid
  if pid="$(_bw_rabbit_pid)"; then
    # SIGTERM is a clean shutdown for RabbitMQ 3.7 and later (about 7 s here), and needs no CLI VM.
    kill -TERM "$pid" 2>/dev/null
    if _bw_poll 60 _bw_pid_gone "$pid"; then
      _bw_log "RabbitMQ: stopped private instance on 127.0.0.1:$_bw_rabbit_port"
    else
      kill -KILL "$pid" 2>/dev/null
      _bw_log "RabbitMQ: killed private instance (pid $pid) after it ignored SIGTERM for 60 s"
    fi
  fi
  rm -f "$d/rabbit.pid"
  # epmd refuses -kill while any node is still registered, so this only removes an idle one we started.
  if [[ -f "$d/epmd.ours" ]]; then
    _bw_epmd -kill >/dev/null 2>&1 || true
    rm -f "$d/epmd.ours"
  fi
}

# _bw_rabbit_local_crash: SIGKILL this node's Erlang VM and its port programs, as a crash would: nothing flushed, no
# queue closed cleanly. The VM is the pid in the node's pid file, checked to be the one run from this folder (its
# -home argument); never looked up by name, since other nodes run on the same machine. epmd, Erlang's port mapper,
# serves every node here and stays; this waits until it has forgotten the dead node, so that the name is free again.
_bw_rabbit_local_crash() {
  local pid
  if ! pid="$(_bw_rabbit_pid)" || ! tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$_bw_rabbit_dir/home"; then
    _bw_err "no Erlang VM of node $_bw_rabbit_node found through $_bw_rabbit_dir/rabbit.pid."
    return 1
  fi
  _bw_rabbit_log_mark="$(stat -c %s "$_bw_rabbit_dir/log/$_bw_rabbit_node.log" 2>/dev/null || echo 0)"
  if ! _bw_crash "$pid"; then
    _bw_err "RabbitMQ's VM (pid $pid) or one of its port programs was not gone 30 s after SIGKILL."
    return 1
  fi
  rm -f "$_bw_rabbit_dir/rabbit.pid"
  if ! _bw_poll 30 _bw_rabbit_unregistered; then
    _bw_err "epmd still lists node $_bw_rabbit_node 30 s after its VM died."
    return 1
  fi
  _bw_log "RabbitMQ: killed private instance on 127.0.0.1:$_bw_rabbit_port (SIGKILL to its VM, pid $pid, and port programs)"
}

_bw_rabbit_unregistered() { ! _bw_epmd -names 2>/dev/null | grep -q "^name ${_bw_rabbit_node%@*} at port "; }

_bw_rabbit_log_since_crash() { tail -c "+$((${_bw_rabbit_log_mark:-0} + 1))" "$_bw_rabbit_dir/log/$_bw_rabbit_node.log" 2>/dev/null; }

_bw_rabbit_rebuilt() { _bw_rabbit_log_since_crash | grep -q 'rebuilding indices from scratch'; }

# _bw_rabbit_recovered: the start after _bw_rabbit_local_crash must have found its message stores shut down uncleanly
# (and rebuilt their indices: after a clean stop they are read back); say so with the log's lines. The log may lag
# the listeners by a moment.
_bw_rabbit_recovered() {
  if ! _bw_poll 10 _bw_rabbit_rebuilt; then
    _bw_err "RabbitMQ started without rebuilding its message stores after the kill; read $_bw_rabbit_dir/log."
    return 1
  fi
  _bw_log "RabbitMQ: recovered from the crash:"
  _bw_log "$(_bw_rabbit_log_since_crash | grep -E 'rebuilding indices from scratch|Recovering [0-9]+ queues of type rabbit_classic' |
    sed -E 's/^[^ ]+ //; s/^/  /')"
}

# --- the entry points -----------------------------------------------------------------------------------------------

# bw_services_up: make both services answer and export BW_*; on failure, stop what it started and return 1.
bw_services_up() {
  local wanted=() ok=1
  _BW_STARTED_COMPOSE=()
  _bw_pg_started="" _bw_rabbit_started="" _bw_pg_private="" _bw_rabbit_private=""
  _bw_need_curl || return 1

  if _bw_preset PostgreSQL BW_PG_HOST BW_PG_PORT BW_PG_USER BW_PG_PASSWORD; then
    if _bw_pg_answers "$BW_PG_HOST" "$BW_PG_PORT" "$BW_PG_USER" "$BW_PG_PASSWORD"; then
      _bw_log "PostgreSQL: reusing $BW_PG_USER@$BW_PG_HOST:$BW_PG_PORT (from BW_PG_*)"
    else
      _bw_log "PostgreSQL: $BW_PG_USER@$BW_PG_HOST:$BW_PG_PORT (from BW_PG_*) does not answer; looking elsewhere."
      wanted+=(postgres)
    fi
  else
    wanted+=(postgres)
  fi
  if _bw_preset RabbitMQ BW_RABBIT_HOST BW_RABBIT_PORT BW_RABBIT_USER BW_RABBIT_PASSWORD BW_RABBIT_MGMT_PORT; then
    if _bw_rabbit_answers "$BW_RABBIT_HOST" "$BW_RABBIT_PORT" "$BW_RABBIT_MGMT_PORT" \
      "$BW_RABBIT_USER" "$BW_RABBIT_PASSWORD"; then
      _bw_log "RabbitMQ: reusing $BW_RABBIT_USER@$BW_RABBIT_HOST:$BW_RABBIT_PORT (from BW_RABBIT_*)"
    else
      _bw_log "RabbitMQ: $BW_RABBIT_HOST:$BW_RABBIT_PORT (from BW_RABBIT_*) does not answer; looking elsewhere."
      wanted+=(rabbitmq)
    fi
  else
    wanted+=(rabbitmq)
  fi
  ((${#wanted[@]})) || return 0

  if _bw_docker_ok; then
    _BW_SERVICES_SOURCE=docker
    _bw_docker_up "${wanted[@]}" || ok=0
  else
    _BW_SERVICES_SOURCE=local
    _bw_lock || return 1
    if [[ " ${wanted[*]} " == *" postgres "* ]]; then _bw_pg_local_up || ok=0; fi
    if ((ok)) && [[ " ${wanted[*]} " == *" rabbitmq "* ]]; then _bw_rabbit_local_up || ok=0; fi
    if ((ok)) && [[ -n "${_bw_register_users:-}" ]]; then
      # Started by a sourcing script: stop when its last user leaves. Started by `up`: keep until `down`.
      if [[ -n "$_bw_pg_private" ]]; then
        _bw_register postgres
        if [[ -n "$_bw_pg_started" ]]; then : >"$_bw_services_dir/postgres.ephemeral"; fi
      fi
      if [[ -n "$_bw_rabbit_private" ]]; then
        _bw_register rabbitmq
        if [[ -n "$_bw_rabbit_started" ]]; then : >"$_bw_services_dir/rabbitmq.ephemeral"; fi
      fi
    elif ((ok)) && [[ -z "${_bw_no_start:-}" ]]; then
      # `up` keeps what it started or reused running until `down`.
      if [[ -n "$_bw_pg_private" ]]; then rm -f "$_bw_services_dir/postgres.ephemeral"; fi
      if [[ -n "$_bw_rabbit_private" ]]; then rm -f "$_bw_services_dir/rabbitmq.ephemeral"; fi
    fi
    _bw_unlock
  fi
  if ((!ok)); then
    _bw_undo_failed_start
    return 1
  fi
}

_bw_undo_failed_start() {
  if ((${#_BW_STARTED_COMPOSE[@]})); then _bw_compose stop "${_BW_STARTED_COMPOSE[@]}" >&2 || true; fi
  _BW_STARTED_COMPOSE=()
  if [[ -n "${_bw_pg_started:-}" ]]; then _bw_pg_local_stop; fi
  if [[ -n "${_bw_rabbit_started:-}" ]]; then _bw_rabbit_local_stop; fi
  _bw_pg_started="" _bw_rabbit_started=""
}

# bw_services_stop: for the sourcing script's EXIT trap. Stops the compose services this shell started, and the
# private instances a sourcing script started once no other live script uses them. Always succeeds.
bw_services_stop() {
  local svc others
  if ((${#_BW_STARTED_COMPOSE[@]})); then
    _bw_log "Docker: stopping ${_BW_STARTED_COMPOSE[*]} ..."
    _bw_compose stop "${_BW_STARTED_COMPOSE[@]}" >&2 || true
    _BW_STARTED_COMPOSE=()
  fi
  [[ -d "$_bw_services_dir/users" ]] || return 0
  _bw_lock || return 0
  for svc in postgres rabbitmq; do
    [[ -e "$_bw_services_dir/users/$svc.$$" ]] || continue
    rm -f "$_bw_services_dir/users/$svc.$$"
    [[ -f "$_bw_services_dir/$svc.ephemeral" ]] || continue
    others="$(_bw_other_users "$svc")"
    if [[ -n "$others" ]]; then
      _bw_log "$(_bw_label "$svc"): left running for the other scripts using it (pid $(echo "$others" | paste -sd ' '))"
      continue
    fi
    if [[ "$svc" == postgres ]]; then _bw_pg_local_stop; else _bw_rabbit_local_stop; fi
    rm -f "$_bw_services_dir/$svc.ephemeral"
  done
  _bw_unlock
  return 0
}

# bw_psql ARGS...: psql as BW_PG_USER (through the compose container when the host has no client).
bw_psql() {
  local psql
  if psql="$(_bw_psql_bin)"; then
    PGPASSWORD="$BW_PG_PASSWORD" "$psql" -h "$BW_PG_HOST" -p "$BW_PG_PORT" -U "$BW_PG_USER" -X "$@"
  elif [[ "${_BW_SERVICES_SOURCE:-}" == docker ]]; then
    _bw_compose exec -T -e PGPASSWORD="$BW_PG_PASSWORD" postgres psql -h localhost -U "$BW_PG_USER" -X "$@"
  else
    _bw_err "psql not found; install postgresql-client."
    return 1
  fi
}

_bw_services_down() {
  local svc others
  _bw_lock || return 1
  for svc in postgres rabbitmq; do
    others="$(_bw_other_users "$svc")"
    if [[ -n "$others" ]]; then
      _bw_log "$(_bw_label "$svc"): warning: still in use by pid $(echo "$others" | paste -sd ' '); stopping anyway."
    fi
  done
  _bw_pg_local_stop
  _bw_rabbit_find_bin && _bw_rabbit_local_stop
  rm -rf "$_bw_services_dir/users" "$_bw_services_dir/postgres.ephemeral" "$_bw_services_dir/rabbitmq.ephemeral"
  _bw_unlock
  if _bw_docker_ok && _bw_compose ps --status running --services 2>/dev/null | grep -qx -e postgres -e rabbitmq; then
    _bw_log "Docker: stopping postgres rabbitmq ..."
    _bw_compose stop postgres rabbitmq >&2
  fi
}

# _bw_services_restart stop|crash postgres|rabbitmq: stop a private instance run from this folder, nothing else,
# cleanly (stop) or by SIGKILL to every process of it (crash), then start it again and wait until it answers.
_bw_services_restart() {
  local how="$1" ok=1 epmd_ours=""
  _bw_lock || return 1
  case "$2" in
  postgres)
    if _bw_pg_pick_dir && _bw_pg_find_bin && _bw_pg_as "$_bw_pg_bin/pg_ctl" -D "$_bw_pg_data" status >/dev/null 2>&1; then
      if [[ "$how" == crash ]]; then
        _bw_pg_local_crash && _bw_pg_local_up && _bw_pg_recovered || ok=0
      else
        _bw_pg_local_stop
        _bw_pg_local_up || ok=0
      fi
    else
      _bw_err "no private PostgreSQL runs from $_bw_services_dir; only those can be restarted or killed."
      ok=0
    fi
    ;;
  rabbitmq)
    if _bw_rabbit_find_bin && _bw_rabbit_pid >/dev/null; then
      if [[ "$how" == crash ]]; then
        # epmd outlives the node, so the start finds it running: if it was ours to stop, it still is.
        if [[ -f "$_bw_rabbit_dir/epmd.ours" ]]; then epmd_ours=1; fi
        _bw_rabbit_local_crash && _bw_rabbit_local_up && _bw_rabbit_recovered || ok=0
        if [[ -n "$epmd_ours" ]]; then : >"$_bw_rabbit_dir/epmd.ours"; fi
      else
        _bw_rabbit_local_stop
        _bw_rabbit_local_up || ok=0
      fi
    else
      _bw_err "no private RabbitMQ runs from $_bw_services_dir; only those can be restarted or killed."
      ok=0
    fi
    ;;
  *)
    _bw_err "which service? postgres or rabbitmq"
    ok=0
    ;;
  esac
  _bw_unlock
  ((ok))
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: bring everything up now; the caller sets `trap bw_services_stop EXIT`.
  _bw_register_users=1
  bw_services_up || return 1
else
  set -euo pipefail
  case "${1:-}" in
  up)
    bw_services_up
    _bw_print_exports
    ;;
  env)
    _bw_no_start=1
    bw_services_up
    _bw_print_exports
    ;;
  down) _bw_services_down ;;
  restart) _bw_services_restart stop "${2:-}" ;;
  kill) _bw_services_restart crash "${2:-}" ;;
  *)
    echo "usage: $0 up|env|down|restart SERVICE|kill SERVICE   (or: source $0 from a script)" >&2
    exit 2
    ;;
  esac
fi
