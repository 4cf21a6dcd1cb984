// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: message headers and ERROR responses
 *
 * Every response passes through spdm_parse_response() before any of its
 * fields is used. It checks that the response is long enough to hold what
 * the caller will read, that it carries the negotiated version, and that
 * it answers the request that was sent. An ERROR response becomes a
 * distinct errno, so that callers can tell a busy device from a broken one.
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3.
 */

#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "spdm.h"

/**
 * spdm_init_header() - fill in the header of a request
 * @hdr: header to fill in
 * @version: SPDMVersion to send (%SPDM_VER_10 for GET_VERSION)
 * @code: request code, one of the SPDM_* request codes
 * @param1: first request parameter
 * @param2: second request parameter
 */
void spdm_init_header(struct spdm_header *hdr, u8 version, u8 code,
		      u8 param1, u8 param2)
{
	hdr->version = version;
	hdr->code = code;
	hdr->param1 = param1;
	hdr->param2 = param2;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_init_header);

static const struct spdm_error_desc {
	u8 code;
	int err;
	const char *name;
} spdm_error_descs[] = {
	{ SPDM_ERR_INVALID_REQUEST,	  -EINVAL,	    "InvalidRequest" },
	{ SPDM_ERR_BUSY,		  -EBUSY,	    "Busy" },
	{ SPDM_ERR_UNEXPECTED_REQUEST,	  -EPROTO,	    "UnexpectedRequest" },
	{ SPDM_ERR_UNSPECIFIED,		  -EIO,		    "Unspecified" },
	{ SPDM_ERR_DECRYPT_ERROR,	  -EBADMSG,	    "DecryptError" },
	{ SPDM_ERR_UNSUPPORTED_REQUEST,	  -EOPNOTSUPP,	    "UnsupportedRequest" },
	{ SPDM_ERR_REQUEST_IN_FLIGHT,	  -EBUSY,	    "RequestInFlight" },
	{ SPDM_ERR_INVALID_RESPONSE_CODE, -EPROTO,	    "InvalidResponseCode" },
	{ SPDM_ERR_SESSION_LIMIT_EXCEEDED, -EUSERS,	    "SessionLimitExceeded" },
	{ SPDM_ERR_SESSION_REQUIRED,	  -EACCES,	    "SessionRequired" },
	{ SPDM_ERR_RESET_REQUIRED,	  -ECONNRESET,	    "ResetRequired" },
	{ SPDM_ERR_RESPONSE_TOO_LARGE,	  -E2BIG,	    "ResponseTooLarge" },
	{ SPDM_ERR_REQUEST_TOO_LARGE,	  -E2BIG,	    "RequestTooLarge" },
	{ SPDM_ERR_LARGE_RESPONSE,	  -E2BIG,	    "LargeResponse" },
	{ SPDM_ERR_MESSAGE_LOST,	  -EIO,		    "MessageLost" },
	{ SPDM_ERR_INVALID_POLICY,	  -EINVAL,	    "InvalidPolicy" },
	{ SPDM_ERR_VERSION_MISMATCH,	  -EPROTONOSUPPORT, "VersionMismatch" },
	{ SPDM_ERR_RESPONSE_NOT_READY,	  -EINPROGRESS,	    "ResponseNotReady" },
	{ SPDM_ERR_REQUEST_RESYNCH,	  -ECONNRESET,	    "RequestResynch" },
	{ SPDM_ERR_OPERATION_FAILED,	  -EIO,		    "OperationFailed" },
	{ SPDM_ERR_NO_PENDING_REQUESTS,	  -EPROTO,	    "NoPendingRequests" },
	{ SPDM_ERR_VENDOR_DEFINED,	  -EIO,		    "VendorDefined" },
};

static const struct spdm_error_desc *spdm_find_error(u8 error_code)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdm_error_descs); i++)
		if (spdm_error_descs[i].code == error_code)
			return &spdm_error_descs[i];
	return NULL;
}

/**
 * spdm_error_to_errno() - map an SPDM ErrorCode to an errno
 * @error_code: ErrorCode from an ERROR response
 *
 * Return: a negative errno; -EIO for codes the specification reserves.
 */
int spdm_error_to_errno(u8 error_code)
{
	const struct spdm_error_desc *desc = spdm_find_error(error_code);

	return desc ? desc->err : -EIO;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_error_to_errno);

/**
 * spdm_error_name() - name of an SPDM ErrorCode, for log messages
 * @error_code: ErrorCode from an ERROR response
 *
 * Return: the name the specification uses, or "Reserved".
 */
const char *spdm_error_name(u8 error_code)
{
	const struct spdm_error_desc *desc = spdm_find_error(error_code);

	return desc ? desc->name : "Reserved";
}
EXPORT_SYMBOL_IF_KUNIT(spdm_error_name);

