// SPDX-License-Identifier: GPL-2.0
/*
 * An SPDM responder for KUnit tests
 *
 * It answers the requester library in-process, as a device behind a DOE
 * mailbox would: responses are padded to whole dwords unless told not to.
 * Knobs in struct spdm_test_responder make it busy, slow, inconsistent or
 * malformed, so that each test can provoke one failure.
 */

#include <linux/math.h>
#include <crypto/aead.h>
#include <crypto/akcipher.h>
#include <crypto/ecc_curve.h>
#include <crypto/ecdh.h>
#include <crypto/internal/ecc.h>
#include <crypto/sha2.h>
#include <kunit/device.h>
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "../spdm.h"
#include "spdm_test_certs.h"
#include "spdm_test_rsa_keys.h"
#include "spdm_test_responder.h"

static size_t test_hash_size(u32 hash)
{
	return hash == SPDM_HASH_SHA_512 ? 64 : hash == SPDM_HASH_SHA_384 ? 48 : 32;
}

static void test_hash(u32 hash, const u8 *data, size_t len, u8 *out)
{
	if (hash == SPDM_HASH_SHA_512)
		sha512(data, len, out);
	else if (hash == SPDM_HASH_SHA_384)
		sha384(data, len, out);
	else
		sha256(data, len, out);
}

/*
 * The digest a responder signs, written out here independently of the
 * library: 1.0/1.1 hash the transcript, 1.2+ hash the combined prefix
 * and the transcript's hash.
 */
static void test_signed_digest(u8 version, u32 hash, const char *ctx,
			       const u8 *m, size_t len, u8 *digest)
{
	u8 msg[100 + 64];
	size_t hlen = test_hash_size(hash), clen = strlen(ctx);

	if (version < SPDM_VER_12) {
		test_hash(hash, m, len, digest);
		return;
	}
	for (unsigned int i = 0; i < 4; i++)
		memcpy(msg + 16 * i, version == SPDM_VER_12 ?
		       "dmtf-spdm-v1.2.*" : "dmtf-spdm-v1.3.*", 16);
	memset(msg + 64, 0, 36 - clen);
	memcpy(msg + 100 - clen, ctx, clen);
	test_hash(hash, m, len, msg + 100);
	test_hash(hash, msg, 100 + hlen, digest);
}

static const struct {
	u32 asym;
	unsigned int curve_id;
	const u8 *root, *leaf;
	size_t root_len, leaf_len;
} test_keys[] = {
	{ SPDM_ASYM_ECDSA_ECC_NIST_P256, ECC_CURVE_NIST_P256,
	  test_root_p256, test_leaf_p256,
	  sizeof(test_root_p256), sizeof(test_leaf_p256) },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P384, ECC_CURVE_NIST_P384,
	  test_root_p384, test_leaf_p384,
	  sizeof(test_root_p384), sizeof(test_leaf_p384) },
	{ SPDM_ASYM_ECDSA_ECC_NIST_P521, ECC_CURVE_NIST_P521,
	  test_root_p521, test_leaf_p521,
	  sizeof(test_root_p521), sizeof(test_leaf_p521) },
};

static unsigned int curve_bytes(const struct ecc_curve *curve)
{
	return DIV_ROUND_UP(curve->nbits, 8);
}

/* Big-endian bytes of the low @nbytes of a vli */
static void vli_to_be(const u64 *vli, unsigned int nbytes, u8 *out)
{
	for (unsigned int i = 0; i < nbytes; i++) {
		unsigned int b = nbytes - 1 - i;

		out[i] = vli[b / 8] >> (8 * (b % 8));
	}
}

/* (a + b) mod n for a, b < n, with the subtraction ecc.c exports */
static void vli_mod_add_sub(u64 *r, const u64 *a, const u64 *b,
			    const u64 *n, unsigned int nd)
{
	u64 nb[SPDM_TEST_ECC_DIGITS], t[SPDM_TEST_ECC_DIGITS];

	vli_sub(nb, n, b, nd);			/* n - b, in (0, n] */
	if (vli_sub(r, a, nb, nd)) {		/* a < n - b: a + b < n */
		vli_sub(t, nb, a, nd);
		vli_sub(r, n, t, nd);
	}
}

/*
 * ECDSA signing for the test responder only: s = k^-1 (e + r d) mod n,
 * with a nonce k derived from the key and the digest. The kernel has no
 * ECDSA signing; this uses the curve arithmetic of crypto/ecc.c.
 */
static int test_ecdsa_sign(unsigned int curve_id, const u64 *d,
			   const u8 *digest, size_t dlen, u8 *sig)
{
	const struct ecc_curve *curve = ecc_get_curve(curve_id);
	unsigned int nd = curve->g.ndigits, nbytes = curve_bytes(curve);
	u64 k[SPDM_TEST_ECC_DIGITS] = {}, r[SPDM_TEST_ECC_DIGITS] = {};
	u64 e[SPDM_TEST_ECC_DIGITS] = {}, t[SPDM_TEST_ECC_DIGITS];
	u64 kinv[SPDM_TEST_ECC_DIGITS], s[SPDM_TEST_ECC_DIGITS];
	u64 point[2 * SPDM_TEST_ECC_DIGITS];
	struct sha512_ctx ctx;
	u8 seed[SHA512_DIGEST_SIZE];
	int rc;

	sha512_init(&ctx);
	sha512_update(&ctx, (const u8 *)d, nd * sizeof(u64));
	sha512_update(&ctx, digest, dlen);
	sha512_final(&ctx, seed);
	ecc_digits_from_bytes(seed, min_t(size_t, sizeof(seed), nbytes), k, nd);
	while (vli_cmp(k, curve->n, nd) >= 0)
		vli_sub(k, k, curve->n, nd);
	if (vli_is_zero(k, nd))
		k[0] = 1;

	rc = ecc_make_pub_key(curve_id, nd, k, point);	/* k * G */
	if (rc)
		return rc;
	vli_from_be64(r, point, nd);
	if (vli_cmp(r, curve->n, nd) >= 0)
		vli_sub(r, r, curve->n, nd);

	/* The digest as crypto/ecdsa.c reads it: its leftmost bytes */
	ecc_digits_from_bytes(digest, min_t(size_t, dlen, nd * sizeof(u64)),
			      e, nd);
	while (vli_cmp(e, curve->n, nd) >= 0)
		vli_sub(e, e, curve->n, nd);

	vli_mod_mult_slow(t, r, d, curve->n, nd);
	vli_mod_add_sub(t, e, t, curve->n, nd);
	vli_mod_inv(kinv, k, curve->n, nd);
	vli_mod_mult_slow(s, kinv, t, curve->n, nd);

	vli_to_be(r, nbytes, sig);
	vli_to_be(s, nbytes, sig + nbytes);
	return 0;
}

