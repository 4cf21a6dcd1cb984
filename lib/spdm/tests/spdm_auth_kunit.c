// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SPDM authentication: GET_DIGESTS, GET_CERTIFICATE and
 * CHALLENGE against the test responder, which signs with real ECDSA keys
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/spdm.h>
#include <linux/string.h>

#include "../spdm.h"
#include "spdm_test_responder.h"

/* The protocol minimum: VCA, DIGESTS, the chain's portions, CHALLENGE */
static unsigned int min_exchanges(struct spdm_test_fixture *t, size_t portion)
{
	return 3 + 1 + DIV_ROUND_UP(t->rsp->chain_len, portion) + 1;
}

static void check_evidence(struct kunit *test, struct spdm_test_fixture *t,
			   u8 slot)
{
	struct spdm_signed_evidence ev;
	size_t vca_len, chain_len;
	const u8 *vca, *chain;

	KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), slot);
	chain = spdm_cert_chain(t->spdm, slot, &chain_len);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	KUNIT_EXPECT_EQ(test, chain_len, t->rsp->chain_len);
	KUNIT_EXPECT_MEMEQ(test, chain, t->rsp->chain, chain_len);

	KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
	vca = spdm_vca(t->spdm, &vca_len);
	KUNIT_ASSERT_NOT_NULL(test, vca);
	/* M1 starts with VCA; it is exactly what the responder signed */
	KUNIT_EXPECT_MEMEQ(test, ev.transcript, vca, vca_len);
	KUNIT_ASSERT_EQ(test, ev.transcript_len, t->rsp->signed_len);
	KUNIT_EXPECT_MEMEQ(test, ev.transcript, t->rsp->m1, ev.transcript_len);
	KUNIT_EXPECT_EQ(test, ev.sig_len,
			spdm_sig_size(spdm_negotiated(t->spdm)->base_asym_alg));
	KUNIT_EXPECT_EQ(test, ev.meas_summary_len, t->rsp->summary_sent);
}

static const u32 all_curves[] = {
	SPDM_ASYM_ECDSA_ECC_NIST_P256,
	SPDM_ASYM_ECDSA_ECC_NIST_P384,
	SPDM_ASYM_ECDSA_ECC_NIST_P521,
};

static const u32 all_hashes[] = {
	SPDM_HASH_SHA_256, SPDM_HASH_SHA_384, SPDM_HASH_SHA_512,
};

static const u8 all_versions[] = {
	SPDM_VER_10, SPDM_VER_11, SPDM_VER_12, SPDM_VER_13,
};

/* Every version, with every curve and every hash */
static void spdm_test_auth_matrix(struct kunit *test)
{
	size_t nc = ARRAY_SIZE(all_curves), nh = ARRAY_SIZE(all_hashes);
	struct spdm_test_fixture *t = test->priv;

	for (size_t i = 0; i < ARRAY_SIZE(all_versions) * nc * nh; i++) {
		size_t v = i / (nc * nh), c = i / nh % nc, h = i % nh;

		spdm_test_responder_init(t->rsp, all_versions[v]);
		KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(t->rsp,
								  all_curves[c]), 0);
		t->rsp->hash_sel = all_hashes[h];
		KUNIT_EXPECT_EQ_MSG(test, spdm_authenticate(t->spdm, 0,
							    SPDM_MEAS_SUMMARY_NONE),
				    0, "version 0x%02x asym 0x%x hash 0x%x",
				    all_versions[v], all_curves[c],
				    all_hashes[h]);
		if (spdm_authenticated_slot(t->spdm) != 0)
			continue;
		KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->base_asym_alg,
				all_curves[c]);
		KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->base_hash_alg,
				all_hashes[h]);
		check_evidence(test, t, 0);
	}
}

static const u32 all_rsa[] = {
	SPDM_ASYM_RSASSA_2048, SPDM_ASYM_RSAPSS_2048,
	SPDM_ASYM_RSASSA_3072, SPDM_ASYM_RSAPSS_3072,
	SPDM_ASYM_RSASSA_4096, SPDM_ASYM_RSAPSS_4096,
};

