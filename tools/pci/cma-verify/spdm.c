// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: the SPDM transcript engine
 *
 * Fed the requests and responses of an SPDM connection in order (from a
 * recorded DOE exchange, or rebuilt from the kernel's evidence), it
 * takes each message's exact length from its fields, keeps the
 * transcripts DSP0274 defines (VCA; M1 for CHALLENGE_AUTH; L1 for signed
 * MEASUREMENTS; TH for KEY_EXCHANGE_RSP and FINISH; the encapsulated M1
 * of mutual authentication), assembles certificate chains from
 * CERTIFICATE portions, and verifies every signature with the leaf key
 * of the chain its slot names. Nothing the device sent is trusted: every
 * length is checked against what is there before it is used.
 *
 * A response too large for the transport (1.2+) comes as
 * ERROR(LargeResponse) and then CHUNK_GET / CHUNK_RESPONSE exchanges: the
 * engine checks the chunks as a careful requester does, reassembles them
 * and takes the result as the response to the original request. The
 * chunk messages are in no transcript. A signed response it cannot check
 * is a failure of its own, named in the report's list of what was not
 * checked. A new GET_VERSION restarts the transcripts but keeps the
 * certificate chains read before, as a requester that caches them does,
 * as long as the new ALGORITHMS select the same hash and signature
 * algorithms and DIGESTS, if asked for, still give the chain's digest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "cma-verify.h"

#define GET_DIGESTS		0x81
#define GET_CERTIFICATE		0x82
#define CHALLENGE		0x83
#define GET_VERSION		0x84
#define CHUNK_SEND		0x85
#define CHUNK_GET		0x86
#define GET_ENDPOINT_INFO	0x87
#define GET_MEASUREMENTS	0xe0
#define GET_CAPABILITIES	0xe1
#define NEGOTIATE_ALGORITHMS	0xe3
#define KEY_EXCHANGE		0xe4
#define FINISH			0xe5
#define GET_ENCAP_REQUEST	0xea
#define DELIVER_ENCAP_RESPONSE	0xeb
#define GET_CSR			0xed
#define RESPOND_IF_READY	0xff
#define ERROR			0x7f
#define ERR_LARGE_RESPONSE	0x0f
#define ERR_RESPONSE_NOT_READY	0x42
#define CHUNK_RESPONSE		0x06
#define CHUNK_LAST		BIT(0)	/* CHUNK_RESPONSE Param1 */
#define CHUNK_RSP_HDR		12	/* then LargeMessageSize in chunk 0 */
#define CHUNK_GET_SIZE		6

#define CAP_MEAS(caps)		(((caps) >> 3) & 3)
#define CAP_HANDSHAKE_CLEAR	BIT(15)
#define CAP_CHUNK		BIT(17)
#define CAP_MULTI_KEY(caps)	(((caps) >> 26) & 3)
#define ALG_MULTI_KEY_CONN	0x10
#define COMBINED_PREFIX_SIZE	100
#define CONTEXT_SIZE		8	/* RequesterContext, 1.3 */

/* A transcript, and where in the input each piece of it came from */
struct tbuf {
	struct buf b;
	struct span *s;
	size_t ns;
};

/* The requester's or the responder's side of authentication */
struct side {
	struct buf chain[SPDM_NR_SLOTS];
	struct x509_st *leaf[SPDM_NR_SLOTS];
	bool complete[SPDM_NR_SLOTS];
	u8 digest[SPDM_NR_SLOTS][64];
	u8 digest_mask;
	struct tbuf m1;		/* B and C so far */
	u32 asym;
	size_t sig;
	const char *who;	/* "responder" or "requester" */
	/* Chains kept across a new VCA were read with these algorithms */
	u32 kept_hash, kept_asym;
};

/*
 * A large response in chunks: after ERROR(LargeResponse), CHUNK_GET for
 * each chunk in turn until the one marked LastChunk.
 */
struct large {
	bool pending;		/* chunks to come */
	bool live;		/* msg is being taken as the response */
	bool in_input;		/* every chunk has its place in the input */
	u8 handle;
	u16 seq;		/* the ChunkSeqNo to ask for next */
	size_t total;		/* LargeMessageSize, from chunk 0 */
	struct buf req;		/* the request it answers */
	long req_off;
	struct buf msg;		/* the chunks so far */
	struct span *map;	/* where each chunk's bytes lie in the input */
	size_t nr_map;
};

struct spdm_ctx {
	struct spdm_opts o;
	struct report *r;
	bool failed;

	u8 ver;
	u32 req_caps, rsp_caps;
	u32 req_dts, req_max;	/* DataTransferSize, MaxSPDMmsgSize (1.2+) */
	u32 hash, meas_hash;
	u16 dhe;
	bool have_algs, multikey;
	u8 neg_other;
	size_t hlen, dhe_len;
	const EVP_MD *md;

	struct tbuf vca, l1, k;
	struct buf l1_record;
	struct side rsp, req;		/* the device's, and the host's */
	bool ke;			/* a KEY_EXCHANGE_RSP was seen */
	bool mut_auth;			/* and asked for mutual authentication */
	u8 ke_slot;

	struct buf encap_req;		/* encapsulated request in flight */
	long encap_req_off;
	struct buf orig_req;		/* what RESPOND_IF_READY stands for */
	long orig_req_off;
	struct large large;

	struct spdm_signed last;
	struct span *spans;
	size_t nr_spans;
	char **labels;		/* the spans' names */
	size_t nr_labels;
};

static u16 le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 le24(const u8 *p)
{
	return p[0] | p[1] << 8 | (u32)p[2] << 16;
}

static u32 le32(const u8 *p)
{
	return le24(p) | (u32)p[3] << 24;
}

static const char *code_name(u8 code)
{
	static const struct { u8 code; const char *name; } names[] = {
		{ 0x01, "DIGESTS" }, { 0x02, "CERTIFICATE" },
		{ 0x03, "CHALLENGE_AUTH" }, { 0x04, "VERSION" },
		{ 0x05, "CHUNK_SEND_ACK" }, { 0x06, "CHUNK_RESPONSE" },
		{ 0x07, "ENDPOINT_INFO" },
		{ 0x60, "MEASUREMENTS" }, { 0x61, "CAPABILITIES" },
		{ 0x63, "ALGORITHMS" }, { 0x64, "KEY_EXCHANGE_RSP" },
		{ 0x65, "FINISH_RSP" }, { 0x6a, "ENCAPSULATED_REQUEST" },
		{ 0x6b, "ENCAPSULATED_RESPONSE_ACK" }, { 0x6d, "CSR" },
		{ 0x7f, "ERROR" }, { 0x81, "GET_DIGESTS" },
		{ 0x82, "GET_CERTIFICATE" }, { 0x83, "CHALLENGE" },
		{ 0x84, "GET_VERSION" }, { 0x85, "CHUNK_SEND" },
		{ 0x86, "CHUNK_GET" }, { 0x87, "GET_ENDPOINT_INFO" },
		{ 0xe0, "GET_MEASUREMENTS" },
		{ 0xe1, "GET_CAPABILITIES" }, { 0xe3, "NEGOTIATE_ALGORITHMS" },
		{ 0xe4, "KEY_EXCHANGE" }, { 0xe5, "FINISH" },
		{ 0xea, "GET_ENCAPSULATED_REQUEST" },
		{ 0xeb, "DELIVER_ENCAPSULATED_RESPONSE" }, { 0xed, "GET_CSR" },
		{ 0xff, "RESPOND_IF_READY" },
	};
	static char other[24];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].code == code)
			return names[i].name;
	snprintf(other, sizeof(other), "code 0x%02x", code);
	return other;
}

