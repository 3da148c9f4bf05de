#!/usr/bin/env python3
"""make_sites.py - build the crawler's test sites from the shared corpus.

usage: make_sites.py --out DIR --portal URL --news URL --legacy URL --faults URL
                     [--short URL] [--corpus DIR] [--portal-count N] [--news-count N]
                     [--legacy-count N]

Writes, under DIR (a scratch directory: the text is the shared corpus's and is
never committed):

  portal/   a government portal: left menu, breadcrumbs, "Các tin khác" box,
            visitor counter, a "today" date in the top bar, long footer; dates
            only as text ("Thứ Ba, 09/06/2020 17:30"); a print version of every
            article whose <link rel=canonical> names the article.
  news/     a newspaper: og: tags, article:published_time or JSON-LD or
            neither, date text "09/06/2020 - 17:30", sapo, byline, share
            buttons, an inline "Tin liên quan" box inside the body, comments,
            "Đọc nhiều" sidebar; every other article stored gzipped (the
            lighttpd config of crawl.sh serves those with Content-Encoding:
            gzip); links with utm_* parameters and #fragments.
  legacy/   an old table-layout site: no h1, text in <td> split by <br><br>,
            relative ../ links, upper-case paths, pages in Windows-1258
            (declared by meta http-equiv), one page in Windows-1258 declared
            UTF-8 and one in UTF-8 declared ISO-8859-1, "Các tin đã đưa" list.
  faults/   article pages for fault_server.py (redirect target, flaky page,
            invalid UTF-8, wrong HTTP charset, malformed HTML, robots.txt
            cases), a malformed feed and a malformed sitemap.
  short/    (with --short) an unseen site, crawled without article patterns:
            short articles in several templates (a video's caption with
            JSON-LD NewsArticle, a caption that is only a sapo with og:type
            article, a one-sentence notice with only a dated headline, results
            announcements linking a .xlsx with og:type or with a date line
            above the headline, a table-layout notice without h1), and short
            pages that are no articles (a tag page, a search page, sections
            with few links, a page "being updated", a bot challenge).  Two
            more short articles go on the portal, under its article pattern
            but without date or metadata, linked only from here.  Their text
            is this file's own, not the corpus's.
  changes/  the modified version of one article (crawl.sh copies it over the
            original between two crawls; another article is deleted).
  expected.json  per site: base URL, every article with its true url, title,
            date, lead and body, how it can be discovered, and the paths
            robots.txt forbids; the fault pages; the changes; with --short,
            "short": its articles and the URLs that must not be indexed.

Each site has section pages with numbered pagination, an RSS 2.0 feed, an
Atom feed, robots.txt (Disallow /private/ and more, a Sitemap: line; the
legacy site has Crawl-delay: 0.2), a sitemap index with article sitemaps, a
news sitemap (news:publication_date) and a sitemap of section pages.  Some
articles are only in the sitemaps and some only in a feed, so the crawl can
find them all only through every way of discovery.

Python 3 standard library only.
"""
import argparse
import datetime
import email.utils
import gzip
import hashlib
import html
import json
import os
import random
import re
import sys
import unicodedata

VN_TZ = datetime.timezone(datetime.timedelta(hours=7))
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]

# Our own boilerplate text (not from the corpus).
COMMENTS = [
    "Bài viết rất hay và bổ ích, cảm ơn tác giả đã chia sẻ thông tin kịp thời.",
    "Mong các cơ quan chức năng sớm vào cuộc để người dân được yên tâm làm ăn.",
    "Tôi ở gần khu vực này và thấy tình hình đúng như bài báo đã phản ánh.",
    "Đề nghị quý báo tiếp tục theo dõi và thông tin thêm về vụ việc này.",
    "Thông tin quá chậm, lẽ ra phải được công bố từ tuần trước rồi mới đúng.",
    "Ủng hộ chủ trương này, hy vọng sẽ được triển khai rộng rãi ở các địa phương khác.",
    "Không biết bao giờ quy định mới chính thức có hiệu lực, ai biết chỉ giúp với.",
    "Cần xử lý nghiêm những trường hợp vi phạm để làm gương cho người khác.",
]
COMMENTERS = ["Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Minh Tuấn", "Phạm Thu Hà",
              "Hoàng Đức Anh", "Vũ Ngọc Mai"]
BYLINES = ["Minh Anh", "Thanh Hương", "Quốc Bảo", "Ngọc Trâm", "Hải Đăng", "Phương Linh"]

# Phrases of the templates' boilerplate: one of them in an extracted body
# means boilerplate leaked (measure.py reports the share of pages where that
# happens, matching case-sensitively and ignoring a phrase that the article's
# own text holds).
BOILERPLATE_MARKERS = {
    "portal": ["Cơ quan chủ quản", "Lượt truy cập", "Các tin khác", "Về đầu trang",
               "khi phát hành lại thông tin", "Liên kết website", "Hôm nay: Thứ Sáu"],
    "news": ["Viết bình luận của bạn", "Chia sẻ Facebook", "Sao chép liên kết", "Tin liên quan",
             "Giấy phép số 123/GP-BTTTT", "Lượt xem:"] + COMMENTS,
    "legacy": ["THĂM DÒ Ý KIẾN", "Các tin đã đưa", "Bản quyền thuộc", "VĂN BẢN MỚI",
               "Số lượt truy cập", "Thiết kế bởi"],
}


# --- text helpers ----------------------------------------------------------------

def nfc(s):
    return unicodedata.normalize("NFC", s)


def fold(s):
    """Without diacritics, đ -> d (for slugs and unaccented queries)."""
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("đ", "d").replace("Đ", "D")


def slugify(s, limit=70):
    s = re.sub(r"[^a-z0-9]+", "-", fold(s).lower()).strip("-")
    return s[:limit].rstrip("-") or "bai-viet"


