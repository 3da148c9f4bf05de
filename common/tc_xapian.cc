// tc_xapian.cc - the extern "C" shim over Xapian; see tc_xapian.h.
//
// Every entry point catches everything: a Xapian::Error becomes TC_ERR_DB
// (or TC_ERR_MODIFIED / TC_ERR_LOCKED / TC_ERR_NOT_FOUND where the caller can
// act on the difference) with Xapian's message in err, std::bad_alloc becomes
// TC_ERR_NOMEM.  No policy lives here.
#include "tc_xapian.h"

#include <xapian.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

struct tc_db {
	Xapian::Database ro;
	Xapian::WritableDatabase rw;
	bool writable = false;
	// Writable shards (tc_db_open_shards), each also inside rw, with the
	// caller's router; empty for one database.
	std::vector<Xapian::WritableDatabase> shards;
	tc_route_fn route = nullptr;
	// One local database folder (not a stub, not a union, not remote):
	// the only case where StreamCountSpy is right (see tc_db_search).
	bool plain = false;
	Xapian::Database &db() { return writable ? rw : ro; }
	// Where the document with unique term t is written.
	Xapian::WritableDatabase &shard_for(const std::string &t)
	{
		if (shards.size() < 2)
			return rw;
		size_t k = route(t.data(), t.size(), shards.size());
		return shards[k < shards.size() ? k : 0];
	}
};

struct tc_doc {
	Xapian::Document doc;
};

struct tc_query {
	Xapian::Query q;
};

// Counts the values of one slot over the matches, like ValueCountMatchSpy,
// but reads them from the slot's value stream: the matcher meets documents in
// ascending docid order, so skip_to walks the stream's chunks once, where
// Document::get_value looks each value up in the B-tree anew (three times the
// cost of the whole search for a common word).  Should the order ever go back
// (several databases), the stream is reopened, so the counts stay right.
class StreamCountSpy : public Xapian::MatchSpy {
	Xapian::Database db;
	Xapian::valueno slot;
	Xapian::ValueIterator it;
	bool started = false;
	Xapian::docid last = 0;

public:
	std::unordered_map<std::string, uint64_t> counts;
	uint64_t total = 0;
	StreamCountSpy(const Xapian::Database &d, Xapian::valueno s) : db(d), slot(s) {}
	void operator()(const Xapian::Document &doc, double) override
	{
		++total;
		Xapian::docid did = doc.get_docid();
		if (!started || did < last) {
			it = db.valuestream_begin(slot);
			started = true;
		}
		last = did;
		const Xapian::ValueIterator end = db.valuestream_end(slot);
		if (it != end && it.get_docid() < did)
			it.skip_to(did);
		if (it == end || it.get_docid() != did)
			return;
		const std::string v = *it;
		if (!v.empty())
			++counts[v];
	}
};

struct tc_mset {
	Xapian::Enquire enquire;
	Xapian::MSet mset;
	std::vector<std::unique_ptr<StreamCountSpy>> spies;
	// For anything but one local database folder, Xapian's own spy:
	// a remote server can run it and send its counts back (StreamCountSpy
	// cannot be serialised, and a value stream read from here would fetch
	// every document over the network), and over several local shards the
	// documents the matcher shows a spy do not carry the union's docids, so
	// StreamCountSpy read the wrong documents' values (measured: a sharded
	// generation's date facets lost a year).
	std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> value_spies;
	Xapian::Database db;
	explicit tc_mset(const Xapian::Database &d) : enquire(d), db(d) {}
};

static tc_status fail(tc_err *err, tc_status st, const std::string &what)
{
	if (err)
		std::snprintf(err->msg, sizeof err->msg, "%s", what.c_str());
	return st;
}

