/*
 * fuzz_stub.c - the stub file reader from arbitrary bytes (tc_stub_parse;
 * common/tc_stub.h): TRACUU_DB may name any file, and a stub is edited by
 * hand on every shard server move.
 *
 * Invariants: parsing reads only the bytes given (an exact heap copy);
 * success means 1..TC_STUB_MAX_SHARDS shards, each local with a path under
 * the base folder or absolute, or remote with a host and a port 1..65535;
 * failure leaves no shard and a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "tc_stub.h"
#include "tc_banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	FUZZ_CHECK(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	tc_stub s;
	tc_err err = {{0}};
	tc_status st = tc_stub_parse(copy, size, "/base", "fuzz", &s, &err);
	if (st == TC_OK) {
		FUZZ_CHECK(s.n >= 1 && s.n <= TC_STUB_MAX_SHARDS);
		for (size_t k = 0; k < s.n; k++) {
			const tc_shard_spec *sp = &s.shard[k];
			FUZZ_CHECK(memchr(sp->name, '\0', sizeof sp->name) != NULL);
			if (sp->kind == TC_SHARD_LOCAL) {
				FUZZ_CHECK(sp->path[0] == '/');
			} else {
				FUZZ_CHECK(sp->kind == TC_SHARD_REMOTE);
				FUZZ_CHECK(sp->host[0] != '\0' && sp->port >= 1 && sp->port <= 65535);
			}
		}
	} else {
		FUZZ_CHECK(s.n == 0 && s.shard == NULL);
		FUZZ_CHECK(err.msg[0] != '\0' || st == TC_ERR_NOMEM);
	}
	tc_stub_release(&s);
	free(copy);
	return 0;
}
