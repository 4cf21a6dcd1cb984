// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SPDM secure sessions: the key schedule and AEADs
 * against published vectors, then KEY_EXCHANGE, FINISH, secured
 * messages, HEARTBEAT, KEY_UPDATE and END_SESSION against the test
 * responder, which has its own key schedule, and every way a hostile
 * responder can break them
 */

#include <crypto/aead.h>
#include <crypto/kpp.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spdm.h>
#include <linux/string.h>

#include "../spdm.h"
#include "spdm_test_responder.h"

struct hkdf_vector {
	const char *name;
	u32 hash;
	const u8 *ikm;
	size_t ikm_len;
	const u8 *salt;
	size_t salt_len;
	const u8 *info;
	size_t info_len;
	const u8 *prk;
	size_t prk_len;
	const u8 *okm;
	size_t okm_len;
};

/*
 * RFC 5869 appendix A, cases 1 to 3 (SHA-256). The SHA-384 and SHA-512
 * rows take case 1's inputs; their outputs come from Python's hmac
 * module, an implementation independent of the kernel's.
 */
static const u8 hkdf0_ikm[] = {
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
};

static const u8 hkdf0_salt[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c,
};

static const u8 hkdf0_info[] = {
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
};

static const u8 hkdf0_prk[] = {
	0x07, 0x77, 0x09, 0x36, 0x2c, 0x2e, 0x32, 0xdf, 0x0d, 0xdc, 0x3f, 0x0d,
	0xc4, 0x7b, 0xba, 0x63, 0x90, 0xb6, 0xc7, 0x3b, 0xb5, 0x0f, 0x9c, 0x31,
	0x22, 0xec, 0x84, 0x4a, 0xd7, 0xc2, 0xb3, 0xe5,
};

static const u8 hkdf0_okm[] = {
	0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f, 0x64,
	0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a, 0x5a, 0x4c,
	0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4, 0xc5, 0xbf, 0x34, 0x00, 0x72, 0x08,
	0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65,
};

static const u8 hkdf1_ikm[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23,
	0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
};

static const u8 hkdf1_salt[] = {
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
};

