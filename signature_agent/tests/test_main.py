"""Starting the agent: loopback only, pairing token on first start, escrow key checks."""
import http.client
import json
import os
import stat
import subprocess
import sys
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from signature_agent import __main__ as agent_main, config, crypto


@pytest.fixture
def public_pem(tmp_path, escrow_key):
    path = tmp_path / "escrow.pem"
    path.write_bytes(crypto.public_key_pem(escrow_key.key))
    return str(path)


def start_in_thread(argv):
    started = {}
    ready = threading.Event()

    def on_ready(server):
        started["server"] = server
        ready.set()

    thread = threading.Thread(target=lambda: started.setdefault("rc", agent_main.main(argv, ready=on_ready)))
    thread.daemon = True
    thread.start()
    assert ready.wait(10), started
    return started, thread


def test_refuses_to_bind_anything_but_loopback(tmp_path, public_pem, capsys):
    code = agent_main.main(["--host", "0.0.0.0", "--config-dir", str(tmp_path / "cfg"), "--escrow-key", public_pem])
    assert code == 2
    assert "127.0.0.1 only" in capsys.readouterr().err


def test_refuses_a_weak_or_missing_escrow_key(tmp_path, capsys):
    weak = tmp_path / "weak.pem"
    weak.write_bytes(crypto.public_key_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)
                                           .public_key()))
    assert agent_main.main(["--config-dir", str(tmp_path), "--escrow-key", str(weak), "--port", "0"]) == 2
    assert "at least 3072" in capsys.readouterr().err
    assert agent_main.main(["--config-dir", str(tmp_path), "--port", "0"]) == 2
    assert "escrow public key" in capsys.readouterr().err


def test_first_start_creates_and_prints_the_token_once(tmp_path, public_pem, capsys):
    cfg = tmp_path / "cfg"
    argv = ["--config-dir", str(cfg), "--escrow-key", public_pem, "--port", "0", "--virtual",
            "--virtual-speed", "0", "--log-level", "WARNING"]
    started, thread = start_in_thread(argv)
    token_file = cfg / config.TOKEN_FILE
    token = token_file.read_text().strip()
    assert len(token) >= 43
    assert stat.S_IMODE(os.stat(str(token_file)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(cfg)).st_mode) == 0o700
    assert token in capsys.readouterr().out
    server = started["server"]
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/v1/health", headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    assert response.status == 200 and json.loads(response.read().decode())["pad_connected"] is True
    connection.close()
    assert server.server_address[0] == "127.0.0.1"
    server.shutdown()
    thread.join(10)
    assert started["rc"] == 0

    started, thread = start_in_thread(argv)
    assert token not in capsys.readouterr().out, "the token is printed on the first start only"
    assert started["server"].token == token
    started["server"].shutdown()
    thread.join(10)


def test_token_file_permissions_are_repaired(tmp_path):
    token, created = config.load_or_create_token(str(tmp_path))
    assert created
    path = os.path.join(str(tmp_path), config.TOKEN_FILE)
    os.chmod(path, 0o644)
    again, created = config.load_or_create_token(str(tmp_path))
    assert again == token and not created
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    new, created = config.reset_token(str(tmp_path))
    assert created and new != token


def test_module_starts_as_a_process(tmp_path, public_pem):
    """``python -m signature_agent`` answers on the port it was given and stops on SIGTERM."""
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    process = subprocess.Popen([sys.executable, "-m", "signature_agent", "--port", str(port), "--config-dir",
                                str(tmp_path / "cfg"), "--escrow-key", public_pem, "--virtual"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first_line = process.stdout.readline().decode()
        assert first_line.startswith("Pairing token")
        token = process.stdout.readline().decode().strip()
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/v1/pads", headers={"Authorization": "Bearer " + token})
                break
            except OSError:
                import time
                time.sleep(0.05)
        body = json.loads(connection.getresponse().read().decode())
        assert body["pads"][0]["virtual"] is True
        connection.close()
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert process.returncode == 0
