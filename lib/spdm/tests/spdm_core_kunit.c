// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SPDM message header encoding and response validation
 */

#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "../spdm.h"

static void spdm_test_init_header(struct kunit *test)
{
	struct spdm_header hdr;
	static const u8 expect[] = { 0x12, SPDM_GET_DIGESTS, 0xa5, 0x5a };

	memset(&hdr, 0xcc, sizeof(hdr));
	spdm_init_header(&hdr, SPDM_VER_12, SPDM_GET_DIGESTS, 0xa5, 0x5a);
	KUNIT_EXPECT_EQ(test, sizeof(hdr), 4);
	KUNIT_EXPECT_MEMEQ(test, &hdr, expect, sizeof(expect));
}

static void spdm_test_version_macros(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, SPDM_VER_MAJOR(SPDM_VER_13), 1);
	KUNIT_EXPECT_EQ(test, SPDM_VER_MINOR(SPDM_VER_13), 3);
	KUNIT_EXPECT_EQ(test, SPDM_VER_MINOR(SPDM_VER_10), 0);
}

/* A DIGESTS response: header plus one SHA-256 digest */
static const u8 digests_rsp[4 + 32] = {
	SPDM_VER_12, SPDM_RSP_CODE(SPDM_GET_DIGESTS), 0x00, 0x01,
};

static void spdm_test_parse_good(struct kunit *test)
{
	struct spdm_error err = { .code = 0xee };

	KUNIT_EXPECT_EQ(test, spdm_parse_response(digests_rsp,
						  sizeof(digests_rsp),
						  sizeof(digests_rsp),
						  SPDM_VER_12, SPDM_GET_DIGESTS,
						  &err), 0);
	/* err is left alone unless the device sent ERROR */
	KUNIT_EXPECT_EQ(test, err.code, 0xee);

	/* A response longer than the minimum is fine */
	KUNIT_EXPECT_EQ(test, spdm_parse_response(digests_rsp,
						  sizeof(digests_rsp), 4,
						  SPDM_VER_12, SPDM_GET_DIGESTS,
						  NULL), 0);

	/* VERSION answers GET_VERSION with version 1.0 */
	{
		static const u8 version_rsp[] = { SPDM_VER_10, 0x04, 0, 0,
						  0, 1, 0x00, 0x12 };

		KUNIT_EXPECT_EQ(test,
				spdm_parse_response(version_rsp,
						    sizeof(version_rsp), 6,
						    SPDM_VER_10,
						    SPDM_GET_VERSION, NULL),
				0);
	}
}

static void spdm_test_parse_short(struct kunit *test)
{
	size_t len;

	/* Shorter than a header: nothing may be read */
	for (len = 0; len < sizeof(struct spdm_header); len++)
		KUNIT_EXPECT_EQ(test,
				spdm_parse_response(digests_rsp, len, 4,
						    SPDM_VER_12,
						    SPDM_GET_DIGESTS, NULL),
				-EMSGSIZE);

	/* Shorter than the caller needs: every length up to the minimum */
	for (len = sizeof(struct spdm_header); len < sizeof(digests_rsp); len++)
		KUNIT_EXPECT_EQ(test,
				spdm_parse_response(digests_rsp, len,
						    sizeof(digests_rsp),
						    SPDM_VER_12,
						    SPDM_GET_DIGESTS, NULL),
				-EMSGSIZE);
}

static void spdm_test_parse_wrong_version(struct kunit *test)
{
	static const u8 versions[] = { SPDM_VER_10, SPDM_VER_11, SPDM_VER_13,
				       0x00, 0x20, 0xff };

	for (size_t i = 0; i < ARRAY_SIZE(versions); i++)
		KUNIT_EXPECT_EQ(test,
				spdm_parse_response(digests_rsp,
						    sizeof(digests_rsp), 4,
						    versions[i],
						    SPDM_GET_DIGESTS, NULL),
				-EPROTO);
}

