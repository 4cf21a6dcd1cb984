// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: secure sessions
 *
 * KEY_EXCHANGE agrees an ephemeral ECDH secret with the responder. The
 * responder signs the transcript with the leaf key of the chain it was
 * authenticated with, and proves with an HMAC that it derived the same
 * keys; FINISH proves the same from our side. From then on every request
 * and response is a secured message (DSP0277), protected by an AEAD with
 * its own key and sequence number in each direction. HEARTBEAT keeps a
 * session alive, KEY_UPDATE replaces its keys and END_SESSION closes it.
 *
 * Any failure of the secured-message layer ends the session: a message
 * that does not authenticate, another session ID, lengths that disagree
 * or a transport error leave the two sides unsure of each other's
 * sequence numbers. A failed HEARTBEAT or KEY_UPDATE ends it too. Every secret is zeroed
 * when a session ends, for whatever reason.
 *
 * The key schedule is HKDF (RFC 5869) on HMAC with the negotiated hash.
 *
 * Specification: DMTF DSP0274 versions 1.1 to 1.3 ("Session", "Key
 * schedule"), DSP0277 versions 1.0 to 1.2.
 */

#include <crypto/aead.h>
#include <crypto/ecdh.h>
#include <crypto/kpp.h>
#include <crypto/sha2.h>
#include <crypto/utils.h>
#include <keys/x509-parser.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "spdm.h"

struct spdm_hmac_ctx {
	u32 alg;
	union {
		struct hmac_sha256_ctx sha256;
		struct hmac_sha384_ctx sha384;
		struct hmac_sha512_ctx sha512;
	};
};

static void spdm_hmac_init(struct spdm_hmac_ctx *ctx, u32 hash_alg,
			   const u8 *key, size_t key_len)
{
	ctx->alg = hash_alg;
	switch (hash_alg) {
	case SPDM_HASH_SHA_256:
		hmac_sha256_init_usingrawkey(&ctx->sha256, key, key_len);
		break;
	case SPDM_HASH_SHA_384:
		hmac_sha384_init_usingrawkey(&ctx->sha384, key, key_len);
		break;
	case SPDM_HASH_SHA_512:
		hmac_sha512_init_usingrawkey(&ctx->sha512, key, key_len);
		break;
	}
}

static void spdm_hmac_update(struct spdm_hmac_ctx *ctx, const u8 *data,
			     size_t len)
{
	switch (ctx->alg) {
	case SPDM_HASH_SHA_256:
		hmac_sha256_update(&ctx->sha256, data, len);
		break;
	case SPDM_HASH_SHA_384:
		hmac_sha384_update(&ctx->sha384, data, len);
		break;
	case SPDM_HASH_SHA_512:
		hmac_sha512_update(&ctx->sha512, data, len);
		break;
	}
}

/* The hmac_*_final() functions zero the context */
static void spdm_hmac_final(struct spdm_hmac_ctx *ctx, u8 *out)
{
	switch (ctx->alg) {
	case SPDM_HASH_SHA_256:
		hmac_sha256_final(&ctx->sha256, out);
		break;
	case SPDM_HASH_SHA_384:
		hmac_sha384_final(&ctx->sha384, out);
		break;
	case SPDM_HASH_SHA_512:
		hmac_sha512_final(&ctx->sha512, out);
		break;
	}
}

/**
 * spdm_hmac() - HMAC with an SPDM BaseHashAlgo
 * @hash_alg: one SPDM_HASH_* bit
 * @key: the key
 * @key_len: its size
 * @data: the message
 * @len: its size
 * @out: spdm_hash_size(@hash_alg) bytes of MAC
 */
void spdm_hmac(u32 hash_alg, const u8 *key, size_t key_len,
	       const u8 *data, size_t len, u8 *out)
{
	struct spdm_hmac_ctx ctx;

	spdm_hmac_init(&ctx, hash_alg, key, key_len);
	spdm_hmac_update(&ctx, data, len);
	spdm_hmac_final(&ctx, out);
}
EXPORT_SYMBOL_IF_KUNIT(spdm_hmac);

/**
 * spdm_hkdf_extract() - HKDF-Extract (RFC 5869 section 2.2)
 * @hash_alg: one SPDM_HASH_* bit
 * @salt: the salt (SPDM always gives one)
 * @salt_len: its size
 * @ikm: the input keying material
 * @ikm_len: its size
 * @prk: spdm_hash_size(@hash_alg) bytes of pseudorandom key
 */
void spdm_hkdf_extract(u32 hash_alg, const u8 *salt, size_t salt_len,
		       const u8 *ikm, size_t ikm_len, u8 *prk)
{
	spdm_hmac(hash_alg, salt, salt_len, ikm, ikm_len, prk);
}
EXPORT_SYMBOL_IF_KUNIT(spdm_hkdf_extract);

/**
 * spdm_hkdf_expand() - HKDF-Expand (RFC 5869 section 2.3)
 * @hash_alg: one SPDM_HASH_* bit
 * @prk: the pseudorandom key
 * @prk_len: its size
 * @info: the context and application specific information
 * @info_len: its size
 * @okm: output keying material
 * @okm_len: how much of it, at most 255 hash lengths
 *
 * Return: 0, or -EINVAL if @okm_len is too large or @hash_alg unknown.
 */
int spdm_hkdf_expand(u32 hash_alg, const u8 *prk, size_t prk_len,
		     const u8 *info, size_t info_len, u8 *okm, size_t okm_len)
{
	size_t hlen = spdm_hash_size(hash_alg), done = 0;
	u8 t[SPDM_MAX_HASH_SIZE];
	u8 i;

	if (!hlen || okm_len > 255 * hlen)
		return -EINVAL;
	for (i = 1; done < okm_len; i++) {
		struct spdm_hmac_ctx ctx;
		size_t n = min(hlen, okm_len - done);

		spdm_hmac_init(&ctx, hash_alg, prk, prk_len);
		if (i > 1)
			spdm_hmac_update(&ctx, t, hlen);
		spdm_hmac_update(&ctx, info, info_len);
		spdm_hmac_update(&ctx, &i, 1);
		spdm_hmac_final(&ctx, t);
		memcpy(okm + done, t, n);
		done += n;
	}
	memzero_explicit(t, sizeof(t));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_hkdf_expand);

/* Longest label: "req app data" */
#define SPDM_MAX_LABEL_SIZE	12
#define SPDM_BIN_STR_PREFIX	8	/* "spdm1.N " */
#define SPDM_MAX_BIN_STR \
	(2 + SPDM_BIN_STR_PREFIX + SPDM_MAX_LABEL_SIZE + SPDM_MAX_HASH_SIZE)

/**
 * spdm_bin_concat() - the info of an HKDF-Expand of the key schedule
 * @version: the negotiated SPDMVersion
 * @label: the label, e.g. "req hs data", at most 12 characters
 * @context: a transcript hash, or NULL
 * @context_len: its size, at most %SPDM_MAX_HASH_SIZE
 * @length: the size of the key to derive
 * @out: at least 86 bytes
 *
 * BinConcat of DSP0274: @length as a little-endian u16, "spdm1.N " for
 * the negotiated version, the label and the context.
 *
 * Return: the number of bytes written.
 */
size_t spdm_bin_concat(u8 version, const char *label, const u8 *context,
		       size_t context_len, u16 length, u8 *out)
{
	size_t label_len = strnlen(label, SPDM_MAX_LABEL_SIZE);
	size_t off = 0;

	put_unaligned_le16(length, out);
	off += 2;
	memcpy(out + off, "spdm", 4);
	out[off + 4] = '0' + SPDM_VER_MAJOR(version);
	out[off + 5] = '.';
	out[off + 6] = '0' + SPDM_VER_MINOR(version);
	out[off + 7] = ' ';
	off += SPDM_BIN_STR_PREFIX;
	memcpy(out + off, label, label_len);
	off += label_len;
	if (context) {
		context_len = min_t(size_t, context_len, SPDM_MAX_HASH_SIZE);
		memcpy(out + off, context, context_len);
		off += context_len;
	}
	return off;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_bin_concat);

/* HKDF-Expand(secret, BinConcat(len, label, context), len), len <= hash */
static void spdm_derive(const struct spdm_state *spdm, const u8 *secret,
			const char *label, const u8 *th_hash, u8 *out,
			size_t len)
{
	u32 hash = spdm->neg.base_hash_alg;
	size_t hlen = spdm_hash_size(hash), info_len;
	u8 info[SPDM_MAX_BIN_STR];

	info_len = spdm_bin_concat(spdm->neg.version, label, th_hash,
				   th_hash ? hlen : 0, len, info);
	/* Cannot fail: len is at most one hash */
	spdm_hkdf_expand(hash, secret, hlen, info, info_len, out, len);
}

static const struct {
	u16 alg;
	const char *name;
	size_t key_size;
} spdm_aead_algs[] = {
	{ SPDM_AEAD_AES_128_GCM,	 "gcm(aes)",			16 },
	{ SPDM_AEAD_AES_256_GCM,	 "gcm(aes)",			32 },
	{ SPDM_AEAD_CHACHA20_POLY1305, "rfc7539(chacha20,poly1305)",	32 },
};

/**
 * spdm_aead_crypto_name() - the crypto API name of an SPDM AEAD
 * @aead_alg: one SPDM_AEAD_* bit
 *
 * Return: the name, or NULL if unknown.
 */
const char *spdm_aead_crypto_name(u16 aead_alg)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdm_aead_algs); i++)
		if (spdm_aead_algs[i].alg == aead_alg)
			return spdm_aead_algs[i].name;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_aead_crypto_name);

