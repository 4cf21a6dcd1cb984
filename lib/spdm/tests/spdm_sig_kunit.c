// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SPDM certificate chains and signature verification,
 * against signatures recorded from an SPDM implementation that is not
 * this library, and against an RSASSA-PSS vector made with OpenSSL
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <keys/x509-parser.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spdm.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "../spdm.h"
#include "spdm_test_responder.h"

struct spdm_vector {
	const char *name;
	u8 version;
	u32 asym;
	u32 hash;
	const char *context;
	const u8 *transcript;
	size_t transcript_len;
	const u8 *sig;
	size_t sig_len;
	const u8 *chain;
	size_t chain_len;
};

#include "spdm_vectors.h"
#include "spdm_rsa_pss_vector.h"

static ssize_t no_transport(void *priv, struct device *dev, const void *req,
			    size_t req_sz, void *rsp, size_t rsp_sz)
{
	return -EIO;
}

/* A context whose negotiated parameters are those of @v */
static struct spdm_state *vector_state(struct kunit *test,
				       const struct spdm_vector *v)
{
	struct device *dev = kunit_device_register(test, "spdm-sig-test");
	struct spdm_state *spdm;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	spdm = spdm_create(dev, no_transport, NULL, 1024);
	KUNIT_ASSERT_NOT_NULL(test, spdm);
	spdm->neg.version = v->version;
	spdm->neg.base_asym_alg = v->asym;
	spdm->neg.base_hash_alg = v->hash;
	return spdm;
}

static void vector_desc(const struct spdm_vector *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(spdm_vector, spdm_vectors, vector_desc);

/* The recorded signature verifies with the recorded chain's leaf key */
static void spdm_test_vector_verifies(struct kunit *test)
{
	const struct spdm_vector *v = test->param_value;
	struct spdm_state *spdm = vector_state(test, v);
	struct x509_certificate *leaf;

	KUNIT_EXPECT_EQ(test, spdm_sig_size(v->asym), v->sig_len);
	leaf = spdm_parse_chain(spdm, v->chain, v->chain_len);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, leaf);
	KUNIT_EXPECT_EQ(test, spdm_verify_signature(&spdm->neg, leaf->pub,
						    v->context, v->transcript,
						    v->transcript_len, v->sig),
			0);
	x509_free_certificate(leaf);
	spdm_destroy(spdm);
}

/*
 * Any change to the signed bytes, the signature, the version or the
 * signing context must make verification fail.
 */
static void spdm_test_vector_mutated(struct kunit *test)
{
	const struct spdm_vector *v = test->param_value;
	struct spdm_state *spdm = vector_state(test, v);
	struct spdm_negotiated neg = spdm->neg;
	struct x509_certificate *leaf;
	u8 *tr, *sig;
	int rc;

	leaf = spdm_parse_chain(spdm, v->chain, v->chain_len);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, leaf);
	tr = spdm_test_memdup(test, v->transcript, v->transcript_len,
			      GFP_KERNEL);
	sig = spdm_test_memdup(test, v->sig, v->sig_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tr);
	KUNIT_ASSERT_NOT_NULL(test, sig);

	/* 64 positions spread over the transcript, first and last included */
	for (unsigned int i = 0; i <= 64; i++) {
		size_t off = (v->transcript_len - 1) * i / 64;

		tr[off] ^= 0x01;
		rc = spdm_verify_signature(&neg, leaf->pub, v->context, tr,
					   v->transcript_len, v->sig);
		KUNIT_EXPECT_EQ_MSG(test, rc, -EKEYREJECTED,
				    "transcript byte %zu flipped", off);
		tr[off] ^= 0x01;
	}
	/* One byte cut off the transcript */
	KUNIT_EXPECT_EQ(test, spdm_verify_signature(&neg, leaf->pub,
						    v->context, tr,
						    v->transcript_len - 1,
						    v->sig),
			-EKEYREJECTED);

	for (unsigned int i = 0; i <= 16; i++) {
		size_t off = (v->sig_len - 1) * i / 16;

		sig[off] ^= 0x80;
		rc = spdm_verify_signature(&neg, leaf->pub, v->context, tr,
					   v->transcript_len, sig);
		KUNIT_EXPECT_TRUE_MSG(test, rc == -EKEYREJECTED || rc == -EBADMSG,
				      "signature byte %zu flipped: %d", off, rc);
		sig[off] ^= 0x80;
	}

	/* The other signing context */
	rc = spdm_verify_signature(&neg, leaf->pub,
				   !strcmp(v->context, SPDM_CONTEXT_MEASUREMENTS) ?
				   SPDM_CONTEXT_CHALLENGE_AUTH :
				   SPDM_CONTEXT_MEASUREMENTS,
				   tr, v->transcript_len, sig);
	KUNIT_EXPECT_EQ(test, rc, v->version >= SPDM_VER_12 ? -EKEYREJECTED : 0);

	/* 1.0/1.1 sign without the prefix, 1.2+ with it: never both */
	neg.version = v->version >= SPDM_VER_12 ? SPDM_VER_11 : SPDM_VER_12;
	KUNIT_EXPECT_EQ(test, spdm_verify_signature(&neg, leaf->pub,
						    v->context, tr,
						    v->transcript_len, sig),
			-EKEYREJECTED);
	/* The prefix names the version: 1.2 and 1.3 differ */
	if (v->version >= SPDM_VER_12) {
		neg.version = v->version ^ (SPDM_VER_12 ^ SPDM_VER_13);
		KUNIT_EXPECT_EQ(test,
				spdm_verify_signature(&neg, leaf->pub,
						      v->context, tr,
						      v->transcript_len, sig),
				-EKEYREJECTED);
	}

	/* A key of another type or size than negotiated */
	neg.version = v->version;
	neg.base_asym_alg = v->asym == SPDM_ASYM_RSASSA_3072 ?
			    SPDM_ASYM_RSASSA_2048 : SPDM_ASYM_RSASSA_3072;
	KUNIT_EXPECT_EQ(test, spdm_verify_signature(&neg, leaf->pub,
						    v->context, tr,
						    v->transcript_len, sig),
			-EKEYREJECTED);

	x509_free_certificate(leaf);
	spdm_destroy(spdm);
}