static size_t sig_size(u32 asym)
{
	static const size_t sizes[] = { 256, 256, 384, 384, 64, 512, 512, 96,
					132, 64, 64, 114 };
	unsigned int bit;

	for (bit = 0; bit < ARRAY_SIZE(sizes); bit++)
		if (asym == BIT(bit))
			return sizes[bit];
	return 0;
}

const char *spdm_asym_name(u32 asym)
{
	static const char * const names[] = {
		"RSASSA-2048", "RSAPSS-2048", "RSASSA-3072", "RSAPSS-3072",
		"ECDSA P-256", "RSASSA-4096", "RSAPSS-4096", "ECDSA P-384",
		"ECDSA P-521", "SM2", "Ed25519", "Ed448",
	};
	unsigned int bit;

	for (bit = 0; bit < ARRAY_SIZE(names); bit++)
		if (asym == BIT(bit))
			return names[bit];
	return "unknown";
}

const char *spdm_hash_name(u32 hash)
{
	static const char * const names[] = {
		"SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384",
		"SHA3-512",
	};
	unsigned int bit;

	for (bit = 0; bit < ARRAY_SIZE(names); bit++)
		if (hash == BIT(bit))
			return names[bit];
	return "unknown";
}

static const EVP_MD *hash_md(u32 hash)
{
	static const EVP_MD *(*const mds[])(void) = {
		EVP_sha256, EVP_sha384, EVP_sha512, EVP_sha3_256, EVP_sha3_384,
		EVP_sha3_512,
	};
	unsigned int bit;

	for (bit = 0; bit < ARRAY_SIZE(mds); bit++)
		if (hash == BIT(bit))
			return mds[bit]();
	return NULL;
}

__printf(3, 4)
static bool fail(struct spdm_ctx *c, const char *step, const char *fmt, ...)
{
	char *s;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	check(c->r, false, step, "%s", s);
	free(s);
	c->failed = true;
	return false;
}

static void span_push(struct span **s, size_t *ns, long off, size_t n,
		      const char *what)
{
	*s = realloc(*s, (*ns + 1) * sizeof(**s));
	if (!*s)
		die("out of memory");
	(*s)[(*ns)++] = (struct span){ off, n, what };
}

/*
 * Add to @s where the @n bytes at @p lie in the input: at @off (-1: not
 * in it), or, if they are part of the reassembled large response being
 * taken now, in the chunks that carried them.
 */
static void spans_add(const struct spdm_ctx *c, struct span **s, size_t *ns,
		      const u8 *p, size_t n, long off, const char *what)
{
	const struct large *l = &c->large;
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)l->msg.p;
	size_t i, take;

	if (off < 0 || !n)
		return;
	if (!l->live || at < base || at >= base + l->msg.len) {
		span_push(s, ns, off, n, what);
		return;
	}
	at -= base;
	for (i = 0; i < l->nr_map && n; i++) {
		if (at >= l->map[i].len) {
			at -= l->map[i].len;
			continue;
		}
		take = min(n, l->map[i].len - (size_t)at);
		span_push(s, ns, l->map[i].off + (long)at, take, what);
		at = 0;
		n -= take;
	}
}

static void tbuf_add(const struct spdm_ctx *c, struct tbuf *t, const void *p,
		     size_t n, long off)
{
	buf_add(&t->b, p, n);
	spans_add(c, &t->s, &t->ns, p, n, off, NULL);
}

static void tbuf_cat(struct tbuf *t, const struct tbuf *u)
{
	size_t i;

	buf_add(&t->b, u->b.p, u->b.len);
	for (i = 0; i < u->ns; i++) {
		t->s = realloc(t->s, (t->ns + 1) * sizeof(*t->s));
		if (!t->s)
			die("out of memory");
		t->s[t->ns++] = u->s[i];
	}
}

static void tbuf_reset(struct tbuf *t)
{
	t->b.len = 0;
	t->ns = 0;
}

static void tbuf_free(struct tbuf *t)
{
	buf_free(&t->b);
	free(t->s);
	t->s = NULL;
	t->ns = 0;
}

static void add_spans(struct spdm_ctx *c, const struct tbuf *t, const u8 *sig,
		      long sig_off, size_t sig_len, const char *what)
{
	size_t i;

	what = strdup(what);
	if (!what)
		die("out of memory");
	c->labels = realloc(c->labels, (c->nr_labels + 1) * sizeof(char *));
	if (!c->labels)
		die("out of memory");
	c->labels[c->nr_labels++] = (char *)what;
	for (i = 0; i < t->ns; i++)
		span_push(&c->spans, &c->nr_spans, t->s[i].off, t->s[i].len, what);
	spans_add(c, &c->spans, &c->nr_spans, sig, sig_len, sig_off, what);
}

/* 0, after saying so, if @m is shorter than @need */
static size_t short_msg(struct spdm_ctx *c, const u8 *m, size_t avail,
			size_t need)
{
	fail(c, code_name(avail >= 2 ? m[1] : 0),
	     "%zu bytes, but its fields need %zu", avail, need);
	return 0;
}

static size_t msg_size_side(struct spdm_ctx *c, const u8 *m, size_t avail,
			    const u8 *req, bool mutual);

/* Sizes that need ALGORITHMS first */
static bool need_algs(struct spdm_ctx *c, u8 code)
{
	if (c->have_algs)
		return true;
	return fail(c, code_name(code), "before ALGORITHMS chose the algorithms");
}

