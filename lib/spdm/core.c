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
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
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
 * ERROR response needs), -EPROTO if it carries another version (but for
 * an ERROR in 1.0 that does not ask us to retry or fetch anything) or the
 * response code of another request. If the device sent ERROR, the errno
 * that spdm_error_to_errno() gives for its ErrorCode, with @err filled in.
 */
int spdm_parse_response(const void *rsp, size_t rsp_len, size_t min_len,
			u8 version, u8 req_code, struct spdm_error *err)
{
	const struct spdm_header *hdr = rsp;

	if (rsp_len < sizeof(*hdr))
		return -EMSGSIZE;
	/*
	 * A device that lost the connection (reset) knows no version and
	 * answers ERROR in 1.0, as libspdm does: take that ERROR for what it
	 * says, unless it is one that would have us act on the request
	 * (Busy, ResponseNotReady, LargeResponse).
	 */
	if (hdr->version != version &&
	    !(hdr->version == SPDM_VER_10 && hdr->code == SPDM_ERROR &&
	      hdr->param1 != SPDM_ERR_BUSY &&
	      hdr->param1 != SPDM_ERR_RESPONSE_NOT_READY &&
	      hdr->param1 != SPDM_ERR_LARGE_RESPONSE))
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
		if (e.code == SPDM_ERR_LARGE_RESPONSE) {
			if (rsp_len < sizeof(*hdr) + 1)
				return -EMSGSIZE;
			e.large_handle = *(const u8 *)(hdr + 1);
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

/**
 * spdm_fail() - log why an SPDM step failed
 * @spdm: SPDM context
 * @req_code: the request whose step failed
 * @fmt: printf format of the reason
 *
 * Every failure is logged exactly once, by the code that detects it, in
 * one ratelimited line that names the request.
 */
void spdm_fail(const struct spdm_state *spdm, u8 req_code,
	       const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_err_ratelimited(spdm->dev, "SPDM %s: %pV\n",
			    spdm_request_name(req_code), &vaf);
	va_end(args);
}
EXPORT_SYMBOL_IF_KUNIT(spdm_fail);

/**
 * spdm_buf_append() - append bytes to a buffer, up to its ceiling
 * @buf: buffer
 * @data: bytes to append
 * @len: how many
 *
 * Return: 0, -EMSGSIZE if the buffer would exceed %SPDM_MAX_TRANSCRIPT,
 * or -ENOMEM.
 */
int spdm_buf_append(struct spdm_buf *buf, const void *data, size_t len)
{
	if (len > SPDM_MAX_TRANSCRIPT - buf->len)
		return -EMSGSIZE;
	if (buf->len + len > buf->size) {
		size_t size = max(buf->len + len, min(2 * buf->size,
						      (size_t)SPDM_MAX_TRANSCRIPT));
		u8 *data_new = kvrealloc(buf->data, size, GFP_KERNEL);

		if (!data_new)
			return -ENOMEM;
		buf->data = data_new;
		buf->size = size;
	}
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_buf_append);

/**
 * spdm_buf_free() - free a buffer's bytes and empty it
 * @buf: buffer
 */
void spdm_buf_free(struct spdm_buf *buf)
{
	kvfree(buf->data);
	*buf = (struct spdm_buf){};
}
EXPORT_SYMBOL_IF_KUNIT(spdm_buf_free);

/**
 * spdm_call_transport() - carry one message with a transport, checked
 * @spdm: SPDM context
 * @transport: the plain or the secured transport
 * @req_code: the request whose step this is, for the log
 * @req: the message
 * @req_sz: its size
 * @buf: buffer of @spdm->transport_sz bytes for the answer
 *
 * A transport that claims more bytes than the buffer holds is broken:
 * its answer is refused rather than read past.
 *
 * Return: the bytes received, or a negative errno (logged).
 */
ssize_t spdm_call_transport(struct spdm_state *spdm, spdm_transport *transport,
			    u8 req_code, const void *req, size_t req_sz,
			    u8 *buf)
{
	ssize_t len;

	len = transport(spdm->transport_priv, spdm->dev, req, req_sz, buf,
			spdm->transport_sz);
	if (len < 0) {
		spdm_fail(spdm, req_code, "transport failed (%pe)",
			  ERR_PTR(len));
		return len;
	}
	if (len > spdm->transport_sz) {
		spdm_fail(spdm, req_code,
			  "transport returned %zd bytes into a %u byte buffer",
			  len, spdm->transport_sz);
		return -EIO;
	}
	return len;
}

/* Ask the transport once, inside the session if one is open */
static ssize_t spdm_transport_once(struct spdm_state *spdm, u8 req_code,
				   const void *req, size_t req_sz, u8 *buf)
{
	if (spdm->session.phase != SPDM_SESSION_NONE)
		return spdm_session_transport(spdm, req_code, req, req_sz, buf);
	return spdm_call_transport(spdm, spdm->transport, req_code, req,
				   req_sz, buf);
}

/*
 * Reassemble a large response with CHUNK_GET (1.2+) into spdm->rsp. Every
 * chunk must carry the handle and sequence number asked for, hold the
 * bytes it claims, advance, and fit the size the first chunk announced;
 * the last one must complete it exactly.
 *
 * The total may be smaller than our own DataTransferSize: a responder
 * chunks by its own buffer as well (DSP0274 leaves that to it, and
 * libspdm does so). It must fit the MaxSPDMmsgSize we announced, and
 * exceed MinDataTransferSize, below which no responder has a reason to
 * chunk.
 */
static ssize_t spdm_chunk_get(struct spdm_state *spdm, u8 code, u8 version,
			      u8 handle)
{
	const struct spdm_chunk_rsp *rsp;
	struct spdm_chunk_get req = {};
	size_t total = 0, done = 0;
	u16 seq = 0;

	if (!spdm->chunk) {
		spdm->chunk = kvmalloc(spdm->transport_sz, GFP_KERNEL);
		if (!spdm->chunk)
			return -ENOMEM;
	}
	rsp = (const void *)spdm->chunk;
	spdm_init_header(&req.hdr, version, SPDM_CHUNK_GET, 0, handle);

	for (;;) {
		size_t hdr_sz = sizeof(*rsp) + (seq ? 0 : sizeof(__le32));
		struct spdm_error err = {};
		size_t size;
		ssize_t len;
		int rc;

		req.chunk_seq_no = cpu_to_le16(seq);
		if (time_after(jiffies, spdm->deadline)) {
			spdm_fail(spdm, code, "chunks took longer than %u ms",
				  spdm->op_timeout_ms);
			return -ETIMEDOUT;
		}
		len = spdm_transport_once(spdm, code, &req, sizeof(req),
					  spdm->chunk);
		if (len < 0)
			return len;
		rc = spdm_parse_response(spdm->chunk, len, hdr_sz, version,
					 SPDM_CHUNK_GET, &err);
		if (rc) {
			spdm_fail(spdm, code, "CHUNK_GET %u failed: %pe", seq,
				  ERR_PTR(rc));
			/* The device lost the connection: start over */
			if (err.code == SPDM_ERR_REQUEST_RESYNCH) {
				spdm->resynch = true;
				return rc;
			}
			return rc == -EMSGSIZE ? rc : -EPROTO;
		}
		size = le32_to_cpu(rsp->chunk_size);
		if (!seq)
			total = get_unaligned_le32(rsp + 1);
		if (rsp->hdr.param2 != handle ||
		    le16_to_cpu(rsp->chunk_seq_no) != seq ||
		    total <= SPDM_MIN_DATA_TRANSFER_SIZE ||
		    total > spdm->rsp_size ||
		    !size || size > len - hdr_sz || size > total - done) {
			spdm_fail(spdm, code,
				  "CHUNK_GET %u: handle %u, sequence %u, %zu bytes of %zu at %zu",
				  seq, rsp->hdr.param2,
				  le16_to_cpu(rsp->chunk_seq_no), size, total,
				  done);
			return -EPROTO;
		}
		memcpy(spdm->rsp + done, (const u8 *)rsp + hdr_sz, size);
		done += size;
		if (rsp->hdr.param1 & SPDM_CHUNK_LAST) {
			if (done != total) {
				spdm_fail(spdm, code,
					  "last chunk leaves %zu of %zu bytes",
					  done, total);
				return -EPROTO;
			}
			return total;
		}
		/* ChunkSeqNo must not wrap: it would announce a new total */
		if (done == total || seq == U16_MAX) {
			spdm_fail(spdm, code,
				  "chunks go on past %zu of %zu bytes (sequence %u)",
				  done, total, seq);
			return -EPROTO;
		}
		seq++;
	}
}

/**
 * spdm_start_op() - start the clock of a top-level operation
 * @spdm: SPDM context
 *
 * Every exchange until the next call must start within the context's
 * operation timeout (%SPDM_OP_TIMEOUT_MS) of this one.
 */
void spdm_start_op(struct spdm_state *spdm)
{
	spdm->deadline = jiffies + msecs_to_jiffies(spdm->op_timeout_ms);
	if (spdm->capped && time_after(spdm->deadline, spdm->deadline_cap))
		spdm->deadline = spdm->deadline_cap;
}

/**
 * spdm_set_deadline() - bound a sequence of operations as a whole
 * @spdm: SPDM context
 * @deadline: jiffies by which every exchange must have started
 *
 * Each operation (spdm_authenticate(), spdm_confirm(), ...) is bounded by
 * its own timeout; a caller that runs several where the system waits on
 * it, such as a same-device check in a resume, bounds them all: until
 * spdm_clear_deadline(), an exchange that would start after @deadline,
 * or a ResponseNotReady wait that would end after it, fails with
 * -ETIMEDOUT. The response to the last exchange may take one transport
 * timeout more.
 */
void spdm_set_deadline(struct spdm_state *spdm, unsigned long deadline)
{
	spdm->deadline_cap = deadline;
	spdm->capped = true;
	if (time_after(spdm->deadline, deadline))
		spdm->deadline = deadline;
}
EXPORT_SYMBOL_GPL(spdm_set_deadline);

/**
 * spdm_clear_deadline() - end what spdm_set_deadline() set
 * @spdm: SPDM context
 */
void spdm_clear_deadline(struct spdm_state *spdm)
{
	spdm->capped = false;
}
EXPORT_SYMBOL_GPL(spdm_clear_deadline);

/**
 * spdm_exchange() - send a request and receive its response
 * @spdm: SPDM context
 * @req: the request; its header says the version and the request code
 * @req_sz: size of @req
 * @min_rsp_sz: smallest valid response, header included
 *
 * The response lands in @spdm->rsp. A Busy device is asked again up to
 * %SPDM_BUSY_RETRIES times. A device that answers ResponseNotReady gets
 * the time it asks for, if that ends before the operation's deadline, and
 * then RESPOND_IF_READY, up to %SPDM_NOT_READY_RETRIES times. A response
 * the device sends as LargeResponse (1.2+) is fetched with CHUNK_GET and
 * reassembled, up to the MaxSPDMmsgSize we announced. Every failure is
 * logged once.
 *
 * Return: the number of bytes received, at least @min_rsp_sz, or a
 * negative errno: -ETIMEDOUT if the device stays not ready, the errno of
 * an ERROR response, -EMSGSIZE or -EPROTO for a malformed one, or the
 * transport's error.
 */
ssize_t spdm_exchange(struct spdm_state *spdm, const void *req,
		      size_t req_sz, size_t min_rsp_sz)
{
	const struct spdm_header *req_hdr = req;
	u8 code = req_hdr->code, version = req_hdr->version;
	unsigned int busy = 0, not_ready = 0;
	struct spdm_header if_ready;
	const void *send = req;
	size_t send_sz = req_sz;

	spdm->resynch = false;
	for (;;) {
		struct spdm_error err = {};
		ssize_t len;
		int rc;

		if (time_after(jiffies, spdm->deadline)) {
			spdm_fail(spdm, code, "operation took longer than %u ms",
				  spdm->op_timeout_ms);
			return -ETIMEDOUT;
		}

		len = spdm_transport_once(spdm, code, send, send_sz, spdm->rsp);
		if (len < 0)
			return len;

		rc = spdm_parse_response(spdm->rsp, len, min_rsp_sz, version,
					 code, &err);
		if (!rc)
			return len;

		if (rc == -EBUSY && err.code == SPDM_ERR_BUSY &&
		    busy++ < SPDM_BUSY_RETRIES) {
			msleep(SPDM_BUSY_DELAY_MS);
			continue;
		}

		if (rc == -EINPROGRESS) {
			const struct spdm_error_rsp_not_ready *nr = &err.not_ready;
			u32 wait_us;

			if (code == SPDM_GET_VERSION || nr->request_code != code) {
				spdm_fail(spdm, code,
					  "ResponseNotReady for request 0x%02x",
					  nr->request_code);
				return -EPROTO;
			}
			/*
			 * RDTExponent is a byte, which we take up to 2^31 us
			 * (as CTExponent); the operation's deadline bounds the
			 * wait. One that would end past it fails at once.
			 */
			wait_us = nr->rdt_exponent <= SPDM_MAX_RDT_EXPONENT ?
				  BIT(nr->rdt_exponent) : U32_MAX;
			if (nr->rdt_exponent > SPDM_MAX_RDT_EXPONENT ||
			    time_after(jiffies + usecs_to_jiffies(wait_us),
				       spdm->deadline)) {
				spdm_fail(spdm, code,
					  "device asks to wait 2^%u us, past the operation's deadline",
					  nr->rdt_exponent);
				return -ETIMEDOUT;
			}
			if (not_ready++ >= SPDM_NOT_READY_RETRIES) {
				spdm_fail(spdm, code,
					  "device not ready after %u tries (RDTExponent %u)",
					  not_ready, nr->rdt_exponent);
				return -ETIMEDOUT;
			}
			fsleep(wait_us);
			spdm_init_header(&if_ready, version,
					 SPDM_RESPOND_IF_READY, code, nr->token);
			send = &if_ready;
			send_sz = sizeof(if_ready);
			continue;
		}

		if (rc == -E2BIG && err.code == SPDM_ERR_LARGE_RESPONSE &&
		    spdm->negotiated && version >= SPDM_VER_12 &&
		    (spdm->neg.rsp_caps & SPDM_CAP_CHUNK)) {
			len = spdm_chunk_get(spdm, code, version,
					     err.large_handle);
			if (len < 0)
				return len;
			rc = spdm_parse_response(spdm->rsp, len, min_rsp_sz,
						 version, code, &err);
			if (!rc)
				return len;
			/* A large response must not be an ERROR or malformed */
			spdm_fail(spdm, code,
				  "malformed reassembled response (%zd bytes): %pe",
				  len, ERR_PTR(rc));
			return rc == -EMSGSIZE ? rc : -EPROTO;
		}

		spdm->resynch = err.code == SPDM_ERR_REQUEST_RESYNCH;
		if (err.code)
			spdm_fail(spdm, code,
				  "device returned ERROR %s (0x%02x), data 0x%02x",
				  spdm_error_name(err.code), err.code, err.data);
		else
			spdm_fail(spdm, code,
				  "malformed response (%zd bytes, code 0x%02x, version 0x%02x): %pe",
				  len, len >= 2 ? spdm->rsp[1] : 0,
				  len >= 1 ? spdm->rsp[0] : 0, ERR_PTR(rc));
		return rc;
	}
}
EXPORT_SYMBOL_IF_KUNIT(spdm_exchange);

/**
 * spdm_check_rsp_len() - check a response's size against its own fields
 * @spdm: SPDM context
 * @req_code: the request it answers
 * @received: bytes the transport returned
 * @msg_len: the response's size as its fields give it
 *
 * A transport may pad a response to whole dwords, as DOE does, but no
 * more: anything beyond is a malformed response.
 *
 * Return: 0, or -EMSGSIZE (logged) if the response is short or long.
 */
int spdm_check_rsp_len(const struct spdm_state *spdm, u8 req_code,
		       ssize_t received, size_t msg_len)
{
	if (received < 0 || (size_t)received < msg_len) {
		spdm_fail(spdm, req_code, "response needs %zu bytes, got %zd",
			  msg_len, received);
		return -EMSGSIZE;
	}
	if ((size_t)received > ALIGN(msg_len, 4)) {
		spdm_fail(spdm, req_code,
			  "response of %zu bytes followed by %zu more",
			  msg_len, (size_t)received - msg_len);
		return -EMSGSIZE;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_check_rsp_len);

/**
 * spdm_check_opaque() - check the OpaqueData of a response
 * @spdm: SPDM context, for the negotiated version and format
 * @req_code: the request it answers
 * @p: the opaque data; the caller has checked it was received
 * @len: OpaqueDataLength
 *
 * At most %SPDM_MAX_OPAQUE_DATA bytes. From 1.2 on: none at all unless a
 * format was negotiated, and in the general format (format 1) a table of
 * elements within @len: TotalElements (at least one), three
 * reserved bytes, then each element's ID, VendorLen, vendor ID, a 16-bit
 * OpaqueElementDataLen, its data and zero padding to a multiple of 4.
 * Bytes after the last element are ignored, as libspdm does: DSP0274
 * does not forbid them and nothing here reads them.
 *
 * Return: 0, or -EPROTO (logged).
 */
int spdm_check_opaque(const struct spdm_state *spdm, u8 req_code,
		      const u8 *p, size_t len)
{
	size_t off = 4;
	unsigned int n;

	if (len > SPDM_MAX_OPAQUE_DATA)
		goto bad;
	if (spdm->neg.version < SPDM_VER_12 || !len ||
	    spdm->neg.opaque_fmt == SPDM_OPAQUE_FMT_0)
		return 0;
	if (spdm->neg.opaque_fmt != SPDM_OPAQUE_FMT_1 || len % 4 || len < 4 ||
	    !p[0])
		goto bad;
	for (n = 0; n < p[0]; n++) {
		size_t vlen, dlen;

		if (len - off < 2)
			goto bad;
		vlen = p[off + 1];
		off += 2;
		if (len - off < vlen + 2)
			goto bad;
		dlen = get_unaligned_le16(p + off + vlen);
		off += vlen + 2;
		if (len - off < dlen)
			goto bad;
		off += dlen;
		off = ALIGN(off, 4);
		if (off > len)
			goto bad;
	}
	return 0;
bad:
	spdm_fail(spdm, req_code, "malformed OpaqueData of %zu bytes", len);
	return -EPROTO;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_check_opaque);

/**
 * spdm_create() - allocate an SPDM context for a device
 * @dev: the device, used for log messages and passed to @transport
 * @transport: carries one request and its response
 * @transport_priv: passed to @transport
 * @transport_sz: the largest message @transport carries, at least
 *	%SPDM_MIN_DATA_TRANSFER_SIZE bytes
 *
 * The context holds no connection yet: spdm_negotiate() or
 * spdm_authenticate() start one.
 *
 * Return: the context, or NULL if @transport_sz is too small or memory
 * is short.
 */
struct spdm_state *spdm_create(struct device *dev, spdm_transport *transport,
			       void *transport_priv, u32 transport_sz)
{
	struct spdm_state *spdm;

	if (transport_sz < SPDM_MIN_DATA_TRANSFER_SIZE)
		return NULL;

	spdm = kzalloc_obj(*spdm);
	if (!spdm)
		return NULL;
	spdm->rsp_size = max_t(size_t, transport_sz, SPDM_MAX_LARGE_MSG);
	spdm->rsp = kvmalloc(spdm->rsp_size, GFP_KERNEL);
	if (!spdm->rsp) {
		kfree(spdm);
		return NULL;
	}
	spdm->dev = dev;
	spdm->transport = transport;
	spdm->transport_priv = transport_priv;
	spdm->transport_sz = transport_sz;
	spdm->auth_slot = -1;
	spdm->op_timeout_ms = SPDM_OP_TIMEOUT_MS;
	return spdm;
}
EXPORT_SYMBOL_GPL(spdm_create);

/**
 * spdm_destroy() - free an SPDM context and all evidence it holds
 * @spdm: SPDM context, or NULL
 */
void spdm_destroy(struct spdm_state *spdm)
{
	if (!spdm)
		return;
	spdm_session_close(spdm);
	spdm_forget(spdm);
	for (unsigned int i = 0; i < SPDM_MAX_SLOTS; i++)
		kvfree(spdm->slot[i].chain);
	spdm_buf_free(&spdm->transcript);
	spdm_buf_free(&spdm->signed_ev.transcript);
	spdm_buf_free(&spdm->meas.record);
	spdm_buf_free(&spdm->vca);
	kvfree(spdm->chunk);
	kvfree(spdm->rsp);
	kfree(spdm);
}
EXPORT_SYMBOL_GPL(spdm_destroy);

MODULE_DESCRIPTION("DMTF SPDM requester library");
MODULE_LICENSE("GPL");