/* Every lie a chain header can tell, and broken DER */
static void spdm_test_chain_malformed(struct kunit *test)
{
	const struct spdm_vector *v = &spdm_vectors[2];	/* 1.2, P-384 */
	struct spdm_state *spdm = vector_state(test, v);
	size_t hlen = spdm_hash_size(v->hash), first = 4 + hlen;
	u8 *chain = spdm_test_memdup(test, v->chain, v->chain_len, GFP_KERNEL);
	size_t len = v->chain_len;
	struct x509_certificate *leaf;

	KUNIT_ASSERT_NOT_NULL(test, chain);

	/* Length field one off either way, zero, and the whole u16 */
	for (int delta = -1; delta <= 1; delta += 2) {
		put_unaligned_le16(len + delta, chain);
		KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
				-EBADMSG);
	}
	put_unaligned_le16(0, chain);
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EBADMSG);
	put_unaligned_le16(len, chain);

	/* Shorter than a header and a root hash */
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, 3)),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, first)),
			-EBADMSG);

	/* The root hash does not match the root certificate */
	chain[4] ^= 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EKEYREJECTED);
	chain[4] ^= 1;

	/*
	 * A root the kernel cannot parse (its TBSCertificate is no
	 * SEQUENCE) that RootHash matches: only the leaf is used, so the
	 * chain is taken. With RootHash not matching, the first certificate
	 * must be parsed, and fails.
	 */
	chain[first + 4] = 0x31;
	spdm_hash(v->hash, chain + first, spdm_der_cert_size(chain + first,
							     len - first),
		  chain + 4);
	leaf = spdm_parse_chain(spdm, chain, len);
	KUNIT_EXPECT_FALSE(test, IS_ERR(leaf));
	if (!IS_ERR(leaf))
		x509_free_certificate(leaf);
	chain[4] ^= 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EBADMSG);
	memcpy(chain, v->chain, len);

	/* Not a SEQUENCE, an indefinite length, a zero-length certificate */
	chain[first] = 0x31;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EBADMSG);
	chain[first] = 0x30;
	chain[first + 1] = 0x80;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EBADMSG);
	chain[first + 1] = v->chain[first + 1];
	{
		static const u8 empty[] = { 0x30, 0x00 };

		KUNIT_EXPECT_EQ(test, spdm_der_cert_size(empty, sizeof(empty)),
				0);
	}

	/* A certificate longer than what is left of the chain */
	chain[first + 3]++;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EBADMSG);
	chain[first + 3]--;

	/* Trailing garbage after the leaf */
	{
		u8 *longer = kunit_kzalloc(test, len + 2, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, longer);
		memcpy(longer, chain, len);
		put_unaligned_le16(len + 2, longer);
		KUNIT_EXPECT_EQ(test,
				PTR_ERR(spdm_parse_chain(spdm, longer, len + 2)),
				-EBADMSG);
	}

	/* DER-framed, but not an X.509 certificate inside */
	chain[first + 4] ^= 0xff;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EBADMSG);
	chain[first + 4] ^= 0xff;

	/* Intact again: it parses */
	leaf = spdm_parse_chain(spdm, chain, len);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, leaf);
	if (!IS_ERR(leaf))
		x509_free_certificate(leaf);

	/* The key does not suit the negotiated algorithm (P-384 vs P-256) */
	spdm->neg.base_asym_alg = SPDM_ASYM_ECDSA_ECC_NIST_P256;
	KUNIT_EXPECT_EQ(test, PTR_ERR(spdm_parse_chain(spdm, chain, len)),
			-EKEYREJECTED);
	spdm_destroy(spdm);
}

