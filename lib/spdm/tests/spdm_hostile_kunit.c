// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: one hostile responder per behaviour
 *
 * Each case makes the test responder misbehave in one way: a length
 * field at 0, 1, its maximum or one past the message; counts that would
 * overflow; nested lengths that disagree; a wrong response code; an
 * ERROR nobody asked for; choices never offered; a chain that is huge,
 * cut short or not what its header says; Busy and ResponseNotReady for
 * ever; chunks that never end or lie about themselves. Each asserts the
 * errno, a bounded number of exchanges, and a clean state: nothing
 * negotiated, authenticated or measured that the failure should have
 * cleared. Then the same context, with the responder behaving again,
 * must succeed, so that no failure leaves state behind that breaks the
 * next attempt. (lib/spdm's other suites test each step in depth; the
 * fuzz harness in tools/testing/spdm-fuzz looks for what this list
 * misses.)
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/spdm.h>
#include <linux/string.h>

#include "../spdm.h"
#include "spdm_test_responder.h"

static const u8 test_nonce[SPDM_NONCE_SIZE] __nonstring =
	"hostile responder test nonce 32";

enum spdm_hostile_op {
	OP_NEGOTIATE,	/* spdm_negotiate() */
	OP_AUTH,	/* spdm_authenticate(), summary of all measurements */
	OP_MEAS,	/* spdm_get_measurements() after an authentication */
};

/* A lie in one field: the responder's fault_* hooks */
struct spdm_hostile_field {
	u8 code;	/* the request whose response lies; 0 for none */
	int offset;	/* where the little-endian field starts */
	u8 size;	/* its size, 1 to 4 bytes */
	u32 value;	/* what it says instead */
	bool add;	/* value is added to what it said */
};

struct spdm_hostile_case {
	const char *name;
	u8 version;
	enum spdm_hostile_op op;
	struct spdm_hostile_field field;
	void (*setup)(struct spdm_test_responder *rsp);	/* other lies */
	int err;
	int err_alt;		/* also right, if nonzero */
	bool no_padding;	/* no DOE padding that would hide a lie */
	bool chunks;		/* measurements come in chunks */
};

/* Measurements come back in chunks of at most 100 bytes */
static void chunked(struct spdm_test_responder *rsp)
{
	rsp->caps |= SPDM_CAP_CHUNK;
	rsp->max_spdm_msg_size = 65536;
	rsp->nr_meas = 40;
	rsp->chunk_max = 100;
}

static void two_versions(struct spdm_test_responder *rsp)
{
	rsp->versions[1] = SPDM_VER_11 << 8;
	rsp->nr_versions = 2;
}

static void busy_forever(struct spdm_test_responder *rsp)
{
	rsp->busy = UINT_MAX;
}

static void caps_short(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_GET_CAPABILITIES;
	rsp->fault_len = 11;
}

static void four_alg_structs(struct spdm_test_responder *rsp)
{
	rsp->nr_alg_structs = 4;
}

static void algs_asym_not_offered(struct spdm_test_responder *rsp)
{
	rsp->asym_sel = BIT(15);
}

static void algs_two_hashes(struct spdm_test_responder *rsp)
{
	rsp->hash_sel = SPDM_HASH_SHA_256 | SPDM_HASH_SHA_384;
}

static void algs_meas_hash_not_offered(struct spdm_test_responder *rsp)
{
	rsp->meas_hash_sel = BIT(7);
}

static void cert_remainder_grows(struct spdm_test_responder *rsp)
{
	rsp->cert_portion_max = 200;
	rsp->cert_remainder_lie = 1;
}

static void cert_chain_header_lies(struct spdm_test_responder *rsp)
{
	rsp->cert_chain_lie = 1;
}

static void cert_huge(struct spdm_test_responder *rsp)
{
	rsp->chain_target = 67000;
}

static void cert_truncated(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_GET_CERTIFICATE;
	rsp->fault_len = 7;
}

static void challenge_truncated(struct spdm_test_responder *rsp)
{
	rsp->fault_code = SPDM_CHALLENGE;
	rsp->fault_len = 40;
}