/* RSASSA and RSASSA-PSS of each size, in every version, and a bad one */
static void spdm_test_auth_rsa(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	u8 nonce[SPDM_NONCE_SIZE] = { 1, 2, 3 };

	for (size_t i = 0; i < ARRAY_SIZE(all_versions) * ARRAY_SIZE(all_rsa);
	     i++) {
		u8 ver = all_versions[i / ARRAY_SIZE(all_rsa)];
		u32 alg = all_rsa[i % ARRAY_SIZE(all_rsa)];

		spdm_test_responder_init(t->rsp, ver);
		KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(t->rsp, alg),
				0);
		t->rsp->hash_sel = SPDM_HASH_SHA_384;
		KUNIT_EXPECT_EQ_MSG(test, spdm_authenticate(t->spdm, 0, 0), 0,
				    "version 0x%02x asym 0x%x", ver, alg);
		if (spdm_authenticated_slot(t->spdm))
			continue;
		check_evidence(test, t, 0);
		KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, nonce,
							    NULL, 0), 0);

		t->rsp->bad_signature = true;
		KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 0),
				-EKEYREJECTED);
	}
}

static void spdm_test_auth_exchanges(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	size_t portion = SPDM_TEST_TRANSPORT_SZ - 8;

	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, min_exchanges(t, portion));
	KUNIT_EXPECT_EQ(test, t->rsp->last_cert_length, portion);

	/* Unchanged chain: no GET_CERTIFICATE at all */
	t->rsp->exchanges = 0;
	t->rsp->cert_requests = 0;
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 5);
	KUNIT_EXPECT_EQ(test, t->rsp->cert_requests, 0);
	check_evidence(test, t, 0);

	/* A new key, so a new chain and digest: read again */
	KUNIT_ASSERT_EQ(test,
			spdm_test_responder_set_key(t->rsp,
						    SPDM_ASYM_ECDSA_ECC_NIST_P256),
			0);
	t->rsp->exchanges = 0;
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, min_exchanges(t, portion));
	check_evidence(test, t, 0);
}

/* Portions never exceed the responder's DataTransferSize */
static void spdm_test_auth_portions(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->data_transfer_size = 64;
	t->rsp->max_spdm_msg_size = 64;
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_LE(test, t->rsp->last_cert_length, 64 - 8);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, min_exchanges(t, 64 - 8));
	check_evidence(test, t, 0);

	/* A responder that sends less than asked: the loop follows it */
	spdm_test_responder_init(t->rsp, SPDM_VER_11);
	t->rsp->cert_portion_max = 100;
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->cert_requests,
			DIV_ROUND_UP(t->rsp->chain_len, 100));
	check_evidence(test, t, 0);
}

/* Well-formed OpaqueData passes, in every version that has a format */
static void spdm_test_auth_opaque(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	for (u8 ver = SPDM_VER_12; ver <= SPDM_VER_13; ver++) {
		spdm_test_responder_init(t->rsp, ver);
		t->rsp->opaque_valid = true;
		KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	}
	/* 1.1 has no format: any bytes within the bound */
	spdm_test_responder_init(t->rsp, SPDM_VER_11);
	t->rsp->opaque_len = 7;
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
}

/* Chains up to the 64 KiB limit, and one past it */
static void spdm_test_auth_large_chain(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	size_t len;

	t->rsp->chain_target = 65000;
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_GT(test, t->rsp->chain_len, 60000);
	KUNIT_EXPECT_LE(test, t->rsp->chain_len, 65000);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges,
			min_exchanges(t, SPDM_TEST_TRANSPORT_SZ - 8));
	KUNIT_EXPECT_NOT_NULL(test, spdm_cert_chain(t->spdm, 0, &len));
	KUNIT_EXPECT_EQ(test, len, t->rsp->chain_len);
	check_evidence(test, t, 0);

	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->chain_target = 67000;
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 0), -EPROTO);
	KUNIT_EXPECT_GT(test, t->rsp->chain_len, 65535);
	KUNIT_EXPECT_EQ(test, t->rsp->cert_requests, 1);
}