static void spdm_test_der_cert_size(struct kunit *test)
{
	static const u8 short_form[] = { 0x30, 0x03, 1, 2, 3 };
	static const u8 not_minimal[] = { 0x30, 0x81, 0x02, 1, 2 };
	static const u8 leading_zero[] = { 0x30, 0x82, 0x00, 0x81 };
	static const u8 too_many[] = { 0x30, 0x84, 0, 0, 0, 1, 0 };
	u8 long_form[3 + 0x80] = { 0x30, 0x81, 0x80 };

	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(short_form, 5), 5);
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(short_form, 4), 0);
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(long_form, sizeof(long_form)),
			sizeof(long_form));
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(long_form,
						 sizeof(long_form) - 1), 0);
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(long_form, 2), 0);
	/* DER wants the shortest length encoding */
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(not_minimal, 5), 0);
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(leading_zero, 4), 0);
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(too_many, 7), 0);
	KUNIT_EXPECT_EQ(test, spdm_der_cert_size(short_form, 0), 0);
}

/* The combined prefix, byte for byte, for each version that has one */
static void spdm_test_combined_prefix(struct kunit *test)
{
	static const u8 data[] = "transcript";
	u8 digest[SHA384_DIGEST_SIZE], expect[SHA384_DIGEST_SIZE];
	u8 msg[100 + SHA384_DIGEST_SIZE];

	for (unsigned int i = 0; i < 4; i++)
		memcpy(msg + 16 * i, "dmtf-spdm-v1.3.*", 16);
	memset(msg + 64, 0, 6);
	memcpy(msg + 70, "responder-measurements signing", 30);
	sha384(data, sizeof(data), msg + 100);
	sha384(msg, sizeof(msg), expect);

	spdm_signed_digest(SPDM_VER_13, SPDM_HASH_SHA_384,
			   SPDM_CONTEXT_MEASUREMENTS, data, sizeof(data),
			   digest);
	KUNIT_EXPECT_MEMEQ(test, digest, expect, sizeof(expect));

	/* 1.1: just the hash of the transcript */
	spdm_signed_digest(SPDM_VER_11, SPDM_HASH_SHA_384,
			   SPDM_CONTEXT_MEASUREMENTS, data, sizeof(data),
			   digest);
	KUNIT_EXPECT_MEMEQ(test, digest, msg + 100, SHA384_DIGEST_SIZE);
}

static void spdm_test_rsa_pss(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, spdm_rsa_modulus_bits(pss_pub_key,
						    sizeof(pss_pub_key)),
			3072);
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_384, pss_digest,
						  pss_sig_salt48,
						  sizeof(pss_sig_salt48)),
			0);
}

