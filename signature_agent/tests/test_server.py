"""The localhost API: auth, origins, CORS/PNA preflight, captures end to end, every refusal."""
import base64
import hashlib
import http.client
import io
import json
import threading

import pytest
from PIL import Image

from fake_usb import FakeBackend, FakeStu
from signature_agent import __version__, crypto, protocol
from signature_agent.manager import CaptureManager, UsbPadProvider, VirtualPadProvider
from signature_agent.server import AgentServer

TOKEN = "t" * 43
ORIGIN = "http://127.0.0.1:8069"
DOC = hashlib.sha256(b"%PDF-1.4 offer").hexdigest()


class Agent(object):
    def __init__(self, provider, escrow_key, virtual=True, timeout_s=10.0):
        self.manager = CaptureManager(provider, escrow_key, timeout_s=timeout_s, poll_s=0.005)
        self.server = AgentServer(0, TOKEN, [ORIGIN, "https://odoo.example.cz"], self.manager, virtual=virtual)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True
        self.thread.start()

    def request(self, method, path, body=None, token=TOKEN, origin=None, headers=None, raw=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=40)
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = "Bearer " + token
        if origin is not None:
            sent["Origin"] = origin
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if payload is not None:
            sent.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        parsed = json.loads(data.decode("utf-8")) if data else None
        return response.status, parsed, response

    def start(self, **fields):
        body = {"document_sha256": DOC, "field_id": "client.1", "signer_name": "Jana Dvořáková",
                "signer_role": "client", "language": "cs"}
        body.update(fields)
        return self.request("POST", "/v1/captures", body)

    def wait(self, capture_id, seconds=20):
        return self.request("GET", "/v1/captures/%s?wait=%s" % (capture_id, seconds))

    def close(self):
        self.manager.shutdown()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def agent(escrow_key):
    running = Agent(VirtualPadProvider(protocol.MODELS[0x00A5], "novak", "sign", speed=0), escrow_key)
    yield running
    running.close()


def assert_error(status, body, expected_status, code):
    assert status == expected_status, body
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in body["error"]["message"]


# --- authentication and origins ---------------------------------------------------------

def test_health_requires_the_token(agent):
    status, body, response = agent.request("GET", "/v1/health", token=None)
    assert_error(status, body, 401, "unauthorized")
    assert response.getheader("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer wrong", "Bearer " + TOKEN[:-1], "Basic " + TOKEN, TOKEN, "Bearer"])
def test_wrong_tokens_are_refused(agent, header):
    status, body, _ = agent.request("GET", "/v1/health", token=None, headers={"Authorization": header})
    assert_error(status, body, 401, "unauthorized")


def test_every_endpoint_requires_the_token(agent):
    for method, path in (("GET", "/v1/pads"), ("POST", "/v1/captures"), ("GET", "/v1/captures/abc"),
                         ("DELETE", "/v1/captures/abc")):
        status, body, _ = agent.request(method, path, token=None)
        assert_error(status, body, 401, "unauthorized")


def test_health(agent):
    status, body, response = agent.request("GET", "/v1/health")
    assert status == 200
    assert body == {"status": "ok", "version": __version__, "pad_connected": True}
    assert response.getheader("Content-Type") == "application/json; charset=utf-8"
    assert response.getheader("Access-Control-Allow-Origin") is None  # no Origin, no CORS header


def test_allowed_origin_gets_cors_headers(agent):
    status, _, response = agent.request("GET", "/v1/health", origin=ORIGIN)
    assert status == 200
    assert response.getheader("Access-Control-Allow-Origin") == ORIGIN
    assert response.getheader("Vary") == "Origin"


def test_allowed_origin_sees_auth_errors(agent):
    status, body, response = agent.request("GET", "/v1/health", token="bad", origin=ORIGIN)
    assert_error(status, body, 401, "unauthorized")
    assert response.getheader("Access-Control-Allow-Origin") == ORIGIN


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:8070", "http://127.0.0.1:8069/",
                                    "null", "HTTP://127.0.0.1:8069"])
def test_other_origins_are_refused_even_with_the_token(agent, origin):
    status, body, response = agent.request("GET", "/v1/health", origin=origin)
    assert_error(status, body, 403, "origin_not_allowed")
    assert response.getheader("Access-Control-Allow-Origin") is None