static size_t msg_size_side(struct spdm_ctx *c, const u8 *m, size_t avail,
			    const u8 *req, bool mutual)
{
	const struct side *s = mutual ? &c->req : &c->rsp;
	u8 v, code;
	size_t n, inner;

	if (avail < 4)
		return short_msg(c, m, avail, 4);
	v = m[0];
	code = m[1];
	switch (code) {
	case GET_VERSION:
	case GET_DIGESTS:
	case GET_ENCAP_REQUEST:
	case RESPOND_IF_READY:
		return 4;
	case 0x04:	/* VERSION */
		if (avail < 6)
			return short_msg(c, m, avail, 6);
		n = 6 + 2 * m[5];
		break;
	case GET_CAPABILITIES:
		n = v == 0x10 ? 4 : v == 0x11 ? 12 : 20;
		break;
	case 0x61:	/* CAPABILITIES */
		n = v < 0x12 ? 12 : 20;
		break;
	case NEGOTIATE_ALGORITHMS:
	case 0x63:	/* ALGORITHMS */
		if (avail < 6)
			return short_msg(c, m, avail, 6);
		n = le16(m + 4);
		if (n < (code == 0x63 ? 36u : 32u))
			return fail(c, code_name(code), "Length %zu is too small", n), 0;
		break;
	case 0x01:	/* DIGESTS */
		if (!need_algs(c, code))
			return 0;
		n = 4 + __builtin_popcount(m[3]) *
			(c->hlen + (c->multikey && !mutual ? 4 : 0));
		break;
	case GET_CERTIFICATE:
		n = 8;
		break;
	case CHUNK_GET:
		n = CHUNK_GET_SIZE;
		break;
	case 0x02:	/* CERTIFICATE */
		if (avail < 8)
			return short_msg(c, m, avail, 8);
		n = 8 + le16(m + 4);
		break;
	case CHALLENGE:
		n = 36 + (v >= 0x13 ? CONTEXT_SIZE : 0);
		break;
	case 0x03:	/* CHALLENGE_AUTH */
		if (!need_algs(c, code))
			return 0;
		n = 4 + c->hlen + SPDM_NONCE_SIZE;
		if (!mutual && req[3] && CAP_MEAS(c->rsp_caps))
			n += c->hlen;
		if (avail < n + 2)
			return short_msg(c, m, avail, n + 2);
		n += 2 + le16(m + n) + (v >= 0x13 ? CONTEXT_SIZE : 0) + s->sig;
		break;
	case GET_MEASUREMENTS:
		n = 4;
		if (m[2] & 1)
			n += SPDM_NONCE_SIZE + (v >= 0x11);
		n += v >= 0x13 ? CONTEXT_SIZE : 0;
		break;
	case 0x60:	/* MEASUREMENTS */
		if (!need_algs(c, code))
			return 0;
		if (avail < 8)
			return short_msg(c, m, avail, 8);
		n = 8 + le24(m + 5) + SPDM_NONCE_SIZE;
		if (avail < n + 2)
			return short_msg(c, m, avail, n + 2);
		n += 2 + le16(m + n) + (v >= 0x13 ? CONTEXT_SIZE : 0);
		if (req[2] & 1)
			n += c->rsp.sig;
		break;
	case KEY_EXCHANGE:
		if (!need_algs(c, code))
			return 0;
		n = 40 + c->dhe_len;
		if (avail < n + 2)
			return short_msg(c, m, avail, n + 2);
		n += 2 + le16(m + n);
		break;
	case 0x64:	/* KEY_EXCHANGE_RSP */
		if (!need_algs(c, code))
			return 0;
		n = 40 + c->dhe_len + (req[2] ? c->hlen : 0);
		if (avail < n + 2)
			return short_msg(c, m, avail, n + 2);
		n += 2 + le16(m + n) + c->rsp.sig;
		if (!(c->req_caps & c->rsp_caps & CAP_HANDSHAKE_CLEAR))
			n += c->hlen;
		break;
	case FINISH:
		if (!need_algs(c, code))
			return 0;
		n = 4 + (m[2] & 1 ? c->req.sig : 0) + c->hlen;
		break;
	case 0x65:	/* FINISH_RSP */
		n = 4;
		if (c->req_caps & c->rsp_caps & CAP_HANDSHAKE_CLEAR)
			n += c->hlen;
		break;
	case 0x6a:	/* ENCAPSULATED_REQUEST: a request of the responder's */
		inner = msg_size_side(c, m + 4, avail - 4, NULL, true);
		if (!inner)
			return 0;
		n = 4 + inner;
		break;
	case DELIVER_ENCAP_RESPONSE:
		if (!c->encap_req.len)
			return fail(c, code_name(code), "no encapsulated request to answer"), 0;
		inner = msg_size_side(c, m + 4, avail - 4, c->encap_req.p, true);
		if (!inner)
			return 0;
		n = 4 + inner;
		break;
	case 0x6b:	/* ENCAPSULATED_RESPONSE_ACK */
		n = 4 + (v >= 0x12 ? 4 : 0);
		if (m[3] == 1) {
			if (avail < n)
				return short_msg(c, m, avail, n);
			inner = msg_size_side(c, m + n, avail - n, NULL, true);
			if (!inner)
				return 0;
			n += inner;
		}
		break;
	case GET_CSR:
		if (avail < 8)
			return short_msg(c, m, avail, 8);
		n = 8 + le16(m + 4) + le16(m + 6);
		break;
	case 0x6d:	/* CSR */
		if (avail < 8)
			return short_msg(c, m, avail, 8);
		n = 8 + le16(m + 4);
		break;
	default:
		/* ERROR and what no signature here covers: as received */
		return avail;
	}
	if (avail < n)
		return short_msg(c, m, avail, n);
	return n;
}

size_t spdm_msg_size(struct spdm_ctx *c, const u8 *m, size_t avail,
		     const u8 *req)
{
	return msg_size_side(c, m, avail, req, false);
}

/* The leaf of @s's chain in @slot, checked the first time it is needed */
static X509 *side_leaf(struct spdm_ctx *c, struct side *s, unsigned int slot)
{
	const struct buf *chain = &s->chain[slot];
	char name[48];

	if (s->leaf[slot])
		return s->leaf[slot];
	if (s == &c->rsp && !s->complete[slot] && c->o.chains &&
	    c->o.chains[slot].len) {
		s->chain[slot].len = 0;
		buf_add(&s->chain[slot], c->o.chains[slot].p, c->o.chains[slot].len);
		s->complete[slot] = true;
	}
	if (!s->complete[slot]) {
		fail(c, "certificate chain", "no %s chain in slot %u to verify with",
		     s->who, slot);
		return NULL;
	}
	snprintf(name, sizeof(name), "%s certificate chain, slot %u", s->who, slot);
	s->leaf[slot] = chain_check(c->r, name, chain, c->md, c->o.trust,
				    c->o.trust_own_root);
	if (!s->leaf[slot])
		c->failed = true;
	return s->leaf[slot];
}

static bool key_matches(EVP_PKEY *key, u32 asym)
{
	/* By BaseAsymAlgo bit: the key type and size it needs */
	static const struct { int type, bits; } keys[] = {
		{ EVP_PKEY_RSA, 2048 }, { EVP_PKEY_RSA, 2048 },
		{ EVP_PKEY_RSA, 3072 }, { EVP_PKEY_RSA, 3072 },
		{ EVP_PKEY_EC, 256 }, { EVP_PKEY_RSA, 4096 },
		{ EVP_PKEY_RSA, 4096 }, { EVP_PKEY_EC, 384 },
		{ EVP_PKEY_EC, 521 }, { 0, 0 },
		{ EVP_PKEY_ED25519, 256 }, { EVP_PKEY_ED448, 456 },
	};
	unsigned int bit;

	for (bit = 0; bit < ARRAY_SIZE(keys); bit++)
		if (asym == BIT(bit))
			return keys[bit].type &&
			       EVP_PKEY_get_base_id(key) == keys[bit].type &&
			       EVP_PKEY_get_bits(key) == keys[bit].bits;
	return false;
}

/* ECDSA r || s as the DER SEQUENCE OpenSSL verifies */
static unsigned char *ecdsa_der(const u8 *sig, size_t len, int *der_len)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	unsigned char *der = NULL;
	BIGNUM *r, *s;

	r = BN_bin2bn(sig, len / 2, NULL);
	s = BN_bin2bn(sig + len / 2, len / 2, NULL);
	if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s))
		die("out of memory");
	*der_len = i2d_ECDSA_SIG(es, &der);
	ECDSA_SIG_free(es);
	if (*der_len <= 0)
		die("cannot encode an ECDSA signature");
	return der;
}

/*
 * Check @sig over transcript @t: from 1.2 on, the device signs the
 * combined prefix (version and @context) followed by the hash of the
 * transcript; before, the transcript itself.
 */
