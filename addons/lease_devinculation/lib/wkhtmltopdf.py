"""What the installed wkhtmltopdf can do (no ORM import)."""
import re
import subprocess

_PATCHED_QT = re.compile(rb"with patched qt", re.IGNORECASE)
_cache = {}


def renders_headers(version_output):
    """Whether a wkhtmltopdf printing ``version_output`` for ``--version``
    renders ``--header-html``/``--footer-html``: only builds with the
    patched Qt do (Debian's package does not)."""
    return bool(_PATCHED_QT.search(version_output or b""))


def binary_renders_headers(binary):
    """``renders_headers`` of the wkhtmltopdf at ``binary`` (asked once)."""
    if binary not in _cache:
        try:
            output = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            output = b""
        _cache[binary] = renders_headers(output)
    return _cache[binary]
