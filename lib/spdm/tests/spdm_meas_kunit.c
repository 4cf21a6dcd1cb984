// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for signed SPDM measurements against the test responder
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

static const u8 test_nonce[SPDM_NONCE_SIZE] __nonstring =
	"a verifier's nonce, 32 bytes ...";

static void auth(struct kunit *test, struct spdm_test_fixture *t, u8 version)
{
	spdm_test_responder_init(t->rsp, version);
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	t->rsp->exchanges = 0;
}

/* The blocks the test responder sends for @index */
static void check_block(struct kunit *test, struct spdm_test_fixture *t,
			const struct spdm_meas_block *b, u8 index)
{
	bool raw = index == t->rsp->nr_meas;

	KUNIT_EXPECT_EQ(test, b->index, index);
	KUNIT_EXPECT_EQ(test, b->spec, SPDM_MEAS_SPEC_DMTF);
	KUNIT_EXPECT_EQ(test, b->value_type,
			raw ? SPDM_MEAS_VALUE_RAW | 0x02 : 0x01);
	KUNIT_EXPECT_EQ(test, b->value_size, raw ? 8 : 48);
	KUNIT_EXPECT_EQ(test, b->raw_len, 4 + 3 + b->value_size);
	KUNIT_ASSERT_NOT_NULL(test, b->value);
	KUNIT_EXPECT_EQ(test, b->value[0], index);
	KUNIT_EXPECT_EQ(test, b->value[b->value_size - 1], index);
}

static void check_signed(struct kunit *test, struct spdm_test_fixture *t)
{
	struct spdm_signed_evidence ev;

	KUNIT_ASSERT_EQ(test, spdm_last_signed(t->spdm, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.request_code, SPDM_GET_MEASUREMENTS);
	KUNIT_EXPECT_MEMEQ(test, ev.req_nonce, test_nonce, SPDM_NONCE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, t->rsp->last_meas_nonce, test_nonce,
			   SPDM_NONCE_SIZE);
	/* Exactly the bytes the responder signed */
	KUNIT_ASSERT_EQ(test, ev.transcript_len, t->rsp->signed_len);
	KUNIT_EXPECT_MEMEQ(test, ev.transcript, t->rsp->l1, ev.transcript_len);
	KUNIT_EXPECT_NULL(test, ev.meas_summary);
}

static const u8 all_versions[] = {
	SPDM_VER_10, SPDM_VER_11, SPDM_VER_12, SPDM_VER_13,
};

static void spdm_test_meas_all(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;

	for (size_t v = 0; v < ARRAY_SIZE(all_versions); v++) {
		const struct spdm_meas_block *b;
		unsigned int nr;

		auth(test, t, all_versions[v]);
		KUNIT_ASSERT_EQ_MSG(test, spdm_get_measurements(t->spdm,
								test_nonce,
								NULL, 0),
				    0, "version 0x%02x", all_versions[v]);
		KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 1);
		b = spdm_measurements(t->spdm, &nr);
		KUNIT_ASSERT_NOT_NULL(test, b);
		KUNIT_ASSERT_EQ(test, nr, 4);
		for (unsigned int i = 0; i < nr; i++)
			check_block(test, t, &b[i], i + 1);
		check_signed(test, t);
		/* 1.2+ sign VCA too: the signed bytes start with it */
		KUNIT_EXPECT_EQ(test, t->rsp->l1[1],
				all_versions[v] >= SPDM_VER_12 ?
				SPDM_GET_VERSION : SPDM_GET_MEASUREMENTS);
	}
}

static void spdm_test_meas_indices(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u8 indices[] = { 3, 1, 4 };
	const struct spdm_meas_block *b;
	unsigned int nr;

	for (size_t v = 0; v < ARRAY_SIZE(all_versions); v++) {
		auth(test, t, all_versions[v]);
		KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    indices,
							    ARRAY_SIZE(indices)),
				0);
		/* One exchange per index; one signature covering them all */
		KUNIT_EXPECT_EQ(test, t->rsp->exchanges, ARRAY_SIZE(indices));
		b = spdm_measurements(t->spdm, &nr);
		KUNIT_ASSERT_NOT_NULL(test, b);
		KUNIT_ASSERT_EQ(test, nr, ARRAY_SIZE(indices));
		for (unsigned int i = 0; i < nr; i++)
			check_block(test, t, &b[i], indices[i]);
		check_signed(test, t);
	}
}