static void spdm_test_auth_slots(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->slots = BIT(0) | BIT(3) | BIT(7);
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 3, 0), 0);
	check_evidence(test, t, 3);
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 7, 0), 0);
	check_evidence(test, t, 7);
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 5, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), -ENOENT);
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 8, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 2), -EINVAL);
}

static void spdm_test_auth_summary(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct spdm_signed_evidence ev;

	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0,
						SPDM_MEAS_SUMMARY_TCB), 0);
	check_evidence(test, t, 0);
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0,
						SPDM_MEAS_SUMMARY_ALL), 0);
	check_evidence(test, t, 0);
	KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.meas_summary_len, 32);
	KUNIT_EXPECT_MEMEQ(test, ev.meas_summary, t->rsp->summary, 32);

	/* No measurements: no summary to ask for, and none asked */
	t->rsp->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL;
	t->rsp->meas_hash_sel = 0;
	t->rsp->meas_spec_sel = 0;
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0,
						SPDM_MEAS_SUMMARY_ALL), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->summary_sent, 0);
	KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.meas_summary_len, 0);
	KUNIT_EXPECT_NULL(test, ev.meas_summary);
}

static void spdm_test_auth_hostile(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const struct {
		const char *what;
		int err;
	} cases[] = {
		{ "no CHAL_CAP", -EOPNOTSUPP },
		{ "RemainderLength grows", -EPROTO },
		{ "chain header lies", -EBADMSG },
		{ "CHALLENGE_AUTH for another slot", -EPROTO },
		{ "BasicMutAuthReq", -EPROTO },
		{ "our nonce echoed", -EPROTO },
		{ "OpaqueDataLength 1025", -EPROTO },
		{ "bad signature", -EKEYREJECTED },
		{ "chain changes after DIGESTS", -EKEYREJECTED },
		{ "OpaqueData with no element", -EPROTO },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		spdm_test_responder_init(t->rsp, SPDM_VER_12);
		t->rsp->cert_portion_max = 200;
		switch (i) {
		case 0:
			t->rsp->caps = SPDM_CAP_CERT;
			t->rsp->meas_spec_sel = 0;
			t->rsp->meas_hash_sel = 0;
			break;
		case 1:
			t->rsp->cert_remainder_lie = 1;
			break;
		case 2:
			t->rsp->cert_chain_lie = 1;
			break;
		case 3:
			t->rsp->slots = BIT(0) | BIT(1);
			t->rsp->challenge_slot_lie = 1;
			break;
		case 4:
			t->rsp->mut_auth = true;
			break;
		case 5:
			t->rsp->echo_nonce = true;
			break;
		case 6:
			t->rsp->opaque_len = 1025;
			break;
		case 7:
			t->rsp->bad_signature = true;
			break;
		case 8:
			/* A CERTIFICATE byte flipped: digest no longer matches */
			t->rsp->fault_code = SPDM_GET_CERTIFICATE;
			t->rsp->fault_offset = 8 + 100;
			t->rsp->fault_xor = 0x01;
			break;
		case 9:
			t->rsp->opaque_len = 8;
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, spdm_authenticate(t->spdm, 0, 0),
				    cases[i].err, "%s", cases[i].what);
		KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm),
				-ENOENT);
	}
}

/*
 * Flip each byte of DIGESTS and CHALLENGE_AUTH, one at a time, and cut
 * CHALLENGE_AUTH at every length, or make it longer: authentication must
 * fail every time, and cleanly.
 */
