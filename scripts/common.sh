# shellcheck shell=bash
# Shared set-up of the Lease Insurance Suite, sourced by scripts/run, scripts/test
# and scripts/stop.  Every step is idempotent: a second call only checks stamps.
#
# Settings (environment variables, all optional):
#   LEASE_PYTHON37     path of a Python 3.7 interpreter
#   LEASE_HTTP_PORT    port of the Odoo web server for `make run` (8069)
#   LEASE_PG_PORT      port of the embedded PostgreSQL cluster (default: the
#                      first free port from 55432, remembered in .local/pg_port)
#   LEASE_DB           database served by `make run` (lease)
#   PGHOST/PGPORT/PGUSER/PGPASSWORD  use an existing PostgreSQL server instead
#                      of the embedded cluster (PGUSER must not be a superuser
#                      called postgres; it needs CREATEDB)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$ROOT/.venv"
LINT_VENV="$LOCAL/lint-venv"
PGDATA_DIR="$LOCAL/pgdata"
PGRUN_DIR="$LOCAL/pgrun"
PGLOG_DIR="$LOCAL/pglog"
LOG_DIR="$LOCAL/log"
SECRETS_DIR="$LOCAL/secrets"
PG_SYSTEM_USER="leasepg"
PG_ROLE="lease_odoo"
LEASE_HTTP_PORT="${LEASE_HTTP_PORT:-8069}"
LEASE_DB="${LEASE_DB:-lease}"
LEASE_ADDONS="lease_insurance_claim,lease_devinculation,lease_offer_signing"

# lease_depends: the Odoo apps the addons build on (the "depends" of their
# manifests that are not one of the addons). They are installed in their own
# step so that --test-enable runs only the suite's tests, not those of Odoo's
# apps, and before an upgrade, because Odoo's -u does not install a
# dependency that an addon gained since the database was created.
lease_depends() {
    "$VENV/bin/python" - "$ROOT/addons" "$LEASE_ADDONS" <<'PY'
import ast, os, sys
root, ours = sys.argv[1], sys.argv[2].split(",")
wanted = []
for addon in ours:
    with open(os.path.join(root, addon, "__manifest__.py")) as manifest:
        for name in ast.literal_eval(manifest.read()).get("depends", []):
            if name not in ours and name not in wanted:
                wanted.append(name)
print(",".join(wanted))
PY
}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
    printf '\nERROR: %s\n' "$1" >&2
    shift || true
    for line in "$@"; do printf '       %s\n' "$line" >&2; done
    exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------- Debian packages