static bool verify_sig(struct spdm_ctx *c, const char *what, X509 *leaf,
		       u32 asym, const char *context, const struct tbuf *t,
		       const u8 *sig, size_t sig_len, long sig_off)
{
	u8 msg[COMBINED_PREFIX_SIZE + EVP_MAX_MD_SIZE];
	EVP_PKEY *key = X509_get0_pubkey(leaf);
	const u8 *data = t->b.p, *raw = sig;
	size_t data_len = t->b.len;
	unsigned char *der = NULL;
	EVP_PKEY_CTX *pctx;
	EVP_MD_CTX *mctx;
	const EVP_MD *md = c->md;
	size_t raw_len = sig_len;
	int der_len = 0, rc;
	unsigned int i;

	if (!key || !key_matches(key, asym))
		return fail(c, what, "the leaf key is not %s", spdm_asym_name(asym));
	if (c->ver >= 0x12) {
		size_t clen = strlen(context);

		for (i = 0; i < 4; i++) {
			memcpy(msg + 16 * i, "dmtf-spdm-vM.N.*", 16);
			msg[16 * i + 11] = '0' + (c->ver >> 4);
			msg[16 * i + 13] = '0' + (c->ver & 0xf);
		}
		memset(msg + 64, 0, COMBINED_PREFIX_SIZE - 64 - clen);
		memcpy(msg + COMBINED_PREFIX_SIZE - clen, context, clen);
		if (!EVP_Digest(t->b.p, t->b.len, msg + COMBINED_PREFIX_SIZE,
				NULL, c->md, NULL))
			die("hash failed");
		data = msg;
		data_len = COMBINED_PREFIX_SIZE + c->hlen;
	}
	if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
		der = ecdsa_der(sig, sig_len, &der_len);
		sig = der;
		sig_len = der_len;
	}
	if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_base_id(key) == EVP_PKEY_ED448)
		md = NULL;

	mctx = EVP_MD_CTX_new();
	if (!mctx || EVP_DigestVerifyInit(mctx, &pctx, md, NULL, key) != 1)
		die("cannot set up signature verification");
	if (asym == BIT(1) || asym == BIT(3) || asym == BIT(6)) {
		if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
		    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)
			die("cannot set up RSASSA-PSS");
	}
	rc = EVP_DigestVerify(mctx, sig, sig_len, data, data_len);
	EVP_MD_CTX_free(mctx);
	OPENSSL_free(der);
	if (rc != 1)
		return fail(c, what, "signature does not verify (%s, %s, %zu transcript bytes)",
			    spdm_asym_name(asym), spdm_hash_name(c->hash), t->b.len);
	check(c->r, true, what, "signature good (%s, %s)", spdm_asym_name(asym),
	      spdm_hash_name(c->hash));
	c->r->nr_sigs++;
	add_spans(c, t, raw, sig_off, raw_len, what);
	return true;
}

static void slot_drop(struct side *s, unsigned int slot)
{
	buf_free(&s->chain[slot]);
	X509_free(s->leaf[slot]);
	s->leaf[slot] = NULL;
	s->complete[slot] = false;
}

static void side_reset(struct side *s)
{
	unsigned int i;

	for (i = 0; i < SPDM_NR_SLOTS; i++)
		slot_drop(s, i);
	s->digest_mask = 0;
	tbuf_reset(&s->m1);
}

/*
 * A new VCA: M1 starts again, but the chains read to their end stay, as
 * with a requester that caches them (the device's chain is the same on
 * a new connection). Which algorithms they were read with decides,
 * once the new ALGORITHMS are known, whether they still count.
 */
static void side_restart(struct spdm_ctx *c, struct side *s)
{
	unsigned int i;

	for (i = 0; i < SPDM_NR_SLOTS; i++)
		if (!s->complete[i])
			slot_drop(s, i);
	s->digest_mask = 0;
	tbuf_reset(&s->m1);
	/* (A VCA cut short before ALGORITHMS leaves them as they were) */
	if (c->have_algs) {
		s->kept_hash = c->hash;
		s->kept_asym = s->asym;
	}
}

/*
 * The chains kept from before the new VCA, now that ALGORITHMS are
 * known. A chain's RootHash, and so its bytes and its digest, depend on
 * the hash algorithm, and its leaf key must be of the signature
 * algorithm: with another of either the chain is not the one the device
 * now has in the slot, and it must be read again.
 */
static void side_algs(struct spdm_ctx *c, struct side *s)
{
	unsigned int i, mask = 0;

	for (i = 0; i < SPDM_NR_SLOTS; i++)
		if (s->complete[i])
			mask |= BIT(i);
	if (!mask)
		return;
	if (c->hash == s->kept_hash && s->asym == s->kept_asym) {
		check(c->r, true, "certificate chain",
		      "the %s's chains of slots 0x%02x, read before this VCA, are kept (%s, %s)",
		      s->who, mask, spdm_hash_name(c->hash), spdm_asym_name(s->asym));
		return;
	}
	check(c->r, true, "certificate chain",
	      "the %s's chains of slots 0x%02x were read with %s and %s, not %s and %s: dropped",
	      s->who, mask, spdm_hash_name(s->kept_hash), spdm_asym_name(s->kept_asym),
	      spdm_hash_name(c->hash), spdm_asym_name(s->asym));
	for (i = 0; i < SPDM_NR_SLOTS; i++)
		slot_drop(s, i);
}

static bool parse_algorithms(struct spdm_ctx *c, const u8 *m, size_t len)
{
	size_t off;
	unsigned int i;

	c->meas_hash = le32(m + 8);
	c->req.asym = 0;
	c->req.sig = 0;
	c->rsp.asym = le32(m + 12);
	c->hash = le32(m + 16);
	c->md = hash_md(c->hash);
	c->rsp.sig = sig_size(c->rsp.asym);
	if (!c->md || !c->rsp.sig)
		return fail(c, "ALGORITHMS", "BaseAsymSel 0x%x, BaseHashSel 0x%x: unsupported",
			    c->rsp.asym, c->hash);
	c->hlen = EVP_MD_get_size(c->md);
	off = 36 + 4 * (m[32] + m[33]);
	for (i = 0; i < m[2]; i++) {
		size_t ext;
		u16 sel;

		if (off + 4 > len)
			return fail(c, "ALGORITHMS", "AlgStruct %u beyond Length %zu", i, len);
		ext = 4 * (m[off + 1] & 0xf);
		sel = le16(m + off + 2);
		if (m[off] == 2) {
			static const size_t dhe_sizes[] = { 256, 384, 512, 64, 96, 132, 64 };
			unsigned int bit = __builtin_ctz(sel | 0x8000);

			c->dhe = sel;
			c->dhe_len = bit < 7 && sel == BIT(bit) ? dhe_sizes[bit] : 0;
		} else if (m[off] == 4) {
			c->req.asym = sel;
			c->req.sig = sig_size(sel);
		}
		off += 4 + ext;
		if (off > len)
			return fail(c, "ALGORITHMS", "AlgStruct %u beyond Length %zu", i, len);
	}
	c->multikey = c->ver >= 0x13 &&
		      (CAP_MULTI_KEY(c->rsp_caps) == 1 ||
		       (CAP_MULTI_KEY(c->rsp_caps) == 2 &&
			(c->neg_other & ALG_MULTI_KEY_CONN)));
	c->have_algs = true;
	side_algs(c, &c->rsp);
	side_algs(c, &c->req);
	return true;
}

/* GET_CERTIFICATE: one portion of a chain */
static bool cert_portion(struct spdm_ctx *c, struct side *s, const u8 *req,
			 const u8 *rsp)
{
	unsigned int slot = req[2] & 0xf;
	size_t off = le16(req + 4), portion = le16(rsp + 4);
	u8 digest[EVP_MAX_MD_SIZE];

	if (slot >= SPDM_NR_SLOTS || (rsp[2] & 0xf) != slot)
		return fail(c, "CERTIFICATE", "slot %u answered for slot %u",
			    rsp[2] & 0xf, slot);
	if (c->ver >= 0x13 && (req[3] & 1))
		return true;	/* SlotSizeRequested: no portion */
	if (off == 0) {
		s->chain[slot].len = 0;
		s->complete[slot] = false;
		X509_free(s->leaf[slot]);
		s->leaf[slot] = NULL;
	}
	if (off != s->chain[slot].len)
		return fail(c, "CERTIFICATE", "slot %u: portion at %zu, but %zu bytes so far",
			    slot, off, s->chain[slot].len);
	buf_add(&s->chain[slot], rsp + 8, portion);
	if (le16(rsp + 6))
		return true;
	s->complete[slot] = true;
	if (s == &c->rsp && c->o.chains && c->o.chains[slot].len &&
	    !buf_eq(&c->o.chains[slot], s->chain[slot].p, s->chain[slot].len))
		return fail(c, "certificate chain",
			    "slot %u: the transcript's chain is not the cert%u object", slot, slot);
	if (s->digest_mask & (1 << slot)) {
		EVP_Digest(s->chain[slot].p, s->chain[slot].len, digest, NULL, c->md, NULL);
		if (memcmp(digest, s->digest[slot], c->hlen))
			return fail(c, "DIGESTS", "the %s's digest of slot %u is not its chain's",
				    s->who, slot);
		check(c->r, true, "DIGESTS", "the %s's digest of slot %u matches its chain",
		      s->who, slot);
	}
	return true;
}

