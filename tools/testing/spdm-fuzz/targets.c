// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz targets for lib/spdm, built unmodified in userspace (see README).
 *
 * Flow targets run the library's real operations (authenticate, get
 * measurements, re-check) against the rig's responder in this process,
 * and let the input replace the answers to one kind of request:
 *
 *   input = setup byte (FUZZ_CFG_*), then frames: u16 length (LE), bytes
 *
 *   version capabilities algorithms digests certificate challenge_auth
 *   measurements chunk
 *	the frames replace, in order, the responses to the request of that
 *	kind (GET_VERSION, ..., CHUNK_GET); the responder answers the rest.
 *   error
 *	one more byte K after the setup byte: the frames replace every
 *	response from the K-th request on (seeds: ERROR responses there).
 *   exchange
 *	the frames are every response: a fuzzed device drives the whole
 *	state machine. Seeds are recorded from the responder, and replay
 *	with valid signatures because the harness's randomness is fixed.
 *
 * Parser targets call one parser directly:
 *   chain	setup byte (hash, signature algorithm), then a certificate
 *		chain as GET_CERTIFICATE assembles it: spdm_parse_chain()
 *   meas_record setup byte (hash), block count byte, then a measurement
 *		record: spdm_parse_meas_record()
 *
 * Besides the sanitizers, every target checks the library's contract:
 * each operation returns 0 or an errno its kernel-doc names, success
 * leaves evidence that reads back in bounds, and parsed blocks point
 * inside the record they came from. A breach aborts, so the fuzzer
 * reports it as a crash.
 */
#include "kernel.h"
#include "../../../lib/spdm/spdm.h"
#include "fuzz.h"

const char *const fuzz_target_names[NR_TARGETS] = {
	"exchange", "version", "capabilities", "algorithms", "digests",
	"certificate", "challenge_auth", "measurements", "chunk", "error",
	"chain", "meas_record",
};

/* The request whose responses a flow target replaces */
const u8 fuzz_target_code[NR_TARGETS] = {
	[T_VERSION] = SPDM_GET_VERSION,
	[T_CAPABILITIES] = SPDM_GET_CAPABILITIES,
	[T_ALGORITHMS] = SPDM_NEGOTIATE_ALGORITHMS,
	[T_DIGESTS] = SPDM_GET_DIGESTS,
	[T_CERTIFICATE] = SPDM_GET_CERTIFICATE,
	[T_CHALLENGE_AUTH] = SPDM_CHALLENGE,
	[T_MEASUREMENTS] = SPDM_GET_MEASUREMENTS,
	[T_CHUNK] = SPDM_CHUNK_GET,
};

/* One run: the input, and what the transport recorded */
struct fuzz_run {
	enum fuzz_target target;
	const u8 *in;
	size_t in_len;
	size_t off;
	unsigned int nr_req;
	unsigned int replace_from;	/* T_ERROR: the K-th request */
	u8 out[FUZZ_MAX_MSG];
	/* seed generation: every response, and which request it answered */
	fuzz_record_fn *record;
};

static struct device fuzz_dev = { .name = "spdm-fuzz" };
static bool errno_ok[4096];

/* The next frame of the input, or false at its end */
static bool next_frame(struct fuzz_run *run, const u8 **p, size_t *len)
{
	size_t n;

	if (run->in_len - run->off < 2)
		return false;
	n = get_unaligned_le16(run->in + run->off);
	run->off += 2;
	n = min(n, run->in_len - run->off);
	*p = run->in + run->off;
	*len = n;
	run->off += n;
	return true;
}

static bool replaces(const struct fuzz_run *run, u8 code)
{
	switch (run->target) {
	case T_EXCHANGE:
		return true;
	case T_ERROR:
		return run->nr_req >= run->replace_from;
	default:
		return code == fuzz_target_code[run->target];
	}
}

/* The transport: the input where the target says, the responder elsewhere */
static ssize_t fuzz_transport(void *priv, struct device *dev,
			      const void *request, size_t request_sz,
			      void *response, size_t response_sz)
{
	struct fuzz_run *run = priv;
	const u8 *req = request, *p = NULL;
	size_t len = 0;
	u8 code = request_sz >= 2 ? req[1] : 0;

	if (dev != &fuzz_dev || request_sz < 4 || request_sz > SPDM_MAX_REQ_SIZE)
		abort();	/* the library sent something it never should */

	if (run->target != T_EXCHANGE) {
		len = fuzz_responder_answer(req, request_sz, run->out);
		p = run->out;
	}
	/* Without a frame left, the responder's answer stands */
	if (replaces(run, code))
		next_frame(run, &p, &len);
	run->nr_req++;
	if (!p || !len)
		return -ETIMEDOUT;	/* as a DOE mailbox that got no answer */
	if (run->record)
		run->record(code, p, len);
	len = min(len, response_sz);
	memcpy(response, p, len);
	return len;
}

/* Read every byte the library hands out, so that ASan checks the bounds */
static u8 sink;

static void touch(const u8 *p, size_t len)
{
	while (len--)
		sink ^= *p++;
}