static const u8 hkdf1_info[] = {
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb,
	0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3,
	0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
	0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb,
	0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

static const u8 hkdf1_prk[] = {
	0x06, 0xa6, 0xb8, 0x8c, 0x58, 0x53, 0x36, 0x1a, 0x06, 0x10, 0x4c, 0x9c,
	0xeb, 0x35, 0xb4, 0x5c, 0xef, 0x76, 0x00, 0x14, 0x90, 0x46, 0x71, 0x01,
	0x4a, 0x19, 0x3f, 0x40, 0xc1, 0x5f, 0xc2, 0x44,
};

static const u8 hkdf1_okm[] = {
	0xb1, 0x1e, 0x39, 0x8d, 0xc8, 0x03, 0x27, 0xa1, 0xc8, 0xe7, 0xf7, 0x8c,
	0x59, 0x6a, 0x49, 0x34, 0x4f, 0x01, 0x2e, 0xda, 0x2d, 0x4e, 0xfa, 0xd8,
	0xa0, 0x50, 0xcc, 0x4c, 0x19, 0xaf, 0xa9, 0x7c, 0x59, 0x04, 0x5a, 0x99,
	0xca, 0xc7, 0x82, 0x72, 0x71, 0xcb, 0x41, 0xc6, 0x5e, 0x59, 0x0e, 0x09,
	0xda, 0x32, 0x75, 0x60, 0x0c, 0x2f, 0x09, 0xb8, 0x36, 0x77, 0x93, 0xa9,
	0xac, 0xa3, 0xdb, 0x71, 0xcc, 0x30, 0xc5, 0x81, 0x79, 0xec, 0x3e, 0x87,
	0xc1, 0x4c, 0x01, 0xd5, 0xc1, 0xf3, 0x43, 0x4f, 0x1d, 0x87,
};

static const u8 hkdf2_ikm[] = {
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
};

static const u8 hkdf2_salt[1];

static const u8 hkdf2_info[1];

static const u8 hkdf2_prk[] = {
	0x19, 0xef, 0x24, 0xa3, 0x2c, 0x71, 0x7b, 0x16, 0x7f, 0x33, 0xa9, 0x1d,
	0x6f, 0x64, 0x8b, 0xdf, 0x96, 0x59, 0x67, 0x76, 0xaf, 0xdb, 0x63, 0x77,
	0xac, 0x43, 0x4c, 0x1c, 0x29, 0x3c, 0xcb, 0x04,
};

static const u8 hkdf2_okm[] = {
	0x8d, 0xa4, 0xe7, 0x75, 0xa5, 0x63, 0xc1, 0x8f, 0x71, 0x5f, 0x80, 0x2a,
	0x06, 0x3c, 0x5a, 0x31, 0xb8, 0xa1, 0x1f, 0x5c, 0x5e, 0xe1, 0x87, 0x9e,
	0xc3, 0x45, 0x4e, 0x5f, 0x3c, 0x73, 0x8d, 0x2d, 0x9d, 0x20, 0x13, 0x95,
	0xfa, 0xa4, 0xb6, 0x1a, 0x96, 0xc8,
};

static const u8 hkdf3_ikm[] = {
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
};

static const u8 hkdf3_salt[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c,
};

static const u8 hkdf3_info[] = {
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
};

static const u8 hkdf3_prk[] = {
	0x70, 0x4b, 0x39, 0x99, 0x07, 0x79, 0xce, 0x1d, 0xc5, 0x48, 0x05, 0x2c,
	0x7d, 0xc3, 0x9f, 0x30, 0x35, 0x70, 0xdd, 0x13, 0xfb, 0x39, 0xf7, 0xac,
	0xc5, 0x64, 0x68, 0x0b, 0xef, 0x80, 0xe8, 0xde, 0xc7, 0x0e, 0xe9, 0xa7,
	0xe1, 0xf3, 0xe2, 0x93, 0xef, 0x68, 0xec, 0xeb, 0x07, 0x2a, 0x5a, 0xde,
};

static const u8 hkdf3_okm[] = {
	0x9b, 0x50, 0x97, 0xa8, 0x60, 0x38, 0xb8, 0x05, 0x30, 0x90, 0x76, 0xa4,
	0x4b, 0x3a, 0x9f, 0x38, 0x06, 0x3e, 0x25, 0xb5, 0x16, 0xdc, 0xbf, 0x36,
	0x9f, 0x39, 0x4c, 0xfa, 0xb4, 0x36, 0x85, 0xf7, 0x48, 0xb6, 0x45, 0x77,
	0x63, 0xe4, 0xf0, 0x20, 0x4f, 0xc5, 0xd9, 0x5d, 0x1d, 0xa3, 0xe6, 0x25,
	0x87, 0xb2, 0x2e, 0xb8, 0x94, 0x3d, 0x0f, 0xab, 0x6b, 0xb6, 0x31, 0xa2,
	0xfe, 0x9d, 0xf1, 0xa6, 0x8c, 0x6c, 0xe5, 0xd5, 0x61, 0x16, 0xa5, 0x20,
	0x05, 0xb3, 0xf1, 0x22, 0xb8, 0x8b, 0x39, 0xb7, 0x25, 0x1f, 0xcd, 0x6c,
	0x44, 0xd3, 0xef, 0x25, 0xf2, 0x0e, 0xd9, 0x68, 0x02, 0xbf, 0x1b, 0x2c,
	0x1d, 0x98, 0xbf, 0x74,
};

static const u8 hkdf4_ikm[] = {
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
};

static const u8 hkdf4_salt[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c,
};

static const u8 hkdf4_info[] = {
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
};

static const u8 hkdf4_prk[] = {
	0x66, 0x57, 0x99, 0x82, 0x37, 0x37, 0xde, 0xd0, 0x4a, 0x88, 0xe4, 0x7e,
	0x54, 0xa5, 0x89, 0x0b, 0xb2, 0xc3, 0xd2, 0x47, 0xc7, 0xa4, 0x25, 0x4a,
	0x8e, 0x61, 0x35, 0x07, 0x23, 0x59, 0x0a, 0x26, 0xc3, 0x62, 0x38, 0x12,
	0x7d, 0x86, 0x61, 0xb8, 0x8c, 0xf8, 0x0e, 0xf8, 0x02, 0xd5, 0x7e, 0x2f,
	0x7c, 0xeb, 0xcf, 0x1e, 0x00, 0xe0, 0x83, 0x84, 0x8b, 0xe1, 0x99, 0x29,
	0xc6, 0x1b, 0x42, 0x37,
};

static const u8 hkdf4_okm[] = {
	0x83, 0x23, 0x90, 0x08, 0x6c, 0xda, 0x71, 0xfb, 0x47, 0x62, 0x5b, 0xb5,
	0xce, 0xb1, 0x68, 0xe4, 0xc8, 0xe2, 0x6a, 0x1a, 0x16, 0xed, 0x34, 0xd9,
	0xfc, 0x7f, 0xe9, 0x2c, 0x14, 0x81, 0x57, 0x93, 0x38, 0xda, 0x36, 0x2c,
	0xb8, 0xd9, 0xf9, 0x25, 0xd7, 0xcb, 0xcc, 0xe0, 0xdf, 0xf7, 0x09, 0x87,
	0x69, 0xcf, 0x15, 0x95, 0x98, 0x67, 0xd5, 0x71, 0xc1, 0x71, 0x54, 0x50,
	0xcb, 0x53, 0x01, 0x37, 0xbe, 0x3f, 0xb6, 0x2f, 0x3c, 0xf3, 0x2b, 0x84,
	0xfe, 0xba, 0x8f, 0x1e, 0xb1, 0xb5, 0x63, 0xe2, 0x0d, 0x97, 0x49, 0xb8,
	0x64, 0x0b, 0x82, 0x64, 0xc4, 0xb6, 0x9b, 0x14, 0xad, 0x51, 0x99, 0x11,
	0x5e, 0x1d, 0x60, 0x9c,
};

static const struct hkdf_vector hkdf_vectors[] = {
	{ "RFC 5869 A.1", SPDM_HASH_SHA_256,
	  hkdf0_ikm, 22,
	  hkdf0_salt, 13,
	  hkdf0_info, 10,
	  hkdf0_prk, 32,
	  hkdf0_okm, 42 },
	{ "RFC 5869 A.2", SPDM_HASH_SHA_256,
	  hkdf1_ikm, 80,
	  hkdf1_salt, 80,
	  hkdf1_info, 80,
	  hkdf1_prk, 32,
	  hkdf1_okm, 82 },
	{ "RFC 5869 A.3", SPDM_HASH_SHA_256,
	  hkdf2_ikm, 22,
	  hkdf2_salt, 0,
	  hkdf2_info, 0,
	  hkdf2_prk, 32,
	  hkdf2_okm, 42 },
	{ "SHA-384, A.1 inputs", SPDM_HASH_SHA_384,
	  hkdf3_ikm, 22,
	  hkdf3_salt, 13,
	  hkdf3_info, 10,
	  hkdf3_prk, 48,
	  hkdf3_okm, 100 },
	{ "SHA-512, A.1 inputs", SPDM_HASH_SHA_512,
	  hkdf4_ikm, 22,
	  hkdf4_salt, 13,
	  hkdf4_info, 10,
	  hkdf4_prk, 64,
	  hkdf4_okm, 100 },
};

/* A writable copy of a vector's field, KUnit-managed; *@len gets its size */
static u8 *vdup(struct kunit *test, const u8 *p, size_t n, size_t *len)
{
	u8 *out = kunit_kzalloc(test, n + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	memcpy(out, p, n);
	*len = n;
	return out;
}

static void spdm_test_hkdf(struct kunit *test)
{
	u8 *zeros, *out;

	for (size_t i = 0; i < ARRAY_SIZE(hkdf_vectors); i++) {
		const struct hkdf_vector *v = &hkdf_vectors[i];
		size_t ikm_len, salt_len, info_len, prk_len, okm_len;
		u8 *ikm = vdup(test, v->ikm, v->ikm_len, &ikm_len);
		u8 *salt = vdup(test, v->salt, v->salt_len, &salt_len);
		u8 *info = vdup(test, v->info, v->info_len, &info_len);
		u8 *prk = vdup(test, v->prk, v->prk_len, &prk_len);
		u8 *okm = vdup(test, v->okm, v->okm_len, &okm_len);
		u8 got_prk[SPDM_MAX_HASH_SIZE], *got;

		got = kunit_kzalloc(test, okm_len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, got);
		KUNIT_ASSERT_EQ(test, prk_len, spdm_hash_size(v->hash));
		spdm_hkdf_extract(v->hash, salt, salt_len, ikm, ikm_len,
				  got_prk);
		KUNIT_EXPECT_MEMEQ_MSG(test, got_prk, prk, prk_len, "%s",
				       v->name);
		KUNIT_ASSERT_EQ(test, spdm_hkdf_expand(v->hash, prk, prk_len,
						       info, info_len, got,
						       okm_len), 0);
		KUNIT_EXPECT_MEMEQ_MSG(test, got, okm, okm_len, "%s", v->name);

		/* A mutated input changes every block of the output */
		if (info_len)
			info[0] ^= 1;
		else
			prk[0] ^= 1;
		KUNIT_ASSERT_EQ(test, spdm_hkdf_expand(v->hash, prk, prk_len,
						       info, info_len, got,
						       okm_len), 0);
		KUNIT_EXPECT_NE(test, memcmp(got, okm, prk_len), 0);
		KUNIT_EXPECT_NE(test, memcmp(got + okm_len - 8,
					     okm + okm_len - 8, 8), 0);
	}

	/* RFC 5869: at most 255 blocks */
	zeros = kunit_kzalloc(test, 32, GFP_KERNEL);
	out = kunit_kzalloc(test, 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, zeros);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, spdm_hkdf_expand(SPDM_HASH_SHA_256,
					       zeros, 32, NULL, 0,
					       out, 255 * 32 + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_hkdf_expand(BIT(7), zeros, 32, NULL, 0,
					       out, 1), -EINVAL);
}

static void spdm_test_bin_concat(struct kunit *test)
{
	static const u8 key_12[] = { 16, 0, 's', 'p', 'd', 'm', '1', '.', '2',
				     ' ', 'k', 'e', 'y' };
	u8 th[SPDM_MAX_HASH_SIZE], out[96];
	size_t len;

	len = spdm_bin_concat(SPDM_VER_12, "key", NULL, 0, 16, out);
	KUNIT_EXPECT_EQ(test, len, sizeof(key_12));
	KUNIT_EXPECT_MEMEQ(test, out, key_12, sizeof(key_12));

	/* Length little-endian, the version's digits, then the context */
	memset(th, 0xa5, sizeof(th));
	len = spdm_bin_concat(SPDM_VER_13, "req app data", th, 48, 0x130,
			      out);
	KUNIT_EXPECT_EQ(test, len, 2 + 8 + 12 + 48);
	KUNIT_EXPECT_EQ(test, out[0], 0x30);
	KUNIT_EXPECT_EQ(test, out[1], 0x01);
	KUNIT_EXPECT_MEMEQ(test, out + 2, "spdm1.3 req app data", 20);
	KUNIT_EXPECT_MEMEQ(test, out + 22, th, 48);
	len = spdm_bin_concat(SPDM_VER_11, "traffic upd", NULL, 0, 64, out);
	KUNIT_EXPECT_MEMEQ(test, out + 2, "spdm1.1 traffic upd", len - 2);
}

struct aead_vector {
	const char *name;
	u16 alg;
	const u8 *key;
	size_t key_len;
	const u8 *iv;
	size_t iv_len;
	const u8 *aad;
	size_t aad_len;
	const u8 *pt;
	size_t pt_len;
	const u8 *ct;
	size_t ct_len;
	const u8 *tag;
	size_t tag_len;
};

/*
 * AES-GCM: test cases 4 and 16 of McGrew and Viega, "The Galois/Counter
 * Mode of Operation". ChaCha20-Poly1305: RFC 8439 section 2.8.2.
 */
static const u8 aead0_key[] = {
	0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94,
	0x67, 0x30, 0x83, 0x08,
};

static const u8 aead0_iv[] = {
	0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88,
};

static const u8 aead0_aad[] = {
	0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed, 0xfa, 0xce,
	0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2,
};

static const u8 aead0_pt[] = {
	0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5,
	0xaf, 0xf5, 0x26, 0x9a, 0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda,
	0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31, 0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95,
	0x95, 0x68, 0x09, 0x53, 0x2f, 0xcf, 0x0e, 0x24, 0x49, 0xa6, 0xb5, 0x25,
	0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39,
};

static const u8 aead0_ct[] = {
	0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24, 0x4b, 0x72, 0x21, 0xb7,
	0x84, 0xd0, 0xd4, 0x9c, 0xe3, 0xaa, 0x21, 0x2f, 0x2c, 0x02, 0xa4, 0xe0,
	0x35, 0xc1, 0x7e, 0x23, 0x29, 0xac, 0xa1, 0x2e, 0x21, 0xd5, 0x14, 0xb2,
	0x54, 0x66, 0x93, 0x1c, 0x7d, 0x8f, 0x6a, 0x5a, 0xac, 0x84, 0xaa, 0x05,
	0x1b, 0xa3, 0x0b, 0x39, 0x6a, 0x0a, 0xac, 0x97, 0x3d, 0x58, 0xe0, 0x91,
};

static const u8 aead0_tag[] = {
	0x5b, 0xc9, 0x4f, 0xbc, 0x32, 0x21, 0xa5, 0xdb, 0x94, 0xfa, 0xe9, 0x5a,
	0xe7, 0x12, 0x1a, 0x47,
};

static const u8 aead1_key[] = {
	0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94,
	0x67, 0x30, 0x83, 0x08, 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
	0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
};

static const u8 aead1_iv[] = {
	0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88,
};

static const u8 aead1_aad[] = {
	0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed, 0xfa, 0xce,
	0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2,
};

static const u8 aead1_pt[] = {
	0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5,
	0xaf, 0xf5, 0x26, 0x9a, 0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda,
	0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31, 0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95,
	0x95, 0x68, 0x09, 0x53, 0x2f, 0xcf, 0x0e, 0x24, 0x49, 0xa6, 0xb5, 0x25,
	0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39,
};

static const u8 aead1_ct[] = {
	0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07, 0xf4, 0x7f, 0x37, 0xa3,
	0x2a, 0x84, 0x42, 0x7d, 0x64, 0x3a, 0x8c, 0xdc, 0xbf, 0xe5, 0xc0, 0xc9,
	0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55, 0xd1, 0xaa, 0x8c, 0xb0, 0x8e, 0x48,
	0x59, 0x0d, 0xbb, 0x3d, 0xa7, 0xb0, 0x8b, 0x10, 0x56, 0x82, 0x88, 0x38,
	0xc5, 0xf6, 0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a, 0xbc, 0xc9, 0xf6, 0x62,
};

static const u8 aead1_tag[] = {
	0x76, 0xfc, 0x6e, 0xce, 0x0f, 0x4e, 0x17, 0x68, 0xcd, 0xdf, 0x88, 0x53,
	0xbb, 0x2d, 0x55, 0x1b,
};

static const u8 aead2_key[] = {
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b,
	0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
};

static const u8 aead2_iv[] = {
	0x07, 0x00, 0x00, 0x00, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
};

static const u8 aead2_aad[] = {
	0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
};

static const u8 aead2_pt[] = {
	0x4c, 0x61, 0x64, 0x69, 0x65, 0x73, 0x20, 0x61, 0x6e, 0x64, 0x20, 0x47,
	0x65, 0x6e, 0x74, 0x6c, 0x65, 0x6d, 0x65, 0x6e, 0x20, 0x6f, 0x66, 0x20,
	0x74, 0x68, 0x65, 0x20, 0x63, 0x6c, 0x61, 0x73, 0x73, 0x20, 0x6f, 0x66,
	0x20, 0x27, 0x39, 0x39, 0x3a, 0x20, 0x49, 0x66, 0x20, 0x49, 0x20, 0x63,
	0x6f, 0x75, 0x6c, 0x64, 0x20, 0x6f, 0x66, 0x66, 0x65, 0x72, 0x20, 0x79,
	0x6f, 0x75, 0x20, 0x6f, 0x6e, 0x6c, 0x79, 0x20, 0x6f, 0x6e, 0x65, 0x20,
	0x74, 0x69, 0x70, 0x20, 0x66, 0x6f, 0x72, 0x20, 0x74, 0x68, 0x65, 0x20,
	0x66, 0x75, 0x74, 0x75, 0x72, 0x65, 0x2c, 0x20, 0x73, 0x75, 0x6e, 0x73,
	0x63, 0x72, 0x65, 0x65, 0x6e, 0x20, 0x77, 0x6f, 0x75, 0x6c, 0x64, 0x20,
	0x62, 0x65, 0x20, 0x69, 0x74, 0x2e,
};

static const u8 aead2_ct[] = {
	0xd3, 0x1a, 0x8d, 0x34, 0x64, 0x8e, 0x60, 0xdb, 0x7b, 0x86, 0xaf, 0xbc,
	0x53, 0xef, 0x7e, 0xc2, 0xa4, 0xad, 0xed, 0x51, 0x29, 0x6e, 0x08, 0xfe,
	0xa9, 0xe2, 0xb5, 0xa7, 0x36, 0xee, 0x62, 0xd6, 0x3d, 0xbe, 0xa4, 0x5e,
	0x8c, 0xa9, 0x67, 0x12, 0x82, 0xfa, 0xfb, 0x69, 0xda, 0x92, 0x72, 0x8b,
	0x1a, 0x71, 0xde, 0x0a, 0x9e, 0x06, 0x0b, 0x29, 0x05, 0xd6, 0xa5, 0xb6,
	0x7e, 0xcd, 0x3b, 0x36, 0x92, 0xdd, 0xbd, 0x7f, 0x2d, 0x77, 0x8b, 0x8c,
	0x98, 0x03, 0xae, 0xe3, 0x28, 0x09, 0x1b, 0x58, 0xfa, 0xb3, 0x24, 0xe4,
	0xfa, 0xd6, 0x75, 0x94, 0x55, 0x85, 0x80, 0x8b, 0x48, 0x31, 0xd7, 0xbc,
	0x3f, 0xf4, 0xde, 0xf0, 0x8e, 0x4b, 0x7a, 0x9d, 0xe5, 0x76, 0xd2, 0x65,
	0x86, 0xce, 0xc6, 0x4b, 0x61, 0x16,
};

static const u8 aead2_tag[] = {
	0x1a, 0xe1, 0x0b, 0x59, 0x4f, 0x09, 0xe2, 0x6a, 0x7e, 0x90, 0x2e, 0xcb,
	0xd0, 0x60, 0x06, 0x91,
};

static const struct aead_vector aead_vectors[] = {
	{ "GCM test case 4", SPDM_AEAD_AES_128_GCM,
	  aead0_key, 16,
	  aead0_iv, 12,
	  aead0_aad, 20,
	  aead0_pt, 60,
	  aead0_ct, 60,
	  aead0_tag, 16 },
	{ "GCM test case 16", SPDM_AEAD_AES_256_GCM,
	  aead1_key, 32,
	  aead1_iv, 12,
	  aead1_aad, 20,
	  aead1_pt, 60,
	  aead1_ct, 60,
	  aead1_tag, 16 },
	{ "RFC 8439 2.8.2", SPDM_AEAD_CHACHA20_POLY1305,
	  aead2_key, 32,
	  aead2_iv, 12,
	  aead2_aad, 12,
	  aead2_pt, 114,
	  aead2_ct, 114,
	  aead2_tag, 16 },
};

/*
 * Through spdm_aead_crypt(), which XORs the sequence number into the IV:
 * the vector's nonce is made from a base IV and sequence number 0x0305.
 */
static void spdm_test_aead(struct kunit *test)
{
	const u64 seq = 0x0305;

	KUNIT_EXPECT_EQ(test, spdm_supported_aead(),
			SPDM_AEAD_AES_128_GCM | SPDM_AEAD_AES_256_GCM |
			SPDM_AEAD_CHACHA20_POLY1305);
	for (size_t i = 0; i < ARRAY_SIZE(aead_vectors); i++) {
		const struct aead_vector *v = &aead_vectors[i];
		size_t key_len, iv_len, aad_len, pt_len, ct_len, tag_len;
		u8 *key = vdup(test, v->key, v->key_len, &key_len);
		u8 *iv = vdup(test, v->iv, v->iv_len, &iv_len);
		u8 *aad = vdup(test, v->aad, v->aad_len, &aad_len);
		u8 *pt = vdup(test, v->pt, v->pt_len, &pt_len);
		u8 *ct = vdup(test, v->ct, v->ct_len, &ct_len);
		u8 *tag = vdup(test, v->tag, v->tag_len, &tag_len);
		struct crypto_aead *tfm;
		u8 *buf;

		KUNIT_ASSERT_EQ(test, key_len, spdm_aead_key_size(v->alg));
		tfm = crypto_alloc_aead(spdm_aead_crypto_name(v->alg), 0,
					CRYPTO_ALG_ASYNC);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
		KUNIT_ASSERT_EQ(test, crypto_aead_setauthsize(tfm, 16), 0);
		KUNIT_ASSERT_EQ(test, crypto_aead_setkey(tfm, key, key_len), 0);
		buf = kunit_kzalloc(test, aad_len + pt_len + 16, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		iv[0] ^= 0x05;
		iv[1] ^= 0x03;

		memcpy(buf, aad, aad_len);
		memcpy(buf + aad_len, pt, pt_len);
		KUNIT_EXPECT_EQ(test, spdm_aead_crypt(tfm, true, iv, seq, buf,
						      aad_len, pt_len), 0);
		KUNIT_EXPECT_MEMEQ_MSG(test, buf + aad_len, ct, ct_len, "%s",
				       v->name);
		KUNIT_EXPECT_MEMEQ_MSG(test, buf + aad_len + pt_len, tag, 16,
				       "%s", v->name);

		/*
		 * Not with another sequence number (a failed decryption may
		 * leave garbage in place), then it opens again
		 */
		KUNIT_EXPECT_EQ(test, spdm_aead_crypt(tfm, false, iv, seq + 1,
						      buf, aad_len, pt_len),
				-EBADMSG);
		memcpy(buf + aad_len, ct, ct_len);
		memcpy(buf + aad_len + pt_len, tag, 16);
		KUNIT_EXPECT_EQ(test, spdm_aead_crypt(tfm, false, iv, seq, buf,
						      aad_len, pt_len), 0);
		KUNIT_EXPECT_MEMEQ(test, buf + aad_len, pt, pt_len);

		/* A flipped bit of associated data, text or tag: refused */
		memcpy(buf + aad_len, ct, ct_len);
		buf[aad_len + pt_len + 15] ^= 0x80;
		KUNIT_EXPECT_EQ(test, spdm_aead_crypt(tfm, false, iv, seq, buf,
						      aad_len, pt_len),
				-EBADMSG);
		buf[aad_len + pt_len + 15] ^= 0x80;
		memcpy(buf + aad_len, ct, ct_len);
		buf[aad_len + 1] ^= 1;
		KUNIT_EXPECT_EQ(test, spdm_aead_crypt(tfm, false, iv, seq, buf,
						      aad_len, pt_len),
				-EBADMSG);
		memcpy(buf + aad_len, ct, ct_len);
		buf[0] ^= 1;
		KUNIT_EXPECT_EQ(test, spdm_aead_crypt(tfm, false, iv, seq, buf,
						      aad_len, pt_len),
				-EBADMSG);
		crypto_free_aead(tfm);
	}
}

/*
 * ECDH through the kernel's ecdh, as KEY_EXCHANGE uses it: P-256 from RFC
 * 5903 section 8.1; P-384 with private keys 01..30 and 31..60, its
 * outputs from the Python cryptography package (OpenSSL). Public keys
 * and secrets are big-endian, as ExchangeData carries them.
 */
static const u8 ecdh_p256_i[] = {
	0xc8, 0x8f, 0x01, 0xf5, 0x10, 0xd9, 0xac, 0x3f, 0x70, 0xa2, 0x92, 0xda,
	0xa2, 0x31, 0x6d, 0xe5, 0x44, 0xe9, 0xaa, 0xb8, 0xaf, 0xe8, 0x40, 0x49,
	0xc6, 0x2a, 0x9c, 0x57, 0x86, 0x2d, 0x14, 0x33,
};

static const u8 ecdh_p256_gi[] = {
	0xda, 0xd0, 0xb6, 0x53, 0x94, 0x22, 0x1c, 0xf9, 0xb0, 0x51, 0xe1, 0xfe,
	0xca, 0x57, 0x87, 0xd0, 0x98, 0xdf, 0xe6, 0x37, 0xfc, 0x90, 0xb9, 0xef,
	0x94, 0x5d, 0x0c, 0x37, 0x72, 0x58, 0x11, 0x80, 0x52, 0x71, 0xa0, 0x46,
	0x1c, 0xdb, 0x82, 0x52, 0xd6, 0x1f, 0x1c, 0x45, 0x6f, 0xa3, 0xe5, 0x9a,
	0xb1, 0xf4, 0x5b, 0x33, 0xac, 0xcf, 0x5f, 0x58, 0x38, 0x9e, 0x05, 0x77,
	0xb8, 0x99, 0x0b, 0xb3,
};

static const u8 ecdh_p256_gr[] = {
	0xd1, 0x2d, 0xfb, 0x52, 0x89, 0xc8, 0xd4, 0xf8, 0x12, 0x08, 0xb7, 0x02,
	0x70, 0x39, 0x8c, 0x34, 0x22, 0x96, 0x97, 0x0a, 0x0b, 0xcc, 0xb7, 0x4c,
	0x73, 0x6f, 0xc7, 0x55, 0x44, 0x94, 0xbf, 0x63, 0x56, 0xfb, 0xf3, 0xca,
	0x36, 0x6c, 0xc2, 0x3e, 0x81, 0x57, 0x85, 0x4c, 0x13, 0xc5, 0x8d, 0x6a,
	0xac, 0x23, 0xf0, 0x46, 0xad, 0xa3, 0x0f, 0x83, 0x53, 0xe7, 0x4f, 0x33,
	0x03, 0x98, 0x72, 0xab,
};

static const u8 ecdh_p256_gir[] = {
	0xd6, 0x84, 0x0f, 0x6b, 0x42, 0xf6, 0xed, 0xaf, 0xd1, 0x31, 0x16, 0xe0,
	0xe1, 0x25, 0x65, 0x20, 0x2f, 0xef, 0x8e, 0x9e, 0xce, 0x7d, 0xce, 0x03,
	0x81, 0x24, 0x64, 0xd0, 0x4b, 0x94, 0x42, 0xde,
};

static const u8 ecdh_p384_a[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
	0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
	0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24,
	0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30,
};

static const u8 ecdh_p384_ga[] = {
	0xc7, 0x6f, 0x22, 0x83, 0xdd, 0xa9, 0x5c, 0xd4, 0x9b, 0x0e, 0xd9, 0xe7,
	0x33, 0xd2, 0x90, 0x44, 0x74, 0xe3, 0x72, 0x16, 0xf1, 0x24, 0xe1, 0x3d,
	0x2c, 0x9a, 0xb4, 0xcf, 0x01, 0x02, 0x1c, 0x49, 0xad, 0x9c, 0xab, 0xb3,
	0xd0, 0xb9, 0x74, 0x99, 0xae, 0xf2, 0xf0, 0xab, 0x31, 0x3f, 0xa0, 0x28,
	0x26, 0xbc, 0x1f, 0x83, 0x45, 0x1b, 0x5c, 0x89, 0x62, 0xa7, 0x5c, 0xaf,
	0xf7, 0x35, 0x88, 0xd4, 0x40, 0x0a, 0x62, 0x96, 0x43, 0x61, 0x54, 0xfb,
	0x34, 0x3c, 0x39, 0x3e, 0x91, 0x04, 0x8a, 0x6c, 0x7b, 0xcb, 0xad, 0xc8,
	0x3c, 0xd8, 0xa5, 0xf2, 0x6f, 0xea, 0xe8, 0x83, 0x15, 0x6f, 0x92, 0xa1,
};

static const u8 ecdh_p384_gb[] = {
	0xdb, 0x89, 0x85, 0x5d, 0x19, 0x80, 0xb2, 0xaa, 0xcd, 0xec, 0x07, 0x52,
	0x24, 0x9b, 0xea, 0x9e, 0x06, 0x30, 0xc1, 0x6b, 0x69, 0xc0, 0x95, 0xf6,
	0xc7, 0x52, 0xb2, 0x54, 0x7b, 0x52, 0x0d, 0x81, 0x09, 0x51, 0x1d, 0x90,
	0x88, 0x81, 0x49, 0x17, 0x80, 0x59, 0x4f, 0x03, 0xcf, 0xee, 0x8a, 0x0a,
	0x8c, 0xa0, 0xeb, 0x1e, 0x63, 0x49, 0x71, 0xe4, 0xc6, 0xfc, 0x55, 0x1c,
	0xa6, 0x84, 0xed, 0xc3, 0x29, 0x94, 0xc9, 0x06, 0x8f, 0xc8, 0x39, 0x64,
	0xeb, 0x7a, 0xda, 0x3b, 0xbb, 0x9b, 0x1f, 0x24, 0x69, 0xd5, 0x7d, 0xa6,
	0x46, 0x0b, 0xa7, 0x46, 0x2d, 0x4d, 0x3b, 0x9e, 0x9a, 0x4f, 0xe4, 0x21,
};

static const u8 ecdh_p384_gab[] = {
	0x9f, 0xaf, 0xc5, 0x90, 0x3b, 0x2f, 0x87, 0x3e, 0xd2, 0x4f, 0xff, 0xa1,
	0xc5, 0xd4, 0x4d, 0x75, 0xbf, 0x04, 0x71, 0x79, 0xb1, 0x3b, 0x3b, 0x3e,
	0xa3, 0x68, 0x1c, 0xfb, 0x32, 0x9e, 0x80, 0x47, 0x7e, 0x17, 0xaa, 0xa9,
	0x8a, 0xb1, 0x0b, 0xff, 0x82, 0x65, 0xa0, 0xa6, 0xe9, 0xda, 0x74, 0xaa,
};

struct ecdh_vector {
	const char *name;
	u16 dhe;
	const u8 *priv, *pub, *peer, *shared;
};

static const struct ecdh_vector ecdh_vectors[] = {
	{ "RFC 5903 8.1", SPDM_DHE_SECP256R1, ecdh_p256_i, ecdh_p256_gi,
	  ecdh_p256_gr, ecdh_p256_gir },
	{ "P-384", SPDM_DHE_SECP384R1, ecdh_p384_a, ecdh_p384_ga,
	  ecdh_p384_gb, ecdh_p384_gab },
};

static void spdm_test_ecdh(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, spdm_supported_dhe(),
			SPDM_DHE_SECP256R1 | SPDM_DHE_SECP384R1);
	for (size_t i = 0; i < ARRAY_SIZE(ecdh_vectors); i++) {
		const struct ecdh_vector *v = &ecdh_vectors[i];
		size_t size = spdm_dhe_size(v->dhe);
		u8 *work = kunit_kzalloc(test, 2 * size, GFP_KERNEL);
		u8 *pub = kunit_kzalloc(test, size, GFP_KERNEL);
		u8 *peer = kunit_kzalloc(test, size, GFP_KERNEL);
		u8 *shared = kunit_kzalloc(test, size / 2, GFP_KERNEL);
		struct crypto_kpp *tfm;

		KUNIT_ASSERT_NOT_NULL(test, work);
		KUNIT_ASSERT_NOT_NULL(test, pub);
		KUNIT_ASSERT_NOT_NULL(test, peer);
		KUNIT_ASSERT_NOT_NULL(test, shared);
		tfm = spdm_dhe_generate(v->dhe, v->priv, work, pub);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
		KUNIT_EXPECT_MEMEQ_MSG(test, pub, v->pub, size, "%s", v->name);
		KUNIT_EXPECT_EQ(test, spdm_dhe_shared(tfm, v->dhe, v->peer, work,
						      shared), 0);
		KUNIT_EXPECT_MEMEQ_MSG(test, shared, v->shared, size / 2, "%s",
				       v->name);
		/* A peer off the curve */
		memcpy(peer, v->peer, size);
		peer[size - 1] ^= 1;
		KUNIT_EXPECT_EQ(test, spdm_dhe_shared(tfm, v->dhe, peer, work,
						      shared), -EINVAL);
		crypto_free_kpp(tfm);

		/* A random key pair agrees with the vector's peer */
		tfm = spdm_dhe_generate(v->dhe, NULL, work, pub);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
		KUNIT_EXPECT_NE(test, memcmp(pub, v->pub, size), 0);
		crypto_free_kpp(tfm);
	}
}

static const u8 test_nonce[SPDM_NONCE_SIZE] __nonstring =
	"session test nonce, 32 bytes...";

/* The whole context's session state is zero: no secret left behind */
static void expect_no_session(struct kunit *test, struct spdm_test_fixture *t)
{
	struct spdm_session_info info;

	KUNIT_EXPECT_EQ(test, spdm_session_info(t->spdm, &info), -ENOTCONN);
	KUNIT_EXPECT_NULL(test, memchr_inv(&t->spdm->session, 0,
					   sizeof(t->spdm->session)));
}

static void authenticate(struct kunit *test, struct spdm_test_fixture *t)
{
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0,
						SPDM_MEAS_SUMMARY_NONE), 0);
}