def test_preflight_for_an_allowed_origin(agent):
    status, body, response = agent.request(
        "OPTIONS", "/v1/captures", token=None, origin=ORIGIN,
        headers={"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type",
                 "Access-Control-Request-Private-Network": "true"})
    assert status == 204 and body is None
    assert response.getheader("Access-Control-Allow-Origin") == ORIGIN
    assert response.getheader("Access-Control-Allow-Methods") == "GET, POST, DELETE, OPTIONS"
    assert response.getheader("Access-Control-Allow-Headers") == "Authorization, Content-Type"
    assert response.getheader("Vary") == "Origin"
    assert response.getheader("Access-Control-Allow-Private-Network") == "true"


def test_preflight_without_private_network_request_has_no_pna_header(agent):
    status, _, response = agent.request("OPTIONS", "/v1/health", token=None, origin="https://odoo.example.cz",
                                        headers={"Access-Control-Request-Method": "GET"})
    assert status == 204
    assert response.getheader("Access-Control-Allow-Origin") == "https://odoo.example.cz"
    assert response.getheader("Access-Control-Allow-Private-Network") is None


def test_preflight_from_another_origin_is_refused(agent):
    status, body, response = agent.request("OPTIONS", "/v1/captures", token=None, origin="http://evil.example",
                                           headers={"Access-Control-Request-Private-Network": "true"})
    assert_error(status, body, 403, "origin_not_allowed")
    assert response.getheader("Access-Control-Allow-Origin") is None
    assert response.getheader("Access-Control-Allow-Private-Network") is None


def test_foreign_host_header_is_refused(agent):
    status, body, _ = agent.request("GET", "/v1/health", headers={"Host": "attacker.example:%d" % agent.server.port})
    assert_error(status, body, 403, "host_not_allowed")
    status, _, _ = agent.request("GET", "/v1/health", headers={"Host": "localhost:%d" % agent.server.port})
    assert status == 200


# --- pads -------------------------------------------------------------------------------

def test_pads_lists_the_virtual_pad(agent):
    status, body, _ = agent.request("GET", "/v1/pads")
    assert status == 200
    assert body == {"pads": [{"model": "STU-530", "product_id": "0x00a5", "serial": "VIRTUAL-0001",
                              "virtual": True}]}


def test_pads_lists_usb_pads(escrow_key):
    backend = FakeBackend(FakeStu(protocol.MODELS[0x00A4], serial="4B0013"))
    usb_agent = Agent(UsbPadProvider(backend), escrow_key, virtual=False)
    try:
        status, body, _ = usb_agent.request("GET", "/v1/pads")
        assert body == {"pads": [{"model": "STU-430", "product_id": "0x00a4", "serial": "4B0013",
                                  "virtual": False}]}
        assert usb_agent.request("GET", "/v1/health")[1]["pad_connected"] is True
    finally:
        usb_agent.close()


# --- captures ---------------------------------------------------------------------------

def test_capture_done_end_to_end(agent, escrow_key, escrow_private_key):
    status, body, response = agent.start()
    assert status == 202
    assert set(body) == {"capture_id", "state"} and body["state"] == "waiting"
    status, body, _ = agent.wait(body["capture_id"])
    assert status == 200 and body["state"] == "done", body
    result = body["result"]
    assert set(result) == {"image_png", "package", "key_id", "document_sha256", "field_id", "pad_model",
                           "pad_serial", "signed_at"}
    assert result["key_id"] == escrow_key.key_id
    assert result["document_sha256"] == DOC and result["field_id"] == "client.1"
    assert result["pad_model"] == "STU-530" and result["pad_serial"] == "VIRTUAL-0001"
    assert result["signed_at"].endswith("Z") and "T" in result["signed_at"]
    image = Image.open(io.BytesIO(base64.b64decode(result["image_png"])))
    assert image.format == "PNG" and image.width > 100
    package = base64.b64decode(result["package"])
    assert crypto.open_package(package, escrow_private_key, bytes.fromhex(DOC), "client.1").startswith(b"LSBR")
    assert "error" not in body