static void chain_hash(struct spdm_ctx *c, struct side *s, unsigned int slot,
		       u8 *out)
{
	EVP_Digest(s->chain[slot].p, s->chain[slot].len, out, NULL, c->md, NULL);
}

/*
 * DIGESTS against the chains held: one that still has its digest is the
 * device's chain and need not be read again; the others are dropped (the
 * slot was emptied or given another chain).
 */
static void digests_held(struct spdm_ctx *c, struct side *s)
{
	u8 digest[EVP_MAX_MD_SIZE];
	unsigned int i;

	for (i = 0; i < SPDM_NR_SLOTS; i++) {
		if (!s->complete[i])
			continue;
		if (s->digest_mask & BIT(i)) {
			chain_hash(c, s, i, digest);
			if (!memcmp(digest, s->digest[i], c->hlen)) {
				check(c->r, true, "DIGESTS",
				      "the %s's digest of slot %u matches the chain read before",
				      s->who, i);
				continue;
			}
		}
		check(c->r, true, "DIGESTS",
		      "the %s's slot %u %s: the chain read before is dropped", s->who, i,
		      s->digest_mask & BIT(i) ? "has another digest" : "is empty");
		slot_drop(s, i);
	}
}

/* CHALLENGE / CHALLENGE_AUTH, by the device or (encapsulated) the host */
static bool challenge_exchange(struct spdm_ctx *c, struct side *s,
			       const u8 *req, size_t req_len, long req_off,
			       const u8 *rsp, size_t rsp_len, long rsp_off)
{
	bool mutual = s == &c->req;
	unsigned int slot = req[2];
	u8 digest[EVP_MAX_MD_SIZE];
	size_t body = rsp_len - s->sig;
	struct tbuf t = { 0 };
	char what[64];
	X509 *leaf;
	bool ok;

	snprintf(what, sizeof(what), "%sCHALLENGE_AUTH, slot %u",
		 mutual ? "requester's " : "", slot);
	if (slot >= SPDM_NR_SLOTS)
		return fail(c, what, "slot 0x%02x: only certificate slots are supported", slot);
	if ((rsp[2] & 0xf) != slot)
		return fail(c, what, "answered for slot %u", rsp[2] & 0xf);
	leaf = side_leaf(c, s, slot);
	if (!leaf)
		return false;
	chain_hash(c, s, slot, digest);
	if (memcmp(rsp + 4, digest, c->hlen))
		return fail(c, what, "CertChainHash is not the hash of slot %u's chain", slot);

	tbuf_cat(&t, &c->vca);
	tbuf_cat(&t, &s->m1);
	tbuf_add(c, &t, req, req_len, req_off);
	tbuf_add(c, &t, rsp, body, rsp_off);
	ok = verify_sig(c, what, leaf, s->asym, mutual ?
			"requester-challenge_auth signing" :
			"responder-challenge_auth signing",
			&t, rsp + body, s->sig, rsp_off < 0 ? -1 : rsp_off + (long)body);
	if (!mutual) {
		c->last.code = CHALLENGE;
		c->last.ok = ok;
		c->last.slot = slot;
		memcpy(c->last.req_nonce, req + 4, SPDM_NONCE_SIZE);
		memcpy(c->last.rsp_nonce, rsp + 4 + c->hlen, SPDM_NONCE_SIZE);
		buf_set(&c->last.transcript, t.b.p, t.b.len);
		c->last.record.len = 0;
	}
	tbuf_free(&t);
	tbuf_reset(&s->m1);
	return ok;
}

static bool meas_exchange(struct spdm_ctx *c, const u8 *req, size_t req_len,
			  long req_off, const u8 *rsp, size_t rsp_len,
			  long rsp_off)
{
	bool sign = req[2] & 1;
	size_t rec = le24(rsp + 5), body = rsp_len - (sign ? c->rsp.sig : 0);
	unsigned int slot = sign && c->ver >= 0x11 ? req[4 + SPDM_NONCE_SIZE] & 0xf : 0;
	char what[64];
	X509 *leaf;
	bool ok;

	if (!c->l1.b.len && c->ver >= 0x12)
		tbuf_cat(&c->l1, &c->vca);
	if (!c->l1_record.len)
		c->r->nr_meas = 0;
	tbuf_add(c, &c->l1, req, req_len, req_off);
	tbuf_add(c, &c->l1, rsp, body, rsp_off);
	buf_add(&c->l1_record, rsp + 8, rec);
	if (!spdm_parse_record(c->r, rsp + 8, rec, rsp[4]))
		return c->failed = true, false;
	if (!sign)
		return true;

	snprintf(what, sizeof(what), "MEASUREMENTS, slot %u", slot);
	if (c->ver >= 0x11 && (rsp[3] & 0xf) != slot)
		return fail(c, what, "answered for slot %u", rsp[3] & 0xf);
	leaf = side_leaf(c, &c->rsp, slot);
	if (!leaf)
		return false;
	ok = verify_sig(c, what, leaf, c->rsp.asym, "responder-measurements signing",
			&c->l1, rsp + body, c->rsp.sig,
			rsp_off < 0 ? -1 : rsp_off + (long)body);
	c->last.code = GET_MEASUREMENTS;
	c->last.ok = ok;
	c->last.slot = slot;
	memcpy(c->last.req_nonce, req + 4, SPDM_NONCE_SIZE);
	memcpy(c->last.rsp_nonce, rsp + 8 + rec, SPDM_NONCE_SIZE);
	buf_set(&c->last.transcript, c->l1.b.p, c->l1.b.len);
	buf_set(&c->last.record, c->l1_record.p, c->l1_record.len);
	tbuf_reset(&c->l1);
	c->l1_record.len = 0;
	return ok;
}

static bool ke_exchange(struct spdm_ctx *c, const u8 *req, size_t req_len,
			long req_off, const u8 *rsp, size_t rsp_len,
			long rsp_off)
{
	size_t vd = c->req_caps & c->rsp_caps & CAP_HANDSHAKE_CLEAR ? 0 : c->hlen;
	size_t body = rsp_len - c->rsp.sig - vd;
	u8 ct[EVP_MAX_MD_SIZE];
	unsigned int slot = req[3];
	struct tbuf t = { 0 };
	char what[64];
	X509 *leaf;
	bool ok;

	c->ke = false;
	snprintf(what, sizeof(what), "KEY_EXCHANGE_RSP, slot %u", slot);
	if (slot >= SPDM_NR_SLOTS)
		return fail(c, what, "slot 0x%02x: only certificate slots are supported", slot);
	leaf = side_leaf(c, &c->rsp, slot);
	if (!leaf)
		return false;
	chain_hash(c, &c->rsp, slot, ct);
	tbuf_cat(&t, &c->vca);
	tbuf_add(c, &t, ct, c->hlen, -1);
	tbuf_add(c, &t, req, req_len, req_off);
	tbuf_add(c, &t, rsp, body, rsp_off);
	ok = verify_sig(c, what, leaf, c->rsp.asym, "responder-key_exchange_rsp signing",
			&t, rsp + body, c->rsp.sig,
			rsp_off < 0 ? -1 : rsp_off + (long)body);
	tbuf_free(&t);
	/* FINISH's TH goes on with all of both messages */
	tbuf_reset(&c->k);
	tbuf_add(c, &c->k, req, req_len, req_off);
	tbuf_add(c, &c->k, rsp, rsp_len, rsp_off);
	c->ke = ok;
	c->ke_slot = slot;
	c->mut_auth = rsp[6] & 7;
	return ok;
}