/**
 * spdm_aead_key_size() - the key size of an SPDM AEAD
 * @aead_alg: one SPDM_AEAD_* bit
 *
 * Return: the size in bytes, or 0 if unknown.
 */
size_t spdm_aead_key_size(u16 aead_alg)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdm_aead_algs); i++)
		if (spdm_aead_algs[i].alg == aead_alg)
			return spdm_aead_algs[i].key_size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_aead_key_size);

/**
 * spdm_supported_aead() - AEADs the running kernel provides synchronously
 *
 * Return: a mask of SPDM_AEAD_* bits.
 */
u16 spdm_supported_aead(void)
{
	u16 algs = 0;

	for (size_t i = 0; i < ARRAY_SIZE(spdm_aead_algs); i++)
		if (crypto_has_aead(spdm_aead_algs[i].name, 0,
				    CRYPTO_ALG_ASYNC))
			algs |= spdm_aead_algs[i].alg;
	return algs;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_supported_aead);

static const struct {
	u16 alg;
	const char *name;
	size_t size;
} spdm_dhe_algs[] = {
	{ SPDM_DHE_SECP256R1, "ecdh-nist-p256", 64 },
	{ SPDM_DHE_SECP384R1, "ecdh-nist-p384", 96 },
};

/**
 * spdm_dhe_size() - size of the ExchangeData of a DHE group
 * @dhe_alg: one SPDM_DHE_* bit
 *
 * Return: the size in bytes (X and Y), or 0 if unknown.
 */
size_t spdm_dhe_size(u16 dhe_alg)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdm_dhe_algs); i++)
		if (spdm_dhe_algs[i].alg == dhe_alg)
			return spdm_dhe_algs[i].size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_dhe_size);

/**
 * spdm_supported_dhe() - DHE groups the running kernel provides
 *
 * Return: a mask of SPDM_DHE_* bits.
 */
u16 spdm_supported_dhe(void)
{
	u16 algs = 0;

	for (size_t i = 0; i < ARRAY_SIZE(spdm_dhe_algs); i++)
		if (crypto_has_kpp(spdm_dhe_algs[i].name, 0, 0))
			algs |= spdm_dhe_algs[i].alg;
	return algs;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_supported_dhe);