apt_missing() {
    local pkg missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

ensure_apt_packages() {
    local missing
    missing="$(apt_missing "$@")"
    [ -z "$missing" ] && return 0
    command -v apt-get >/dev/null || die "Missing system packages: $missing" \
        "This set-up installs them with apt-get on Debian; install them by hand elsewhere."
    is_root || die "Missing system packages: $missing" \
        "Run the command as root once (it installs them with apt-get), or: sudo apt-get install $missing"
    say "Installing Debian packages: $missing"
    # shellcheck disable=SC2086
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
            >"$LOG_DIR/apt.log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
            >>"$LOG_DIR/apt.log" 2>&1 \
            || die "apt-get could not install: $missing" "See $LOG_DIR/apt.log"
    fi
}

# ---------------------------------------------------------------- Python 3.7 venv
find_python37() {
    # LEASE_PYTHON37, when set, is the only candidate; otherwise python3.7 on
    # PATH, then pyenv's 3.7 builds.
    local cand pyenv_root
    local candidates=()
    if [ -n "${LEASE_PYTHON37:-}" ]; then
        candidates=("$LEASE_PYTHON37")
    else
        candidates+=("$(command -v python3.7 || true)")
        pyenv_root="$(pyenv root 2>/dev/null || true)"
        [ -n "$pyenv_root" ] && candidates+=("$pyenv_root"/versions/3.7.*/bin/python)
        candidates+=("$HOME"/.pyenv/versions/3.7.*/bin/python)
    fi
    for cand in "${candidates[@]}"; do
        [ -n "$cand" ] && [ -x "$cand" ] || continue
        if "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 7))' 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    return 1
}

requirements_stamp() {
    local file
    for file in "$ROOT/requirements.txt" "$ROOT/constraints.txt" "$ROOT/signature_agent/setup.py"; do
        if [ -f "$file" ]; then cat "$file"; fi
    done | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    local stamp_file="$VENV/.lease-requirements" want py
    want="$(requirements_stamp)"
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        if [ -n "${LEASE_PYTHON37:-}" ]; then
            py="$(find_python37)" || die "LEASE_PYTHON37=$LEASE_PYTHON37 is not a working Python 3.7." \
                "Odoo 11 needs exactly Python 3.7: point LEASE_PYTHON37 to a python3.7 binary or unset it."
        fi
        py="$(find_python37)" || die "Python 3.7 was not found (Odoo 11 needs exactly 3.7)." \
            "Install it, e.g. with pyenv:  pyenv install 3.7.16  (then run the command again)," \
            "or point LEASE_PYTHON37 to a python3.7 binary."
        say "Creating $VENV with $py"
        "$py" -m venv "$VENV"
    fi
    "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 7))' \
        || die "$VENV is not a Python 3.7 virtualenv." "Remove it (rm -rf .venv) and run again."
    say "Installing Python requirements into .venv (first time: about a minute)"
    PIP_CONSTRAINT="$ROOT/constraints.txt" "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" \
        >"$LOG_DIR/pip.log" 2>&1 || die "pip install failed." "See $LOG_DIR/pip.log"
    if [ -f "$ROOT/signature_agent/setup.py" ]; then
        PIP_CONSTRAINT="$ROOT/constraints.txt" "$VENV/bin/pip" install -q --no-deps \
            -e "$ROOT/signature_agent" >>"$LOG_DIR/pip.log" 2>&1 \
            || die "Installing signature_agent failed." "See $LOG_DIR/pip.log"
    fi
    echo "$want" >"$stamp_file"
}

find_python_modern() {
    local cand
    for cand in "${LEASE_LINT_PYTHON:-}" python3.12 python3.11 python3.10 python3 \
            "$HOME"/.pyenv/versions/3.1[0-2].*/bin/python; do
        cand="$(command -v "$cand" 2>/dev/null || true)"
        [ -n "$cand" ] || continue
        if "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    return 1
}

ensure_lint_venv() {
    local stamp_file="$LINT_VENV/.lease-requirements" want py
    want="$(sha256sum "$ROOT/requirements-lint.txt" | cut -d' ' -f1)"
    [ -x "$LINT_VENV/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$want" ] && return 0
    py="$(find_python_modern)" || die "The linters need Python >= 3.10 (none found)." \
        "Install python3 from Debian (apt-get install python3-venv) or set LEASE_LINT_PYTHON."
    say "Creating the linter virtualenv with $py"
    [ -x "$LINT_VENV/bin/python" ] || "$py" -m venv "$LINT_VENV" \
        || die "Could not create $LINT_VENV" "On Debian: apt-get install python3-venv"
    "$LINT_VENV/bin/pip" install -q -r "$ROOT/requirements-lint.txt" >"$LOG_DIR/pip-lint.log" 2>&1 \
        || die "Installing the linters failed." "See $LOG_DIR/pip-lint.log"
    echo "$want" >"$stamp_file"
}

# ---------------------------------------------------------------- lessc for the web client
ensure_lessc() {
    local node_dir="$LOCAL/node"
    if [ -x "$node_dir/node_modules/.bin/lessc" ]; then
        export PATH="$node_dir/node_modules/.bin:$PATH"
        return 0
    fi
    command -v npm >/dev/null || ensure_apt_packages nodejs npm
    say "Installing lessc (less 3.13.1) for the Odoo web client"
    mkdir -p "$node_dir"
    npm install --silent --no-audit --no-fund --prefix "$node_dir" \
        less@3.13.1 less-plugin-clean-css@1.5.1 >"$LOG_DIR/npm.log" 2>&1 \
        || die "npm could not install less." "See $LOG_DIR/npm.log"
    export PATH="$node_dir/node_modules/.bin:$PATH"
}

# ---------------------------------------------------------------- PostgreSQL
random_secret() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))'; }