static void spdm_test_meas_args(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const u8 zero[] = { 0 }, all[] = { 0xff };
	unsigned int nr;

	/* Not authenticated yet */
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, NULL, 0),
			-EINVAL);
	auth(test, t, SPDM_VER_12);
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, NULL, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, zero, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, all, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, zero, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, t->rsp->exchanges, 0);
	KUNIT_EXPECT_NULL(test, spdm_measurements(t->spdm, &nr));

	/* A device that measures but cannot sign */
	spdm_test_responder_init(t->rsp, SPDM_VER_12);
	t->rsp->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL |
		       FIELD_PREP(SPDM_CAP_MEAS, SPDM_CAP_MEAS_UNSIGNED);
	KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce, NULL, 0),
			-EOPNOTSUPP);

	/* An index the device does not have */
	auth(test, t, SPDM_VER_12);
	KUNIT_EXPECT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
						    (const u8[]){ 9 }, 1),
			-EINVAL);
}

static void spdm_test_meas_hostile(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const struct {
		const char *what;
		int err;
	} cases[] = {
		{ "record longer than the message", -EMSGSIZE },
		/* What follows is then read off by one: either error fits */
		{ "record one byte short", 0 },
		{ "NumberOfBlocks too high", -EPROTO },
		{ "NumberOfBlocks too low", -EPROTO },
		{ "block longer than the record", -EPROTO },
		{ "another slot signed", -EPROTO },
		{ "ContentChanged when unsigned", -EPROTO },
		{ "bad signature", -EKEYREJECTED },
		{ "another index than asked", -EPROTO },
		{ "a block with index 0", -EPROTO },
	};
	static const u8 one[] = { 2 }, two[] = { 1, 2 };
	unsigned int nr;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const u8 *idx = NULL;
		unsigned int n = 0;

		auth(test, t, SPDM_VER_12);
		switch (i) {
		case 0:
			t->rsp->meas_len_lie = 4096;
			break;
		case 1:
			t->rsp->meas_len_lie = -1;
			break;
		case 2:
			t->rsp->meas_count_lie = 1;
			break;
		case 3:
			t->rsp->meas_count_lie = -1;
			break;
		case 4:
			t->rsp->meas_block_lie = 1000;
			break;
		case 5:
			t->rsp->meas_slot_lie = 1;
			break;
		case 6:
			t->rsp->meas_changed = true;
			idx = two;
			n = 2;
			break;
		case 7:
			t->rsp->bad_signature = true;
			break;
		case 8:
			t->rsp->meas_index_lie = 1;
			idx = one;
			n = 1;
			break;
		case 9:
			t->rsp->meas_index_lie = -1;
			break;
		}
		rc = spdm_get_measurements(t->spdm, test_nonce, idx, n);
		if (cases[i].err)
			KUNIT_EXPECT_EQ_MSG(test, rc, cases[i].err, "%s",
					    cases[i].what);
		else
			KUNIT_EXPECT_TRUE_MSG(test,
					      rc == -EMSGSIZE || rc == -EPROTO,
					      "%s: %d", cases[i].what, rc);
		KUNIT_EXPECT_NULL(test, spdm_measurements(t->spdm, &nr));
	}
}

/* Every byte of a signed MEASUREMENTS flipped: never accepted */
static void spdm_test_meas_mutated(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	/* 1.3, P-256: header, 1 block of 4+3+48, nonce, opaque, ctx, sig */
	size_t len = 8 + 55 + 32 + 2 + 8 + 64;
	static const u8 one[] = { 1 };
	unsigned int nr;
	int rc;

	for (size_t off = 0; off < len; off++) {
		auth(test, t, SPDM_VER_13);
		t->rsp->fault_code = SPDM_GET_MEASUREMENTS;
		t->rsp->fault_offset = off;
		t->rsp->fault_xor = 0x01;
		rc = spdm_get_measurements(t->spdm, test_nonce, one, 1);
		KUNIT_EXPECT_LT_MSG(test, rc, 0, "byte %zu", off);
		KUNIT_EXPECT_NULL(test, spdm_measurements(t->spdm, &nr));
	}
	for (size_t cut = 0; cut < len + 8; cut++) {
		if (cut >= len && cut <= ALIGN(len, 4))
			continue;
		auth(test, t, SPDM_VER_13);
		t->rsp->no_padding = true;
		t->rsp->fault_code = SPDM_GET_MEASUREMENTS;
		t->rsp->fault_len = cut;
		rc = spdm_get_measurements(t->spdm, test_nonce, one, 1);
		KUNIT_EXPECT_TRUE_MSG(test, rc == -EMSGSIZE || rc == -EPROTO,
				      "cut to %zu: %d", cut, rc);
	}
}

