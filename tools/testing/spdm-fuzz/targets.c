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
 * Session targets authenticate against the responder, which holds
 * sessions for them, then open a secure session and use it (heartbeat, a
 * key update, measurements, TDISP in a vendor-defined request, a key
 * update of both directions, end). Their input has a second byte
 * (FUZZ_SES_*: the DHE group, AEAD and ENCRYPT_CAP the device supports)
 * before the frames:
 *
 *   key_exchange
 *	the frames replace the responses to KEY_EXCHANGE (in the clear).
 *   secured
 *	the frames replace the secured messages (DOE type 2) that answer
 *	the requests inside the session, from FINISH on: raw, SessionID
 *	first, or with FUZZ_SES_SEALED the text the harness seals with the
 *	response keys the library holds (ApplicationDataLength, message and
 *	padding; the message alone if MAC-only), so that the fuzzer gets
 *	past the tag.
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
	"key_exchange", "secured", "chain", "meas_record",
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
	[T_KEY_EXCHANGE] = SPDM_KEY_EXCHANGE,
};

/* One run: the input, and what the transport recorded */
struct fuzz_run {
	enum fuzz_target target;
	struct spdm_state *spdm;
	const u8 *in;
	size_t in_len;
	size_t off;
	unsigned int nr_req;
	unsigned int replace_from;	/* T_ERROR: the K-th request */
	u8 ses;				/* session targets: FUZZ_SES_* */
	/* seed generation: every response, and which request it answered */
	fuzz_record_fn *record;
	u8 out[FUZZ_MAX_MSG];
	u8 text[FUZZ_MAX_MSG];		/* a secured message's text */
	u8 sealed[FUZZ_MAX_MSG];	/* and the message */
	u8 request[SPDM_SECURED_HDR_SIZE + SPDM_SECURED_APP_LEN_SIZE +
		   SPDM_MAX_SESSION_REQ_SIZE + SPDM_AEAD_TAG_SIZE];
};

static struct device fuzz_dev = { .name = "spdm-fuzz" };

/* The errnos each kind of operation documents */
static bool errno_ok[4096], start_ok[4096], session_op_ok[4096];

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
	case T_SECURED:
		return false;	/* only secured messages */
	case T_ERROR:
		return run->nr_req >= run->replace_from;
	default:
		return code == fuzz_target_code[run->target];
	}
}

/*
 * Whether @xy (X || Y, big-endian as DSP0274 has it) is a point of the
 * group: a peer's ECDH takes it. The harness's key is fixed, so that the
 * check draws nothing from the random stream.
 */
static bool dhe_point_ok(u16 dhe_alg, const u8 *xy)
{
	static const u8 two = 2;
	const struct ecdh key = { .key = (char *)&two, .key_size = 1 };
	u8 secret[sizeof(struct kpp_secret) + sizeof(key.key_size) + 1];
	u8 shared[SPDM_MAX_DHE_SIZE / 2];
	struct scatterlist src, dst;
	struct kpp_request *req;
	struct crypto_kpp *kpp;
	int rc;

	kpp = crypto_alloc_kpp(dhe_alg == SPDM_DHE_SECP256R1 ? "ecdh-nist-p256" :
							      "ecdh-nist-p384", 0, 0);
	req = IS_ERR(kpp) ? NULL : kpp_request_alloc(kpp, GFP_KERNEL);
	if (!req || crypto_ecdh_encode_key((char *)secret, crypto_ecdh_key_len(&key), &key) ||
	    crypto_kpp_set_secret(kpp, secret, crypto_ecdh_key_len(&key)))
		abort();
	sg_init_one(&src, xy, spdm_dhe_size(dhe_alg));
	sg_init_one(&dst, shared, sizeof(shared));
	kpp_request_set_input(req, &src, spdm_dhe_size(dhe_alg));
	kpp_request_set_output(req, &dst, sizeof(shared));
	rc = crypto_kpp_compute_shared_secret(req);
	kpp_request_free(req);
	crypto_free_kpp(kpp);
	return !rc;
}

