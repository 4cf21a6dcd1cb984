// SPDX-License-Identifier: GPL-2.0
/*
 * An SPDM responder for KUnit tests
 *
 * It answers the requester library in-process, as a device behind a DOE
 * mailbox would: responses are padded to whole dwords unless told not to.
 * Knobs in struct spdm_test_responder make it busy, slow, inconsistent or
 * malformed, so that each test can provoke one failure.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "../spdm.h"
#include "spdm_test_responder.h"

/**
 * spdm_test_memdup() - kmemdup() whose copy KUnit frees after the test
 * @test: the test
 * @p: bytes to copy
 * @len: how many
 * @gfp: allocation flags
 *
 * Return: the copy, or NULL.
 */
void *spdm_test_memdup(struct kunit *test, const void *p, size_t len,
		       gfp_t gfp)
{
	void *copy = kunit_kmalloc(test, len, gfp);

	if (copy)
		memcpy(copy, p, len);
	return copy;
}

/**
 * spdm_test_responder_init() - a well-behaved responder of one version
 * @rsp: responder to set up
 * @version: the one version it offers, e.g. %SPDM_VER_12
 */
void spdm_test_responder_init(struct spdm_test_responder *rsp, u8 version)
{
	memset(rsp, 0, sizeof(*rsp));
	rsp->versions[0] = version << 8;
	rsp->nr_versions = 1;
	rsp->ct_exponent = 12;
	rsp->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL |
		    FIELD_PREP(SPDM_CAP_MEAS, SPDM_CAP_MEAS_SIGNED);
	rsp->data_transfer_size = 1024;
	rsp->max_spdm_msg_size = 1024;
	rsp->meas_hash_sel = SPDM_MEAS_HASH_SHA_384;
	rsp->meas_spec_sel = SPDM_MEAS_SPEC_DMTF;
	rsp->opaque_sel = version >= SPDM_VER_12 ? SPDM_OPAQUE_FMT_1 : 0;
	rsp->fault_offset = -1;
	rsp->fault_len = -1;
}

static void *spdm_test_put(struct spdm_test_responder *rsp, size_t len)
{
	void *p = rsp->msg + rsp->msg_len;

	memset(p, 0, len);
	rsp->msg_len += len;
	return p;
}

static void spdm_test_error(struct spdm_test_responder *rsp, u8 code,
			    u8 data)
{
	struct spdm_header *hdr = spdm_test_put(rsp, sizeof(*hdr));

	spdm_init_header(hdr, rsp->version, SPDM_ERROR, code, data);
}

static void spdm_test_version(struct spdm_test_responder *rsp)
{
	struct spdm_header *hdr = spdm_test_put(rsp, sizeof(*hdr));
	u8 *p = spdm_test_put(rsp, 2);

	spdm_init_header(hdr, SPDM_VER_10, SPDM_RSP_CODE(SPDM_GET_VERSION),
			 0, 0);
	p[1] = rsp->version_count_lie ?: rsp->nr_versions;
	for (unsigned int i = 0; i < rsp->nr_versions; i++)
		put_unaligned_le16(rsp->versions[i], spdm_test_put(rsp, 2));
}

static void spdm_test_capabilities(struct spdm_test_responder *rsp)
{
	struct spdm_capabilities *caps = spdm_test_put(rsp, sizeof(*caps));

	spdm_init_header(&caps->hdr, rsp->version,
			 SPDM_RSP_CODE(SPDM_GET_CAPABILITIES), 0, 0);
	caps->ct_exponent = rsp->ct_exponent;
	caps->flags = cpu_to_le32(rsp->caps);
	if (rsp->version >= SPDM_VER_12) {
		caps->data_transfer_size = cpu_to_le32(rsp->data_transfer_size);
		caps->max_spdm_msg_size = cpu_to_le32(rsp->max_spdm_msg_size);
	} else {
		rsp->msg_len = SPDM_CAPS_LEN_11;
	}
}