static void spdm_test_rsa_pss_rejects(struct kunit *test)
{
	u8 *sig = spdm_test_memdup(test, pss_sig_salt48, sizeof(pss_sig_salt48),
				GFP_KERNEL);
	u8 *digest = spdm_test_memdup(test, pss_digest, sizeof(pss_digest),
				   GFP_KERNEL);
	int rc;

	KUNIT_ASSERT_NOT_NULL(test, sig);
	KUNIT_ASSERT_NOT_NULL(test, digest);

	/* SPDM wants a salt as long as the hash: an empty one fails */
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_384, pss_digest,
						  pss_sig_salt0,
						  sizeof(pss_sig_salt0)),
			-EKEYREJECTED);
	/* PKCS#1 v1.5 padding is not PSS */
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_384, pss_digest,
						  pss_sig_pkcs1,
						  sizeof(pss_sig_pkcs1)),
			-EKEYREJECTED);
	/* Another digest, or the same under another hash */
	digest[0] ^= 1;
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_384, digest,
						  sig, sizeof(pss_sig_salt48)),
			-EKEYREJECTED);
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_512, pss_digest,
						  sig, sizeof(pss_sig_salt48)),
			-EKEYREJECTED);
	/* Every 16th signature byte flipped */
	for (size_t off = 0; off < sizeof(pss_sig_salt48); off += 16) {
		sig[off] ^= 0x01;
		rc = spdm_rsa_pss_verify(pss_pub_key, sizeof(pss_pub_key),
					 SPDM_HASH_SHA_384, pss_digest, sig,
					 sizeof(pss_sig_salt48));
		KUNIT_EXPECT_TRUE_MSG(test, rc == -EKEYREJECTED || rc == -EBADMSG,
				      "byte %zu: %d", off, rc);
		sig[off] ^= 0x01;
	}
	/* Wrong size, and not below the modulus */
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_384, pss_digest,
						  sig, sizeof(pss_sig_salt48) - 1),
			-EBADMSG);
	memset(sig, 0xff, sizeof(pss_sig_salt48));
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key,
						  sizeof(pss_pub_key),
						  SPDM_HASH_SHA_384, pss_digest,
						  sig, sizeof(pss_sig_salt48)),
			-EBADMSG);
	/* A key that does not parse */
	KUNIT_EXPECT_EQ(test, spdm_rsa_pss_verify(pss_pub_key, 10,
						  SPDM_HASH_SHA_384, pss_digest,
						  pss_sig_salt48,
						  sizeof(pss_sig_salt48)),
			-EINVAL);
}

/* Every supported algorithm has a name; anything else is "unknown" */
static void spdm_test_alg_names(struct kunit *test)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		bool known = spdm_sig_size(BIT(bit));

		KUNIT_EXPECT_EQ_MSG(test, strcmp(spdm_asym_alg_name(BIT(bit)),
						 "unknown") != 0, known,
				    "BaseAsymAlgo bit %u", bit);
		KUNIT_EXPECT_EQ_MSG(test, strcmp(spdm_hash_alg_name(BIT(bit)),
						 "unknown") != 0,
				    spdm_hash_size(BIT(bit)) != 0,
				    "BaseHashAlgo bit %u", bit);
	}
	KUNIT_EXPECT_STREQ(test, spdm_asym_alg_name(SPDM_ASYM_ECDSA_ECC_NIST_P384),
			   "ECDSA P-384");
	KUNIT_EXPECT_STREQ(test, spdm_asym_alg_name(SPDM_ASYM_RSAPSS_3072),
			   "RSAPSS-3072");
	KUNIT_EXPECT_STREQ(test, spdm_hash_alg_name(SPDM_HASH_SHA_256), "SHA-256");
	/* A selection is exactly one bit */
	KUNIT_EXPECT_STREQ(test, spdm_asym_alg_name(SPDM_ASYM_ECDSA_ECC_NIST_P256 |
						    SPDM_ASYM_ECDSA_ECC_NIST_P384),
			   "unknown");
	KUNIT_EXPECT_STREQ(test, spdm_hash_alg_name(0), "unknown");
}

static struct kunit_case spdm_sig_test_cases[] = {
	KUNIT_CASE_PARAM(spdm_test_vector_verifies, spdm_vector_gen_params),
	KUNIT_CASE_PARAM(spdm_test_vector_mutated, spdm_vector_gen_params),
	KUNIT_CASE(spdm_test_chain_malformed),
	KUNIT_CASE(spdm_test_der_cert_size),
	KUNIT_CASE(spdm_test_combined_prefix),
	KUNIT_CASE(spdm_test_rsa_pss),
	KUNIT_CASE(spdm_test_rsa_pss_rejects),
	KUNIT_CASE(spdm_test_alg_names),
	{}
};

static struct kunit_suite spdm_sig_test_suite = {
	.name = "spdm_sig",
	.test_cases = spdm_sig_test_cases,
};

kunit_test_suite(spdm_sig_test_suite);
