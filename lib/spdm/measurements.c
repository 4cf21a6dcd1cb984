// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: signed measurements
 *
 * GET_MEASUREMENTS asks the responder for measurement blocks: digests or
 * raw values of its firmware and configuration. The last request of a
 * series carries the verifier's nonce and asks for a signature, which
 * covers the whole series ("L1": from SPDM 1.2 on, preceded by the VCA
 * exchange). The library parses every block within bounds, verifies the
 * signature with the leaf key of the authenticated slot, and keeps the
 * blocks and the exact signed bytes, so that the verifier can check all
 * of it again on its own.
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3, "GET_MEASUREMENTS
 * request and MEASUREMENTS response messages", and "Measurement block".
 */

#include <keys/x509-parser.h>
#include <linux/bitfield.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "spdm.h"

static size_t spdm_meas_hash_size(u32 meas_hash_alg)
{
	switch (meas_hash_alg) {
	case SPDM_MEAS_HASH_SHA_256:
	case SPDM_MEAS_HASH_SHA3_256:
		return 32;
	case SPDM_MEAS_HASH_SHA_384:
	case SPDM_MEAS_HASH_SHA3_384:
		return 48;
	case SPDM_MEAS_HASH_SHA_512:
	case SPDM_MEAS_HASH_SHA3_512:
		return 64;
	default:
		return 0;
	}
}

/**
 * spdm_parse_meas_record() - parse a MeasurementRecord into blocks
 * @spdm: SPDM context, for the negotiated algorithms and the log
 * @rec: the record
 * @len: its size, MeasurementRecordLength
 * @nr_blocks: NumberOfBlocks the response announced
 * @blocks: array of at least @nr_blocks entries to fill in
 *
 * Every block must lie within @len and have an index from 1 to 254; the
 * blocks must fill @len exactly and their number must be @nr_blocks. A
 * DMTF block's value size must agree with its block size, and a digest
 * must have the negotiated size.
 *
 * Return: 0, or -EPROTO (logged) for a malformed record.
 */
int spdm_parse_meas_record(const struct spdm_state *spdm, const u8 *rec,
			   size_t len, unsigned int nr_blocks,
			   struct spdm_meas_block *blocks)
{
	size_t dlen = spdm_meas_hash_size(spdm->neg.meas_hash_alg);
	size_t off = 0;
	unsigned int n;

	for (n = 0; off < len; n++) {
		struct spdm_meas_block *b = &blocks[n];
		size_t size;

		if (n == nr_blocks || len - off < SPDM_MEAS_BLOCK_HDR_SIZE)
			goto bad;
		size = get_unaligned_le16(rec + off + 2);
		if (size > len - off - SPDM_MEAS_BLOCK_HDR_SIZE)
			goto bad;

		b->index = rec[off];
		b->spec = rec[off + 1];
		if (!b->index || b->index > SPDM_MAX_MEAS_BLOCKS)
			goto bad;
		b->raw = rec + off;
		b->raw_len = SPDM_MEAS_BLOCK_HDR_SIZE + size;
		b->value = NULL;
		b->value_size = 0;
		b->value_type = 0;

		if (b->spec & SPDM_MEAS_SPEC_DMTF) {
			const u8 *m = rec + off + SPDM_MEAS_BLOCK_HDR_SIZE;

			if (size < SPDM_MEAS_DMTF_HDR_SIZE ||
			    get_unaligned_le16(m + 1) !=
			    size - SPDM_MEAS_DMTF_HDR_SIZE)
				goto bad;
			b->value_type = m[0];
			b->value_size = size - SPDM_MEAS_DMTF_HDR_SIZE;
			b->value = m + SPDM_MEAS_DMTF_HDR_SIZE;
			if (!(b->value_type & SPDM_MEAS_VALUE_RAW) &&
			    b->value_size != dlen)
				goto bad;
		}
		off += b->raw_len;
	}
	if (n != nr_blocks)
		goto bad;
	return 0;

bad:
	spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
		  "malformed measurement record: block %u at offset %zu of %zu, %u announced",
		  n, off, len, nr_blocks);
	return -EPROTO;
}
EXPORT_SYMBOL_IF_KUNIT(spdm_parse_meas_record);

/*
 * One GET_MEASUREMENTS exchange for @operation (an index, or all).
 * Appends the exchange to the transcript and the blocks to the evidence.
 * With @nonce, asks for the signature and verifies it.
 */