static void spdm_test_algorithms(struct spdm_test_responder *rsp,
				 const struct spdm_negotiate_algs *req)
{
	struct spdm_algs *algs = spdm_test_put(rsp, sizeof(*algs));

	rsp->last_offered_asym = le32_to_cpu(req->base_asym_algo);
	rsp->last_offered_hash = le32_to_cpu(req->base_hash_algo);
	spdm_init_header(&algs->hdr, rsp->version,
			 SPDM_RSP_CODE(SPDM_NEGOTIATE_ALGORITHMS),
			 rsp->nr_alg_structs, 0);
	algs->measurement_specification_sel = rsp->meas_spec_sel;
	if (rsp->version >= SPDM_VER_12)
		algs->other_params_sel = rsp->opaque_sel;
	algs->measurement_hash_algo = cpu_to_le32(rsp->meas_hash_sel);
	algs->base_asym_sel = cpu_to_le32(rsp->asym_sel ?:
		(rsp->last_offered_asym & -rsp->last_offered_asym));
	algs->base_hash_sel = cpu_to_le32(rsp->hash_sel ?:
		(rsp->last_offered_hash & -rsp->last_offered_hash));
	for (unsigned int i = 0; i < rsp->nr_alg_structs; i++) {
		struct spdm_alg_struct *s = spdm_test_put(rsp, sizeof(*s));

		s->alg_type = SPDM_ALG_TYPE_DHE + i;
		s->alg_count = 0x20;
		s->alg_supported = cpu_to_le16(BIT(0));
	}
	algs->length = cpu_to_le16(rsp->msg_len);
}

/* Build the real answer to @req into rsp->msg */
static void spdm_test_answer(struct spdm_test_responder *rsp,
			     const u8 *req, size_t req_sz)
{
	const struct spdm_header *hdr = (const void *)req;

	switch (hdr->code) {
	case SPDM_GET_VERSION:
		spdm_test_version(rsp);
		break;
	case SPDM_GET_CAPABILITIES:
		spdm_test_capabilities(rsp);
		break;
	case SPDM_NEGOTIATE_ALGORITHMS:
		if (req_sz < sizeof(struct spdm_negotiate_algs)) {
			spdm_test_error(rsp, SPDM_ERR_INVALID_REQUEST, 0);
			break;
		}
		spdm_test_algorithms(rsp, (const void *)req);
		break;
	default:
		spdm_test_error(rsp, SPDM_ERR_UNSUPPORTED_REQUEST, 0);
		break;
	}
}

/**
 * spdm_test_transport() - the &spdm_transport of the test responder
 * @priv: the struct spdm_test_responder
 * @dev: unused
 * @request: the request
 * @request_sz: its size
 * @response: where the response goes
 * @response_sz: room there
 *
 * Return: bytes of response, padded to a dword, or an errno.
 */
ssize_t spdm_test_transport(void *priv, struct device *dev,
			    const void *request, size_t request_sz,
			    void *response, size_t response_sz)
{
	struct spdm_test_responder *rsp = priv;
	const struct spdm_header *hdr = request;
	size_t len;

	rsp->exchanges++;
	if (rsp->transport_err)
		return rsp->transport_err;
	if (request_sz < sizeof(*hdr) || request_sz > sizeof(rsp->saved_req))
		return -EINVAL;

	rsp->msg_len = 0;
	rsp->version = hdr->version;

	if (hdr->code == SPDM_RESPOND_IF_READY) {
		rsp->rif_received++;
		if (!rsp->pending || hdr->param1 != rsp->pending) {
			spdm_test_error(rsp, SPDM_ERR_UNEXPECTED_REQUEST, 0);
			goto send;
		}
		request = rsp->saved_req;
		request_sz = rsp->saved_sz;
		hdr = request;
		rsp->pending = 0;
	}

	if (rsp->busy) {
		rsp->busy--;
		spdm_test_error(rsp, SPDM_ERR_BUSY, 0);
		goto send;
	}
	if (rsp->not_ready) {
		u8 *ext;

		rsp->not_ready--;
		spdm_test_error(rsp, SPDM_ERR_RESPONSE_NOT_READY, 0);
		ext = spdm_test_put(rsp, 4);
		ext[0] = rsp->rdt_exponent;
		ext[1] = rsp->not_ready_code ?: hdr->code;
		ext[2] = 0x5a;
		ext[3] = 2;
		memcpy(rsp->saved_req, request, request_sz);
		rsp->saved_sz = request_sz;
		rsp->pending = hdr->code;
		goto send;
	}

	spdm_test_answer(rsp, request, request_sz);

	if (rsp->fault_code && rsp->fault_code == hdr->code) {
		if (rsp->fault_offset >= 0 && rsp->fault_offset < rsp->msg_len)
			rsp->msg[rsp->fault_offset] ^= rsp->fault_xor;
		if (rsp->fault_len >= 0)
			rsp->msg_len = min_t(size_t, rsp->fault_len,
					     sizeof(rsp->msg));
	}

send:
	len = rsp->msg_len;
	if (!rsp->no_padding) {
		len = min(ALIGN(len, 4), sizeof(rsp->msg));
		memset(rsp->msg + rsp->msg_len, 0, len - rsp->msg_len);
	}
	if (len > response_sz)
		len = response_sz;
	memcpy(response, rsp->msg, len);
	if (rsp->overrun)
		return response_sz + rsp->overrun;
	return len;
}