static void challenge_opaque_1(struct spdm_test_responder *rsp)
{
	rsp->opaque_len = 1;
}

static void challenge_opaque_max(struct spdm_test_responder *rsp)
{
	rsp->opaque_len = U16_MAX;
}

static void challenge_not_ready_forever(struct spdm_test_responder *rsp)
{
	rsp->not_ready = UINT_MAX;
	rsp->not_ready_on = SPDM_CHALLENGE;
	rsp->rdt_exponent = 10;
}

static void challenge_busy_forever(struct spdm_test_responder *rsp)
{
	rsp->busy = UINT_MAX;
	rsp->busy_code = SPDM_CHALLENGE;
}

static void transport_overrun(struct spdm_test_responder *rsp)
{
	rsp->overrun = 1;
}

static void meas_record_one_past(struct spdm_test_responder *rsp)
{
	rsp->meas_len_lie = 1;
}

static void meas_block_past_message(struct spdm_test_responder *rsp)
{
	rsp->meas_block_lie = 1000;
}

static void meas_block_disagrees(struct spdm_test_responder *rsp)
{
	/* MeasurementSize one short of the DMTF value it holds */
	rsp->meas_block_lie = -1;
}

static void meas_not_ready_forever(struct spdm_test_responder *rsp)
{
	rsp->not_ready = UINT_MAX;
	rsp->not_ready_on = SPDM_GET_MEASUREMENTS;
	rsp->rdt_exponent = 10;
}

static void chunk_never_ends(struct spdm_test_responder *rsp)
{
	rsp->chunk_never_last = true;
}

static void chunk_size_0(struct spdm_test_responder *rsp)
{
	rsp->chunk_size_lie = -100;
}

static void chunk_size_one_past(struct spdm_test_responder *rsp)
{
	rsp->chunk_size_lie = 1;
}

static void chunk_total_max(struct spdm_test_responder *rsp)
{
	rsp->chunk_total_lie = INT_MAX;
}

static void chunk_total_shrinks(struct spdm_test_responder *rsp)
{
	/* Announced smaller than the chunks that come */
	rsp->chunk_total_lie = -1000;
}

static void chunk_wrong_sequence(struct spdm_test_responder *rsp)
{
	rsp->chunk_seq_lie = 1;
}

static void chunk_not_ready(struct spdm_test_responder *rsp)
{
	rsp->not_ready = UINT_MAX;
	rsp->not_ready_on = SPDM_CHUNK_GET;
}

#define V10 SPDM_VER_10
#define V12 SPDM_VER_12
#define V13 SPDM_VER_13
#define VERSION SPDM_GET_VERSION
#define CAPS SPDM_GET_CAPABILITIES
#define ALGS SPDM_NEGOTIATE_ALGORITHMS
#define DIGESTS SPDM_GET_DIGESTS
#define CERT SPDM_GET_CERTIFICATE
#define MEAS SPDM_GET_MEASUREMENTS

/*
 * Offsets: VERSION count 5; CAPABILITIES (1.2) DataTransferSize 12,
 * MaxSPDMmsgSize 16; ALGORITHMS struct count (param1) 2, Length 4,
 * ExtAsymSelCount 32; DIGESTS slot mask (param2) 3; CERTIFICATE
 * PortionLength 4, RemainderLength 6; MEASUREMENTS NumberOfBlocks 4,
 * MeasurementRecordLength (24 bits) 5; CHUNK_RESPONSE ChunkSize 8.
 */
