// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SPDM version, capabilities and algorithms negotiation,
 * and for the exchange engine under Busy, ResponseNotReady and transport
 * failures
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

/* Exact VCA size for a responder that sends one version entry */
static size_t vca_len(u8 version, unsigned int nr_alg_structs)
{
	size_t caps_req = version == SPDM_VER_10 ? 4 :
			  version == SPDM_VER_11 ? 12 : 20;
	size_t caps_rsp = version >= SPDM_VER_12 ? 20 : 12;
	/* From 1.1 on we offer DHE, AEAD and key schedule structures */
	size_t algs_req = 32 + (version >= SPDM_VER_11 ? 3 * 4 : 0);

	return 4 + 8 + caps_req + caps_rsp + algs_req + 36 + 4 * nr_alg_structs;
}

static const u8 all_versions[] = {
	SPDM_VER_10, SPDM_VER_11, SPDM_VER_12, SPDM_VER_13
};

static void spdm_test_each_version(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	for (size_t i = 0; i < ARRAY_SIZE(all_versions); i++) {
		u8 ver = all_versions[i];
		const struct spdm_negotiated *neg;
		const u8 *vca;
		size_t len;

		spdm_test_responder_init(t->rsp, ver);
		KUNIT_ASSERT_EQ_MSG(test, spdm_negotiate(t->spdm), 0,
				    "version 0x%02x", ver);
		neg = spdm_negotiated(t->spdm);
		KUNIT_ASSERT_NOT_NULL(test, neg);
		KUNIT_EXPECT_EQ(test, neg->version, ver);
		KUNIT_EXPECT_EQ(test, neg->rsp_ct_exponent, 12);
		KUNIT_EXPECT_TRUE(test, neg->rsp_caps & SPDM_CAP_CHAL);
		/* One of each: the first one offered */
		KUNIT_EXPECT_TRUE(test, is_power_of_2(neg->base_asym_alg));
		KUNIT_EXPECT_EQ(test, neg->base_hash_alg, SPDM_HASH_SHA_256);
		KUNIT_EXPECT_EQ(test, neg->meas_hash_alg,
				SPDM_MEAS_HASH_SHA_384);
		KUNIT_EXPECT_EQ(test, neg->opaque_fmt,
				ver >= SPDM_VER_12 ? SPDM_OPAQUE_FMT_1 : 0);
		if (ver >= SPDM_VER_12)
			KUNIT_EXPECT_EQ(test, neg->rsp_data_transfer_size, 1024);
		/* The protocol minimum: three exchanges */
		KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 3);

		/* VCA holds the exact messages, without DOE padding */
		vca = spdm_vca(t->spdm, &len);
		KUNIT_ASSERT_NOT_NULL(test, vca);
		KUNIT_EXPECT_EQ(test, len, vca_len(ver, 0));
		KUNIT_EXPECT_EQ(test, vca[0], SPDM_VER_10);
		KUNIT_EXPECT_EQ(test, vca[1], SPDM_GET_VERSION);
		KUNIT_EXPECT_EQ(test, vca[5], 0x04);	/* VERSION */
		KUNIT_EXPECT_EQ(test, vca[13], SPDM_GET_CAPABILITIES);
		KUNIT_EXPECT_EQ(test, vca[12], ver);
	}
}

static void spdm_test_offer(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	u32 asym = spdm_supported_asym();

	/* KUnit config enables ECDSA and RSA: both must be offered */
	KUNIT_EXPECT_TRUE(test, asym & SPDM_ASYM_ECDSA_ECC_NIST_P256);
	KUNIT_EXPECT_TRUE(test, asym & SPDM_ASYM_ECDSA_ECC_NIST_P384);
	KUNIT_EXPECT_TRUE(test, asym & SPDM_ASYM_RSASSA_3072);
	KUNIT_EXPECT_TRUE(test, asym & SPDM_ASYM_RSAPSS_3072);

	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->last_offered_asym, asym);
	KUNIT_EXPECT_EQ(test, t->rsp->last_offered_hash,
			SPDM_HASH_SHA_256 | SPDM_HASH_SHA_384 |
			SPDM_HASH_SHA_512);
}

