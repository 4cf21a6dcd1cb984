// SPDX-License-Identifier: GPL-2.0
/*
 * SPDM requester library: authentication
 *
 * GET_DIGESTS learns which slots hold a chain and the digest of each.
 * GET_CERTIFICATE reads the chosen slot's chain in portions, unless the
 * chain held from before has the same digest. CHALLENGE then makes the
 * responder sign the transcript of the whole exchange with a fresh nonce
 * of ours: the signature, checked with the chain's leaf key, proves the
 * device holds that key now. That is all "authenticated" means here; the
 * chain itself is for a verifier in userspace to judge.
 *
 * Specification: DMTF DSP0274 (SPDM) versions 1.0 to 1.3.
 */

#include <keys/x509-parser.h>
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "spdm.h"

/**
 * spdm_forget() - drop the result of the last authentication
 * @spdm: SPDM context
 *
 * Chains read from the device stay, so that an unchanged one need not be
 * read again.
 */
void spdm_forget(struct spdm_state *spdm)
{
	if (spdm->leaf)
		x509_free_certificate(spdm->leaf);
	spdm->leaf = NULL;
	spdm->auth_slot = -1;
	spdm->signed_ev.valid = false;
	spdm->meas.valid = false;
}

static int spdm_transcript_add(struct spdm_state *spdm, u8 req_code,
			       const void *req, size_t req_sz,
			       const void *rsp, size_t rsp_sz)
{
	int rc = spdm_buf_append(&spdm->transcript, req, req_sz);

	if (!rc)
		rc = spdm_buf_append(&spdm->transcript, rsp, rsp_sz);
	if (rc)
		spdm_fail(spdm, req_code, "transcript: %pe", ERR_PTR(rc));
	return rc;
}

static int spdm_get_digests(struct spdm_state *spdm, u8 slot)
{
	size_t hlen = spdm_hash_size(spdm->neg.base_hash_alg);
	const struct spdm_header *rsp = (const void *)spdm->rsp;
	struct spdm_header req;
	unsigned int nr, idx;
	size_t rsp_sz;
	ssize_t len;
	int rc;

	spdm_init_header(&req, spdm->neg.version, SPDM_GET_DIGESTS, 0, 0);
	len = spdm_exchange(spdm, &req, sizeof(req), sizeof(*rsp));
	if (len < 0)
		return len;

	/* param2: SlotMask (1.0-1.2), ProvisionedSlotMask (1.3) */
	nr = hweight8(rsp->param2);
	rsp_sz = sizeof(*rsp) + nr * hlen;
	rc = spdm_check_rsp_len(spdm, SPDM_GET_DIGESTS, len, rsp_sz);
	if (rc)
		return rc;
	if (!nr || (spdm->neg.version >= SPDM_VER_13 &&
		    (rsp->param2 & ~rsp->param1))) {
		spdm_fail(spdm, SPDM_GET_DIGESTS,
			  "slot masks: provisioned 0x%02x, supported 0x%02x",
			  rsp->param2, rsp->param1);
		return -EPROTO;
	}
	spdm->provisioned_slots = rsp->param2;
	if (!(rsp->param2 & BIT(slot))) {
		spdm_fail(spdm, SPDM_GET_DIGESTS,
			  "slot %u holds no certificate chain (slots 0x%02x)",
			  slot, rsp->param2);
		return -ENOENT;
	}

	/* Digests come in slot order, one per provisioned slot */
	idx = hweight8(rsp->param2 & (BIT(slot) - 1));
	memcpy(spdm->slot[slot].digest, (const u8 *)(rsp + 1) + idx * hlen,
	       hlen);

	/* GET_DIGESTS starts the certificate part ("B") of the transcript */
	return spdm_transcript_add(spdm, SPDM_GET_DIGESTS, &req, sizeof(req),
				   rsp, rsp_sz);
}

/* Is the chain we hold for @slot the one DIGESTS describes? */
static bool spdm_chain_cached(struct spdm_state *spdm, u8 slot)
{
	const struct spdm_slot *s = &spdm->slot[slot];
	u8 digest[SPDM_MAX_HASH_SIZE];

	if (!s->chain)
		return false;
	spdm_hash(spdm->neg.base_hash_alg, s->chain, s->chain_len, digest);
	return !memcmp(digest, s->digest,
		       spdm_hash_size(spdm->neg.base_hash_alg));
}

