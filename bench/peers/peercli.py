"""peercli - the command line every peer of the side-by-side bench speaks.

Each peer (sqlite-fts5, xapian-plain, postgres, sphinx) is a small program
that builds and searches the corpus with another tool.  They all speak the
command line of tracuu-index and tracuu-search, so that the very programs
that measure tracuu (tracuu-bench, tracuu-eval) measure the peers unchanged:

    PEER --db DIR rebuild FILE...       build a new index from JSON Lines
    PEER --db DIR add FILE...           add or replace (by URL)
    PEER --db DIR stats [--json]        documents, size_bytes, build figures
    PEER --db DIR [--limit N] [--offset N] [--json] [--] QUERY...
    PEER --db DIR --batch [--limit N]   one query a line in, one JSON line out

Answers carry tracuu-search's JSON keys: query, total, offset, took_ms,
relaxed, results[rank, url, title, date, source, score, snippet].  took_ms is
the time of the query inside the peer: for a server (PostgreSQL, Sphinx) that
is the client's round trip to it.  Every peer gets the same treatment for a
query that finds nothing when all its words must match: it is asked again with
its words joined by OR, and the answer says "relaxed": true.

Exit status as tracuu-search: 0 found, 1 nothing found, 2 usage or database
error.  Input is the corpus format of ../shared/corpus (gzipped or plain JSON
Lines with url, title, summary, body, date, source); folders are walked.

A backend is a class with:
    __init__(self, db)                 db: the index folder (may not exist)
    build(self, docs, fresh)           docs: iterator of dicts; fresh: rebuild
    documents(self)                    how many documents the index holds
    search(self, text, limit, offset, any_word) -> (total, [hit dicts])
    close(self)                        stop what was started
and optionally extra_stats(self) -> dict.  Servers are started on demand and
stopped by close(), so nothing outlives the command.
"""
import argparse
import gzip
import json
import os
import resource
import signal
import sys
import time

STATS_FILE = "peer-stats.json"


class PeerError(Exception):
    """A failure to report in one line (bad input, a server that will not start)."""


def die(prog, msg, code=2):
    print(f"{prog}: {msg}", file=sys.stderr)
    sys.exit(code)


def _files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith((".jsonl", ".jsonl.gz")):
                        yield os.path.join(root, n)
        elif os.path.exists(p):
            yield p
        else:
            raise PeerError(f"{p}: no such file or folder")


class Reader:
    """Documents of JSON Lines files; counts bad records like tracuu-index."""

    def __init__(self, prog, paths):
        self.prog, self.paths = prog, paths
        self.bad = self.docs = self.files = 0
        self.text_bytes = 0

    def __iter__(self):
        for path in _files(self.paths):
            self.files += 1
            opener = gzip.open if path.endswith(".gz") else open
            try:
                with opener(path, "rt", encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        if not line.strip():
                            continue
                        try:
                            rec = json.loads(line)
                        except ValueError as e:
                            self._bad(path, lineno, f"not JSON ({e})")
                            continue
                        url = rec.get("url") if isinstance(rec, dict) else None
                        if not isinstance(url, str) or not url:
                            self._bad(path, lineno, "no url")
                            continue
                        doc = {k: rec.get(k) if isinstance(rec.get(k), str) else ""
                               for k in ("url", "title", "summary", "body", "date", "source")}
                        if not doc["source"]:
                            doc["source"] = _host(url)
                        self.text_bytes += sum(len(doc[k].encode()) for k in ("title", "summary", "body"))
                        self.docs += 1
                        yield doc
            except OSError as e:
                raise PeerError(f"{path}: {e}")

    def _bad(self, path, lineno, why):
        self.bad += 1
        print(f"{self.prog}: {path}:{lineno}: skipped: {why}", file=sys.stderr)


def _host(url):
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].lower() if "://" in url else ""


def words(text):
    """The query's words, as a user typed them (split on white space)."""
    return text.split()


def snippet(doc_text, limit=200):
    t = " ".join(doc_text.split())
    return t if len(t) <= limit else t[:limit].rsplit(" ", 1)[0] + " …"


def _rss_kib():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids)


def dir_bytes(path):
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_blocks * 512
            except OSError:
                pass
    return total