/**
 * spdm_aead_crypt() - protect or check one secured message in place
 * @tfm: the AEAD, keyed
 * @encrypt: protect (true) or check and decrypt (false)
 * @iv: the direction's IV
 * @seq: the message's sequence number
 * @buf: associated data, then the text, then room for the 16-byte tag;
 *	linearly mapped memory (kmalloc), not the stack
 * @aad_len: bytes of associated data
 * @text_len: bytes of text (without the tag)
 *
 * The nonce is @iv with @seq, as a little-endian u64, XORed into its
 * first eight bytes (DSP0277 1.2).
 *
 * Return: 0, -EBADMSG if the tag does not match, or -ENOMEM.
 */
int spdm_aead_crypt(struct crypto_aead *tfm, bool encrypt,
		    const u8 iv[SPDM_AEAD_IV_SIZE], u64 seq, u8 *buf,
		    size_t aad_len, size_t text_len)
{
	u8 nonce[SPDM_AEAD_IV_SIZE];
	struct aead_request *req;
	struct scatterlist sg;
	int rc;

	memcpy(nonce, iv, sizeof(nonce));
	for (unsigned int i = 0; i < sizeof(seq); i++)
		nonce[i] ^= seq >> (8 * i);

	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	sg_init_one(&sg, buf, aad_len + text_len + SPDM_AEAD_TAG_SIZE);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, aad_len);
	aead_request_set_crypt(req, &sg, &sg,
			       encrypt ? text_len : text_len + SPDM_AEAD_TAG_SIZE,
			       nonce);
	rc = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	aead_request_free(req);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_aead_crypt);

/**
 * spdm_session_close() - forget the session and zero its secrets
 * @spdm: SPDM context
 *
 * Tells the responder nothing: spdm_end_session() does.
 */
void spdm_session_close(struct spdm_state *spdm)
{
	struct spdm_session *s = &spdm->session;

	crypto_free_aead(s->tx);
	crypto_free_aead(s->rx);
	kfree_sensitive(s->msg);
	spdm_buf_free(&s->th);
	memzero_explicit(s, sizeof(*s));
}

static int spdm_set_traffic_keys(const struct spdm_state *spdm,
				 struct spdm_traffic_keys *k,
				 struct crypto_aead *tfm)
{
	size_t key_len = spdm_aead_key_size(spdm->neg.aead_alg);

	spdm_derive(spdm, k->secret, "key", NULL, k->key, key_len);
	spdm_derive(spdm, k->secret, "iv", NULL, k->iv, SPDM_AEAD_IV_SIZE);
	k->seq = 0;
	return crypto_aead_setkey(tfm, k->key, key_len);
}

static int spdm_update_traffic_keys(const struct spdm_state *spdm,
				    struct spdm_traffic_keys *k,
				    struct crypto_aead *tfm)
{
	size_t hlen = spdm_hash_size(spdm->neg.base_hash_alg);
	u8 next[SPDM_MAX_HASH_SIZE];

	spdm_derive(spdm, k->secret, "traffic upd", NULL, next, hlen);
	memcpy(k->secret, next, hlen);
	memzero_explicit(next, sizeof(next));
	return spdm_set_traffic_keys(spdm, k, tfm);
}

/*
 * Carry one request of the session and its response. The request is
 * SessionID, Length, then (encrypted sessions) the encryption of
 * ApplicationDataLength and the message, or (MAC-only sessions) the
 * message in the clear, then the tag. PCI DOE carries no sequence number:
 * both sides count the messages of each direction.
 */
ssize_t spdm_session_transport(struct spdm_state *spdm, u8 req_code,
			       const void *req, size_t req_sz, u8 *buf)
{
	struct spdm_session *s = &spdm->session;
	const size_t hdr = SPDM_SECURED_HDR_SIZE;
	size_t text, total, length, app_len;
	u8 *msg = s->tx_msg;
	ssize_t len;
	int rc;

	if (!spdm->secured_transport || req_sz > SPDM_MAX_SESSION_REQ_SIZE) {
		rc = -EMSGSIZE;
		goto fail;
	}
	if (s->req.seq == U64_MAX) {
		spdm_fail(spdm, req_code, "session sequence numbers used up");
		rc = -EOVERFLOW;
		goto close;
	}

	text = s->encrypt ? SPDM_SECURED_APP_LEN_SIZE + req_sz : 0;
	total = hdr + (s->encrypt ? text : req_sz) + SPDM_AEAD_TAG_SIZE;
	/*
	 * DataTransferSize bounds the SPDM message; the secured message's
	 * own header and tag are the transport's (as libspdm counts them)
	 */
	if (req_sz > spdm->neg.rsp_data_transfer_size) {
		spdm_fail(spdm, req_code,
			  "request of %zu bytes exceeds the responder's DataTransferSize %u",
			  req_sz, spdm->neg.rsp_data_transfer_size);
		rc = -EOPNOTSUPP;
		goto close;
	}
	put_unaligned_le32(s->id, msg);
	put_unaligned_le16(total - hdr, msg + 4);
	if (s->encrypt) {
		put_unaligned_le16(req_sz, msg + hdr);
		memcpy(msg + hdr + SPDM_SECURED_APP_LEN_SIZE, req, req_sz);
		rc = spdm_aead_crypt(s->tx, true, s->req.iv, s->req.seq, msg,
				     hdr, text);
	} else {
		memcpy(msg + hdr, req, req_sz);
		rc = spdm_aead_crypt(s->tx, true, s->req.iv, s->req.seq, msg,
				     hdr + req_sz, 0);
	}
	if (rc)
		goto fail;
	s->req.seq++;

	msg = s->msg;
	len = spdm_call_transport(spdm, spdm->secured_transport, req_code,
				  s->tx_msg, total, msg);
	memzero_explicit(s->tx_msg, sizeof(s->tx_msg));
	if (len < 0) {
		rc = len;
		goto close;
	}

	rc = -EMSGSIZE;
	if (len < hdr + (s->encrypt ? SPDM_SECURED_APP_LEN_SIZE : 0) +
		  SPDM_AEAD_TAG_SIZE) {
		spdm_fail(spdm, req_code, "secured response of %zd bytes",
			  len);
		goto close;
	}
	if (get_unaligned_le32(msg) != s->id) {
		spdm_fail(spdm, req_code,
			  "secured response for session 0x%08x, not 0x%08x",
			  get_unaligned_le32(msg), s->id);
		rc = -EPROTO;
		goto close;
	}
	length = get_unaligned_le16(msg + 4);
	/* The transport may pad the message to whole dwords, as DOE does */
	if (length > len - hdr || len > ALIGN(hdr + length, 4) ||
	    length < (s->encrypt ? SPDM_SECURED_APP_LEN_SIZE : 0) +
		     SPDM_AEAD_TAG_SIZE) {
		spdm_fail(spdm, req_code,
			  "secured response Length %zu in %zd bytes", length,
			  len);
		goto close;
	}

	text = length - SPDM_AEAD_TAG_SIZE;
	if (s->encrypt)
		rc = spdm_aead_crypt(s->rx, false, s->rsp.iv, s->rsp.seq, msg,
				     hdr, text);
	else
		rc = spdm_aead_crypt(s->rx, false, s->rsp.iv, s->rsp.seq, msg,
				     hdr + text, 0);
	if (rc) {
		spdm_fail(spdm, req_code,
			  "secured response %llu fails authentication: %pe",
			  s->rsp.seq, ERR_PTR(rc));
		rc = rc == -EBADMSG ? rc : -EIO;
		goto close;
	}
	s->rsp.seq++;

	if (s->encrypt) {
		app_len = get_unaligned_le16(msg + hdr);
		if (app_len > text - SPDM_SECURED_APP_LEN_SIZE) {
			spdm_fail(spdm, req_code,
				  "ApplicationDataLength %zu in %zu bytes",
				  app_len, text);
			rc = -EMSGSIZE;
			goto close;
		}
		memcpy(buf, msg + hdr + SPDM_SECURED_APP_LEN_SIZE, app_len);
	} else {
		app_len = text;
		memcpy(buf, msg + hdr, app_len);
	}
	memzero_explicit(msg, len);
	return app_len;

fail:
	spdm_fail(spdm, req_code, "cannot protect a %zu byte request: %pe",
		  req_sz, ERR_PTR(rc));
close:
	spdm_session_close(spdm);
	return rc;
}

