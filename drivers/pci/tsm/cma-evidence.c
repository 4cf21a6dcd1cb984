// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-pci-cma: evidence over generic netlink, for a userspace verifier
 *
 * The "pci-cma" family (Documentation/netlink/specs/pci-cma.yaml) lets a
 * verifier read, on demand, everything a connect gathered: the
 * certificate chains, the VCA exchange, the measurements, and the last
 * signed transcript with its signature and nonces, so that it can check
 * the device without trusting the kernel's own check. With its own nonce
 * it first gets fresh signed measurements. Every reply names the evidence
 * generation, which the verifier then writes to tsm/accept.
 *
 * Objects may exceed what one attribute carries (64 KiB), so each message
 * of a dump carries one piece of one object with its offset and the
 * object's size, and names the function and the generation: every message
 * stands on its own. A dump fails with -EAGAIN if the evidence changes
 * while it runs. Every operation needs CAP_NET_ADMIN; nothing is
 * multicast.
 */

#define dev_fmt(fmt) "CMA: " fmt

#include <linux/cleanup.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/spdm.h>
#include <net/genetlink.h>
#include <crypto/sha2.h>
#include <kunit/visibility.h>

#include "cma.h"
#include "cma-nl.h"

/**
 * struct pci_cma_dump - where an evidence-read dump stands
 * @cma: the function, referenced
 * @generation: the generation being read
 * @objects: PCI_CMA_OBJECT_MASK_* still to send
 * @offset: how much of the lowest of @objects was sent
 * @digest: send the SHA-384 digest of each object instead
 */
struct pci_cma_dump {
	struct pci_cma *cma;
	u64 generation;
	u32 objects;
	u32 offset;
	bool digest;
};

static_assert(sizeof(struct pci_cma_dump) <= sizeof_field(struct netlink_callback, ctx));

static struct pci_cma_dump *pci_cma_dump_ctx(struct netlink_callback *cb)
{
	return (struct pci_cma_dump *)cb->ctx;
}

/* The function @attrs names, connected to kernel-pci-cma, referenced */
static struct pci_cma *pci_cma_nl_find(struct nlattr **attrs,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *name = attrs[PCI_CMA_A_EVIDENCE_DEV_NAME];
	struct pci_cma *cma;

	if (!name) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, PCI_CMA_A_EVIDENCE_DEV_NAME);
		NL_SET_ERR_MSG(extack, "dev-name is required");
		return ERR_PTR(-EINVAL);
	}
	cma = pci_cma_find(nla_data(name));
	if (!cma) {
		NL_SET_BAD_ATTR(extack, name);
		NL_SET_ERR_MSG(extack, "dev-name: no function connected to kernel-pci-cma");
		return ERR_PTR(-ENODEV);
	}
	return cma;
}

/*
 * Object @obj of the evidence, or NULL with *@len 0 if the function has
 * none (an empty slot, no TDISP report).
 */
static const u8 *pci_cma_object(struct pci_cma *cma, unsigned int obj,
				size_t *len)
{
	struct spdm_signed_evidence ev;
	unsigned int nr;

	*len = 0;
	if (obj <= PCI_CMA_OBJECT_CERT7)
		return spdm_cert_chain(cma->spdm, obj - PCI_CMA_OBJECT_CERT0, len);
	if (obj == PCI_CMA_OBJECT_VCA)
		return spdm_vca(cma->spdm, len);
	if (obj == PCI_CMA_OBJECT_MEASUREMENTS) {
		const struct spdm_meas_block *b = spdm_measurements(cma->spdm, &nr);

		/* The blocks lie one after the other in the record */
		if (!b || !nr)
			return NULL;
		*len = b[nr - 1].raw + b[nr - 1].raw_len - b[0].raw;
		return b[0].raw;
	}
	if (obj == PCI_CMA_OBJECT_REPORT) {
		*len = cma->tdi.report_len;
		return cma->tdi.report;
	}
	if (spdm_last_signed(cma->spdm, &ev))
		return NULL;

	switch (obj) {
	case PCI_CMA_OBJECT_TRANSCRIPT:
		*len = ev.transcript_len;
		return ev.transcript;
	case PCI_CMA_OBJECT_SIGNATURE:
		*len = ev.sig_len;
		return ev.sig;
	case PCI_CMA_OBJECT_REQUESTER_NONCE:
		*len = SPDM_NONCE_SIZE;
		return ev.req_nonce;
	case PCI_CMA_OBJECT_RESPONDER_NONCE:
		*len = SPDM_NONCE_SIZE;
		return ev.rsp_nonce;
	}
	return NULL;
}

/*
 * A request that talks to the device resumes it (and so its upstream
 * bridges) before it takes the DSM lock: the PCI core's same-device check
 * runs in a runtime resume from D3cold and takes that lock.
 */