static void check_errno(int rc)
{
	if (rc > 0 || rc <= -4096 || !errno_ok[-rc]) {
		fprintf(stderr, "spdm-fuzz: undocumented return value %d\n", rc);
		abort();
	}
}

static void consume_evidence(struct spdm_state *spdm)
{
	const struct spdm_meas_block *b;
	struct spdm_signed_evidence ev;
	unsigned int nr;
	const u8 *p;
	size_t len;

	p = spdm_vca(spdm, &len);
	if (p)
		touch(p, len);
	for (u8 slot = 0; slot < SPDM_MAX_SLOTS; slot++) {
		p = spdm_cert_chain(spdm, slot, &len);
		if (p)
			touch(p, len);
	}
	if (!spdm_last_signed(spdm, &ev)) {
		touch(ev.transcript, ev.transcript_len);
		touch(ev.sig, ev.sig_len);
		touch(ev.req_nonce, SPDM_NONCE_SIZE);
		touch(ev.rsp_nonce, SPDM_NONCE_SIZE);
		if (ev.meas_summary_len)
			touch(ev.meas_summary, ev.meas_summary_len);
	}
	b = spdm_measurements(spdm, &nr);
	for (unsigned int i = 0; b && i < nr; i++) {
		touch(b[i].raw, b[i].raw_len);
		if (b[i].value)
			touch(b[i].value, b[i].value_size);
	}
}

static const u8 summary_types[] = {
	SPDM_MEAS_SUMMARY_NONE, SPDM_MEAS_SUMMARY_TCB, SPDM_MEAS_SUMMARY_ALL,
	SPDM_MEAS_SUMMARY_ALL,
};

/*
 * What the driver keeps of an accepted device: the outcome of the
 * authentication, before anything else replaces the last signed evidence
 */
static bool keep_identity(struct spdm_state *spdm, u8 summary,
			  struct spdm_identity *id)
{
	const struct spdm_negotiated *neg = spdm_negotiated(spdm);
	struct spdm_signed_evidence ev;
	const u8 *chain;

	if (!neg || spdm_last_signed(spdm, &ev))
		abort();	/* authenticated, so both must be there */
	chain = spdm_cert_chain(spdm, 0, &id->chain_len);
	if (!chain)
		abort();
	id->version = neg->version;
	id->base_asym_alg = neg->base_asym_alg;
	id->base_hash_alg = neg->base_hash_alg;
	id->slot = 0;
	/* A device without measurements gave no summary hash */
	id->summary_type = ev.meas_summary_len ? summary : SPDM_MEAS_SUMMARY_NONE;
	id->chain = kmemdup(chain, id->chain_len, GFP_KERNEL);
	id->meas_summary_len = ev.meas_summary_len;
	id->meas_summary = ev.meas_summary_len ?
		kmemdup(ev.meas_summary, ev.meas_summary_len, GFP_KERNEL) : NULL;
	return id->chain;
}

/* Authenticate, read measurements, and re-check as after a reset */
static void run_flow(struct fuzz_run *run, u8 cfg)
{
	u32 transport_sz = cfg & FUZZ_CFG_CHUNK ? 64 : 4096;
	u8 summary = summary_types[cfg >> 6], nonce[SPDM_NONCE_SIZE] = { 1 };
	struct spdm_identity id = {};
	struct spdm_state *spdm;
	bool recheck;
	int rc;

	spdm_fuzz_reset();
	fuzz_responder_start(cfg);
	spdm = spdm_create(&fuzz_dev, fuzz_transport, run, transport_sz);
	if (!spdm)
		abort();

	rc = spdm_authenticate(spdm, 0, summary);
	check_errno(rc);
	if (!rc && spdm_authenticated_slot(spdm) != 0)
		abort();
	consume_evidence(spdm);
	if (rc)
		goto out;
	recheck = cfg >> 6 == 3 && keep_identity(spdm, summary, &id);

	if (!(cfg & FUZZ_CFG_NO_MEAS)) {
		rc = spdm_get_measurements(spdm, nonce, NULL, 0);
		check_errno(rc);
		consume_evidence(spdm);
	}

	if (recheck) {
		/* The device comes back from a reset: is it the same one? */
		fuzz_responder_start(cfg);
		rc = spdm_confirm(spdm, &id);
		check_errno(rc);
		if (rc ? spdm_authenticated_slot(spdm) >= 0 :
			 spdm_authenticated_slot(spdm) != 0)
			abort();
		consume_evidence(spdm);
	}
	kfree(id.chain);
	kfree(id.meas_summary);
out:
	if (spdm_fuzz_verbose)
		fprintf(stderr, "spdm-fuzz: %u requests, the last operation returned %d\n",
			run->nr_req, rc);
	spdm_destroy(spdm);
}

static const u32 hash_algs[] = {
	SPDM_HASH_SHA_256, SPDM_HASH_SHA_384, SPDM_HASH_SHA_512, 0,
};

static const u32 asym_algs[] = {
	SPDM_ASYM_ECDSA_ECC_NIST_P256, SPDM_ASYM_ECDSA_ECC_NIST_P384,
	SPDM_ASYM_RSASSA_3072, SPDM_ASYM_RSAPSS_3072,
};