/* One ECDH operation: our public key (@in NULL) or the shared secret */
static int spdm_kpp(struct crypto_kpp *tfm, u8 *in, size_t in_len, u8 *out,
		    size_t out_len)
{
	struct scatterlist src, dst;
	struct kpp_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	int rc;

	req = kpp_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG,
				 crypto_req_done, &wait);
	if (in) {
		sg_init_one(&src, in, in_len);
		kpp_request_set_input(req, &src, in_len);
	} else {
		kpp_request_set_input(req, NULL, 0);
	}
	sg_init_one(&dst, out, out_len);
	kpp_request_set_output(req, &dst, out_len);
	rc = crypto_wait_req(in ? crypto_kpp_compute_shared_secret(req) :
				  crypto_kpp_generate_public_key(req), &wait);
	kpp_request_free(req);
	return rc;
}

/**
 * spdm_dhe_generate() - an ephemeral ECDH key pair
 * @dhe_alg: %SPDM_DHE_SECP256R1 or %SPDM_DHE_SECP384R1
 * @priv: the private key, big-endian, or NULL for a random one (tests
 *	give one to check against published vectors)
 * @work: kmalloc memory of spdm_dhe_size() bytes, for the scatterlist
 * @pub: spdm_dhe_size() bytes: X || Y, big-endian, as ExchangeData
 *	carries them and as the kernel's ecdh writes them
 *
 * Return: the key agreement transform holding the private key, for
 * spdm_dhe_shared(), or an ERR_PTR.
 */