static int spdm_measure_one(struct spdm_state *spdm, u8 operation,
			    const u8 *nonce)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_meas *meas = &spdm->meas;
	const u8 *rsp = spdm->rsp;
	u8 req[4 + SPDM_NONCE_SIZE + 1 + SPDM_REQ_CONTEXT_SIZE];
	size_t req_sz = 4, off, rec_len, opaque, slen = 0;
	u8 ctx[SPDM_REQ_CONTEXT_SIZE];
	unsigned int nr;
	ssize_t len;
	u8 slot = spdm->auth_slot;
	int rc;

	spdm_init_header((void *)req, neg->version, SPDM_GET_MEASUREMENTS,
			 nonce ? SPDM_MEAS_ATTR_SIGNATURE : 0, operation);
	if (nonce) {
		memcpy(req + req_sz, nonce, SPDM_NONCE_SIZE);
		req_sz += SPDM_NONCE_SIZE;
		if (neg->version >= SPDM_VER_11)
			req[req_sz++] = slot;
		slen = spdm_sig_size(neg->base_asym_alg);
	}
	if (neg->version >= SPDM_VER_13) {
		get_random_bytes(ctx, sizeof(ctx));
		memcpy(req + req_sz, ctx, sizeof(ctx));
		req_sz += sizeof(ctx);
	}

	len = spdm_exchange(spdm, req, req_sz, SPDM_MEAS_RSP_HDR_SIZE);
	if (len < 0)
		return len;

	nr = rsp[4];
	rec_len = get_unaligned_le24(rsp + 5);
	/* Record, nonce and OpaqueDataLength must fit what was received */
	if (len < SPDM_MEAS_RSP_HDR_SIZE + SPDM_NONCE_SIZE + 2 ||
	    rec_len > len - SPDM_MEAS_RSP_HDR_SIZE - SPDM_NONCE_SIZE - 2) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "MeasurementRecordLength %zu in a %zd byte response",
			  rec_len, len);
		return -EMSGSIZE;
	}
	off = SPDM_MEAS_RSP_HDR_SIZE + rec_len + SPDM_NONCE_SIZE;
	opaque = get_unaligned_le16(rsp + off);
	off += 2;
	/* Over the limit is -EPROTO below; within it, it must be there */
	if (opaque <= SPDM_MAX_OPAQUE_DATA && opaque > len - off) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "OpaqueDataLength %zu in a %zd byte response", opaque,
			  len);
		return -EMSGSIZE;
	}
	rc = spdm_check_opaque(spdm, SPDM_GET_MEASUREMENTS, rsp + off, opaque);
	if (rc)
		return rc;
	off += opaque;
	if (neg->version >= SPDM_VER_13)
		off += SPDM_REQ_CONTEXT_SIZE;
	rc = spdm_check_rsp_len(spdm, SPDM_GET_MEASUREMENTS, len, off + slen);
	if (rc)
		return rc;

	if (!nr || nr == 0xff ||
	    (operation != SPDM_MEAS_OP_ALL && nr != 1) ||
	    (nonce && neg->version >= SPDM_VER_11 &&
	     (rsp[3] & 0xf) != slot) ||
	    (!nonce && neg->version >= SPDM_VER_12 &&
	     (rsp[3] & SPDM_MEAS_CONTENT_CHANGED))) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "%u blocks for operation 0x%02x, param2 0x%02x",
			  nr, operation, rsp[3]);
		return -EPROTO;
	}
	if (neg->version >= SPDM_VER_13 &&
	    memcmp(rsp + off - SPDM_REQ_CONTEXT_SIZE, ctx, sizeof(ctx))) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "RequesterContext not echoed");
		return -EPROTO;
	}

	/* Each response's record must hold exactly the blocks it announces */
	if (meas->nr_blocks + nr > SPDM_MAX_MEAS_BLOCKS) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS, "too many blocks");
		return -EPROTO;
	}
	rc = spdm_parse_meas_record(spdm, rsp + SPDM_MEAS_RSP_HDR_SIZE, rec_len,
				    nr, meas->blocks + meas->nr_blocks);
	if (rc)
		return rc;
	if (operation != SPDM_MEAS_OP_ALL &&
	    meas->blocks[meas->nr_blocks].index != operation) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "asked for index %u, got %u", operation,
			  meas->blocks[meas->nr_blocks].index);
		return -EPROTO;
	}
	rc = spdm_buf_append(&meas->record, rsp + SPDM_MEAS_RSP_HDR_SIZE,
			     rec_len);
	if (rc)
		return rc;
	rc = spdm_buf_append(&spdm->transcript, req, req_sz);
	if (!rc)
		rc = spdm_buf_append(&spdm->transcript, rsp, off);
	if (rc)
		return rc;
	meas->nr_blocks += nr;

	if (!nonce)
		return 0;

	rc = spdm_verify_signature(neg, spdm->leaf->pub,
				   SPDM_CONTEXT_MEASUREMENTS,
				   spdm->transcript.data, spdm->transcript.len,
				   rsp + off);
	if (rc) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "signature does not verify with slot %u's leaf key: %pe",
			  slot, ERR_PTR(rc));
		return rc;
	}

	swap(spdm->signed_ev.transcript, spdm->transcript);
	spdm->transcript.len = 0;
	memcpy(spdm->signed_ev.sig, rsp + off, slen);
	spdm->signed_ev.sig_len = slen;
	memcpy(spdm->signed_ev.req_nonce, nonce, SPDM_NONCE_SIZE);
	memcpy(spdm->signed_ev.rsp_nonce, rsp + SPDM_MEAS_RSP_HDR_SIZE + rec_len,
	       SPDM_NONCE_SIZE);
	spdm->signed_ev.meas_summary_len = 0;
	spdm->signed_ev.request_code = SPDM_GET_MEASUREMENTS;
	spdm->signed_ev.valid = true;
	return 0;
}