static int pci_cma_nl_resume(struct pci_cma *cma, struct netlink_ext_ack *extack)
{
	int rc = pm_runtime_resume_and_get(&cma->pf0.base_tsm.pdev->dev);

	if (rc)
		NL_SET_ERR_MSG(extack, "cannot resume the device to D0");
	return rc;
}

/*
 * Fresh signed measurements over the verifier's nonce, of the indices the
 * request names (all if none): a new generation. The device is in D0.
 */
static int pci_cma_nl_measure(struct pci_cma *cma, struct nlattr **attrs,
			      const struct genl_info *info,
			      struct netlink_ext_ack *extack)
{
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	u8 indices[PCI_CMA_MAX_MEAS_INDEX];
	unsigned int n = 0, nr;
	struct nlattr *a;
	int rem, rc;

	nlmsg_for_each_attr_type(a, PCI_CMA_A_EVIDENCE_INDEX, info->nlhdr,
				 GENL_HDRLEN, rem) {
		if (n == ARRAY_SIZE(indices)) {
			NL_SET_BAD_ATTR(extack, a);
			NL_SET_ERR_MSG(extack, "index: more than 254 indices");
			return -EINVAL;
		}
		indices[n++] = nla_get_u8(a);
	}

	rc = pci_cma_measure(cma, nla_data(attrs[PCI_CMA_A_EVIDENCE_NONCE]),
			     n ? indices : NULL, n, &nr);
	if (rc) {
		/* What the device sent is not evidence; nor is the rest now */
		pci_cma_forget(cma);
		NL_SET_ERR_MSG(extack, "GET_MEASUREMENTS failed; connect again");
		return rc;
	}
	cma->generation = pci_cma_new_generation();
	pci_info(pdev, "%u signed measurements for the verifier's nonce, evidence generation %llu\n",
		 nr, cma->generation);
	return 0;
}

/* -ENXIO, said in @extack, if the function has no evidence */
static int pci_cma_nl_has_evidence(struct pci_cma *cma,
				   struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&cma->pf0.lock);
	if (cma->generation)
		return 0;
	NL_SET_ERR_MSG(extack, "no evidence: the function is not authenticated");
	return -ENXIO;
}

/* Settle which generation a dump reads: the current one, or a new one */
static int pci_cma_nl_read_begin(struct pci_cma *cma,
				 const struct genl_info *info,
				 struct pci_cma_dump *ctx)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct nlattr *gen = attrs[PCI_CMA_A_EVIDENCE_GENERATION];
	int rc;

	ACQUIRE(mutex_intr, lock)(&cma->pf0.lock);
	rc = ACQUIRE_ERR(mutex_intr, &lock);
	if (rc)
		return rc;

	rc = pci_cma_nl_has_evidence(cma, extack);
	if (rc)
		return rc;
	if (attrs[PCI_CMA_A_EVIDENCE_NONCE]) {
		rc = pci_cma_nl_measure(cma, attrs, info, extack);
		if (rc)
			return rc;
	} else if (gen && nla_get_u64(gen) != cma->generation) {
		NL_SET_BAD_ATTR(extack, gen);
		NL_SET_ERR_MSG_FMT(extack, "generation: the evidence changed; %llu is current",
				   cma->generation);
		return -EAGAIN;
	}
	ctx->generation = cma->generation;
	return 0;
}

int pci_cma_nl_evidence_read_start(struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct pci_cma_dump *ctx = pci_cma_dump_ctx(cb);
	struct netlink_ext_ack *extack = cb->extack;
	struct nlattr **attrs = info->attrs;
	struct pci_cma *cma;
	int rc;

	if (GENL_REQ_ATTR_CHECK(info, PCI_CMA_A_EVIDENCE_OBJECT_MASK))
		return -EINVAL;
	if (attrs[PCI_CMA_A_EVIDENCE_INDEX] && !attrs[PCI_CMA_A_EVIDENCE_NONCE]) {
		NL_SET_BAD_ATTR(extack, attrs[PCI_CMA_A_EVIDENCE_INDEX]);
		NL_SET_ERR_MSG(extack, "index: only with a nonce");
		return -EINVAL;
	}
	if (attrs[PCI_CMA_A_EVIDENCE_GENERATION] && attrs[PCI_CMA_A_EVIDENCE_NONCE]) {
		NL_SET_BAD_ATTR(extack, attrs[PCI_CMA_A_EVIDENCE_GENERATION]);
		NL_SET_ERR_MSG(extack, "generation: a nonce makes a new one");
		return -EINVAL;
	}

	cma = pci_cma_nl_find(attrs, extack);
	if (IS_ERR(cma))
		return PTR_ERR(cma);

	if (attrs[PCI_CMA_A_EVIDENCE_NONCE]) {
		rc = pci_cma_nl_resume(cma, extack);
		if (!rc) {
			rc = pci_cma_nl_read_begin(cma, info, ctx);
			pm_runtime_put(&cma->pf0.base_tsm.pdev->dev);
		}
	} else {
		rc = pci_cma_nl_read_begin(cma, info, ctx);
	}
	if (rc) {
		pci_cma_put(cma);
		return rc;
	}
	ctx->cma = cma;
	ctx->objects = nla_get_u32(attrs[PCI_CMA_A_EVIDENCE_OBJECT_MASK]);
	ctx->offset = 0;
	ctx->digest = nla_get_u32_default(attrs[PCI_CMA_A_EVIDENCE_FLAGS], 0) &
		      PCI_CMA_READ_FLAGS_DIGEST;
	return 0;
}

