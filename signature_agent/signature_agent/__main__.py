"""Start the signature agent: ``python -m signature_agent [options]``."""
import argparse
import logging
import os
import signal
import sys
import threading

from . import __version__, config, crypto, protocol, quality, recordings
from .manager import VIRTUAL_FINISHES, CaptureManager, HidapiPadProvider, UsbPadProvider, VirtualPadProvider
from .server import ALLOWED_HOST, AgentServer

DEFAULT_PORT = 8770
DEFAULT_ORIGIN = "http://127.0.0.1:8069"


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m signature_agent",
                                     description="Local signature agent for Wacom STU pads.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port on 127.0.0.1 (default %(default)s)")
    parser.add_argument("--host", default=ALLOWED_HOST, help="must be 127.0.0.1; any other value is refused")
    parser.add_argument("--origin", action="append", dest="origins", metavar="URL",
                        help="allowed browser origin, exact match, repeatable (default %s)" % DEFAULT_ORIGIN)
    parser.add_argument("--config-dir", default=None,
                        help="configuration directory (default %s)" % config.DEFAULT_CONFIG_DIR)
    parser.add_argument("--escrow-key", default=None,
                        help="escrow authority's public key PEM (default <config-dir>/%s)" % config.ESCROW_KEY_FILE)
    parser.add_argument("--backend", choices=("pyusb", "hidapi"), default="pyusb",
                        help="how to reach USB pads: pyusb/libusb (Linux, default) or hidapi (Windows)")
    parser.add_argument("--virtual", action="store_true", help="use a virtual pad replaying a recording")
    parser.add_argument("--virtual-model", default="STU-530", help="model the virtual pad emulates")
    parser.add_argument("--virtual-recording", default="novak",
                        help="recording replayed by the virtual pad (%s)" % ", ".join(recordings.available()))
    parser.add_argument("--virtual-finish", default="sign", choices=VIRTUAL_FINISHES,
                        help="what the virtual pen does after the recording")
    parser.add_argument("--virtual-speed", type=float, default=1.0,
                        help="replay speed, 1 = real time, 0 = as fast as possible")
    parser.add_argument("--min-width-cm", type=float, default=quality.DEFAULT_THRESHOLDS.min_width_cm)
    parser.add_argument("--min-pen-down-s", type=float, default=quality.DEFAULT_THRESHOLDS.min_pen_down_s)
    parser.add_argument("--min-pressure-fraction", type=float,
                        default=quality.DEFAULT_THRESHOLDS.min_pressure_fraction)
    parser.add_argument("--capture-timeout", type=float, default=300.0, help="seconds before a capture gives up")
    parser.add_argument("--reset-token", action="store_true", help="generate a new pairing token and print it")
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    return parser


def main(argv=None, ready=None):
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=getattr(logging, args.log_level),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.host != ALLOWED_HOST:
        sys.stderr.write("error: the signature agent listens on %s only; refusing to bind %r\n"
                         % (ALLOWED_HOST, args.host))
        return 2
    directory = config.ensure_dir(config.config_dir(args.config_dir))
    key_path = args.escrow_key or os.path.join(directory, config.ESCROW_KEY_FILE)
    try:
        escrow_key = crypto.EscrowPublicKey.from_file(key_path)
    except (IOError, OSError) as exc:
        sys.stderr.write("error: cannot read the escrow public key %s: %s\n" % (key_path, exc.strerror or exc))
        return 2
    except crypto.EscrowKeyError as exc:
        sys.stderr.write("error: unusable escrow public key %s: %s\n" % (key_path, exc))
        return 2
    if args.reset_token:
        token, created = config.reset_token(directory)
    else:
        token, created = config.load_or_create_token(directory)
    if created:
        sys.stdout.write("Pairing token (enter it once in the portal's signature settings; it is not shown "
                         "again):\n%s\n" % token)
        sys.stdout.flush()
    thresholds = quality.Thresholds(args.min_width_cm, args.min_pen_down_s, args.min_pressure_fraction)
    if args.virtual:
        try:
            provider = VirtualPadProvider(protocol.model_by_name(args.virtual_model), args.virtual_recording,
                                          args.virtual_finish, args.virtual_speed)
        except ValueError as exc:
            sys.stderr.write("error: %s\n" % exc)
            return 2
    elif args.backend == "hidapi":
        provider = HidapiPadProvider()
    else:
        provider = UsbPadProvider()
    manager = CaptureManager(provider, escrow_key, thresholds, args.capture_timeout)
    try:
        server = AgentServer(args.port, token, args.origins or [DEFAULT_ORIGIN], manager, virtual=args.virtual)
    except (IOError, OSError) as exc:
        sys.stderr.write("error: cannot listen on %s:%d: %s\n" % (ALLOWED_HOST, args.port, exc.strerror or exc))
        return 2
    logging.getLogger(__name__).info(
        "signature agent %s on http://%s:%d (%s pad, escrow key %s, origins %s)", __version__, ALLOWED_HOST,
        server.port, "virtual" if args.virtual else "USB", escrow_key.key_id, ", ".join(sorted(server.allowed_origins)))

    def stop(*_):
        threading.Thread(target=server.shutdown).start()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    if ready is not None:
        ready(server)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        manager.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