def test_capture_with_a_chosen_recording_is_refused_with_the_message(agent):
    for language, text in (("cs", "Podpis není platný. Podepište se znovu, prosím."),
                           ("en", "The signature is not valid. Please sign again.")):
        status, body, _ = agent.start(virtual_recording="scribble-5mm", language=language)
        assert status == 202
        status, body, _ = agent.wait(body["capture_id"])
        assert body["state"] == "refused" and "result" not in body
        assert body["error"]["code"] == "signature_invalid"
        assert body["error"]["message"] == text
        assert body["error"]["reasons"] == ["too_narrow"]


def test_second_capture_while_one_runs_is_busy_then_cancel(agent):
    status, first, _ = agent.start(virtual_finish="none")
    assert status == 202
    status, body, _ = agent.start()
    assert_error(status, body, 409, "busy")
    status, body, _ = agent.request("GET", "/v1/captures/%s?wait=0.2" % first["capture_id"])
    assert body["state"] == "waiting"
    status, body, _ = agent.request("DELETE", "/v1/captures/%s" % first["capture_id"])
    assert status == 200 and body["capture_id"] == first["capture_id"] and body["state"] == "cancelled"
    status, body, _ = agent.wait(first["capture_id"], 1)
    assert body["state"] == "cancelled"
    status, body, _ = agent.start()
    assert status == 202, "after the cancel a new capture can start"
    assert agent.wait(body["capture_id"])[1]["state"] == "done"


def test_concurrent_posts_start_exactly_one_capture(agent):
    results = []

    def post():
        results.append(agent.start(virtual_finish="none")[0])

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [202] + [409] * 5


def test_long_poll_returns_when_the_capture_ends(agent):
    _, started, _ = agent.start(virtual_finish="none")
    capture_id = started["capture_id"]
    timer = threading.Timer(0.3, lambda: agent.request("DELETE", "/v1/captures/%s" % capture_id))
    timer.start()
    status, body, _ = agent.wait(capture_id, 10)
    timer.join()
    assert status == 200 and body["state"] == "cancelled"


def test_cancel_button_on_the_pad(agent):
    _, started, _ = agent.start(virtual_finish="cancel")
    assert agent.wait(started["capture_id"])[1]["state"] == "cancelled"


def test_unplugged_pad_fails_the_capture(agent):
    _, started, _ = agent.start(virtual_finish="unplug", language="en")
    body = agent.wait(started["capture_id"])[1]
    assert body["state"] == "failed"
    assert body["error"]["code"] == "pad_disconnected"
    assert body["error"]["message"].startswith("Error initialising the Signpad")


def test_cancelling_a_finished_capture_is_refused(agent):
    _, started, _ = agent.start()
    agent.wait(started["capture_id"])
    status, body, _ = agent.request("DELETE", "/v1/captures/%s" % started["capture_id"])
    assert_error(status, body, 409, "already_finished")


def test_unknown_capture_is_404(agent):
    for method in ("GET", "DELETE"):
        status, body, _ = agent.request(method, "/v1/captures/6f1c3c1e-0000-4000-8000-000000000000")
        assert_error(status, body, 404, "not_found")
    status, body, _ = agent.request("GET", "/v1/nothing-here")
    assert_error(status, body, 404, "not_found")


def test_wrong_method_is_405(agent):
    status, body, response = agent.request("POST", "/v1/health", {})
    assert_error(status, body, 405, "method_not_allowed")
    assert agent.request("PUT", "/v1/captures/abc", {})[0] == 405


GOOD = {"document_sha256": DOC, "field_id": "client.1", "signer_name": "Jan", "signer_role": "client",
        "language": "en"}


@pytest.mark.parametrize("change", [
    {"document_sha256": "abc"}, {"document_sha256": DOC + "0"}, {"document_sha256": "g" * 64},
    {"document_sha256": None}, {"field_id": ""}, {"field_id": "x" * 65}, {"field_id": "client 1"},
    {"field_id": "klient/1"}, {"field_id": 7}, {"signer_name": ""}, {"signer_name": "x" * 129},
    {"signer_role": "bad role"}, {"signer_role": None}, {"language": "de"}, {"language": 1},
    {"virtual_recording": "nobody"}, {"virtual_finish": "explode"},
])
def test_bad_bodies_are_400(agent, change):
    body = dict(GOOD)
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    status, answer, _ = agent.request("POST", "/v1/captures", body)
    assert_error(status, answer, 400, "bad_request")


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'"x"', b"\xff\xfe", b"null"])
def test_non_object_bodies_are_400(agent, raw):
    status, answer, _ = agent.request("POST", "/v1/captures", raw=raw)
    assert_error(status, answer, 400, "bad_request")