struct crypto_kpp *spdm_dhe_generate(u16 dhe_alg, const u8 *priv, u8 *work,
				     u8 *pub)
{
	size_t size = spdm_dhe_size(dhe_alg);
	struct ecdh params = {
		.key = (char *)priv,
		.key_size = priv ? size / 2 : 0,
	};
	struct crypto_kpp *tfm;
	unsigned int len;
	char *secret;
	int rc;

	if (!size)
		return ERR_PTR(-EINVAL);
	tfm = crypto_alloc_kpp(dhe_alg == SPDM_DHE_SECP256R1 ?
			       "ecdh-nist-p256" : "ecdh-nist-p384", 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	/* No key given: the ecdh driver generates one */
	len = crypto_ecdh_key_len(&params);
	secret = kmalloc(len, GFP_KERNEL);
	rc = secret ? crypto_ecdh_encode_key(secret, len, &params) : -ENOMEM;
	if (!rc)
		rc = crypto_kpp_set_secret(tfm, secret, len);
	kfree_sensitive(secret);
	if (!rc)
		rc = spdm_kpp(tfm, NULL, 0, work, size);
	if (rc) {
		crypto_free_kpp(tfm);
		return ERR_PTR(rc);
	}
	memcpy(pub, work, size);
	return tfm;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_dhe_generate);

/**
 * spdm_dhe_shared() - the shared secret with the peer's public key
 * @tfm: the transform of spdm_dhe_generate()
 * @dhe_alg: its group
 * @peer: the peer's X || Y, big-endian
 * @work: kmalloc memory of 1.5 times spdm_dhe_size() bytes
 * @secret: half spdm_dhe_size() bytes: the shared X, big-endian
 *
 * Return: 0, or -EINVAL if @peer is not a point of the group.
 */
int spdm_dhe_shared(struct crypto_kpp *tfm, u16 dhe_alg, const u8 *peer,
		    u8 *work, u8 *secret)
{
	size_t size = spdm_dhe_size(dhe_alg);
	int rc;

	memcpy(work, peer, size);
	rc = spdm_kpp(tfm, work, size, work + size, size / 2);
	if (!rc)
		memcpy(secret, work + size, size / 2);
	memzero_explicit(work + size, size / 2);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_dhe_shared);

/* SpecID of the OpaqueData format that SPDM 1.1 (and format 0) use */
#define SPDM_OPAQUE_SPEC_ID_DMTF	0x444d5446
#define SPDM_SM_DATA_VERSION		1
#define SPDM_SM_DATA_ID_SELECTION	0
#define SPDM_SM_DATA_ID_SUPPORTED	1
#define SPDM_REGISTRY_ID_DMTF		0

static const u16 spdm_sm_versions[] = {
	SPDM_SM_VER_10, SPDM_SM_VER_11, SPDM_SM_VER_12,
};

/* SPDM 1.1 and OpaqueDataFmt0 share the format with a SpecID header */
static bool spdm_opaque_spec_id_fmt(const struct spdm_state *spdm)
{
	return spdm->neg.version == SPDM_VER_11 ||
	       spdm->neg.opaque_fmt == SPDM_OPAQUE_FMT_0;
}

/* 1.2+ with no OpaqueData format negotiated: KEY_EXCHANGE carries none */
static bool spdm_sm_versions_sent(const struct spdm_state *spdm)
{
	return spdm_opaque_spec_id_fmt(spdm) ||
	       spdm->neg.opaque_fmt == SPDM_OPAQUE_FMT_1;
}

/* The OpaqueData of KEY_EXCHANGE: the secured-message versions we speak */
static size_t spdm_sm_versions_opaque(const struct spdm_state *spdm, u8 *p)
{
	size_t off;

	if (spdm_opaque_spec_id_fmt(spdm)) {
		put_unaligned_le32(SPDM_OPAQUE_SPEC_ID_DMTF, p);
		p[4] = 1;		/* OpaqueVersion */
		p[5] = 1;		/* TotalElements */
		put_unaligned_le16(0, p + 6);
		off = 8;
	} else if (spdm->neg.opaque_fmt == SPDM_OPAQUE_FMT_1) {
		p[0] = 1;		/* TotalElements */
		memset(p + 1, 0, 3);
		off = 4;
	} else {
		return 0;
	}
	p[off++] = SPDM_REGISTRY_ID_DMTF;
	p[off++] = 0;			/* VendorLen */
	put_unaligned_le16(3 + 2 * ARRAY_SIZE(spdm_sm_versions), p + off);
	off += 2;
	p[off++] = SPDM_SM_DATA_VERSION;
	p[off++] = SPDM_SM_DATA_ID_SUPPORTED;
	p[off++] = ARRAY_SIZE(spdm_sm_versions);
	for (size_t i = 0; i < ARRAY_SIZE(spdm_sm_versions); i++) {
		put_unaligned_le16(spdm_sm_versions[i], p + off);
		off += 2;
	}
	while (off % 4)
		p[off++] = 0;
	return off;
}

/*
 * Find the secured-message version the responder selected in the
 * OpaqueData of KEY_EXCHANGE_RSP: one of ours, or -EPROTO.
 */
static int spdm_sm_version_selected(const struct spdm_state *spdm,
				    const u8 *p, size_t len, u8 *sm_version)
{
	unsigned int count;
	size_t off;
	int found = -EPROTO;

	if (spdm_opaque_spec_id_fmt(spdm)) {
		if (len < 8 || get_unaligned_le32(p) != SPDM_OPAQUE_SPEC_ID_DMTF)
			return -EPROTO;
		count = p[5];
		off = 8;
	} else {
		if (len < 4)
			return -EPROTO;
		count = p[0];
		off = 4;
	}
	for (; count; count--) {
		size_t vlen, dlen, data;

		if (len - off < 4)
			return -EPROTO;
		vlen = p[off + 1];
		if (len - off - 4 < vlen)
			return -EPROTO;
		dlen = get_unaligned_le16(p + off + 2 + vlen);
		data = off + 4 + vlen;
		if (len - data < dlen)
			return -EPROTO;
		if (p[off] == SPDM_REGISTRY_ID_DMTF && !vlen && dlen >= 4 &&
		    p[data] == SPDM_SM_DATA_VERSION &&
		    p[data + 1] == SPDM_SM_DATA_ID_SELECTION) {
			u16 ver = get_unaligned_le16(p + data + 2);

			for (size_t i = 0; i < ARRAY_SIZE(spdm_sm_versions); i++) {
				if (SPDM_VER_ENTRY_TO_VER(ver) ==
				    SPDM_VER_ENTRY_TO_VER(spdm_sm_versions[i])) {
					*sm_version = SPDM_VER_ENTRY_TO_VER(ver);
					found = 0;
				}
			}
		}
		off = ALIGN(data + dlen, 4);
		if (off > len)
			return -EPROTO;
	}
	return found;
}

/* KEY_EXCHANGE with the authenticated slot's chain: the handshake keys */
static int spdm_key_exchange(struct spdm_state *spdm)
{
	const struct spdm_key_exchange_rsp *rsp = (const void *)spdm->rsp;
	const struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_session *s = &spdm->session;
	size_t hlen = spdm_hash_size(neg->base_hash_alg);
	size_t sig_len = spdm_sig_size(neg->base_asym_alg);
	size_t dhe = spdm_dhe_size(neg->dhe_alg);
	const struct spdm_slot *slot = &spdm->slot[spdm->auth_slot];
	u8 th_hash[SPDM_MAX_HASH_SIZE], zeros[SPDM_MAX_HASH_SIZE] = {};
	u8 expect[SPDM_MAX_HASH_SIZE];
	size_t req_sz, off, opaque_len, rsp_sz;
	struct spdm_key_exchange *req;
	struct crypto_kpp *kpp;
	u16 req_session_id;
	u8 *work, *shared;
	ssize_t len;
	int rc;

	/* Request, then the ECDH work area and the shared secret */
	req = kzalloc(sizeof(*req) + SPDM_MAX_DHE_SIZE + 2 + 32 +
		      3 * SPDM_MAX_DHE_SIZE, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	work = (u8 *)(req + 1) + SPDM_MAX_DHE_SIZE + 2 + 32;
	shared = work + 2 * SPDM_MAX_DHE_SIZE;

	req_session_id = get_random_u16();
	spdm_init_header(&req->hdr, neg->version, SPDM_KEY_EXCHANGE,
			 SPDM_MEAS_SUMMARY_NONE, spdm->auth_slot);
	req->req_session_id = cpu_to_le16(req_session_id);
	get_random_bytes(req->random, sizeof(req->random));
	kpp = spdm_dhe_generate(neg->dhe_alg, NULL, work, (u8 *)(req + 1));
	if (IS_ERR(kpp)) {
		rc = PTR_ERR(kpp);
		spdm_fail(spdm, SPDM_KEY_EXCHANGE, "no ECDH key pair: %pe",
			  ERR_PTR(rc));
		goto out;
	}
	off = sizeof(*req) + dhe;
	opaque_len = spdm_sm_versions_opaque(spdm, (u8 *)req + off + 2);
	put_unaligned_le16(opaque_len, (u8 *)req + off);
	req_sz = off + 2 + opaque_len;
	if (req_sz > neg->rsp_data_transfer_size) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "DataTransferSize %u cannot take our %zu byte request",
			  neg->rsp_data_transfer_size, req_sz);
		rc = -EOPNOTSUPP;
		goto out_kpp;
	}

	/*
	 * We ask for no measurement summary: none comes. An ERROR here
	 * travels in the clear, so it never means "no session" (the
	 * -EOPNOTSUPP of the checks before, on what the device signed):
	 * an interposer could forge it to strip the session.
	 */
	len = spdm_exchange(spdm, req, req_sz, sizeof(*rsp) + dhe + 2);
	if (len < 0) {
		rc = len == -EOPNOTSUPP ? -EPROTO : len;
		goto out_kpp;
	}
	off = sizeof(*rsp) + dhe;
	opaque_len = get_unaligned_le16(spdm->rsp + off);
	off += 2;
	rsp_sz = off + opaque_len + sig_len + hlen;
	rc = spdm_check_rsp_len(spdm, SPDM_KEY_EXCHANGE, len, rsp_sz);
	if (rc)
		goto out_kpp;
	rc = spdm_check_opaque(spdm, SPDM_KEY_EXCHANGE, spdm->rsp + off,
			       opaque_len);
	if (rc)
		goto out_kpp;
	s->sm_version = SPDM_VER_10;
	if (spdm_sm_versions_sent(spdm) &&
	    spdm_sm_version_selected(spdm, spdm->rsp + off, opaque_len,
				     &s->sm_version)) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "no secured-message version of ours selected");
		rc = -EPROTO;
		goto out_kpp;
	}
	/* Bits 7:3 are reserved: ignored when read */
	if (rsp->mut_auth_requested & SPDM_MUT_AUTH_REQUESTED_MASK) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "mutual authentication requested (0x%02x), not offered",
			  rsp->mut_auth_requested);
		rc = -EPROTO;
		goto out_kpp;
	}
	off += opaque_len;

	/* TH: VCA, Hash(chain), KEY_EXCHANGE, KEY_EXCHANGE_RSP so far */
	s->th.len = 0;
	spdm_hash(neg->base_hash_alg, slot->chain, slot->chain_len, th_hash);
	rc = spdm_buf_append(&s->th, spdm->vca.data, spdm->vca.len);
	if (!rc)
		rc = spdm_buf_append(&s->th, th_hash, hlen);
	if (!rc)
		rc = spdm_buf_append(&s->th, req, req_sz);
	if (!rc)
		rc = spdm_buf_append(&s->th, spdm->rsp, off);
	if (rc)
		goto out_kpp;
	rc = spdm_verify_signature(neg, spdm->leaf->pub,
				   SPDM_CONTEXT_KEY_EXCHANGE_RSP, s->th.data,
				   s->th.len, spdm->rsp + off);
	if (rc) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "signature does not verify with slot %u's leaf key: %pe",
			  spdm->auth_slot, ERR_PTR(rc));
		goto out_kpp;
	}
	rc = spdm_buf_append(&s->th, spdm->rsp + off, sig_len);
	if (rc)
		goto out_kpp;
	off += sig_len;

	rc = spdm_dhe_shared(kpp, neg->dhe_alg,
			     spdm->rsp + sizeof(*rsp), work, shared);
	if (rc) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "ExchangeData is not a point of the group: %pe",
			  ERR_PTR(rc));
		rc = rc == -ENOMEM ? rc : -EPROTO;
		goto out_kpp;
	}

	/* Handshake secrets from TH1, which ends with the signature */
	spdm_hkdf_extract(neg->base_hash_alg, zeros, hlen, shared, dhe / 2,
			  s->handshake_secret);
	spdm_hash(neg->base_hash_alg, s->th.data, s->th.len, th_hash);
	spdm_derive(spdm, s->handshake_secret, "req hs data", th_hash,
		    s->req.secret, hlen);
	spdm_derive(spdm, s->handshake_secret, "rsp hs data", th_hash,
		    s->rsp.secret, hlen);
	spdm_derive(spdm, s->req.secret, "finished", NULL,
		    s->req_finished_key, hlen);
	spdm_derive(spdm, s->rsp.secret, "finished", NULL,
		    s->rsp_finished_key, hlen);

	spdm_hmac(neg->base_hash_alg, s->rsp_finished_key, hlen, th_hash,
		  hlen, expect);
	if (crypto_memneq(expect, spdm->rsp + off, hlen)) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "ResponderVerifyData does not match the handshake keys");
		rc = -EKEYREJECTED;
		goto out_kpp;
	}
	rc = spdm_buf_append(&s->th, spdm->rsp + off, hlen);
	if (rc)
		goto out_kpp;

	s->tx = crypto_alloc_aead(spdm_aead_crypto_name(neg->aead_alg), 0,
				  CRYPTO_ALG_ASYNC);
	s->rx = crypto_alloc_aead(spdm_aead_crypto_name(neg->aead_alg), 0,
				  CRYPTO_ALG_ASYNC);
	if (IS_ERR(s->tx) || IS_ERR(s->rx)) {
		rc = IS_ERR(s->tx) ? PTR_ERR(s->tx) : PTR_ERR(s->rx);
		if (!IS_ERR(s->tx))
			crypto_free_aead(s->tx);
		if (!IS_ERR(s->rx))
			crypto_free_aead(s->rx);
		s->tx = NULL;
		s->rx = NULL;
		spdm_fail(spdm, SPDM_KEY_EXCHANGE, "no AEAD %s: %pe",
			  spdm_aead_crypto_name(neg->aead_alg), ERR_PTR(rc));
		goto out_kpp;
	}
	rc = crypto_aead_setauthsize(s->tx, SPDM_AEAD_TAG_SIZE);
	if (!rc)
		rc = crypto_aead_setauthsize(s->rx, SPDM_AEAD_TAG_SIZE);
	if (!rc)
		rc = spdm_set_traffic_keys(spdm, &s->req, s->tx);
	if (!rc)
		rc = spdm_set_traffic_keys(spdm, &s->rsp, s->rx);
	if (rc)
		goto out_kpp;

	s->id = (u32)le16_to_cpu(rsp->rsp_session_id) << 16 | req_session_id;
	s->heartbeat_period = rsp->hdr.param1;
	/* We offer ENCRYPT_CAP: encrypted if the responder does too */
	s->encrypt = neg->rsp_caps & SPDM_CAP_ENCRYPT;
	s->phase = SPDM_SESSION_HANDSHAKE;

