# tests/crawl/site_conf.sh - sourced by the tests that crawl the sites of
# make_sites.py (tests/crawl/crawl.sh, tests/nightly/site.sh): the crawl
# config sections of those sites, so both crawl them the same way.
# shellcheck shell=bash

# site_conf_portal BASE: the government portal, crawled with follow patterns
# (section pages, articles, feeds, sitemaps).
site_conf_portal() {
	cat <<EOF
[portal]
start = $1/
start = $1/rss/tin-moi.rss
start = $1/feeds/tin-moi.atom
article = $1/tin-tuc/*.html
follow = $1/ $1/chuyen-muc/* $1/tin-tuc/*
follow = $1/rss/* $1/feeds/* $1/*.xml
depth = 4
EOF
}

# site_conf_news BASE: the newspaper, every page of the host followed.
site_conf_news() {
	cat <<EOF
[news]
start = $1/
start = $1/feed.atom
start = $1/rss/tin-moi-nhat.rss
article = $1/*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*.htm
depth = 4
EOF
}
