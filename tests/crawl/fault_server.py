#!/usr/bin/env python3
"""fault_server.py - an HTTP server on 127.0.0.x that misbehaves on purpose,
for the crawler's end-to-end test (tests/crawl/crawl.sh).

usage: fault_server.py --bind ADDR --offsite ADDR2 --pages DIR --log FILE --port-file FILE
                       [--mirrors N]

Listens on ADDR and on ADDR2 (free ports), and on N more ports of ADDR that
serve the same (each is a host of its own to a crawler, so transfers to them
run at once), writes "PORT PORT2 MIRROR..." to --port-file once all accept
connections, and serves on ADDR:

  /robots.txt          groups for otherbot, tracuu and *: tracuu may not fetch
                       /private/ (but may /private/open-*), /tracuu-forbidden/
                       and /*.php$; the * group's /others-forbidden/ is not
                       tracuu's business
  /                    links to everything below, plus mailto:, javascript:,
                       tel:, data:, ftp: links, a link to ADDR2 (another host,
                       outside the crawl: nothing there may be fetched),
                       and /article/utm.html with utm_* parameters and a
                       fragment
  /redirect/1 -> /redirect/2 -> /redirect/3 -> /article/redirect-target.html
                       (302, 301 to an absolute URL, 307 to a relative one)
  /loop/a <-> /loop/b  a redirect loop
  /long/0 ... /long/7 -> /article/too-far.html   eight redirects in a row
  /gone-404.html, /gone-410.html   404 and 410
  /error-500.html      500 every time
  /flaky.html          500 the first time, then the article
  /slow.html           200, then one byte every 0.2 s for a minute
  /big.html            12 MiB of HTML with a Content-Length
  /big-chunked.html    12 MiB of HTML, no length, ended by closing
  /big-slow.html       the same over about two seconds (not linked: for
                       transfers that must overlap)
  /bomb.html           1 MiB of gzip that inflates to 1 GiB, Content-Encoding: gzip
  /bad-utf8.html       an article with invalid UTF-8 bytes
  /wrong-charset.html  Content-Type says UTF-8, the page is Windows-1258 (meta says so)
  /malformed.html      broken HTML around a real article
  /image.png, /doc.pdf image/png and application/pdf
  /feed-bad.xml, /sitemap-bad.xml   malformed XML
  /article/*.html, /private/*.html, ... the pages make_sites.py wrote into --pages

Every request is logged to --log as one tab-separated line when its status
is sent: "REQ", time, method, path (with query), status, Host,
User-Agent, If-None-Match, Accept-Encoding.  Streamed answers (slow, big,
bomb) add "END", time, path, bytes sent, seconds, "complete" or "aborted"
when they end.  Python 3 standard library only.
"""
import argparse
import os
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

MIB = 1 << 20

ROBOTS = """# robots.txt of the fault server
User-agent: otherbot
Disallow: /

User-agent: tracuu
Allow: /private/open-
Disallow: /private/
Disallow: /tracuu-forbidden/
Disallow: /*.php$

User-agent: *
Disallow: /others-forbidden/
"""

# A 1x1 PNG and a minimal PDF.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")

# path -> (file in --pages, content type)
PAGES = {
    "/article/redirect-target.html": ("redirect-target.html", "text/html; charset=utf-8"),
    "/article/too-far.html": ("too-far.html", "text/html; charset=utf-8"),
    "/article/utm.html": ("utm.html", "text/html; charset=utf-8"),
    "/article/from-bad-feed.html": ("from-bad-feed.html", "text/html; charset=utf-8"),
    "/bad-utf8.html": ("bad-utf8.html", "text/html; charset=utf-8"),
    "/wrong-charset.html": ("wrong-charset.html", "text/html; charset=utf-8"),
    "/malformed.html": ("malformed.html", "text/html"),
    "/private/secret.html": ("private-secret.html", "text/html; charset=utf-8"),
    "/private/open-notice.html": ("private-open.html", "text/html; charset=utf-8"),
    "/tracuu-forbidden/page.html": ("tracuu-forbidden.html", "text/html; charset=utf-8"),
    "/others-forbidden/page.html": ("others-forbidden.html", "text/html; charset=utf-8"),
    "/page.php": ("php.html", "text/html; charset=utf-8"),
    "/page.php?id=7": ("php-query.html", "text/html; charset=utf-8"),
    "/feed-bad.xml": ("feed-bad.xml", "application/rss+xml"),
    "/sitemap-bad.xml": ("sitemap-bad.xml", "application/xml"),
}