out_kpp:
	crypto_free_kpp(kpp);
out:
	memzero_explicit(expect, sizeof(expect));
	kfree_sensitive(req);
	return rc;
}

/* FINISH, inside the session: our HMAC, then the data keys */
static int spdm_finish(struct spdm_state *spdm)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_session *s = &spdm->session;
	size_t hlen = spdm_hash_size(neg->base_hash_alg);
	u8 th_hash[SPDM_MAX_HASH_SIZE], zeros[SPDM_MAX_HASH_SIZE] = {};
	u8 salt[SPDM_MAX_HASH_SIZE], master[SPDM_MAX_HASH_SIZE];
	struct {
		struct spdm_header hdr;
		u8 verify_data[SPDM_MAX_HASH_SIZE];
	} __packed req;
	ssize_t len;
	int rc;

	spdm_init_header(&req.hdr, neg->version, SPDM_FINISH, 0, 0);
	rc = spdm_buf_append(&s->th, &req.hdr, sizeof(req.hdr));
	if (rc)
		return rc;
	spdm_hash(neg->base_hash_alg, s->th.data, s->th.len, th_hash);
	spdm_hmac(neg->base_hash_alg, s->req_finished_key, hlen, th_hash,
		  hlen, req.verify_data);
	rc = spdm_buf_append(&s->th, req.verify_data, hlen);
	if (rc)
		return rc;

	len = spdm_exchange(spdm, &req, sizeof(req.hdr) + hlen,
			    sizeof(struct spdm_header));
	if (len < 0)
		return len;
	rc = spdm_check_rsp_len(spdm, SPDM_FINISH, len,
				sizeof(struct spdm_header));
	if (rc)
		return rc;
	rc = spdm_buf_append(&s->th, spdm->rsp, sizeof(struct spdm_header));
	if (rc)
		return rc;

	/* Data secrets from TH2, which ends with FINISH_RSP */
	spdm_hash(neg->base_hash_alg, s->th.data, s->th.len, th_hash);
	spdm_derive(spdm, s->handshake_secret, "derived", NULL, salt, hlen);
	spdm_hkdf_extract(neg->base_hash_alg, salt, hlen, zeros, hlen, master);
	spdm_derive(spdm, master, "req app data", th_hash, s->req.secret,
		    hlen);
	spdm_derive(spdm, master, "rsp app data", th_hash, s->rsp.secret,
		    hlen);
	memzero_explicit(salt, sizeof(salt));
	memzero_explicit(master, sizeof(master));
	memzero_explicit(s->handshake_secret, sizeof(s->handshake_secret));
	memzero_explicit(s->req_finished_key, sizeof(s->req_finished_key));
	memzero_explicit(s->rsp_finished_key, sizeof(s->rsp_finished_key));
	spdm_buf_free(&s->th);

	rc = spdm_set_traffic_keys(spdm, &s->req, s->tx);
	if (!rc)
		rc = spdm_set_traffic_keys(spdm, &s->rsp, s->rx);
	if (!rc)
		s->phase = SPDM_SESSION_ESTABLISHED;
	return rc;
}