def esc(s):
    return html.escape(s, quote=True)


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(s):
    """Encode as Windows-1258 the way Vietnamese Windows software does: a
    precomposed character where the code page has one, else the base letter
    with its vowel mark (â ê ô ă ơ ư) followed by a combining tone mark."""
    out = bytearray()
    for ch in nfc(s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = d[0] + "".join(m for m in d[1:] if m not in TONE_MARKS)
        tones = "".join(m for m in d[1:] if m in TONE_MARKS)
        try:
            out += nfc(base).encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            out += ("&#%d;" % ord(ch)).encode("ascii")
    return bytes(out)


def split_sentences(text):
    """Split a one-paragraph body into sentences (a full stop, ! or ? and a
    space before an upper-case letter or an opening quote)."""
    out, start = [], 0
    for m in re.finditer(r"[.!?…][\"”’)]?\s+", text):
        nxt = text[m.end():m.end() + 1]
        if nxt and (nxt.isupper() or nxt in "“\"‘("):
            out.append(text[start:m.end()].strip())
            start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def paragraphs_of(text, per=3):
    if "\n" in text:
        return [p.strip() for p in text.split("\n") if p.strip()]
    sents = split_sentences(text)
    return [" ".join(sents[i:i + per]) for i in range(0, len(sents), per)]


# --- the corpus -------------------------------------------------------------------

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_records(path, want, kind, seen):
    """The first `want` usable records of a JSON Lines gzip file: a title of
    10-200 characters, a date, a body of at least 800 characters and at least
    three paragraphs, a title not seen before."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if len(out) >= want:
                break
            try:
                r = json.loads(line)
            except ValueError:
                continue
            title = " ".join((r.get("title") or "").split())
            date = r.get("date") or ""
            body = r.get("body") or ""
            if not (10 <= len(title) <= 200) or not DATE_RE.match(date) or len(body) < 800:
                continue
            key = nfc(title).casefold()
            if key in seen:
                continue
            paras = paragraphs_of(body)
            summary = " ".join((r.get("summary") or "").split())
            if kind == "dantri":
                # The first paragraph is the lead (sapo) of a dantri article.
                if len(paras) < 4 or len(paras[0]) > 500:
                    continue
                lead, paras = paras[0], paras[1:]
            else:
                if len(paras) < 3:
                    continue
                lead = summary or paras.pop(0)
            if nfc(lead) == nfc(title):
                continue
            seen.add(key)
            h = int(hashlib.sha1(r["url"].encode()).hexdigest(), 16)
            y, m, d = map(int, date.split("-"))
            dt = datetime.datetime(y, m, d, 6 + h % 17, (h >> 8) % 60, tzinfo=VN_TZ)
            out.append({"title": title, "lead": lead, "paras": paras, "date": date, "dt": dt,
                        "category": r.get("category") or "", "orig": r["url"], "hash": h})
    if len(out) < want:
        sys.exit("make_sites: only %d usable records in %s (%d wanted)" % (len(out), path, want))
    return out


# --- dates ------------------------------------------------------------------------

def vn_weekday_date(dt):   # Thứ Ba, 09/06/2020 17:30
    return "%s, %s" % (WEEKDAYS[dt.weekday()], dt.strftime("%d/%m/%Y %H:%M"))


def vn_date_dash(dt):      # 09/06/2020 - 17:30
    return dt.strftime("%d/%m/%Y - %H:%M")


def rfc822(dt):
    return email.utils.format_datetime(dt)


def iso(dt):
    return dt.isoformat()


# --- writing ----------------------------------------------------------------------

class Site:
    def __init__(self, name, base, root):
        self.name, self.base, self.root = name, base.rstrip("/"), root
        self.articles = []      # dicts: path, url, rec, discovery, ...
        self.files = 0

    def url(self, path):
        return self.base + path

    def write(self, path, data, gz=False):
        """path is the URL path; data str (UTF-8) or bytes."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        if gz:
            data = gzip.compress(data, 9, mtime=0)
        fs = os.path.join(self.root, path.lstrip("/"))
        if path.endswith("/"):
            fs = os.path.join(fs, "index.html")
        os.makedirs(os.path.dirname(fs), exist_ok=True)
        with open(fs, "wb") as f:
            f.write(data)
        self.files += 1
        return fs


def assign_discovery(n):
    """How each article (newest first) can be found: 'list' (section pages,
    feeds, sitemaps), 'sitemap' (only in a sitemap), 'feed' (only in a feed)."""
    out = []
    for i in range(n):
        if i % 12 == 11:
            out.append("sitemap")
        elif i % 15 == 7:
            out.append("feed")
        else:
            out.append("list")
    return out


def rss(site, title, items):
    """RSS 2.0; items: (url, title, description, dt)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">', "<channel>",
             "<title>%s</title>" % esc(title), "<link>%s/</link>" % site.base,
             "<description>%s</description>" % esc(title), "<language>vi</language>"]
    for url, t, desc, dt in items:
        parts += ["<item>", "<title>%s</title>" % esc(t), "<link>%s</link>" % esc(url),
                  '<guid isPermaLink="true">%s</guid>' % esc(url),
                  "<description><![CDATA[%s]]></description>" % desc,
                  "<pubDate>%s</pubDate>" % rfc822(dt), "</item>"]
    parts += ["</channel>", "</rss>", ""]
    return "\n".join(parts)


def atom(site, title, feed_url, items):
    updated = max(dt for _, _, _, dt in items)
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
             "<title>%s</title>" % esc(title), '<link rel="self" href="%s"/>' % esc(feed_url),
             '<link href="%s/"/>' % site.base, "<id>%s</id>" % esc(feed_url),
             "<updated>%s</updated>" % iso(updated)]
    for url, t, desc, dt in items:
        parts += ["<entry>", "<title>%s</title>" % esc(t),
                  '<link rel="alternate" type="text/html" href="%s"/>' % esc(url),
                  "<id>%s</id>" % esc(url), "<published>%s</published>" % iso(dt),
                  "<updated>%s</updated>" % iso(dt),
                  '<summary type="html">%s</summary>' % esc(desc), "</entry>"]
    parts += ["</feed>", ""]
    return "\n".join(parts)


def sitemap_index(urls):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for u in urls:
        parts += ["<sitemap><loc>%s</loc><lastmod>2024-03-15T08:00:00+07:00</lastmod></sitemap>" % esc(u)]
    parts += ["</sitemapindex>", ""]
    return "\n".join(parts)


def urlset(entries):
    """entries: (url, dt or None)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for u, dt in entries:
        lm = "<lastmod>%s</lastmod>" % dt.strftime("%Y-%m-%d") if dt else ""
        parts.append("<url><loc>%s</loc>%s<changefreq>monthly</changefreq></url>" % (esc(u), lm))
    parts += ["</urlset>", ""]
    return "\n".join(parts)


def news_sitemap(entries, publication):
    """entries: (url, title, dt)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
             '        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for u, t, dt in entries:
        parts += ["<url>", "<loc>%s</loc>" % esc(u), "<news:news>",
                  "<news:publication><news:name>%s</news:name><news:language>vi</news:language>"
                  "</news:publication>" % esc(publication),
                  "<news:publication_date>%s</news:publication_date>" % iso(dt),
                  "<news:title>%s</news:title>" % esc(t), "</news:news>", "</url>"]
    parts += ["</urlset>", ""]
    return "\n".join(parts)


def robots(site, extra_disallow=(), crawl_delay=None):
    lines = ["# robots.txt", "User-agent: *", "Disallow: /private/"]
    lines += ["Disallow: %s" % p for p in extra_disallow]
    if crawl_delay:
        lines.append("Crawl-delay: %s" % crawl_delay)
    lines += ["", "Sitemap: %s/sitemap_index.xml" % site.base, ""]
    return "\n".join(lines)


def paginate(items, per):
    return [items[i:i + per] for i in range(0, len(items), per)] or [[]]


def expected_entry(a):
    r = a["rec"]
    return {"url": a["url"], "title": nfc(r["title"]), "date": r["date"], "lead": nfc(r["lead"]),
            "body": nfc("\n".join(r["paras"])), "body_start": nfc(r["paras"][0])[:200],
            "discovery": a["discovery"], "note": a.get("note", "")}


PRIVATE_TEXT = [
    "Tài liệu nội bộ, chỉ dành cho cán bộ có thẩm quyền.",
    "Đây là trang quản trị nội bộ, không được phép công khai ra bên ngoài hệ thống.",
]


def stub_page(title, charset="utf-8"):
    """A short page that is no article (a tag page, a menu page...)."""
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"%s\"><title>%s</title></head>"
            "<body><h1>%s</h1><p>Nội dung đang được cập nhật.</p><p><a href=\"/\">Trang chủ</a></p></body></html>\n"
            % (charset, esc(title), esc(title)))


def private_page(title):
    body = "".join("<p>%s</p>" % esc(t) for t in PRIVATE_TEXT * 6)
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s</title></head>"
            "<body><h1>%s</h1>%s</body></html>\n" % (esc(title), esc(title), body))


# --- site 1: government portal ------------------------------------------------------

PORTAL_NAME = "Cổng thông tin điện tử Thành phố Thử Nghiệm"
PORTAL_SECTIONS = [("tin-tuc-su-kien", "Tin tức - Sự kiện"), ("chi-dao-dieu-hanh", "Chỉ đạo điều hành"),
                   ("kinh-te-xa-hoi", "Kinh tế - Xã hội")]
PORTAL_MENU = ["Giới thiệu chung", "Cơ cấu tổ chức", "Chỉ đạo điều hành", "Văn bản pháp luật",
               "Thủ tục hành chính", "Dịch vụ công trực tuyến", "Hỏi đáp trực tuyến", "Thống kê",
               "Quy hoạch - Kế hoạch", "Dự án đầu tư", "Lịch công tác", "Liên hệ"]


def portal_shell(site, title_tag, crumbs, content, head_extra=""):
    menu = "".join('<li><a href="/chuyen-muc/%s/">%s</a></li>' % (s, esc(n)) for s, n in PORTAL_SECTIONS)
    left = "".join('<li><a href="/gioi-thieu/%s.html">%s</a></li>' % (slugify(m), esc(m)) for m in PORTAL_MENU)
    crumb = ' <span class="sep">&gt;</span> '.join(
        '<a href="%s">%s</a>' % (u, esc(t)) if u else '<span>%s</span>' % esc(t) for u, t in crumbs)
    return """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>%(title)s</title>
<link rel="stylesheet" href="/css/portal.css">
<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/tin-moi.rss">
<link rel="alternate" type="application/atom+xml" title="Tin mới (Atom)" href="/feeds/tin-moi.atom">
%(head)s<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-000000-1']);</script>
<style>#left-col{float:left;width:220px} #content-col{margin-left:230px}</style>
</head>
<body>
<div id="top-bar"><span class="today">Hôm nay: Thứ Sáu, 15/03/2024</span> | <a href="/dang-nhap.html">Đăng nhập</a> | <a href="/en/">English</a></div>
<div id="banner"><a href="/"><img src="/img/banner.png" alt="%(site)s"></a></div>
<div id="main-menu"><ul><li><a href="/">Trang chủ</a></li>%(menu)s<li><a href="/private/van-ban-noi-bo.html">Văn bản nội bộ</a></li><li><a href="/tin-tuc/noi-bo/lich-hop-lanh-dao.html">Lịch họp lãnh đạo</a></li></ul></div>
<div id="wrapper">
<div id="left-col">
<div class="box"><div class="box-title">Danh mục</div><ul>%(left)s</ul></div>
<div class="box"><div class="box-title">Liên kết website</div>
<select onchange="window.open(this.value)"><option>-- Chọn liên kết --</option><option value="https://chinhphu.vn">Cổng TTĐT Chính phủ</option><option value="https://dichvucong.gov.vn">Cổng Dịch vụ công Quốc gia</option></select></div>
<div class="box thong-ke">Lượt truy cập: 12.345.678<br>Đang trực tuyến: 123</div>
</div>
<div id="content-col">
<div class="breadcrumb">%(crumb)s</div>
%(content)s
</div>
</div>
<div id="footer">
<p><b>%(site)s</b></p>
<p>Cơ quan chủ quản: Ủy ban nhân dân Thành phố Thử Nghiệm. Chịu trách nhiệm chính: Chánh Văn phòng Ủy ban nhân dân Thành phố.</p>
<p>Địa chỉ: Số 79 đường Đinh Tiên Hoàng, phường Tràng Tiền, Thành phố Thử Nghiệm. Điện thoại: 024.3825.3536 - Fax: 024.3825.3537 - Email: banbientap@thunghiem.gov.vn</p>
<p>Ghi rõ nguồn "%(site)s" khi phát hành lại thông tin từ website này.</p>
</div>
</body>
</html>
""" % {"title": esc(title_tag), "head": head_extra, "site": esc(PORTAL_NAME), "menu": menu, "left": left,
       "crumb": crumb, "content": content}


def build_portal(site, recs, rng):
    disc = assign_discovery(len(recs))
    for i, r in enumerate(recs):
        sec = PORTAL_SECTIONS[i % len(PORTAL_SECTIONS)]
        path = "/tin-tuc/%s-%d.html" % (slugify(r["title"]), 5000 + i)
        site.articles.append({"rec": r, "path": path, "url": site.url(path), "section": sec,
                              "discovery": disc[i], "print": "/tin-tuc/ban-in/%s-%d.html" % (slugify(r["title"]), 5000 + i)})
    listed = [a for a in site.articles if a["discovery"] == "list"]
    for i, a in enumerate(site.articles):
        r = a["rec"]
        others = [o for o in listed if o is not a]
        related = rng.sample(others, min(8, len(others)))
        rel = "".join('<li><a href="%s">%s</a> <span class="date">(%s)</span></li>' %
                      (o["path"], esc(o["rec"]["title"]), o["rec"]["dt"].strftime("%d/%m/%Y")) for o in related)
        paras = "\n".join("<p style=\"text-align: justify;\">%s</p>" % esc(p) for p in r["paras"])
        content = """<div class="news-detail">
<h1 class="news-title">%(title)s</h1>
<div class="news-date">%(date)s</div>
<div class="news-sapo"><b>%(lead)s</b></div>
<div class="news-content">
%(paras)s
</div>
<div class="news-author" style="text-align:right"><b>%(author)s</b></div>
<div class="tool"><a href="%(print)s">In bài viết</a> | <a href="mailto:?subject=%(slug)s">Gửi email</a> | <a href="#top">Về đầu trang</a></div>
</div>
<div class="related"><div class="related-title">Các tin khác</div><ul>%(rel)s</ul></div>""" % {
            "title": esc(r["title"]), "date": vn_weekday_date(r["dt"]), "lead": esc(r["lead"]), "paras": paras,
            "author": esc(BYLINES[i % len(BYLINES)]), "print": a["print"], "slug": slugify(r["title"], 20),
            "rel": rel}
        head = '<link rel="canonical" href="%s">\n' % a["url"]
        if i % 4 == 0:
            head += '<meta name="description" content="%s">\n' % esc(r["lead"])
        site.write(a["path"], portal_shell(site, "%s - %s" % (r["title"], PORTAL_NAME),
                                           [("/", "Trang chủ"), ("/chuyen-muc/%s/" % a["section"][0], a["section"][1])],
                                           content, head))
        # The print version: same text, no menus, canonical names the article.
        site.write(a["print"], """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>%s - %s</title><link rel="canonical" href="%s"><meta name="robots" content="noindex"></head>
<body onload="window.print()"><div class="print-header">%s</div>
<h1>%s</h1><div class="news-date">%s</div><p><b>%s</b></p>
%s
<p style="text-align:right"><b>%s</b></p></body></html>
""" % (esc(r["title"]), esc(PORTAL_NAME), a["url"], esc(PORTAL_NAME), esc(r["title"]), vn_weekday_date(r["dt"]),
            esc(r["lead"]), "\n".join("<p>%s</p>" % esc(p) for p in r["paras"]), esc(BYLINES[i % len(BYLINES)])))
    # Section pages, 10 a page, every page number linked.
    section_pages = []
    for sec, name in PORTAL_SECTIONS:
        items = [a for a in listed if a["section"][0] == sec]
        pages = paginate(items, 10)
        for k, chunk in enumerate(pages):
            path = "/chuyen-muc/%s/" % sec if k == 0 else "/chuyen-muc/%s/trang-%d.html" % (sec, k + 1)
            section_pages.append(path)
            lis = "".join('<div class="news-item"><a href="%s"><img src="/img/thumb.jpg"></a><h3><a href="%s">%s</a></h3>'
                          '<span class="date">%s</span><p>%s</p></div>\n' %
                          (a["path"], a["path"], esc(a["rec"]["title"]), a["rec"]["dt"].strftime("%d/%m/%Y"),
                           esc(a["rec"]["lead"][:160])) for a in chunk)
            nav = " ".join('<a href="%s">%d</a>' % ("/chuyen-muc/%s/" % sec if j == 0 else "/chuyen-muc/%s/trang-%d.html" % (sec, j + 1), j + 1)
                           for j in range(len(pages)))
            site.write(path, portal_shell(site, "%s - %s" % (name, PORTAL_NAME), [("/", "Trang chủ"), (None, name)],
                                          '<div class="list-news">%s</div><div class="paging">Trang: %s</div>' % (lis, nav)))
    home = "".join('<li><a href="%s">%s</a></li>' % (a["path"], esc(a["rec"]["title"])) for a in listed[:10])
    site.write("/", portal_shell(site, PORTAL_NAME, [(None, "Trang chủ")],
                                 '<div class="hot-news"><h2>Tin mới</h2><ul>%s</ul></div>' % home))
    # Menu pages (not articles: short) and the private area.
    for m in PORTAL_MENU:
        site.write("/gioi-thieu/%s.html" % slugify(m), portal_shell(site, "%s - %s" % (m, PORTAL_NAME),
                                                                    [("/", "Trang chủ"), (None, m)],
                                                                    "<h1>%s</h1><p>Nội dung đang được cập nhật.</p>" % esc(m)))
    site.write("/en/", stub_page("English"))
    site.write("/dang-nhap.html", stub_page("Đăng nhập"))
    private = ["/private/van-ban-noi-bo.html", "/private/danh-ba-can-bo.html", "/tin-tuc/noi-bo/lich-hop-lanh-dao.html",
               "/tin-tuc/noi-bo/bao-cao-mat.html"]
    for p in private:
        site.write(p, private_page("Tài liệu nội bộ %s" % p))
    feeds_and_maps(site, "portal", PORTAL_NAME, rss_path="/rss/tin-moi.rss", atom_path="/feeds/tin-moi.atom",
                   section_pages=section_pages, private_in_sitemap=private[3])
    site.write("/robots.txt", robots(site, extra_disallow=["/tin-tuc/noi-bo/", "/dang-nhap.html"]))
    return {"forbidden": ["/private/", "/tin-tuc/noi-bo/", "/dang-nhap.html"], "private": private,
            "feeds": ["/rss/tin-moi.rss", "/feeds/tin-moi.atom"], "sections": section_pages,
            "print_prefix": "/tin-tuc/ban-in/"}


def feeds_and_maps(site, name, pub, rss_path, atom_path, section_pages, private_in_sitemap, link=None):
    """RSS (latest 15 listed + half the feed-only), Atom (latest 15 listed +
    the other half), sitemap index -> two article sitemaps (listed and
    sitemap-only articles), a news sitemap (latest 20 listed), a sitemap of
    section pages.  link(a) gives the URL to put in feeds (tracking params)."""
    link = link or (lambda a, where: a["url"])
    listed = [a for a in site.articles if a["discovery"] == "list"]
    feed_only = [a for a in site.articles if a["discovery"] == "feed"]

    def item(a, where):
        r = a["rec"]
        return (link(a, where), r["title"], esc(r["lead"]), r["dt"])
    site.write(rss_path, rss(site, pub + " - Tin mới", [item(a, "rss") for a in listed[:15] + feed_only[0::2]]))
    site.write(atom_path, atom(site, pub + " - Tin mới", site.url(atom_path),
                               [item(a, "atom") for a in listed[:15] + feed_only[1::2]]))
    in_maps = [a for a in site.articles if a["discovery"] in ("list", "sitemap")]
    half = (len(in_maps) + 1) // 2
    site.write("/sitemaps/bai-viet-1.xml", urlset([(a["url"], a["rec"]["dt"]) for a in in_maps[:half]]))
    site.write("/sitemaps/bai-viet-2.xml", urlset([(a["url"], a["rec"]["dt"]) for a in in_maps[half:]] +
                                                  [(site.url(private_in_sitemap), None)]))
    site.write("/sitemaps/tin-moi-news.xml", news_sitemap([(a["url"], a["rec"]["title"], a["rec"]["dt"])
                                                           for a in listed[:20]], pub))
    site.write("/sitemaps/chuyen-muc.xml", urlset([(site.url(p), None) for p in section_pages]))
    site.write("/sitemap_index.xml", sitemap_index([site.url(p) for p in (
        "/sitemaps/bai-viet-1.xml", "/sitemaps/bai-viet-2.xml", "/sitemaps/tin-moi-news.xml", "/sitemaps/chuyen-muc.xml")]))


# --- site 2: newspaper ----------------------------------------------------------------

NEWS_NAME = "Báo điện tử Tin Nhanh"
NEWS_SECTIONS = {"business": ("kinh-doanh", "Kinh doanh"), "education": ("giao-duc", "Giáo dục - Khuyến học")}
NEWS_OTHER = ("xa-hoi", "Xã hội")


def news_shell(site, title_tag, content, head_extra="", sidebar=""):
    nav = "".join('<li><a href="/%s/">%s</a></li>' % (s, esc(n)) for s, n in list(NEWS_SECTIONS.values()) + [NEWS_OTHER])
    return """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title>
<meta property="og:site_name" content="Tin Nhanh">
<meta property="fb:app_id" content="000000000000">
%(head)s<link rel="alternate" type="application/atom+xml" href="/feed.atom">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>
</head>
<body>
<header class="site-header">
<a class="logo" href="/">Tin Nhanh</a>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li>%(nav)s<li><a href="/private/quan-tri.html">Quản trị</a></li></ul></nav>
<div class="trending">Xu hướng: <a href="/tag/gia-vang.html">#Giá vàng</a> <a href="/tag/thoi-tiet.html">#Thời tiết</a> <a href="/tag/tuyen-sinh.html">#Tuyển sinh</a></div>
<form class="search" action="/tim-kiem.html"><input name="q" placeholder="Tìm kiếm"></form>
</header>
<main class="container">
%(content)s
<aside class="sidebar">%(sidebar)s<div class="ads">Quảng cáo</div></aside>
</main>
<footer class="site-footer">
<p>%(site)s - Cơ quan của Hội Thử Nghiệm Việt Nam. Giấy phép số 123/GP-BTTTT do Bộ Thông tin và Truyền thông cấp ngày 01/01/2020.</p>
<p>Tổng biên tập: Nguyễn Văn Biên. Tòa soạn: Số 2 Giảng Võ, Thành phố Thử Nghiệm. Đường dây nóng: 0987.654.321.</p>
<p>© Bản quyền thuộc về Báo điện tử Tin Nhanh. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.</p>
</footer>
</body>
</html>
""" % {"title": esc(title_tag), "head": head_extra, "nav": nav, "content": content, "sidebar": sidebar,
       "site": esc(NEWS_NAME)}


def build_news(site, recs, rng):
    disc = assign_discovery(len(recs))
    for i, r in enumerate(recs):
        sec = NEWS_SECTIONS.get(r["category"], NEWS_OTHER)
        # dantri-like ids: 17 digits; an odd last digit: stored gzipped.
        ident = r["dt"].strftime("%Y%m%d%H%M%S") + "%02d%d" % (i % 100, 1 if i % 2 else 2)
        path = "/%s/%s-%s.htm" % (sec[0], slugify(r["title"]), ident)
        site.articles.append({"rec": r, "path": path, "url": site.url(path), "section": sec,
                              "discovery": disc[i], "gzip": i % 2 == 1})
    listed = [a for a in site.articles if a["discovery"] == "list"]
    popular = listed[3:8]
    sidebar = '<div class="most-read"><h3>Đọc nhiều</h3><ol>%s</ol></div>' % "".join(
        '<li><a href="%s">%s</a></li>' % (a["path"], esc(a["rec"]["title"])) for a in popular)
    for i, a in enumerate(site.articles):
        r = a["rec"]
        others = [o for o in listed if o is not a]
        inline = rng.sample(others, min(3, len(others)))
        bottom = rng.sample(others, min(4, len(others)))
        inline_box = '<div class="related-inline"><strong>Tin liên quan</strong><ul>%s</ul></div>' % "".join(
            '<li><a href="%s">%s</a></li>' % (o["path"], esc(o["rec"]["title"])) for o in inline)
        ps = ["<p>%s</p>" % esc(p) for p in r["paras"]]
        ps.insert(min(2, len(ps)), inline_box)
        ps.append('<p class="author" style="text-align:right"><strong>%s</strong></p>' % esc(BYLINES[i % len(BYLINES)]))
        ncom = 2 + i % 3
        comments = "".join(
            '<div class="comment"><b class="name">%s</b> <span class="time">%s</span><p>%s</p>'
            '<a href="#" class="like">Thích</a> <a href="#" class="reply">Trả lời</a></div>' %
            (esc(COMMENTERS[(i + k) % len(COMMENTERS)]),
             (r["dt"] + datetime.timedelta(hours=1 + k)).strftime("%d/%m/%Y %H:%M"),
             esc(COMMENTS[(i * 3 + k) % len(COMMENTS)])) for k in range(ncom))
        rel = "".join('<div class="rel-item"><h4><a href="%s">%s</a></h4><p>%s</p></div>' %
                      (o["path"], esc(o["rec"]["title"]), esc(split_sentences(o["rec"]["lead"])[0]))
                      for o in bottom)
        content = """<article class="article">
<div class="article-meta"><a class="category" href="/%(sec)s/">%(secname)s</a> <span class="date">%(date)s</span></div>
<h1 class="article-title">%(title)s</h1>
<div class="share-buttons"><a href="https://www.facebook.com/sharer/sharer.php?u=%(url)s">Chia sẻ Facebook</a> <a href="https://zalo.me/share?u=%(url)s">Zalo</a> <a href="javascript:void(0)" class="copy">Sao chép liên kết</a> <span class="views">Lượt xem: %(views)s</span></div>
<h2 class="sapo">%(lead)s</h2>
<div class="article-body">
%(body)s
</div>
<div class="tags">Từ khóa: <a href="/tag/%(tag)s.html">%(secname)s</a></div>
</article>
<section class="comments" id="binh-luan"><h3>Bình luận (%(ncom)d)</h3>%(comments)s
<form class="comment-form"><textarea placeholder="Viết bình luận của bạn..."></textarea><button>Gửi bình luận</button></form></section>
<section class="tin-lien-quan"><h3>Tin liên quan</h3>%(rel)s</section>""" % {
            "sec": a["section"][0], "secname": esc(a["section"][1]), "date": vn_date_dash(r["dt"]),
            "title": esc(r["title"]), "url": a["url"], "views": "{:,}".format(1000 + r["hash"] % 50000).replace(",", "."),
            "lead": esc(r["lead"]), "body": "\n".join(ps), "tag": a["section"][0], "ncom": ncom,
            "comments": comments, "rel": rel}
        head = ('<meta property="og:title" content="%s">\n<meta property="og:description" content="%s">\n'
                '<meta property="og:type" content="article">\n<link rel="canonical" href="%s">\n' %
                (esc(r["title"]), esc(r["lead"]), a["url"]))
        if i % 3 == 0:
            head += '<meta property="article:published_time" content="%s">\n' % iso(r["dt"])
            a["note"] = "article:published_time"
        elif i % 3 == 1:
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": r["title"],
                  "datePublished": iso(r["dt"]), "dateModified": iso(r["dt"] + datetime.timedelta(hours=2)),
                  "author": {"@type": "Person", "name": BYLINES[i % len(BYLINES)]},
                  "publisher": {"@type": "Organization", "name": "Tin Nhanh"}}
            head += '<script type="application/ld+json">%s</script>\n' % json.dumps(ld, ensure_ascii=False)
            a["note"] = "JSON-LD"
        else:
            a["note"] = "date text only"
        site.write(a["path"], news_shell(site, "%s | %s" % (r["title"], NEWS_NAME), content, head, sidebar),
                   gz=a["gzip"])
    section_pages = []
    for sec, name in list(NEWS_SECTIONS.values()) + [NEWS_OTHER]:
        items = [a for a in listed if a["section"][0] == sec]
        pages = paginate(items, 10)
        for k, chunk in enumerate(pages):
            path = "/%s/" % sec if k == 0 else "/%s/trang-%d.htm" % (sec, k + 1)
            section_pages.append(path)
            lis = "".join('<article class="item"><h3><a href="%s">%s</a></h3><p class="sapo">%s</p>'
                          '<a class="comment-count" href="%s#binh-luan">%d bình luận</a></article>\n' %
                          (a["path"], esc(a["rec"]["title"]), esc(a["rec"]["lead"][:200]), a["path"], 2 + j % 3)
                          for j, a in enumerate(chunk))
            nav = " ".join('<a href="%s">%d</a>' % ("/%s/" % sec if j == 0 else "/%s/trang-%d.htm" % (sec, j + 1), j + 1)
                           for j in range(len(pages)))
            site.write(path, news_shell(site, "%s | %s" % (name, NEWS_NAME),
                                        '<section class="list"><h1>%s</h1>%s<div class="pagination">%s</div></section>' %
                                        (esc(name), lis, nav), sidebar=sidebar))
    # Home: links with tracking parameters, as many real sites have.
    home = "".join('<li><a href="%s?utm_source=home&amp;utm_medium=box">%s</a></li>' % (a["path"], esc(a["rec"]["title"]))
                   for a in listed[:12])
    site.write("/", news_shell(site, NEWS_NAME, '<section class="top"><ul>%s</ul></section>' % home, sidebar=sidebar))
    for tag in ["gia-vang", "thoi-tiet", "tuyen-sinh"] + [sec for sec, _ in list(NEWS_SECTIONS.values()) + [NEWS_OTHER]]:
        site.write("/tag/%s.html" % tag, stub_page("Từ khóa %s" % tag))
    site.write("/tim-kiem.html", stub_page("Tìm kiếm"))
    private = ["/private/quan-tri.html", "/private/bai-cho-duyet.html"]
    for p in private:
        site.write(p, private_page("Khu vực quản trị %s" % p))
    feeds_and_maps(site, "news", NEWS_NAME, rss_path="/rss/tin-moi-nhat.rss", atom_path="/feed.atom",
                   section_pages=section_pages, private_in_sitemap=private[1],
                   link=lambda a, where: a["url"] + ("?utm_source=%s&utm_medium=feed" % where if where == "rss" else ""))
    site.write("/robots.txt", robots(site, extra_disallow=["/tim-kiem.html"]))
    return {"forbidden": ["/private/", "/tim-kiem.html"], "private": private,
            "feeds": ["/rss/tin-moi-nhat.rss", "/feed.atom"], "sections": section_pages}


# --- site 3: legacy table layout -------------------------------------------------------

LEGACY_NAME = "Trang thông tin điện tử huyện Thử Nghiệm"
LEGACY_SECTIONS = [("TinTuc", "TIN TỨC - SỰ KIỆN"), ("ThongBao", "THÔNG BÁO")]


def legacy_page(title_tag, center, charset="utf-8", declared=None):
    """A whole legacy page as bytes in `charset`, declaring `declared`."""
    declared = declared or charset
    left = "".join('<tr><td class="menuitem"><img src="../../images/bullet.gif"> <a href="../../Portal/ChuyenMuc/%s_1.htm">%s</a></td></tr>'
                   % (s, esc(n)) for s, n in LEGACY_SECTIONS)
    left += "".join('<tr><td class="menuitem"><img src="../../images/bullet.gif"> <a href="../../GioiThieu/%s.htm">%s</a></td></tr>'
                    % (slugify(m).replace("-", ""), esc(m)) for m in ["Giới thiệu", "Lịch sử", "Bản đồ hành chính", "Danh bạ"])
    page = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%(cs)s">
<title>%(title)s</title>
<link href="../../css/style.css" rel="stylesheet" type="text/css">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td colspan="3"><img src="../../images/banner.jpg" width="980" height="120" alt="banner"></td></tr>
<tr><td colspan="3" class="menu" bgcolor="#003399"><a href="../../index.htm"><font color="#FFFFFF">TRANG CHỦ</font></a> | <a href="../../Portal/ChuyenMuc/TinTuc_1.htm"><font color="#FFFFFF">TIN TỨC</font></a> | <a href="../../Portal/ChuyenMuc/ThongBao_1.htm"><font color="#FFFFFF">THÔNG BÁO</font></a> | <a href="../../private/QuanTri.htm"><font color="#FFFFFF">QUẢN TRỊ</font></a></td></tr>
<tr>
<td width="180" valign="top" bgcolor="#EEF3FB">
<table width="100%%" border="0" cellspacing="2" cellpadding="2">%(left)s</table>
<table width="100%%" border="0"><tr><td class="boxtitle"><b>THĂM DÒ Ý KIẾN</b></td></tr>
<tr><td>Bạn đánh giá thế nào về trang thông tin này?<br><input type="radio" name="p">Rất tốt<br><input type="radio" name="p">Tốt<br><input type="radio" name="p">Bình thường<br><input type="button" value="Biểu quyết"></td></tr></table>
</td>
<td width="600" valign="top">
%(center)s
</td>
<td width="200" valign="top">
<table width="100%%" border="0"><tr><td class="boxtitle"><b>VĂN BẢN MỚI</b></td></tr>
<tr><td><a href="../../VanBan/QD123.htm">Quyết định số 123/QĐ-UBND ngày 05/01/2020 về việc ban hành quy chế làm việc</a></td></tr>
<tr><td><a href="../../VanBan/KH45.htm">Kế hoạch số 45/KH-UBND ngày 12/02/2020 về cải cách hành chính</a></td></tr>
<tr><td><a href="../../VanBan/TB67.htm">Thông báo số 67/TB-UBND ngày 20/03/2020 về lịch tiếp công dân</a></td></tr></table>
<table width="100%%" border="0"><tr><td>Số lượt truy cập: <b>0 0 1 2 3 4 5 6</b></td></tr></table>
</td>
</tr>
<tr><td colspan="3" class="footer" align="center" bgcolor="#003399"><font color="#FFFFFF" size="1">Bản quyền thuộc Ủy ban nhân dân huyện Thử Nghiệm<br>Địa chỉ: Thị trấn Thử Nghiệm, huyện Thử Nghiệm. Điện thoại: 0211.3862.123<br>Thiết kế bởi Trung tâm Công nghệ thông tin và Truyền thông</font></td></tr>
</table>
</body>
</html>
""" % {"cs": declared, "title": esc(title_tag), "left": left, "center": center}
    return to_cp1258(page) if charset == "windows-1258" else page.encode("utf-8")


def build_legacy(site, recs, rng):
    disc = assign_discovery(len(recs))
    for i, r in enumerate(recs):
        sec = LEGACY_SECTIONS[i % len(LEGACY_SECTIONS)]
        path = "/Portal/Tin/%d.htm" % (1200 + i * 7)
        if i == 5:
            cs, declared, note = "windows-1258", "utf-8", "Windows-1258 declared UTF-8"
        elif i == 8:
            cs, declared, note = "utf-8", "iso-8859-1", "UTF-8 declared ISO-8859-1"
        elif i % 3 == 1:
            cs, declared, note = "windows-1258", "windows-1258", "Windows-1258"
        else:
            cs, declared, note = "utf-8", "utf-8", ""
        site.articles.append({"rec": r, "path": path, "url": site.url(path), "section": sec, "discovery": disc[i],
                              "charset": cs, "declared": declared, "note": note})
    listed = [a for a in site.articles if a["discovery"] == "list"]
    for i, a in enumerate(site.articles):
        r = a["rec"]
        others = [o for o in listed if o is not a]
        older = rng.sample(others, min(10, len(others)))
        olds = "".join('<img src="../../images/arrow.gif"> <a href="../Tin/%s">%s</a> <font color="#999999">(%s)</font><br>' %
                       (o["path"].rsplit("/", 1)[1], esc(o["rec"]["title"]), o["rec"]["dt"].strftime("%d/%m/%Y")) for o in older)
        text = "<br><br>\n".join(esc(p) for p in r["paras"])
        center = """<table width="100%%" border="0" cellpadding="4" cellspacing="0">
<tr><td class="tieude"><font face="Arial" size="4" color="#003399"><b>%(title)s</b></font></td></tr>
<tr><td class="ngay"><i>(Cập nhật: %(date)s)</i></td></tr>
<tr><td class="trichyeu"><b><i>%(lead)s</i></b></td></tr>
<tr><td class="noidung"><font face="Arial" size="2">%(text)s</font></td></tr>
<tr><td align="right"><b>%(author)s</b></td></tr>
<tr><td><br><b>Các tin đã đưa:</b><br>%(olds)s</td></tr>
</table>""" % {"title": esc(r["title"]), "date": vn_date_dash(r["dt"]), "lead": esc(r["lead"]), "text": text,
               "author": esc(BYLINES[i % len(BYLINES)]), "olds": olds}
        site.write(a["path"], legacy_page("%s - %s" % (r["title"], LEGACY_NAME), center, a["charset"], a["declared"]))
    section_pages = []
    for sec, name in LEGACY_SECTIONS:
        items = [a for a in listed if a["section"][0] == sec]
        pages = paginate(items, 10)
        for k, chunk in enumerate(pages):
            path = "/Portal/ChuyenMuc/%s_%d.htm" % (sec, k + 1)
            section_pages.append(path)
            rows = "".join('<tr><td><img src="../../images/arrow.gif"> <a href="../Tin/%s"><b>%s</b></a> (%s)<br>%s</td></tr>' %
                           (a["path"].rsplit("/", 1)[1], esc(a["rec"]["title"]), a["rec"]["dt"].strftime("%d/%m/%Y"),
                            esc(a["rec"]["lead"][:150])) for a in chunk)
            nav = " ".join('<a href="%s_%d.htm">[%d]</a>' % (sec, j + 1, j + 1) for j in range(len(pages)))
            center = '<table width="100%%"><tr><td class="tieude"><b>%s</b></td></tr>%s<tr><td align="center">Trang: %s</td></tr></table>' % (
                esc(name), rows, nav)
            site.write(path, legacy_page("%s - %s" % (name, LEGACY_NAME), center, "windows-1258" if k % 2 else "utf-8"))
    home_rows = "".join('<tr><td><a href="Portal/Tin/%s">%s</a></td></tr>' % (a["path"].rsplit("/", 1)[1], esc(a["rec"]["title"]))
                        for a in listed[:8])
    home = legacy_page(LEGACY_NAME, '<table width="100%%"><tr><td class="tieude"><b>TIN MỚI</b></td></tr>%s'
                       '<tr><td><a href="Portal/ChuyenMuc/TinTuc_1.htm">Xem tất cả</a></td></tr></table>' % home_rows)
    # The home page sits at the root: its ../../ links would climb above it,
    # which a browser clamps to "/"; keep it simple with root-relative links.
    site.write("/index.htm", home.replace(b"../../", b"/"))
    for m in ["Giới thiệu", "Lịch sử", "Bản đồ hành chính", "Danh bạ"]:
        site.write("/GioiThieu/%s.htm" % slugify(m).replace("-", ""), stub_page(m))
    for d in ["QD123", "KH45", "TB67"]:
        site.write("/VanBan/%s.htm" % d, stub_page("Văn bản %s" % d))
    private = ["/private/QuanTri.htm", "/private/HoSoCanBo.htm"]
    for p in private:
        site.write(p, private_page("Quản trị %s" % p))
    feeds_and_maps(site, "legacy", LEGACY_NAME, rss_path="/rss.xml", atom_path="/atom.xml",
                   section_pages=section_pages, private_in_sitemap=private[1])
    site.write("/robots.txt", robots(site, crawl_delay="0.2"))
    return {"forbidden": ["/private/"], "private": private, "feeds": ["/rss.xml", "/atom.xml"],
            "sections": section_pages, "crawl_delay": 0.2}


# --- short articles: an unseen site, and two on the portal ------------------------------

SHORT_NAME = "Trang thông tin điện tử phường Thử Nghiệm"


def short_shell(title_tag, main, head=""):
    """A ward's site: a menu, a left column of long links (the look of a
    front page around a short text), a footer."""
    left = "".join('<li><a href="/thu-tuc/%d.html">Thủ tục hành chính lĩnh vực %s</a></li>' % (k, esc(f))
                   for k, f in enumerate(["đất đai", "hộ tịch", "chứng thực", "xây dựng", "tư pháp",
                                          "lao động thương binh xã hội", "văn hóa thông tin",
                                          "y tế dân số", "giáo dục đào tạo", "tài nguyên môi trường"]))
    return """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>%(title)s</title>
%(head)s</head>
<body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/thong-bao/">Thông báo</a> <a href="/van-ban/">Văn bản</a>
<a href="/tin-hoat-dong/">Tin hoạt động</a> <a href="/gioi-thieu.html">Giới thiệu</a></div>
<form class="search" action="/tim-kiem.html"><input name="q"></form>
<div class="left-col"><ul>%(left)s</ul></div>
<div class="main-col">
%(main)s
</div>
<div class="footer">Cơ quan chủ quản: Ủy ban nhân dân phường Thử Nghiệm. Địa chỉ: số 5 đường Thử Nghiệm.</div>
</body></html>
""" % {"title": esc(title_tag), "head": head, "left": left, "main": main}


# (path, template note, title, date or "", text, kind); kind says what the
# page carries: "jsonld", "sapo-og", "dated", "xlsx-og", "xlsx-above",
# "table".  The texts are one to three sentences, as such notices are.
SHORT_ARTICLES = [
    ("/video/le-khoi-cong-cau-vuot-phia-tay.html", "video caption, JSON-LD NewsArticle",
     "Video: Lễ khởi công cầu vượt nút giao phía Tây", "2024-03-12",
     "Toàn cảnh lễ khởi công cầu vượt nút giao phía Tây sáng 12/3, công trình dự kiến hoàn thành sau 18 tháng.",
     "jsonld"),
    ("/video/hoi-nghi-doi-thoai-voi-nhan-dan.html", "video caption in the sapo alone, og:type article",
     "Video: Hội nghị đối thoại với nhân dân quý I", "",
     "Lãnh đạo phường trả lời các kiến nghị của người dân về trật tự đô thị và vệ sinh môi trường.",
     "sapo-og"),
    ("/thong-bao/lich-tiep-cong-dan-thang-3.html", "one-sentence notice, dated headline only",
     "Thông báo lịch tiếp công dân tháng 3 năm 2024", "2024-03-01",
     "Chủ tịch Ủy ban nhân dân phường tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở phường.",
     "dated"),
    ("/thong-bao/ket-qua-tuyen-sinh-lop-10.html", "results linking a .xlsx, og:type article only",
     "Thông báo kết quả tuyển sinh lớp 10 năm học 2024-2025", "",
     "Trường Trung học phổ thông Thử Nghiệm thông báo kết quả tuyển sinh, chi tiết xem tại tệp đính kèm:",
     "xlsx-og"),
    ("/thong-bao/ket-qua-xet-tuyen-vien-chuc.html", "results linking a .xlsx, date line above the headline",
     "Kết quả xét tuyển viên chức sự nghiệp năm 2024", "2024-03-08",
     "Hội đồng xét tuyển thông báo danh sách thí sinh trúng tuyển. Thí sinh xem danh sách trong tệp đính kèm:",
     "xlsx-above"),
    ("/Portal/ThongBao/1207.htm", "table layout, no h1, dated title line",
     "Thông báo tạm ngừng cấp nước khu dân cư số 3", "2024-03-05",
     "Nước ngừng cấp từ 8 giờ đến 17 giờ ngày 7/3 để sửa đường ống.",
     "table"),
]
# On the portal: its article pattern is all they have (no date, no metadata).
PORTAL_SHORT = [
    ("/tin-tuc/thong-bao-nghi-le-quoc-khanh-9001.html", "portal: article URL only",
     "Thông báo lịch nghỉ lễ Quốc khánh năm 2024",
     "Cán bộ, công chức được nghỉ lễ từ ngày 31/8 đến hết ngày 3/9 theo quy định."),
    ("/tin-tuc/video-ra-quan-lam-sach-moi-truong-9002.html", "portal: article URL only, a video",
     "Video: Ra quân làm sạch môi trường khu phố",
     "Hàng trăm đoàn viên thanh niên tham gia dọn dẹp các tuyến phố chính."),
]


def short_article_page(path, title, date, text, kind):
    y, m, d = (date or "2024-03-01").split("-")
    dmy = "%s/%s/%s" % (d, m, y)
    if kind == "table":
        return """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>%s - %s</title></head><body><table width="980"><tr><td colspan="2" class="menu"><a href="/">TRANG CHỦ</a> | <a href="/thong-bao/">THÔNG BÁO</a></td></tr>
<tr><td width="600"><table><tr><td><font size="4"><b>%s</b></font></td></tr>
<tr><td><i>(Cập nhật: %s - 09:15)</i></td></tr><tr><td>%s</td></tr></table></td></tr>
<tr><td colspan="2">Bản quyền thuộc Ủy ban nhân dân phường Thử Nghiệm</td></tr></table></body></html>
""" % (esc(title), esc(SHORT_NAME), esc(title), dmy, esc(text))
    head, main = "", ""
    if kind == "jsonld":
        ld = {"@context": "https://schema.org", "@graph": [
            {"@type": "NewsArticle", "headline": title, "datePublished": date + "T09:00:00+07:00"},
            {"@type": "VideoObject", "name": title, "contentUrl": "/media/video.mp4"}]}
        head = '<script type="application/ld+json">%s</script>' % json.dumps(ld, ensure_ascii=False)
        main = ('<div class="detail"><h1>%s</h1><video controls src="/media/video.mp4"></video>'
                '<p class="caption">%s</p></div>' % (esc(title), esc(text)))
    elif kind == "sapo-og":
        head = '<meta property="og:type" content="article"><meta property="og:title" content="%s">' % esc(title)
        main = ('<div class="detail"><h1>%s</h1><div class="sapo">%s</div>'
                '<video controls src="/media/video.mp4"></video></div>' % (esc(title), esc(text)))
    elif kind == "dated":
        main = ('<div class="detail"><h1>%s</h1><div class="date">Thứ Sáu, %s 08:00</div>'
                '<p>%s</p></div>' % (esc(title), dmy, esc(text)))
    elif kind in ("xlsx-og", "xlsx-above"):
        xlsx = "/files/%s.xlsx" % path.rsplit("/", 1)[1][:-5]
        link = '<a href="%s">%s</a>' % (xlsx, xlsx.rsplit("/", 1)[1])
        if kind == "xlsx-og":
            head = '<meta property="og:type" content="article">'
            main = '<div class="detail"><h1>%s</h1><p>%s %s</p></div>' % (esc(title), esc(text), link)
        else:
            main = ('<div class="detail"><div class="meta"><a href="/thong-bao/">Thông báo</a> %s - 10:30</div>'
                    '<h1>%s</h1><p>%s %s</p></div>' % (dmy, esc(title), esc(text), link))
    return short_shell("%s - %s" % (title, SHORT_NAME), main, head)


def short_teaser(url, title, date):
    return ('<div class="item"><h3><a href="%s">%s</a></h3><span class="date">%s</span></div>\n'
            % (url, esc(title), date))


def build_short(root, base, portal_root, portal_base):
    """The short site under root (served at base) and the portal's short
    articles; returns expected.json's "short"."""
    site = Site("short", base, root)
    portal = Site("portal", portal_base, portal_root)
    arts, links = [], []
    for path, note, title, date, text, kind in SHORT_ARTICLES:
        site.write(path, short_article_page(path, title, date, text, kind))
        body = text
        if kind.startswith("xlsx"):
            xlsx = path.rsplit("/", 1)[1][:-5] + ".xlsx"
            site.write("/files/" + xlsx, b"PK\x03\x04 not really a spreadsheet\n")
            body = text + " " + xlsx
        arts.append({"url": site.url(path), "title": nfc(title), "date": date, "lead": "",
                     "body": nfc(body), "body_start": nfc(body)[:200], "discovery": "link", "note": note})
        links.append((site.url(path), title))
    for path, note, title, text in PORTAL_SHORT:
        main = ('<div class="news-detail"><h1 class="news-title">%s</h1><div class="news-content">'
                '<p>%s</p></div></div>' % (esc(title), esc(text)))
        portal.write(path, portal_shell(portal, "%s - %s" % (title, PORTAL_NAME),
                                        [("/", "Trang chủ"), (None, "Tin tức")], main))
        arts.append({"url": portal.url(path), "title": nfc(title), "date": "", "lead": "", "body": nfc(text),
                     "body_start": nfc(text)[:200], "discovery": "link", "note": note})
        links.append((portal.url(path), title))

    # Short pages that are no articles.
    not_articles = []

    def page(path, html_text):
        site.write(path.split("?")[0], html_text)
        not_articles.append(site.url(path))
    t = SHORT_ARTICLES
    page("/tag/tuyen-sinh.html", short_shell("Từ khóa: tuyển sinh - " + SHORT_NAME,
         '<div class="list"><h1>Từ khóa: tuyển sinh</h1>%s%s</div>' % (
             short_teaser(t[3][0], t[3][2], "15/03/2024"), short_teaser(t[4][0], t[4][2], "08/03/2024"))))
    page("/tim-kiem.html?q=tiep-cong-dan", short_shell("Tìm kiếm - " + SHORT_NAME,
         '<div class="search-page"><h1>Kết quả tìm kiếm</h1><p>Không tìm thấy kết quả nào phù hợp với '
         'từ khóa bạn nhập, hãy thử lại với từ khóa khác.</p></div>',
         '<meta property="og:type" content="website">'))
    # A section with three links, each date before its link, and an intro line.
    items = "".join('<div><span>%s</span> <a href="%s">%s</a></div>' % (d, u, esc(ti)) for (u, ti), d in
                    zip(links[2:5], ["15/03/2024", "08/03/2024", "01/03/2024"]))
    page("/thong-bao/", short_shell("Thông báo - " + SHORT_NAME,
         '<div class="cat"><h1>Thông báo của phường</h1><p>Các thông báo của Ủy ban nhân dân phường '
         'gửi tới người dân.</p><div class="items">%s</div></div>' % items))
    # A section as a table: a date cell, then the link.
    rows = "".join('<tr><td>%s</td><td><a href="%s">%s</a></td></tr>' % (d, u, esc(ti)) for (u, ti), d in
                   zip(links[5:], ["05/03/2024", "28/02/2024", "20/02/2024"]))
    page("/van-ban/", short_shell("Văn bản - " + SHORT_NAME,
         '<div class="cat"><h1>Văn bản chỉ đạo điều hành</h1><table>%s</table></div>' % rows))
    # A section with a featured teaser (its date after its headline link),
    # JSON-LD listing NewsArticles, og:type website.
    ld = {"@context": "https://schema.org", "@type": "CollectionPage", "mainEntity": {
        "@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "position": k + 1, "item": {"@type": "NewsArticle", "headline": ti, "url": u}}
            for k, (u, ti) in enumerate(links[:2])]}}
    page("/tin-hoat-dong/", short_shell("Tin hoạt động - " + SHORT_NAME,
         '<div class="cat"><h1>Tin hoạt động của phường</h1><div class="featured"><h2><a href="%s">%s</a></h2>'
         '<span class="date">12/03/2024</span><p>%s</p></div>%s</div>' % (
             links[0][0], esc(links[0][1]), esc(SHORT_ARTICLES[0][4]), short_teaser(links[1][0], links[1][1], "10/03/2024")),
         '<meta property="og:type" content="website"><script type="application/ld+json">%s</script>'
         % json.dumps(ld, ensure_ascii=False)))
    page("/gioi-thieu.html", short_shell("Giới thiệu - " + SHORT_NAME,
         "<h1>Giới thiệu chung về phường</h1><p>Nội dung đang được cập nhật.</p>"))
    page("/xac-thuc.html", "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
         "<h1>Đang kiểm tra trình duyệt của bạn</h1><p>Vui lòng bật JavaScript và cookie để tiếp tục truy cập "
         "trang.</p><script>setTimeout(function(){location.reload()},5000)</script></body></html>\n")
    home = "".join('<li><a href="%s">%s</a></li>' % (u, esc(ti)) for u, ti in links)
    home += "".join('<li><a href="%s">Trang %d</a></li>' % (u[len(site.base):], k + 1)
                    for k, u in enumerate(not_articles))
    site.write("/", short_shell(SHORT_NAME, '<div class="home"><h2>Tin mới</h2><ul>%s</ul></div>' % home))
    site.write("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    return {"base": site.base, "articles": arts, "not_articles": not_articles}


# --- the fault server's pages -------------------------------------------------------------

def simple_article(title, lead, paras, dt, extra_head=""):
    return """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>%s</title>%s</head>
<body><div class="menu"><a href="/">Trang chủ</a></div>
<article><h1>%s</h1><p class="date">%s</p><p class="lead"><b>%s</b></p>
%s
</article><footer>Máy chủ thử lỗi</footer></body></html>
""" % (esc(title), extra_head, esc(title), vn_date_dash(dt), esc(lead), "\n".join("<p>%s</p>" % esc(p) for p in paras))


def build_faults(root, base, recs):
    """Pages served by fault_server.py: name -> bytes; expected articles."""
    os.makedirs(root, exist_ok=True)
    roles = ["redirect-target", "flaky", "bad-utf8", "wrong-charset", "malformed", "private-open",
             "others-forbidden", "php-query", "utm", "from-bad-feed", "too-far", "private-secret",
             "tracuu-forbidden", "php", "offsite"]
    paths = {"redirect-target": "/article/redirect-target.html", "flaky": "/flaky.html",
             "bad-utf8": "/bad-utf8.html", "wrong-charset": "/wrong-charset.html", "malformed": "/malformed.html",
             "private-open": "/private/open-notice.html", "others-forbidden": "/others-forbidden/page.html",
             "php-query": "/page.php?id=7", "utm": "/article/utm.html", "from-bad-feed": "/article/from-bad-feed.html",
             "too-far": "/article/too-far.html", "private-secret": "/private/secret.html",
             "tracuu-forbidden": "/tracuu-forbidden/page.html", "php": "/page.php"}
    expected, files = {}, {}
    for k, role in enumerate(roles):
        r = recs[k % len(recs)]
        files[role] = simple_article(r["title"], r["lead"], r["paras"], r["dt"]).encode("utf-8")
        if role in paths:
            expected[role] = {"url": base + paths[role], "title": nfc(r["title"]), "date": r["date"],
                              "lead": nfc(r["lead"]), "body": nfc("\n".join(r["paras"])),
                              "body_start": nfc(r["paras"][0])[:200], "discovery": "fault", "note": role}
    # Invalid UTF-8 in the body: a stray continuation byte, a lone lead
    # byte, an overlong NUL, 0xFF, a truncated sequence at a paragraph end.
    r = recs[roles.index("bad-utf8") % len(recs)]
    page = simple_article(r["title"], r["lead"], r["paras"], r["dt"]).encode("utf-8")
    cut = page.index(b"<p>", page.index(b"</b></p>") + 1) + 3
    files["bad-utf8"] = page[:cut] + b"\x80 \xc3( \xc0\x80 \xff \xe1\xba " + page[cut:]
    # The server says UTF-8; the page is Windows-1258 and says so in a meta.
    r = recs[roles.index("wrong-charset") % len(recs)]
    files["wrong-charset"] = to_cp1258(simple_article(r["title"], r["lead"], r["paras"], r["dt"]).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'))
    # Malformed HTML: unclosed and misnested tags, unquoted attributes, an
    # entity without its semicolon, a stray </html>, control characters.
    r = recs[roles.index("malformed") % len(recs)]
    body = "".join("<p class=x>%s\n" % esc(p) for p in r["paras"])
    files["malformed"] = ("<html><head><title>%s</head><body bgcolor=#fff><div><div class=menu><a href=/>Trang chủ"
                          "<h1>%s</h2><p><b><i>%s</b></i>&nbsp&copy 2020 </div></html><div>%s\x01\x02</td></tr></table>"
                          "<p>Hết bài</div></div></div></span>" % (esc(r["title"]), esc(r["title"]), vn_date_dash(r["dt"]),
                                                                 body)).encode("utf-8")
    # The lead line of the malformed page is its date: the lead is not there.
    expected["malformed"]["lead"] = ""
    # A malformed RSS feed (undefined entity, unclosed item, no </rss>) and
    # a truncated sitemap.
    r = recs[roles.index("from-bad-feed") % len(recs)]
    files["feed-bad"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Tin &nbsp; lỗi</title>\n'
                         '<item><title>%s</title><link>%s/article/from-bad-feed.html</link><pubDate>%s</pubDate></item>\n'
                         '<item><title>Mục hỏng <b>không đóng</title><link>%s/article/utm.html</link>\n'
                         '<item><title>Mục thứ ba' % (esc(r["title"]), base, rfc822(r["dt"]), base)).encode("utf-8")
    files["sitemap-bad"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            '<url><loc>%s/article/utm.html</loc></url><url><loc>%s/article/redi' % (base, base)).encode("utf-8")
    for name, data in files.items():
        with open(os.path.join(root, name + ".html" if not name.endswith("-bad") else name + ".xml"), "wb") as f:
            f.write(data)
    return expected


# --- main ----------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--corpus", default=os.environ.get("TRACUU_CORPUS") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpus"))
    ap.add_argument("--portal", required=True)
    ap.add_argument("--news", required=True)
    ap.add_argument("--legacy", required=True)
    ap.add_argument("--faults", required=True)
    ap.add_argument("--short")
    ap.add_argument("--portal-count", type=int, default=100)
    ap.add_argument("--news-count", type=int, default=100)
    ap.add_argument("--legacy-count", type=int, default=60)
    a = ap.parse_args()

    dantri = os.path.join(a.corpus, "dantri-2020.jsonl.gz")
    vnmds = os.path.join(a.corpus, "vnmds-2013.jsonl.gz")
    for p in (dantri, vnmds):
        if not os.path.isfile(p):
            print("make_sites: no %s (set TRACUU_CORPUS)" % p, file=sys.stderr)
            sys.exit(77)
    seen = set()
    nfault = 15   # one record per page of build_faults: no two alike
    legacy_half = a.legacy_count // 2
    v = read_records(vnmds, a.portal_count + legacy_half, "vnmds", seen)
    d = read_records(dantri, a.news_count + (a.legacy_count - legacy_half) + nfault, "dantri", seen)
    portal_recs, legacy_v = v[:a.portal_count], v[a.portal_count:]
    news_recs = d[:a.news_count]
    legacy_d = d[a.news_count:a.news_count + a.legacy_count - legacy_half]
    fault_recs = d[a.news_count + a.legacy_count - legacy_half:]
    legacy_recs = [x for pair in zip(legacy_v, legacy_d) for x in pair] + legacy_v[len(legacy_d):] + legacy_d[len(legacy_v):]
    # Newest first, as sites list them.
    for recs in (portal_recs, news_recs, legacy_recs):
        recs.sort(key=lambda r: (r["dt"], r["title"]), reverse=True)

    rng = random.Random(20200609)
    out = os.path.abspath(a.out)
    expected = {"sites": {}, "boilerplate_markers": BOILERPLATE_MARKERS}
    templates = {"portal": "government portal: left menu, breadcrumbs, related box, footer; date text 'Thứ Ba, 09/06/2020 17:30'",
                 "news": "newspaper: og tags, sapo, byline, share buttons, inline and bottom 'Tin liên quan', comments; date '09/06/2020 - 17:30'",
                 "legacy": "legacy table layout: no h1, <br><br> paragraphs, Windows-1258 pages, wrong charsets; date '(Cập nhật: 09/06/2020 - 17:30)'"}
    for name, base, recs, build in (("portal", a.portal, portal_recs, build_portal),
                                    ("news", a.news, news_recs, build_news),
                                    ("legacy", a.legacy, legacy_recs, build_legacy)):
        site = Site(name, base, os.path.join(out, name))
        info = build(site, recs, rng)
        info.update({"base": site.base, "template": templates[name],
                     "articles": [expected_entry(x) for x in site.articles],
                     "gzip": [x["url"] for x in site.articles if x.get("gzip")]})
        expected["sites"][name] = info
        print("make_sites: %s: %d articles, %d files in %s" % (name, len(site.articles), site.files, site.root))
        if name == "portal":
            portal_site = site
        if name == "news":
            news_site = site
    expected["faults"] = {"base": a.faults.rstrip("/"),
                          "articles": build_faults(os.path.join(out, "faults"), a.faults.rstrip("/"), fault_recs)}

    if a.short:
        expected["short"] = build_short(os.path.join(out, "short"), a.short, portal_site.root, portal_site.base)
        print("make_sites: short: %d short articles, %d short pages that are no articles" % (
            len(expected["short"]["articles"]), len(expected["short"]["not_articles"])))

    # Between two crawls: one portal article gets a new title and a new
    # paragraph; one news article is deleted (404).
    listed = [x for x in portal_site.articles if x["discovery"] == "list"]
    mod = listed[4]
    src = os.path.join(portal_site.root, mod["path"].lstrip("/"))
    with open(src, encoding="utf-8") as f:
        page = f.read()
    new_title = "Bản tin cập nhật: " + mod["rec"]["title"]
    marker = "Nội dung bổ sung mã kiểm tra xqzcapnhat tại buổi làm việc chiều nay."
    page = page.replace(esc(mod["rec"]["title"]), esc(new_title)).replace(
        '<div class="news-content">\n', '<div class="news-content">\n<p>%s</p>\n' % esc(marker), 1)
    os.makedirs(os.path.join(out, "changes"), exist_ok=True)
    with open(os.path.join(out, "changes", "modified.html"), "w", encoding="utf-8") as f:
        f.write(page)
    # Its print version changes with it (its canonical names the article).
    psrc = os.path.join(portal_site.root, mod["print"].lstrip("/"))
    with open(psrc, encoding="utf-8") as f:
        ppage = f.read()
    ppage = ppage.replace(esc(mod["rec"]["title"]), esc(new_title)).replace(
        "</b></p>\n", "</b></p>\n<p>%s</p>\n" % esc(marker), 1)
    with open(os.path.join(out, "changes", "modified-print.html"), "w", encoding="utf-8") as f:
        f.write(ppage)
    # (One stored plainly: lighttpd would label its 404 page gzip too.)
    dele = [x for x in news_site.articles if x["discovery"] == "list" and not x["gzip"]][2]
    expected["changes"] = {
        "modify": {"site": "portal", "url": mod["url"], "file": src, "new_file": os.path.join(out, "changes", "modified.html"),
                   "print_file": psrc, "new_print_file": os.path.join(out, "changes", "modified-print.html"),
                   "old_title": nfc(mod["rec"]["title"]), "new_title": nfc(new_title), "marker_word": "xqzcapnhat"},
        "delete": {"site": "news", "url": dele["url"], "file": os.path.join(news_site.root, dele["path"].lstrip("/")),
                   "title": nfc(dele["rec"]["title"])}}
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
    print("make_sites: expected.json: %d site articles, %d fault pages" % (
        sum(len(s["articles"]) for s in expected["sites"].values()), len(expected["faults"]["articles"])))


if __name__ == "__main__":
    main()