def test_body_size_is_limited(agent):
    huge = dict(GOOD, signer_name="x" * 20000)
    status, answer, _ = agent.request("POST", "/v1/captures", huge)
    assert_error(status, answer, 413, "payload_too_large")


def test_bad_wait_parameter_is_400(agent):
    _, started, _ = agent.start()
    for value in ("soon", "-1", "nan"):
        status, body, _ = agent.request("GET", "/v1/captures/%s?wait=%s" % (started["capture_id"], value))
        assert_error(status, body, 400, "bad_request")


def test_field_id_charset_and_default_language(agent):
    body = dict(GOOD, field_id="offer-12:client_1.a")
    del body["language"]
    status, answer, _ = agent.request("POST", "/v1/captures", body)
    assert status == 202
    assert agent.wait(answer["capture_id"])[1]["result"]["field_id"] == "offer-12:client_1.a"


@pytest.mark.parametrize("language,text", [
    ("cs", "Chyba při inicializaci Signpadu. Zkontrolujte připojení Signpadu k počítači."),
    ("en", "Error initialising the Signpad. Check the connection of the Signpad to the computer.")])
def test_no_pad_is_503_with_the_message(escrow_key, language, text):
    no_pad = Agent(UsbPadProvider(FakeBackend()), escrow_key, virtual=False)
    try:
        assert no_pad.request("GET", "/v1/health")[1]["pad_connected"] is False
        assert no_pad.request("GET", "/v1/pads")[1] == {"pads": []}
        status, body, _ = no_pad.start(language=language)
        assert_error(status, body, 503, "no_pad")
        assert body["error"]["message"] == text
    finally:
        no_pad.close()


def test_test_hooks_are_refused_without_virtual_mode(escrow_key):
    backend = FakeBackend(FakeStu(protocol.MODELS[0x00A4]))
    real = Agent(UsbPadProvider(backend), escrow_key, virtual=False)
    try:
        for hook in ({"virtual_recording": "novak"}, {"virtual_finish": "sign"}):
            status, body, _ = real.start(**hook)
            assert_error(status, body, 400, "bad_request")
            assert "--virtual" in body["error"]["message"]
    finally:
        real.close()


def test_capture_on_a_usb_pad_that_gets_unplugged(escrow_key):
    fake = FakeStu(protocol.MODELS[0x00A5])
    usb_agent = Agent(UsbPadProvider(FakeBackend(fake)), escrow_key, virtual=False)
    try:
        status, started, _ = usb_agent.start(language="en")
        assert status == 202
        fake.unplug()
        body = usb_agent.wait(started["capture_id"])[1]
        assert body["state"] == "failed" and body["error"]["code"] in ("pad_disconnected", "pad_init_failed")
    finally:
        usb_agent.close()


def test_internal_errors_do_not_leak_details(agent, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals /home/advisor")

    monkeypatch.setattr(agent.manager, "pads", explode)
    status, body, _ = agent.request("GET", "/v1/health")
    assert_error(status, body, 500, "internal_error")
    assert "secret" not in body["error"]["message"]


def test_server_refuses_any_host_but_loopback(escrow_key):
    manager = CaptureManager(VirtualPadProvider(protocol.MODELS[0x00A5]), escrow_key)
    for host in ("0.0.0.0", "", "localhost", "::1", "192.168.1.10"):
        with pytest.raises(ValueError) as error:
            AgentServer(0, TOKEN, [ORIGIN], manager, host=host)
        assert "127.0.0.1" in str(error.value)


def test_unknown_verbs_and_bad_requests_get_json_errors(agent):
    status, body, _ = agent.request("HEAD", "/v1/health")
    assert status == 405  # HEAD answers carry no body
    status, body, _ = agent.request("TRACE", "/v1/health")
    assert_error(status, body, 405, "method_not_allowed")
    import socket
    connection = socket.create_connection(("127.0.0.1", agent.server.port), timeout=5)
    connection.sendall(b"GARBAGE\r\n\r\n")
    answer = connection.recv(4096)
    connection.close()
    assert b'"code": "bad_request"' in answer
