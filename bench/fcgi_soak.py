#!/usr/bin/env python3
"""bench/fcgi_soak.py - does the FastCGI service's memory stay flat?

Starts tracuu-search as a FastCGI service on a Unix socket of its own (the
socket as its standard input, as lighttpd's bin-path and systemd do), asks
it REQUESTS searches one after another over FastCGI (tests/web's client),
cycling through QUERIES with the page, the JSON answer and the feed in turn
and pages 1 to 3, and reads its resident memory (VmRSS of /proc/PID/status)
after the first 1,000 requests and at the end.

usage: fcgi_soak.py [--requests N] [--cache-mb MB] [--max-growth PCT]
                    TRACUU_SEARCH DB QUERIES

  --requests N      requests in all (default 100000)
  --cache-mb MB     [search] cache_mb of the service (default 0: every
                    request is a search, so a leak anywhere on the search
                    path shows; with a cache the RSS grows up to its size)
  --max-growth PCT  exit 1 when RSS at the end exceeds RSS after 1,000
                    requests by more than PCT percent (default 10)

Prints the figures (RSS after 1,000 and after N, growth, requests/s, any
non-200 answer) and exits 1 on a failed request or too much growth.  CTest
runs a short version (bench_fcgi_soak).  A benchmark: the figures depend on
the machine.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "web"))
from fastcgi_service import Service, fcgi_request, write_conf  # noqa: E402


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=100000)
    ap.add_argument("--cache-mb", type=int, default=0)
    ap.add_argument("--max-growth", type=float, default=10.0)
    ap.add_argument("search")
    ap.add_argument("db")
    ap.add_argument("queries")
    o = ap.parse_args()
    if o.requests < 1000:
        print("fcgi_soak: --requests must be at least 1000", file=sys.stderr)
        return 2
    with open(o.queries, encoding="utf-8", errors="replace") as f:
        queries = [q.strip() for q in f if q.strip()]
    if not queries:
        print(f"fcgi_soak: no queries in {o.queries}", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="tracuu-soak.")
    svc = None
    try:
        conf = os.path.join(work, "tracuu.conf")
        write_conf(conf, os.path.abspath(o.db), cache_mb=o.cache_mb)
        svc = Service(os.path.abspath(o.search), work, conf, "soak")
        for _ in range(100):
            if os.path.exists(svc.path):
                break
            time.sleep(0.05)
        formats = ["", "&format=json", "&format=rss"]
        bad = []
        rss_1k = 0
        t0 = time.monotonic()
        for i in range(o.requests):
            q = queries[i % len(queries)]
            qs = "q=" + urllib.parse.quote_plus(q) + formats[i % 3] + f"&page={1 + (i // 3) % 3}"
            st, _, body, _ = fcgi_request(svc.path, qs)
            if st != 200:
                bad.append(f"{qs}: {st} {body[:120]!r}")
            if i + 1 == 1000:
                rss_1k = rss_kib(svc.proc.pid)
        secs = time.monotonic() - t0
        rss_end = rss_kib(svc.proc.pid)
        growth = 100.0 * (rss_end - rss_1k) / rss_1k if rss_1k else float("inf")
        print(f"requests: {o.requests} in {secs:.1f} s ({o.requests / secs:.0f}/s, one client), "
              f"cache_mb {o.cache_mb}")
        print(f"RSS after 1,000 requests: {rss_1k / 1024:.1f} MiB")
        print(f"RSS after {o.requests:,} requests: {rss_end / 1024:.1f} MiB")
        print(f"growth: {growth:+.1f}% (limit {o.max_growth:g}%)")
        print(f"non-200 answers: {len(bad)}")
        for b in bad[:5]:
            print(f"  {b}")
        ok = not bad and growth <= o.max_growth
        print("fcgi_soak: " + ("ok" if ok else "FAIL"))
        return 0 if ok else 1
    finally:
        if svc:
            svc.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