struct session_case {
	const char *name;
	u8 version;
	u32 asym;
	u32 hash;
	u16 dhe;
	u16 aead;
	bool mac_only;
};

static const struct session_case session_cases[] = {
	{ "1.1 P-256 SHA-256 AES-128", SPDM_VER_11,
	  SPDM_ASYM_ECDSA_ECC_NIST_P256, SPDM_HASH_SHA_256,
	  SPDM_DHE_SECP256R1, SPDM_AEAD_AES_128_GCM },
	{ "1.2 P-384 SHA-384 AES-256", SPDM_VER_12,
	  SPDM_ASYM_ECDSA_ECC_NIST_P384, SPDM_HASH_SHA_384,
	  SPDM_DHE_SECP384R1, SPDM_AEAD_AES_256_GCM },
	{ "1.2 RSA-3072 SHA-384 ChaCha20", SPDM_VER_12,
	  SPDM_ASYM_RSASSA_3072, SPDM_HASH_SHA_384,
	  SPDM_DHE_SECP256R1, SPDM_AEAD_CHACHA20_POLY1305 },
	{ "1.3 P-256 SHA-512 AES-256", SPDM_VER_13,
	  SPDM_ASYM_ECDSA_ECC_NIST_P256, SPDM_HASH_SHA_512,
	  SPDM_DHE_SECP384R1, SPDM_AEAD_AES_256_GCM },
	{ "1.3 MAC only", SPDM_VER_13,
	  SPDM_ASYM_ECDSA_ECC_NIST_P384, SPDM_HASH_SHA_384,
	  SPDM_DHE_SECP256R1, SPDM_AEAD_AES_128_GCM, true },
};