class Session:
    """One backend plus the query loop shared by every mode."""

    def __init__(self, backend, limit, offset):
        self.b, self.limit, self.offset = backend, limit, offset

    def ask(self, text):
        t0 = time.monotonic()
        relaxed = False
        total, hits = 0, []
        if words(text):
            total, hits = self.b.search(text, self.limit, self.offset, False)
            if total == 0 and len(words(text)) > 1:
                total, hits = self.b.search(text, self.limit, self.offset, True)
                relaxed = True
        took = (time.monotonic() - t0) * 1000.0
        for i, h in enumerate(hits):
            h["rank"] = self.offset + i + 1
            h.setdefault("date", None)
            if not h.get("date"):
                h["date"] = None
        return {"query": text, "total": total, "offset": self.offset,
                "took_ms": round(took, 3), "relaxed": relaxed, "results": hits}


def _usage(prog):
    return (f"usage: {prog} --db DIR rebuild|add FILE...\n"
            f"       {prog} --db DIR stats [--json]\n"
            f"       {prog} --db DIR [--limit N] [--offset N] [--json] [--batch] [--] QUERY...\n")


def main(prog, backend_cls, about):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    argv = sys.argv[1:]
    opts = argv[:argv.index("--")] if "--" in argv else argv
    if "-h" in opts or "--help" in opts:
        sys.stdout.write(_usage(prog) + "\n" + about.strip() + "\n")
        return 0
    ap = argparse.ArgumentParser(prog=prog, add_help=False, usage=_usage(prog))
    ap.add_argument("--db", default=os.environ.get("TRACUU_DB"))
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--batch", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        o = ap.parse_args(argv)
    except SystemExit:
        return 2
    rest = o.rest[1:] if o.rest[:1] == ["--"] else o.rest
    if not o.db:
        die(prog, "no index: give --db DIR")
    if not 1 <= o.limit <= 1000 or o.offset < 0:
        die(prog, "--limit must be 1..1000 and --offset 0 or more")
    backend = None
    try:
        backend = backend_cls(o.db)
        if o.rest[:1] != ["--"] and rest[:1] in (["rebuild"], ["add"]):
            return _build(prog, backend, rest[0] == "rebuild", rest[1:], o.db)
        if o.rest[:1] != ["--"] and rest[:1] == ["stats"]:
            return _stats(backend, o.db, "--json" in rest or o.json)
        if o.batch:
            if rest:
                die(prog, "--batch takes the queries on stdin, not as arguments")
            return _batch(Session(backend, o.limit, o.offset))
        if not rest:
            die(prog, "no query")
        ans = Session(backend, o.limit, o.offset).ask(" ".join(rest))
        if o.json:
            print(json.dumps(ans, ensure_ascii=False))
        else:
            for h in ans["results"]:
                print(f"{h['rank']}. {h['title']}\n   {h['url']}\n   {h['snippet']}")
        return 0 if ans["results"] else 1
    except PeerError as e:
        die(prog, str(e))
    finally:
        if backend is not None:
            backend.close()


def _build(prog, backend, fresh, paths, db):
    if not paths:
        die(prog, "nothing to index: give FILE...")
    t0 = time.monotonic()
    reader = Reader(prog, paths)
    backend.build(iter(reader), fresh)
    wall = time.monotonic() - t0
    extra = getattr(backend, "build_peak_rss_kib", 0) or 0
    stats = {"build_wall_s": round(wall, 3), "build_docs": reader.docs,
             "build_text_bytes": reader.text_bytes, "build_failed": reader.bad,
             "build_peak_rss_kib": max(_rss_kib(), extra)}
    with open(os.path.join(db, STATS_FILE), "w") as f:
        json.dump(stats, f)
    mb = reader.text_bytes / 1e6
    print(f"{prog}: {'rebuilt' if fresh else 'added'} {reader.docs} documents from "
          f"{reader.files} files, {reader.bad} failed; {mb:.1f} MB of text in {wall:.2f} s "
          f"({mb / wall if wall else 0:.1f} MB/s)", file=sys.stderr)
    return 1 if reader.bad else 0


def _stats(backend, db, as_json):
    st = {"documents": backend.documents(), "size_bytes": dir_bytes(db)}
    try:
        with open(os.path.join(db, STATS_FILE)) as f:
            st.update(json.load(f))
    except (OSError, ValueError):
        pass
    if hasattr(backend, "extra_stats"):
        st.update(backend.extra_stats())
    if as_json:
        print(json.dumps(st))
    else:
        for k, v in st.items():
            print(f"{k}: {v}")
    return 0


def _batch(session):
    out = sys.stdout
    for line in sys.stdin:
        text = line.rstrip("\n")
        try:
            ans = session.ask(text)
        except PeerError as e:
            ans = {"query": text, "error": str(e)}
        out.write(json.dumps(ans, ensure_ascii=False) + "\n")
        out.flush()
    return 0
