"""Bad set-up input gets a clear message and a non-zero exit, never a traceback."""
import os
import shutil
import socket
import subprocess

import pytest

from tests.conftest import ROOT, free_port


def run_script(args, env_update=None, cwd=None, timeout=300, env=None):
    env = dict(os.environ if env is None else env)
    env.pop("PGHOST", None)
    env.update(env_update or {})
    return subprocess.run(args, cwd=str(cwd or ROOT), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, timeout=timeout)


def assert_clear_failure(result, *fragments):
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout, result.stdout
    assert "ERROR:" in result.stdout, result.stdout
    for fragment in fragments:
        assert fragment in result.stdout, result.stdout


@pytest.fixture
def set_up_checkout():
    if not (ROOT / ".local" / "odoo.local.conf").exists():
        pytest.skip("the project is not set up: run `make test`")


def test_busy_http_port_is_reported(set_up_checkout):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_script([str(ROOT / "scripts" / "run")], {"LEASE_HTTP_PORT": str(port)})
    assert_clear_failure(result, "Port %d is already in use" % port, "LEASE_HTTP_PORT=")


def test_unreachable_external_postgresql_is_reported(set_up_checkout):
    port = free_port()  # nothing listens there
    result = run_script([str(ROOT / "scripts" / "run")], {
        "PGHOST": "127.0.0.1", "PGPORT": str(port), "PGUSER": "lease_odoo", "PGPASSWORD": "x",
        "LEASE_HTTP_PORT": str(free_port())})
    assert_clear_failure(result, "PostgreSQL is not usable at 127.0.0.1:%d" % port, "PGHOST")


def test_postgres_superuser_is_refused(set_up_checkout):
    result = run_script([str(ROOT / "scripts" / "run")], {
        "PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres", "PGPASSWORD": "x",
        "LEASE_HTTP_PORT": str(free_port())})
    assert_clear_failure(result, "refuses to connect as the 'postgres' superuser")


@pytest.fixture
def bare_checkout(tmp_path):
    """A copy of the set-up scripts without .venv, as on a fresh machine."""
    copy = tmp_path / "checkout"
    copy.mkdir()
    for name in ("scripts", "bin"):
        shutil.copytree(str(ROOT / name), str(copy / name))
    for name in ("requirements.txt", "constraints.txt", "odoo.conf"):
        shutil.copy(str(ROOT / name), str(copy / name))
    (copy / "addons").mkdir()
    return copy


def test_missing_python37_is_reported(bare_checkout, tmp_path):
    env = {"PATH": "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(tmp_path),
           "LANG": "C.UTF-8"}
    result = run_script([str(bare_checkout / "scripts" / "run")], env=env, cwd=bare_checkout)
    assert_clear_failure(result, "Python 3.7 was not found", "pyenv install 3.7.16")
    assert not (bare_checkout / ".venv").exists()


def test_wrong_python_given_is_reported(bare_checkout, tmp_path):
    env = {"PATH": "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(tmp_path),
           "LANG": "C.UTF-8", "LEASE_PYTHON37": "/usr/bin/python3"}
    result = run_script([str(bare_checkout / "scripts" / "run")], env=env, cwd=bare_checkout)
    assert_clear_failure(result, "LEASE_PYTHON37=/usr/bin/python3 is not a working Python 3.7")


def test_bin_odoo_without_set_up_explains_what_to_do(bare_checkout):
    result = run_script([str(bare_checkout / "bin" / "odoo"), "--version"], cwd=bare_checkout)
    assert result.returncode == 1
    assert "run 'make run' once" in result.stdout


def test_existing_server_from_pg_variables_is_used(set_up_checkout):
    """PGHOST & co. point to a reachable server (here: the embedded cluster,
    addressed as an external one): the set-up accepts it and goes on until
    the next check, the busy web port."""
    local = ROOT / ".local"
    pg_port = (local / "pg_port").read_text().strip()
    password = (local / "secrets" / "pg_password").read_text().strip()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        http_port = busy.getsockname()[1]
        result = run_script([str(ROOT / "scripts" / "run")], {
            "PGHOST": "127.0.0.1", "PGPORT": pg_port, "PGUSER": "lease_odoo",
            "PGPASSWORD": password, "LEASE_HTTP_PORT": str(http_port)})
    assert "Using the existing PostgreSQL server at 127.0.0.1:%s as lease_odoo" % pg_port in result.stdout
    assert_clear_failure(result, "Port %d is already in use" % http_port)


def test_benchmarks_without_their_database_are_refused(set_up_checkout):
    result = run_script([str(ROOT / "scripts" / "bench")], {"LEASE_TEST_DB": "lease_no_such_db"})
    assert_clear_failure(result, "The benchmarks need the test database 'lease_no_such_db'", "make test")