static bool finish_exchange(struct spdm_ctx *c, const u8 *req, long req_off)
{
	u8 ct[EVP_MAX_MD_SIZE], cm[EVP_MAX_MD_SIZE];
	unsigned int slot = req[3];
	struct tbuf t = { 0 };
	char what[64];
	X509 *leaf;
	bool ok;

	if (!(req[2] & 1)) {
		if (c->ke && c->mut_auth)
			return fail(c, "FINISH",
				    "no signature, but KEY_EXCHANGE_RSP asked for mutual auth");
		return true;
	}
	snprintf(what, sizeof(what), "requester's FINISH, slot %u", slot);
	if (!c->ke)
		return fail(c, what, "no verified KEY_EXCHANGE_RSP before it");
	if (slot >= SPDM_NR_SLOTS)
		return fail(c, what, "slot 0x%02x: only certificate slots are supported", slot);
	leaf = side_leaf(c, &c->req, slot);
	if (!leaf)
		return false;
	chain_hash(c, &c->rsp, c->ke_slot, ct);
	chain_hash(c, &c->req, slot, cm);
	tbuf_cat(&t, &c->vca);
	tbuf_add(c, &t, ct, c->hlen, -1);
	tbuf_cat(&t, &c->k);
	tbuf_add(c, &t, cm, c->hlen, -1);
	tbuf_add(c, &t, req, 4, req_off);
	ok = verify_sig(c, what, leaf, c->req.asym, "requester-finish signing", &t,
			req + 4, c->req.sig, req_off < 0 ? -1 : req_off + 4);
	tbuf_free(&t);
	c->ke = false;
	return ok;
}

static bool csr_exchange(struct spdm_ctx *c, const u8 *rsp, size_t rsp_len)
{
	const unsigned char *p = rsp + 8;
	X509_REQ *x;
	bool ok;

	x = d2i_X509_REQ(NULL, &p, rsp_len - 8);
	if (!x || p != rsp + rsp_len)
		ok = fail(c, "CSR", "not one DER certificate request");
	else if (X509_REQ_verify(x, X509_REQ_get0_pubkey(x)) != 1)
		ok = fail(c, "CSR", "its signature does not verify");
	else
		ok = true;
	if (ok) {
		check(c->r, true, "CSR", "signature good");
		c->r->nr_certs++;
	}
	X509_REQ_free(x);
	return ok;
}

/* One exchange of @s's authentication (the host's: encapsulated) */
static bool auth_exchange(struct spdm_ctx *c, struct side *s, const u8 *req,
			  size_t req_len, long req_off, const u8 *rsp,
			  size_t rsp_len, long rsp_off)
{
	unsigned int i, n = 0;

	switch (req[1]) {
	case GET_DIGESTS:
		tbuf_reset(&s->m1);
		tbuf_add(c, &s->m1, req, req_len, req_off);
		tbuf_add(c, &s->m1, rsp, rsp_len, rsp_off);
		s->digest_mask = rsp[3];
		for (i = 0; i < SPDM_NR_SLOTS; i++) {
			if (!(rsp[3] & (1 << i)))
				continue;
			memcpy(s->digest[i], rsp + 4 + n * c->hlen, c->hlen);
			n++;
		}
		digests_held(c, s);
		return true;
	case GET_CERTIFICATE:
		tbuf_add(c, &s->m1, req, req_len, req_off);
		tbuf_add(c, &s->m1, rsp, rsp_len, rsp_off);
		return cert_portion(c, s, req, rsp);
	case CHALLENGE:
		return challenge_exchange(c, s, req, req_len, req_off, rsp, rsp_len, rsp_off);
	}
	return true;
}

/*
 * The signed response @req asks for, named as its check is (e.g.
 * "CHALLENGE_AUTH, slot 0") in @name; NULL if its response is not signed.
 */
static const char *signed_rsp(const struct spdm_ctx *c, const u8 *req,
			      size_t req_len, char *name, size_t size)
{
	unsigned int slot;

	switch (req[1]) {
	case CHALLENGE:
		snprintf(name, size, "CHALLENGE_AUTH, slot %u", req[2]);
		return name;
	case GET_MEASUREMENTS:
		if (!(req[2] & 1))
			return NULL;
		slot = c->ver >= 0x11 && req_len > 4 + SPDM_NONCE_SIZE ?
		       req[4 + SPDM_NONCE_SIZE] & 0xf : 0;
		snprintf(name, size, "MEASUREMENTS, slot %u", slot);
		return name;
	case KEY_EXCHANGE:
		snprintf(name, size, "KEY_EXCHANGE_RSP, slot %u", req[3]);
		return name;
	case GET_ENDPOINT_INFO:
		/* RequestAttributes bit 0: SignatureRequested */
		if (req_len < 5 || !(req[4] & 1))
			return NULL;
		snprintf(name, size, "ENDPOINT_INFO, slot %u", req[3] & 0xf);
		return name;
	}
	return NULL;
}

/*
 * The large response was not read to its last good chunk: a failure, and
 * if the response is a signed one, a signature not checked.
 */
__printf(2, 3)
static bool large_fail(struct spdm_ctx *c, const char *fmt, ...)
{
	struct large *l = &c->large;
	char what[48], name[48], *why;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	l->pending = false;
	snprintf(what, sizeof(what), "large %s", code_name(l->req.p[1] & 0x7f));
	fail(c, what, "handle %u, %zu bytes in %u chunk(s) so far: %s", l->handle,
	     l->msg.len, (unsigned int)l->nr_map, why);
	if (signed_rsp(c, l->req.p, l->req.len, name, sizeof(name)))
		unchecked(c->r, name, "its chunks were not all read: %s", why);
	free(why);
	return false;
}

/* ERROR(LargeResponse): the response to @req comes in chunks */
static bool large_start(struct spdm_ctx *c, const u8 *req, size_t req_len,
			long req_off, const u8 *rsp, size_t rsp_len)
{
	struct large *l = &c->large;
	char what[48];

	snprintf(what, sizeof(what), "large %s", code_name(req[1] & 0x7f));
	if (!c->have_algs || c->ver < 0x12 || req[1] == GET_VERSION)
		return fail(c, what,
			    "ERROR(LargeResponse) to %s, but SPDM 1.2 or later is not negotiated",
			    code_name(req[1]));
	if (rsp[0] != c->ver || rsp_len < 5)
		return fail(c, what, "ERROR(LargeResponse) of version 0x%02x in %zu bytes",
			    rsp[0], rsp_len);
	if (!(c->rsp_caps & CAP_CHUNK))
		return fail(c, what, "ERROR(LargeResponse), but the responder has no CHUNK_CAP");
	l->pending = true;
	l->in_input = true;
	l->handle = rsp[4];	/* ExtendedErrorData */
	l->seq = 0;
	l->total = 0;
	l->msg.len = 0;
	l->nr_map = 0;
	buf_set(&l->req, req, req_len);
	l->req_off = req_off;
	return true;
}