static const struct spdm_hostile_case spdm_hostile_cases[] = {
	/* VERSION */
	{ "VERSION count 0", V12, OP_NEGOTIATE, { VERSION, 5, 1, 0 },
	  .err = -EPROTO },
	{ "VERSION count 1 of 2 sent", V12, OP_NEGOTIATE, { VERSION, 5, 1, 1 },
	  two_versions, -EMSGSIZE, .no_padding = true },
	{ "VERSION count 255", V12, OP_NEGOTIATE, { VERSION, 5, 1, 255 },
	  .err = -EMSGSIZE },
	{ "VERSION count one past", V12, OP_NEGOTIATE, { VERSION, 5, 1, 1, true },
	  .err = -EMSGSIZE, .no_padding = true },
	/* VERSION (0x04) comes back as DIGESTS (0x01) */
	{ "VERSION wrong response code", V12, OP_NEGOTIATE, { VERSION, 1, 1, 0x01 },
	  .err = -EPROTO },
	/* ERROR with ErrorCode 0, which the specification reserves */
	{ "unsolicited ERROR, reserved code", V12, OP_NEGOTIATE,
	  { VERSION, 1, 2, SPDM_ERROR }, .err = -EIO },
	{ "unsolicited ERROR UnexpectedRequest", V12, OP_NEGOTIATE,
	  { CAPS, 1, 2, SPDM_ERROR | SPDM_ERR_UNEXPECTED_REQUEST << 8 },
	  .err = -EPROTO },
	{ "Busy forever", V12, OP_NEGOTIATE, {}, busy_forever, -EBUSY },
	/* CAPABILITIES */
	{ "DataTransferSize 0", V12, OP_NEGOTIATE, { CAPS, 12, 4, 0 },
	  .err = -EPROTO },
	{ "DataTransferSize max", V12, OP_NEGOTIATE, { CAPS, 12, 4, U32_MAX },
	  .err = -EPROTO },
	{ "MaxSPDMmsgSize 0", V12, OP_NEGOTIATE, { CAPS, 16, 4, 0 },
	  .err = -EPROTO },
	{ "MaxSPDMmsgSize max", V12, OP_NEGOTIATE, { CAPS, 16, 4, U32_MAX },
	  .err = -EPROTO },
	{ "CAPABILITIES cut short", V12, OP_NEGOTIATE, {}, caps_short, -EMSGSIZE,
	  .no_padding = true },
	/* ALGORITHMS */
	{ "ALGORITHMS Length 0", V12, OP_NEGOTIATE, { ALGS, 4, 2, 0 },
	  .err = -EMSGSIZE },
	{ "ALGORITHMS Length 1", V12, OP_NEGOTIATE, { ALGS, 4, 2, 1 },
	  .err = -EMSGSIZE },
	{ "ALGORITHMS Length max", V12, OP_NEGOTIATE, { ALGS, 4, 2, U16_MAX },
	  .err = -EMSGSIZE },
	{ "ALGORITHMS Length one past", V12, OP_NEGOTIATE, { ALGS, 4, 2, 1, true },
	  .err = -EMSGSIZE, .no_padding = true },
	{ "ALGORITHMS 255 structs", V12, OP_NEGOTIATE, { ALGS, 2, 1, 255 },
	  .err = -EMSGSIZE },
	/* 255 extended algorithms of 4 bytes each, in a 36-byte message */
	{ "ALGORITHMS 255 extended algorithms", V12, OP_NEGOTIATE,
	  { ALGS, 32, 1, 255 }, .err = -EPROTO },
	/* Four RespAlgStructs sent, Length says three */
	{ "ALGORITHMS Length and structs disagree", V12, OP_NEGOTIATE,
	  { ALGS, 4, 2, (u32)-4, true }, four_alg_structs, -EMSGSIZE },
	{ "signature algorithm never offered", V12, OP_NEGOTIATE, {},
	  algs_asym_not_offered, -EPROTO },
	{ "two hash algorithms chosen", V12, OP_NEGOTIATE, {}, algs_two_hashes,
	  -EPROTO },
	{ "measurement hash never offered", V12, OP_NEGOTIATE, {},
	  algs_meas_hash_not_offered, -EPROTO },
	/* DIGESTS: no slot claimed, a digest sent anyway; two claimed, one sent */
	{ "DIGESTS no slot", V12, OP_AUTH, { DIGESTS, 3, 1, 0 }, .err = -EMSGSIZE },
	{ "DIGESTS one slot past", V12, OP_AUTH, { DIGESTS, 3, 1, 0x03 },
	  .err = -EMSGSIZE, .no_padding = true },
	/* CERTIFICATE and the chain */
	{ "PortionLength 0", V12, OP_AUTH, { CERT, 4, 2, 0 }, .err = -EMSGSIZE },
	/*
	 * Four bytes fewer than sent: longer than it says, by more than DOE
	 * padding (one to three fewer read as padding, and the chain then
	 * fails its digest: -EKEYREJECTED)
	 */
	{ "PortionLength 4 short", V12, OP_AUTH, { CERT, 4, 2, (u32)-4, true },
	  .err = -EMSGSIZE, .no_padding = true },
	{ "PortionLength max", V12, OP_AUTH, { CERT, 4, 2, U16_MAX },
	  .err = -EMSGSIZE },
	{ "PortionLength one past", V12, OP_AUTH, { CERT, 4, 2, 1, true },
	  .err = -EMSGSIZE, .no_padding = true },
	{ "RemainderLength max", V12, OP_AUTH, { CERT, 6, 2, U16_MAX },
	  .err = -EPROTO },
	{ "RemainderLength grows", V12, OP_AUTH, {}, cert_remainder_grows, -EPROTO },
	{ "chain header Length lies", V12, OP_AUTH, {}, cert_chain_header_lies,
	  -EBADMSG },
	{ "chain larger than 64 KiB", V12, OP_AUTH, {}, cert_huge, -EPROTO },
	{ "CERTIFICATE cut short", V12, OP_AUTH, {}, cert_truncated, -EMSGSIZE,
	  .no_padding = true },
	/* CHALLENGE_AUTH */
	{ "CHALLENGE_AUTH cut short", V12, OP_AUTH, {}, challenge_truncated,
	  -EMSGSIZE, .no_padding = true },
	{ "CHALLENGE_AUTH wrong code", V12, OP_AUTH,
	  { SPDM_CHALLENGE, 1, 1, SPDM_RSP_CODE(SPDM_GET_MEASUREMENTS) },
	  .err = -EPROTO },
	{ "OpaqueDataLength 1", V12, OP_AUTH, {}, challenge_opaque_1, -EPROTO },
	{ "OpaqueDataLength max", V12, OP_AUTH, {}, challenge_opaque_max, -EPROTO },
	{ "ResponseNotReady forever", V12, OP_AUTH, {}, challenge_not_ready_forever,
	  -ETIMEDOUT },
	{ "Busy forever to CHALLENGE", V10, OP_AUTH, {}, challenge_busy_forever,
	  -EBUSY },
	{ "transport claims more than its buffer", V12, OP_AUTH, {},
	  transport_overrun, -EIO },
	/* MEASUREMENTS */
	{ "NumberOfBlocks 0", V12, OP_MEAS, { MEAS, 4, 1, 0 }, .err = -EPROTO },
	{ "NumberOfBlocks 255", V12, OP_MEAS, { MEAS, 4, 1, 255 }, .err = -EPROTO },
	{ "MeasurementRecordLength 0", V12, OP_MEAS, { MEAS, 5, 3, 0 },
	  .err = -EMSGSIZE },
	{ "MeasurementRecordLength max", V12, OP_MEAS, { MEAS, 5, 3, 0xffffff },
	  .err = -EMSGSIZE },
	/* The record then takes a byte of the nonce: either check may see it */
	{ "MeasurementRecordLength one past", V13, OP_MEAS, {}, meas_record_one_past,
	  -EMSGSIZE, -EPROTO, .no_padding = true },
	{ "block larger than the message", V12, OP_MEAS, {}, meas_block_past_message,
	  -EPROTO },
	{ "block and value sizes disagree", V12, OP_MEAS, {}, meas_block_disagrees,
	  -EPROTO },
	{ "MEASUREMENTS wrong code", V12, OP_MEAS,
	  { MEAS, 1, 1, SPDM_RSP_CODE(SPDM_CHALLENGE) }, .err = -EPROTO },
	{ "ResponseNotReady forever to measurements", V12, OP_MEAS, {},
	  meas_not_ready_forever, -ETIMEDOUT },
	/* Chunks */
	{ "chunks never end", V12, OP_MEAS, {}, chunk_never_ends, -EPROTO,
	  .chunks = true },
	{ "ChunkSize 0", V12, OP_MEAS, {}, chunk_size_0, -EPROTO, .chunks = true },
	{ "ChunkSize max", V12, OP_MEAS, { SPDM_CHUNK_GET, 8, 4, U32_MAX },
	  .err = -EPROTO, .chunks = true },
	{ "ChunkSize one past", V12, OP_MEAS, {}, chunk_size_one_past, -EPROTO,
	  .chunks = true },
	{ "LargeMessageSize max", V12, OP_MEAS, {}, chunk_total_max, -EPROTO,
	  .chunks = true },
	{ "LargeMessageSize below the chunks", V12, OP_MEAS, {}, chunk_total_shrinks,
	  -EPROTO, .chunks = true },
	/* The Handle of the CHUNK_RESPONSEs is not the one LargeResponse gave */
	{ "chunk with another handle", V12, OP_MEAS, { SPDM_CHUNK_GET, 3, 1, 1, true },
	  .err = -EPROTO, .chunks = true },
	{ "chunk out of sequence", V12, OP_MEAS, {}, chunk_wrong_sequence, -EPROTO,
	  .chunks = true },
	{ "ResponseNotReady to CHUNK_GET", V12, OP_MEAS, {}, chunk_not_ready,
	  -EPROTO, .chunks = true },
};