int pci_cma_nl_evidence_read_done(struct netlink_callback *cb)
{
	struct pci_cma_dump *ctx = pci_cma_dump_ctx(cb);

	if (ctx->cma)
		pci_cma_put(ctx->cma);
	return 0;
}

/* One message: a piece of @obj from ctx->offset; -EMSGSIZE if none fits */
static int pci_cma_nl_put_piece(struct sk_buff *skb, struct netlink_callback *cb,
				unsigned int obj, const u8 *data, size_t len)
{
	struct pci_cma_dump *ctx = pci_cma_dump_ctx(cb);
	const char *name = pci_name(ctx->cma->pf0.base_tsm.pdev);
	size_t room, piece;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &pci_cma_nl_family, NLM_F_MULTI,
			  PCI_CMA_CMD_EVIDENCE_READ);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, PCI_CMA_A_EVIDENCE_DEV_NAME, name) ||
	    nla_put_u64_64bit(skb, PCI_CMA_A_EVIDENCE_GENERATION,
			      ctx->generation, PCI_CMA_A_EVIDENCE_PAD) ||
	    nla_put_u32(skb, PCI_CMA_A_EVIDENCE_OBJECT, obj) ||
	    nla_put_u32(skb, PCI_CMA_A_EVIDENCE_OFFSET, ctx->offset) ||
	    nla_put_u32(skb, PCI_CMA_A_EVIDENCE_TOTAL_LEN, len))
		goto cancel;

	/* As much as fits, and no more than one attribute carries */
	piece = min_t(size_t, len - ctx->offset, PCI_CMA_MAX_CHUNK);
	room = skb_tailroom(skb);
	if (room < nla_total_size(0) + NLMSG_ALIGNTO)
		goto cancel;
	room -= nla_total_size(0) + NLMSG_ALIGNTO;
	if (piece > room) {
		piece = round_down(room, NLMSG_ALIGNTO);
		if (!piece)
			goto cancel;
	}
	if (piece && nla_put(skb, PCI_CMA_A_EVIDENCE_DATA, piece,
			     data + ctx->offset))
		goto cancel;
	genlmsg_end(skb, hdr);
	ctx->offset += piece;
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int pci_cma_nl_evidence_read_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct pci_cma_dump *ctx = pci_cma_dump_ctx(cb);
	struct pci_cma *cma = ctx->cma;
	u8 digest[SHA384_DIGEST_SIZE];
	int rc = 0;

	ACQUIRE(mutex_intr, lock)(&cma->pf0.lock);
	if (ACQUIRE_ERR(mutex_intr, &lock))
		return -EINTR;
	if (cma->generation != ctx->generation) {
		NL_SET_ERR_MSG_FMT(cb->extack,
				   "the evidence changed during the read (generation %llu, now %llu)",
				   ctx->generation, cma->generation);
		return -EAGAIN;
	}

	while (ctx->objects) {
		unsigned int obj = __ffs(ctx->objects);
		const u8 *data;
		size_t len;

		data = pci_cma_object(cma, obj, &len);
		if (data && ctx->digest) {
			sha384(data, len, digest);
			data = digest;
			len = sizeof(digest);
		}
		rc = pci_cma_nl_put_piece(skb, cb, obj, data, len);
		if (rc)
			break;
		if (ctx->offset == len) {
			ctx->objects &= ~BIT(obj);
			ctx->offset = 0;
		}
	}
	/* A full message ends this round; the dump goes on in the next */
	if (rc == -EMSGSIZE && skb->len)
		return skb->len;
	return rc ?: skb->len;
}