secret() {
    # secret NAME -> prints the secret, generating it on first use (never committed)
    local file="$SECRETS_DIR/$1"
    mkdir -p "$SECRETS_DIR"
    chmod 700 "$SECRETS_DIR"
    if [ ! -s "$file" ]; then
        (umask 077 && random_secret >"$file")
    fi
    cat "$file"
}

use_external_pg() { [ -n "${PGHOST:-}" ]; }

pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    return 1
}

as_pg_user() {
    if is_root; then
        runuser -u "$PG_SYSTEM_USER" -- "$@"
    else
        "$@"
    fi
}

port_in_use() {
    "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

port_owner() {
    # best effort: "pid/command" listening on the port
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\2 \1/p' | head -n1
}

ensure_pg_system_user() {
    is_root || return 0
    id "$PG_SYSTEM_USER" >/dev/null 2>&1 && return 0
    say "Creating the unprivileged system user '$PG_SYSTEM_USER' for the embedded PostgreSQL"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        "$PG_SYSTEM_USER" || die "Could not create system user $PG_SYSTEM_USER"
}

ensure_traversable() {
    # PostgreSQL runs as $PG_SYSTEM_USER and must reach .local/ inside the checkout.
    is_root || return 0
    local dir="$LOCAL"
    as_pg_user test -x "$dir" 2>/dev/null && return 0
    while [ "$dir" != "/" ]; do
        dir="$(dirname "$dir")"
        if ! as_pg_user test -x "$dir" 2>/dev/null; then
            say "Granting '$PG_SYSTEM_USER' traverse permission on $dir"
            if command -v setfacl >/dev/null; then
                setfacl -m "u:$PG_SYSTEM_USER:x" "$dir"
            else
                chmod o+x "$dir"
            fi
        fi
    done
}

embedded_pg_running() {
    local bin
    bin="$(pg_bin)" || return 1
    [ -f "$PGDATA_DIR/postmaster.pid" ] && as_pg_user "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

choose_pg_port() {
    # An explicit LEASE_PG_PORT wins; otherwise the checkout keeps the port it
    # chose the first time, so several checkouts can run side by side.
    local port
    if [ -n "${LEASE_PG_PORT:-}" ]; then
        return 0
    fi
    if [ -s "$LOCAL/pg_port" ]; then
        LEASE_PG_PORT="$(cat "$LOCAL/pg_port")"
        return 0
    fi
    for port in $(seq 55432 55531); do
        if ! port_in_use "$port"; then
            LEASE_PG_PORT="$port"
            echo "$port" >"$LOCAL/pg_port"
            return 0
        fi
    done
    die "No free port for the embedded PostgreSQL between 55432 and 55531." "Set LEASE_PG_PORT."
}

start_embedded_pg() {
    local bin
    ensure_apt_packages postgresql
    bin="$(pg_bin)" || die "PostgreSQL server binaries not found under /usr/lib/postgresql."
    ensure_pg_system_user
    mkdir -p "$LOCAL"
    chmod 755 "$LOCAL"
    choose_pg_port
    ensure_traversable
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "Initialising the embedded PostgreSQL cluster in $PGDATA_DIR"
        rm -rf "$PGDATA_DIR"
        mkdir -p "$PGDATA_DIR" "$PGRUN_DIR" "$PGLOG_DIR"
        is_root && chown "$PG_SYSTEM_USER:" "$PGDATA_DIR" "$PGRUN_DIR" "$PGLOG_DIR"
        chmod 700 "$PGDATA_DIR"
        as_pg_user "$bin/initdb" -D "$PGDATA_DIR" -U "$PG_SYSTEM_USER" -E UTF8 --locale=C.UTF-8 \
            --auth-local=peer --auth-host=scram-sha-256 >"$LOG_DIR/initdb.log" 2>&1 \
            || die "initdb failed." "See $LOG_DIR/initdb.log"
        cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# --- Lease Insurance Suite embedded cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGRUN_DIR'
max_connections = 100
shared_buffers = 256MB
EOF
    fi
    mkdir -p "$PGRUN_DIR" "$PGLOG_DIR"
    is_root && chown "$PG_SYSTEM_USER:" "$PGRUN_DIR" "$PGLOG_DIR"
    if embedded_pg_running; then
        return 0
    fi
    if port_in_use "$LEASE_PG_PORT"; then
        die "Port $LEASE_PG_PORT (embedded PostgreSQL) is already in use by another program: $(port_owner "$LEASE_PG_PORT")" \
            "Stop it, or choose another port: LEASE_PG_PORT=55433 make run"
    fi
    rm -f "$PGDATA_DIR/postmaster.pid"
    say "Starting the embedded PostgreSQL on 127.0.0.1:$LEASE_PG_PORT"
    as_pg_user "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG_DIR/postgresql.log" -w -t 60 \
        -o "-p $LEASE_PG_PORT" start >/dev/null \
        || die "The embedded PostgreSQL did not start." "See $PGLOG_DIR/postgresql.log"
}

stop_embedded_pg() {
    local bin
    bin="$(pg_bin)" || return 0
    if embedded_pg_running; then
        say "Stopping the embedded PostgreSQL"
        as_pg_user "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    else
        say "The embedded PostgreSQL is not running"
    fi
}

embedded_psql() {
    local bin
    bin="$(pg_bin)"
    as_pg_user "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGRUN_DIR" -p "$LEASE_PG_PORT" \
        -U "$PG_SYSTEM_USER" -d postgres "$@"
}

ensure_pg_role() {
    local password exists
    password="$(secret pg_password)"
    exists="$(embedded_psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")"
    if [ "$exists" != "1" ]; then
        say "Creating the database role '$PG_ROLE' (CREATEDB, not a superuser)"
        embedded_psql -c "CREATE ROLE $PG_ROLE LOGIN CREATEDB NOSUPERUSER PASSWORD '$password'"
    fi
}

# Exports DB_HOST DB_PORT DB_USER DB_PASSWORD for the Odoo configuration.
ensure_database_server() {
    if use_external_pg; then
        DB_HOST="$PGHOST"
        DB_PORT="${PGPORT:-5432}"
        DB_USER="${PGUSER:-}"
        DB_PASSWORD="${PGPASSWORD:-}"
        [ -n "$DB_USER" ] || die "PGHOST is set, so PGUSER must name the database role Odoo uses."
        [ "$DB_USER" != "postgres" ] || die "Odoo refuses to connect as the 'postgres' superuser." \
            "Create a dedicated role: CREATE ROLE lease_odoo LOGIN CREATEDB PASSWORD '...';"
        say "Using the existing PostgreSQL server at $DB_HOST:$DB_PORT as $DB_USER"
        if ! "$VENV/bin/python" - <<'PY' 2>"$LOG_DIR/pg-check.log"; then
import os, sys
import psycopg2
try:
    conn = psycopg2.connect(dbname="postgres", connect_timeout=5)
except psycopg2.OperationalError as exc:
    sys.stderr.write(str(exc))
    sys.exit(1)
cur = conn.cursor()
cur.execute("SELECT rolcreatedb, rolsuper FROM pg_roles WHERE rolname = current_user")
createdb, superuser = cur.fetchone()
if not (createdb or superuser):
    sys.stderr.write("role %s lacks CREATEDB" % os.environ.get("PGUSER"))
    sys.exit(2)
PY
            die "PostgreSQL is not usable at $DB_HOST:$DB_PORT as $DB_USER: $(tr '\n' ' ' <"$LOG_DIR/pg-check.log")" \
                "Check PGHOST/PGPORT/PGUSER/PGPASSWORD, or unset PGHOST to use the embedded cluster."
        fi
    else
        start_embedded_pg
        ensure_pg_role
        DB_HOST=127.0.0.1
        DB_PORT="$LEASE_PG_PORT"
        DB_USER="$PG_ROLE"
        DB_PASSWORD="$(secret pg_password)"
    fi
    export DB_HOST DB_PORT DB_USER DB_PASSWORD
}

# ---------------------------------------------------------------- Odoo configuration
write_local_conf() {
    # Machine-specific part of the configuration (never committed); bin/odoo
    # merges it over the committed odoo.conf.
    local admin_passwd
    admin_passwd="$(secret admin_passwd)"
    (umask 077 && cat >"$LOCAL/odoo.local.conf" <<EOF
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
admin_passwd = $admin_passwd
data_dir = $LOCAL/filestore
EOF
    )
    "$ROOT/bin/odoo" --lease-write-config >/dev/null
}

db_exists() {
    "$VENV/bin/python" - "$1" <<'PY'
import sys
import psycopg2
import os
conn = psycopg2.connect(dbname="postgres", host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                        user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[1],))
sys.exit(0 if cur.fetchone() else 1)
PY
}