/* Largest portion to ask for: what both sides can carry in one message */
static size_t spdm_cert_portion(const struct spdm_state *spdm)
{
	size_t max = min(spdm->neg.rsp_data_transfer_size, spdm->transport_sz);

	return min_t(size_t, max - sizeof(struct spdm_certificate_rsp),
		     SPDM_MAX_CHAIN_SIZE);
}

static int spdm_get_certificate(struct spdm_state *spdm, u8 slot)
{
	const struct spdm_certificate_rsp *rsp = (const void *)spdm->rsp;
	size_t offset = 0, total = 0, portion_max = spdm_cert_portion(spdm);
	struct spdm_get_certificate req = {};
	u8 *chain = NULL;
	int rc;

	spdm_init_header(&req.hdr, spdm->neg.version, SPDM_GET_CERTIFICATE,
			 slot, 0);
	do {
		size_t want = total ? min(total - offset, portion_max) :
				      portion_max;
		size_t portion, remainder;
		ssize_t len;

		req.offset = cpu_to_le16(offset);
		req.length = cpu_to_le16(want);
		len = spdm_exchange(spdm, &req, sizeof(req), sizeof(*rsp));
		if (len < 0) {
			rc = len;
			goto err;
		}
		portion = le16_to_cpu(rsp->portion_length);
		remainder = le16_to_cpu(rsp->remainder_length);
		rc = spdm_check_rsp_len(spdm, SPDM_GET_CERTIFICATE, len,
					sizeof(*rsp) + portion);
		if (rc)
			goto err;

		if ((rsp->hdr.param1 & 0xf) != slot || !portion ||
		    portion > want ||
		    (total && offset + portion + remainder != total) ||
		    (!total && portion + remainder > SPDM_MAX_CHAIN_SIZE)) {
			spdm_fail(spdm, SPDM_GET_CERTIFICATE,
				  "slot %u offset %zu: asked %zu, got portion %zu remainder %zu of %zu",
				  rsp->hdr.param1 & 0xf, offset, want, portion,
				  remainder, total);
			rc = -EPROTO;
			goto err;
		}
		if (!total) {
			total = portion + remainder;
			chain = kvmalloc(total, GFP_KERNEL);
			if (!chain) {
				rc = -ENOMEM;
				goto err;
			}
		}
		memcpy(chain + offset, rsp->cert_chain, portion);
		offset += portion;

		rc = spdm_transcript_add(spdm, SPDM_GET_CERTIFICATE, &req,
					 sizeof(req), rsp,
					 sizeof(*rsp) + portion);
		if (rc)
			goto err;
	} while (offset < total);

	/* Keep one copy of each chain: the new one replaces the old */
	kvfree(spdm->slot[slot].chain);
	spdm->slot[slot].chain = chain;
	spdm->slot[slot].chain_len = total;
	if (spdm_chain_cached(spdm, slot))
		return 0;

	spdm_fail(spdm, SPDM_GET_CERTIFICATE,
		  "slot %u chain does not match its digest", slot);
	spdm->slot[slot].chain = NULL;
	spdm->slot[slot].chain_len = 0;
	rc = -EKEYREJECTED;

err:
	kvfree(chain);
	return rc;
}

/*
 * CHALLENGE @slot, verify the signature with spdm->leaf, and keep what was
 * signed in @ev.
 */
