/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SPDM requester library: wire format and internal interfaces
 *
 * Everything a device sends is untrusted. Helpers here validate a
 * response before any field beyond the checked length is read.
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3.
 */

#ifndef _LIB_SPDM_H
#define _LIB_SPDM_H

#include <linux/spdm.h>
#include <linux/types.h>

/* Request codes (DSP0274 "SPDM request codes") */
#define SPDM_GET_DIGESTS		0x81
#define SPDM_GET_CERTIFICATE		0x82
#define SPDM_CHALLENGE			0x83
#define SPDM_GET_VERSION		0x84
#define SPDM_CHUNK_SEND			0x85
#define SPDM_CHUNK_GET			0x86
#define SPDM_GET_MEASUREMENTS		0xe0
#define SPDM_GET_CAPABILITIES		0xe1
#define SPDM_NEGOTIATE_ALGORITHMS	0xe3
#define SPDM_KEY_EXCHANGE		0xe4
#define SPDM_FINISH			0xe5
#define SPDM_PSK_EXCHANGE		0xe6
#define SPDM_PSK_FINISH			0xe7
#define SPDM_HEARTBEAT			0xe8
#define SPDM_KEY_UPDATE			0xe9
#define SPDM_GET_ENCAPSULATED_REQUEST	0xea
#define SPDM_DELIVER_ENCAPSULATED_RESPONSE 0xeb
#define SPDM_END_SESSION		0xec
#define SPDM_GET_CSR			0xed
#define SPDM_SET_CERTIFICATE		0xee
#define SPDM_VENDOR_DEFINED_REQUEST	0xfe
#define SPDM_RESPOND_IF_READY		0xff

/*
 * A response code is its request code with bit 7 clear, except ERROR,
 * which may answer any request.
 */
#define SPDM_RSP_CODE(req_code)		((req_code) & 0x7f)
#define SPDM_ERROR			0x7f

/* ERROR response codes (DSP0274 "ERROR response message") */
#define SPDM_ERR_INVALID_REQUEST	0x01
#define SPDM_ERR_BUSY			0x03
#define SPDM_ERR_UNEXPECTED_REQUEST	0x04
#define SPDM_ERR_UNSPECIFIED		0x05
#define SPDM_ERR_DECRYPT_ERROR		0x06
#define SPDM_ERR_UNSUPPORTED_REQUEST	0x07
#define SPDM_ERR_REQUEST_IN_FLIGHT	0x08
#define SPDM_ERR_INVALID_RESPONSE_CODE	0x09
#define SPDM_ERR_SESSION_LIMIT_EXCEEDED	0x0a
#define SPDM_ERR_SESSION_REQUIRED	0x0b
#define SPDM_ERR_RESET_REQUIRED		0x0c
#define SPDM_ERR_RESPONSE_TOO_LARGE	0x0d
#define SPDM_ERR_REQUEST_TOO_LARGE	0x0e
#define SPDM_ERR_LARGE_RESPONSE		0x0f
#define SPDM_ERR_MESSAGE_LOST		0x10
#define SPDM_ERR_INVALID_POLICY		0x11
#define SPDM_ERR_VERSION_MISMATCH	0x41
#define SPDM_ERR_RESPONSE_NOT_READY	0x42
#define SPDM_ERR_REQUEST_RESYNCH	0x43
#define SPDM_ERR_OPERATION_FAILED	0x44
#define SPDM_ERR_NO_PENDING_REQUESTS	0x45
#define SPDM_ERR_VENDOR_DEFINED		0xff

/**
 * struct spdm_header - header common to every SPDM message
 * @version: SPDMVersion, major in the high nibble, minor in the low one
 * @code: request or response code
 * @param1: first message-specific parameter
 * @param2: second message-specific parameter
 */
struct spdm_header {
	u8 version;
	u8 code;
	u8 param1;
	u8 param2;
} __packed;

/**
 * struct spdm_error_rsp_not_ready - ExtendedErrorData of ResponseNotReady
 * @rdt_exponent: the responder needs up to 2^@rdt_exponent us to respond
 * @request_code: the request code the responder is still working on
 * @token: opaque value to echo in RESPOND_IF_READY
 * @rdtm: multiplier for the time the requester may wait in total
 */
struct spdm_error_rsp_not_ready {
	u8 rdt_exponent;
	u8 request_code;
	u8 token;
	u8 rdtm;
} __packed;

/**
 * struct spdm_error - what an ERROR response said
 * @code: ErrorCode (param1), one of SPDM_ERR_*
 * @data: ErrorData (param2)
 * @not_ready: extended data, valid if @code is
 *	%SPDM_ERR_RESPONSE_NOT_READY
 */
struct spdm_error {
	u8 code;
	u8 data;
	struct spdm_error_rsp_not_ready not_ready;
};

void spdm_init_header(struct spdm_header *hdr, u8 version, u8 code,
		      u8 param1, u8 param2);
int spdm_parse_response(const void *rsp, size_t rsp_len, size_t min_len,
			u8 version, u8 req_code, struct spdm_error *err);
int spdm_error_to_errno(u8 error_code);
const char *spdm_error_name(u8 error_code);
const char *spdm_request_name(u8 req_code);

#endif /* _LIB_SPDM_H */
