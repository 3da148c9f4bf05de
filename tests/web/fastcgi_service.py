#!/usr/bin/env python3
"""tests/web/fastcgi_service.py - tracuu-search as a FastCGI service, spoken
to directly over its socket (docs/WEB.md, "The FastCGI service"):

  - the cache: a repeated search is a hit, a rebuild of the index drops it,
    and the new generation is answered within a second of the swap, without
    a restart;
  - a rebuild during a steady stream of requests: no failed request;
  - the time limit: with [search] time_limit_ms = 1, a search that takes
    longer is answered 503 (Retry-After) and the next request still works;
  - SIGTERM while a search is in hand: that request is answered in full,
    then the process exits 0 and logs its counts;
  - 400 for a malformed parameter, 405 for another method.

The program is started as a FastCGI server is (a listening Unix socket as
its standard input) with TRACUU_CONFIG naming an INI file written here.
The index: articles of the shared corpus (TRACUU_CORPUS, default
../shared/corpus), first 200, then rebuilt with 400.

usage: fastcgi_service.py TRACUU_INDEX TRACUU_SEARCH
Prints ok/FAIL per check and "N passed, N failed"; exit 1 on any failure.
"""
import gzip
import json
import re
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    if ok:
        print(f"ok   {name}")
        results["passed"] += 1
    else:
        print(f"FAIL {name}")
        if detail:
            print(f"       {detail}")
        results["failed"] += 1


# --- a FastCGI client (the protocol's responder role, one request per connection)

FCGI_BEGIN, FCGI_END, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR = 1, 3, 4, 5, 6, 7


def record(rtype, content, rid=1):
    pad = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBB", 1, rtype, rid, len(content), pad, 0) + content + b"\0" * pad


def nv(name, value):
    def ln(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)
    n, v = name.encode(), value.encode()
    return ln(len(n)) + ln(len(v)) + n + v


def fcgi_request(sock_path, query, method="GET", timeout=30):
    """One request; returns (status, headers dict, body bytes, seconds)."""
    params = {"REQUEST_METHOD": method, "QUERY_STRING": query, "SCRIPT_NAME": "/search",
              "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "GATEWAY_INTERFACE": "CGI/1.1",
              "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1"}
    body = b"".join(nv(k, v) for k, v in params.items())
    msg = record(FCGI_BEGIN, struct.pack(">HB5x", 1, 0)) + record(FCGI_PARAMS, body) + \
        record(FCGI_PARAMS, b"") + record(FCGI_STDIN, b"")
    t0 = time.monotonic()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    s.sendall(msg)
    data = b""
    out = b""
    ended = False
    try:
        while not ended:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            while len(data) >= 8:
                _, rtype, _, clen, plen, _ = struct.unpack(">BBHHBB", data[:8])
                if len(data) < 8 + clen + plen:
                    break
                content = data[8:8 + clen]
                data = data[8 + clen + plen:]
                if rtype == FCGI_STDOUT:
                    out += content
                elif rtype == FCGI_END:
                    ended = True
    finally:
        s.close()
    secs = time.monotonic() - t0
    if not ended:
        return None, {}, out, secs
    head, _, payload = out.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode("latin-1").split("\r\n"):
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    status = int(headers.get("status", "0 ").split()[0] or 0)
    return status, headers, payload, secs


def total_of(body):
    try:
        return json.loads(body)["total"]
    except (ValueError, KeyError, TypeError):
        return None


# --- the service

