"""Exit 0 when the Checkpost server on this machine answers `/healthz`, 1 (saying why) when it does not.

The Docker image's HEALTHCHECK. It reads the address the way the server does (CHECKPOST_HOST, CHECKPOST_PORT,
a `.env` file), asking 127.0.0.1 when the server listens on every address.
"""

from __future__ import annotations

import sys
import urllib.request

from bot.settings import load_settings

TIMEOUT_SECONDS = 4
ANY_ADDRESS = {"0.0.0.0", "::", ""}


def main() -> int:
    settings = load_settings()
    host = "127.0.0.1" if settings.host in ANY_ADDRESS else settings.host
    if ":" in host:  # an IPv6 address goes in brackets in a URL
        host = f"[{host}]"
    url = f"http://{host}:{settings.port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:  # refused, timed out, or an HTTP error status
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