static int spdm_challenge(struct spdm_state *spdm, u8 slot,
			  u8 summary_type, struct spdm_signed *ev)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	size_t hlen = spdm_hash_size(neg->base_hash_alg);
	size_t slen = spdm_sig_size(neg->base_asym_alg);
	const struct spdm_header *hdr = (const void *)spdm->rsp;
	size_t req_sz = SPDM_CHALLENGE_LEN_10, ms_len = 0, off, opaque;
	u8 chain_hash[SPDM_MAX_HASH_SIZE];
	struct spdm_challenge req = {};
	const u8 *rsp = spdm->rsp;
	ssize_t len;
	int rc;

	/* A device without measurements has no summary to give */
	if (!FIELD_GET(SPDM_CAP_MEAS, neg->rsp_caps))
		summary_type = SPDM_MEAS_SUMMARY_NONE;
	if (summary_type != SPDM_MEAS_SUMMARY_NONE)
		ms_len = hlen;

	spdm_init_header(&req.hdr, neg->version, SPDM_CHALLENGE, slot,
			 summary_type);
	get_random_bytes(req.nonce, sizeof(req.nonce));
	if (neg->version >= SPDM_VER_13) {
		get_random_bytes(req.requester_context,
				 sizeof(req.requester_context));
		req_sz = sizeof(req);
	}

	/* Header, CertChainHash, Nonce, summary, OpaqueDataLength */
	off = sizeof(*hdr) + hlen + SPDM_NONCE_SIZE + ms_len;
	len = spdm_exchange(spdm, &req, req_sz, off + 2);
	if (len < 0)
		return len;

	opaque = get_unaligned_le16(rsp + off);
	off += 2;
	/* Over the limit is -EPROTO below; within it, it must be there */
	if (opaque <= SPDM_MAX_OPAQUE_DATA && opaque > len - off) {
		spdm_fail(spdm, SPDM_CHALLENGE,
			  "OpaqueDataLength %zu in a %zd byte response", opaque,
			  len);
		return -EMSGSIZE;
	}
	rc = spdm_check_opaque(spdm, SPDM_CHALLENGE, rsp + off, opaque);
	if (rc)
		return rc;
	off += opaque;
	if (neg->version >= SPDM_VER_13)
		off += SPDM_REQ_CONTEXT_SIZE;
	rc = spdm_check_rsp_len(spdm, SPDM_CHALLENGE, len, off + slen);
	if (rc)
		return rc;

	if ((neg->version == SPDM_VER_10 ? hdr->param1 :
	     hdr->param1 & 0xf) != slot || !(hdr->param2 & BIT(slot)) ||
	    (hdr->param1 & SPDM_CHALLENGE_AUTH_MUT_AUTH)) {
		spdm_fail(spdm, SPDM_CHALLENGE,
			  "answer for slot 0x%02x, slot mask 0x%02x; asked slot %u",
			  hdr->param1, hdr->param2, slot);
		return -EPROTO;
	}
	spdm_hash(neg->base_hash_alg, spdm->slot[slot].chain,
		  spdm->slot[slot].chain_len, chain_hash);
	if (memcmp(rsp + sizeof(*hdr), chain_hash, hlen)) {
		spdm_fail(spdm, SPDM_CHALLENGE,
			  "CertChainHash is not the hash of slot %u's chain",
			  slot);
		return -EKEYREJECTED;
	}
	if (!memcmp(rsp + sizeof(*hdr) + hlen, req.nonce, SPDM_NONCE_SIZE)) {
		spdm_fail(spdm, SPDM_CHALLENGE, "responder echoed our nonce");
		return -EPROTO;
	}
	if (neg->version >= SPDM_VER_13 &&
	    memcmp(rsp + off - SPDM_REQ_CONTEXT_SIZE, req.requester_context,
		   SPDM_REQ_CONTEXT_SIZE)) {
		spdm_fail(spdm, SPDM_CHALLENGE, "RequesterContext not echoed");
		return -EPROTO;
	}

	/* M1: VCA, DIGESTS and CERTIFICATE, CHALLENGE, CHALLENGE_AUTH */
	rc = spdm_transcript_add(spdm, SPDM_CHALLENGE, &req, req_sz, rsp, off);
	if (rc)
		return rc;
	rc = spdm_verify_signature(neg, spdm->leaf->pub,
				   SPDM_CONTEXT_CHALLENGE_AUTH,
				   spdm->transcript.data, spdm->transcript.len,
				   rsp + off);
	if (rc) {
		spdm_fail(spdm, SPDM_CHALLENGE,
			  "signature does not verify with slot %u's leaf key: %pe",
			  slot, ERR_PTR(rc));
		return rc;
	}

	/* Keep the evidence: the exact signed bytes, signature and nonces */
	swap(ev->transcript, spdm->transcript);
	spdm->transcript.len = 0;
	memcpy(ev->sig, rsp + off, slen);
	ev->sig_len = slen;
	memcpy(ev->req_nonce, req.nonce, SPDM_NONCE_SIZE);
	memcpy(ev->rsp_nonce, rsp + sizeof(*hdr) + hlen, SPDM_NONCE_SIZE);
	memcpy(ev->meas_summary, rsp + sizeof(*hdr) + hlen + SPDM_NONCE_SIZE,
	       ms_len);
	ev->meas_summary_len = ms_len;
	ev->request_code = SPDM_CHALLENGE;
	ev->valid = true;
	return 0;
}

