"""Fetching one web page for `reader add`: bounded in time and size, one message per failure.

urllib, with only the HTTP handlers (a redirect can lead to http or https,
never to a local file or FTP), a 20 s budget for the whole fetch (a server
that drips bytes cannot hold the command), and a 20 MB cap. Each way it can
fail is a `CliError` a user can act on: host not found, connection refused,
an HTTP error status, too big, not HTML, timed out.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from reader import __version__
from reader.cli.errors import CliError

TIMEOUT = 20.0
LIMIT = 20 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str) -> tuple[bytes, str]:
    """(the page's bytes, its final URL after redirects); CliError for every failure."""
    host = urlsplit(url).hostname or url
    request = urllib.request.Request(
        url, headers={"User-Agent": f"reader/{__version__}", "Accept": ", ".join(HTML_TYPES)}
    )
    deadline = time.monotonic() + TIMEOUT
    try:
        with _opener().open(request, timeout=TIMEOUT) as response:
            final = response.geturl()
            kind = response.headers.get_content_type()
            if kind not in HTML_TYPES:
                raise CliError(f"{url} is not a web page (it is {kind})")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > LIMIT:
                raise CliError(
                    f"{url} is too big ({int(declared) // 2**20} MB; the limit is 20 MB)"
                )
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > LIMIT:
                    raise CliError(f"{url} is too big (over 20 MB)")
                if time.monotonic() > deadline:
                    raise TimeoutError
    except urllib.error.HTTPError as error:
        raise CliError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise CliError(_reason(url, host, error.reason)) from None
    except TimeoutError:
        raise CliError(f"{url}: no answer within {TIMEOUT:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise CliError(f"cannot fetch {url}: {error or type(error).__name__}") from None
    return b"".join(chunks), final


def _reason(url: str, host: str, reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return f"cannot find the host {host!r} (DNS)"
    if isinstance(reason, ConnectionRefusedError):
        return f"{host} refused the connection"
    if isinstance(reason, TimeoutError):
        return f"{url}: no answer within {TIMEOUT:g} s"
    if isinstance(reason, ssl.SSLError):
        return f"{url}: secure connection failed ({reason.reason or reason})"
    return f"cannot fetch {url}: {reason}"
