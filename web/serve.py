#!/usr/bin/env python3
"""Serve a built web edition from 127.0.0.1 only, as a static host should: the right types for
``.mjs`` and ``.wasm``, and the page's Content-Security-Policy also sent as a header (so it binds
the worker too).

    python3 web/serve.py OUT/ [--port 8000]

For trying the page on one machine and for the browser test; for real hosting see the README.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from typing import Any

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
       "connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
       "font-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "form-action 'none'")
TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".whl": "application/zip", ".zip": "application/zip", ".json": "application/json",
         ".yaml": "text/plain; charset=utf-8", ".py": "text/plain; charset=utf-8",
         ".css": "text/css", ".html": "text/html; charset=utf-8"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


def server(folder: Path, port: int = 0, verbose: bool = False) -> http.server.ThreadingHTTPServer:
    """A server bound to 127.0.0.1 (port 0: any free port); call ``serve_forever`` to run it."""
    handler = functools.partial(Handler, directory=str(folder))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    srv.verbose = verbose  # type: ignore[attr-defined]
    return srv


def serve_in_background(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    srv = server(folder)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/"


def stop(srv: http.server.ThreadingHTTPServer) -> None:
    srv.shutdown()
    srv.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    srv = server(args.folder, args.port, verbose=True)
    print(f"serving {args.folder} at http://127.0.0.1:{srv.server_address[1]}/ (Ctrl-C stops)")
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