static void spdm_test_highest_common(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u16 entries[] = { 0x1100, 0x1310, 0x1400, 0x2000, 0x1000 };

	memcpy(t->rsp->versions, entries, sizeof(entries));
	t->rsp->nr_versions = ARRAY_SIZE(entries);
	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->version, SPDM_VER_13);
}

static void spdm_test_no_common_version(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u16 entries[] = { 0x1400, 0x2000, 0x0900, 0x1400 };
	size_t len;

	memcpy(t->rsp->versions, entries, sizeof(entries));
	t->rsp->nr_versions = ARRAY_SIZE(entries);
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);
	KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
	KUNIT_EXPECT_NULL(test, spdm_vca(t->spdm, &len));
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 1);
}

static void spdm_test_version_count(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	/* No entries at all: padded to a dword, 8 bytes, but none to use */
	t->rsp->nr_versions = 0;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);
	t->rsp->no_padding = true;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EMSGSIZE);

	/* A count that claims more entries than were sent */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->no_padding = true;
	t->rsp->version_count_lie = 2;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EMSGSIZE);

	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->version_count_lie = 255;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EMSGSIZE);
	KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
}

/* A later negotiation starts over: VCA never grows across connections */
static void spdm_test_renegotiate(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	size_t len;

	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	spdm_test_responder_init(t->rsp, SPDM_VER_11);
	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->version, SPDM_VER_11);
	KUNIT_EXPECT_NOT_NULL(test, spdm_vca(t->spdm, &len));
	KUNIT_EXPECT_EQ(test, len, vca_len(SPDM_VER_11, 0));

	/* A failed negotiation leaves no connection behind */
	t->rsp->caps |= SPDM_CAP_PUB_KEY_ID;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);
	KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
}

static const struct {
	u8 version;
	u32 caps;
	bool ok;
} caps_cases[] = {
	{ SPDM_VER_10, SPDM_CAP_CERT | SPDM_CAP_CHAL, true },
	{ SPDM_VER_10, FIELD_PREP_CONST(SPDM_CAP_MEAS, 3), false },
	{ SPDM_VER_10, SPDM_CAP_MEAS_FRESH, false },
	{ SPDM_VER_10, FIELD_PREP_CONST(SPDM_CAP_MEAS, 2), false },
	{ SPDM_VER_11, SPDM_CAP_KEY_EX | SPDM_CAP_CERT | SPDM_CAP_CHAL, false },
	{ SPDM_VER_11, SPDM_CAP_KEY_EX | SPDM_CAP_MAC | SPDM_CAP_CERT, true },
	{ SPDM_VER_11, FIELD_PREP_CONST(SPDM_CAP_PSK, 3) | SPDM_CAP_MAC, false },
	{ SPDM_VER_11, SPDM_CAP_MAC | SPDM_CAP_CERT | SPDM_CAP_CHAL, false },
	{ SPDM_VER_11, SPDM_CAP_CERT | SPDM_CAP_PUB_KEY_ID, false },
	{ SPDM_VER_11, SPDM_CAP_MUT_AUTH | SPDM_CAP_CERT, false },
	{ SPDM_VER_11, FIELD_PREP_CONST(SPDM_CAP_PSK, 1) | SPDM_CAP_MAC |
		       SPDM_CAP_HANDSHAKE_IN_THE_CLEAR, false },
	{ SPDM_VER_12, SPDM_CAP_ALIAS_CERT, false },
	{ SPDM_VER_12, SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_CSR, false },
	{ SPDM_VER_12, SPDM_CAP_CERT | SPDM_CAP_CHAL |
		       SPDM_CAP_CERT_INSTALL_RESET, false },
	{ SPDM_VER_12, SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_SET_CERT |
		       SPDM_CAP_CSR | SPDM_CAP_CERT_INSTALL_RESET, true },
	{ SPDM_VER_13, SPDM_CAP_CERT | SPDM_CAP_CHAL |
		       FIELD_PREP_CONST(SPDM_CAP_EP_INFO, 3), false },
	{ SPDM_VER_13, SPDM_CAP_CERT | SPDM_CAP_CHAL |
		       FIELD_PREP_CONST(SPDM_CAP_MULTI_KEY, 3), false },
	{ SPDM_VER_13, SPDM_CAP_CERT | SPDM_CAP_CHAL |
		       FIELD_PREP_CONST(SPDM_CAP_MULTI_KEY, 1), false },
	{ SPDM_VER_13, SPDM_CAP_CERT | SPDM_CAP_CHAL |
		       FIELD_PREP_CONST(SPDM_CAP_MULTI_KEY, 1) |
		       SPDM_CAP_GET_KEY_PAIR_INFO, true },
};