static void spdm_test_parse_wrong_code(struct kunit *test)
{
	u8 rsp[4] = { SPDM_VER_12, 0, 0, 0 };
	static const u8 codes[] = {
		SPDM_RSP_CODE(SPDM_GET_CERTIFICATE),	/* another response */
		SPDM_GET_DIGESTS,			/* the request echoed */
		0x00, 0x80, 0xfe,
	};

	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		rsp[1] = codes[i];
		KUNIT_EXPECT_EQ_MSG(test,
				    spdm_parse_response(rsp, sizeof(rsp), 4,
							SPDM_VER_12,
							SPDM_GET_DIGESTS, NULL),
				    -EPROTO, "response code 0x%02x", codes[i]);
	}
}

static const struct {
	u8 code;
	int err;
} error_cases[] = {
	{ SPDM_ERR_INVALID_REQUEST, -EINVAL },
	{ SPDM_ERR_BUSY, -EBUSY },
	{ SPDM_ERR_UNEXPECTED_REQUEST, -EPROTO },
	{ SPDM_ERR_UNSPECIFIED, -EIO },
	{ SPDM_ERR_DECRYPT_ERROR, -EBADMSG },
	{ SPDM_ERR_UNSUPPORTED_REQUEST, -EOPNOTSUPP },
	{ SPDM_ERR_REQUEST_IN_FLIGHT, -EBUSY },
	{ SPDM_ERR_INVALID_RESPONSE_CODE, -EPROTO },
	{ SPDM_ERR_SESSION_LIMIT_EXCEEDED, -EUSERS },
	{ SPDM_ERR_SESSION_REQUIRED, -EACCES },
	{ SPDM_ERR_RESET_REQUIRED, -ECONNRESET },
	{ SPDM_ERR_RESPONSE_TOO_LARGE, -E2BIG },
	{ SPDM_ERR_REQUEST_TOO_LARGE, -E2BIG },
	{ SPDM_ERR_MESSAGE_LOST, -EIO },
	{ SPDM_ERR_INVALID_POLICY, -EINVAL },
	{ SPDM_ERR_VERSION_MISMATCH, -EPROTONOSUPPORT },
	{ SPDM_ERR_REQUEST_RESYNCH, -ECONNRESET },
	{ SPDM_ERR_OPERATION_FAILED, -EIO },
	{ SPDM_ERR_NO_PENDING_REQUESTS, -EPROTO },
	{ SPDM_ERR_VENDOR_DEFINED, -EIO },
	{ 0x00, -EIO },		/* reserved codes */
	{ 0x02, -EIO },
	{ 0x40, -EIO },
	{ 0x7f, -EIO },
};

static void spdm_test_parse_error(struct kunit *test)
{
	for (size_t i = 0; i < ARRAY_SIZE(error_cases); i++) {
		u8 rsp[4] = { SPDM_VER_11, SPDM_ERROR, error_cases[i].code,
			      0x5c };
		struct spdm_error err = {};

		/* ERROR may be shorter than the expected response */
		KUNIT_EXPECT_EQ_MSG(test,
				    spdm_parse_response(rsp, sizeof(rsp), 64,
							SPDM_VER_11,
							SPDM_CHALLENGE, &err),
				    error_cases[i].err,
				    "ErrorCode 0x%02x", error_cases[i].code);
		KUNIT_EXPECT_EQ(test, err.code, error_cases[i].code);
		KUNIT_EXPECT_EQ(test, err.data, 0x5c);
		KUNIT_EXPECT_EQ(test, spdm_error_to_errno(error_cases[i].code),
				error_cases[i].err);
		/* A NULL err is allowed */
		KUNIT_EXPECT_EQ(test,
				spdm_parse_response(rsp, sizeof(rsp), 64,
						    SPDM_VER_11,
						    SPDM_CHALLENGE, NULL),
				error_cases[i].err);
	}
}

