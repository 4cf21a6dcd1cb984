// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: hashes and signature verification
 *
 * A responder signs a transcript of the exchange. SPDM 1.0 and 1.1 sign
 * the hash of the transcript. From 1.2 on, the signed message is a
 * 100-byte prefix that names the version and the purpose of the
 * signature, followed by that hash, so that a signature made for one
 * purpose cannot be replayed for another. The signature is checked with
 * the public key of the leaf certificate the device presented, and
 * nothing else: this proves possession of the private key, not trust.
 *
 * Specification: DMTF DSP0274 (SPDM) "Signature generation" and
 * "Signature verification" (1.2+: "combined SPDM prefix").
 */

#include <crypto/public_key.h>
#include <crypto/sha2.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "spdm.h"

/**
 * spdm_hash_size() - digest size of an SPDM BaseHashAlgo
 * @hash_alg: one SPDM_HASH_* bit
 *
 * Return: the size in bytes, or 0 if @hash_alg is not one supported bit.
 */
size_t spdm_hash_size(u32 hash_alg)
{
	switch (hash_alg) {
	case SPDM_HASH_SHA_256:
		return SHA256_DIGEST_SIZE;
	case SPDM_HASH_SHA_384:
		return SHA384_DIGEST_SIZE;
	case SPDM_HASH_SHA_512:
		return SHA512_DIGEST_SIZE;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(spdm_hash_size);

/**
 * spdm_hash() - hash bytes with an SPDM BaseHashAlgo
 * @hash_alg: one SPDM_HASH_* bit, as spdm_hash_size() accepts
 * @data: the bytes
 * @len: how many
 * @out: spdm_hash_size(@hash_alg) bytes of digest
 */
void spdm_hash(u32 hash_alg, const u8 *data, size_t len, u8 *out)
{
	switch (hash_alg) {
	case SPDM_HASH_SHA_256:
		sha256(data, len, out);
		break;
	case SPDM_HASH_SHA_384:
		sha384(data, len, out);
		break;
	case SPDM_HASH_SHA_512:
		sha512(data, len, out);
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(spdm_hash);

static const char *spdm_hash_name(u32 hash_alg)
{
	switch (hash_alg) {
	case SPDM_HASH_SHA_256:
		return "sha256";
	case SPDM_HASH_SHA_384:
		return "sha384";
	case SPDM_HASH_SHA_512:
		return "sha512";
	default:
		return NULL;
	}
}

/**
 * spdm_hash_alg_name() - readable name of an SPDM BaseHashAlgo
 * @hash_alg: one SPDM_HASH_* bit, e.g. spdm_negotiated()->base_hash_alg
 *
 * Return: the name, e.g. "SHA-384", or "unknown".
 */
const char *spdm_hash_alg_name(u32 hash_alg)
{
	switch (hash_alg) {
	case SPDM_HASH_SHA_256:
		return "SHA-256";
	case SPDM_HASH_SHA_384:
		return "SHA-384";
	case SPDM_HASH_SHA_512:
		return "SHA-512";
	default:
		return "unknown";
	}
}
EXPORT_SYMBOL_GPL(spdm_hash_alg_name);

static const struct spdm_asym_desc {
	u32 alg;
	unsigned int sig_size;
	const char *pkey_algo;	/* as the X.509 parser names the key */
	const char *encoding;	/* NULL: RSASSA-PSS, done here */
	const char *name;	/* for people */
} spdm_asym_descs[] = {
	{ SPDM_ASYM_RSASSA_2048,	 256, "rsa", "pkcs1", "RSASSA-2048" },
	{ SPDM_ASYM_RSAPSS_2048,	 256, "rsa", NULL,    "RSAPSS-2048" },
	{ SPDM_ASYM_RSASSA_3072,	 384, "rsa", "pkcs1", "RSASSA-3072" },
	{ SPDM_ASYM_RSAPSS_3072,	 384, "rsa", NULL,    "RSAPSS-3072" },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P256, 64,  "ecdsa-nist-p256", "p1363",
	  "ECDSA P-256" },
	{ SPDM_ASYM_RSASSA_4096,	 512, "rsa", "pkcs1", "RSASSA-4096" },
	{ SPDM_ASYM_RSAPSS_4096,	 512, "rsa", NULL,    "RSAPSS-4096" },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P384, 96,  "ecdsa-nist-p384", "p1363",
	  "ECDSA P-384" },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P521, 132, "ecdsa-nist-p521", "p1363",
	  "ECDSA P-521" },
};

static const struct spdm_asym_desc *spdm_find_asym(u32 asym_alg)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdm_asym_descs); i++)
		if (spdm_asym_descs[i].alg == asym_alg)
			return &spdm_asym_descs[i];
	return NULL;
}

/**
 * spdm_sig_size() - signature size of an SPDM BaseAsymAlgo
 * @asym_alg: one SPDM_ASYM_* bit
 *
 * Return: the size in bytes, or 0 for an unsupported algorithm.
 */
size_t spdm_sig_size(u32 asym_alg)
{
	const struct spdm_asym_desc *desc = spdm_find_asym(asym_alg);

	return desc ? desc->sig_size : 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_sig_size);

/**
 * spdm_asym_alg_name() - readable name of an SPDM BaseAsymAlgo
 * @asym_alg: one SPDM_ASYM_* bit, e.g. spdm_negotiated()->base_asym_alg
 *
 * Return: the name, e.g. "ECDSA P-384", or "unknown".
 */