static void spdm_hostile_desc(const struct spdm_hostile_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(spdm_hostile, spdm_hostile_cases, spdm_hostile_desc);

static void opaque_tail(struct spdm_test_responder *rsp)
{
	rsp->opaque_valid = true;
	rsp->opaque_tail = 8;
}

/*
 * What DSP0274 leaves open, and so a conformant responder may send:
 * taken (Documentation/driver-api/spdm.rst lists each decision). What
 * the spec does not leave open is still refused.
 */
static const struct spdm_hostile_case spdm_tolerated_cases[] = {
	/* Bits 2, 3 and 5-7 of OtherParamsSelection are reserved */
	{ "OtherParamsSelection reserved bits", V12, OP_NEGOTIATE,
	  { ALGS, 7, 1, SPDM_OPAQUE_FMT_1 | 0xec } },
	{ "OpaqueData bytes after its last element", V12, OP_AUTH, {},
	  opaque_tail },
	/* 1.2 has no MULTI_KEY_CONN: a reserved bit there */
	{ "OtherParamsSelection bit 4 (1.2)", V12, OP_NEGOTIATE,
	  { ALGS, 7, 1, SPDM_OPAQUE_FMT_1 | SPDM_MULTI_KEY_CONN } },
	/* The same, where they are not ours to take */
	{ "MULTI_KEY_CONN selected (1.3)", V13, OP_NEGOTIATE,
	  { ALGS, 7, 1, SPDM_OPAQUE_FMT_1 | SPDM_MULTI_KEY_CONN },
	  .err = -EOPNOTSUPP },
};

KUNIT_ARRAY_PARAM(spdm_tolerated, spdm_tolerated_cases, spdm_hostile_desc);

/* Run @c's operation; OP_MEAS authenticates first, with the responder as set up */
static int spdm_hostile_run(struct kunit *test, struct spdm_state *spdm,
			    const struct spdm_hostile_case *c)
{
	switch (c->op) {
	case OP_NEGOTIATE:
		return spdm_negotiate(spdm);
	case OP_AUTH:
		return spdm_authenticate(spdm, 0, SPDM_MEAS_SUMMARY_ALL);
	case OP_MEAS:
		return spdm_get_measurements(spdm, test_nonce, NULL, 0);
	}
	return -EINVAL;
}

/* The responder states @f's lie, if there is one */
static void set_field(struct spdm_test_responder *rsp,
		      const struct spdm_hostile_field *f)
{
	if (!f->code)
		return;
	rsp->fault_code = f->code;
	rsp->fault_offset = f->offset;
	rsp->fault_field_size = f->size;
	rsp->fault_field = f->value;
	rsp->fault_field_add = f->add;
}

static void spdm_test_hostile(struct kunit *test)
{
	const struct spdm_hostile_case *c = test->param_value;
	struct spdm_test_fixture *t = test->priv;
	struct spdm_test_responder *rsp = t->rsp;
	struct spdm_signed_evidence ev;
	unsigned int nr;
	size_t len;
	int rc;

	spdm_test_responder_init(rsp, c->version);
	if (c->chunks)
		chunked(rsp);
	if (c->op == OP_MEAS)
		KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0,
							SPDM_MEAS_SUMMARY_ALL), 0);
	set_field(rsp, &c->field);
	rsp->no_padding = c->no_padding;
	if (c->setup)
		c->setup(rsp);
	rsp->exchanges = 0;
	rc = spdm_hostile_run(test, t->spdm, c);
	KUNIT_EXPECT_TRUE_MSG(test, rc == c->err || (c->err_alt && rc == c->err_alt),
			      "returned %d, expected %d", rc, c->err);
	/* Bounded: no loop on what the device says */
	KUNIT_EXPECT_LE(test, rsp->exchanges, 200);

	/* Nothing the failure should have cleared is left */
	switch (c->op) {
	case OP_NEGOTIATE:
		KUNIT_EXPECT_NULL(test, spdm_negotiated(t->spdm));
		KUNIT_EXPECT_NULL(test, spdm_vca(t->spdm, &len));
		fallthrough;
	case OP_AUTH:
		KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), -ENOENT);
		KUNIT_EXPECT_EQ(test, spdm_last_signed(t->spdm, &ev), -ENOENT);
		fallthrough;
	case OP_MEAS:
		KUNIT_EXPECT_NULL(test, spdm_measurements(t->spdm, &nr));
		break;
	}

	/* The same context, the responder behaving: it works again */
	spdm_test_responder_init(rsp, c->version);
	if (c->chunks)
		chunked(rsp);
	if (c->op == OP_MEAS)
		KUNIT_ASSERT_EQ(test, spdm_authenticate(t->spdm, 0,
							SPDM_MEAS_SUMMARY_ALL), 0);
	KUNIT_EXPECT_EQ(test, spdm_hostile_run(test, t->spdm, c), 0);
}