static void spdm_test_parse_error_wrong_version(struct kunit *test)
{
	static const u8 rsp[4] = { SPDM_VER_13, SPDM_ERROR, SPDM_ERR_BUSY, 0 };
	struct spdm_error err = { .code = 0xee };

	KUNIT_EXPECT_EQ(test, spdm_parse_response(rsp, sizeof(rsp), 4,
						  SPDM_VER_12,
						  SPDM_GET_DIGESTS, &err),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, err.code, 0xee);
}

/*
 * A device that was reset answers ERROR in 1.0: RequestResynch then says
 * what it says, but Busy, ResponseNotReady or LargeResponse in another
 * version than the connection's are not acted on, nor is another code
 */
static void spdm_test_parse_error_after_reset(struct kunit *test)
{
	static const struct {
		u8 version, code, error;
		int err;
	} tests[] = {
		{ SPDM_VER_10, SPDM_ERROR, SPDM_ERR_REQUEST_RESYNCH, -ECONNRESET },
		{ SPDM_VER_10, SPDM_ERROR, SPDM_ERR_UNSUPPORTED_REQUEST, -EOPNOTSUPP },
		{ SPDM_VER_10, SPDM_ERROR, SPDM_ERR_BUSY, -EPROTO },
		{ SPDM_VER_10, SPDM_ERROR, SPDM_ERR_RESPONSE_NOT_READY, -EPROTO },
		{ SPDM_VER_10, SPDM_ERROR, SPDM_ERR_LARGE_RESPONSE, -EPROTO },
		{ SPDM_VER_11, SPDM_ERROR, SPDM_ERR_REQUEST_RESYNCH, -EPROTO },
		{ SPDM_VER_10, SPDM_RSP_CODE(SPDM_GET_DIGESTS), 0, -EPROTO },
	};

	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		u8 rsp[8] = { tests[i].version, tests[i].code, tests[i].error };
		struct spdm_error err = {};

		KUNIT_EXPECT_EQ_MSG(test,
				    spdm_parse_response(rsp, sizeof(rsp), 4,
							SPDM_VER_12,
							SPDM_GET_DIGESTS, &err),
				    tests[i].err, "case %zu", i);
		/* What the device said, when it is taken */
		if (tests[i].err == -EPROTO)
			KUNIT_EXPECT_EQ(test, err.code, 0);
		else
			KUNIT_EXPECT_EQ(test, err.code, tests[i].error);
	}
}

static void spdm_test_parse_not_ready(struct kunit *test)
{
	static const u8 rsp[8] = {
		SPDM_VER_12, SPDM_ERROR, SPDM_ERR_RESPONSE_NOT_READY, 0,
		20, SPDM_GET_MEASUREMENTS, 0x9a, 3,
	};
	struct spdm_error err = {};
	size_t len;

	KUNIT_EXPECT_EQ(test, spdm_parse_response(rsp, sizeof(rsp), 64,
						  SPDM_VER_12,
						  SPDM_GET_MEASUREMENTS, &err),
			-EINPROGRESS);
	KUNIT_EXPECT_EQ(test, err.code, SPDM_ERR_RESPONSE_NOT_READY);
	KUNIT_EXPECT_EQ(test, err.not_ready.rdt_exponent, 20);
	KUNIT_EXPECT_EQ(test, err.not_ready.request_code,
			SPDM_GET_MEASUREMENTS);
	KUNIT_EXPECT_EQ(test, err.not_ready.token, 0x9a);
	KUNIT_EXPECT_EQ(test, err.not_ready.rdtm, 3);

	/* Truncated ExtendedErrorData must not be read */
	for (len = 4; len < sizeof(rsp); len++) {
		memset(&err, 0, sizeof(err));
		KUNIT_EXPECT_EQ(test,
				spdm_parse_response(rsp, len, 4, SPDM_VER_12,
						    SPDM_GET_MEASUREMENTS,
						    &err),
				-EMSGSIZE);
		KUNIT_EXPECT_EQ(test, err.code, 0);
	}
}

