"""The localhost HTTP API used by the portal's signing page.

Bound to 127.0.0.1 only.  Every request except a CORS preflight must carry
``Authorization: Bearer <pairing token>``; a request with an ``Origin`` header
is served only when that origin is in the allow-list.  Errors are always
``{"error": {"code": ..., "message": ...}}``; no stack trace ever reaches a
client.  See README.md for the full contract.
"""
import hmac
import json
import logging
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import __version__, capture, messages, recordings
from .manager import VIRTUAL_FINISHES, AlreadyFinished, Busy, NoPad, UnknownCapture

_log = logging.getLogger(__name__)

ALLOWED_HOST = "127.0.0.1"
MAX_BODY = 16 * 1024
MAX_WAIT_S = 30.0

_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_FIELD_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_ROLE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_CAPTURE_PATH = re.compile(r"^/v1/captures/([0-9a-fA-F-]{1,64})$")


class ApiError(Exception):
    def __init__(self, status, code, message, headers=None):
        Exception.__init__(self, message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def parse_capture_body(raw, virtual_mode):
    """Validate a POST /v1/captures body; return (CaptureRequest, options) or raise ApiError."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "bad_request", "the body must be a JSON object")
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "the body must be a JSON object")

    def text(name, pattern=None, max_length=None, required=True):
        value = body.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ApiError(400, "bad_request", "%s is required and must be a non-empty string" % name)
        if pattern is not None and not pattern.match(value):
            raise ApiError(400, "bad_request", "%s has an invalid format" % name)
        if max_length is not None and len(value) > max_length:
            raise ApiError(400, "bad_request", "%s is longer than %d characters" % (name, max_length))
        return value

    digest = text("document_sha256", _HEX64)
    field_id = text("field_id", _FIELD_ID)
    signer_name = text("signer_name", max_length=128).strip()
    signer_role = text("signer_role", _ROLE)
    language = body.get("language", messages.DEFAULT_LANGUAGE)
    if language not in messages.LANGUAGES:
        raise ApiError(400, "bad_request", "language must be one of: %s" % ", ".join(messages.LANGUAGES))
    options = {}
    for name in ("virtual_recording", "virtual_finish"):
        if name in body:
            if not virtual_mode:
                raise ApiError(400, "bad_request", "%s is only accepted when the agent runs with --virtual" % name)
            options[name] = body[name]
    if "virtual_recording" in options and options["virtual_recording"] not in recordings.available():
        raise ApiError(400, "bad_request", "unknown virtual_recording (available: %s)"
                       % ", ".join(recordings.available()))
    if "virtual_finish" in options and options["virtual_finish"] not in VIRTUAL_FINISHES:
        raise ApiError(400, "bad_request", "virtual_finish must be one of: %s" % ", ".join(VIRTUAL_FINISHES))
    request = capture.CaptureRequest(bytes.fromhex(digest), field_id, signer_name, signer_role, language)
    return request, options


class AgentHandler(BaseHTTPRequestHandler):
    server_version = "lease-signature-agent/" + __version__
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # --- plumbing ------------------------------------------------------------------

    # Idle keep-alive connections are closed after this many seconds (a long poll waits at most 30).
    timeout = 60

    _PROTOCOL_ERRORS = {400: "bad_request", 408: "timeout", 414: "uri_too_long", 431: "headers_too_large"}

    def version_string(self):
        return self.server_version

    def send_error(self, code, message=None, explain=None):
        """Errors raised by http.server itself (bad request line, unknown verb, ...) as JSON too."""
        self._unread_body = False
        self.close_connection = True
        if code == 501:
            code, error = 405, "method_not_allowed"
        else:
            error = self._PROTOCOL_ERRORS.get(code, "bad_request")
        body = {"error": {"code": error, "message": message or self.responses.get(code, ("error",))[0]}}
        try:
            self._send(code, body, self._cors_headers() if getattr(self, "headers", None) else {})
        except OSError:
            pass

    def log_message(self, fmt, *args):
        # Request line and status only: bodies (and so biometrics or results) are never logged.
        _log.info("%s - %s", self.address_string(), fmt % args)

    def _origin(self):
        return self.headers.get("Origin")

    def _origin_allowed(self, origin):
        return origin in self.server.allowed_origins

    def _cors_headers(self):
        origin = self._origin()
        if origin is not None and self._origin_allowed(origin):
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {"Vary": "Origin"}

    def _send(self, status, body=None, headers=None):
        payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        if self._unread_body:
            self.close_connection = True
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    def _error(self, status, code, message, headers=None):
        merged = self._cors_headers()
        merged.update(headers or {})
        self._send(status, {"error": {"code": code, "message": message}}, merged)

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise ApiError(411, "length_required", "send the body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ApiError(400, "bad_request", "invalid Content-Length")
        if length < 0:
            raise ApiError(400, "bad_request", "invalid Content-Length")
        if length > MAX_BODY:
            raise ApiError(413, "payload_too_large", "the body exceeds %d bytes" % MAX_BODY)
        data = self.rfile.read(length) if length else b""
        self._unread_body = False
        return data

    def _body_announced(self):
        length = self.headers.get("Content-Length")
        if length is None:
            return "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        return not (length.isdigit() and int(length) == 0)

    def _check_host(self):
        host = (self.headers.get("Host") or "").lower()
        port = self.server.server_address[1]
        if host not in ("127.0.0.1:%d" % port, "localhost:%d" % port):
            raise ApiError(403, "host_not_allowed", "requests must be addressed to 127.0.0.1:%d" % port)

    def _check_origin(self):
        origin = self._origin()
        if origin is not None and not self._origin_allowed(origin):
            raise ApiError(403, "origin_not_allowed", "origin %s is not allowed" % origin)

    def _check_token(self):
        header = self.headers.get("Authorization") or ""
        scheme, _, given = header.partition(" ")
        expected = self.server.token.encode("utf-8")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), expected):
            raise ApiError(401, "unauthorized", "a valid pairing token is required (Authorization: Bearer ...)",
                           {"WWW-Authenticate": 'Bearer realm="lease-signature-agent"'})

    def _handle(self, method):
        self._unread_body = self._body_announced()
        try:
            self._check_host()
            self._check_origin()
            self._check_token()
            self._route(method)
        except ApiError as exc:
            self._error(exc.status, exc.code, exc.message, exc.headers)
        except Exception:
            _log.exception("unexpected error serving %s %s", method, urlsplit(self.path).path)
            self._error(500, "internal_error", "internal error of the signature agent")

    # --- verbs ---------------------------------------------------------------------

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_DELETE(self):
        self._handle("DELETE")

    def do_PUT(self):
        self._handle("PUT")

    def do_PATCH(self):
        self._handle("PATCH")

    def do_OPTIONS(self):
        self._unread_body = False
        try:
            self._check_host()
        except ApiError as exc:
            self._error(exc.status, exc.code, exc.message)
            return
        origin = self._origin()
        if origin is None or not self._origin_allowed(origin):
            self._error(403, "origin_not_allowed", "origin %s is not allowed" % origin)
            return
        headers = {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }
        if (self.headers.get("Access-Control-Request-Private-Network") or "").lower() == "true":
            headers["Access-Control-Allow-Private-Network"] = "true"
        self._send(204, None, headers)

    # --- routes ----------------------------------------------------------------------

    def _route(self, method):
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        manager = self.server.manager
        if path == "/v1/health":
            self._only(method, "GET")
            self._send(200, {"status": "ok", "version": __version__, "pad_connected": bool(manager.pads())},
                       self._cors_headers())
        elif path == "/v1/pads":
            self._only(method, "GET")
            from .device import pad_json
            self._send(200, {"pads": [pad_json(p) for p in manager.pads()]}, self._cors_headers())
        elif path == "/v1/captures":
            self._only(method, "POST")
            self._start_capture()
        else:
            match = _CAPTURE_PATH.match(path)
            if match is None:
                raise ApiError(404, "not_found", "no such resource")
            if method == "GET":
                self._get_capture(match.group(1), url.query)
            elif method == "DELETE":
                self._cancel_capture(match.group(1))
            else:
                raise ApiError(405, "method_not_allowed", "use GET or DELETE", {"Allow": "GET, DELETE, OPTIONS"})

    def _only(self, method, allowed):
        if method != allowed:
            raise ApiError(405, "method_not_allowed", "use %s" % allowed, {"Allow": "%s, OPTIONS" % allowed})

    def _start_capture(self):
        request, options = parse_capture_body(self._read_body(), self.server.virtual)
        try:
            record = self.server.manager.start(request, options)
        except Busy:
            raise ApiError(409, "busy", "another signature capture is running")
        except NoPad:
            raise ApiError(503, "no_pad", messages.message("no_pad", request.language))
        self._send(202, {"capture_id": record.id, "state": capture.WAITING}, self._cors_headers())

    def _get_capture(self, capture_id, query):
        values = parse_qs(query).get("wait", ["0"])
        try:
            wait_s = float(values[-1])
        except ValueError:
            raise ApiError(400, "bad_request", "wait must be a number of seconds (0..30)")
        if not 0 <= wait_s or wait_s != wait_s:
            raise ApiError(400, "bad_request", "wait must be a number of seconds (0..30)")
        try:
            body = self.server.manager.get(capture_id, min(wait_s, MAX_WAIT_S))
        except UnknownCapture:
            raise ApiError(404, "not_found", "no capture with this id")
        self._send(200, body, self._cors_headers())

    def _cancel_capture(self, capture_id):
        try:
            body = self.server.manager.cancel(capture_id)
        except UnknownCapture:
            raise ApiError(404, "not_found", "no capture with this id")
        except AlreadyFinished as exc:
            raise ApiError(409, "already_finished", "the capture has already ended (%s)" % exc.state)
        body["state"] = capture.CANCELLED
        self._send(200, body, self._cors_headers())


class AgentServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, token, allowed_origins, manager, virtual=False, host=ALLOWED_HOST):
        if host != ALLOWED_HOST:
            raise ValueError("the signature agent listens on %s only, not on %r" % (ALLOWED_HOST, host))
        if not token:
            raise ValueError("a pairing token is required")
        self.token = token
        self.allowed_origins = frozenset(allowed_origins)
        self.manager = manager
        self.virtual = virtual
        ThreadingHTTPServer.__init__(self, (ALLOWED_HOST, port), AgentHandler)

    @property
    def port(self):
        return self.server_address[1]