static void spdm_test_tolerated(struct kunit *test)
{
	const struct spdm_hostile_case *c = test->param_value;
	struct spdm_test_fixture *t = test->priv;
	struct spdm_test_responder *rsp = t->rsp;

	spdm_test_responder_init(rsp, c->version);
	set_field(rsp, &c->field);
	if (c->setup)
		c->setup(rsp);
	KUNIT_EXPECT_EQ(test, spdm_hostile_run(test, t->spdm, c), c->err);
	if (!c->err && c->op == OP_AUTH)
		KUNIT_EXPECT_EQ(test, spdm_authenticated_slot(t->spdm), 0);
}

/* Duplicates and unknown values in VERSION: the best known one is chosen */
static void spdm_test_hostile_version_list(struct kunit *test)
{
	struct spdm_test_fixture *t = test->priv;
	struct spdm_test_responder *rsp = t->rsp;

	spdm_test_responder_init(rsp, SPDM_VER_12);
	rsp->versions[0] = SPDM_VER_12 << 8;
	rsp->versions[1] = SPDM_VER_12 << 8;
	rsp->versions[2] = 0x7700;
	rsp->versions[3] = SPDM_VER_11 << 8;
	rsp->versions[4] = SPDM_VER_12 << 8 | 0x10;	/* 1.2.1 */
	rsp->nr_versions = 5;
	KUNIT_ASSERT_EQ(test, spdm_negotiate(t->spdm), 0);
	KUNIT_EXPECT_EQ(test, spdm_negotiated(t->spdm)->version, SPDM_VER_12);
}

static struct kunit_case spdm_hostile_test_cases[] = {
	KUNIT_CASE_PARAM(spdm_test_hostile, spdm_hostile_gen_params),
	KUNIT_CASE(spdm_test_hostile_version_list),
	KUNIT_CASE_PARAM(spdm_test_tolerated, spdm_tolerated_gen_params),
	{}
};

static struct kunit_suite spdm_hostile_test_suite = {
	.name = "spdm_hostile",
	.init = spdm_test_fixture_init,
	.exit = spdm_test_fixture_exit,
	.test_cases = spdm_hostile_test_cases,
};

kunit_test_suite(spdm_hostile_test_suite);
