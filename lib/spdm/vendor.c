// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: VENDOR_DEFINED_REQUEST
 *
 * Other standards carry their own protocols in SPDM vendor-defined
 * messages, named by a registry (StandardID) and a vendor ID within it:
 * PCIe TDISP and IDE_KM are PCI-SIG's. The library checks the envelope,
 * that the response names the same registry and vendor and that its
 * payload lies within it, and hands the payload to the caller, who
 * parses it. Inside a secure session the messages are protected like
 * any other.
 *
 * Specification: DMTF DSP0274 versions 1.0 to 1.3, "VENDOR_DEFINED_REQUEST
 * request message".
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "spdm.h"

/* Header, StandardID, Len; then VendorID, ReqLength/RespLength, payload */
#define SPDM_VENDOR_HDR_SIZE	(sizeof(struct spdm_header) + 2 + 1)
#define SPDM_VENDOR_MAX_ID	8

/**
 * spdm_vendor_request() - exchange one vendor-defined message
 * @spdm: SPDM context, negotiated (inside a session if one is open)
 * @standard_id: the registry, e.g. %SPDM_STANDARD_ID_PCISIG
 * @vendor_id: the vendor ID within it, little-endian as sent
 * @vendor_id_len: its size, at most 8 bytes
 * @req: the request payload
 * @req_len: its size
 * @rsp: buffer for the response payload
 * @rsp_size: its size
 *
 * Return: the size of the response payload, or a negative errno:
 * -ENOTCONN without a negotiated connection; -EINVAL for a vendor ID or
 * request too large; -EPROTO if the response names another registry or
 * vendor; -EMSGSIZE if its payload does not fit the response or @rsp;
 * or the error of the exchange.
 */
ssize_t spdm_vendor_request(struct spdm_state *spdm, u16 standard_id,
			    const void *vendor_id, u8 vendor_id_len,
			    const void *req, size_t req_len, void *rsp,
			    size_t rsp_size)
{
	u8 msg[SPDM_MAX_SESSION_REQ_SIZE];
	size_t off = SPDM_VENDOR_HDR_SIZE, payload_len;
	const u8 *p = spdm->rsp;
	ssize_t len;

	if (!spdm->negotiated)
		return -ENOTCONN;
	if (vendor_id_len > SPDM_VENDOR_MAX_ID ||
	    req_len > sizeof(msg) - off - vendor_id_len - 2)
		return -EINVAL;

	spdm_start_op(spdm);
	spdm_init_header((struct spdm_header *)msg, spdm->neg.version,
			 SPDM_VENDOR_DEFINED_REQUEST, 0, 0);
	put_unaligned_le16(standard_id, msg + 4);
	msg[6] = vendor_id_len;
	memcpy(msg + off, vendor_id, vendor_id_len);
	off += vendor_id_len;
	put_unaligned_le16(req_len, msg + off);
	off += 2;
	memcpy(msg + off, req, req_len);
	off += req_len;

	len = spdm_exchange(spdm, msg, off, SPDM_VENDOR_HDR_SIZE);
	if (len < 0)
		return len;
	if (get_unaligned_le16(p + 4) != standard_id ||
	    p[6] != vendor_id_len ||
	    len < SPDM_VENDOR_HDR_SIZE + vendor_id_len + 2 ||
	    memcmp(p + SPDM_VENDOR_HDR_SIZE, vendor_id, vendor_id_len)) {
		spdm_fail(spdm, SPDM_VENDOR_DEFINED_REQUEST,
			  "response for StandardID %u with a %u byte VendorID in %zd bytes",
			  get_unaligned_le16(p + 4), p[6], len);
		return -EPROTO;
	}
	off = SPDM_VENDOR_HDR_SIZE + vendor_id_len;
	payload_len = get_unaligned_le16(p + off);
	off += 2;
	if (spdm_check_rsp_len(spdm, SPDM_VENDOR_DEFINED_REQUEST, len,
			       off + payload_len))
		return -EMSGSIZE;
	if (payload_len > rsp_size) {
		spdm_fail(spdm, SPDM_VENDOR_DEFINED_REQUEST,
			  "%zu byte payload, room for %zu", payload_len,
			  rsp_size);
		return -EMSGSIZE;
	}
	memcpy(rsp, p + off, payload_len);
	return payload_len;
}
EXPORT_SYMBOL_GPL(spdm_vendor_request);