static void spdm_test_meas_parse_record(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct spdm_meas_block blocks[2];
	/* A non-DMTF block: opaque to us, but bounded */
	static const u8 vendor[] = { 5, 0x00, 2, 0, 0xaa, 0xbb };
	static const u8 short_dmtf[] = { 5, 0x01, 2, 0, 0x01, 0x00 };

	auth(test, t, SPDM_VER_12);
	KUNIT_EXPECT_EQ(test, spdm_parse_meas_record(t->spdm, vendor,
						     sizeof(vendor), 1, blocks),
			0);
	KUNIT_EXPECT_NULL(test, blocks[0].value);
	KUNIT_EXPECT_EQ(test, blocks[0].raw_len, sizeof(vendor));
	KUNIT_EXPECT_EQ(test, spdm_parse_meas_record(t->spdm, vendor,
						     sizeof(vendor) - 1, 1,
						     blocks),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, spdm_parse_meas_record(t->spdm, vendor, 3, 1,
						     blocks),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, spdm_parse_meas_record(t->spdm, short_dmtf,
						     sizeof(short_dmtf), 1,
						     blocks),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, spdm_parse_meas_record(t->spdm, vendor, 0, 0,
						     blocks),
			0);
}

/* Measurements larger than the transport carries come in chunks (1.2+) */
static void spdm_test_meas_chunked(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	const struct spdm_meas_block *b;
	unsigned int nr;

	for (u8 ver = SPDM_VER_12; ver <= SPDM_VER_13; ver++) {
		spdm_test_responder_init(t->rsp, ver);
		t->rsp->caps |= SPDM_CAP_CHUNK;
		t->rsp->max_spdm_msg_size = 65536;
		t->rsp->nr_meas = 40;		/* about 2.2 KB of blocks */
		KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
		t->rsp->chunk_requests = 0;
		KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    NULL, 0), 0);
		KUNIT_EXPECT_EQ(test, t->rsp->chunk_requests,
				DIV_ROUND_UP(t->rsp->large_len + 4,
					     SPDM_TEST_TRANSPORT_SZ - 12));
		b = spdm_measurements(t->spdm, &nr);
		KUNIT_ASSERT_NOT_NULL(test, b);
		KUNIT_ASSERT_EQ(test, nr, 40);
		for (unsigned int i = 0; i < nr; i++)
			check_block(test, t, &b[i], i + 1);
		check_signed(test, t);

		/* Small chunks: many of them, same result */
		t->rsp->chunk_max = 100;
		t->rsp->chunk_requests = 0;
		KUNIT_ASSERT_EQ(test, spdm_get_measurements(t->spdm, test_nonce,
							    NULL, 0), 0);
		KUNIT_EXPECT_EQ(test, t->rsp->chunk_requests,
				DIV_ROUND_UP(t->rsp->large_len, 100));
	}
}

static void spdm_test_meas_chunk_hostile(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	static const char * const what[] = {
		"ChunkSize beyond the message", "ChunkSize past the total",
		"wrong sequence number", "total shrinks below what was sent",
		"total grows past what we take", "never the last chunk",
	};
	unsigned int nr;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(what); i++) {
		spdm_test_responder_init(t->rsp, SPDM_VER_12);
		t->rsp->caps |= SPDM_CAP_CHUNK;
		t->rsp->max_spdm_msg_size = 65536;
		t->rsp->nr_meas = 40;
		KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0, 0), 0);
		switch (i) {
		case 0:
			t->rsp->chunk_size_lie = 5000;
			break;
		case 1:
			t->rsp->chunk_max = 100;
			t->rsp->chunk_size_lie = -1;
			break;
		case 2:
			t->rsp->chunk_seq_lie = 1;
			break;
		case 3:
			t->rsp->chunk_total_lie = -2000;
			break;
		case 4:
			t->rsp->chunk_total_lie = 70000;
			break;
		case 5:
			t->rsp->chunk_never_last = true;
			break;
		}
		t->rsp->chunk_requests = 0;
		rc = spdm_get_measurements(t->spdm, test_nonce, NULL, 0);
		KUNIT_EXPECT_EQ_MSG(test, rc, -EPROTO, "%s", what[i]);
		KUNIT_EXPECT_NULL(test, spdm_measurements(t->spdm, &nr));
		/* Never more requests than chunks of one byte could need */
		KUNIT_EXPECT_LE(test, t->rsp->chunk_requests, 100);
	}
}

static struct kunit_case spdm_meas_test_cases[] = {
	KUNIT_CASE(spdm_test_meas_chunked),
	KUNIT_CASE(spdm_test_meas_chunk_hostile),
	KUNIT_CASE(spdm_test_meas_all),
	KUNIT_CASE(spdm_test_meas_indices),
	KUNIT_CASE(spdm_test_meas_args),
	KUNIT_CASE(spdm_test_meas_hostile),
	KUNIT_CASE_SLOW(spdm_test_meas_mutated),
	KUNIT_CASE(spdm_test_meas_parse_record),
	{}
};

static struct kunit_suite spdm_meas_test_suite = {
	.name = "spdm_meas",
	.init = spdm_test_fixture_init,
	.exit = spdm_test_fixture_exit,
	.test_cases = spdm_meas_test_cases,
};

kunit_test_suite(spdm_meas_test_suite);