/*
 * Flip every bit of a valid response, one at a time: a change to the
 * version or code byte must be rejected, a change to the parameters is
 * the message's own business and must pass the header check.
 */
/* LargeResponse carries the Handle for CHUNK_GET: it must be there */
static void spdm_test_parse_large_response(struct kunit *test)
{
	static const u8 rsp[5] = {
		SPDM_VER_12, SPDM_ERROR, SPDM_ERR_LARGE_RESPONSE, 0, 0x77,
	};
	struct spdm_error err = {};

	KUNIT_EXPECT_EQ(test, spdm_parse_response(rsp, sizeof(rsp), 64,
						  SPDM_VER_12,
						  SPDM_GET_MEASUREMENTS, &err),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, err.code, SPDM_ERR_LARGE_RESPONSE);
	KUNIT_EXPECT_EQ(test, err.large_handle, 0x77);
	KUNIT_EXPECT_EQ(test, spdm_parse_response(rsp, 4, 64, SPDM_VER_12,
						  SPDM_GET_MEASUREMENTS, &err),
			-EMSGSIZE);
}

static void spdm_test_parse_mutated(struct kunit *test)
{
	u8 rsp[sizeof(digests_rsp)];

	for (unsigned int bit = 0; bit < 4 * 8; bit++) {
		unsigned int byte = bit / 8;
		int ret;

		memcpy(rsp, digests_rsp, sizeof(rsp));
		rsp[byte] ^= BIT(bit % 8);
		ret = spdm_parse_response(rsp, sizeof(rsp), sizeof(rsp),
					  SPDM_VER_12, SPDM_GET_DIGESTS, NULL);
		if (byte >= 2)
			KUNIT_EXPECT_EQ_MSG(test, ret, 0, "bit %u", bit);
		else
			KUNIT_EXPECT_LT_MSG(test, ret, 0, "bit %u", bit);
	}
}

static void spdm_test_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, spdm_request_name(SPDM_GET_VERSION),
			   "GET_VERSION");
	KUNIT_EXPECT_STREQ(test, spdm_request_name(SPDM_GET_MEASUREMENTS),
			   "GET_MEASUREMENTS");
	KUNIT_EXPECT_STREQ(test, spdm_request_name(0x01), "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, spdm_error_name(SPDM_ERR_RESPONSE_NOT_READY),
			   "ResponseNotReady");
	KUNIT_EXPECT_STREQ(test, spdm_error_name(SPDM_ERR_BUSY), "Busy");
	KUNIT_EXPECT_STREQ(test, spdm_error_name(0x02), "Reserved");
}

static struct kunit_case spdm_core_test_cases[] = {
	KUNIT_CASE(spdm_test_init_header),
	KUNIT_CASE(spdm_test_version_macros),
	KUNIT_CASE(spdm_test_parse_good),
	KUNIT_CASE(spdm_test_parse_short),
	KUNIT_CASE(spdm_test_parse_wrong_version),
	KUNIT_CASE(spdm_test_parse_wrong_code),
	KUNIT_CASE(spdm_test_parse_error),
	KUNIT_CASE(spdm_test_parse_error_wrong_version),
	KUNIT_CASE(spdm_test_parse_not_ready),
	KUNIT_CASE(spdm_test_parse_large_response),
	KUNIT_CASE(spdm_test_parse_error_after_reset),
	KUNIT_CASE(spdm_test_parse_mutated),
	KUNIT_CASE(spdm_test_names),
	{}
};

static struct kunit_suite spdm_core_test_suite = {
	.name = "spdm_core",
	.test_cases = spdm_core_test_cases,
};

kunit_test_suite(spdm_core_test_suite);

MODULE_DESCRIPTION("KUnit tests for the SPDM message core");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