// Turn the exception in flight into a status.
static tc_status caught(tc_err *err)
{
	try {
		throw;
	} catch (const Xapian::DatabaseModifiedError &e) {
		return fail(err, TC_ERR_MODIFIED, e.get_description());
	} catch (const Xapian::DatabaseLockError &e) {
		return fail(err, TC_ERR_LOCKED, e.get_description());
	} catch (const Xapian::DatabaseNotFoundError &e) {
		return fail(err, TC_ERR_NOT_FOUND, e.get_description());
	} catch (const Xapian::DatabaseOpeningError &e) {
		return fail(err, TC_ERR_NOT_FOUND, e.get_description());
	} catch (const Xapian::NetworkError &e) {
		// NetworkTimeoutError too.  The context ("remote:tcp(HOST:PORT)")
		// first: it is how a caller tells which shard failed.
		return fail(err, TC_ERR_NETWORK, e.get_context() + ": " + e.get_description());
	} catch (const Xapian::Error &e) {
		return fail(err, TC_ERR_DB, e.get_description());
	} catch (const std::bad_alloc &) {
		return fail(err, TC_ERR_NOMEM, "out of memory");
	} catch (const std::exception &e) {
		return fail(err, TC_ERR_DB, e.what());
	} catch (...) {
		return fail(err, TC_ERR_DB, "unknown C++ exception");
	}
}

// A reader opening (or reopening) a database reads each table's root block at
// the revision its version file names.  When a writer has committed twice
// since, that block may have been reused, and glass has no revision check for
// a root (1.4.22, GlassTable::block_to_cursor): what should have been a
// DatabaseModifiedError comes out as DatabaseCorruptError ("Expected block N
// to be level L, not M").  Report it as what it almost always is; a database
// that is really corrupt fails the caller's bounded retries with Xapian's own
// description in err.
static tc_status caught_opening(tc_err *err)
{
	try {
		throw;
	} catch (const Xapian::DatabaseCorruptError &e) {
		return fail(err, TC_ERR_MODIFIED, e.get_description());
	} catch (...) {
		return caught(err);
	}
}