static bool respond(struct spdm_ctx *c, const u8 *req, size_t req_len,
		    long req_off, const u8 *rsp, size_t rsp_avail, long rsp_off,
		    bool large);

/* The last chunk is in: take the whole as the response to the request */
static bool large_done(struct spdm_ctx *c)
{
	struct large *l = &c->large;
	char what[48];
	bool ok;

	l->pending = false;
	snprintf(what, sizeof(what), "large %s", code_name(l->req.p[1] & 0x7f));
	check(c->r, true, what, "%zu bytes in %u chunks (handle %u), reassembled",
	      l->msg.len, (unsigned int)l->nr_map, l->handle);
	l->live = true;
	ok = respond(c, l->req.p, l->req.len, l->req_off, l->msg.p, l->msg.len,
		     l->in_input ? 0 : -1, true);
	l->live = false;
	return ok;
}

/*
 * CHUNK_GET and CHUNK_RESPONSE: each chunk must be the one asked for,
 * with the handle of the ERROR(LargeResponse), hold the bytes it says,
 * fit what the requester said it takes, and stay within the
 * LargeMessageSize of the first chunk; the one marked LastChunk must end
 * it exactly. None of these messages is in a transcript.
 */
static bool chunk_exchange(struct spdm_ctx *c, const u8 *req, const u8 *rsp,
			   size_t rsp_avail, long rsp_off)
{
	struct large *l = &c->large;
	size_t hdr = CHUNK_RSP_HDR + (l->seq ? 0 : 4), size;

	if (req[1] != CHUNK_GET)
		return large_fail(c, "%s came next, not CHUNK_GET", code_name(req[1]));
	if (req[0] != c->ver || req[3] != l->handle || le16(req + 4) != l->seq)
		return large_fail(c,
				  "CHUNK_GET of version 0x%02x for handle %u, chunk %u; chunk %u is next",
				  req[0], req[3], le16(req + 4), l->seq);
	if (rsp_avail < 4)
		return large_fail(c, "chunk %u: a %zu-byte answer", l->seq, rsp_avail);
	if (rsp[1] == ERROR)
		return large_fail(c, "chunk %u: answered with ERROR 0x%02x", l->seq, rsp[2]);
	if (rsp[1] != CHUNK_RESPONSE || rsp[0] != c->ver)
		return large_fail(c, "chunk %u: answered with %s of version 0x%02x", l->seq,
				  code_name(rsp[1]), rsp[0]);
	if (rsp_avail < hdr)
		return large_fail(c, "chunk %u: %zu bytes, its header alone is %zu", l->seq,
				  rsp_avail, hdr);
	if (rsp[3] != l->handle || le16(rsp + 4) != l->seq)
		return large_fail(c, "CHUNK_RESPONSE for handle %u, chunk %u; asked for chunk %u",
				  rsp[3], le16(rsp + 4), l->seq);
	size = le32(rsp + 8);
	if (!l->seq) {
		l->total = le32(rsp + 12);
		if (l->total > c->req_max)
			return large_fail(c,
					  "LargeMessageSize %zu, more than the requester's MaxSPDMmsgSize %u",
					  l->total, c->req_max);
	}
	/* A transport pads to dwords at most */
	if (!size || size > rsp_avail - hdr || rsp_avail - hdr - size > 3)
		return large_fail(c, "chunk %u: ChunkSize %zu in %zu bytes", l->seq, size,
				  rsp_avail);
	if (hdr + size > c->req_dts)
		return large_fail(c,
				  "chunk %u: %zu bytes, more than the requester's DataTransferSize %u",
				  l->seq, hdr + size, c->req_dts);
	if (size > l->total - l->msg.len)
		return large_fail(c, "chunk %u: %zu bytes after %zu, past LargeMessageSize %zu",
				  l->seq, size, l->msg.len, l->total);
	buf_add(&l->msg, rsp + hdr, size);
	if (rsp_off < 0)
		l->in_input = false;
	span_push(&l->map, &l->nr_map, rsp_off < 0 ? -1 : rsp_off + (long)hdr, size, NULL);
	if (rsp[2] & CHUNK_LAST) {
		if (l->msg.len != l->total)
			return large_fail(c,
					  "the last chunk, %u, ends at %zu of LargeMessageSize %zu",
					  l->seq, l->msg.len, l->total);
		return large_done(c);
	}
	if (l->msg.len == l->total)
		return large_fail(c, "chunk %u ends LargeMessageSize %zu, but is not the last",
				  l->seq, l->total);
	if (l->seq == 0xffff)
		return large_fail(c, "more than 65536 chunks");
	l->seq++;
	return true;
}

bool spdm_end(struct spdm_ctx *c)
{
	if (c->failed || !c->large.pending)
		return true;
	return large_fail(c, "the input ends before its last chunk");
}

bool spdm_exchange(struct spdm_ctx *c, const u8 *req, size_t req_avail,
		   long req_off, const u8 *rsp, size_t rsp_avail,
		   long rsp_off)
{
	size_t req_len;

	if (c->failed)
		return false;
	req_len = spdm_msg_size(c, req, req_avail, NULL);
	if (!req_len)
		return false;
	/* A transport pads to dwords at most */
	if (req_avail - req_len > 3)
		return fail(c, code_name(req[1]), "%zu bytes after its %zu", req_avail - req_len,
			    req_len);
	if (c->large.pending)
		return chunk_exchange(c, req, rsp, rsp_avail, rsp_off);
	switch (req[1]) {
	case CHUNK_GET:
		return fail(c, "CHUNK_GET", "no ERROR(LargeResponse) before it");
	case CHUNK_SEND:
		/* The request it carries could be one whose response is signed */
		unchecked(c->r, "CHUNK_SEND",
			  "a request sent in chunks is not reassembled; it and what follows are not checked");
		c->failed = true;
		return false;
	case RESPOND_IF_READY:
		if (!c->orig_req.len)
			return fail(c, "RESPOND_IF_READY", "no request is waiting");
		req = c->orig_req.p;
		req_len = c->orig_req.len;
		req_off = c->orig_req_off;
		break;
	}
	if (!(req[1] & 0x80))
		return fail(c, code_name(req[1]), "a response where a request belongs");
	return respond(c, req, req_len, req_off, rsp, rsp_avail, rsp_off, false);
}

/*
 * The response to @req: as received (@large false: it may have up to 3
 * bytes of transport padding) or reassembled from chunks (exact).
 */