static void spdm_test_caps_consistency(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	for (size_t i = 0; i < ARRAY_SIZE(caps_cases); i++) {
		spdm_test_responder_init(t->rsp, caps_cases[i].version);
		t->rsp->caps = caps_cases[i].caps;
		KUNIT_EXPECT_EQ_MSG(test, spdm_negotiate(t->spdm),
				    caps_cases[i].ok ? 0 : -EPROTO,
				    "case %zu: version 0x%02x flags 0x%08x", i,
				    caps_cases[i].version, caps_cases[i].caps);
	}
}

static void spdm_test_caps_sizes(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->data_transfer_size = 41;
	t->rsp->max_spdm_msg_size = 41;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);

	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->max_spdm_msg_size = 512;	/* below DataTransferSize */
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);

	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->max_spdm_msg_size = 4096;	/* differs, and no CHUNK_CAP */
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);

	spdm_test_responder_init(t->rsp, SPDM_VER_13);
	t->rsp->data_transfer_size = 44;	/* legal, but below our requests */
	t->rsp->max_spdm_msg_size = 44;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EOPNOTSUPP);

	spdm_test_responder_init(t->rsp, SPDM_VER_13);
	t->rsp->ct_exponent = 32;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);

	/* 1.1 has no sizes: the transport's size stands in for them */
	spdm_test_responder_init(t->rsp, SPDM_VER_11);
	t->rsp->data_transfer_size = 1;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->rsp_data_transfer_size,
			SPDM_TEST_TRANSPORT_SZ);
}

static void spdm_test_algorithm_selection(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const struct {
		u32 asym, hash, meas_hash;
		u8 meas_spec, opaque;
	} bad[] = {
		{ .asym = BIT(10) },			/* EdDSA: never offered */
		{ .asym = SPDM_ASYM_ECDSA_ECC_NIST_P256 |
			  SPDM_ASYM_ECDSA_ECC_NIST_P384 },
		{ .asym = BIT(9) },
		{ .hash = SPDM_HASH_SHA_256 | SPDM_HASH_SHA_384 },
		{ .hash = BIT(3) },			/* SHA3-256 */
		{ .meas_hash = BIT(9) },
		{ .meas_hash = SPDM_MEAS_HASH_SHA_256 | SPDM_MEAS_HASH_RAW },
		{ .meas_spec = BIT(1) },
		{ .opaque = SPDM_OPAQUE_FMT_0 },	/* never offered */
		{ .opaque = SPDM_OPAQUE_FMT_0 | SPDM_OPAQUE_FMT_1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		spdm_test_responder_init(t->rsp, SPDM_VER_12);
		t->rsp->asym_sel = bad[i].asym;
		t->rsp->hash_sel = bad[i].hash;
		if (bad[i].meas_hash)
			t->rsp->meas_hash_sel = bad[i].meas_hash;
		if (bad[i].meas_spec)
			t->rsp->meas_spec_sel = bad[i].meas_spec;
		if (bad[i].opaque)
			t->rsp->opaque_sel = bad[i].opaque;
		KUNIT_EXPECT_EQ_MSG(test, spdm_negotiate(t->spdm), -EPROTO,
				    "case %zu", i);
		KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
	}

	/* A responder without measurements selects no measurement algorithm */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL;
	t->rsp->meas_hash_sel = 0;
	t->rsp->meas_spec_sel = 0;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), 0);

	/* ... or selects them anyway, as libspdm does: they are ignored */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL;
	t->rsp->force_meas_algs = true;
	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->meas_hash_alg, 0);
	KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->meas_spec, 0);

	/* Well-formed algorithm structures we did not ask for are ignored */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->nr_alg_structs = 4;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_NOT_NULL(test, spdm_vca(t->spdm, &(size_t){0}));
}