static void session_case_desc(const struct session_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(session_case, session_cases, session_case_desc);

static void setup_session_responder(struct kunit *test,
				    struct spdm_test_fixture *t,
				    const struct session_case *c)
{
	spdm_test_responder_init(t->rsp, c->version);
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(t->rsp, c->asym), 0);
	t->rsp->hash_sel = c->hash;
	t->rsp->dhe_sel = c->dhe;
	t->rsp->aead_sel = c->aead;
	t->rsp->caps |= SPDM_CAP_MAC | SPDM_CAP_KEY_EX | SPDM_CAP_HBEAT |
			SPDM_CAP_KEY_UPD | (c->mac_only ? 0 : SPDM_CAP_ENCRYPT);
	t->rsp->heartbeat_period = 30;
	t->rsp->rsp_session_id = 0xbeef;
}

/* A whole session: open, measure inside, heartbeat, update keys, close */
static void spdm_test_session(struct kunit *test)
{
	const struct session_case *c = test->param_value;
	struct spdm_test_fixture *t = test->priv;
	const struct spdm_negotiated *neg;
	struct spdm_session_info info;
	unsigned int before;

	setup_session_responder(test, t, c);
	authenticate(test, t);
	neg = spdm_negotiated(t->spdm);
	KUNIT_EXPECT_EQ(test, neg->dhe_alg, c->dhe);
	KUNIT_EXPECT_EQ(test, neg->aead_alg, c->aead);
	KUNIT_EXPECT_EQ(test, neg->key_schedule, SPDM_KEY_SCHEDULE_SPDM);

	before = t->rsp->exchanges;
	KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
	/* KEY_EXCHANGE in the clear, FINISH inside */
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges - before, 2);
	KUNIT_EXPECT_EQ(test, t->rsp->secured_requests, 1);
	KUNIT_EXPECT_EQ(test, t->rsp->last_in_session, SPDM_FINISH);
	KUNIT_EXPECT_EQ(test, t->rsp->sess_phase, 2);
	KUNIT_EXPECT_EQ(test, t->rsp->decrypt_failures, 0);
	KUNIT_ASSERT_EQ(test, spdm_session_info(t->spdm, &info), 0);
	KUNIT_EXPECT_EQ(test, info.session_id, t->rsp->sess_id);
	KUNIT_EXPECT_EQ(test, info.session_id >> 16, 0xbeef);
	KUNIT_EXPECT_EQ(test, info.heartbeat_period, 30);
	KUNIT_EXPECT_EQ(test, info.encrypted, !c->mac_only);
	KUNIT_EXPECT_EQ(test, info.sm_version, SPDM_VER_12);

	/* Signed measurements travel inside */
	KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, NULL,
						    0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->last_in_session, SPDM_GET_MEASUREMENTS);
	KUNIT_EXPECT_EQ(test, t->rsp->secured_requests,
			1 + t->rsp->meas_requests);

	KUNIT_EXPECT_EQ(test, spdm_heartbeat(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->heartbeats, 1);
	KUNIT_EXPECT_EQ(test, spdm_key_update(t->spdm, false), 0);
	KUNIT_EXPECT_EQ(test, spdm_key_update(t->spdm, true), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->key_updates, 4);
	/* Both sides moved to the new keys: the session still works */
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, NULL,
						    0), 0);
	KUNIT_EXPECT_EQ(test, spdm_heartbeat(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->decrypt_failures, 0);

	KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->sessions_ended, 1);
	KUNIT_EXPECT_EQ(test, t->rsp->sess_phase, 0);
	expect_no_session(test, t);
	KUNIT_EXPECT_EQ(test, spdm_heartbeat(t->spdm), -ENOTCONN);

	/* Outside again: in the clear */
	before = t->rsp->secured_requests;
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, NULL,
						    0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->secured_requests, before);

	/* A second session, then a new connection ends it on both sides */
	KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
	authenticate(test, t);
	expect_no_session(test, t);
	KUNIT_EXPECT_EQ(test, t->rsp->sess_phase, 0);
}