static const struct {
	u8 code;
	const char *name;
} spdm_request_names[] = {
	{ SPDM_GET_DIGESTS,			"GET_DIGESTS" },
	{ SPDM_GET_CERTIFICATE,			"GET_CERTIFICATE" },
	{ SPDM_CHALLENGE,			"CHALLENGE" },
	{ SPDM_GET_VERSION,			"GET_VERSION" },
	{ SPDM_CHUNK_SEND,			"CHUNK_SEND" },
	{ SPDM_CHUNK_GET,			"CHUNK_GET" },
	{ SPDM_GET_MEASUREMENTS,		"GET_MEASUREMENTS" },
	{ SPDM_GET_CAPABILITIES,		"GET_CAPABILITIES" },
	{ SPDM_NEGOTIATE_ALGORITHMS,		"NEGOTIATE_ALGORITHMS" },
	{ SPDM_KEY_EXCHANGE,			"KEY_EXCHANGE" },
	{ SPDM_FINISH,				"FINISH" },
	{ SPDM_PSK_EXCHANGE,			"PSK_EXCHANGE" },
	{ SPDM_PSK_FINISH,			"PSK_FINISH" },
	{ SPDM_HEARTBEAT,			"HEARTBEAT" },
	{ SPDM_KEY_UPDATE,			"KEY_UPDATE" },
	{ SPDM_GET_ENCAPSULATED_REQUEST,	"GET_ENCAPSULATED_REQUEST" },
	{ SPDM_DELIVER_ENCAPSULATED_RESPONSE,	"DELIVER_ENCAPSULATED_RESPONSE" },
	{ SPDM_END_SESSION,			"END_SESSION" },
	{ SPDM_GET_CSR,				"GET_CSR" },
	{ SPDM_SET_CERTIFICATE,			"SET_CERTIFICATE" },
	{ SPDM_VENDOR_DEFINED_REQUEST,		"VENDOR_DEFINED_REQUEST" },
	{ SPDM_RESPOND_IF_READY,		"RESPOND_IF_READY" },
};

/**
 * spdm_request_name() - name of an SPDM request code, for log messages
 * @req_code: request code
 *
 * Return: the name the specification uses, or "UNKNOWN".
 */
const char *spdm_request_name(u8 req_code)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdm_request_names); i++)
		if (spdm_request_names[i].code == req_code)
			return spdm_request_names[i].name;
	return "UNKNOWN";
}
EXPORT_SYMBOL_IF_KUNIT(spdm_request_name);

/* Header plus the ExtendedErrorData of ResponseNotReady */
#define SPDM_ERROR_NOT_READY_LEN \
	(sizeof(struct spdm_header) + sizeof(struct spdm_error_rsp_not_ready))

/**
 * spdm_parse_response() - validate the header of a response
 * @rsp: the response as received
 * @rsp_len: number of bytes received
 * @min_len: smallest length of a valid response to @req_code, header
 *	included; the caller may read that many bytes once this succeeds
 * @version: SPDMVersion the response must carry (%SPDM_VER_10 for
 *	VERSION, the negotiated version otherwise)
 * @req_code: the request code that was sent
 * @err: filled in with what the device said if it sent ERROR; may be NULL
 *
 * Return: 0 if @rsp answers @req_code, carries @version and holds at
 * least @min_len bytes. -EMSGSIZE if it is shorter than that (or than an
 * ERROR response needs), -EPROTO if it carries another version or the
 * response code of another request. If the device sent ERROR, the errno
 * that spdm_error_to_errno() gives for its ErrorCode, with @err filled in.
 */
int spdm_parse_response(const void *rsp, size_t rsp_len, size_t min_len,
			u8 version, u8 req_code, struct spdm_error *err)
{
	const struct spdm_header *hdr = rsp;

	if (rsp_len < sizeof(*hdr))
		return -EMSGSIZE;
	if (hdr->version != version)
		return -EPROTO;

	if (hdr->code == SPDM_ERROR) {
		struct spdm_error e = {
			.code = hdr->param1,
			.data = hdr->param2,
		};

		if (e.code == SPDM_ERR_RESPONSE_NOT_READY) {
			if (rsp_len < SPDM_ERROR_NOT_READY_LEN)
				return -EMSGSIZE;
			memcpy(&e.not_ready, hdr + 1, sizeof(e.not_ready));
		}
		if (err)
			*err = e;
		return spdm_error_to_errno(e.code);
	}

	if (hdr->code != SPDM_RSP_CODE(req_code))
		return -EPROTO;
	if (rsp_len < min_len)
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_parse_response);

MODULE_DESCRIPTION("DMTF SPDM requester library");
MODULE_LICENSE("GPL");