static struct spdm_state *parser_state(u8 cfg)
{
	struct spdm_state *spdm = spdm_create(&fuzz_dev, fuzz_transport, NULL, 64);

	if (!spdm)
		abort();
	spdm->neg.version = SPDM_VER_10 + (cfg >> 4 & 3);
	spdm->neg.base_hash_alg = hash_algs[cfg & 3];
	spdm->neg.base_asym_alg = asym_algs[cfg >> 2 & 3];
	spdm->neg.meas_hash_alg = SPDM_MEAS_HASH_SHA_256 << (cfg & 3);
	spdm->neg.meas_spec = SPDM_MEAS_SPEC_DMTF;
	return spdm;
}

static void run_chain(const u8 *data, size_t len)
{
	struct spdm_state *spdm = parser_state(data[0]);
	struct x509_certificate *leaf;
	size_t n;

	data++;
	len--;
	n = spdm_der_cert_size(data, len);
	if (n > len)
		abort();
	leaf = spdm_parse_chain(spdm, data, len);
	if (IS_ERR(leaf)) {
		check_errno(PTR_ERR(leaf));
	} else {
		touch(leaf->pub->key, leaf->pub->keylen);
		x509_free_certificate(leaf);
	}
	spdm_destroy(spdm);
}

static void run_meas_record(const u8 *data, size_t len)
{
	static struct spdm_meas_block blocks[SPDM_MAX_MEAS_BLOCKS];
	struct spdm_state *spdm;
	unsigned int nr;
	u8 *rec;
	int rc;

	if (len < 2)
		return;
	spdm = parser_state(data[0]);
	nr = data[1];
	len -= 2;
	/* An exact-size copy: any read past the record is caught */
	rec = kmalloc(len ?: 1, GFP_KERNEL);
	memcpy(rec, data + 2, len);
	memset(blocks, 0, sizeof(blocks));
	rc = spdm_parse_meas_record(spdm, rec, len, min_t(unsigned int, nr, SPDM_MAX_MEAS_BLOCKS),
				    blocks);
	check_errno(rc);
	for (unsigned int i = 0; !rc && i < min_t(unsigned int, nr, SPDM_MAX_MEAS_BLOCKS); i++) {
		const struct spdm_meas_block *b = &blocks[i];

		if (b->raw < rec || b->raw_len > len || b->raw - rec > len - b->raw_len ||
		    (b->value && (b->value < b->raw ||
				  b->value + b->value_size > b->raw + b->raw_len)))
			abort();
		touch(b->raw, b->raw_len);
	}
	kfree(rec);
	spdm_destroy(spdm);
}

/* The errnos the library documents, and those ERROR responses map to */
static void init_errnos(void)
{
	static const int documented[] = {
		0, EINVAL, EOPNOTSUPP, ENOENT, EPROTO, EMSGSIZE, EBADMSG,
		EKEYREJECTED, ETIMEDOUT, ENOMEM, ECONNRESET, EIO,
	};

	for (size_t i = 0; i < ARRAY_SIZE(documented); i++)
		errno_ok[documented[i]] = true;
	for (unsigned int code = 0; code < 256; code++)
		errno_ok[-spdm_error_to_errno(code)] = true;
}

/* Run one input against @target; @record, if set, sees every response */
void spdm_fuzz_one(enum fuzz_target target, const u8 *data, size_t size,
		   fuzz_record_fn *record)
{
	static struct fuzz_run run;
	u8 cfg;

	if (!size)
		return;
	if (target == T_CHAIN) {
		run_chain(data, size);
		return;
	}
	if (target == T_MEAS_RECORD) {
		run_meas_record(data, size);
		return;
	}
	cfg = data[0];
	memset(&run, 0, offsetof(struct fuzz_run, out));
	run.target = target;
	run.record = record;
	run.in = data + 1;
	run.in_len = size - 1;
	if (target == T_ERROR) {
		if (!run.in_len)
			return;
		run.replace_from = run.in[0];
		run.in++;
		run.in_len--;
	}
	/* Chunks need SPDM 1.2 or later */
	if (target == T_CHUNK)
		cfg |= FUZZ_CFG_CHUNK | 2;
	run_flow(&run, cfg);
}

static const char *certdir(void)
{
	const char *d = getenv("SPDM_FUZZ_CERTS");

	return d ? d : SPDM_FUZZ_CERTS;
}

void spdm_fuzz_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	spdm_fuzz_verbose = getenv("SPDM_FUZZ_VERBOSE");
	init_errnos();
	fuzz_responder_init(certdir());
}

#ifdef SPDM_FUZZ_TARGET
/*
 * libFuzzer's entry point. The Makefile links it under the name libFuzzer
 * calls (LLVMFuzzerTestOneInput).
 */
int spdm_fuzz_test_one_input(const u8 *data, size_t size);

int spdm_fuzz_test_one_input(const u8 *data, size_t size)
{
	spdm_fuzz_init();
	spdm_fuzz_one(SPDM_FUZZ_TARGET, data, size, NULL);
	return 0;
}
#endif