static int pci_cma_nl_reauthenticate(struct pci_cma *cma, u8 slot,
				     struct netlink_ext_ack *extack,
				     u64 *generation)
{
	int rc;

	ACQUIRE(mutex_intr, lock)(&cma->pf0.lock);
	rc = ACQUIRE_ERR(mutex_intr, &lock);
	if (rc)
		return rc;

	rc = pci_cma_nl_has_evidence(cma, extack);
	if (rc)
		return rc;
	rc = pci_cma_authenticate(cma, slot);
	if (rc) {
		NL_SET_ERR_MSG_FMT(extack, "authentication with slot %u failed; connect again",
				   slot);
		return rc;
	}
	*generation = cma->generation;
	return 0;
}

int pci_cma_nl_slot_select_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct pci_cma *cma;
	struct sk_buff *msg;
	u64 generation;
	void *hdr;
	u8 slot;
	int rc;

	if (GENL_REQ_ATTR_CHECK(info, PCI_CMA_A_EVIDENCE_SLOT))
		return -EINVAL;
	slot = nla_get_u8(info->attrs[PCI_CMA_A_EVIDENCE_SLOT]);
	cma = pci_cma_nl_find(info->attrs, extack);
	if (IS_ERR(cma))
		return PTR_ERR(cma);

	rc = pci_cma_nl_resume(cma, extack);
	if (!rc) {
		rc = pci_cma_nl_reauthenticate(cma, slot, extack, &generation);
		pm_runtime_put(&cma->pf0.base_tsm.pdev->dev);
	}
	pci_cma_put(cma);
	if (rc)
		return rc;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_iput(msg, info);
	if (!hdr ||
	    nla_put_string(msg, PCI_CMA_A_EVIDENCE_DEV_NAME,
			   nla_data(info->attrs[PCI_CMA_A_EVIDENCE_DEV_NAME])) ||
	    nla_put_u64_64bit(msg, PCI_CMA_A_EVIDENCE_GENERATION, generation,
			      PCI_CMA_A_EVIDENCE_PAD) ||
	    nla_put_u8(msg, PCI_CMA_A_EVIDENCE_SLOT, slot)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * pci_cma_nl_notify_reject() - tell the monitor group that the same-device
 *	check rejected a function
 * @pdev: the function, disconnecting
 * @r: why it was rejected
 *
 * The message carries no evidence: the function's name, the generation
 * that had been accepted, the event and the errno. It goes to the initial
 * network namespace, where the PCI devices are.
 *
 * Context: process context.
 */
void pci_cma_nl_notify_reject(struct pci_dev *pdev,
			      const struct pci_cma_rejection *r)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&pci_cma_nl_family, &init_net,
				PCI_CMA_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto fail;
	hdr = genlmsg_put(msg, 0, 0, &pci_cma_nl_family, 0,
			  PCI_CMA_CMD_REJECT_NTF);
	if (!hdr ||
	    nla_put_string(msg, PCI_CMA_A_EVIDENCE_DEV_NAME, pci_name(pdev)) ||
	    nla_put_u64_64bit(msg, PCI_CMA_A_EVIDENCE_GENERATION, r->generation,
			      PCI_CMA_A_EVIDENCE_PAD) ||
	    nla_put_string(msg, PCI_CMA_A_EVIDENCE_EVENT, r->event) ||
	    nla_put_s32(msg, PCI_CMA_A_EVIDENCE_ERROR, r->err)) {
		nlmsg_free(msg);
		goto fail;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&pci_cma_nl_family, msg, 0, PCI_CMA_NLGRP_MONITOR,
			  GFP_KERNEL);
	return;
fail:
	pci_warn(pdev, "cannot tell the netlink monitor group of the rejection\n");
}

#if IS_ENABLED(CONFIG_PCI_TSM_CMA_KUNIT_TEST)
/**
 * pci_cma_nl_monitor_group() - the id of the pci-cma monitor group
 *
 * Return: the group to join (NETLINK_ADD_MEMBERSHIP), valid while the
 * family is registered.
 */
VISIBLE_IF_KUNIT int pci_cma_nl_monitor_group(void)
{
	return pci_cma_nl_family.mcgrp_offset + PCI_CMA_NLGRP_MONITOR;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_nl_monitor_group);

/**
 * pci_cma_nl_family_id() - the id of the pci-cma family
 *
 * Return: the id, valid while the family is registered.
 */
VISIBLE_IF_KUNIT int pci_cma_nl_family_id(void)
{
	return pci_cma_nl_family.id;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_nl_family_id);
#endif

/**
 * pci_cma_nl_register() - offer the pci-cma netlink family
 *
 * Return: 0 or a negative errno.
 */
int pci_cma_nl_register(void)
{
	return genl_register_family(&pci_cma_nl_family);
}

/**
 * pci_cma_nl_unregister() - withdraw the pci-cma netlink family
 *
 * Waits for requests in progress: a dump holds its function until done.
 */
void pci_cma_nl_unregister(void)
{
	genl_unregister_family(&pci_cma_nl_family);
}