/*
 * A responder that chunks by its own DataTransferSize, as libspdm does:
 * every response above 160 bytes comes in chunks although our transport
 * takes it whole. The whole flow works, sessions included; a responder
 * that chunks a message MinDataTransferSize would carry is refused.
 */
static void spdm_test_chunk_own_size(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct session_case c = session_cases[0];
	unsigned int chunks;

	for (u8 ver = SPDM_VER_12; ver <= SPDM_VER_13; ver++) {
		c.version = ver;
		setup_session_responder(test, t, &c);
		t->rsp->caps |= SPDM_CAP_CHUNK;
		t->rsp->data_transfer_size = 160;
		t->rsp->max_spdm_msg_size = 65536;
		t->rsp->chunk_above = 160;
		t->rsp->nr_meas = 10;

		authenticate(test, t);
		/* The chain in portions of its size, CHALLENGE_AUTH whole */
		chunks = t->rsp->chunk_requests;
		KUNIT_EXPECT_EQ(test, chunks, 0);
		KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    NULL, 0), 0);
		KUNIT_EXPECT_GT(test, t->rsp->chunk_requests, chunks);
		chunks = t->rsp->chunk_requests;

		/* KEY_EXCHANGE_RSP in chunks, then measurements inside */
		KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
		KUNIT_EXPECT_GT(test, t->rsp->chunk_requests, chunks);
		chunks = t->rsp->chunk_requests;
		KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    NULL, 0), 0);
		/* The chunks came inside the session */
		KUNIT_EXPECT_EQ(test, t->rsp->last_in_session, SPDM_CHUNK_GET);
		KUNIT_EXPECT_GT(test, t->rsp->chunk_requests, chunks);
		KUNIT_EXPECT_EQ(test, t->rsp->decrypt_failures, 0);
		KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), 0);

		/* The same responder chunking nothing: no CHUNK_GET at all */
		setup_session_responder(test, t, &c);
		t->rsp->caps |= SPDM_CAP_CHUNK;
		t->rsp->max_spdm_msg_size = 65536;
		t->rsp->nr_meas = 10;
		authenticate(test, t);
		KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    NULL, 0), 0);
		KUNIT_EXPECT_EQ(test, t->rsp->chunk_requests, 0);

		/* DIGESTS (36 bytes) in chunks: below MinDataTransferSize */
		setup_session_responder(test, t, &c);
		t->rsp->caps |= SPDM_CAP_CHUNK;
		t->rsp->max_spdm_msg_size = 65536;
		t->rsp->chunk_above = 35;
		KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0,
							SPDM_MEAS_SUMMARY_NONE),
				-EPROTO);
		KUNIT_EXPECT_EQ(test, t->rsp->chunk_requests, 1);
	}
}