static const struct {
	u32 asym;
	unsigned int bits;
	bool pss;
	const u8 *root, *leaf, *priv;
	size_t root_len, leaf_len, priv_len;
} test_rsa_keys[] = {
#define TEST_RSA(alg, b, p)						\
	{ alg, b, p, test_rsa_root_##b, test_rsa_leaf_##b,		\
	  test_rsa_leaf_priv_##b, sizeof(test_rsa_root_##b),		\
	  sizeof(test_rsa_leaf_##b), sizeof(test_rsa_leaf_priv_##b) }
	TEST_RSA(SPDM_ASYM_RSASSA_2048, 2048, false),
	TEST_RSA(SPDM_ASYM_RSAPSS_2048, 2048, true),
	TEST_RSA(SPDM_ASYM_RSASSA_3072, 3072, false),
	TEST_RSA(SPDM_ASYM_RSAPSS_3072, 3072, true),
	TEST_RSA(SPDM_ASYM_RSASSA_4096, 4096, false),
	TEST_RSA(SPDM_ASYM_RSAPSS_4096, 4096, true),
#undef TEST_RSA
};

/* DER DigestInfo prefixes of EMSA-PKCS1-v1_5 (RFC 8017 9.2, note 1) */
static const u8 digest_info_sha256[] = {
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
};

static const u8 digest_info_sha384[] = {
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
};

static const u8 digest_info_sha512[] = {
	0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
};

/* EMSA-PSS-ENCODE (RFC 8017 9.1.1), salt as long as the hash, for the test */
static void test_pss_encode(u32 hash, const u8 *mhash, size_t hlen, u8 *em,
			    size_t em_len)
{
	size_t db_len = em_len - hlen - 1;
	u8 m2[8 + 2 * 64], h[64], block[64 + 4], mask[64];
	u8 *salt = m2 + 8 + hlen;
	u32 counter = 0;

	memset(m2, 0, 8);
	memcpy(m2 + 8, mhash, hlen);
	get_random_bytes(salt, hlen);
	test_hash(hash, m2, 8 + 2 * hlen, h);

	memset(em, 0, db_len - hlen - 1);
	em[db_len - hlen - 1] = 0x01;
	memcpy(em + db_len - hlen, salt, hlen);
	/* MGF1 over H, XORed into DB */
	for (size_t off = 0; off < db_len; off += hlen) {
		memcpy(block, h, hlen);
		put_unaligned_be32(counter++, block + hlen);
		test_hash(hash, block, hlen + 4, mask);
		for (size_t i = 0; i < hlen && off + i < db_len; i++)
			em[off + i] ^= mask[i];
	}
	em[0] &= 0x7f;		/* emBits = modBits - 1, modBits a multiple of 8 */
	memcpy(em + db_len, h, hlen);
	em[em_len - 1] = 0xbc;
}

/* Sign with the RSA private key: EMSA encoding, then the raw RSA operation */
static int test_rsa_sign(struct spdm_test_responder *rsp, u32 hash,
			 const u8 *digest, size_t hlen, u8 *sig)
{
	const u8 *info = hash == SPDM_HASH_SHA_512 ? digest_info_sha512 :
			 hash == SPDM_HASH_SHA_384 ? digest_info_sha384 :
			 digest_info_sha256;
	struct crypto_akcipher *tfm;
	size_t k = 0, info_len = sizeof(digest_info_sha256);
	bool pss = false;
	u8 *em;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(test_rsa_keys); i++) {
		if (test_rsa_keys[i].asym == rsp->asym) {
			k = test_rsa_keys[i].bits / 8;
			pss = test_rsa_keys[i].pss;
		}
	}
	tfm = crypto_alloc_akcipher("rsa", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	em = kmalloc(k, GFP_KERNEL);
	rc = em ? crypto_akcipher_set_priv_key(tfm, rsp->rsa_priv,
					       rsp->rsa_priv_len) : -ENOMEM;
	if (rc)
		goto out;
	if (pss) {
		test_pss_encode(hash, digest, hlen, em, k);
	} else {
		em[0] = 0x00;
		em[1] = 0x01;
		memset(em + 2, 0xff, k - 3 - info_len - hlen);
		em[k - info_len - hlen - 1] = 0x00;
		memcpy(em + k - info_len - hlen, info, info_len);
		memcpy(em + k - hlen, digest, hlen);
	}
	/* Returns the output's length, the modulus size, zero-padded */
	rc = crypto_akcipher_sync_decrypt(tfm, em, k, sig, k);
	rc = rc == k ? 0 : rc < 0 ? rc : -EIO;
out:
	kfree(em);
	crypto_free_akcipher(tfm);
	return rc;
}

static size_t test_sig_size(struct spdm_test_responder *rsp)
{
	for (size_t i = 0; i < ARRAY_SIZE(test_rsa_keys); i++)
		if (test_rsa_keys[i].asym == rsp->asym)
			return test_rsa_keys[i].bits / 8;
	return 2 * curve_bytes(ecc_get_curve(rsp->curve_id));
}

static void test_sign(struct spdm_test_responder *rsp, const u8 *digest,
		      u8 *sig)
{
	size_t hlen = test_hash_size(rsp->neg_hash);

	if (rsp->rsa_priv)
		WARN_ON(test_rsa_sign(rsp, rsp->neg_hash, digest, hlen, sig));
	else
		WARN_ON(test_ecdsa_sign(rsp->curve_id, rsp->leaf_priv, digest,
					hlen, sig));
}

/**
 * spdm_test_responder_set_key() - give the responder a fresh leaf key
 * @rsp: responder
 * @asym_alg: SPDM_ASYM_ECDSA_* algorithm of the key
 *
 * Generates a private key, writes its public key into the leaf
 * certificate, and makes @asym_alg the algorithm ALGORITHMS selects.
 *
 * Return: 0 or a negative errno.
 */
int spdm_test_responder_set_key(struct spdm_test_responder *rsp,
				u32 asym_alg)
{
	const struct ecc_curve *curve;
	u64 pub[2 * SPDM_TEST_ECC_DIGITS];
	u8 point[1 + 2 * 66];
	unsigned int nd, nbytes;
	size_t i, k;
	int rc;

	for (k = 0; k < ARRAY_SIZE(test_rsa_keys); k++) {
		if (test_rsa_keys[k].asym != asym_alg)
			continue;
		/* RSA: the committed test key, whose leaf certificate matches */
		memcpy(rsp->leaf, test_rsa_keys[k].leaf,
		       test_rsa_keys[k].leaf_len);
		rsp->leaf_len = test_rsa_keys[k].leaf_len;
		rsp->root = test_rsa_keys[k].root;
		rsp->root_len = test_rsa_keys[k].root_len;
		rsp->rsa_priv = test_rsa_keys[k].priv;
		rsp->rsa_priv_len = test_rsa_keys[k].priv_len;
		rsp->asym = asym_alg;
		rsp->asym_sel = asym_alg;
		rsp->chain_len = 0;
		return 0;
	}
	for (k = 0; k < ARRAY_SIZE(test_keys); k++)
		if (test_keys[k].asym == asym_alg)
			break;
	if (k == ARRAY_SIZE(test_keys))
		return -EINVAL;
	rsp->rsa_priv = NULL;
	curve = ecc_get_curve(test_keys[k].curve_id);
	nd = curve->g.ndigits;
	nbytes = curve_bytes(curve);

	/* A private key in [1, n): nbits random bits, reduced below n */
	get_random_bytes(point, nbytes);
	point[0] &= 0xff >> (8 * nbytes - curve->nbits);
	memset(rsp->leaf_priv, 0, sizeof(rsp->leaf_priv));
	ecc_digits_from_bytes(point, nbytes, rsp->leaf_priv, nd);
	while (vli_cmp(rsp->leaf_priv, curve->n, nd) >= 0)
		vli_sub(rsp->leaf_priv, rsp->leaf_priv, curve->n, nd);
	if (vli_is_zero(rsp->leaf_priv, nd))
		rsp->leaf_priv[0] = 1;
	rc = ecc_make_pub_key(test_keys[k].curve_id, nd, rsp->leaf_priv, pub);
	if (rc)
		return rc;

	/* Uncompressed point: 04 || X || Y, each nbytes big-endian */
	point[0] = 0x04;
	memcpy(point + 1, (u8 *)pub + nd * 8 - nbytes, nbytes);
	memcpy(point + 1 + nbytes, (u8 *)pub + 2 * nd * 8 - nbytes, nbytes);

	/* Find the leaf's BIT STRING "00 04" that starts its public key */
	memcpy(rsp->leaf, test_keys[k].leaf, test_keys[k].leaf_len);
	rsp->leaf_len = test_keys[k].leaf_len;
	for (i = 0; i + 2 + 2 * nbytes < rsp->leaf_len; i++) {
		if (rsp->leaf[i] == 0x03 && rsp->leaf[i + 1] != 0 &&
		    !memcmp(rsp->leaf + i + (nbytes > 64 ? 3 : 2), "\x00\x04", 2))
			break;
	}
	if (i + 2 + 2 * nbytes >= rsp->leaf_len)
		return -EINVAL;
	memcpy(rsp->leaf + i + (nbytes > 64 ? 4 : 3), point, 1 + 2 * nbytes);

	rsp->curve_id = test_keys[k].curve_id;
	rsp->asym = asym_alg;
	rsp->root = test_keys[k].root;
	rsp->root_len = test_keys[k].root_len;
	rsp->asym_sel = asym_alg;
	rsp->chain_len = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_responder_set_key);

/**
 * spdm_test_fixture_init() - the &kunit_suite.init of the suites that
 *	talk to the test responder: test->priv is a &struct spdm_test_fixture
 * @test: the test
 *
 * Return: 0; a failure to set up fails the test.
 */
int spdm_test_fixture_init(struct kunit *test)
{
	struct spdm_test_fixture *t = kunit_kzalloc(test, sizeof(*t),
						    GFP_KERNEL);
	struct device *dev;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->rsp = kunit_kzalloc(test, sizeof(*t->rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->rsp);
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	dev = kunit_device_register(test, "spdm-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	t->spdm = spdm_create(dev, spdm_test_transport, t->rsp,
			      SPDM_TEST_TRANSPORT_SZ);
	KUNIT_ASSERT_NOT_NULL(test, t->spdm);
	spdm_set_secured_transport(t->spdm, spdm_test_secured_transport);
	test->priv = t;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_fixture_init);

/**
 * spdm_test_fixture_exit() - the &kunit_suite.exit matching
 *	spdm_test_fixture_init()
 * @test: the test
 */
void spdm_test_fixture_exit(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	if (t) {
		spdm_destroy(t->spdm);
		spdm_test_responder_release(t->rsp);
	}
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_fixture_exit);

/**
 * spdm_test_memdup() - kmemdup() whose copy KUnit frees after the test
 * @test: the test
 * @p: bytes to copy
 * @len: how many
 * @gfp: allocation flags
 *
 * Return: the copy, or NULL.
 */
void *spdm_test_memdup(struct kunit *test, const void *p, size_t len,
		       gfp_t gfp)
{
	void *copy = kunit_kmalloc(test, len, gfp);

	if (copy)
		memcpy(copy, p, len);
	return copy;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_memdup);

/**
 * spdm_test_responder_init() - a well-behaved responder of one version
 * @rsp: responder to set up
 * @version: the one version it offers, e.g. %SPDM_VER_12
 */
void spdm_test_responder_init(struct spdm_test_responder *rsp, u8 version)
{
	spdm_test_responder_release(rsp);
	memset(rsp, 0, offsetof(struct spdm_test_responder, leaf));
	rsp->versions[0] = version << 8;
	rsp->nr_versions = 1;
	rsp->ct_exponent = 12;
	rsp->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL |
		    FIELD_PREP(SPDM_CAP_MEAS, SPDM_CAP_MEAS_SIGNED);
	rsp->data_transfer_size = 1024;
	rsp->max_spdm_msg_size = 1024;
	rsp->meas_hash_sel = SPDM_MEAS_HASH_SHA_384;
	rsp->meas_spec_sel = SPDM_MEAS_SPEC_DMTF;
	rsp->opaque_sel = version >= SPDM_VER_12 ? SPDM_OPAQUE_FMT_1 : 0;
	rsp->fault_offset = -1;
	rsp->fault_len = -1;
	rsp->slots = BIT(0);
	rsp->nr_meas = 4;
	WARN_ON(spdm_test_responder_set_key(rsp, SPDM_ASYM_ECDSA_ECC_NIST_P256));
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_responder_init);

static void *spdm_test_put(struct spdm_test_responder *rsp, size_t len)
{
	void *p = rsp->msg + rsp->msg_len;

	memset(p, 0, len);
	rsp->msg_len += len;
	return p;
}

static void spdm_test_error(struct spdm_test_responder *rsp, u8 code,
			    u8 data)
{
	struct spdm_header *hdr = spdm_test_put(rsp, sizeof(*hdr));

	spdm_init_header(hdr, rsp->version, SPDM_ERROR, code, data);
}

static void spdm_test_version(struct spdm_test_responder *rsp)
{
	struct spdm_header *hdr = spdm_test_put(rsp, sizeof(*hdr));
	u8 *p = spdm_test_put(rsp, 2);

	spdm_init_header(hdr, SPDM_VER_10, SPDM_RSP_CODE(SPDM_GET_VERSION),
			 0, 0);
	p[1] = rsp->version_count_lie ?: rsp->nr_versions;
	for (unsigned int i = 0; i < rsp->nr_versions; i++)
		put_unaligned_le16(rsp->versions[i], spdm_test_put(rsp, 2));
}

static void spdm_test_capabilities(struct spdm_test_responder *rsp,
				   const struct spdm_capabilities *req,
				   size_t req_sz)
{
	struct spdm_capabilities *caps = spdm_test_put(rsp, sizeof(*caps));

	spdm_init_header(&caps->hdr, rsp->version,
			 SPDM_RSP_CODE(SPDM_GET_CAPABILITIES), 0, 0);
	caps->ct_exponent = rsp->ct_exponent;
	rsp->req_dts = req_sz >= SPDM_CAPS_LEN_12 ?
		       le32_to_cpu(req->data_transfer_size) : 0;
	caps->flags = cpu_to_le32(rsp->caps);
	if (rsp->version >= SPDM_VER_12) {
		caps->data_transfer_size = cpu_to_le32(rsp->data_transfer_size);
		caps->max_spdm_msg_size = cpu_to_le32(rsp->max_spdm_msg_size);
	} else {
		rsp->msg_len = SPDM_CAPS_LEN_11;
	}
}

/* Lowest bit of @mask, or 0 */
static u32 lowest_bit(u32 mask)
{
	return mask & -mask;
}

static void spdm_test_algorithms(struct spdm_test_responder *rsp,
				 const struct spdm_negotiate_algs *req,
				 size_t req_sz)
{
	struct spdm_algs *algs = spdm_test_put(rsp, sizeof(*algs));
	const struct spdm_alg_struct *ras = (const void *)(req + 1);
	u16 offered[SPDM_ALG_TYPE_KEY_SCHEDULE + 1] = {};
	unsigned int nr = rsp->nr_alg_structs;

	for (unsigned int i = 0; i < req->hdr.param1; i++) {
		if (sizeof(*req) + (i + 1) * sizeof(*ras) > req_sz)
			break;
		if (ras[i].alg_type < ARRAY_SIZE(offered) &&
		    ras[i].alg_count == SPDM_ALG_COUNT_2_BYTES)
			offered[ras[i].alg_type] = le16_to_cpu(ras[i].alg_supported);
	}
	rsp->last_offered_asym = le32_to_cpu(req->base_asym_algo);
	rsp->neg_hash = rsp->hash_sel ?:
		lowest_bit(le32_to_cpu(req->base_hash_algo));
	rsp->last_offered_hash = le32_to_cpu(req->base_hash_algo);
	rsp->dhe = rsp->dhe_sel ?: lowest_bit(offered[SPDM_ALG_TYPE_DHE]);
	rsp->aead = rsp->aead_sel ?: lowest_bit(offered[SPDM_ALG_TYPE_AEAD]);
	if (!nr && (rsp->caps & SPDM_CAP_KEY_EX))
		nr = 4;
	spdm_init_header(&algs->hdr, rsp->version,
			 SPDM_RSP_CODE(SPDM_NEGOTIATE_ALGORITHMS), nr, 0);
	if (FIELD_GET(SPDM_CAP_MEAS, rsp->caps) || rsp->force_meas_algs) {
		algs->measurement_specification_sel = rsp->meas_spec_sel;
		algs->measurement_hash_algo = cpu_to_le32(rsp->meas_hash_sel);
	}
	if (rsp->version >= SPDM_VER_12)
		algs->other_params_sel = rsp->opaque_sel;
	algs->base_asym_sel = cpu_to_le32(rsp->asym_sel ?:
					  lowest_bit(rsp->last_offered_asym));
	algs->base_hash_sel = cpu_to_le32(rsp->hash_sel ?:
					  lowest_bit(rsp->last_offered_hash));
	/* DHE, AEAD, ReqBaseAsymAlg (none: no mutual authentication), ... */
	for (unsigned int i = 0; i < nr; i++) {
		struct spdm_alg_struct *as = spdm_test_put(rsp, sizeof(*as));
		u8 type = SPDM_ALG_TYPE_DHE + i;

		as->alg_type = type;
		as->alg_count = SPDM_ALG_COUNT_2_BYTES;
		as->alg_supported = cpu_to_le16(type == SPDM_ALG_TYPE_DHE ? rsp->dhe :
						type == SPDM_ALG_TYPE_AEAD ? rsp->aead :
						type == SPDM_ALG_TYPE_KEY_SCHEDULE ?
						offered[type] & SPDM_KEY_SCHEDULE_SPDM : 0);
	}
	algs->length = cpu_to_le16(rsp->msg_len);
}

static void m1_add(struct spdm_test_responder *rsp, const void *p, size_t len)
{
	if (WARN_ON(rsp->m1_len + len > sizeof(rsp->m1)))
		return;
	memcpy(rsp->m1 + rsp->m1_len, p, len);
	rsp->m1_len += len;
}

/* The slot's chain for the negotiated hash: header, root hash, certs */
static void spdm_test_build_chain(struct spdm_test_responder *rsp)
{
	size_t hlen = test_hash_size(rsp->neg_hash);
	size_t len = 4 + hlen;

	test_hash(rsp->neg_hash, rsp->root, rsp->root_len, rsp->chain + 4);
	do {
		memcpy(rsp->chain + len, rsp->root, rsp->root_len);
		len += rsp->root_len;
	} while (len + 2 * rsp->root_len + rsp->leaf_len <= rsp->chain_target);
	memcpy(rsp->chain + len, rsp->leaf, rsp->leaf_len);
	len += rsp->leaf_len;

	put_unaligned_le16(len + rsp->cert_chain_lie, rsp->chain);
	put_unaligned_le16(0, rsp->chain + 2);
	rsp->chain_len = len;
}

static void spdm_test_digests(struct spdm_test_responder *rsp)
{
	struct spdm_header *hdr = spdm_test_put(rsp, sizeof(*hdr));
	size_t hlen = test_hash_size(rsp->neg_hash);

	spdm_test_build_chain(rsp);
	spdm_init_header(hdr, rsp->version, SPDM_RSP_CODE(SPDM_GET_DIGESTS),
			 rsp->version >= SPDM_VER_13 ? rsp->slots : 0,
			 rsp->slots);
	for (unsigned int i = 0; i < hweight8(rsp->slots); i++)
		test_hash(rsp->neg_hash, rsp->chain, rsp->chain_len,
			  spdm_test_put(rsp, hlen));
}

static void spdm_test_certificate(struct spdm_test_responder *rsp,
				  const struct spdm_get_certificate *req)
{
	size_t offset = le16_to_cpu(req->offset), portion;
	u8 slot = req->hdr.param1 & 0xf;
	struct spdm_certificate_rsp *cert;

	rsp->cert_requests++;
	rsp->last_cert_length = le16_to_cpu(req->length);
	if (!(rsp->slots & BIT(slot)) || offset >= rsp->chain_len) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	portion = min_t(size_t, rsp->last_cert_length, rsp->chain_len - offset);
	if (rsp->cert_portion_max)
		portion = min(portion, rsp->cert_portion_max);
	cert = spdm_test_put(rsp, sizeof(*cert) + portion);
	spdm_init_header(&cert->hdr, rsp->version,
			 SPDM_RSP_CODE(SPDM_GET_CERTIFICATE), slot, 0);
	cert->portion_length = cpu_to_le16(portion);
	cert->remainder_length = cpu_to_le16(rsp->chain_len - offset - portion +
					     (offset ? rsp->cert_remainder_lie : 0));
	memcpy(cert->cert_chain, rsp->chain + offset, portion);
}

static size_t test_meas_hash_size(u32 alg)
{
	return alg == SPDM_MEAS_HASH_SHA_512 ? 64 :
	       alg == SPDM_MEAS_HASH_SHA_384 ? 48 : 32;
}

/* The size of block @index: a digest, or for the last index 8 raw bytes */
static size_t spdm_test_meas_block_size(struct spdm_test_responder *rsp,
					u8 index)
{
	return 4 + 3 + (index == rsp->nr_meas ? 8 :
			test_meas_hash_size(rsp->meas_hash_sel));
}

/* Block @index at @b, its value @index ^ @meas_salt throughout */
static void spdm_test_fill_meas_block(struct spdm_test_responder *rsp, u8 index,
				      bool first, u8 *b)
{
	size_t vlen = spdm_test_meas_block_size(rsp, index) - 7;

	b[0] = index + rsp->meas_index_lie;
	b[1] = SPDM_MEAS_SPEC_DMTF;
	put_unaligned_le16(3 + vlen + (first ? rsp->meas_block_lie : 0), b + 2);
	b[4] = index == rsp->nr_meas ? SPDM_MEAS_VALUE_RAW | 0x02 : 0x01;
	put_unaligned_le16(vlen, b + 5);
	memset(b + 7, index ^ rsp->meas_salt, vlen);
}

static void spdm_test_meas_block(struct spdm_test_responder *rsp, u8 index,
				 bool first)
{
	spdm_test_fill_meas_block(rsp, index, first,
				  spdm_test_put(rsp, spdm_test_meas_block_size(rsp, index)));
}

/*
 * The measurement summary hash of CHALLENGE_AUTH: the hash of all the
 * measurement blocks, one after the other, as GET_MEASUREMENTS sends them
 */
static void spdm_test_meas_summary(struct spdm_test_responder *rsp, u8 *out)
{
	u8 *blocks = kmalloc_array(rsp->nr_meas, 4 + 3 + SHA512_DIGEST_SIZE,
				   GFP_KERNEL);
	size_t len = 0;

	if (!blocks)
		return;
	for (unsigned int i = 1; i <= rsp->nr_meas; i++) {
		spdm_test_fill_meas_block(rsp, i, false, blocks + len);
		len += spdm_test_meas_block_size(rsp, i);
	}
	test_hash(rsp->neg_hash, blocks, len, out);
	kfree(blocks);
}

static void spdm_test_challenge(struct spdm_test_responder *rsp,
				const u8 *req, size_t req_sz)
{
	const struct spdm_header *rhdr = (const void *)req;
	size_t hlen = test_hash_size(rsp->neg_hash);
	u8 slot = rhdr->param1, digest[SHA512_DIGEST_SIZE];
	struct spdm_header *hdr;

	if (slot >= 8 || !(rsp->slots & BIT(slot))) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	hdr = spdm_test_put(rsp, sizeof(*hdr));
	spdm_init_header(hdr, rsp->version, SPDM_RSP_CODE(SPDM_CHALLENGE),
			 (slot ^ rsp->challenge_slot_lie) |
			 (rsp->mut_auth ? SPDM_CHALLENGE_AUTH_MUT_AUTH : 0),
			 rsp->slots);
	test_hash(rsp->neg_hash, rsp->chain, rsp->chain_len,
		  spdm_test_put(rsp, hlen));
	if (rsp->echo_nonce)
		memcpy(spdm_test_put(rsp, SPDM_NONCE_SIZE), req + 4,
		       SPDM_NONCE_SIZE);
	else
		get_random_bytes(spdm_test_put(rsp, SPDM_NONCE_SIZE),
				 SPDM_NONCE_SIZE);
	rsp->summary_sent = rhdr->param2 ? hlen : 0;
	if (rsp->summary_sent) {
		spdm_test_meas_summary(rsp, rsp->summary);
		memcpy(spdm_test_put(rsp, hlen), rsp->summary, hlen);
	}
	if (rsp->opaque_valid) {
		/* One element: ID 0, no vendor ID, 2 bytes of data, padding */
		static const u8 table[] = { 1, 0, 0, 0, 0, 0, 2, 0, 0xaa, 0xbb,
					    0, 0 };

		put_unaligned_le16(sizeof(table) + rsp->opaque_tail,
				   spdm_test_put(rsp, 2));
		memcpy(spdm_test_put(rsp, sizeof(table)), table, sizeof(table));
		spdm_test_put(rsp, rsp->opaque_tail);
	} else {
		put_unaligned_le16(rsp->opaque_len, spdm_test_put(rsp, 2));
		spdm_test_put(rsp, min_t(size_t, rsp->opaque_len, 1100));
	}
	if (rsp->version >= SPDM_VER_13)
		memcpy(spdm_test_put(rsp, SPDM_REQ_CONTEXT_SIZE), req + 36,
		       SPDM_REQ_CONTEXT_SIZE);

	m1_add(rsp, req, req_sz);
	m1_add(rsp, rsp->msg, rsp->msg_len);
	test_signed_digest(rsp->version, rsp->neg_hash,
			   "responder-challenge_auth signing", rsp->m1,
			   rsp->m1_len, digest);
	if (rsp->bad_signature)
		digest[0] ^= 1;
	test_sign(rsp, digest, spdm_test_put(rsp, test_sig_size(rsp)));
	rsp->signed_len = rsp->m1_len;
	rsp->m1_len = rsp->vca_len;
}

static void spdm_test_measurements(struct spdm_test_responder *rsp,
				   const u8 *req, size_t req_sz)
{
	const struct spdm_header *rhdr = (const void *)req;
	bool sign = rhdr->param1 & SPDM_MEAS_ATTR_SIGNATURE;
	u8 op = rhdr->param2, slot = 0, digest[SHA512_DIGEST_SIZE];
	size_t ctx_off = sign ? 4 + 32 + (rsp->version >= SPDM_VER_11) : 4;
	unsigned int nr = 0;
	size_t rec_start, req_len;
	u8 *hdr;

	rsp->meas_requests++;
	/*
	 * The request's own fields say its length; a transport may have
	 * padded it (DOE: to whole dwords), and L1 holds the message only.
	 */
	req_len = ctx_off + (rsp->version >= SPDM_VER_13 ?
			     SPDM_REQ_CONTEXT_SIZE : 0);
	if (req_sz < req_len) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	req_sz = req_len;
	if (sign) {
		memcpy(rsp->last_meas_nonce, req + 4, 32);
		if (rsp->version >= SPDM_VER_11)
			slot = req[36];
	}
	if (op == 0 || (op != SPDM_MEAS_OP_ALL && op > rsp->nr_meas)) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	hdr = spdm_test_put(rsp, 8);
	spdm_init_header((void *)hdr, rsp->version,
			 SPDM_RSP_CODE(SPDM_GET_MEASUREMENTS), 0,
			 (sign ? slot ^ rsp->meas_slot_lie : 0) |
			 (rsp->meas_changed ? 0x10 : 0));
	rec_start = rsp->msg_len;
	if (op == SPDM_MEAS_OP_ALL) {
		for (unsigned int i = 1; i <= rsp->nr_meas; i++, nr++)
			spdm_test_meas_block(rsp, i, i == 1);
	} else {
		spdm_test_meas_block(rsp, op, true);
		nr = 1;
	}
	hdr[4] = nr + rsp->meas_count_lie;
	put_unaligned_le24(rsp->msg_len - rec_start + rsp->meas_len_lie,
			   hdr + 5);
	get_random_bytes(spdm_test_put(rsp, 32), 32);
	put_unaligned_le16(0, spdm_test_put(rsp, 2));
	if (rsp->version >= SPDM_VER_13)
		memcpy(spdm_test_put(rsp, SPDM_REQ_CONTEXT_SIZE), req + ctx_off,
		       SPDM_REQ_CONTEXT_SIZE);

	if (rsp->l1_len + req_sz + rsp->msg_len > sizeof(rsp->l1))
		return;
	memcpy(rsp->l1 + rsp->l1_len, req, req_sz);
	memcpy(rsp->l1 + rsp->l1_len + req_sz, rsp->msg, rsp->msg_len);
	rsp->l1_len += req_sz + rsp->msg_len;
	if (!sign)
		return;
	test_signed_digest(rsp->version, rsp->neg_hash,
			   "responder-measurements signing", rsp->l1,
			   rsp->l1_len, digest);
	if (rsp->bad_signature)
		digest[0] ^= 1;
	test_sign(rsp, digest, spdm_test_put(rsp, test_sig_size(rsp)));
	rsp->signed_len = rsp->l1_len;
}

#define TEST_CHUNK_HANDLE	0x3c

/* The largest message we send whole: what the requester takes, or less */
static size_t spdm_test_send_limit(const struct spdm_test_responder *rsp)
{
	if (rsp->chunk_above)
		return min_t(size_t, rsp->req_dts, rsp->chunk_above);
	return rsp->req_dts;
}

/* A response larger than the requester takes: keep it, say LargeResponse */
static void spdm_test_go_large(struct spdm_test_responder *rsp)
{
	memcpy(rsp->large, rsp->msg, rsp->msg_len);
	rsp->large_len = rsp->msg_len;
	rsp->msg_len = 0;
	spdm_test_error(rsp, SPDM_ERR_LARGE_RESPONSE, 0);
	*(u8 *)spdm_test_put(rsp, 1) = TEST_CHUNK_HANDLE;
}

static void spdm_test_chunk_get(struct spdm_test_responder *rsp,
				const struct spdm_chunk_get *req)
{
	u16 seq = le16_to_cpu(req->chunk_seq_no);
	size_t hdr = sizeof(struct spdm_chunk_rsp) + (seq ? 0 : 4);
	struct spdm_chunk_rsp *c;
	size_t off, size;

	rsp->chunk_requests++;
	if (!rsp->large_len || req->hdr.param2 != TEST_CHUNK_HANDLE) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	/* Chunks follow one another: sequence 0 starts over */
	if (!seq)
		rsp->chunk_off = 0;
	off = rsp->chunk_off;
	size = spdm_test_send_limit(rsp) - hdr;
	if (rsp->chunk_max)
		size = min(size, rsp->chunk_max);
	size = off >= rsp->large_len ? 0 : min(size, rsp->large_len - off);
	rsp->chunk_off += size;

	c = spdm_test_put(rsp, hdr + size);
	spdm_init_header(&c->hdr, rsp->version, SPDM_RSP_CODE(SPDM_CHUNK_GET),
			 !rsp->chunk_never_last && off + size == rsp->large_len ?
			 SPDM_CHUNK_LAST : 0, TEST_CHUNK_HANDLE);
	c->chunk_seq_no = cpu_to_le16(seq + rsp->chunk_seq_lie);
	c->chunk_size = cpu_to_le32(size + rsp->chunk_size_lie);
	if (!seq)
		put_unaligned_le32(rsp->large_len + rsp->chunk_total_lie, c + 1);
	if (size)
		memcpy((u8 *)c + hdr, rsp->large + off, size);
}

/* Build the real answer to @req into rsp->msg */
/*
 * Sessions, written apart from the library's session.c: the key schedule
 * as one-block HKDF-Expand on the lib/crypto HMACs, ECDH on the curve
 * arithmetic of crypto/ecc.c.
 */
static void test_hmac(u32 hash, const u8 *key, size_t key_len,
		      const u8 *data, size_t len, u8 *out)
{
	if (hash == SPDM_HASH_SHA_512)
		hmac_sha512_usingrawkey(key, key_len, data, len, out);
	else if (hash == SPDM_HASH_SHA_384)
		hmac_sha384_usingrawkey(key, key_len, data, len, out);
	else
		hmac_sha256_usingrawkey(key, key_len, data, len, out);
}

/* HMAC(secret, BinConcat(len, label, context) || 0x01), cut to len */
static void test_expand(struct spdm_test_responder *rsp, const u8 *secret,
			const char *label, const u8 *context, size_t len,
			u8 *out)
{
	size_t hlen = test_hash_size(rsp->neg_hash), n = 0;
	u8 info[2 + 8 + 16 + SHA512_DIGEST_SIZE + 1];
	u8 full[SHA512_DIGEST_SIZE];

	info[n++] = len;
	info[n++] = len >> 8;
	n += snprintf(info + n, 9, "spdm%u.%u ", rsp->version >> 4,
		      rsp->version & 0xf);
	memcpy(info + n, label, strlen(label));
	n += strlen(label);
	if (context) {
		memcpy(info + n, context, hlen);
		n += hlen;
	}
	info[n++] = 1;
	test_hmac(rsp->neg_hash, secret, hlen, info, n, full);
	memcpy(out, full, len);
	memzero_explicit(full, sizeof(full));
}

static void th_add(struct spdm_test_responder *rsp, const void *p, size_t len)
{
	if (WARN_ON(rsp->th_len + len > sizeof(rsp->th)))
		return;
	memcpy(rsp->th + rsp->th_len, p, len);
	rsp->th_len += len;
}

static const char *test_aead_name(u16 aead)
{
	return aead == SPDM_AEAD_CHACHA20_POLY1305 ?
	       "rfc7539(chacha20,poly1305)" : "gcm(aes)";
}

static size_t test_key_size(u16 aead)
{
	return aead == SPDM_AEAD_AES_128_GCM ? 16 : 32;
}

/* Key and IV of one direction from its secret; sequence number 0 */
static int test_set_keys(struct spdm_test_responder *rsp, const u8 *secret,
			 u8 *key, u8 *iv, u64 *seq, struct crypto_aead *tfm)
{
	size_t klen = test_key_size(rsp->aead);

	test_expand(rsp, secret, "key", NULL, klen, key);
	test_expand(rsp, secret, "iv", NULL, 12, iv);
	*seq = 0;
	return crypto_aead_setkey(tfm, key, klen);
}

static void test_update_secret(struct spdm_test_responder *rsp, u8 *secret)
{
	u8 next[SHA512_DIGEST_SIZE];
	size_t hlen = test_hash_size(rsp->neg_hash);

	test_expand(rsp, secret, "traffic upd", NULL, hlen, next);
	memcpy(secret, next, hlen);
	memzero_explicit(next, sizeof(next));
}

/**
 * spdm_test_responder_release() - free what a responder's session holds
 * @rsp: responder
 */
void spdm_test_responder_release(struct spdm_test_responder *rsp)
{
	crypto_free_aead(rsp->tx);
	crypto_free_aead(rsp->rx);
	rsp->tx = NULL;
	rsp->rx = NULL;
	rsp->sess_phase = 0;
	rsp->pending_data_keys = false;
	rsp->pending_end = false;
	memzero_explicit(rsp->master, sizeof(rsp->master));
	memzero_explicit(rsp->req_secret, sizeof(rsp->req_secret));
	memzero_explicit(rsp->rsp_secret, sizeof(rsp->rsp_secret));
	memzero_explicit(rsp->req_key, sizeof(rsp->req_key));
	memzero_explicit(rsp->rsp_key, sizeof(rsp->rsp_key));
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_responder_release);

/*
 * Ephemeral ECDH: our X || Y and the shared X, big-endian. crypto/ecc.c's
 * public keys and secrets are arrays of digits whose bytes, in memory,
 * are the big-endian number: what ExchangeData carries.
 */
static int test_ecdh(struct spdm_test_responder *rsp, const u8 *peer_be,
		     u8 *pub_be, u8 *secret_be)
{
	unsigned int curve_id = rsp->dhe == SPDM_DHE_SECP384R1 ?
				ECC_CURVE_NIST_P384 : ECC_CURVE_NIST_P256;
	unsigned int nd = curve_id == ECC_CURVE_NIST_P384 ? 6 : 4;
	unsigned int nbytes = nd * 8;
	u64 priv[6], pub[12], peer[12], secret[6];
	int rc;

	rc = ecc_gen_privkey(curve_id, nd, priv);
	if (!rc)
		rc = ecc_make_pub_key(curve_id, nd, priv, pub);
	if (rc)
		return rc;
	memcpy(peer, peer_be, 2 * nbytes);
	rc = crypto_ecdh_shared_secret(curve_id, nd, priv, peer, secret);
	memzero_explicit(priv, sizeof(priv));
	if (rc)
		return rc;
	memcpy(pub_be, pub, 2 * nbytes);
	memcpy(secret_be, secret, nbytes);
	memzero_explicit(secret, sizeof(secret));
	return 0;
}

/* The highest secured-message version of a supported-version list */
static u16 test_sm_version(struct spdm_test_responder *rsp, const u8 *op,
			   size_t len)
{
	size_t off = rsp->version == SPDM_VER_11 ? 8 : 4;
	u16 best = 0;

	/* One element, no vendor ID: ID, VendorLen, DataLen, 1, 1, count */
	if (len < off + 7 || op[off + 5] != 1)
		return 0;
	for (unsigned int i = 0; i < op[off + 6]; i++)
		if (off + 9 + 2 * i <= len)
			best = max(best, get_unaligned_le16(op + off + 7 + 2 * i));
	return rsp->sm_version_sel ?: best;
}

static void spdm_test_key_exchange(struct spdm_test_responder *rsp,
				   const u8 *req, size_t req_sz)
{
	const struct spdm_header *rhdr = (const void *)req;
	size_t hlen = test_hash_size(rsp->neg_hash);
	size_t d = rsp->dhe == SPDM_DHE_SECP384R1 ? 96 : 64;
	u8 digest[SHA512_DIGEST_SIZE], th1[SHA512_DIGEST_SIZE];
	u8 secret[48], zeros[SHA512_DIGEST_SIZE] = {};
	u8 hs_secret[SHA512_DIGEST_SIZE], rsp_finished[SHA512_DIGEST_SIZE];
	size_t opaque_len, start;
	struct spdm_header *hdr;
	u8 *p;
	u16 sm;

	if (!rsp->dhe || !rsp->aead || req_sz < 40 + d + 2 ||
	    rhdr->param2 >= 8 || !(rsp->slots & BIT(rhdr->param2))) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	opaque_len = get_unaligned_le16(req + 40 + d);
	if (req_sz < 40 + d + 2 + opaque_len) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	/* The transcript takes the message, not the transport's padding */
	req_sz = 40 + d + 2 + opaque_len;
	spdm_test_responder_release(rsp);

	hdr = spdm_test_put(rsp, sizeof(*hdr));
	spdm_init_header(hdr, rsp->version, SPDM_RSP_CODE(SPDM_KEY_EXCHANGE),
			 rsp->heartbeat_period, 0);
	p = spdm_test_put(rsp, 4 + SPDM_NONCE_SIZE + d);
	put_unaligned_le16(rsp->rsp_session_id ?: 0xfffe, p);
	p[2] = rsp->sess_mut_auth;
	get_random_bytes(p + 4, SPDM_NONCE_SIZE);
	if (test_ecdh(rsp, req + 40, p + 4 + SPDM_NONCE_SIZE, secret)) {
		rsp->msg_len = 0;
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	if (rsp->sess_bad_point)
		p[4 + SPDM_NONCE_SIZE + d - 1] ^= 1;
	if (rhdr->param1)
		spdm_test_meas_summary(rsp, spdm_test_put(rsp, hlen));
	sm = test_sm_version(rsp, req + 42 + d, opaque_len);
	rsp->sm_version = sm;
	if (sm && rsp->version == SPDM_VER_11) {
		/* SpecID, OpaqueVersion, one element: version selection */
		static const u8 hdr11[] = { 0x46, 0x54, 0x4d, 0x44, 1, 1, 0, 0 };

		put_unaligned_le16(sizeof(hdr11) + 8, spdm_test_put(rsp, 2));
		memcpy(spdm_test_put(rsp, sizeof(hdr11)), hdr11, sizeof(hdr11));
	} else if (sm) {
		put_unaligned_le16(4 + 8, spdm_test_put(rsp, 2));
		*(u8 *)spdm_test_put(rsp, 4) = 1;
	} else {
		put_unaligned_le16(0, spdm_test_put(rsp, 2));
	}
	if (sm) {
		p = spdm_test_put(rsp, 8);
		p[2] = 4;		/* ID 0, VendorLen 0, DataLen 4 */
		p[4] = 1;		/* SMDataVersion */
		p[5] = 0;		/* version selection */
		put_unaligned_le16(sm, p + 6);
	}

	/* TH: VCA, Hash(chain), KEY_EXCHANGE, KEY_EXCHANGE_RSP so far */
	rsp->th_len = 0;
	th_add(rsp, rsp->m1, rsp->vca_len);
	test_hash(rsp->neg_hash, rsp->chain, rsp->chain_len, digest);
	th_add(rsp, digest, hlen);
	th_add(rsp, req, req_sz);
	th_add(rsp, rsp->msg, rsp->msg_len);
	test_signed_digest(rsp->version, rsp->neg_hash,
			   "responder-key_exchange_rsp signing", rsp->th,
			   rsp->th_len, digest);
	if (rsp->bad_signature)
		digest[0] ^= 1;
	start = rsp->msg_len;
	test_sign(rsp, digest, spdm_test_put(rsp, test_sig_size(rsp)));
	th_add(rsp, rsp->msg + start, rsp->msg_len - start);

	/* Handshake secrets from TH1 */
	test_hash(rsp->neg_hash, rsp->th, rsp->th_len, th1);
	test_hmac(rsp->neg_hash, zeros, hlen, secret, d / 2, hs_secret);
	test_expand(rsp, hs_secret, "req hs data", th1, hlen, rsp->req_secret);
	test_expand(rsp, hs_secret, "rsp hs data", th1, hlen, rsp->rsp_secret);
	test_expand(rsp, rsp->req_secret, "finished", NULL, hlen,
		    rsp->req_finished);
	test_expand(rsp, rsp->rsp_secret, "finished", NULL, hlen,
		    rsp_finished);
	/* Kept for FINISH: Salt_1 derives from the handshake secret */
	memcpy(rsp->master, hs_secret, hlen);
	p = spdm_test_put(rsp, hlen);
	test_hmac(rsp->neg_hash, rsp_finished, hlen, th1, hlen, p);
	if (rsp->sess_bad_verify)
		p[0] ^= 1;
	th_add(rsp, p, hlen);
	memzero_explicit(secret, sizeof(secret));
	memzero_explicit(hs_secret, sizeof(hs_secret));
	memzero_explicit(rsp_finished, sizeof(rsp_finished));

	rsp->tx = crypto_alloc_aead(test_aead_name(rsp->aead), 0, CRYPTO_ALG_ASYNC);
	rsp->rx = crypto_alloc_aead(test_aead_name(rsp->aead), 0, CRYPTO_ALG_ASYNC);
	if (WARN_ON(IS_ERR(rsp->tx) || IS_ERR(rsp->rx))) {
		rsp->tx = IS_ERR(rsp->tx) ? NULL : rsp->tx;
		rsp->rx = IS_ERR(rsp->rx) ? NULL : rsp->rx;
		spdm_test_responder_release(rsp);
		return;
	}
	WARN_ON(crypto_aead_setauthsize(rsp->tx, 16) ||
		crypto_aead_setauthsize(rsp->rx, 16) ||
		test_set_keys(rsp, rsp->req_secret, rsp->req_key, rsp->req_iv,
			      &rsp->req_seq, rsp->rx) ||
		test_set_keys(rsp, rsp->rsp_secret, rsp->rsp_key, rsp->rsp_iv,
			      &rsp->rsp_seq, rsp->tx));
	rsp->sess_id = (u32)(rsp->rsp_session_id ?: 0xfffe) << 16 |
		       get_unaligned_le16(req + 4);
	rsp->sess_encrypt = rsp->caps & SPDM_CAP_ENCRYPT;
	rsp->secured_responses = 0;
	rsp->last_secured_len = 0;
	rsp->sess_phase = 1;
}

static void spdm_test_finish(struct spdm_test_responder *rsp, const u8 *req,
			     size_t req_sz)
{
	const struct spdm_header *rhdr = (const void *)req;
	size_t hlen = test_hash_size(rsp->neg_hash);
	u8 th[SHA512_DIGEST_SIZE], expect[SHA512_DIGEST_SIZE];
	u8 salt[SHA512_DIGEST_SIZE], zeros[SHA512_DIGEST_SIZE] = {};
	struct spdm_header *hdr;

	if (rsp->sess_phase != 1 || !rsp->in_secured || rhdr->param1 ||
	    req_sz != sizeof(*hdr) + hlen) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	th_add(rsp, req, sizeof(*hdr));
	test_hash(rsp->neg_hash, rsp->th, rsp->th_len, th);
	test_hmac(rsp->neg_hash, rsp->req_finished, hlen, th, hlen, expect);
	if (memcmp(expect, req + sizeof(*hdr), hlen)) {
		spdm_test_error(rsp, SPDM_ERR_DECRYPT_ERROR, 0);
		return;
	}
	th_add(rsp, req + sizeof(*hdr), hlen);
	hdr = spdm_test_put(rsp, sizeof(*hdr));
	spdm_init_header(hdr, rsp->version, SPDM_RSP_CODE(SPDM_FINISH), 0, 0);
	th_add(rsp, hdr, sizeof(*hdr));

	/* Data secrets from TH2; the keys change after this response */
	test_hash(rsp->neg_hash, rsp->th, rsp->th_len, th);
	test_expand(rsp, rsp->master, "derived", NULL, hlen, salt);
	test_hmac(rsp->neg_hash, salt, hlen, zeros, hlen, rsp->master);
	test_expand(rsp, rsp->master, "req app data", th, hlen, rsp->req_secret);
	test_expand(rsp, rsp->master, "rsp app data", th, hlen, rsp->rsp_secret);
	memzero_explicit(rsp->master, sizeof(rsp->master));
	rsp->pending_data_keys = true;
}

static void spdm_test_session_request(struct spdm_test_responder *rsp,
				      const struct spdm_header *rhdr,
				      size_t req_sz)
{
	struct spdm_header *hdr;

	if (rsp->sess_phase != 2 || !rsp->in_secured ||
	    req_sz != sizeof(*hdr)) {
		spdm_test_error(rsp, rsp->in_secured ?
				SPDM_ERR_INVALID_REQUEST :
				SPDM_ERR_SESSION_REQUIRED, 0);
		return;
	}
	switch (rhdr->code) {
	case SPDM_HEARTBEAT:
		rsp->heartbeats++;
		break;
	case SPDM_END_SESSION:
		rsp->sessions_ended++;
		rsp->pending_end = true;
		break;
	case SPDM_KEY_UPDATE:
		if (rhdr->param1 < SPDM_KEY_UPDATE_OP_UPDATE_KEY ||
		    rhdr->param1 > SPDM_KEY_UPDATE_OP_VERIFY) {
			spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
			return;
		}
		rsp->key_updates++;
		/* The request came under the old key; the next one will not */
		if (rhdr->param1 != SPDM_KEY_UPDATE_OP_VERIFY) {
			test_update_secret(rsp, rsp->req_secret);
			WARN_ON(test_set_keys(rsp, rsp->req_secret, rsp->req_key,
					      rsp->req_iv, &rsp->req_seq,
					      rsp->rx));
		}
		/* UpdateAllKeys: the acknowledgment goes under the new key */
		if (rhdr->param1 == SPDM_KEY_UPDATE_OP_UPDATE_ALL) {
			test_update_secret(rsp, rsp->rsp_secret);
			WARN_ON(test_set_keys(rsp, rsp->rsp_secret, rsp->rsp_key,
					      rsp->rsp_iv, &rsp->rsp_seq,
					      rsp->tx));
		}
		break;
	}
	hdr = spdm_test_put(rsp, sizeof(*hdr));
	spdm_init_header(hdr, rsp->version, SPDM_RSP_CODE(rhdr->code),
			 rhdr->code == SPDM_KEY_UPDATE ? rhdr->param1 : 0,
			 rhdr->code == SPDM_KEY_UPDATE ? rhdr->param2 : 0);
}

/* VENDOR_DEFINED_REQUEST: the envelope here, the payload by @vendor */
static void spdm_test_vendor(struct spdm_test_responder *rsp, const u8 *req,
			     size_t req_sz)
{
	size_t vlen, len, off;
	u8 *p;

	if (req_sz < 7 || req_sz < 7 + req[6] + 2) {
		spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		return;
	}
	vlen = req[6];
	len = get_unaligned_le16(req + 7 + vlen);
	if (req_sz < 9 + vlen + len || !rsp->vendor) {
		spdm_test_error(rsp, rsp->vendor ? SPDM_ERR_INVALID_REQUEST :
				SPDM_ERR_UNSUPPORTED_REQUEST, 0);
		return;
	}
	off = 9 + vlen;
	p = spdm_test_put(rsp, off);
	memcpy(p, req, off);
	spdm_init_header((struct spdm_header *)p, rsp->version,
			 SPDM_RSP_CODE(SPDM_VENDOR_DEFINED_REQUEST), 0, 0);
	len = rsp->vendor(rsp->vendor_priv, req + off, len, rsp->msg + off,
			  sizeof(rsp->msg) - off);
	put_unaligned_le16(len, p + 7 + vlen);
	rsp->msg_len += len;
}

static void spdm_test_answer(struct spdm_test_responder *rsp,
			     const u8 *req, size_t req_sz)
{
	const struct spdm_header *hdr = (const void *)req;

	/* The transcript: VCA restarts it, GET_DIGESTS starts B */
	if (hdr->code == SPDM_GET_VERSION) {
		rsp->m1_len = 0;
		spdm_test_responder_release(rsp);
	}
	if (rsp->in_secured)
		rsp->last_in_session = hdr->code;
	/* Only FINISH may come in a session that is not yet established */
	if (rsp->in_secured && rsp->sess_phase == 1 &&
	    hdr->code != SPDM_FINISH) {
		spdm_test_error(rsp, SPDM_ERR_UNEXPECTED_REQUEST, 0);
		return;
	}
	if (hdr->code == SPDM_GET_DIGESTS)
		rsp->m1_len = rsp->vca_len;
	/* L1: any other request, or a signed MEASUREMENTS, restarts it */
	if (hdr->code != SPDM_GET_MEASUREMENTS || rsp->l1_len == 0) {
		rsp->l1_len = 0;
		if (rsp->version >= SPDM_VER_12 && hdr->code == SPDM_GET_MEASUREMENTS) {
			memcpy(rsp->l1, rsp->m1, rsp->vca_len);
			rsp->l1_len = rsp->vca_len;
		}
	}

	switch (hdr->code) {
	case SPDM_CHUNK_GET:
		if (req_sz < sizeof(struct spdm_chunk_get))
			spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
		else
			spdm_test_chunk_get(rsp, (const void *)req);
		return;
	case SPDM_GET_MEASUREMENTS:
		spdm_test_measurements(rsp, req, req_sz);
		if (rsp->msg[1] != SPDM_ERROR &&
		    (hdr->param1 & SPDM_MEAS_ATTR_SIGNATURE))
			rsp->l1_len = 0;
		return;
	case SPDM_GET_DIGESTS:
		spdm_test_digests(rsp);
		break;
	case SPDM_GET_CERTIFICATE:
		if (req_sz < sizeof(struct spdm_get_certificate)) {
			spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
			break;
		}
		spdm_test_certificate(rsp, (const void *)req);
		break;
	case SPDM_CHALLENGE:
		spdm_test_challenge(rsp, req, req_sz);
		return;
	case SPDM_KEY_EXCHANGE:
		if (rsp->in_secured)
			spdm_test_error(rsp, SPDM_ERR_UNEXPECTED_REQUEST, 0);
		else
			spdm_test_key_exchange(rsp, req, req_sz);
		return;
	case SPDM_FINISH:
		spdm_test_finish(rsp, req, req_sz);
		return;
	case SPDM_HEARTBEAT:
	case SPDM_KEY_UPDATE:
	case SPDM_END_SESSION:
		spdm_test_session_request(rsp, (const void *)req, req_sz);
		return;
	case SPDM_VENDOR_DEFINED_REQUEST:
		spdm_test_vendor(rsp, req, req_sz);
		return;
	case SPDM_GET_VERSION:
		spdm_test_version(rsp);
		break;
	case SPDM_GET_CAPABILITIES:
		spdm_test_capabilities(rsp, (const void *)req, req_sz);
		break;
	case SPDM_NEGOTIATE_ALGORITHMS:
		if (req_sz < sizeof(struct spdm_negotiate_algs)) {
			spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
			break;
		}
		spdm_test_algorithms(rsp, (const void *)req, req_sz);
		break;
	default:
		spdm_test_error(rsp, SPDM_ERR_UNSUPPORTED_REQUEST, 0);
		break;
	}

	if (rsp->msg[1] == SPDM_ERROR)
		return;
	m1_add(rsp, req, req_sz);
	m1_add(rsp, rsp->msg, rsp->msg_len);
	if (hdr->code == SPDM_GET_VERSION || hdr->code == SPDM_GET_CAPABILITIES ||
	    hdr->code == SPDM_NEGOTIATE_ALGORITHMS)
		rsp->vca_len = rsp->m1_len;
}

/* Set (or grow) a little-endian field of the response about to go out */
static void spdm_test_fault_field(struct spdm_test_responder *rsp)
{
	unsigned int n = min_t(unsigned int, rsp->fault_field_size, 4);
	u32 v = 0;

	if (rsp->fault_offset < 0 || rsp->fault_offset + n > rsp->msg_len)
		return;
	for (unsigned int i = 0; i < n; i++)
		v |= (u32)rsp->msg[rsp->fault_offset + i] << (8 * i);
	v = rsp->fault_field_add ? v + rsp->fault_field : rsp->fault_field;
	for (unsigned int i = 0; i < n; i++)
		rsp->msg[rsp->fault_offset + i] = v >> (8 * i);
}

/* Answer one request into rsp->msg, with the faults asked for */
static int spdm_test_handle(struct spdm_test_responder *rsp,
			    const void *request, size_t request_sz)
{
	const struct spdm_header *hdr = request;

	if (request_sz < sizeof(*hdr) || request_sz > sizeof(rsp->saved_req))
		return -EINVAL;

	rsp->msg_len = 0;
	rsp->version = hdr->version;

	if (hdr->code == SPDM_RESPOND_IF_READY) {
		rsp->rif_received++;
		if (!rsp->pending || hdr->param1 != rsp->pending) {
			spdm_test_error(rsp, SPDM_ERR_UNEXPECTED_REQUEST, 0);
			return 0;
		}
		request = rsp->saved_req;
		request_sz = rsp->saved_sz;
		hdr = request;
		rsp->pending = 0;
	}

	if (rsp->resynch_times && hdr->code == rsp->resynch_code) {
		rsp->resynch_times--;
		spdm_test_error(rsp, SPDM_ERR_REQUEST_RESYNCH, 0);
		return 0;
	}
	if (rsp->busy && (!rsp->busy_code || rsp->busy_code == hdr->code)) {
		rsp->busy--;
		spdm_test_error(rsp, SPDM_ERR_BUSY, 0);
		return 0;
	}
	if (rsp->not_ready &&
	    (!rsp->not_ready_on || rsp->not_ready_on == hdr->code)) {
		u8 *ext;

		rsp->not_ready--;
		spdm_test_error(rsp, SPDM_ERR_RESPONSE_NOT_READY, 0);
		ext = spdm_test_put(rsp, 4);
		ext[0] = rsp->rdt_exponent;
		ext[1] = rsp->not_ready_code ?: hdr->code;
		ext[2] = 0x5a;
		ext[3] = 2;
		memcpy(rsp->saved_req, request, request_sz);
		rsp->saved_sz = request_sz;
		rsp->pending = hdr->code;
		return 0;
	}

	spdm_test_answer(rsp, request, request_sz);
	/* Never the connection's own messages: chunking needs them done */
	if (hdr->code != SPDM_CHUNK_GET && hdr->code != SPDM_GET_VERSION &&
	    hdr->code != SPDM_GET_CAPABILITIES &&
	    hdr->code != SPDM_NEGOTIATE_ALGORITHMS &&
	    rsp->version >= SPDM_VER_12 &&
	    (rsp->caps & SPDM_CAP_CHUNK) && rsp->req_dts &&
	    rsp->msg_len > spdm_test_send_limit(rsp))
		spdm_test_go_large(rsp);

	if (rsp->fault_code && rsp->fault_code == hdr->code) {
		if (rsp->fault_field_size)
			spdm_test_fault_field(rsp);
		else if (rsp->fault_offset >= 0 && rsp->fault_offset < rsp->msg_len)
			rsp->msg[rsp->fault_offset] ^= rsp->fault_xor;
		if (rsp->fault_len >= 0)
			rsp->msg_len = min_t(size_t, rsp->fault_len,
					     sizeof(rsp->msg));
	}
	return 0;
}

/**
 * spdm_test_transport() - the &spdm_transport of the test responder
 * @priv: the struct spdm_test_responder
 * @dev: unused
 * @request: the request
 * @request_sz: its size
 * @response: where the response goes
 * @response_sz: room there
 *
 * Return: bytes of response, padded to a dword, or an errno.
 */
ssize_t spdm_test_transport(void *priv, struct device *dev,
			    const void *request, size_t request_sz,
			    void *response, size_t response_sz)
{
	struct spdm_test_responder *rsp = priv;
	size_t len;
	int rc;

	rsp->exchanges++;
	if (rsp->transport_err)
		return rsp->transport_err;
	rsp->in_secured = false;
	rc = spdm_test_handle(rsp, request, request_sz);
	if (rc)
		return rc;

	len = rsp->msg_len;
	if (!rsp->no_padding) {
		len = min(ALIGN(len, 4), sizeof(rsp->msg));
		memset(rsp->msg + rsp->msg_len, 0, len - rsp->msg_len);
	}
	if (len > response_sz)
		len = response_sz;
	memcpy(response, rsp->msg, len);
	if (rsp->overrun)
		return response_sz + rsp->overrun;
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_transport);

/*
 * AEAD over @buf in place: the nonce is iv ^ le64(seq). The responder
 * may live in vmalloc memory, so the work is done on a kmalloc copy.
 */
static int test_aead(struct crypto_aead *tfm, bool enc, const u8 *iv,
		     u64 seq, u8 *out, size_t aad_len, size_t text_len)
{
	struct aead_request *req = aead_request_alloc(tfm, GFP_KERNEL);
	size_t len = aad_len + text_len + 16;
	u8 *buf = kmemdup(out, len, GFP_KERNEL);
	struct scatterlist sg;
	u8 nonce[12];
	int rc;

	if (!req || !buf) {
		aead_request_free(req);
		kfree(buf);
		return -ENOMEM;
	}
	memcpy(nonce, iv, sizeof(nonce));
	for (unsigned int i = 0; i < 8; i++)
		nonce[i] ^= (u8)(seq >> (8 * i));
	sg_init_one(&sg, buf, aad_len + text_len + 16);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, aad_len);
	aead_request_set_crypt(req, &sg, &sg, enc ? text_len : text_len + 16,
			       nonce);
	rc = enc ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	aead_request_free(req);
	if (!rc)
		memcpy(out, buf, len);
	kfree_sensitive(buf);
	return rc;
}

/* Open a secured request in rsp->sec: the application data, or NULL */
static const u8 *spdm_test_open(struct spdm_test_responder *rsp,
				const u8 *req, size_t req_sz, size_t *app_len)
{
	size_t length, min = 16 + (rsp->sess_encrypt ? 2 : 0);
	u8 *p = rsp->sec;

	if (!rsp->sess_phase || req_sz < 6 + min || req_sz > sizeof(rsp->sec))
		return NULL;
	/* DOE pads the message to whole dwords */
	length = get_unaligned_le16(req + 4);
	if (get_unaligned_le32(req) != rsp->sess_id || 6 + length > req_sz ||
	    req_sz > ALIGN(6 + length, 4))
		return NULL;
	req_sz = 6 + length;
	memcpy(p, req, req_sz);
	if (rsp->sess_encrypt) {
		if (test_aead(rsp->rx, false, rsp->req_iv, rsp->req_seq, p, 6,
			      length - 16))
			return NULL;
		*app_len = get_unaligned_le16(p + 6);
		if (*app_len > length - 16 - 2)
			return NULL;
		rsp->req_seq++;
		return p + 8;
	}
	if (test_aead(rsp->rx, false, rsp->req_iv, rsp->req_seq, p,
		      req_sz - 16, 0))
		return NULL;
	*app_len = length - 16;
	rsp->req_seq++;
	return p + 6;
}

/* Protect rsp->msg into rsp->sec, with the faults asked for */
static size_t spdm_test_seal(struct spdm_test_responder *rsp)
{
	bool faults = rsp->sess_fault_from &&
		      rsp->secured_responses >= rsp->sess_fault_from;
	size_t text = rsp->sess_encrypt ? 2 + rsp->msg_len : 0;
	size_t total = 6 + (rsp->sess_encrypt ? text : rsp->msg_len) + 16;
	u8 *p = rsp->sec;

	if (faults && rsp->sess_replay && rsp->last_secured_len) {
		rsp->rsp_seq++;
		memcpy(p, rsp->last_secured, rsp->last_secured_len);
		return rsp->last_secured_len;
	}
	put_unaligned_le32(rsp->sess_id ^ (faults && rsp->sess_wrong_id ?
					   0x10000 : 0), p);
	put_unaligned_le16(total - 6 + (faults ? rsp->sess_length_lie : 0),
			   p + 4);
	if (rsp->sess_encrypt) {
		put_unaligned_le16(rsp->msg_len +
				   (faults ? rsp->sess_app_len_lie : 0), p + 6);
		memcpy(p + 8, rsp->msg, rsp->msg_len);
		WARN_ON(test_aead(rsp->tx, true, rsp->rsp_iv, rsp->rsp_seq, p, 6,
				  text));
	} else {
		memcpy(p + 6, rsp->msg, rsp->msg_len);
		WARN_ON(test_aead(rsp->tx, true, rsp->rsp_iv, rsp->rsp_seq, p,
				  6 + rsp->msg_len, 0));
	}
	rsp->rsp_seq++;
	if (faults && rsp->sess_bad_tag)
		p[total - 1] ^= 1;
	if (faults && rsp->sess_short_tag) {
		total--;
		put_unaligned_le16(get_unaligned_le16(p + 4) - 1, p + 4);
	}
	memcpy(rsp->last_secured, p, total);
	rsp->last_secured_len = total;
	return total;
}

/**
 * spdm_test_secured_transport() - the secured &spdm_transport of the test
 *	responder: DOE type 2, no sequence number on the wire
 * @priv: the struct spdm_test_responder
 * @dev: unused
 * @request: the secured request
 * @request_sz: its size
 * @response: where the secured response goes
 * @response_sz: room there
 *
 * A request that does not authenticate, or that comes with no session,
 * gets no answer: -EIO, as a DOE mailbox that times out.
 *
 * Return: bytes of response, or an errno.
 */
ssize_t spdm_test_secured_transport(void *priv, struct device *dev,
				    const void *request, size_t request_sz,
				    void *response, size_t response_sz)
{
	struct spdm_test_responder *rsp = priv;
	const u8 *app;
	size_t app_len, len;
	u8 *copy;
	int rc;

	rsp->exchanges++;
	rsp->secured_requests++;
	if (rsp->transport_err)
		return rsp->transport_err;
	app = spdm_test_open(rsp, request, request_sz, &app_len);
	if (!app) {
		rsp->decrypt_failures++;
		return -EIO;
	}
	copy = kmemdup(app, app_len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	rsp->in_secured = true;
	rc = spdm_test_handle(rsp, copy, app_len);
	rsp->in_secured = false;
	kfree_sensitive(copy);
	if (rc)
		return rc;
	if (!rsp->tx)
		return -EIO;

	rsp->secured_responses++;
	len = spdm_test_seal(rsp);
	memcpy(response, rsp->sec, min(len, response_sz));

	if (rsp->pending_data_keys) {
		rsp->pending_data_keys = false;
		WARN_ON(test_set_keys(rsp, rsp->req_secret, rsp->req_key,
				      rsp->req_iv, &rsp->req_seq, rsp->rx) ||
			test_set_keys(rsp, rsp->rsp_secret, rsp->rsp_key,
				      rsp->rsp_iv, &rsp->rsp_seq, rsp->tx));
		rsp->sess_phase = 2;
	}
	if (rsp->pending_end)
		spdm_test_responder_release(rsp);
	return min(len, response_sz);
}
EXPORT_SYMBOL_IF_KUNIT(spdm_test_secured_transport);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SPDM responder for KUnit tests");
