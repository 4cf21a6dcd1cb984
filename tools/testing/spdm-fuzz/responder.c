// SPDX-License-Identifier: GPL-2.0
/*
 * The rig's SPDM responder, built into the fuzz harness: its source is
 * included as it stands, and its answer() (messages in the clear) and
 * secured() (DOE secured CMA) are used. It gives the flow and session
 * targets real, signed and sealed answers around the messages the
 * fuzzer replaces, and makes the seeds.
 *
 * OpenSSL's randomness (the responder's nonces, ECDH keys, ECDSA and
 * RSA-PSS signatures) comes from a fixed stream here, reset for every
 * input as the library's get_random_bytes() is: a run recorded as a seed
 * replays byte for byte, sessions included, so that its secured
 * messages still open under the keys of the replay.
 */
#define OPENSSL_SUPPRESS_DEPRECATED	/* RAND_set_rand_method() */
#include <setjmp.h>
#include <stdlib.h>

#include <openssl/rand.h>

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

static uint64_t rand_state;

/* splitmix64: a fixed, well-mixed stream; no secrets in a fuzz run */
static int fixed_rand_bytes(unsigned char *buf, int num)
{
	while (num > 0) {
		uint64_t z = (rand_state += 0x9e3779b97f4a7c15ULL);
		int n = num < 8 ? num : 8;

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		memcpy(buf, &z, n);
		buf += n;
		num -= n;
	}
	return 1;
}

static int fixed_rand_status(void)
{
	return 1;
}

static const RAND_METHOD fixed_rand = {
	.bytes = fixed_rand_bytes,
	.pseudorand = fixed_rand_bytes,
	.status = fixed_rand_status,
};

/* Each kind of key, loaded once, with what it sets in rsp */
static const char *const kinds[] = { "p256", "p384", "rsa3072", "rsa3072" };

static struct kind {
	struct identity id;
	EVP_PKEY *rsa_key;		/* RSA: as loaded, copied for each input */
	uint32_t asym, hash;
	const EVP_MD *md;
	size_t hlen, coord, sig_len;
	bool pss;
	struct meas_block blocks[4];
} loaded[4];

void fuzz_responder_init(const char *certdir)
{
	char path[4096];

	if (!RAND_set_rand_method(&fixed_rand))
		abort();
	for (unsigned int k = 0; k < 4; k++) {
		memset(&rsp, 0, sizeof(rsp));
		rsp.pss = k == 3;
		snprintf(path, sizeof(path), "%s/%s/leaf.key", certdir, kinds[k]);
		load_key(&loaded[k].id, path);
		if (EVP_PKEY_get_base_id(loaded[k].id.key) == EVP_PKEY_RSA) {
			loaded[k].rsa_key = loaded[k].id.key;
			loaded[k].id.key = NULL;
		}
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

/*
 * A device as @cfg describes it, fresh from a reset. With @sessions, it
 * holds sessions (SPDM 1.1+) of the one DHE group and AEAD that @ses
 * (FUZZ_SES_*) names, MAC-only if it says so, and serves its TDI in them.
 */
void fuzz_responder_start(uint8_t cfg, bool sessions, uint8_t ses)
{
	static const uint16_t aeads[] = {
		AEAD_AES128_GCM, AEAD_AES256_GCM, AEAD_CHACHA20, AEAD_AES256_GCM,
	};
	struct kind *k = &loaded[(cfg & FUZZ_CFG_KEY) >> 2];

	rand_state = 0;
	/*
	 * A fresh copy of an RSA key: OpenSSL keeps blinding on a key once it
	 * signed, drawn from the random stream and renewed every so often,
	 * so a used key would make what an input draws depend on the inputs
	 * before it. An EC key keeps no such state.
	 */
	if (k->rsa_key) {
		EVP_PKEY_free(k->id.key);
		k->id.key = EVP_PKEY_dup(k->rsa_key);
		if (!k->id.key)
			abort();
	}
	for (unsigned int i = 0; i < MAX_SESSIONS; i++)
		if (rsp.session[i].state != SESSION_FREE)
			end_session(&rsp.session[i]);

	rsp.version = 0x10 + (cfg & FUZZ_CFG_VERSION);
	rsp.asym = k->asym;
	rsp.hash = k->hash;
	rsp.md = k->md;
	rsp.hlen = k->hlen;
	rsp.coord = k->coord;
	rsp.sig_len = k->sig_len;
	rsp.pss = k->pss;
	rsp.id = &k->id;
	memcpy(rsp.blocks, k->blocks, sizeof(k->blocks));
	rsp.nr_blocks = cfg & FUZZ_CFG_NO_MEAS ? 0 : 4;
	rsp.portion_cap = 0;
	rsp.chunk_dts = 0;
	rsp.chunk_own = false;
	if ((cfg & FUZZ_CFG_CHUNK) && rsp.version >= 0x12) {
		rsp.chunk_own = rsp.version >= 0x13;
		rsp.chunk_dts = rsp.chunk_own ? FUZZ_OWN_DTS : 64;
	}
	rsp.large_len = 0;
	rsp.m1_len = 0;
	rsp.l1_len = 0;
	rsp.vca_len = 0;
	rsp.req_dts = MAX_MSG;
	rsp.neg_version = 0;
	rsp.connections = 0;
	memset(rsp.fault, 0, sizeof(rsp.fault));
	rsp.sessions = !sessions ? SESSIONS_OFF :
		       ses & FUZZ_SES_MAC_ONLY ? SESSIONS_MAC : SESSIONS_ENC_MAC;
	rsp.dhe_supported = ses & FUZZ_SES_DHE ? DHE_SECP384R1 : DHE_SECP256R1;
	rsp.aead_supported = aeads[(ses & FUZZ_SES_AEAD) >> 1];
	rsp.last_rsp_sid = 0;
	rsp.tdi_function = 0x0100;
	rsp.tdi_state = TDI_CONFIG_UNLOCKED;
	/* The responder's own default: registers, MSI-X table, PBA */
	rsp.nr_ranges = 0;
	add_range("0xfe800000:0x2000:0:0");
	add_range("0xfe802000:0x1000:1:1");
	add_range("0xfe803000:0x1000:2:2");
}

size_t fuzz_responder_answer(const uint8_t *req, size_t len, uint8_t *out)
{
	if (setjmp(gave_up))
		return 0;
	return answer(req, len, out);
}

/*
 * A secured message (SessionID first) for the responder: its secured
 * answer, or 0 for none (an unknown session). A responder that would
 * answer in the clear (fault cleartext) is never set up here.
 */
size_t fuzz_responder_secured(const uint8_t *req, size_t len, uint8_t *out)
{
	bool clear;

	if (setjmp(gave_up))
		return 0;
	return secured(req, len, out, &clear);
}