/* Negotiation offers every group and AEAD the kernel has */
static void spdm_test_session_negotiation(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	const struct spdm_negotiated *neg;

	/* Without KEY_EX_CAP the responder selects nothing: no session */
	authenticate(test, t);
	neg = spdm_negotiated(t->spdm);
	KUNIT_EXPECT_EQ(test, neg->dhe_alg, 0);
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), -EOPNOTSUPP);
	expect_no_session(test, t);

	/* 1.0 has no sessions and no algorithm structures */
	spdm_test_responder_init(t->rsp, SPDM_VER_10);
	authenticate(test, t);
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), -EOPNOTSUPP);

	/* Nothing authenticated, nothing to open a session with */
	setup_session_responder(test, t, &session_cases[1]);
	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), -ENOKEY);

	/* A selection we did not offer, or two at once */
	t->rsp->dhe_sel = BIT(0);
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);
	t->rsp->dhe_sel = SPDM_DHE_SECP256R1 | SPDM_DHE_SECP384R1;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);
	t->rsp->dhe_sel = 0;
	t->rsp->aead_sel = BIT(5);
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);

	/* No secured transport: no session */
	t->rsp->aead_sel = 0;
	authenticate(test, t);
	spdm_set_secured_transport(t->spdm, NULL);
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), -EOPNOTSUPP);
	expect_no_session(test, t);
}