db_is_initialised() {
    # the database exists and our three addons are installed in it
    "$VENV/bin/python" - "$1" <<'PY' 2>/dev/null
import os, sys
import psycopg2
try:
    conn = psycopg2.connect(dbname=sys.argv[1], host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                            user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])
except psycopg2.OperationalError:
    sys.exit(1)
cur = conn.cursor()
cur.execute("SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN "
            "('lease_insurance_claim', 'lease_devinculation', 'lease_offer_signing')")
sys.exit(0 if cur.fetchone()[0] == 3 else 1)
PY
}

drop_db() {
    "$VENV/bin/python" - "$1" <<'PY'
import os, sys
import psycopg2
conn = psycopg2.connect(dbname="postgres", host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                        user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])
conn.autocommit = True
cur = conn.cursor()
cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (sys.argv[1],))
cur.execute('DROP DATABASE IF EXISTS "%s"' % sys.argv[1].replace('"', ''))
PY
    rm -rf "$LOCAL/filestore/filestore/$1"
}

clear_company_country() {
    # Without a country, the account module does not auto-install a chart of
    # accounts (l10n_generic_coa in USD): the suite's demo data then sets up a
    # Czech company in CZK with the suite's chart of accounts.
    "$VENV/bin/python" - "$1" <<'PY'
import os, sys
import psycopg2
conn = psycopg2.connect(dbname=sys.argv[1], host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                        user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])
with conn, conn.cursor() as cur:
    cur.execute("UPDATE res_partner SET country_id = NULL WHERE id IN (SELECT partner_id FROM res_company)")