/*
 * What the library may send in the clear: at most SPDM_MAX_REQ_SIZE
 * bytes, or a KEY_EXCHANGE that fits the responder's DataTransferSize,
 * whose fields account for every byte of it, and whose ExchangeData is a
 * point of the negotiated group
 */
static bool request_ok(const struct fuzz_run *run, const u8 *req, size_t len)
{
	const struct spdm_negotiated *neg = spdm_negotiated(run->spdm);
	size_t off;

	if (len < 4)
		return false;
	if (req[1] != SPDM_KEY_EXCHANGE)
		return len <= SPDM_MAX_REQ_SIZE;
	if (!neg || !spdm_dhe_size(neg->dhe_alg))
		return false;
	off = sizeof(struct spdm_key_exchange) + spdm_dhe_size(neg->dhe_alg);
	if (len > neg->rsp_data_transfer_size || len < off + 2 ||
	    len != off + 2 + get_unaligned_le16(req + off))
		return false;
	if (!dhe_point_ok(neg->dhe_alg, req + sizeof(struct spdm_key_exchange))) {
		fprintf(stderr,
			"spdm-fuzz: KEY_EXCHANGE's ExchangeData is no point of the group\n");
		return false;
	}
	return true;
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

	if (dev != &fuzz_dev || !request_ok(run, req, request_sz))
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
		run->record(code, false, p, len);
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

static void check_errno(int rc, const bool *ok)
{
	if (rc > 0 || rc <= -4096 || !ok[-rc]) {
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
/* A fresh harness, responder and context for one input */
static struct spdm_state *run_start(struct fuzz_run *run, u8 cfg)
{
	/* Small, but at 1.3 the device chunks by its own size (fuzz.h) */
	u32 transport_sz = (cfg & FUZZ_CFG_CHUNK) &&
			   (cfg & FUZZ_CFG_VERSION) != 3 ? 64 : 4096;

	spdm_fuzz_reset();
	fuzz_responder_start(cfg, run->target == T_KEY_EXCHANGE || run->target == T_SECURED,
			     run->ses);
	run->spdm = spdm_create(&fuzz_dev, fuzz_transport, run, transport_sz);
	if (!run->spdm)
		abort();
	return run->spdm;
}

static void run_flow(struct fuzz_run *run, u8 cfg)
{
	u8 summary = summary_types[cfg >> 6], nonce[SPDM_NONCE_SIZE] = { 1 };
	struct spdm_state *spdm = run_start(run, cfg);
	struct spdm_identity id = {};
	bool recheck;
	int rc;

	rc = spdm_authenticate(spdm, 0, summary);
	check_errno(rc, errno_ok);
	if (!rc && spdm_authenticated_slot(spdm) != 0)
		abort();
	consume_evidence(spdm);
	if (rc)
		goto out;
	recheck = cfg >> 6 == 3 && keep_identity(spdm, summary, &id);

	if (!(cfg & FUZZ_CFG_NO_MEAS)) {
		rc = spdm_get_measurements(spdm, nonce, NULL, 0);
		check_errno(rc, errno_ok);
		consume_evidence(spdm);
	}

	if (recheck) {
		/* The device comes back from a reset: is it the same one? */
		fuzz_responder_start(cfg, false, 0);
		rc = spdm_confirm(spdm, &id);
		check_errno(rc, errno_ok);
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

/*
 * Sessions. The rig's responder holds them, with the one DHE group and
 * AEAD the input's second byte names: KEY_EXCHANGE goes to it in the
 * clear, and every secured request the library sends goes to it too, so
 * that its side of the session (keys, sequence numbers, the TDI) keeps in
 * step even where the input replaces its answer. The harness checks each
 * secured request: it must open under the library's own request keys.
 */
/*
 * Open a secured message of @len bytes into @buf (@buf_size bytes): its
 * Length must account for every byte, and it must authenticate under
 * @tfm and @iv at sequence number @seq. Returns its text (@text_len
 * bytes: ApplicationDataLength, message and padding, or the message
 * alone if MAC-only), or NULL.
 */
static const u8 *open_secured(const struct spdm_session *s, struct crypto_aead *tfm,
			      const u8 *iv, u64 seq, const u8 *msg, size_t len,
			      u8 *buf, size_t buf_size, size_t *text_len)
{
	const size_t hdr = SPDM_SECURED_HDR_SIZE;
	size_t text;

	if (len < hdr + SPDM_AEAD_TAG_SIZE || len > buf_size ||
	    get_unaligned_le16(msg + 4) != len - hdr)
		return NULL;
	memcpy(buf, msg, len);
	text = len - hdr - SPDM_AEAD_TAG_SIZE;
	if (spdm_aead_crypt(tfm, false, iv, seq, buf,
			    s->encrypt ? hdr : hdr + text, s->encrypt ? text : 0))
		return NULL;
	*text_len = text;
	return buf + hdr;
}

/*
 * The message inside a secured request of the library, which must name
 * the session and authenticate under the request keys at the sequence
 * number the library has just used; NULL if not.
 */
static const u8 *open_request(struct fuzz_run *run, const u8 *req, size_t len,
			      size_t *msg_len)
{
	const struct spdm_session *s = &run->spdm->session;
	const u8 *text;
	size_t text_len;

	if (len < 4 || get_unaligned_le32(req) != s->id)
		return NULL;
	text = open_secured(s, s->tx, s->req.iv, s->req.seq - 1, req, len,
			    run->request, sizeof(run->request), &text_len);
	if (!text)
		return NULL;
	if (!s->encrypt) {
		*msg_len = text_len;
		return text;
	}
	if (text_len < SPDM_SECURED_APP_LEN_SIZE ||
	    get_unaligned_le16(text) > text_len - SPDM_SECURED_APP_LEN_SIZE)
		return NULL;
	*msg_len = get_unaligned_le16(text);
	return text + SPDM_SECURED_APP_LEN_SIZE;
}

/*
 * The text of a secured response, opened with the response keys the
 * library holds, as it will: what a sealed seed records
 */
static const u8 *open_response(struct fuzz_run *run, const u8 *msg, size_t len,
			       size_t *text_len)
{
	const struct spdm_session *s = &run->spdm->session;

	return open_secured(s, s->rx, s->rsp.iv, s->rsp.seq, msg, len, run->text,
			    sizeof(run->text), text_len);
}

/* A secured message of @len bytes of text, as the device seals it */
static size_t seal(struct fuzz_run *run, const u8 *text, size_t len)
{
	const struct spdm_session *s = &run->spdm->session;
	const size_t hdr = SPDM_SECURED_HDR_SIZE;
	u8 *msg = run->sealed;

	len = min_t(size_t, len, U16_MAX - SPDM_AEAD_TAG_SIZE);
	put_unaligned_le32(s->id, msg);
	put_unaligned_le16(len + SPDM_AEAD_TAG_SIZE, msg + 4);
	memcpy(msg + hdr, text, len);
	if (spdm_aead_crypt(s->rx, true, s->rsp.iv, s->rsp.seq, msg,
			    s->encrypt ? hdr : hdr + len, s->encrypt ? len : 0))
		abort();
	return hdr + len + SPDM_AEAD_TAG_SIZE;
}

/* The secured transport (DOE type 2): the input for secured, else the device */
static ssize_t fuzz_secured_transport(void *priv, struct device *dev,
				      const void *request, size_t request_sz,
				      void *response, size_t response_sz)
{
	struct fuzz_run *run = priv;
	bool sealed = run->ses & FUZZ_SES_SEALED;
	const u8 *req, *text = NULL, *p, *frame;
	size_t req_len, text_len = 0, len, frame_len;

	req = dev == &fuzz_dev ? open_request(run, request, request_sz, &req_len) :
				 NULL;
	if (!req || req_len < sizeof(struct spdm_header) ||
	    req_len > SPDM_MAX_SESSION_REQ_SIZE) {
		fprintf(stderr, "spdm-fuzz: a secured request that does not open\n");
		abort();
	}
	/* The device sees every request, so that its session keeps in step */
	len = fuzz_responder_secured(request, request_sz, run->out);
	p = run->out;
	if (run->target == T_SECURED && next_frame(run, &frame, &frame_len)) {
		if (sealed) {
			text = frame;
			text_len = frame_len;
			len = seal(run, text, text_len);
			p = run->sealed;
		} else {
			p = frame;
			len = frame_len;
		}
	} else if (run->record && sealed) {
		text = open_response(run, p, len, &text_len);
		if (!text)
			fprintf(stderr, "spdm-fuzz: the device's answer to %#04x does not open\n",
				req[1]);
	}
	run->nr_req++;
	if (!len)
		return -ETIMEDOUT;
	if (run->record && (!sealed || text))
		run->record(req[1], true, sealed ? text : p, sealed ? text_len : len);
	len = min(len, response_sz);
	memcpy(response, p, len);
	return len;
}

/*
 * The session after an operation: open, or (after a failure, at the end)
 * closed with every trace of it gone
 */
#define OPEN	1
#define CLOSED	2

static void check_session(const struct spdm_state *spdm, unsigned int may_be)
{
	static const struct spdm_session none;
	struct spdm_session_info info;
	int rc = spdm_session_info(spdm, &info);

	if (!rc && (may_be & OPEN))
		return;
	if (rc == -ENOTCONN && (may_be & CLOSED) &&
	    !memcmp(&spdm->session, &none, sizeof(none)))
		return;
	fprintf(stderr, "spdm-fuzz: the session should be %s, and is %s\n",
		may_be & OPEN ? "open" : "closed and zeroed",
		rc ? "closed but not zeroed" : "open");
	abort();
}

/*
 * TDISP GET_VERSION for the TDI at 01:00.0, as the CMA driver sends it:
 * PCI-SIG's VENDOR_DEFINED_REQUEST, protocol 1, then the TDISP header
 */
static void tdisp_version(struct spdm_state *spdm)
{
	static const u8 pcisig[] = { 0x01, 0x00 };
	static const u8 req[17] = { 1, 0x10, 0x81, 0, 0, 0x00, 0x01 };
	u8 rsp[64];
	ssize_t n;

	n = spdm_vendor_request(spdm, SPDM_STANDARD_ID_PCISIG, pcisig, sizeof(pcisig),
				req, sizeof(req), rsp, sizeof(rsp));
	if (n > (ssize_t)sizeof(rsp))
		abort();
	if (spdm_fuzz_verbose)
		fprintf(stderr, "spdm-fuzz: TDISP GET_VERSION: %zd (TDISP message %#04x)\n",
			n, n >= 3 ? rsp[2] : 0);
	if (n >= 0)
		touch(rsp, n);
	else
		check_errno(n, session_op_ok);	/* our request is a valid one */
	check_session(spdm, OPEN | CLOSED);
}

/* What a driver does with a session, and that nothing goes out after it */
static void use_session(struct fuzz_run *run, struct spdm_state *spdm, u8 cfg)
{
	u8 nonce[SPDM_NONCE_SIZE] = { 2 };
	unsigned int nr_req;
	int rc;

	rc = spdm_heartbeat(spdm);
	check_errno(rc, session_op_ok);
	check_session(spdm, rc ? CLOSED : OPEN);
	rc = spdm_key_update(spdm, false);
	check_errno(rc, session_op_ok);
	check_session(spdm, rc ? CLOSED : OPEN);
	if (!(cfg & FUZZ_CFG_NO_MEAS)) {
		/* Inside the session if it is still open */
		rc = spdm_get_measurements(spdm, nonce, NULL, 0);
		check_errno(rc, errno_ok);
		check_session(spdm, OPEN | CLOSED);
		consume_evidence(spdm);
	}
	tdisp_version(spdm);
	rc = spdm_key_update(spdm, true);
	check_errno(rc, session_op_ok);
	check_session(spdm, rc ? CLOSED : OPEN);
	rc = spdm_end_session(spdm);
	check_errno(rc, session_op_ok);
	check_session(spdm, CLOSED);

	nr_req = run->nr_req;
	if (spdm_heartbeat(spdm) != -ENOTCONN ||
	    spdm_key_update(spdm, true) != -ENOTCONN ||
	    spdm_end_session(spdm) != -ENOTCONN || run->nr_req != nr_req)
		abort();
	check_session(spdm, CLOSED);
}

/* Authenticate, open a session (key_exchange) or start in one (secured) */
static void run_session(struct fuzz_run *run, u8 cfg)
{
	struct spdm_state *spdm = run_start(run, cfg);
	int rc;

	spdm_set_secured_transport(spdm, fuzz_secured_transport);

	/* The responder's answers only: no frame is used before the session */
	rc = spdm_authenticate(spdm, 0, summary_types[cfg >> 6]);
	check_errno(rc, errno_ok);
	if (rc)
		goto out;
	rc = spdm_start_session(spdm);
	check_errno(rc, start_ok);
	check_session(spdm, rc ? CLOSED : OPEN);
	if (rc)
		goto out;
	use_session(run, spdm, cfg);
out:
	if (spdm_fuzz_verbose)
		fprintf(stderr, "spdm-fuzz: %u requests, the last operation returned %d\n",
			run->nr_req, rc);
	spdm_destroy(spdm);
}

const u32 fuzz_hash_algs[4] = {
	SPDM_HASH_SHA_256, SPDM_HASH_SHA_384, SPDM_HASH_SHA_512, 0,
};

const u32 fuzz_asym_algs[4] = {
	SPDM_ASYM_ECDSA_ECC_NIST_P256, SPDM_ASYM_ECDSA_ECC_NIST_P384,
	SPDM_ASYM_RSASSA_3072, SPDM_ASYM_RSAPSS_3072,
};

static struct spdm_state *parser_state(u8 cfg)
{
	struct spdm_state *spdm = spdm_create(&fuzz_dev, fuzz_transport, NULL, 64);

	if (!spdm)
		abort();
	spdm->neg.version = SPDM_VER_10 + (cfg >> 4 & 3);
	spdm->neg.base_hash_alg = fuzz_hash_algs[cfg & 3];
	spdm->neg.base_asym_alg = fuzz_asym_algs[cfg >> 2 & 3];
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
		check_errno(PTR_ERR(leaf), errno_ok);
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
	check_errno(rc, errno_ok);
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

/*
 * The errnos the library documents, and those ERROR responses map to.
 * Session operations: what spdm_exchange() returns, and what
 * spdm_start_session() adds, or -ENOTCONN for the others.
 */
static void init_errnos(void)
{
	static const int documented[] = {
		0, EINVAL, EOPNOTSUPP, ENOENT, EPROTO, EMSGSIZE, EBADMSG,
		EKEYREJECTED, ETIMEDOUT, ENOMEM, ECONNRESET, EIO,
	};
	static const int exchange[] = { 0, ETIMEDOUT, EMSGSIZE, EPROTO, ENOMEM, EIO };
	static const int start[] = { ENOKEY, EOPNOTSUPP, EKEYREJECTED, EBADMSG };

	for (size_t i = 0; i < ARRAY_SIZE(documented); i++)
		errno_ok[documented[i]] = true;
	for (size_t i = 0; i < ARRAY_SIZE(exchange); i++) {
		start_ok[exchange[i]] = true;
		session_op_ok[exchange[i]] = true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(start); i++)
		start_ok[start[i]] = true;
	session_op_ok[ENOTCONN] = true;
	for (unsigned int code = 0; code < 256; code++) {
		int err = -spdm_error_to_errno(code);

		errno_ok[err] = true;
		start_ok[err] = true;
		session_op_ok[err] = true;
	}
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
	/* error: K; session targets: FUZZ_SES_* */
	if (target == T_ERROR || target == T_KEY_EXCHANGE || target == T_SECURED) {
		if (!run.in_len)
			return;
		run.replace_from = run.in[0];
		run.ses = run.in[0];
		run.in++;
		run.in_len--;
	}
	/* Chunks need SPDM 1.2 or later, sessions 1.1 */
	if (target == T_CHUNK)
		cfg |= FUZZ_CFG_CHUNK | 2;
	if (target == T_KEY_EXCHANGE || target == T_SECURED) {
		if (!(cfg & FUZZ_CFG_VERSION))
			cfg |= 1;
		run_session(&run, cfg);
		return;
	}
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