const char *spdm_asym_alg_name(u32 asym_alg)
{
	const struct spdm_asym_desc *desc = spdm_find_asym(asym_alg);

	return desc ? desc->name : "unknown";
}
EXPORT_SYMBOL_GPL(spdm_asym_alg_name);

/**
 * spdm_check_key() - check that a public key suits the negotiated
 *	signature algorithm
 * @pub: the leaf certificate's public key
 * @asym_alg: one SPDM_ASYM_* bit
 *
 * Return: 0, or -EKEYREJECTED if the key has another type, curve or size.
 */
int spdm_check_key(const struct public_key *pub, u32 asym_alg)
{
	const struct spdm_asym_desc *desc = spdm_find_asym(asym_alg);

	if (!desc || strcmp(pub->pkey_algo, desc->pkey_algo))
		return -EKEYREJECTED;
	if (!strcmp(desc->pkey_algo, "rsa") &&
	    spdm_rsa_modulus_bits(pub->key, pub->keylen) != desc->sig_size * 8)
		return -EKEYREJECTED;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_check_key);

/*
 * The combined SPDM prefix (1.2+): "dmtf-spdm-v1.N.*" four times, then
 * zeros and the context string, right-aligned in the last 36 bytes.
 */
static void spdm_combined_prefix(u8 version, const char *context,
				 u8 prefix[SPDM_COMBINED_PREFIX_SIZE])
{
	size_t ctx_len = strlen(context);

	static const char tmpl[16] __nonstring = "dmtf-spdm-vM.N.*";

	for (unsigned int i = 0; i < 4; i++) {
		memcpy(prefix + i * 16, tmpl, sizeof(tmpl));
		prefix[i * 16 + 11] = '0' + SPDM_VER_MAJOR(version);
		prefix[i * 16 + 13] = '0' + SPDM_VER_MINOR(version);
	}
	memset(prefix + 64, 0, SPDM_COMBINED_PREFIX_SIZE - 64 - ctx_len);
	memcpy(prefix + SPDM_COMBINED_PREFIX_SIZE - ctx_len, context, ctx_len);
}

/**
 * spdm_signed_digest() - the digest a responder's signature covers
 * @version: negotiated version
 * @hash_alg: negotiated SPDM_HASH_* algorithm
 * @context: the signing context, e.g. %SPDM_CONTEXT_CHALLENGE_AUTH
 * @transcript: the transcript, without the signature
 * @len: its size
 * @digest: spdm_hash_size(@hash_alg) bytes of result
 *
 * 1.0 and 1.1: the hash of the transcript. 1.2 and later: the hash of the
 * combined prefix followed by the hash of the transcript.
 */
void spdm_signed_digest(u8 version, u32 hash_alg, const char *context,
			const u8 *transcript, size_t len, u8 *digest)
{
	u8 msg[SPDM_COMBINED_PREFIX_SIZE + SPDM_MAX_HASH_SIZE];
	size_t hlen = spdm_hash_size(hash_alg);

	if (version < SPDM_VER_12) {
		spdm_hash(hash_alg, transcript, len, digest);
		return;
	}
	spdm_combined_prefix(version, context, msg);
	spdm_hash(hash_alg, transcript, len, msg + SPDM_COMBINED_PREFIX_SIZE);
	spdm_hash(hash_alg, msg, SPDM_COMBINED_PREFIX_SIZE + hlen, digest);
}
EXPORT_SYMBOL_IF_KUNIT(spdm_signed_digest);

/**
 * spdm_verify_signature() - verify a responder's signature of a transcript
 * @neg: negotiated version and algorithms
 * @pub: the public key of the responder's leaf certificate
 * @context: the signing context, e.g. %SPDM_CONTEXT_CHALLENGE_AUTH
 * @transcript: the transcript, without the signature
 * @len: its size
 * @sig: the signature, spdm_sig_size() bytes
 *
 * Return: 0 if the signature is valid; -EKEYREJECTED if it is not, or if
 * @pub does not suit the negotiated algorithm; -EBADMSG if the signature
 * is malformed; -EOPNOTSUPP for an algorithm the kernel cannot verify;
 * -ENOMEM.
 */
int spdm_verify_signature(const struct spdm_negotiated *neg,
			  const struct public_key *pub, const char *context,
			  const u8 *transcript, size_t len, const u8 *sig)
{
	const struct spdm_asym_desc *desc = spdm_find_asym(neg->base_asym_alg);
	u8 digest[SPDM_MAX_HASH_SIZE];
	struct public_key_signature pks = {
		.s = (u8 *)sig,
		.m = digest,
		.m_size = spdm_hash_size(neg->base_hash_alg),
		.hash_algo = spdm_hash_name(neg->base_hash_alg),
	};
	int rc;

	if (!desc || !pks.m_size)
		return -EOPNOTSUPP;
	rc = spdm_check_key(pub, neg->base_asym_alg);
	if (rc)
		return rc;

	spdm_signed_digest(neg->version, neg->base_hash_alg, context,
			   transcript, len, digest);

	if (!desc->encoding)
		return spdm_rsa_pss_verify(pub->key, pub->keylen,
					   neg->base_hash_alg, digest, sig,
					   desc->sig_size);

	pks.s_size = desc->sig_size;
	pks.encoding = desc->encoding;
	rc = public_key_verify_signature(pub, &pks);
	/* A signature that is not even well formed is a malformed message */
	if (rc == -EINVAL)
		rc = -EBADMSG;
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_verify_signature);