/* Cut every response short, at every length: never a success */
static void spdm_test_truncated(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const struct {
		u8 code;
		size_t len;
	} msgs[] = {
		{ SPDM_GET_VERSION, 8 },
		{ SPDM_GET_CAPABILITIES, 20 },
		{ SPDM_NEGOTIATE_ALGORITHMS, 36 },
	};

	for (size_t m = 0; m < ARRAY_SIZE(msgs); m++) {
		for (size_t len = 0; len < msgs[m].len; len++) {
			int rc;

			spdm_test_responder_init(t->rsp, SPDM_VER_12);
			t->rsp->no_padding = true;
			t->rsp->fault_code = msgs[m].code;
			t->rsp->fault_len = len;
			rc = spdm_negotiate(t->spdm);
			KUNIT_EXPECT_TRUE_MSG(test, rc == -EMSGSIZE || rc == -EPROTO,
					      "%s cut to %zu bytes: %d",
					      spdm_request_name(msgs[m].code),
					      len, rc);
			KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
		}
	}
}

/*
 * Flip every byte of every response. The header bytes and every length,
 * count and selection must make negotiation fail; reserved bytes may
 * pass, but then the VCA must carry the flipped byte, so that the
 * signature over the transcript will not verify.
 */
static void spdm_test_mutated(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const struct {
		u8 code;
		size_t len;
		size_t vca_off;
	} msgs[] = {
		{ SPDM_GET_VERSION, 8, 4 },
		{ SPDM_GET_CAPABILITIES, 20, 4 + 8 + 20 },
		{ SPDM_NEGOTIATE_ALGORITHMS, 36, 4 + 8 + 20 + 20 + 32 + 12 },
	};
	u8 *baseline;
	size_t base_len;

	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	baseline = spdm_test_memdup(test, spdm_vca(t->spdm, &base_len),
				    vca_len(SPDM_VER_12, 0), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, baseline);
	KUNIT_ASSERT_EQ(test, base_len, vca_len(SPDM_VER_12, 0));

	for (size_t m = 0; m < ARRAY_SIZE(msgs); m++) {
		for (size_t off = 0; off < msgs[m].len; off++) {
			size_t pos = msgs[m].vca_off + off;
			const u8 *vca;
			size_t len;
			int rc;

			spdm_test_responder_init(t->rsp, SPDM_VER_12);
			t->rsp->fault_code = msgs[m].code;
			t->rsp->fault_offset = off;
			t->rsp->fault_xor = 0xff;
			rc = spdm_negotiate(t->spdm);
			if (off < 2)
				KUNIT_EXPECT_LT_MSG(test, rc, 0, "%s byte %zu",
						    spdm_request_name(msgs[m].code),
						    off);
			if (rc) {
				KUNIT_EXPECT_TRUE(test, rc == -EPROTO ||
						  rc == -EMSGSIZE);
				KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
				continue;
			}
			vca = spdm_vca(t->spdm, &len);
			KUNIT_ASSERT_NOT_NULL(test, vca);
			KUNIT_ASSERT_EQ(test, len, base_len);
			KUNIT_EXPECT_EQ_MSG(test, vca[pos], baseline[pos] ^ 0xff,
					    "%s byte %zu accepted but not kept",
					    spdm_request_name(msgs[m].code), off);
		}
	}
}