class Service:
    def __init__(self, search, work, conf, name):
        self.path = os.path.join(work, name + ".socket")
        self.log = os.path.join(work, name + ".log")
        lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lsock.bind(self.path)
        lsock.listen(64)
        env = {"PATH": "/usr/bin:/bin", "TRACUU_CONFIG": conf}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([search], stdin=lsock.fileno(), stdout=log, stderr=log,
                                         env=env)
        lsock.close()

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def log_text(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()


def write_conf(path, db, time_limit_ms=5000, cache_mb=16, facet_exact=None):
    with open(path, "w") as f:
        f.write(f"[search]\ndb = {db}\ncache_mb = {cache_mb}\ntime_limit_ms = {time_limit_ms}\n")
        if facet_exact is not None:
            f.write(f"facet_exact = {facet_exact}\n")


def articles(corpus, n, out):
    with gzip.open(os.path.join(corpus, "vnmds-2013.jsonl.gz"), "rt", encoding="utf-8") as f, \
            open(out, "w", encoding="utf-8") as o:
        for i, line in enumerate(f):
            if i >= n:
                break
            o.write(line)


def main():
    if len(sys.argv) != 3:
        print("usage: fastcgi_service.py TRACUU_INDEX TRACUU_SEARCH", file=sys.stderr)
        return 2
    index, search = (os.path.abspath(a) for a in sys.argv[1:3])
    corpus = os.environ.get("TRACUU_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
    if not os.path.exists(os.path.join(corpus, "vnmds-2013.jsonl.gz")):
        print(f"FAIL the shared corpus is needed: no {corpus}/vnmds-2013.jsonl.gz (set TRACUU_CORPUS)")
        return 1
    work = tempfile.mkdtemp(prefix="tracuu-fcgi.")
    services = []
    try:
        db = os.path.join(work, "index")
        small, big = os.path.join(work, "a200.jsonl"), os.path.join(work, "a400.jsonl")
        articles(corpus, 200, small)
        articles(corpus, 400, big)
        subprocess.run([index, "--quiet", "--db", db, "rebuild", small], check=True)
        q = "q=ha+noi&format=json"
        cli = json.loads(subprocess.run([search, "--db", db, "--json", "ha noi"], check=True,
                                        capture_output=True).stdout)
        conf = os.path.join(work, "tracuu.conf")
        write_conf(conf, db)
        svc = Service(search, work, conf, "main")
        services.append(svc)
        for _ in range(100):
            if os.path.exists(svc.path):
                break
            time.sleep(0.05)

        # --- the same answers as the CGI page, statuses included
        st, hd, body, _ = fcgi_request(svc.path, q)
        check("a search: 200", st == 200, f"status {st}: {body[:300]!r}")
        check("a search: the command line's total", total_of(body) == cli["total"],
              f"{total_of(body)} against {cli['total']}")
        st, hd, body, _ = fcgi_request(svc.path, "q=ha+noi&page=0")
        check("page=0: 400", st == 400, f"status {st}")
        st, hd, body, _ = fcgi_request(svc.path, q, method="POST")
        check("POST: 405 with Allow", st == 405 and hd.get("allow") == "GET, HEAD", f"{st} {hd}")
        st, hd, body, _ = fcgi_request(svc.path, q, method="HEAD")
        check("HEAD: 200, headers only", st == 200 and body == b"" and int(hd.get("content-length", 0)) > 0,
              f"{st} {len(body)} bytes")
        cgi = subprocess.run([search], env={"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET",
                                            "QUERY_STRING": "q=ha+noi&page=2", "SCRIPT_NAME": "/search",
                                            "HTTP_HOST": "127.0.0.1", "TRACUU_CONFIG": conf,
                                            "PATH": "/usr/bin:/bin"},
                             capture_output=True).stdout
        st, hd, body, _ = fcgi_request(svc.path, "q=ha+noi&page=2")
        fhead, _, fbody = cgi.partition(b"\r\n\r\n")
        # The page shows the search's time; all else is the same bytes.
        def strip(b):
            return re.sub(rb'<p id="stats"[^>]*>.*?</p>', b"", b, flags=re.S)
        check("the HTML page: the CGI program's bytes (but the time taken)",
              strip(body) == strip(fbody) and len(strip(body)) < len(body) and len(body) > 1000,
              f"FastCGI {len(body)} bytes, CGI {len(fbody)} bytes")

        # --- the cache: a hit, then dropped by a rebuild; the new
        # generation answered within a second of the swap
        for _ in range(3):
            fcgi_request(svc.path, q)
        before = total_of(fcgi_request(svc.path, q)[2])
        subprocess.run([index, "--quiet", "--db", db, "rebuild", big], check=True)
        swapped = time.monotonic()
        new_total = json.loads(subprocess.run([search, "--db", db, "--json", "ha noi"], check=True,
                                              capture_output=True).stdout)["total"]
        check("precondition: the rebuild changes the answer", new_total != before,
              f"{before} before and after")
        seen = None
        while time.monotonic() - swapped < 5:
            if total_of(fcgi_request(svc.path, q)[2]) == new_total:
                seen = time.monotonic() - swapped
                break
            time.sleep(0.01)
        check("after a rebuild: the new generation answered within a second, no restart",
              seen is not None and seen < 1.0, f"after {seen} s")

        # --- a rebuild under a stream of requests: none fails
        failures, count, stop = [], [0], threading.Event()

        def load():
            qs = ["q=ha+noi", "q=viet+nam&format=json", "q=chinh+phu&page=2", "q=kinh+te&format=rss"]
            i = 0
            while not stop.is_set():
                st, _, body, _ = fcgi_request(svc.path, qs[i % len(qs)])
                if st != 200:
                    failures.append(f"{qs[i % len(qs)]}: {st} {body[:200]!r}")
                count[0] += 1
                i += 1
        t = threading.Thread(target=load)
        t.start()
        for path in (small, big):
            subprocess.run([index, "--quiet", "--db", db, "rebuild", path], check=True)
        stop.set()
        t.join()
        check(f"two rebuilds under load: {count[0]} requests, none failed",
              count[0] > 10 and not failures, "; ".join(failures[:5]))

        svc_rc = svc.stop()
        log = svc.log_text()
        check("SIGTERM when idle: exit 0", svc_rc == 0, f"exit {svc_rc}")
        line = [ln for ln in log.splitlines() if "stopping on signal 15" in ln]
        check("... and the counts logged", len(line) == 1, log[-600:])
        if line:
            words = line[0].replace(",", "").split()
            hits = int(words[words.index("hits") - 1])
            drops = int(words[words.index("drops") - 1])
            check("the cache had hits (repeated searches)", hits >= 3, line[0])
            check("the cache was dropped by the rebuilds", drops >= 2, line[0])

        # --- the time limit: 1 ms, a search that takes longer
        slow_q = "viet nam OR ha noi OR chinh phu OR kinh te OR xa hoi"
        took = json.loads(subprocess.run([search, "--db", db, "--json", "--limit", "100", slow_q],
                                         check=True, capture_output=True).stdout)["took_ms"]
        check("precondition: the slow query takes over 3 ms", took > 3, f"took_ms {took}")
        conf1 = os.path.join(work, "limit.conf")
        write_conf(conf1, db, time_limit_ms=1, cache_mb=0)
        svc1 = Service(search, work, conf1, "limit")
        services.append(svc1)
        time.sleep(0.3)
        enc = "q=" + slow_q.replace(" ", "+") + "&n=100"
        st, hd, body, secs = fcgi_request(svc1.path, enc)
        check("time_limit_ms = 1: a longer search is answered 503", st == 503, f"status {st}")
        check("... with Retry-After", hd.get("retry-after") == "60", str(hd))
        check("... an HTML page saying why", b'id="error"' in body, body[:300])
        st, hd, body, _ = fcgi_request(svc1.path, enc + "&format=json")
        check("... and JSON for format=json", st == 503 and "error" in json.loads(body or b"{}"),
              body[:300])
        st, _, _, _ = fcgi_request(svc1.path, "format=opensearch")
        check("... the next request still answered (200)", st == 200, f"status {st}")
        svc1.stop()
        check("... and the timeouts logged", "past the time limit" in svc1.log_text(),
              svc1.log_text()[-400:])

        # --- facets over a sample: an answer past facet_exact is counted over
        # one sample level (docs/WEB.md), the same on every request
        conf3 = os.path.join(work, "sample.conf")
        write_conf(conf3, db, cache_mb=0, facet_exact=30)
        svc3 = Service(search, work, conf3, "sample")
        services.append(svc3)
        time.sleep(0.3)
        sq = "q=viet+nam&format=json"
        conf4 = os.path.join(work, "whole.conf")
        write_conf(conf4, db, cache_mb=0, facet_exact=100000)
        svc4 = Service(search, work, conf4, "whole")
        services.append(svc4)
        time.sleep(0.3)
        whole = json.loads(fcgi_request(svc4.path, sq)[2] or b"{}")
        n_exact = whole.get("total", 0)
        check("precondition: 'viet nam' has more matches than facet_exact (30), counted whole",
              n_exact > 60 and whole.get("total_exact") is True and
              whole.get("facets", {}).get("sampled") is False, f"{n_exact} matches")
        j1 = json.loads(fcgi_request(svc3.path, sq)[2] or b"{}")
        j2 = json.loads(fcgi_request(svc3.path, sq + "&page=2")[2] or b"{}")
        f1 = j1.get("facets", {})
        check("facet_exact = 30: the facets are sampled", f1.get("sampled") is True, str(f1)[:300])
        check("... the total is an estimate", j1.get("total_exact") is False, str(j1.get("total_exact")))
        check("... within a factor of 2.5 of the exact count (a uniform sample)",
              n_exact / 2.5 <= j1.get("total", 0) <= n_exact * 2.5,
              f"{j1.get('total')} against {n_exact}")
        exact_sources = {x["value"] for x in whole.get("facets", {}).get("source", [])}
        check("... every sampled source is one of the answer's",
              all(x["value"] in exact_sources for x in f1.get("source", [])),
              f"{f1.get('source')} against {sorted(exact_sources)}")
        check("... the same total and facets on every page (the sample is fixed)",
              j1.get("total") == j2.get("total") and f1 == j2.get("facets"),
              f"{j1.get('total')} {j2.get('total')}")
        svc3.stop()
        svc4.stop()

        # --- SIGTERM with a search in hand: answered in full, then exit 0
        conf2 = os.path.join(work, "term.conf")
        write_conf(conf2, db, cache_mb=0)
        svc2 = Service(search, work, conf2, "term")
        services.append(svc2)
        time.sleep(0.3)
        answer = {}

        def ask():
            answer["r"] = fcgi_request(svc2.path, enc + "&format=json")
        sent = time.monotonic()
        t = threading.Thread(target=ask)
        t.start()
        delay = max(0.002, min(0.02, took / 4000))
        time.sleep(delay)
        svc2.proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic() - sent
        t.join()
        rc = svc2.stop()
        st, _, body, secs = answer["r"]
        j = json.loads(body) if st == 200 else {}
        check("SIGTERM during a search: that request answered 200 in full",
              st == 200 and len(j.get("results", [])) > 0, f"status {st}, {len(body)} bytes")
        check("... which was in hand when the signal came (took longer than the delay)",
              j.get("took_ms", 0) / 1000 > signalled, f"took {j.get('took_ms')} ms, signal at {signalled * 1000:.1f} ms")
        check("... then exit 0", rc == 0, f"exit {rc}")
        check("... having answered that one request", "after 1 requests" in svc2.log_text(),
              svc2.log_text()[-400:])
    finally:
        for s in services:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