extern "C" {

tc_status tc_db_open(const char *path, tc_db_mode mode, tc_db **out, tc_err *err)
{
	*out = nullptr;
	try {
		std::unique_ptr<tc_db> d(new tc_db);
		/* Every mode spelled out: a mode that fell through to a default
		 * once opened the scratch shards with fsync and over old data. */
		int flags;
		switch (mode) {
		case TC_DB_READ: {
			d->ro = Xapian::Database(path);
			/* One local glass database: tracuu's own facet counter may
			 * read its value streams (tc_mset_facets). */
			struct stat sb;
			std::string glass = std::string(path) + "/iamglass";
			d->plain = d->ro.size() == 1 && stat(glass.c_str(), &sb) == 0;
			*out = d.release();
			return TC_OK;
		}
		case TC_DB_CREATE_OR_OPEN:
			flags = Xapian::DB_CREATE_OR_OPEN;
			break;
		case TC_DB_CREATE:
			flags = Xapian::DB_CREATE;
			break;
		case TC_DB_SCRATCH:
			flags = Xapian::DB_CREATE | Xapian::DB_NO_SYNC;
			break;
		default:
			return fail(err, TC_ERR_USAGE, "tc_db_open: unknown mode");
		}
		d->rw = Xapian::WritableDatabase(path, flags);
		d->writable = true;
		*out = d.release();
		return TC_OK;
	} catch (...) {
		return mode == TC_DB_READ ? caught_opening(err) : caught(err);
	}
}

tc_status tc_db_open_shards(const char *const *paths, size_t n, tc_db_mode mode, tc_route_fn route,
			    tc_db **out, tc_err *err)
{
	*out = nullptr;
	if (n == 0 || (mode != TC_DB_READ && !route))
		return fail(err, TC_ERR_USAGE, "no shards, or no router for writing them");
	try {
		std::unique_ptr<tc_db> d(new tc_db);
		for (size_t i = 0; i < n; i++) {
			if (mode == TC_DB_READ) {
				d->ro.add_database(Xapian::Database(paths[i]));
				continue;
			}
			int flags = mode == TC_DB_CREATE_OR_OPEN ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_CREATE;
			if (mode == TC_DB_SCRATCH)
				flags |= Xapian::DB_NO_SYNC;
			d->shards.emplace_back(paths[i], flags);
			d->rw.add_database(d->shards.back());
		}
		d->writable = mode != TC_DB_READ;
		d->route = route;
		*out = d.release();
		return TC_OK;
	} catch (...) {
		return mode == TC_DB_READ ? caught_opening(err) : caught(err);
	}
}

tc_status tc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms, tc_db **out,
			    tc_err *err)
{
	*out = nullptr;
	try {
		std::unique_ptr<tc_db> d(new tc_db);
		d->ro = Xapian::Remote::open(host, port, timeout_ms, timeout_ms);
		*out = d.release();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_union(tc_db *const *parts, size_t n, tc_db **out, tc_err *err)
{
	*out = nullptr;
	if (n == 0)
		return fail(err, TC_ERR_USAGE, "a union of no database");
	try {
		std::unique_ptr<tc_db> d(new tc_db);
		for (size_t i = 0; i < n; i++)
			d->ro.add_database(parts[i]->db());
		d->plain = n == 1 && parts[0]->plain;
		*out = d.release();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_ping(tc_db *db, tc_err *err)
{
	try {
		db->db().keep_alive();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

void tc_db_free(tc_db *db)
{
	try {
		if (db && db->writable)
			db->rw.close();
	} catch (...) {
	}
	delete db;
}

tc_status tc_db_reopen(tc_db *db, int *changed, tc_err *err)
{
	*changed = 0;
	try {
		*changed = db->db().reopen() ? 1 : 0;
		return TC_OK;
	} catch (...) {
		return db->writable ? caught(err) : caught_opening(err);
	}
}

tc_status tc_db_replace(tc_db *db, const char *id_term, size_t id_len, const tc_doc *doc,
			tc_err *err)
{
	if (!db->writable)
		return fail(err, TC_ERR_USAGE, "database opened read-only");
	try {
		std::string t(id_term, id_len);
		db->shard_for(t).replace_document(t, doc->doc);
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_delete(tc_db *db, const char *id_term, size_t id_len, int *deleted, tc_err *err)
{
	if (deleted)
		*deleted = 0;
	if (!db->writable)
		return fail(err, TC_ERR_USAGE, "database opened read-only");
	try {
		std::string t(id_term, id_len);
		Xapian::WritableDatabase &to = db->shard_for(t);
		bool had = to.term_exists(t);
		if (had)
			to.delete_document(t);
		if (deleted)
			*deleted = had ? 1 : 0;
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_commit(tc_db *db, tc_err *err)
{
	if (!db->writable)
		return fail(err, TC_ERR_USAGE, "database opened read-only");
	try {
		db->rw.commit();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_has(tc_db *db, const char *id_term, size_t id_len, int *has, tc_err *err)
{
	*has = 0;
	try {
		*has = db->db().term_exists(std::string(id_term, id_len)) ? 1 : 0;
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_copy_doc(tc_db *src, tc_db *dst, const char *id_term, size_t id_len, int *copied,
			 tc_err *err)
{
	*copied = 0;
	if (!dst->writable)
		return fail(err, TC_ERR_USAGE, "database opened read-only");
	try {
		std::string t(id_term, id_len);
		Xapian::Database &from = src->db();
		Xapian::PostingIterator p = from.postlist_begin(t);
		if (p == from.postlist_end(t))
			return TC_OK;
		// A Document read from another database is copied whole (terms,
		// positions, values, data) by replace_document.
		dst->shard_for(t).replace_document(t, from.get_document(*p));
		*copied = 1;
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_doccount(tc_db *db, uint64_t *out, tc_err *err)
{
	*out = 0;
	try {
		*out = db->db().get_doccount();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_termfreq(tc_db *db, const char *term, size_t len, uint64_t *out, tc_err *err)
{
	*out = 0;
	try {
		*out = db->db().get_termfreq(std::string(term, len));
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_value_bounds(tc_db *db, unsigned slot, char *lo, char *hi, size_t cap, tc_err *err)
{
	lo[0] = hi[0] = '\0';
	try {
		std::string l = db->db().get_value_lower_bound(slot);
		std::string h = db->db().get_value_upper_bound(slot);
		if (l.size() >= cap || h.size() >= cap)
			return fail(err, TC_ERR_TOO_BIG, "value longer than buffer");
		std::memcpy(lo, l.data(), l.size());
		lo[l.size()] = '\0';
		std::memcpy(hi, h.data(), h.size());
		hi[h.size()] = '\0';
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_allterms(tc_db *db, const char *prefix, tc_term_cb cb, void *ctx, tc_err *err)
{
	try {
		Xapian::Database &d = db->db();
		for (auto it = d.allterms_begin(prefix); it != d.allterms_end(prefix); ++it) {
			std::string t = *it;
			if (cb(ctx, t.data(), t.size(), it.get_termfreq()))
				break;
		}
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_get_metadata(tc_db *db, const char *key, char *out, size_t cap, tc_err *err)
{
	out[0] = '\0';
	try {
		std::string v = db->db().get_metadata(key);
		if (v.size() >= cap)
			return fail(err, TC_ERR_TOO_BIG, "metadata longer than buffer");
		std::memcpy(out, v.data(), v.size());
		out[v.size()] = '\0';
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_set_metadata(tc_db *db, const char *key, const char *value, tc_err *err)
{
	if (!db->writable)
		return fail(err, TC_ERR_USAGE, "database opened read-only");
	try {
		// Xapian writes metadata to the first shard only and reads it
		// from the first one opened, which need not be the same one
		// when a searcher opens the shards that answer.
		if (db->shards.empty())
			db->rw.set_metadata(key, value);
		for (auto &sh : db->shards)
			sh.set_metadata(key, value);
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_db_compact(const char *const *srcs, size_t n, const char *dest, tc_err *err)
{
	try {
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(srcs[i]));
		all.compact(dest, Xapian::DBCOMPACT_MULTIPASS);
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_doc_new(tc_doc **out)
{
	*out = nullptr;
	try {
		*out = new tc_doc;
		return TC_OK;
	} catch (...) {
		return TC_ERR_NOMEM;
	}
}

void tc_doc_free(tc_doc *doc)
{
	delete doc;
}

tc_status tc_doc_add_term(tc_doc *doc, const char *term, size_t len, unsigned wdf_inc)
{
	try {
		doc->doc.add_term(std::string(term, len), wdf_inc);
		return TC_OK;
	} catch (...) {
		return caught(nullptr);
	}
}

tc_status tc_doc_add_boolean(tc_doc *doc, const char *term, size_t len)
{
	try {
		doc->doc.add_boolean_term(std::string(term, len));
		return TC_OK;
	} catch (...) {
		return caught(nullptr);
	}
}

tc_status tc_doc_set_value(tc_doc *doc, unsigned slot, const char *v, size_t len)
{
	try {
		doc->doc.add_value(slot, std::string(v, len));
		return TC_OK;
	} catch (...) {
		return caught(nullptr);
	}
}

tc_status tc_doc_set_data(tc_doc *doc, const char *data, size_t len)
{
	try {
		doc->doc.set_data(std::string(data, len));
		return TC_OK;
	} catch (...) {
		return caught(nullptr);
	}
}

tc_query *tc_query_term(const char *term, size_t len, unsigned wqf)
{
	try {
		return new tc_query{Xapian::Query(std::string(term, len), wqf)};
	} catch (...) {
		return nullptr;
	}
}

static Xapian::Query::op xop(tc_query_op op)
{
	switch (op) {
	case TC_Q_AND: return Xapian::Query::OP_AND;
	case TC_Q_OR: return Xapian::Query::OP_OR;
	case TC_Q_AND_NOT: return Xapian::Query::OP_AND_NOT;
	case TC_Q_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
	case TC_Q_FILTER: return Xapian::Query::OP_FILTER;
	case TC_Q_PHRASE: return Xapian::Query::OP_PHRASE;
	case TC_Q_NEAR: return Xapian::Query::OP_NEAR;
	case TC_Q_SYNONYM: return Xapian::Query::OP_SYNONYM;
	case TC_Q_MAX: return Xapian::Query::OP_MAX;
	}
	return Xapian::Query::OP_AND;
}

tc_query *tc_query_combine(tc_query_op op, tc_query **subs, size_t n, unsigned param)
{
	tc_query *res = nullptr;
	try {
		std::vector<Xapian::Query> v;
		v.reserve(n);
		bool ok = true;
		for (size_t i = 0; i < n; i++) {
			if (!subs[i])
				ok = false;
			else
				v.push_back(subs[i]->q);
		}
		if (ok && op == TC_Q_AND_MAYBE && n >= 2) {
			/*
			 * a AND_MAYBE b as a AND (b OR 0 * all documents), which
			 * weighs and matches the same.  Xapian 1.4's AndMaybePostList
			 * (1.4.22 to 1.4.32), when it decays to an AND in next(),
			 * skips to max(lhead, rhead) + 1: the document its right side
			 * stands on, ahead of the left, is passed over even when both
			 * hold it.  That dropped a better match from the top 10 of 2
			 * in 169 queries over one index and 8 over three shards
			 * (tests/scale/remote.sh); an OR decays without that fault.
			 */
			std::vector<Xapian::Query> maybe(v.begin() + 1, v.end());
			maybe.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
						      Xapian::Query::MatchAll, 0.0));
			Xapian::Query rhs(Xapian::Query::OP_OR, maybe.begin(), maybe.end());
			res = new tc_query{Xapian::Query(Xapian::Query::OP_AND, v[0], rhs)};
		} else if (ok) {
			res = new tc_query{Xapian::Query(xop(op), v.begin(), v.end(), param)};
		}
	} catch (...) {
		res = nullptr;
	}
	for (size_t i = 0; i < n; i++) {
		delete subs[i];
		subs[i] = nullptr;
	}
	return res;
}

tc_query *tc_query_scale(tc_query *q, double factor)
{
	if (!q)
		return nullptr;
	try {
		q->q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor);
		return q;
	} catch (...) {
		delete q;
		return nullptr;
	}
}

tc_query *tc_query_value_range(unsigned slot, const char *lo, const char *hi)
{
	try {
		if (lo && hi)
			return new tc_query{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi)};
		if (lo)
			return new tc_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo)};
		if (hi)
			return new tc_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi)};
		return new tc_query{Xapian::Query::MatchAll};
	} catch (...) {
		return nullptr;
	}
}

tc_query *tc_query_match_all(void)
{
	try {
		return new tc_query{Xapian::Query::MatchAll};
	} catch (...) {
		return nullptr;
	}
}

tc_query *tc_query_clone(const tc_query *q)
{
	try {
		return q ? new tc_query{q->q} : nullptr;
	} catch (...) {
		return nullptr;
	}
}

tc_query *tc_query_match_nothing(void)
{
	try {
		return new tc_query{Xapian::Query()};
	} catch (...) {
		return nullptr;
	}
}

int tc_query_is_empty(const tc_query *q)
{
	return !q || q->q.empty();
}

void tc_query_free(tc_query *q)
{
	delete q;
}

char *tc_query_describe(const tc_query *q)
{
	try {
		std::string s = q ? q->q.get_description() : "(null)";
		char *r = static_cast<char *>(std::malloc(s.size() + 1));
		if (r)
			std::memcpy(r, s.c_str(), s.size() + 1);
		return r;
	} catch (...) {
		return nullptr;
	}
}

void tc_search_opts_init(tc_search_opts *o)
{
	std::memset(o, 0, sizeof *o);
	o->limit = 10;
	o->k1 = 1.2;
	o->b = 0.75;
	for (int &s : o->facet_slots)
		s = -1;
}

tc_status tc_db_search(tc_db *db, const tc_query *q, const tc_search_opts *o, tc_mset **out,
		       tc_err *err)
{
	*out = nullptr;
	try {
		std::unique_ptr<tc_mset> m(new tc_mset(db->db()));
		m->enquire.set_query(q->q);
		if (o->unweighted)
			m->enquire.set_weighting_scheme(Xapian::BoolWeight());
		else
			m->enquire.set_weighting_scheme(Xapian::BM25Weight(o->k1, 0, 1, o->b, 0.5));
		if (o->sort_by_value)
			m->enquire.set_sort_by_value_then_relevance(o->sort_slot, true);
		for (int slot : o->facet_slots) {
			if (slot < 0)
				continue;
			auto vs = static_cast<Xapian::valueno>(slot);
			if (!db->plain) {
				m->value_spies.emplace_back(new Xapian::ValueCountMatchSpy(vs));
				m->enquire.add_matchspy(m->value_spies.back().get());
			} else {
				m->spies.emplace_back(new StreamCountSpy(m->db, vs));
				m->enquire.add_matchspy(m->spies.back().get());
			}
		}
		m->mset = m->enquire.get_mset(o->offset, o->limit, o->check_at_least);
		*out = m.release();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

void tc_mset_free(tc_mset *m)
{
	delete m;
}

size_t tc_mset_size(const tc_mset *m)
{
	return m->mset.size();
}

uint64_t tc_mset_estimate(const tc_mset *m)
{
	return m->mset.get_matches_estimated();
}

uint64_t tc_mset_upper_bound(const tc_mset *m)
{
	return m->mset.get_matches_upper_bound();
}

uint64_t tc_mset_lower_bound(const tc_mset *m)
{
	return m->mset.get_matches_lower_bound();
}

tc_status tc_mset_hit(tc_mset *m, size_t i, uint32_t *docid, double *weight, tc_err *err)
{
	*docid = 0;
	*weight = 0;
	try {
		if (i >= m->mset.size())
			return fail(err, TC_ERR_USAGE, "hit index out of range");
		auto it = m->mset[static_cast<Xapian::doccount>(i)];
		*docid = *it;
		*weight = it.get_weight();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_mset_data(tc_mset *m, size_t i, char **data, size_t *len, tc_err *err)
{
	*data = nullptr;
	*len = 0;
	try {
		if (i >= m->mset.size())
			return fail(err, TC_ERR_USAGE, "hit index out of range");
		std::string d = m->mset[static_cast<Xapian::doccount>(i)].get_document().get_data();
		char *p = static_cast<char *>(std::malloc(d.size() + 1));
		if (!p)
			return fail(err, TC_ERR_NOMEM, "out of memory");
		std::memcpy(p, d.data(), d.size());
		p[d.size()] = '\0';
		*data = p;
		*len = d.size();
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

tc_status tc_mset_facets(tc_mset *m, unsigned k, size_t max, tc_facet_cb cb, void *ctx, tc_err *err)
{
	try {
		if (k < m->value_spies.size()) {
			// Already in that order: most frequent first, then by value.
			const Xapian::ValueCountMatchSpy &vs = *m->value_spies[k];
			for (auto it = vs.top_values_begin(max); it != vs.top_values_end(max); ++it) {
				const std::string v = *it;
				if (cb(ctx, v.data(), v.size(), it.get_termfreq()))
					break;
			}
			return TC_OK;
		}
		if (k >= m->spies.size())
			return fail(err, TC_ERR_USAGE, "no such facet");
		const StreamCountSpy &spy = *m->spies[k];
		// The most frequent first, then by value, as ValueCountMatchSpy's top values.
		std::vector<std::pair<std::string, uint64_t>> top(spy.counts.begin(), spy.counts.end());
		std::sort(top.begin(), top.end(), [](const auto &a, const auto &b) {
			return a.second != b.second ? a.second > b.second : a.first < b.first;
		});
		if (top.size() > max)
			top.resize(max);
		for (const auto &v : top)
			if (cb(ctx, v.first.data(), v.first.size(), v.second))
				break;
		return TC_OK;
	} catch (...) {
		return caught(err);
	}
}

uint64_t tc_mset_facet_seen(const tc_mset *m, unsigned k)
{
	try {
		if (k < m->value_spies.size())
			return m->value_spies[k]->get_total();
		return k < m->spies.size() ? m->spies[k]->total : 0;
	} catch (...) {
		return 0;
	}
}

} // extern "C"