static void spdm_test_auth_mutated(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u8 codes[] = { SPDM_GET_DIGESTS, SPDM_CHALLENGE };
	size_t lens[2];
	int rc;

	spdm_test_responder_init(t->rsp, SPDM_VER_13);
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	lens[0] = 4 + 32;
	lens[1] = 4 + 32 + 32 + 2 + 8 + 64;

	for (size_t c = 0; c < ARRAY_SIZE(codes); c++) {
		for (size_t off = 0; off < lens[c]; off++) {
			spdm_test_responder_init(t->rsp, SPDM_VER_13);
			t->rsp->fault_code = codes[c];
			t->rsp->fault_offset = off;
			t->rsp->fault_xor = 0x10;
			rc = spdm_authenticate(t->spdm, 0, 0);
			KUNIT_EXPECT_LT_MSG(test, rc, 0, "%s byte %zu",
					    spdm_request_name(codes[c]), off);
			KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm),
					-ENOENT);
		}
	}

	for (size_t len = 0; len < lens[1] + 8; len++) {
		/* What DOE may pad with is no malformation */
		if (len >= lens[1] && len <= ALIGN(lens[1], 4))
			continue;
		spdm_test_responder_init(t->rsp, SPDM_VER_13);
		t->rsp->no_padding = true;
		t->rsp->fault_code = SPDM_CHALLENGE;
		t->rsp->fault_len = len;
		rc = spdm_authenticate(t->spdm, 0, 0);
		KUNIT_EXPECT_TRUE_MSG(test, rc == -EMSGSIZE || rc == -EPROTO,
				      "CHALLENGE_AUTH of %zu bytes: %d", len, rc);
	}
}

/* Byte flips in every CERTIFICATE portion are caught by the digest */
static void spdm_test_auth_cert_mutated(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	int rc;

	for (size_t off = 0; off < 8 + 64; off++) {
		spdm_test_responder_init(t->rsp, SPDM_VER_12);
		t->rsp->cert_portion_max = 64;
		t->rsp->fault_code = SPDM_GET_CERTIFICATE;
		t->rsp->fault_offset = off;
		t->rsp->fault_xor = 0x04;
		rc = spdm_authenticate(t->spdm, 0, 0);
		KUNIT_EXPECT_LT_MSG(test, rc, 0, "CERTIFICATE byte %zu", off);
	}
}

/* RequestResynch: start over from GET_VERSION, once */
static void spdm_test_auth_resynch(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->resynch_code = SPDM_CHALLENGE;
	t->rsp->resynch_times = 1;
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	check_evidence(test, t, 0);
	/* The second round finds the chain cached */
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges,
			min_exchanges(t, SPDM_TEST_TRANSPORT_SZ - 8) + 5);

	/* For ever: give up after the one restart */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->resynch_code = SPDM_GET_DIGESTS;
	t->rsp->resynch_times = UINT_MAX;
	KUNIT_EXPECT_EQ(test, spdm_authenticate(t->spdm, 0, 0), -ECONNRESET);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 2 * 4);
}

/*
 * What spdm_confirm() compares against: the state of the authentication
 * just done, in buffers of the test's own
 */
static void identity_of(struct kunit *test, struct spdm_test_fixture *t,
			struct spdm_identity *id)
{
	const struct spdm_negotiated *neg = spdm_negotiated(t->spdm);
	struct spdm_signed_evidence ev;
	const u8 *chain;

	KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
	chain = spdm_cert_chain(t->spdm, 0, &id->chain_len);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	*id = (struct spdm_identity){
		.version = neg->version,
		.base_asym_alg = neg->base_asym_alg,
		.base_hash_alg = neg->base_hash_alg,
		.slot = 0,
		.chain = spdm_test_memdup(test, chain, id->chain_len, GFP_KERNEL),
		.chain_len = id->chain_len,
		.summary_type = SPDM_MEAS_SUMMARY_ALL,
		.meas_summary = spdm_test_memdup(test, ev.meas_summary,
						 ev.meas_summary_len, GFP_KERNEL),
		.meas_summary_len = ev.meas_summary_len,
	};
}

/*
 * The same device confirms in four exchanges (VCA and CHALLENGE) with
 * one signature and no certificate read, at every version, and the
 * evidence of the accepted authentication stays as it was
 */