/**
 * spdm_set_secured_transport() - give the context a secured channel
 * @spdm: SPDM context
 * @transport: carries one secured message and its response (for PCI DOE:
 *	data object type 2), with the private data of spdm_create()
 *
 * Without one, spdm_start_session() fails with -EOPNOTSUPP.
 */
void spdm_set_secured_transport(struct spdm_state *spdm,
				spdm_transport *transport)
{
	spdm->secured_transport = transport;
}
EXPORT_SYMBOL_GPL(spdm_set_secured_transport);

/**
 * spdm_start_session() - open a secure session with the responder
 * @spdm: SPDM context, authenticated with spdm_authenticate()
 *
 * Runs KEY_EXCHANGE with the authenticated slot and FINISH: two
 * exchanges, one signature verification. The responder's signature of
 * the transcript must verify with the leaf key of the chain it was
 * authenticated with, and its HMAC must match the keys we derived. From
 * then on, every request of spdm_get_measurements(), spdm_heartbeat(),
 * spdm_key_update() and spdm_vendor_request() goes inside the session,
 * until spdm_end_session() or anything that starts the connection over
 * (spdm_negotiate(), spdm_authenticate(), spdm_confirm()). Any session
 * held before is forgotten first.
 *
 * Return: 0; -ENOKEY if the context is not authenticated; -EOPNOTSUPP if
 * what the responder signed in the connection offers no session (SPDM
 * 1.0, no KEY_EX_CAP, no DHE group, AEAD or key schedule in common, or a
 * DataTransferSize too small for KEY_EXCHANGE) or there is no secured
 * transport, and never for an ERROR response, which travels in the clear
 * (that is -EPROTO); -EKEYREJECTED if the signature or the HMAC does not
 * verify; -EPROTO, -EMSGSIZE or -EBADMSG for a malformed or unauthentic
 * response; or the error of a failed exchange. On failure no session is
 * open.
 */