REDIRECTS = {
    "/redirect/1": (302, "/redirect/2"),
    "/redirect/2": (301, "{base}/redirect/3"),
    "/redirect/3": (307, "../article/redirect-target.html"),
    "/loop/a": (302, "/loop/b"),
    "/loop/b": (302, "/loop/a"),
}
for _i in range(7):
    REDIRECTS["/long/%d" % _i] = (302, "/long/%d" % (_i + 1))
REDIRECTS["/long/7"] = (302, "/article/too-far.html")

INDEX_LINKS = ["/redirect/1", "/loop/a", "/long/0", "/gone-404.html", "/gone-410.html", "/error-500.html",
               "/flaky.html", "/slow.html", "/big.html", "/big-chunked.html", "/bomb.html", "/bad-utf8.html",
               "/wrong-charset.html", "/malformed.html", "/image.png", "/doc.pdf", "/feed-bad.xml",
               "/private/secret.html", "/private/open-notice.html", "/tracuu-forbidden/page.html",
               "/others-forbidden/page.html", "/page.php", "/page.php?id=7",
               "/article/utm.html?utm_source=test&utm_campaign=crawl", "/article/utm.html#top",
               "mailto:banbientap@example.vn", "javascript:void(0)", "tel:+84243825353",
               "data:text/html,<h1>x</h1>", "ftp://{addr}/pub/file.html", "http://{offsite}/offsite.html"]


def make_bomb(inflated_mib=1024):
    """A gzip member whose body inflates to inflated_mib MiB of spaces after
    a little HTML: one 1 MiB block, compressed once after a full flush (which
    resets the compressor, so its bytes are the same every time) and repeated."""
    prefix = b"<html><head><title>bomb</title></head><body><p>"
    chunk = b" " * MIB
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(prefix) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    fin = co.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(inflated_mib):
        crc = zlib.crc32(chunk, crc)
    size = len(prefix) + inflated_mib * MIB
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03" + first + block * inflated_mib + fin +
            struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))


class State:
    def __init__(self, pages, log):
        self.pages = pages
        self.log_file = open(log, "a", encoding="utf-8", buffering=1)
        self.lock = threading.Lock()
        self.counts = {}
        self.bomb = make_bomb()

    def log(self, *fields):
        line = "\t".join(str(f).replace("\t", " ").replace("\n", " ") for f in fields)
        with self.lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()

    def count(self, path):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            return self.counts[path]