static void spdm_test_confirm_same(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct spdm_signed_evidence ev;
	struct spdm_identity id;
	const u8 *m1, *vca;
	size_t m1_len, vca_len;

	for (unsigned int v = 0; v < ARRAY_SIZE(all_versions); v++) {
		spdm_test_responder_init(t->rsp, all_versions[v]);
		KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0,
							SPDM_MEAS_SUMMARY_ALL), 0);
		identity_of(test, t, &id);
		KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
		m1 = spdm_test_memdup(test, ev.transcript, ev.transcript_len,
				      GFP_KERNEL);
		m1_len = ev.transcript_len;
		vca = spdm_vca(t->spdm, &vca_len);
		vca = spdm_test_memdup(test, vca, vca_len, GFP_KERNEL);

		t->rsp->exchanges = 0;
		t->rsp->cert_requests = 0;
		KUNIT_EXPECT_EQ_MSG(test, spdm_confirm(t->spdm, &id), 0,
				    "version 0x%02x", all_versions[v]);
		KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 4);
		KUNIT_EXPECT_EQ(test, t->rsp->cert_requests, 0);
		KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), 0);
		/* The responder signed VCA, then CHALLENGE: nothing between */
		KUNIT_EXPECT_EQ(test, t->rsp->m1[t->rsp->vca_len + 1], SPDM_CHALLENGE);
		KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
		KUNIT_ASSERT_EQ(test, ev.transcript_len, m1_len);
		KUNIT_EXPECT_MEMEQ(test, ev.transcript, m1, m1_len);
		KUNIT_EXPECT_MEMEQ(test, spdm_vca(t->spdm, &vca_len), vca, vca_len);
	}
}

/* Each way a device can differ fails the check, and names how */
static void spdm_test_confirm_changed(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct spdm_identity id;
	u8 *chain;
	size_t len;

	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, SPDM_MEAS_SUMMARY_ALL), 0);
	identity_of(test, t, &id);

	/* Different measurements: a different summary hash */
	t->rsp->meas_salt = 1;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -EKEYREJECTED);
	KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), -ENOENT);
	t->rsp->meas_salt = 0;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), 0);

	/* A responder that no longer answers */
	t->rsp->transport_err = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), -ENOENT);
	t->rsp->transport_err = 0;

	/* The same chain shown, but signed with another key */
	chain = kunit_kzalloc(test, t->rsp->chain_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	memcpy(chain, t->rsp->chain, t->rsp->chain_len);
	len = t->rsp->chain_len;
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(t->rsp, t->rsp->asym), 0);
	memcpy(t->rsp->chain, chain, len);
	t->rsp->chain_len = len;
	t->rsp->exchanges = 0;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -EKEYREJECTED);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 4);

	/* Another chain (a new key with its own certificate) */
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(t->rsp, t->rsp->asym), 0);
	t->rsp->cert_requests = 0;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -EKEYREJECTED);
	KUNIT_EXPECT_EQ(test, t->rsp->cert_requests, 0);

	/* Other algorithms */
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(t->rsp,
							  SPDM_ASYM_ECDSA_ECC_NIST_P256), 0);
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -EKEYREJECTED);
	KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), -ENOENT);

	/* Nonsense in, -EINVAL out, without a word to the device */
	t->rsp->exchanges = 0;
	id.summary_type = SPDM_MEAS_SUMMARY_NONE;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -EINVAL);
	id.summary_type = SPDM_MEAS_SUMMARY_ALL;
	id.slot = 8;
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, &id), -EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_confirm(t->spdm, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 0);
}

static struct kunit_case spdm_auth_test_cases[] = {
	KUNIT_CASE(spdm_test_auth_resynch),
	KUNIT_CASE_SLOW(spdm_test_auth_matrix),
	KUNIT_CASE_SLOW(spdm_test_auth_rsa),
	KUNIT_CASE(spdm_test_auth_exchanges),
	KUNIT_CASE(spdm_test_auth_portions),
	KUNIT_CASE(spdm_test_auth_opaque),
	KUNIT_CASE(spdm_test_auth_large_chain),
	KUNIT_CASE(spdm_test_auth_slots),
	KUNIT_CASE(spdm_test_auth_summary),
	KUNIT_CASE(spdm_test_auth_hostile),
	KUNIT_CASE_SLOW(spdm_test_auth_mutated),
	KUNIT_CASE(spdm_test_auth_cert_mutated),
	KUNIT_CASE(spdm_test_confirm_same),
	KUNIT_CASE(spdm_test_confirm_changed),
	{}
};

static struct kunit_suite spdm_auth_test_suite = {
	.name = "spdm_auth",
	.init = spdm_test_fixture_init,
	.exit = spdm_test_fixture_exit,
	.test_cases = spdm_auth_test_cases,
};

kunit_test_suite(spdm_auth_test_suite);
