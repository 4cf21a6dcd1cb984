// SPDX-License-Identifier: GPL-2.0
/*
 * The rig's SPDM responder, built into the fuzz harness: its source is
 * included as it stands, and only its answer() is used. It gives the
 * flow targets real, signed answers around the one message the fuzzer
 * replaces, and makes the seeds of the exchange target.
 */
#include <setjmp.h>
#include <stdlib.h>

#include "fuzz.h"

/*
 * The responder ends the process when a requester drives it past its
 * limits (its transcript buffers). Here that request gets no answer
 * instead, as from a device that gave up.
 */
static jmp_buf gave_up;
static void responder_gave_up(int code)
{
	longjmp(gave_up, 1);
}

#define exit(code) responder_gave_up(code)
#define main spdm_responder_main
#include "../spdm-responder/spdm-responder.c"
#undef main
#undef exit

/* Each kind of key, loaded once, with what it sets in rsp */
static const char *const kinds[] = { "p256", "p384", "rsa3072", "rsa3072" };

static struct kind {
	struct identity id;
	uint32_t asym, hash;
	const EVP_MD *md;
	size_t hlen, coord, sig_len;
	bool pss;
	struct meas_block blocks[4];
} loaded[4];

void fuzz_responder_init(const char *certdir)
{
	char path[4096];

	for (unsigned int k = 0; k < 4; k++) {
		memset(&rsp, 0, sizeof(rsp));
		rsp.pss = k == 3;
		snprintf(path, sizeof(path), "%s/%s/leaf.key", certdir, kinds[k]);
		load_key(&loaded[k].id, path);
		snprintf(path, sizeof(path), "%s/%s/chain.der", certdir, kinds[k]);
		load_chain(&loaded[k].id, path);
		add_block("1:0:digest:boot ROM 1.0");
		add_block("2:1:digest:firmware 2.3.4");
		add_block("3:2:digest:hardware configuration A");
		add_block("4:6:raw:322e332e34");
		loaded[k].asym = rsp.asym;
		loaded[k].hash = rsp.hash;
		loaded[k].md = rsp.md;
		loaded[k].hlen = rsp.hlen;
		loaded[k].coord = rsp.coord;
		loaded[k].sig_len = rsp.sig_len;
		loaded[k].pss = rsp.pss;
		memcpy(loaded[k].blocks, rsp.blocks, sizeof(loaded[k].blocks));
	}
}

/* A device as @cfg describes it, fresh from a reset */
void fuzz_responder_start(uint8_t cfg)
{
	const struct kind *k = &loaded[(cfg & FUZZ_CFG_KEY) >> 2];

	rsp.version = 0x10 + (cfg & FUZZ_CFG_VERSION);
	rsp.asym = k->asym;
	rsp.hash = k->hash;
	rsp.md = k->md;
	rsp.hlen = k->hlen;
	rsp.coord = k->coord;
	rsp.sig_len = k->sig_len;
	rsp.pss = k->pss;
	rsp.id = (struct identity *)&k->id;
	memcpy(rsp.blocks, k->blocks, sizeof(k->blocks));
	rsp.nr_blocks = cfg & FUZZ_CFG_NO_MEAS ? 0 : 4;
	rsp.portion_cap = 0;
	rsp.chunk_dts = (cfg & FUZZ_CFG_CHUNK) && rsp.version >= 0x12 ? 64 : 0;
	rsp.large_len = 0;
	rsp.m1_len = 0;
	rsp.l1_len = 0;
	rsp.vca_len = 0;
	rsp.req_dts = MAX_MSG;
	rsp.neg_version = 0;
	rsp.connections = 0;
	memset(rsp.fault, 0, sizeof(rsp.fault));
}

size_t fuzz_responder_answer(const uint8_t *req, size_t len, uint8_t *out)
{
	if (setjmp(gave_up))
		return 0;
	return answer(req, len, out);
}