PY
}

# create_database NAME LOGFILE [extra odoo options for the addon install, e.g. --test-enable]
create_database() {
    local name="$1" logfile="$2"
    shift 2
    : >"$logfile"
    "$ROOT/bin/odoo" -d "$name" --db-filter="^$name\$" -i base --stop-after-init \
        --max-cron-threads=0 --logfile="$logfile" || return 1
    clear_company_country "$name" || return 1
    "$ROOT/bin/odoo" -d "$name" --db-filter="^$name\$" -i "$(lease_depends)" --stop-after-init \
        --max-cron-threads=0 --logfile="$logfile" || return 1
    "$ROOT/bin/odoo" -d "$name" --db-filter="^$name\$" -i "$LEASE_ADDONS" --stop-after-init \
        --max-cron-threads=0 --logfile="$logfile" "$@" || return 1
    "$ROOT/bin/odoo" -d "$name" --db-filter="^$name\$" --load-language=cs_CZ --stop-after-init \
        --max-cron-threads=0 --logfile="$logfile" || return 1
}

addons_stamp() {
    # content hash of the addons, to upgrade the demo database after a change
    (cd "$ROOT" && find addons -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
        | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

bootstrap() {
    mkdir -p "$LOCAL" "$LOG_DIR"
    [ -d "$ROOT/addons" ] || die "Run this from a checkout of the Lease Insurance Suite."
    ensure_apt_packages postgresql wkhtmltopdf fonts-dejavu-core
    ensure_venv
    ensure_lessc
    ensure_database_server
    write_local_conf
}
