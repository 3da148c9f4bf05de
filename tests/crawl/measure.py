#!/usr/bin/env python3
"""measure.py - what a crawl indexed, against what the test sites hold.

usage: measure.py --db DIR --expected expected.json --docs OUT.json --summary OUT.json
                  [--delve xapian-delve] [--report FILE.md]

Reads every document of the index DIR (its live generation) with
xapian-delve -d: the stored record is exactly what the crawl extracted and
indexed (url, title, summary, body, date, source, category; docs/SCHEMA.md),
so the figures measure the whole crawl path (HTTP charset and encoding,
extraction, cleaning) and not a re-run of the extractor.  Writes all
documents to --docs ({url: {title, summary, body, date}}) and the figures to
--summary, prints them, and writes them as Markdown to --report.

Per template (the sites of make_sites.py, and "short": the short articles of
its --short site and the portal) and for the fault server's pages:
  found    articles indexed under their URL / articles on the site
  title    share of found articles whose title equals the true one (NFC,
           white space collapsed, either tone-mark placement)
  date     share whose date (YYYY-MM-DD) equals the true one
  recall   mean share of the true body's words recovered in the indexed
           body, in order (difflib alignment of word sequences)
  leak     mean share of the indexed body's words that are not article
           text (lead or body), i.e. boilerplate that got in
  bp-pages share of found articles whose body holds one of the template's
           boilerplate phrases (footer, comments, share buttons, boxes)
A missing article counts in `found` only; the other figures are over the
articles found.  Python 3 standard library only.
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def key(s):
    """NFC text with white space collapsed and each syllable's tone mark
    moved to one place (the end of the syllable's NFD form), so that hòa and
    hoà compare equal."""
    def canon(m):
        d = unicodedata.normalize("NFD", m.group())
        return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES) +
                                     "".join(c for c in d if c in TONES))
    s = unicodedata.normalize("NFC", " ".join((s or "").split()))
    return re.sub(r"\w+", canon, s)


def words(s):
    return re.findall(r"\w+", key(s).casefold())


def leb128(b, i):
    n = shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return n, i


FIELDS = ["url", "title", "summary", "body", "date", "source", "category"]


def decode(blob):
    if len(blob) < 2 or blob[0:1] != b"T" or blob[1] != 1:
        raise ValueError("not a tracuu record")
    i, rec = 2, {}
    for f in FIELDS:
        n, i = leb128(blob, i)
        rec[f] = blob[i:i + n].decode("utf-8")   # strict: the index promises clean UTF-8
        i += n
    return rec


def dump(db, delve):
    if os.path.isdir(os.path.join(db, "current")):
        db = os.path.join(db, "current")   # the live generation
    info = subprocess.run([delve, db], capture_output=True, check=True).stdout.decode()
    m = re.search(r"highest document id ever used = (\d+)", info)
    last = int(m.group(1)) if m else 0
    docs, bad = {}, []
    for d in range(1, last + 1):
        p = subprocess.run([delve, "-r", str(d), "-d", db], capture_output=True)
        if p.returncode != 0:
            continue   # deleted
        out = p.stdout
        head = b"Data for record #%d:\n" % d
        at = out.find(head)
        if at < 0:
            bad.append("doc %d: no data in delve's output" % d)
            continue
        try:
            rec = decode(out[at + len(head):])
        except (ValueError, IndexError, UnicodeDecodeError) as e:
            bad.append("doc %d: %s" % (d, e))
            continue
        if rec["url"] in docs:
            bad.append("doc %d: URL indexed twice: %s" % (d, rec["url"]))
        docs[rec["url"]] = {k: rec[k] for k in ("title", "summary", "body", "date", "source")}
        docs[rec["url"]]["docid"] = d
    return docs, bad


def score_article(exp, doc, markers):
    lead, body = words(exp.get("lead", "")), words(exp["body"])
    got = words(doc["body"])
    E = lead + body
    sm = difflib.SequenceMatcher(None, E, got, autojunk=False)
    matched = in_body = 0
    for a, b, n in sm.get_matching_blocks():
        matched += n
        in_body += max(0, min(a + n, len(E)) - max(a, len(lead)))
    recall = in_body / len(body) if body else 1.0
    leak = 1 - matched / len(got) if got else 0.0
    kb, own = key(doc["body"]), key(" ".join([exp["title"], exp.get("lead", ""), exp["body"]]))
    leaked = [m for m in markers if key(m) in kb and key(m) not in own]
    return {"title": key(doc["title"]) == key(exp["title"]), "date": doc["date"] == exp["date"],
            "recall": recall, "leak": leak, "bp": leaked}


def summarize(articles, docs, markers):
    rows, fails = [], {"title": [], "date": [], "body": []}
    for exp in articles:
        doc = docs.get(exp["url"])
        if not doc:
            continue
        s = score_article(exp, doc, markers)
        s["note"] = exp.get("note", "")
        rows.append(s)
        if not s["title"]:
            fails["title"].append({"url": exp["url"], "expected": exp["title"], "got": doc["title"]})
        if not s["date"]:
            fails["date"].append({"url": exp["url"], "expected": exp["date"], "got": doc["date"], "note": s["note"]})
        if s["recall"] < 0.9 or s["leak"] > 0.1 or s["bp"]:
            fails["body"].append({"url": exp["url"], "recall": round(s["recall"], 3), "leak": round(s["leak"], 3),
                                  "boilerplate": s["bp"][:3], "got_start": doc["body"][:160]})
    n = len(rows)

    def mean(k):
        return round(sum(float(r[k]) for r in rows) / n, 3) if n else 0.0
    out = {"articles": len(articles), "found": n, "found_rate": round(n / len(articles), 3) if articles else 0.0,
           "title": mean("title"), "date": mean("date"), "recall": mean("recall"), "leak": mean("leak"),
           "bp_pages": round(sum(1 for r in rows if r["bp"]) / n, 3) if n else 0.0,
           "missing": [e["url"] for e in articles if e["url"] not in docs], "failures": fails}
    # Dates and titles by page variant (news: how the date is given; legacy: charset).
    by = {}
    for r in rows:
        if r["note"]:
            v = by.setdefault(r["note"], {"n": 0, "title": 0, "date": 0})
            v["n"] += 1
            v["title"] += r["title"]
            v["date"] += r["date"]
    out["variants"] = by
    return out


def fmt(x):
    return "%.3f" % x


def report_md(summary, unexpected, bad):
    L = ["# Crawler extraction accuracy (tests/crawl)", "",
         "Measured by `tests/crawl/crawl.sh` after one crawl of the three generated test sites "
         "(`tests/crawl/make_sites.py`, articles of `dantri-2020` and `vnmds-2013`) and the fault server. "
         "Each indexed record is read back from the index with `xapian-delve -d` and compared with the "
         "article the page was made from: titles exactly (NFC, white space and tone-mark placement "
         "normalised), dates as YYYY-MM-DD, bodies by aligning word sequences (difflib): *recall* is the "
         "share of the true body's words recovered, *leak* the share of indexed body words that are not "
         "article text, *bp pages* the share of articles whose body holds a boilerplate phrase of the "
         "template (footer, comments, share buttons, related boxes).", "",
         "| template | articles | found | title | date | body recall | body leak | bp pages |",
         "|---|---|---|---|---|---|---|---|"]
    for name, s in summary.items():
        L.append("| %s | %d | %d | %s | %s | %s | %s | %s |" % (
            name, s["articles"], s["found"], fmt(s["title"]), fmt(s["date"]), fmt(s["recall"]),
            fmt(s["leak"]), fmt(s["bp_pages"])))
    L.append("")
    for name, s in summary.items():
        if s["variants"]:
            L.append("%s by page variant: %s" % (name, "; ".join(
                "%s: %d pages, title %s, date %s" % (k, v["n"], fmt(v["title"] / v["n"]), fmt(v["date"] / v["n"]))
                for k, v in sorted(s["variants"].items()))))
            L.append("")
    if unexpected:
        L.append("Documents indexed that are no article of the sites (%d): %s" % (
            len(unexpected), ", ".join(unexpected[:10]) + (" ..." if len(unexpected) > 10 else "")))
        L.append("")
    if bad:
        L.append("Unreadable or duplicate records: %s" % "; ".join(bad[:5]))
        L.append("")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description="extraction accuracy of a crawl")
    ap.add_argument("--db", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--summary", required=True)
    ap.add_argument("--delve", default="xapian-delve")
    ap.add_argument("--report")
    a = ap.parse_args()
    with open(a.expected, encoding="utf-8") as f:
        exp = json.load(f)
    docs, bad = dump(a.db, a.delve)
    with open(a.docs, "w", encoding="utf-8") as f:
        json.dump(docs, f, ensure_ascii=False, indent=1)
    summary = {}
    known = set()
    for name, site in exp["sites"].items():
        summary[name] = summarize(site["articles"], docs, exp["boilerplate_markers"][name])
        known.update(e["url"] for e in site["articles"])
    faults = list(exp["faults"]["articles"].values())
    known.update(e["url"] for e in faults)
    if "short" in exp:   # short articles (make_sites.py --short): one more template
        summary["short"] = summarize(exp["short"]["articles"], docs, [])
        known.update(e["url"] for e in exp["short"]["articles"])
    unexpected = sorted(u for u in docs if u not in known)
    md = report_md(summary, unexpected, bad)
    with open(a.summary, "w", encoding="utf-8") as f:
        json.dump({"templates": summary, "unexpected": unexpected, "bad_records": bad,
                   "documents": len(docs)}, f, ensure_ascii=False, indent=1)
    print(md)
    for name, s in summary.items():
        for field in ("title", "date", "body"):
            for x in s["failures"][field][:3]:
                print("  %s %s miss: %s" % (name, field, json.dumps(x, ensure_ascii=False)[:400]))
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            f.write(md + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
