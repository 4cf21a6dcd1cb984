// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: RSASSA-PSS signature verification
 *
 * SPDM devices may sign with RSASSA-PSS (TPM_ALG_RSAPSS in DSP0274),
 * which the kernel's crypto API does not offer. This is EMSA-PSS-VERIFY
 * on top of the raw RSA public-key operation, with MGF1 over the same
 * hash as the message and a salt as long as that hash, as SPDM requires.
 *
 * Specification: RFC 8017 (PKCS #1 v2.2) sections 8.1.2, 9.1.2 and B.2.1.
 */

#include <crypto/akcipher.h>
#include <crypto/internal/rsa.h>
#include <crypto/utils.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "spdm.h"

/* MGF1 (RFC 8017 B.2.1): XOR @len bytes of mask from @seed into @out */
static void spdm_mgf1_xor(u32 hash_alg, const u8 *seed, size_t hlen,
			  u8 *out, size_t len)
{
	u8 block[SPDM_MAX_HASH_SIZE + 4], mask[SPDM_MAX_HASH_SIZE];
	u32 counter = 0;

	memcpy(block, seed, hlen);
	while (len) {
		size_t n = min(len, hlen);

		put_unaligned_be32(counter++, block + hlen);
		spdm_hash(hash_alg, block, hlen + 4, mask);
		crypto_xor(out, mask, n);
		out += n;
		len -= n;
	}
	memzero_explicit(mask, sizeof(mask));
}

/**
 * spdm_rsa_modulus_bits() - size of an RSA public key's modulus
 * @key: DER RSAPublicKey, as in &struct public_key.key
 * @keylen: its size
 *
 * Return: the number of significant bits of the modulus, or a negative
 * errno if @key does not parse.
 */
int spdm_rsa_modulus_bits(const void *key, size_t keylen)
{
	struct rsa_key rsa = {};
	const u8 *n;
	size_t n_sz;
	int rc;

	rc = rsa_parse_pub_key(&rsa, key, keylen);
	if (rc)
		return rc;
	n = rsa.n;
	n_sz = rsa.n_sz;
	while (n_sz && !*n) {
		n++;
		n_sz--;
	}
	if (!n_sz || n_sz > SZ_1K)
		return -EINVAL;
	return (n_sz - 1) * 8 + fls(*n);
}
EXPORT_SYMBOL_IF_KUNIT(spdm_rsa_modulus_bits);

/**
 * spdm_rsa_pss_verify() - verify an RSASSA-PSS signature
 * @key: DER RSAPublicKey, as in &struct public_key.key
 * @keylen: its size
 * @hash_alg: SPDM_HASH_* algorithm of @digest, MGF1 and the salt length
 * @digest: hash of the signed message
 * @sig: the signature, as long as the modulus
 * @sig_len: its size
 *
 * Return: 0 if @sig is a valid signature of @digest under @key;
 * -EKEYREJECTED if it is not; -EBADMSG if its size is wrong or it is not
 * below the modulus; -EINVAL if @key does not parse; -ENOMEM.
 */
int spdm_rsa_pss_verify(const void *key, size_t keylen, u32 hash_alg,
			const u8 *digest, const u8 *sig, size_t sig_len)
{
	size_t hlen = spdm_hash_size(hash_alg), slen = hlen;
	u8 h2[SPDM_MAX_HASH_SIZE], *em, *db, *h, *m2;
	struct crypto_akcipher *tfm;
	size_t k, em_len, db_len, i;
	int bits, em_bits, rc;
	u8 top_mask;

	bits = spdm_rsa_modulus_bits(key, keylen);
	if (bits < 0)
		return -EINVAL;
	k = DIV_ROUND_UP(bits, 8);
	em_bits = bits - 1;
	em_len = DIV_ROUND_UP(em_bits, 8);
	if (!hlen || sig_len != k || em_len < hlen + slen + 2)
		return -EBADMSG;

	tfm = crypto_alloc_akcipher("rsa", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	em = kmalloc(k + 8 + 2 * hlen, GFP_KERNEL);
	if (!em) {
		rc = -ENOMEM;
		goto free_tfm;
	}
	rc = crypto_akcipher_set_pub_key(tfm, key, keylen);
	if (rc) {
		rc = -EINVAL;
		goto free_em;
	}
	/* RSAVP1: em = sig^e mod n, as k big-endian bytes */
	rc = crypto_akcipher_sync_encrypt(tfm, sig, sig_len, em, k);
	if (rc) {
		rc = -EBADMSG;
		goto free_em;
	}

	/* With em_bits a multiple of 8, the first of the k bytes is zero */
	rc = -EKEYREJECTED;
	if (em_len < k && em[0])
		goto free_em;
	em += k - em_len;

	db_len = em_len - hlen - 1;
	db = em;
	h = em + db_len;
	top_mask = 0xff >> (8 * em_len - em_bits);
	if (em[em_len - 1] != 0xbc || (db[0] & ~top_mask))
		goto unshift;

	spdm_mgf1_xor(hash_alg, h, hlen, db, db_len);
	db[0] &= top_mask;
	for (i = 0; i < db_len - slen - 1; i++)
		if (db[i])
			goto unshift;
	if (db[i] != 0x01)
		goto unshift;

	/* M' = 8 zero bytes || mHash || salt, hashed into H' */
	m2 = em + em_len;
	memset(m2, 0, 8);
	memcpy(m2 + 8, digest, hlen);
	memcpy(m2 + 8 + hlen, db + db_len - slen, slen);
	spdm_hash(hash_alg, m2, 8 + hlen + slen, h2);
	if (!memcmp(h, h2, hlen))
		rc = 0;
unshift:
	em -= k - em_len;
free_em:
	kfree_sensitive(em);
free_tfm:
	crypto_free_akcipher(tfm);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_rsa_pss_verify);