static void spdm_test_busy(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->busy = 2;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 3 + 2);

	/* Busy for ever: give up after the bounded retries */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->busy = UINT_MAX;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EBUSY);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 1 + SPDM_BUSY_RETRIES);
}

/* ResponseNotReady is no answer to GET_VERSION */
static void spdm_test_not_ready_version(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->not_ready = 1;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EPROTO);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 1);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 0);
}

static ssize_t not_ready_after_version(void *priv, struct device *dev,
				       const void *req, size_t req_sz,
				       void *rsp_buf, size_t rsp_sz)
{
	struct spdm_test_responder *rsp = priv;
	const struct spdm_header *hdr = req;

	/* Arm the fault when GET_CAPABILITIES first arrives */
	if (hdr->code == SPDM_GET_CAPABILITIES && rsp->fault_offset == -2) {
		rsp->fault_offset = -1;
		rsp->not_ready = rsp->fault_len;
		rsp->fault_len = -1;
	}
	return spdm_test_transport(priv, dev, req, req_sz, rsp_buf, rsp_sz);
}

static int negotiate_not_ready_in(struct kunit *test,
				  struct spdm_test_fixture *t,
				  unsigned int times, u8 rdt_exponent, u8 code,
				  unsigned int timeout_ms)
{
	struct spdm_state *spdm;
	int rc;

	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->rdt_exponent = rdt_exponent;
	t->rsp->not_ready_code = code;
	t->rsp->fault_offset = -2;
	t->rsp->fault_len = times;
	spdm = spdm_create(t->spdm->dev, not_ready_after_version, t->rsp,
			   SPDM_TEST_TRANSPORT_SZ);
	KUNIT_ASSERT_NOT_NULL(test, spdm);
	if (timeout_ms)
		spdm->op_timeout_ms = timeout_ms;
	rc = spdm_negotiate(spdm);
	spdm_destroy(spdm);
	return rc;
}

static int negotiate_not_ready(struct kunit *test, struct spdm_test_fixture *t,
			       unsigned int times, u8 rdt_exponent, u8 code)
{
	return negotiate_not_ready_in(test, t, times, rdt_exponent, code, 0);
}

static void spdm_test_respond_if_ready(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	KUNIT_EXPECT_EQ(test, negotiate_not_ready(test, t, 2, 4, 0), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 2);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 3 + 2);

	/* Not ready for ever: -ETIMEDOUT after the bounded retries */
	KUNIT_EXPECT_EQ(test, negotiate_not_ready(test, t, UINT_MAX, 0, 0),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, SPDM_NOT_READY_RETRIES);

	/*
	 * Asks for a wait (2^26 us, 67 s) that would end past the 60 s
	 * deadline, or for more than the field's range: fails at once
	 */
	KUNIT_EXPECT_EQ(test, negotiate_not_ready(test, t, 1, 26, 0),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 0);
	/* Within a 1 s deadline: 2^19 us is waited, 2^20 us refused at once */
	KUNIT_EXPECT_EQ(test, negotiate_not_ready_in(test, t, 1, 19, 0, 1000),
			0);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 1);
	KUNIT_EXPECT_EQ(test, negotiate_not_ready_in(test, t, 1, 20, 0, 1000),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 0);
	KUNIT_EXPECT_EQ(test,
			negotiate_not_ready(test, t, 1,
					    SPDM_MAX_RDT_EXPONENT + 1, 0),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 0);

	/* Not ready for a request we did not send */
	KUNIT_EXPECT_EQ(test,
			negotiate_not_ready(test, t, 1, 0, SPDM_CHALLENGE),
			-EPROTO);
}