struct session_hostile {
	const char *name;
	void (*setup)(struct spdm_test_responder *rsp);
	int err;
	/* The failure comes on the first request after FINISH */
	bool after_finish;
};

static void bad_signature(struct spdm_test_responder *rsp)
{
	rsp->bad_signature = true;
}

static void bad_verify(struct spdm_test_responder *rsp)
{
	rsp->sess_bad_verify = true;
}

static void bad_point(struct spdm_test_responder *rsp)
{
	rsp->sess_bad_point = true;
}

static void mut_auth(struct spdm_test_responder *rsp)
{
	rsp->sess_mut_auth = 1;
}

static void sm_version_not_offered(struct spdm_test_responder *rsp)
{
	rsp->sm_version_sel = 0x1300;
}

/* KEY_EXCHANGE_RSP (P-384 DHE): OpaqueDataLength is at 40 + 96 */
static void ke_opaque_lie(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_KEY_EXCHANGE;
	rsp->fault_offset = 136;
	rsp->fault_field_size = 2;
	rsp->fault_field = 4;
	rsp->fault_field_add = true;
}

static void ke_short(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_KEY_EXCHANGE;
	rsp->fault_len = 100;
}

static void ke_error(struct spdm_test_responder *rsp)
{
	rsp->resynch_code = SPDM_KEY_EXCHANGE;
	rsp->resynch_times = 1;
}

/* ERROR(UnsupportedRequest), in the clear: an interposer's to forge */
static void ke_unsupported(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_KEY_EXCHANGE;
	rsp->fault_offset = 1;
	rsp->fault_field_size = 2;
	rsp->fault_field = SPDM_ERR_UNSUPPORTED_REQUEST << 8 | SPDM_ERROR;
	rsp->fault_len = 4;
}

static void finish_error(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_FINISH;
	rsp->fault_offset = 1;
	rsp->fault_xor = SPDM_RSP_CODE(SPDM_FINISH) ^ SPDM_ERROR;
}

static void finish_long(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_FINISH;
	rsp->fault_len = 12;
}

static void bad_tag(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 1;
	rsp->sess_bad_tag = true;
}

static void short_tag(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 1;
	rsp->sess_short_tag = true;
}

static void wrong_session(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 1;
	rsp->sess_wrong_id = true;
}

static void replay(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 2;
	rsp->sess_replay = true;
}

static void app_len_lie(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 2;
	rsp->sess_app_len_lie = 1000;
}

static void length_lie_long(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 2;
	rsp->sess_length_lie = 8;
}

static void length_lie_short(struct spdm_test_responder *rsp)
{
	rsp->sess_fault_from = 2;
	rsp->sess_length_lie = -40;
}

static void silent(struct spdm_test_responder *rsp)
{
	rsp->transport_err = -ETIMEDOUT;
}

static const struct session_hostile session_hostile_cases[] = {
	{ "signature does not verify", bad_signature, -EKEYREJECTED },
	{ "ResponderVerifyData wrong", bad_verify, -EKEYREJECTED },
	{ "ExchangeData off the curve", bad_point, -EPROTO },
	{ "mutual authentication asked", mut_auth, -EPROTO },
	{ "secured-message version not offered", sm_version_not_offered,
	  -EPROTO },
	{ "OpaqueDataLength past the data", ke_opaque_lie, -EMSGSIZE },
	{ "KEY_EXCHANGE_RSP cut short", ke_short, -EMSGSIZE },
	{ "KEY_EXCHANGE answered RequestResynch", ke_error, -ECONNRESET },
	/* Never "no session" (-EOPNOTSUPP): that would strip the session */
	{ "KEY_EXCHANGE answered UnsupportedRequest", ke_unsupported, -EPROTO },
	{ "FINISH answered with a bare ERROR", finish_error, -EIO },
	{ "FINISH_RSP too long", finish_long, -EMSGSIZE },
	{ "tag flipped", bad_tag, -EBADMSG },
	{ "tag cut short", short_tag, -EBADMSG },
	{ "another SessionID", wrong_session, -EPROTO },
	{ "a secured response replayed", replay, -EBADMSG, true },
	{ "ApplicationDataLength past the data", app_len_lie, -EMSGSIZE,
	  true },
	{ "Length past the message", length_lie_long, -EMSGSIZE, true },
	{ "Length short of the message", length_lie_short, -EMSGSIZE, true },
};