static int spdm_authenticate_once(struct spdm_state *spdm, u8 slot,
				  u8 summary_type)
{
	struct x509_certificate *leaf;
	int rc;

	rc = spdm_negotiate_vca(spdm);
	if (rc)
		return rc;
	if ((spdm->neg.rsp_caps & (SPDM_CAP_CERT | SPDM_CAP_CHAL)) !=
	    (SPDM_CAP_CERT | SPDM_CAP_CHAL)) {
		spdm_fail(spdm, SPDM_CHALLENGE,
			  "device has no certificates or cannot be challenged (flags 0x%08x)",
			  spdm->neg.rsp_caps);
		return -EOPNOTSUPP;
	}

	/* M1 starts with the VCA exchange */
	spdm->transcript.len = 0;
	rc = spdm_buf_append(&spdm->transcript, spdm->vca.data, spdm->vca.len);
	if (rc)
		return rc;

	rc = spdm_get_digests(spdm, slot);
	if (rc)
		return rc;
	if (!spdm_chain_cached(spdm, slot)) {
		rc = spdm_get_certificate(spdm, slot);
		if (rc)
			return rc;
	}

	leaf = spdm_parse_chain(spdm, spdm->slot[slot].chain,
				spdm->slot[slot].chain_len);
	if (IS_ERR(leaf))
		return PTR_ERR(leaf);
	spdm->leaf = leaf;

	rc = spdm_challenge(spdm, slot, summary_type, &spdm->signed_ev);
	if (rc) {
		spdm_forget(spdm);
		return rc;
	}
	spdm->auth_slot = slot;
	return 0;
}

/**
 * spdm_authenticate() - authenticate a device with one certificate slot
 * @spdm: SPDM context
 * @slot: certificate slot, 0 to 7
 * @summary_type: measurement summary hash to ask for in CHALLENGE_AUTH:
 *	%SPDM_MEAS_SUMMARY_NONE, %SPDM_MEAS_SUMMARY_TCB or
 *	%SPDM_MEAS_SUMMARY_ALL; a device without measurements is asked for
 *	none (spdm_last_signed() then gives no summary)
 *
 * Negotiates afresh (three exchanges), reads the slot's digest (one),
 * reads its certificate chain unless the one held already has that
 * digest (the chain's size divided by the portion size, rounded up), and
 * challenges the device (one), verifying its signature once with the
 * chain's leaf key. No trust decision is made: the chain, the transcript
 * and the signature stay available for a verifier. A device that answers
 * RequestResynch is taken through the whole sequence once more.
 *
 * Return: 0 if the device proved it holds the leaf key of the chain in
 * @slot. Otherwise a negative errno, logged once: -EINVAL for a bad
 * argument, -EOPNOTSUPP if the device cannot be challenged, -ENOENT for
 * an empty slot, -EPROTO or -EMSGSIZE for a malformed response, -EBADMSG
 * for a malformed chain, -EKEYREJECTED if a hash or the signature does not
 * verify, -ETIMEDOUT, -ENOMEM, or the errno of an ERROR response.
 */