/**
 * spdm_get_measurements() - get signed measurements
 * @spdm: SPDM context, authenticated with spdm_authenticate()
 * @nonce: the verifier's nonce, %SPDM_NONCE_SIZE bytes, for the signature
 * @indices: measurement indices (1 to 254) to get, or NULL for all
 * @nr_indices: how many, at most %SPDM_MAX_MEAS_BLOCKS
 *
 * With @indices, asks for each index in turn and for the signature with
 * the last one, so that it covers them all; otherwise one signed request
 * for all blocks. The signature is verified with the leaf key of the
 * authenticated slot. Afterwards spdm_measurements() gives the blocks and
 * spdm_last_signed() the signed bytes, the signature and both nonces.
 *
 * Return: 0, or a negative errno, logged once: -EINVAL for bad arguments
 * or an unauthenticated context, -ECONNRESET if the device lost the
 * connection (authenticate again), -EOPNOTSUPP if the device cannot sign
 * measurements, -EPROTO or -EMSGSIZE for a malformed response,
 * -EKEYREJECTED if the signature does not verify, -ETIMEDOUT, -ENOMEM, or
 * the errno of an ERROR response.
 */
int spdm_get_measurements(struct spdm_state *spdm, const u8 *nonce,
			  const u8 *indices, unsigned int nr_indices)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_meas *meas = &spdm->meas;
	unsigned int i;
	int rc;

	if (!nonce || (indices && (!nr_indices ||
				   nr_indices > SPDM_MAX_MEAS_BLOCKS)))
		return -EINVAL;
	for (i = 0; indices && i < nr_indices; i++)
		if (!indices[i] || indices[i] >= SPDM_MEAS_OP_ALL)
			return -EINVAL;
	if (!spdm->negotiated || spdm->auth_slot < 0 || !spdm->leaf) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "no authenticated slot to verify with");
		return -EINVAL;
	}
	if (FIELD_GET(SPDM_CAP_MEAS, neg->rsp_caps) != SPDM_CAP_MEAS_SIGNED) {
		spdm_fail(spdm, SPDM_GET_MEASUREMENTS,
			  "device cannot sign measurements (flags 0x%08x)",
			  neg->rsp_caps);
		return -EOPNOTSUPP;
	}

	spdm_start_op(spdm);
	/* L1 starts afresh; from 1.2 on, with the VCA exchange */
	spdm->signed_ev.valid = false;
	spdm->transcript.len = 0;
	meas->record.len = 0;
	meas->nr_blocks = 0;
	meas->valid = false;
	if (neg->version >= SPDM_VER_12) {
		rc = spdm_buf_append(&spdm->transcript, spdm->vca.data,
				     spdm->vca.len);
		if (rc)
			return rc;
	}

	if (!indices) {
		rc = spdm_measure_one(spdm, SPDM_MEAS_OP_ALL, nonce);
	} else {
		for (i = 0, rc = 0; i < nr_indices && !rc; i++)
			rc = spdm_measure_one(spdm, indices[i],
					      i == nr_indices - 1 ? nonce : NULL);
	}
	if (rc)
		return rc;

	/* Parse the record again as kept, so that the blocks point into it */
	rc = spdm_parse_meas_record(spdm, meas->record.data, meas->record.len,
				    meas->nr_blocks, meas->blocks);
	if (rc) {
		spdm->signed_ev.valid = false;
		return rc;
	}
	meas->valid = true;
	return 0;
}
EXPORT_SYMBOL_GPL(spdm_get_measurements);

/**
 * spdm_measurements() - the blocks of the last spdm_get_measurements()
 * @spdm: SPDM context
 * @nr: set to the number of blocks
 *
 * Return: the blocks, valid until the next call on @spdm, or NULL if the
 * last spdm_get_measurements() failed or there was none.
 */
const struct spdm_meas_block *spdm_measurements(const struct spdm_state *spdm,
						unsigned int *nr)
{
	if (!spdm->meas.valid) {
		*nr = 0;
		return NULL;
	}
	*nr = spdm->meas.nr_blocks;
	return spdm->meas.blocks;
}
EXPORT_SYMBOL_GPL(spdm_measurements);
