"""A real HTTP server on 127.0.0.1 serving a small news site: a feed, a sitemap, article pages in
realistic chrome, and the endpoints that go wrong (500, stall, PDF, garbage, oversize)."""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Response = tuple[int, dict[str, str], bytes]
RESET = -1  # a route answering this status drops the connection without a response
TRUNCATE = -2  # ... sends the headers and half the body, then drops the connection


def page(title: str, paragraphs: list[str], *, site: str = "Energy Wire", published: str = "2026-11-20") -> bytes:
    """An article wrapped in the chrome real sites have: nav, cookie banner, related links, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta property="article:published_time" content="{published}">
<meta name="author" content="Staff Writer"></head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<header><nav><a href="/">Home</a> <a href="/energy">Energy</a>
<a href="/markets">Markets</a> <a href="/about">About</a></nav></header>
<main><article><h1>{title}</h1>{body}</article></main>
<aside><h3>Related stories</h3><ul><li><a href="/r/1">Oil prices climb on supply worries</a></li>
<li><a href="/r/2">Gas demand slows in Europe</a></li></ul></aside>
<footer>Copyright 2026 {site}. All rights reserved. <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>""".encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}?utm_source=rss#top</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Energy Wire</title>{items}</channel></rss>'.encode()
    )


@dataclass
class Site:
    routes: dict[str, Callable[[dict[str, str]], Response]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # set at teardown: stalled handlers end
    base: str = ""

    def static(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> None:
        self.routes[path] = lambda headers: (status, {"content-type": content_type}, body)

    def with_etag(self, path: str, body: bytes, etag: str, content_type: str) -> None:
        """Answers 304 when the client sends the current ETag back."""

        def handler(headers: dict[str, str]) -> Response:
            if headers.get("if-none-match") == etag:
                return 304, {"etag": etag}, b""
            return 200, {"content-type": content_type, "etag": etag}, body

        self.routes[path] = handler

    def stall(self, path: str) -> None:
        """Accept, send headers, then send nothing until the test ends: the client's timeout must fire."""

        def handler(headers: dict[str, str]) -> Response:
            self.release.wait(30)
            return 200, {"content-type": "text/html"}, b"<p>too late</p>"

        self.routes[path] = handler

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p.split("?")[0] == path]


def serve(site: Site) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            site.requests.append((self.path, headers))
            route = site.routes.get(self.path.split("?")[0])
            status, extra, body = route(headers) if route else (404, {"content-type": "text/plain"}, b"not found")
            if status == RESET:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            truncate = status == TRUNCATE
            status = 200 if truncate else status
            try:
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if truncate else body)
                if truncate:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size cap): that is the point of those routes

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


GARBAGE = random.Random(4096).randbytes(4096)  # binary data served as a page (the same bytes every run)