int spdm_authenticate(struct spdm_state *spdm, u8 slot, u8 summary_type)
{
	int rc;

	if (slot >= SPDM_MAX_SLOTS ||
	    (summary_type != SPDM_MEAS_SUMMARY_NONE &&
	     summary_type != SPDM_MEAS_SUMMARY_TCB &&
	     summary_type != SPDM_MEAS_SUMMARY_ALL))
		return -EINVAL;

	spdm_start_op(spdm);
	rc = spdm_authenticate_once(spdm, slot, summary_type);
	/* RequestResynch: the device lost the connection; start over once */
	if (rc == -ECONNRESET && spdm->resynch)
		rc = spdm_authenticate_once(spdm, slot, summary_type);
	return rc;
}
EXPORT_SYMBOL_GPL(spdm_authenticate);

/* Hold @id's chain in its slot, and its leaf as the key to verify with */
static int spdm_hold_chain(struct spdm_state *spdm,
			   const struct spdm_identity *id)
{
	struct spdm_slot *s = &spdm->slot[id->slot];
	struct x509_certificate *leaf;
	u8 *chain;

	if (!s->chain || s->chain_len != id->chain_len ||
	    memcmp(s->chain, id->chain, id->chain_len)) {
		chain = kvmemdup(id->chain, id->chain_len, GFP_KERNEL);
		if (!chain)
			return -ENOMEM;
		kvfree(s->chain);
		s->chain = chain;
		s->chain_len = id->chain_len;
	}
	leaf = spdm_parse_chain(spdm, s->chain, s->chain_len);
	if (IS_ERR(leaf))
		return PTR_ERR(leaf);
	if (spdm->leaf)
		x509_free_certificate(spdm->leaf);
	spdm->leaf = leaf;
	return 0;
}

static int spdm_confirm_once(struct spdm_state *spdm,
			     const struct spdm_identity *id)
{
	const struct spdm_negotiated *neg = &spdm->neg;
	struct spdm_signed *ev;
	int rc;

	rc = spdm_negotiate_vca(spdm);
	if (rc)
		return rc;
	if (neg->version != id->version || neg->base_asym_alg != id->base_asym_alg ||
	    neg->base_hash_alg != id->base_hash_alg) {
		spdm_fail(spdm, SPDM_NEGOTIATE_ALGORITHMS,
			  "now SPDM %u.%u, %s, %s; confirmed was SPDM %u.%u, %s, %s",
			  SPDM_VER_MAJOR(neg->version), SPDM_VER_MINOR(neg->version),
			  spdm_asym_alg_name(neg->base_asym_alg),
			  spdm_hash_alg_name(neg->base_hash_alg),
			  SPDM_VER_MAJOR(id->version), SPDM_VER_MINOR(id->version),
			  spdm_asym_alg_name(id->base_asym_alg),
			  spdm_hash_alg_name(id->base_hash_alg));
		return -EKEYREJECTED;
	}
	rc = spdm_hold_chain(spdm, id);
	if (rc)
		return rc;

	/* M1 is the VCA exchange and CHALLENGE: no DIGESTS, no CERTIFICATE */
	spdm->transcript.len = 0;
	rc = spdm_buf_append(&spdm->transcript, spdm->vca.data, spdm->vca.len);
	if (rc)
		return rc;
	/* The evidence of the accepted authentication stays as it was */
	ev = kzalloc_obj(*ev);
	if (!ev)
		return -ENOMEM;
	rc = spdm_challenge(spdm, id->slot, id->summary_type, ev);
	if (!rc && (ev->meas_summary_len != id->meas_summary_len ||
		    memcmp(ev->meas_summary, id->meas_summary,
			   id->meas_summary_len))) {
		spdm_fail(spdm, SPDM_CHALLENGE,
			  "measurement summary hash differs from the confirmed one");
		rc = -EKEYREJECTED;
	}
	spdm_buf_free(&ev->transcript);
	kfree(ev);
	return rc;
}

/**
 * spdm_confirm() - confirm that a device is the one authenticated before
 * @spdm: SPDM context
 * @id: what the device proved then
 *
 * For a device that comes back from a reset or a resume: negotiates
 * afresh (three exchanges), checks that the version and algorithms are
 * the same, and challenges the device in @id's slot (one exchange) with
 * a fresh nonce and @id's summary type. The device must sign with the
 * leaf key of @id's chain (one signature verification), claim that chain
 * in CertChainHash, and sign the same measurement summary hash. No
 * certificate is read: a device that no longer holds that chain fails.
 * This confirms sameness only; it makes no trust decision. The evidence
 * of the earlier authentication stays available as it was.
 *
 * Return: 0 if the device is the same. -EKEYREJECTED if it differs (its
 * version or algorithms, chain, key or measurement summary hash, each
 * logged); otherwise as spdm_authenticate(). After a failure the library
 * holds no authentication (see spdm_authenticated_slot()).
 */