int spdm_start_session(struct spdm_state *spdm)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	int rc;

	spdm_session_close(spdm);
	if (spdm->auth_slot < 0 || !spdm->leaf)
		return -ENOKEY;
	if (neg->version < SPDM_VER_11 || !(neg->rsp_caps & SPDM_CAP_KEY_EX) ||
	    !neg->dhe_alg || !neg->aead_alg ||
	    neg->key_schedule != SPDM_KEY_SCHEDULE_SPDM ||
	    !spdm->secured_transport) {
		spdm_fail(spdm, SPDM_KEY_EXCHANGE,
			  "no session: version 0x%02x, KEY_EX_CAP %u, DHE 0x%x, AEAD 0x%x, key schedule 0x%x, secured transport %s",
			  neg->version, !!(neg->rsp_caps & SPDM_CAP_KEY_EX),
			  neg->dhe_alg, neg->aead_alg, neg->key_schedule,
			  spdm->secured_transport ? "yes" : "no");
		return -EOPNOTSUPP;
	}
	spdm->session.msg = kmalloc(spdm->transport_sz, GFP_KERNEL);
	if (!spdm->session.msg)
		return -ENOMEM;

	spdm_start_op(spdm);
	rc = spdm_key_exchange(spdm);
	if (!rc)
		rc = spdm_finish(spdm);
	if (rc)
		spdm_session_close(spdm);
	return rc;
}
EXPORT_SYMBOL_GPL(spdm_start_session);

static int spdm_session_request(struct spdm_state *spdm, u8 code, u8 param1,
				u8 param2)
{
	struct spdm_header req;
	ssize_t len;
	int rc;

	if (spdm->session.phase != SPDM_SESSION_ESTABLISHED)
		return -ENOTCONN;
	spdm_init_header(&req, spdm->neg.version, code, param1, param2);
	len = spdm_exchange(spdm, &req, sizeof(req), sizeof(req));
	if (len < 0)
		return len;
	rc = spdm_check_rsp_len(spdm, code, len, sizeof(req));
	if (rc)
		return rc;
	if (code == SPDM_KEY_UPDATE &&
	    (spdm->rsp[2] != param1 || spdm->rsp[3] != param2)) {
		spdm_fail(spdm, code, "KEY_UPDATE_ACK for operation %u tag %u",
			  spdm->rsp[2], spdm->rsp[3]);
		return -EPROTO;
	}
	return 0;
}

/* A request of the session whose failure ends it */
static int spdm_session_op(struct spdm_state *spdm, u8 code, u8 param1)
{
	int rc;

	spdm_start_op(spdm);
	rc = spdm_session_request(spdm, code, param1, 0);
	if (rc && rc != -ENOTCONN)
		spdm_session_close(spdm);
	return rc;
}

/**
 * spdm_heartbeat() - keep the session alive
 * @spdm: SPDM context with a session open
 *
 * A responder that asked for a HeartbeatPeriod ends a session that hears
 * nothing for twice that long.
 *
 * Return: 0; -ENOTCONN without a session; or the error of the exchange,
 * which ends the session.
 */
int spdm_heartbeat(struct spdm_state *spdm)
{
	return spdm_session_op(spdm, SPDM_HEARTBEAT, 0);
}
EXPORT_SYMBOL_GPL(spdm_heartbeat);

/**
 * spdm_end_session() - close the session
 * @spdm: SPDM context
 *
 * Sends END_SESSION and forgets the session and its secrets, whatever the
 * answer.
 *
 * Return: 0; -ENOTCONN without a session; or the error of the exchange.
 */
int spdm_end_session(struct spdm_state *spdm)
{
	int rc = spdm_session_op(spdm, SPDM_END_SESSION, 0);

	spdm_session_close(spdm);
	return rc;
}
EXPORT_SYMBOL_GPL(spdm_end_session);

/**
 * spdm_key_update() - replace the keys of the session
 * @spdm: SPDM context with a session open
 * @both_directions: replace the responder's keys too (UpdateAllKeys),
 *	not only ours (UpdateKey)
 *
 * KEY_UPDATE goes under the old keys; its acknowledgment comes under
 * the responder's new keys if both change. Ours change once it is
 * acknowledged, and KEY_UPDATE VerifyNewKey then proves them. Each new
 * key starts at sequence number 0.
 *
 * Return: 0; -ENOTCONN without a session; or the error of an exchange,
 * which ends the session.
 */
int spdm_key_update(struct spdm_state *spdm, bool both_directions)
{
	struct spdm_session *s = &spdm->session;
	u8 op = both_directions ? SPDM_KEY_UPDATE_OP_UPDATE_ALL :
				  SPDM_KEY_UPDATE_OP_UPDATE_KEY;
	int rc;

	if (s->phase != SPDM_SESSION_ESTABLISHED)
		return -ENOTCONN;
	spdm_start_op(spdm);
	if (both_directions) {
		rc = spdm_update_traffic_keys(spdm, &s->rsp, s->rx);
		if (rc)
			goto fail;
	}
	rc = spdm_session_request(spdm, SPDM_KEY_UPDATE, op,
				  get_random_u8());
	if (!rc)
		rc = spdm_update_traffic_keys(spdm, &s->req, s->tx);
	if (!rc)
		rc = spdm_session_request(spdm, SPDM_KEY_UPDATE,
					  SPDM_KEY_UPDATE_OP_VERIFY,
					  get_random_u8());
	if (!rc)
		return 0;
fail:
	spdm_session_close(spdm);
	return rc;
}
EXPORT_SYMBOL_GPL(spdm_key_update);

/**
 * spdm_session_info() - the session in use
 * @spdm: SPDM context
 * @info: filled in
 *
 * Return: 0, or -ENOTCONN if no session is open.
 */
int spdm_session_info(const struct spdm_state *spdm,
		      struct spdm_session_info *info)
{
	const struct spdm_session *s = &spdm->session;

	if (s->phase != SPDM_SESSION_ESTABLISHED)
		return -ENOTCONN;
	*info = (struct spdm_session_info){
		.session_id = s->id,
		.heartbeat_period = s->heartbeat_period,
		.encrypted = s->encrypt,
		.sm_version = s->sm_version,
	};
	return 0;
}
EXPORT_SYMBOL_GPL(spdm_session_info);