static bool respond(struct spdm_ctx *c, const u8 *req, size_t req_len,
		    long req_off, const u8 *rsp, size_t rsp_avail, long rsp_off,
		    bool large)
{
	size_t rsp_len, n;
	char name[48];

	rsp_len = spdm_msg_size(c, rsp, rsp_avail, req);
	if (!rsp_len)
		return false;
	if (rsp_avail - rsp_len > (large ? 0 : 3))
		return fail(c, code_name(rsp[1]), "%zu bytes after its %zu", rsp_avail - rsp_len,
			    rsp_len);
	if (rsp[1] == ERROR) {
		if (large)
			return fail(c, code_name(req[1]), "answered with an ERROR in chunks");
		if (rsp[2] == ERR_LARGE_RESPONSE)
			return large_start(c, req, req_len, req_off, rsp, rsp_len);
		if (rsp[2] == ERR_RESPONSE_NOT_READY && req[1] != RESPOND_IF_READY) {
			buf_set(&c->orig_req, req, req_len);
			c->orig_req_off = req_off;
		}
		return true;
	}
	if (rsp[1] != (req[1] & 0x7f))
		return fail(c, code_name(req[1]), "answered with %s", code_name(rsp[1]));
	if (req[1] != GET_VERSION && c->ver &&
	    (req[0] != c->ver || rsp[0] != c->ver))
		return fail(c, code_name(rsp[1]), "SPDM version 0x%02x/0x%02x, negotiated 0x%02x",
			    req[0], rsp[0], c->ver);
	if (req[1] != GET_MEASUREMENTS) {
		tbuf_reset(&c->l1);
		c->l1_record.len = 0;
	}

	switch (req[1]) {
	case GET_VERSION:
		side_restart(c, &c->rsp);
		side_restart(c, &c->req);
		tbuf_reset(&c->vca);
		c->ver = 0;
		c->have_algs = false;
		c->ke = false;
		tbuf_add(c, &c->vca, req, req_len, req_off);
		tbuf_add(c, &c->vca, rsp, rsp_len, rsp_off);
		return true;
	case GET_CAPABILITIES: {
		/* VCA so far: GET_VERSION (4 bytes), then VERSION */
		const u8 *v = c->vca.b.p + 4;

		if (c->vca.b.len < 10 || c->ver)
			return fail(c, "GET_CAPABILITIES", "not right after GET_VERSION");
		for (n = 0; n < v[5]; n++)
			if (v[6 + 2 * n + 1] == req[0])
				break;
		if (n == v[5])
			return fail(c, "GET_CAPABILITIES", "version 0x%02x is not in VERSION",
				    req[0]);
		c->ver = req[0];
		c->req_caps = req_len >= 12 ? le32(req + 8) : 0;
		c->req_dts = req_len >= 20 ? le32(req + 12) : 0;
		c->req_max = req_len >= 20 ? le32(req + 16) : 0;
		c->rsp_caps = le32(rsp + 8);
		tbuf_add(c, &c->vca, req, req_len, req_off);
		tbuf_add(c, &c->vca, rsp, rsp_len, rsp_off);
		return true;
	}
	case NEGOTIATE_ALGORITHMS:
		if (!c->ver || c->have_algs)
			return fail(c, "NEGOTIATE_ALGORITHMS", "not right after GET_CAPABILITIES");
		c->neg_other = req[7];
		tbuf_add(c, &c->vca, req, req_len, req_off);
		tbuf_add(c, &c->vca, rsp, rsp_len, rsp_off);
		return parse_algorithms(c, rsp, rsp_len);
	case GET_DIGESTS:
	case GET_CERTIFICATE:
	case CHALLENGE:
		return auth_exchange(c, &c->rsp, req, req_len, req_off, rsp,
				     rsp_len, rsp_off);
	case GET_MEASUREMENTS:
		return meas_exchange(c, req, req_len, req_off, rsp, rsp_len, rsp_off);
	case KEY_EXCHANGE:
		return ke_exchange(c, req, req_len, req_off, rsp, rsp_len, rsp_off);
	case FINISH:
		return finish_exchange(c, req, req_off);
	case GET_ENCAP_REQUEST:
		buf_set(&c->encap_req, rsp + 4, rsp_len - 4);
		/* (Not when reassembled: the copy is not in one place) */
		c->encap_req_off = rsp_off < 0 || large ? -1 : rsp_off + 4;
		return true;
	case DELIVER_ENCAP_RESPONSE:
		if (req[5] != ERROR && req[5] != (c->encap_req.p[1] & 0x7f))
			return fail(c, "DELIVER_ENCAPSULATED_RESPONSE", "%s answered with %s",
				    code_name(c->encap_req.p[1]), code_name(req[5]));
		if (req[5] != ERROR &&
		    !auth_exchange(c, &c->req, c->encap_req.p, c->encap_req.len,
				   c->encap_req_off, req + 4, req_len - 4,
				   req_off < 0 ? -1 : req_off + 4))
			return false;
		c->encap_req.len = 0;
		n = 4 + (c->ver >= 0x12 ? 4 : 0);
		if (rsp[3] == 1) {
			buf_set(&c->encap_req, rsp + n, rsp_len - n);
			c->encap_req_off = rsp_off < 0 || large ? -1 : rsp_off + (long)n;
		}
		return true;
	case GET_CSR:
		return csr_exchange(c, rsp, rsp_len);
	case GET_ENDPOINT_INFO:
		if (signed_rsp(c, req, req_len, name, sizeof(name)))
			unchecked(c->r, name, "signed ENDPOINT_INFO is not supported");
		return true;
	}
	return true;
}

struct spdm_ctx *spdm_new(const struct spdm_opts *o)
{
	struct spdm_ctx *c = xzalloc(sizeof(*c));

	c->o = *o;
	c->r = o->rep;
	c->rsp.who = "responder";
	c->req.who = "requester";
	return c;
}

void spdm_free(struct spdm_ctx *c)
{
	side_reset(&c->rsp);
	side_reset(&c->req);
	tbuf_free(&c->rsp.m1);
	tbuf_free(&c->req.m1);
	tbuf_free(&c->vca);
	tbuf_free(&c->l1);
	tbuf_free(&c->k);
	buf_free(&c->l1_record);
	buf_free(&c->encap_req);
	buf_free(&c->orig_req);
	buf_free(&c->large.req);
	buf_free(&c->large.msg);
	free(c->large.map);
	buf_free(&c->last.transcript);
	buf_free(&c->last.record);
	while (c->nr_labels)
		free(c->labels[--c->nr_labels]);
	free(c->labels);
	free(c->spans);
	free(c);
}

const struct spdm_signed *spdm_last_signed(const struct spdm_ctx *c)
{
	return &c->last;
}

const struct buf *spdm_chain(const struct spdm_ctx *c, unsigned int slot)
{
	return &c->rsp.chain[slot];
}

u8 spdm_version(const struct spdm_ctx *c)
{
	return c->ver;
}

const struct span *spdm_spans(const struct spdm_ctx *c, size_t *nr)
{
	*nr = c->nr_spans;
	return c->spans;
}

/*
 * A measurement record: @nr_blocks blocks, each Index, Specification,
 * MeasurementSize and a DMTF measurement (type, size, value) that fills
 * the block exactly, the blocks filling the record exactly.
 */
bool spdm_parse_record(struct report *r, const u8 *p, size_t len,
		       unsigned int nr_blocks)
{
	size_t off = 0, size, vsize;
	unsigned int i;

	for (i = 0; i < nr_blocks; i++) {
		struct measurement *m;

		if (len - off < 4) {
			check(r, false, "measurement record", "block %u of %u: past the %zu bytes",
			      i + 1, nr_blocks, len);
			return false;
		}
		size = le16(p + off + 2);
		if (size > len - off - 4) {
			check(r, false, "measurement record",
			      "block %u (index %u): MeasurementSize %zu too big",
			      i + 1, p[off], size);
			return false;
		}
		if (p[off + 1] == 1) {	/* DMTF */
			vsize = size >= 3 ? le16(p + off + 5) : 0;
			if (size < 3 || vsize != size - 3) {
				check(r, false, "measurement record",
				      "block %u (index %u): DMTF value of %zu in %zu bytes",
				      i + 1, p[off], vsize, size);
				return false;
			}
		}
		if (r->nr_meas < SPDM_MAX_BLOCKS) {
			m = &r->meas[r->nr_meas++];
			m->index = p[off];
			m->spec = p[off + 1];
			m->type = p[off + 1] == 1 ? p[off + 4] : 0;
			buf_set(&m->value, p + off + 4 + (p[off + 1] == 1 ? 3 : 0),
				p[off + 1] == 1 ? size - 3 : size);
		}
		off += 4 + size;
	}
	if (off != len) {
		check(r, false, "measurement record", "%zu bytes after %u blocks", len - off,
		      nr_blocks);
		return false;
	}
	return true;
}
