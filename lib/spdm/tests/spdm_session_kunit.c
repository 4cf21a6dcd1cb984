// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SPDM secure sessions: the key schedule and AEADs
 * against published vectors, then KEY_EXCHANGE, FINISH, secured
 * messages, HEARTBEAT, KEY_UPDATE and END_SESSION against the test
 * responder, which has its own key schedule, and every way a hostile
 * responder can break them
 */

#include <crypto/aead.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/slab.h>
#include <linux/spdm.h>
#include <linux/string.h>

#include "../spdm.h"
#include "spdm_test_responder.h"

struct hkdf_vector {
	const char *name;
	u32 hash;
	const char *ikm, *salt, *info, *prk, *okm;
};

/*
 * RFC 5869 appendix A, cases 1 to 3 (SHA-256). The SHA-384 and SHA-512
 * rows take case 1's inputs; their outputs come from Python's hmac
 * module, an implementation independent of the kernel's.
 */
static const struct hkdf_vector hkdf_vectors[] = {
	{ "RFC 5869 A.1", SPDM_HASH_SHA_256,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
	  "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
	  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
	  "34007208d5b887185865" },
	{ "RFC 5869 A.2", SPDM_HASH_SHA_256,
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	  "404142434445464748494a4b4c4d4e4f",
	  "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
	  "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
	  "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
	  "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
	  "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
	  "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
	  "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
	  "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
	{ "RFC 5869 A.3", SPDM_HASH_SHA_256,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
	  "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
	  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
	  "9d201395faa4b61a96c8" },
	{ "SHA-384, A.1 inputs", SPDM_HASH_SHA_384,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
	  "704b39990779ce1dc548052c7dc39f303570dd13fb39f7acc564680bef80e8de"
	  "c70ee9a7e1f3e293ef68eceb072a5ade",
	  "9b5097a86038b805309076a44b3a9f38063e25b516dcbf369f394cfab43685f7"
	  "48b6457763e4f0204fc5d95d1da3e62587b22eb8943d0fab6bb631a2fe9df1a6"
	  "8c6ce5d56116a52005b3f122b88b39b7251fcd6c44d3ef25f20ed96802bf1b2c"
	  "1d98bf74" },
	{ "SHA-512, A.1 inputs", SPDM_HASH_SHA_512,
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
	  "665799823737ded04a88e47e54a5890bb2c3d247c7a4254a8e61350723590a26"
	  "c36238127d8661b88cf80ef802d57e2f7cebcf1e00e083848be19929c61b4237",
	  "832390086cda71fb47625bb5ceb168e4c8e26a1a16ed34d9fc7fe92c14815793"
	  "38da362cb8d9f925d7cbcce0dff7098769cf15959867d571c1715450cb530137"
	  "be3fb62f3cf32b84feba8f1eb1b563e20d9749b8640b8264c4b69b14ad519911"
	  "5e1d609c" },
};

/* Hex to bytes, KUnit-managed */
static u8 *unhex(struct kunit *test, const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	u8 *out = kunit_kzalloc(test, n + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, hex2bin(out, hex, n), 0);
	*len = n;
	return out;
}

static void spdm_test_hkdf(struct kunit *test)
{
	for (size_t i = 0; i < ARRAY_SIZE(hkdf_vectors); i++) {
		const struct hkdf_vector *v = &hkdf_vectors[i];
		size_t ikm_len, salt_len, info_len, prk_len, okm_len;
		u8 *ikm = unhex(test, v->ikm, &ikm_len);
		u8 *salt = unhex(test, v->salt, &salt_len);
		u8 *info = unhex(test, v->info, &info_len);
		u8 *prk = unhex(test, v->prk, &prk_len);
		u8 *okm = unhex(test, v->okm, &okm_len);
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
	KUNIT_EXPECT_EQ(test, spdm_hkdf_expand(SPDM_HASH_SHA_256,
					       (u8 [32]){}, 32, NULL, 0,
					       (u8 [1]){}, 255 * 32 + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_hkdf_expand(BIT(7), (u8 [32]){}, 32, NULL, 0,
					       (u8 [1]){}, 1), -EINVAL);
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
	const char *key, *iv, *aad, *pt, *ct, *tag;
};

/*
 * AES-GCM: test cases 4 and 16 of McGrew and Viega, "The Galois/Counter
 * Mode of Operation". ChaCha20-Poly1305: RFC 8439 section 2.8.2.
 */
static const struct aead_vector aead_vectors[] = {
	{ "GCM test case 4", SPDM_AEAD_AES_128_GCM,
	  "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	  "5bc94fbc3221a5db94fae95ae7121a47" },
	{ "GCM test case 16", SPDM_AEAD_AES_256_GCM,
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	  "cafebabefacedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853bb2d551b" },
	{ "RFC 8439 2.8.2", SPDM_AEAD_CHACHA20_POLY1305,
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	  "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
	  "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
	  "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
	  "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
	  "637265656e20776f756c642062652069742e",
	  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	  "3ff4def08e4b7a9de576d26586cec64b6116",
	  "1ae10b594f09e26a7e902ecbd0600691" },
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
		u8 *key = unhex(test, v->key, &key_len);
		u8 *iv = unhex(test, v->iv, &iv_len);
		u8 *aad = unhex(test, v->aad, &aad_len);
		u8 *pt = unhex(test, v->pt, &pt_len);
		u8 *ct = unhex(test, v->ct, &ct_len);
		u8 *tag = unhex(test, v->tag, &tag_len);
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

/* Negotiation offers every group and AEAD the kernel has */
static void spdm_test_session_negotiation(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	const struct spdm_negotiated *neg;

	KUNIT_EXPECT_EQ(test, spdm_supported_dhe(),
			SPDM_DHE_SECP256R1 | SPDM_DHE_SECP384R1);

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

static struct kunit_case spdm_session_test_cases[] = {
	KUNIT_CASE(spdm_test_hkdf),
	KUNIT_CASE(spdm_test_bin_concat),
	KUNIT_CASE(spdm_test_aead),
	KUNIT_CASE_PARAM(spdm_test_session, session_case_gen_params),
	KUNIT_CASE(spdm_test_session_negotiation),
	KUNIT_CASE_PARAM(spdm_test_session_hostile,
			 session_hostile_gen_params),
	KUNIT_CASE(spdm_test_session_transport_error),
	{}
};

static struct kunit_suite spdm_session_test_suite = {
	.name = "spdm_session",
	.init = spdm_test_fixture_init,
	.exit = spdm_test_fixture_exit,
	.test_cases = spdm_session_test_cases,
};

kunit_test_suite(spdm_session_test_suite);