int spdm_confirm(struct spdm_state *spdm, const struct spdm_identity *id)
{
	bool had_ev = spdm->signed_ev.valid, had_meas = spdm->meas.valid;
	struct spdm_buf accepted_vca;
	int rc;

	if (!id || id->slot >= SPDM_MAX_SLOTS || !id->chain || !id->chain_len ||
	    id->meas_summary_len > SPDM_MAX_HASH_SIZE)
		return -EINVAL;
	/* A summary hash exactly when one was asked for */
	if (id->summary_type == SPDM_MEAS_SUMMARY_NONE ?
	    id->meas_summary_len : !id->meas_summary_len)
		return -EINVAL;

	/* The evidence's VCA exchange stays; the check makes its own */
	accepted_vca = spdm->vca;
	spdm->vca = (struct spdm_buf){};
	spdm_start_op(spdm);
	rc = spdm_confirm_once(spdm, id);
	/* RequestResynch: the device lost the connection; start over once */
	if (rc == -ECONNRESET && spdm->resynch)
		rc = spdm_confirm_once(spdm, id);
	spdm_buf_free(&spdm->vca);
	spdm->vca = accepted_vca;
	if (rc) {
		spdm_forget(spdm);
		return rc;
	}
	/* Negotiating forgot the authentication; it stands confirmed */
	spdm->auth_slot = id->slot;
	spdm->signed_ev.valid = had_ev;
	spdm->meas.valid = had_meas;
	return 0;
}
EXPORT_SYMBOL_GPL(spdm_confirm);

/**
 * spdm_cert_chain() - a slot's certificate chain, as the device sent it
 * @spdm: SPDM context
 * @slot: certificate slot, 0 to 7
 * @len: set to the chain's size
 *
 * Return: the chain, header included, valid until the next call on
 * @spdm, or NULL if none has been read from @slot.
 */
const u8 *spdm_cert_chain(const struct spdm_state *spdm, u8 slot, size_t *len)
{
	if (slot >= SPDM_MAX_SLOTS || !spdm->slot[slot].chain) {
		*len = 0;
		return NULL;
	}
	*len = spdm->slot[slot].chain_len;
	return spdm->slot[slot].chain;
}
EXPORT_SYMBOL_GPL(spdm_cert_chain);

/**
 * spdm_authenticated_slot() - the slot of the last successful
 *	authentication
 * @spdm: SPDM context
 *
 * Return: the slot, or -ENOENT if the last authentication failed or there
 * was none.
 */
int spdm_authenticated_slot(const struct spdm_state *spdm)
{
	return spdm->auth_slot >= 0 ? spdm->auth_slot : -ENOENT;
}
EXPORT_SYMBOL_GPL(spdm_authenticated_slot);

/**
 * spdm_last_signed() - the last transcript the responder signed
 * @spdm: SPDM context
 * @ev: filled in with pointers into @spdm, valid until the next call on it
 *
 * Return: 0, or -ENOENT if no signature has been verified.
 */
int spdm_last_signed(const struct spdm_state *spdm,
		     struct spdm_signed_evidence *ev)
{
	const struct spdm_signed *s = &spdm->signed_ev;

	if (!s->valid)
		return -ENOENT;
	ev->transcript = s->transcript.data;
	ev->transcript_len = s->transcript.len;
	ev->sig = s->sig;
	ev->sig_len = s->sig_len;
	ev->req_nonce = s->req_nonce;
	ev->rsp_nonce = s->rsp_nonce;
	ev->meas_summary = s->meas_summary_len ? s->meas_summary : NULL;
	ev->meas_summary_len = s->meas_summary_len;
	ev->request_code = s->request_code;
	return 0;
}
EXPORT_SYMBOL_GPL(spdm_last_signed);