/* A device that keeps the requester waiting runs into the deadline */
static void spdm_test_op_timeout(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->spdm->op_timeout_ms = 20;
	t->rsp->busy = SPDM_BUSY_RETRIES;	/* 300 ms of Busy, then OK */
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -ETIMEDOUT);
	KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));

	/* The clock starts again with each operation */
	t->spdm->op_timeout_ms = SPDM_OP_TIMEOUT_MS;
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), 0);
}

/*
 * spdm_set_deadline() bounds every operation until cleared, below their
 * own timeout: a wait that the operation's timeout allows, the cap does
 * not; one in the past fails the next exchange at once
 */
static void spdm_test_deadline_cap(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct spdm_state *spdm = t->spdm;

	/* 2^19 us (0.5 s) of ResponseNotReady: fine within 60 s */
	t->rsp->rdt_exponent = 19;
	t->rsp->not_ready = 1;
	t->rsp->not_ready_on = SPDM_GET_CAPABILITIES;
	spdm_set_deadline(spdm, jiffies + msecs_to_jiffies(200));
	KUNIT_EXPECT_EQ(test, spdm_negotiate(spdm), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 0);

	/* Passed already: not one exchange more */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	spdm_set_deadline(spdm, jiffies - 1);
	KUNIT_EXPECT_EQ(test, spdm_negotiate(spdm), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 0);

	/* Cleared: each operation has its own timeout again */
	spdm_clear_deadline(spdm);
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->rdt_exponent = 19;
	t->rsp->not_ready = 1;
	t->rsp->not_ready_on = SPDM_GET_CAPABILITIES;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(spdm), 0);
	KUNIT_EXPECT_EQ(test, t->rsp->rif_received, 1);

	/* A generous cap changes nothing */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	spdm_set_deadline(spdm, jiffies + 60 * HZ);
	KUNIT_EXPECT_EQ(test, spdm_negotiate(spdm), 0);
	spdm_clear_deadline(spdm);
}

static void spdm_test_transport_errors(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	t->rsp->transport_err = -EIO;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EIO);
	t->rsp->transport_err = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -ETIMEDOUT);

	/* A transport that claims more bytes than the buffer holds */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->overrun = 1;
	KUNIT_EXPECT_EQ(test, spdm_negotiate(t->spdm), -EIO);
	KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
}

static void spdm_test_create(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct device *dev = kunit_device_register(test, "spdm-create");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_EXPECT_NULL(test, spdm_create(dev, spdm_test_transport, t->rsp,
					    SPDM_MIN_DATA_TRANSFER_SIZE - 1));
	/* Nothing negotiated yet */
	KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
	spdm_destroy(NULL);
}

static struct kunit_case spdm_negotiate_test_cases[] = {
	KUNIT_CASE(spdm_test_each_version),
	KUNIT_CASE(spdm_test_offer),
	KUNIT_CASE(spdm_test_highest_common),
	KUNIT_CASE(spdm_test_no_common_version),
	KUNIT_CASE(spdm_test_version_count),
	KUNIT_CASE(spdm_test_renegotiate),
	KUNIT_CASE(spdm_test_caps_consistency),
	KUNIT_CASE(spdm_test_caps_sizes),
	KUNIT_CASE(spdm_test_algorithm_selection),
	KUNIT_CASE(spdm_test_truncated),
	KUNIT_CASE(spdm_test_mutated),
	KUNIT_CASE(spdm_test_busy),
	KUNIT_CASE(spdm_test_not_ready_version),
	KUNIT_CASE(spdm_test_respond_if_ready),
	KUNIT_CASE(spdm_test_op_timeout),
	KUNIT_CASE(spdm_test_deadline_cap),
	KUNIT_CASE(spdm_test_transport_errors),
	KUNIT_CASE(spdm_test_create),
	{}
};

static struct kunit_suite spdm_negotiate_test_suite = {
	.name = "spdm_negotiate",
	.init = spdm_test_fixture_init,
	.exit = spdm_test_fixture_exit,
	.test_cases = spdm_negotiate_test_cases,
};

kunit_test_suite(spdm_negotiate_test_suite);