class Handler(BaseHTTPRequestHandler):
    server_version = "faultd/1.0"
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):  # the access log is ours
        pass

    def base(self):
        return "http://%s:%d" % self.server.server_address[:2]

    def start(self, status, headers=(), length=None):
        st = self.server.state
        st.log("REQ", "%.3f" % time.time(), self.command, self.path, status, self.headers.get("Host", ""),
               self.headers.get("User-Agent", ""), self.headers.get("If-None-Match", ""),
               self.headers.get("Accept-Encoding", ""))
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()

    def reply(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.start(status, [("Content-Type", ctype)] + list(headers), len(body))
        if self.command != "HEAD":
            self.wfile.write(body)

    def stream(self, status, headers, chunks, length=None, pause=0.0):
        """Send chunks (an iterable of bytes), logging how far it got."""
        t0, sent, how = time.time(), 0, "complete"
        self.start(status, headers, length)
        try:
            for c in chunks:
                self.wfile.write(c)
                self.wfile.flush()
                sent += len(c)
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            how = "aborted"
        self.server.state.log("END", "%.3f" % time.time(), self.path, sent, "%.2f" % (time.time() - t0), how)
        self.close_connection = True

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        st = self.server.state
        path = self.path
        plain = urlsplit(path).path
        if self.server is st.offsite:
            # The other host: outside the crawl, must never be asked for.
            return self.reply(200, self.page("offsite.html"))
        if path == "/robots.txt":
            return self.reply(200, ROBOTS, "text/plain; charset=utf-8")
        if path == "/":
            addr = self.server.server_address[0]
            off = "%s:%d" % st.offsite.server_address[:2]
            links = "\n".join('<li><a href="%s">%s</a></li>' % (u.format(addr=addr, offsite=off), u.split("/")[-1] or u)
                              for u in INDEX_LINKS)
            return self.reply(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Máy chủ thử lỗi</title>"
                                   "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed-bad.xml\"></head>"
                                   "<body><h1>Máy chủ thử lỗi</h1><ul>%s</ul></body></html>" % links)
        if plain in REDIRECTS:
            code, to = REDIRECTS[plain]
            to = to.format(base=self.base())
            return self.reply(code, '<a href="%s">moved</a>' % to, headers=[("Location", to)])
        if plain == "/gone-404.html":
            return self.reply(404, "<h1>404 Không tìm thấy trang</h1>")
        if plain == "/gone-410.html":
            return self.reply(410, "<h1>410 Trang đã bị gỡ bỏ</h1>")
        if plain == "/error-500.html":
            return self.reply(500, "<h1>500 Lỗi máy chủ</h1>")
        if plain == "/flaky.html":
            if st.count(plain) == 1:
                return self.reply(500, "<h1>500 Lỗi tạm thời</h1>")
            return self.reply(200, self.page("flaky.html"))
        if plain == "/slow.html":
            body = self.page("flaky.html")
            return self.stream(200, [("Content-Type", "text/html; charset=utf-8")],
                               (body[i:i + 1] for i in range(min(len(body), 300))), length=len(body), pause=0.2)
        if plain in ("/big.html", "/big-chunked.html", "/big-slow.html"):
            unit = ("<p>Trang quá lớn oversizemarker, nội dung lặp lại để vượt giới hạn kích thước. </p>\n"
                    * 800).encode("utf-8")
            head = b"<html><head><meta charset='utf-8'><title>oversizemarker</title></head><body><h1>oversizemarker</h1>"
            total = 12 * MIB
            n = (total - len(head)) // len(unit) + 1
            chunks = [head] + [unit] * n
            length = len(head) + n * len(unit)
            return self.stream(200, [("Content-Type", "text/html; charset=utf-8")], chunks,
                               length=length if plain == "/big.html" else None,
                               pause=0.01 if plain == "/big-slow.html" else 0.0)
        if plain == "/bomb.html":
            b = st.bomb
            return self.stream(200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                               (b[i:i + 65536] for i in range(0, len(b), 65536)), length=len(b))
        if plain == "/image.png":
            return self.reply(200, PNG, "image/png")
        if plain == "/doc.pdf":
            return self.reply(200, PDF, "application/pdf")
        key = path if path in PAGES else plain
        if key in PAGES:
            name, ctype = PAGES[key]
            return self.reply(200, self.page(name), ctype)
        return self.reply(404, "<h1>404</h1>")

    def page(self, name):
        with open(os.path.join(self.server.state.pages, name), "rb") as f:
            return f.read()


def main():
    ap = argparse.ArgumentParser(description="misbehaving HTTP server for the crawler test")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--offsite", default="127.0.0.5")
    ap.add_argument("--pages", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--mirrors", type=int, default=0)
    a = ap.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    state = State(a.pages, a.log)
    srv = ThreadingHTTPServer((a.bind, 0), Handler)
    off = ThreadingHTTPServer((a.offsite, 0), Handler)
    srv.state = off.state = state
    state.main, state.offsite = srv, off
    mirrors = [ThreadingHTTPServer((a.bind, 0), Handler) for _ in range(a.mirrors)]
    for m in [off] + mirrors:
        m.state = state
        threading.Thread(target=m.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(" ".join(str(x.server_address[1]) for x in [srv, off] + mirrors) + "\n")
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