static void session_hostile_desc(const struct session_hostile *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(session_hostile, session_hostile_cases,
		  session_hostile_desc);

/*
 * Each lie fails with its errno and leaves no session and no secret; the
 * same context then opens a session with an honest responder.
 */
static void spdm_test_session_hostile(struct kunit *test)
{
	const struct session_hostile *c = test->param_value;
	struct spdm_test_fixture *t = test->priv;

	setup_session_responder(test, t, &session_cases[1]);
	authenticate(test, t);
	c->setup(t->rsp);
	if (c->after_finish) {
		KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
		KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    NULL, 0), c->err);
	} else {
		KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), c->err);
	}
	expect_no_session(test, t);
	/* A request that fails inside a session leaves no measurements */
	if (c->after_finish)
		KUNIT_EXPECT_NULL(test, spdm_measurements(t->spdm,
							  &(unsigned int){0}));

	setup_session_responder(test, t, &session_cases[1]);
	authenticate(test, t);
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), 0);
}

/* A transport that fails inside a session ends it */
static void spdm_test_session_transport_error(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	setup_session_responder(test, t, &session_cases[0]);
	authenticate(test, t);
	KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
	silent(t->rsp);
	KUNIT_EXPECT_EQ(test, spdm_heartbeat(t->spdm), -ETIMEDOUT);
	expect_no_session(test, t);
	KUNIT_EXPECT_EQ(test, spdm_key_update(t->spdm, true), -ENOTCONN);
	KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), -ENOTCONN);

	/* Busy inside the session: asked again, still inside */
	setup_session_responder(test, t, &session_cases[0]);
	authenticate(test, t);
	KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
	t->rsp->busy = 2;
	t->rsp->busy_code = SPDM_HEARTBEAT;
	KUNIT_EXPECT_EQ(test, spdm_heartbeat(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->heartbeats, 1);
	KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), 0);
}

/* A vendor protocol for the test: the payload comes back reversed */
static size_t reverse_vendor(void *priv, const u8 *req, size_t len, u8 *out,
			     size_t size)
{
	size_t *extra = priv;

	len = min(len + *extra, size);
	for (size_t i = 0; i < len; i++)
		out[i] = req[len - 1 - i];
	return len;
}

/*
 * VENDOR_DEFINED_REQUEST: the envelope's registry, vendor ID and lengths
 * are checked, the payload handed over; inside a session it is protected
 */
static void spdm_test_vendor(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u8 vid[2] = { 0x01, 0x00 };
	u8 req[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, rsp[16];
	size_t extra = 0;

	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), -ENOTCONN);
	setup_session_responder(test, t, &session_cases[1]);
	t->rsp->vendor = reverse_vendor;
	t->rsp->vendor_priv = &extra;
	authenticate(test, t);
	KUNIT_ASSERT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), 8);
	KUNIT_EXPECT_EQ(test, rsp[0], 8);
	KUNIT_EXPECT_EQ(test, rsp[7], 1);
	KUNIT_EXPECT_EQ(test, t->rsp->secured_requests, 0);

	KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), 8);
	KUNIT_EXPECT_EQ(test, t->rsp->last_in_session,
			SPDM_VENDOR_DEFINED_REQUEST);

	/* A payload larger than the caller's buffer */
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, 7), -EMSGSIZE);
	/* Vendor IDs over 8 bytes, requests over the session's limit */
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 9, req, 8,
						  rsp, sizeof(rsp)), -EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req,
						  SPDM_MAX_SESSION_REQ_SIZE,
						  rsp, sizeof(rsp)), -EINVAL);

	/* Another registry in the response */
	t->rsp->fault_code = SPDM_VENDOR_DEFINED_REQUEST;
	t->rsp->fault_offset = 4;
	t->rsp->fault_xor = 1;
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), -EPROTO);
	/* Another vendor */
	t->rsp->fault_offset = 7;
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), -EPROTO);
	/* RespLength past the message */
	t->rsp->fault_offset = 9;
	t->rsp->fault_field_size = 2;
	t->rsp->fault_field = 9;
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), -EMSGSIZE);
	/* None of this ended the session: it authenticated every time */
	t->rsp->fault_code = 0;
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req, 8,
						  rsp, sizeof(rsp)), 8);
	KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), 0);
}

/*
 * What a conformant responder may send and we therefore take: reserved
 * bits of MutAuthRequested set, and a secured request larger than the
 * responder's DataTransferSize whose SPDM message fits it (the secured
 * message's header and tag are the transport's).
 */
static void spdm_test_session_tolerated(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u8 vid[2] = { 0x01, 0x00 };
	u8 req[110] = { 1 }, rsp[110];
	size_t extra = 0;

	setup_session_responder(test, t, &session_cases[0]);
	t->rsp->sess_mut_auth = 0xf8;
	authenticate(test, t);
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_end_session(t->spdm), 0);
	/* A defined bit is still mutual authentication, which we refuse */
	t->rsp->sess_mut_auth = 0xf9;
	KUNIT_EXPECT_EQ(test, spdm_start_session(t->spdm), -EPROTO);

	/* 121 bytes of SPDM, 147 secured, to a DataTransferSize of 140 */
	setup_session_responder(test, t, &session_cases[0]);
	t->rsp->data_transfer_size = 140;
	t->rsp->max_spdm_msg_size = 140;
	t->rsp->vendor = reverse_vendor;
	t->rsp->vendor_priv = &extra;
	authenticate(test, t);
	KUNIT_ASSERT_EQ(test, spdm_start_session(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req,
						  sizeof(req), rsp, sizeof(rsp)),
			sizeof(req));
	KUNIT_EXPECT_EQ(test, rsp[sizeof(rsp) - 1], 1);
	/* The SPDM message itself must fit */
	t->spdm->neg.rsp_data_transfer_size = 120;
	KUNIT_EXPECT_EQ(test, spdm_vendor_request(t->spdm, 3, vid, 2, req,
						  sizeof(req), rsp, sizeof(rsp)),
			-EOPNOTSUPP);
}

static struct kunit_case spdm_session_test_cases[] = {
	KUNIT_CASE(spdm_test_hkdf),
	KUNIT_CASE(spdm_test_bin_concat),
	KUNIT_CASE(spdm_test_aead),
	KUNIT_CASE(spdm_test_ecdh),
	KUNIT_CASE_PARAM(spdm_test_session, session_case_gen_params),
	KUNIT_CASE(spdm_test_session_negotiation),
	KUNIT_CASE(spdm_test_chunk_own_size),
	KUNIT_CASE_PARAM(spdm_test_session_hostile,
			 session_hostile_gen_params),
	KUNIT_CASE(spdm_test_session_transport_error),
	KUNIT_CASE(spdm_test_vendor),
	KUNIT_CASE(spdm_test_session_tolerated),
	{}
};

static struct kunit_suite spdm_session_test_suite = {
	.name = "spdm_session",
	.init = spdm_test_fixture_init,
	.exit = spdm_test_fixture_exit,
	.test_cases = spdm_session_test_cases,
};

kunit_test_suite(spdm_session_test_suite);
