// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: the kernel's evidence
 *
 * Reads a function's evidence over the "pci-cma" generic netlink family
 * (Documentation/netlink/specs/pci-cma.yaml): with a fresh nonce of the
 * verifier's own, the kernel first gets new signed measurements. Each
 * reply message carries one piece of one object with its offset, the
 * object's size and the evidence generation; pieces must arrive in order
 * and the generation must not change. Evidence can be saved to a file
 * and verified later. Verification feeds the VCA exchange and the signed
 * transcript through the SPDM engine, with the signature, and checks
 * that every object agrees with what the device signed; a TDISP
 * interface report, read in the same dump, is checked on its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/pci_cma.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <openssl/rand.h>

#include "cma-verify.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static const char * const object_names[EV_NR_OBJECTS] = {
	"cert0", "cert1", "cert2", "cert3", "cert4", "cert5", "cert6", "cert7",
	"vca", "measurements", "report", "transcript", "signature",
	"requester-nonce", "responder-nonce",
};

struct nl_ctx {
	struct nl_sock *sk;
	int family;
	int err;		/* the kernel's errno, negative */
	char msg[256];		/* its extack message */
	bool done;
	struct evidence *ev;	/* evidence-read */
	bool have_gen;
	u32 total[EV_NR_OBJECTS];	/* each object's announced size */
	u64 *generation;	/* slot-select */
};

static void extack_msg(struct nl_ctx *n, const struct nlattr *tlvs, int len)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, tlvs, len, rem) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(n->msg, sizeof(n->msg), "%.*s", nla_len(a),
				 (const char *)nla_data(a));
	}
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nl_ctx *n = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*e);

	n->err = e->error;
	if (e->error && (nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0)
		extack_msg(n, (const struct nlattr *)(e + 1), len);
	n->done = true;
	return NL_STOP;
}

/* NLMSG_DONE: a dump that failed half-way says so in it */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_ctx *n = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (len >= (int)sizeof(int)) {
		n->err = *(int *)nlmsg_data(nlh);
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
			extack_msg(n, (void *)((char *)nlmsg_data(nlh) + sizeof(int)),
				   len - (int)sizeof(int));
	}
	n->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	((struct nl_ctx *)arg)->done = true;
	return NL_STOP;
}

/* One piece of one object; the kernel is trusted no more than needed */
static int on_piece(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PCI_CMA_A_EVIDENCE_MAX + 1];
	struct nl_ctx *n = arg;
	struct evidence *ev = n->ev;
	u32 obj, off, total, len;
	u64 gen;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PCI_CMA_A_EVIDENCE_MAX, NULL) ||
	    !tb[PCI_CMA_A_EVIDENCE_GENERATION] || !tb[PCI_CMA_A_EVIDENCE_OBJECT] ||
	    !tb[PCI_CMA_A_EVIDENCE_OFFSET] || !tb[PCI_CMA_A_EVIDENCE_TOTAL_LEN])
		goto bad;
	gen = nla_get_u64(tb[PCI_CMA_A_EVIDENCE_GENERATION]);
	obj = nla_get_u32(tb[PCI_CMA_A_EVIDENCE_OBJECT]);
	off = nla_get_u32(tb[PCI_CMA_A_EVIDENCE_OFFSET]);
	total = nla_get_u32(tb[PCI_CMA_A_EVIDENCE_TOTAL_LEN]);
	len = tb[PCI_CMA_A_EVIDENCE_DATA] ? nla_len(tb[PCI_CMA_A_EVIDENCE_DATA]) : 0;
	if (n->have_gen && gen != ev->generation) {
		snprintf(n->msg, sizeof(n->msg), "the generation went from %llu to %llu",
			 (unsigned long long)ev->generation, (unsigned long long)gen);
		n->err = -EAGAIN;
		return NL_STOP;
	}
	ev->generation = gen;
	n->have_gen = true;
	/* In order, within the size the first piece announced */
	if (obj >= EV_NR_OBJECTS || off != ev->obj[obj].len || off > total ||
	    len > total - off || (off && total != n->total[obj]))
		goto bad;
	n->total[obj] = total;
	if (len)
		buf_add(&ev->obj[obj], nla_data(tb[PCI_CMA_A_EVIDENCE_DATA]), len);
	ev->have[obj] = total > 0;
	return NL_OK;
bad:
	snprintf(n->msg, sizeof(n->msg), "a reply message out of order or without its attributes");
	n->err = -EPROTO;
	return NL_STOP;
}

static int nl_open(struct nl_ctx *n)
{
	int one = 1;

	n->sk = nl_socket_alloc();
	if (!n->sk)
		die("out of memory");
	if (genl_connect(n->sk)) {
		snprintf(n->msg, sizeof(n->msg), "cannot open a generic netlink socket");
		return -ENOTSUP;
	}
	n->family = genl_ctrl_resolve(n->sk, PCI_CMA_FAMILY_NAME);
	if (n->family < 0) {
		snprintf(n->msg, sizeof(n->msg),
			 "no \"%s\" generic netlink family (is kernel-pci-cma loaded?)",
			 PCI_CMA_FAMILY_NAME);
		return -ENOENT;
	}
	setsockopt(nl_socket_get_fd(n->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(n->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_set_msg_buf_size(n->sk, 256 * 1024);
	nl_socket_enable_msg_peek(n->sk);
	nl_socket_modify_err_cb(n->sk, NL_CB_CUSTOM, on_error, n);
	nl_socket_modify_cb(n->sk, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, n);
	nl_socket_modify_cb(n->sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, n);
	return 0;
}

static int nl_run(struct nl_ctx *n, struct nl_msg *msg)
{
	int rc = nl_send_auto(n->sk, msg);

	nlmsg_free(msg);
	if (rc < 0) {
		snprintf(n->msg, sizeof(n->msg), "sending the request: %s", nl_geterror(rc));
		return -EIO;
	}
	while (!n->done && !n->err) {
		rc = nl_recvmsgs_default(n->sk);
		if (rc < 0 && !n->err) {
			snprintf(n->msg, sizeof(n->msg), "receiving: %s", nl_geterror(rc));
			return -EIO;
		}
	}
	return n->err;
}

static void nl_report(struct nl_ctx *n, const char *op, int rc)
{
	warnx("%s: %s%s%s", op, strerror(-rc), n->msg[0] ? ": " : "", n->msg);
}

/**
 * evidence_fetch() - read a function's evidence from the kernel
 * @ev: filled in
 * @dev: the PCI function, e.g. "0000:01:00.0"
 * @fresh: first get fresh signed measurements over a new random nonce
 * @indices: with @fresh, the measurement indices to get (NULL: all)
 * @nr_indices: how many
 *
 * Return: 0 or a negative errno, said on stderr.
 */
int evidence_fetch(struct evidence *ev, const char *dev, bool fresh,
		   const u8 *indices, unsigned int nr_indices)
{
	struct nl_ctx n = { .ev = ev };
	struct nl_msg *msg;
	unsigned int i;
	int rc;

	snprintf(ev->dev, sizeof(ev->dev), "%s", dev);
	rc = nl_open(&n);
	if (rc)
		goto out;
	nl_socket_modify_cb(n.sk, NL_CB_VALID, NL_CB_CUSTOM, on_piece, &n);
	msg = nlmsg_alloc();
	if (!msg)
		die("out of memory");
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, n.family, 0, NLM_F_DUMP,
			 PCI_CMA_CMD_EVIDENCE_READ, PCI_CMA_FAMILY_VERSION) ||
	    nla_put_string(msg, PCI_CMA_A_EVIDENCE_DEV_NAME, dev) ||
	    nla_put_u32(msg, PCI_CMA_A_EVIDENCE_OBJECT_MASK, (1u << EV_NR_OBJECTS) - 1))
		die("cannot build the request");
	if (fresh) {
		if (RAND_bytes(ev->nonce, sizeof(ev->nonce)) != 1)
			die("no random bytes for the nonce");
		ev->fresh = true;
		if (nla_put(msg, PCI_CMA_A_EVIDENCE_NONCE, sizeof(ev->nonce), ev->nonce))
			die("cannot build the request");
		for (i = 0; i < nr_indices; i++)
			if (nla_put_u8(msg, PCI_CMA_A_EVIDENCE_INDEX, indices[i]))
				die("cannot build the request");
	}
	rc = nl_run(&n, msg);
	/*
	 * All of every object, the TDISP report too, from this one dump and
	 * so of one generation: the one --accept accepts if it verifies
	 */
	for (i = 0; !rc && i < EV_NR_OBJECTS; i++) {
		if (ev->obj[i].len != n.total[i]) {
			snprintf(n.msg, sizeof(n.msg),
				 "the %s object ended after %zu of its %u bytes",
				 object_names[i], ev->obj[i].len, n.total[i]);
			rc = -EPROTO;
		}
	}
out:
	if (rc)
		nl_report(&n, "evidence-read", rc);
	nl_socket_free(n.sk);
	return rc;
}

static int on_slot_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PCI_CMA_A_EVIDENCE_MAX + 1];
	struct nl_ctx *n = arg;

	if (!genlmsg_parse(nlmsg_hdr(msg), 0, tb, PCI_CMA_A_EVIDENCE_MAX, NULL) &&
	    tb[PCI_CMA_A_EVIDENCE_GENERATION])
		*n->generation = nla_get_u64(tb[PCI_CMA_A_EVIDENCE_GENERATION]);
	return NL_OK;
}

/**
 * evidence_slot_select() - authenticate again with another slot
 * @dev: the PCI function
 * @slot: the certificate slot
 * @generation: the new evidence generation
 *
 * Return: 0 or a negative errno, said on stderr.
 */
int evidence_slot_select(const char *dev, u8 slot, u64 *generation)
{
	struct nl_ctx n = { .generation = generation };
	struct nl_msg *msg;
	int rc;

	rc = nl_open(&n);
	if (rc)
		goto out;
	nl_socket_modify_cb(n.sk, NL_CB_VALID, NL_CB_CUSTOM, on_slot_reply, &n);
	msg = nlmsg_alloc();
	if (!msg)
		die("out of memory");
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, n.family, 0, NLM_F_ACK,
			 PCI_CMA_CMD_SLOT_SELECT, PCI_CMA_FAMILY_VERSION) ||
	    nla_put_string(msg, PCI_CMA_A_EVIDENCE_DEV_NAME, dev) ||
	    nla_put_u8(msg, PCI_CMA_A_EVIDENCE_SLOT, slot))
		die("cannot build the request");
	rc = nl_run(&n, msg);
out:
	if (rc)
		nl_report(&n, "slot-select", rc);
	nl_socket_free(n.sk);
	return rc;
}

/*
 * Saved evidence: "PCICMAEV", a format version (u32, 1), then records of
 * a tag (u16), a length (u32) and the bytes, all little-endian. Tags:
 * 1 the function's name, 2 the generation (u64), 3 the verifier's nonce,
 * 16 + N the object N of enum pci_cma_object.
 */
#define EV_MAGIC	"PCICMAEV"
#define EV_FORMAT	1
#define EV_TAG_DEV	1
#define EV_TAG_GEN	2
#define EV_TAG_NONCE	3
#define EV_TAG_OBJECT	16

static void put_le(FILE *f, u64 v, int bytes)
{
	while (bytes--) {
		fputc(v & 0xff, f);
		v >>= 8;
	}
}

static void put_rec(FILE *f, unsigned int tag, const void *p, size_t len)
{
	put_le(f, tag, 2);
	put_le(f, len, 4);
	fwrite(p, 1, len, f);
}

int evidence_save(const struct evidence *ev, const char *path)
{
	u8 gen[8];
	unsigned int i;
	FILE *f = fopen(path, "wb");

	if (!f)
		return -errno;
	fwrite(EV_MAGIC, 1, 8, f);
	put_le(f, EV_FORMAT, 4);
	put_rec(f, EV_TAG_DEV, ev->dev, strlen(ev->dev));
	for (i = 0; i < 8; i++)
		gen[i] = ev->generation >> (8 * i);
	put_rec(f, EV_TAG_GEN, gen, sizeof(gen));
	if (ev->fresh)
		put_rec(f, EV_TAG_NONCE, ev->nonce, sizeof(ev->nonce));
	for (i = 0; i < EV_NR_OBJECTS; i++)
		if (ev->have[i])
			put_rec(f, EV_TAG_OBJECT + i, ev->obj[i].p, ev->obj[i].len);
	if (fclose(f))
		return -errno;
	return 0;
}

int evidence_load(struct evidence *ev, const char *path)
{
	struct buf b = { 0 };
	u8 chunk[65536];
	size_t n, off = 12, len;
	unsigned int tag, i;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		buf_add(&b, chunk, n);
	fclose(f);
	if (b.len < 12 || memcmp(b.p, EV_MAGIC, 8) ||
	    (b.p[8] | b.p[9] << 8 | b.p[10] << 16 | (u32)b.p[11] << 24) != EV_FORMAT)
		goto bad;
	while (off < b.len) {
		if (b.len - off < 6)
			goto bad;
		tag = b.p[off] | b.p[off + 1] << 8;
		len = b.p[off + 2] | b.p[off + 3] << 8 | b.p[off + 4] << 16 |
		      (size_t)b.p[off + 5] << 24;
		off += 6;
		if (len > b.len - off)
			goto bad;
		if (tag == EV_TAG_DEV && len < sizeof(ev->dev)) {
			memcpy(ev->dev, b.p + off, len);
			ev->dev[len] = 0;
		} else if (tag == EV_TAG_GEN && len == 8) {
			for (i = 0; i < 8; i++)
				ev->generation |= (u64)b.p[off + i] << (8 * i);
		} else if (tag == EV_TAG_NONCE && len == SPDM_NONCE_SIZE) {
			memcpy(ev->nonce, b.p + off, len);
			ev->fresh = true;
		} else if (tag >= EV_TAG_OBJECT && tag < EV_TAG_OBJECT + EV_NR_OBJECTS) {
			buf_set(&ev->obj[tag - EV_TAG_OBJECT], b.p + off, len);
			ev->have[tag - EV_TAG_OBJECT] = true;
		} else {
			goto bad;
		}
		off += len;
	}
	buf_free(&b);
	return 0;
bad:
	buf_free(&b);
	return -EINVAL;
}

void evidence_free(struct evidence *ev)
{
	unsigned int i;

	for (i = 0; i < EV_NR_OBJECTS; i++)
		buf_free(&ev->obj[i]);
}

/* Feed @len bytes of SPDM messages at @p to the engine, pair by pair */
static bool feed(struct spdm_ctx *c, struct report *r, const char *what,
		 const u8 *p, size_t len)
{
	size_t off = 0, rq, rs;

	while (off < len) {
		rq = spdm_msg_size(c, p + off, len - off, NULL);
		if (!rq)
			return false;
		if (rq == len - off) {
			check(r, false, what, "ends with a request");
			return false;
		}
		rs = spdm_msg_size(c, p + off + rq, len - off - rq, p + off);
		if (!rs || !spdm_exchange(c, p + off, rq, -1, p + off + rq, rs, -1))
			return false;
		off += rq + rs;
	}
	return true;
}

static bool have(const struct evidence *ev, struct report *r, unsigned int obj)
{
	if (ev->have[obj])
		return true;
	check(r, false, "evidence", "no %s object", object_names[obj]);
	return false;
}

/* Check the kernel's evidence as the device signed it */
static void evidence_verify_signed(const struct evidence *ev, struct report *r,
				   struct trust *t, bool trust_own_root)
{
	struct spdm_opts o = { .rep = r, .chains = ev->obj, .trust = t,
			       .trust_own_root = trust_own_root };
	const struct buf *vca = &ev->obj[PCI_CMA_OBJECT_VCA];
	const struct buf *tr = &ev->obj[PCI_CMA_OBJECT_TRANSCRIPT];
	const struct buf *sig = &ev->obj[PCI_CMA_OBJECT_SIGNATURE];
	const struct spdm_signed *s;
	struct buf signed_msgs = { 0 };
	struct spdm_ctx *c;
	size_t skip = 0;
	unsigned int i;

	if (!have(ev, r, PCI_CMA_OBJECT_VCA) || !have(ev, r, PCI_CMA_OBJECT_TRANSCRIPT) ||
	    !have(ev, r, PCI_CMA_OBJECT_SIGNATURE) ||
	    !have(ev, r, PCI_CMA_OBJECT_REQUESTER_NONCE) ||
	    !have(ev, r, PCI_CMA_OBJECT_RESPONDER_NONCE))
		return;

	c = spdm_new(&o);
	if (!feed(c, r, "vca", vca->p, vca->len))
		goto out;
	info(r, "version", "SPDM %u.%u", spdm_version(c) >> 4, spdm_version(c) & 0xf);

	/* M1 always, and L1 from 1.2 on, start with the VCA exchange */
	if (tr->len >= vca->len && !memcmp(tr->p, vca->p, vca->len))
		skip = vca->len;
	buf_add(&signed_msgs, tr->p + skip, tr->len - skip);
	buf_add(&signed_msgs, sig->p, sig->len);
	if (!feed(c, r, "transcript", signed_msgs.p, signed_msgs.len) || !spdm_end(c))
		goto out;

	s = spdm_last_signed(c);
	if (!s->code) {
		check(r, false, "transcript", "holds no CHALLENGE_AUTH or signed MEASUREMENTS");
		goto out;
	}
	if (!s->ok)
		goto out;
	info(r, "signed", "%s with slot %u", s->code == 0x83 ? "CHALLENGE_AUTH" :
	     "MEASUREMENTS", s->slot);
	check(r, buf_eq(&s->transcript, tr->p, tr->len), "transcript",
	      buf_eq(&s->transcript, tr->p, tr->len) ?
	      "the signature covers exactly the transcript object" :
	      "the signed messages are not the transcript object");
	check(r, buf_eq(&ev->obj[PCI_CMA_OBJECT_REQUESTER_NONCE], s->req_nonce,
			SPDM_NONCE_SIZE) &&
	      buf_eq(&ev->obj[PCI_CMA_OBJECT_RESPONDER_NONCE], s->rsp_nonce,
		     SPDM_NONCE_SIZE), "nonces",
	      "the nonce objects %s the nonces in the signed messages",
	      buf_eq(&ev->obj[PCI_CMA_OBJECT_REQUESTER_NONCE], s->req_nonce,
		     SPDM_NONCE_SIZE) ? "are" : "are not");
	if (ev->fresh)
		check(r, !memcmp(s->req_nonce, ev->nonce, SPDM_NONCE_SIZE), "freshness",
		      !memcmp(s->req_nonce, ev->nonce, SPDM_NONCE_SIZE) ?
		      "the device signed over this verifier's fresh nonce" :
		      "the signed nonce is not the one this verifier sent");
	else
		check(r, false, "freshness",
		      "the signed nonce is the kernel's, not this verifier's (read again with a nonce)");

	if (s->code == 0xe0) {
		const struct buf *m = &ev->obj[PCI_CMA_OBJECT_MEASUREMENTS];

		check(r, buf_eq(m, s->record.p, s->record.len), "measurements",
		      buf_eq(m, s->record.p, s->record.len) ?
		      "%zu signed measurement block(s), the same as the measurements object" :
		      "the measurements object is not what the device signed", r->nr_meas);
	} else {
		r->nr_meas = 0;
	}
	for (i = 0; i < SPDM_NR_SLOTS; i++)
		if (ev->have[i] && i != s->slot)
			info(r, "other slots", "chain in slot %u not used for this evidence", i);
out:
	buf_free(&signed_msgs);
	spdm_free(c);
}

/**
 * evidence_verify() - check the kernel's evidence
 * @ev: the evidence
 * @r: the report
 * @t: the trusted roots
 * @trust_own_root: trust each chain's own root (tests only)
 *
 * The signed exchange and the objects it covers, then the TDISP
 * interface report if there is one: all of one generation.
 */
void evidence_verify(const struct evidence *ev, struct report *r,
		     struct trust *t, bool trust_own_root)
{
	const struct buf *report = &ev->obj[PCI_CMA_OBJECT_REPORT];

	info(r, "device", "%s", ev->dev);
	info(r, "generation", "%llu", (unsigned long long)ev->generation);
	evidence_verify_signed(ev, r, t, trust_own_root);
	if (report->len)
		tdisp_report_check(r, report->p, report->len);
}

/*
 * Reference values: lines "INDEX VALUE", VALUE the hex of the DMTF
 * measurement value (a digest, or raw bits) or "any"; "other any" allows
 * blocks the file does not list. Lines "report ..." state the TDISP
 * interface report (tdisp_ref_line()); a file of report lines only does
 * not compare measurements. '#' starts a comment.
 */
bool refvals_check(struct report *r, const char *path)
{
	bool listed[256] = { false }, other = false, meas = false, ok = true;
	struct tdisp_ref tref = { 0 };
	const char *sep = " \t\r\n";
	char line[4096], *tok[8], *save, *s;
	FILE *f = fopen(path, "r");
	unsigned int lineno = 0, nr;
	size_t i;

	if (!f)
		die("cannot read %s", path);
	while (fgets(line, sizeof(line), f)) {
		const struct measurement *m = NULL;
		unsigned long index;
		char *end, *want;

		lineno++;
		s = strchr(line, '#');
		if (s)
			*s = 0;
		nr = 0;
		for (s = strtok_r(line, sep, &save); s; s = strtok_r(NULL, sep, &save)) {
			if (nr == ARRAY_SIZE(tok))
				die("%s:%u: too many fields", path, lineno);
			tok[nr++] = s;
		}
		if (!nr)
			continue;
		if (!strcmp(tok[0], "report")) {
			tdisp_ref_line(&tref, tok, nr, path, lineno);
			continue;
		}
		if (nr != 2)
			die("%s:%u: want \"INDEX VALUE\"", path, lineno);
		meas = true;
		if (!strcmp(tok[0], "other")) {
			if (strcmp(tok[1], "any"))
				die("%s:%u: only \"other any\"", path, lineno);
			other = true;
			continue;
		}
		index = strtoul(tok[0], &end, 0);
		if (*end || index > 254)
			die("%s:%u: bad index \"%s\"", path, lineno, tok[0]);
		listed[index] = true;
		/* Without measurements, that is said once below */
		if (!r->nr_meas)
			continue;
		for (i = 0; i < r->nr_meas; i++)
			if (r->meas[i].index == index)
				m = &r->meas[i];
		if (!m) {
			check(r, false, "reference values", "index %lu: no such block", index);
			ok = false;
			continue;
		}
		if (!strcmp(tok[1], "any"))
			continue;
		want = hex(m->value.p, m->value.len);
		if (strcasecmp(want, tok[1])) {
			check(r, false, "reference values", "index %lu: %s, expected %s", index,
			      want, tok[1]);
			ok = false;
		}
		free(want);
	}
	fclose(f);
	if (meas || !tref.any) {
		if (!r->nr_meas) {
			check(r, false, "reference values", "no signed measurements to compare");
			ok = false;
		}
		for (i = 0; i < r->nr_meas && !other; i++) {
			if (!listed[r->meas[i].index]) {
				check(r, false, "reference values", "index %u: not in %s",
				      r->meas[i].index, path);
				ok = false;
			}
		}
		if (ok)
			check(r, true, "reference values", "every measurement block matches %s",
			      path);
	}
	if (!tdisp_ref_check(r, &tref, path))
		ok = false;
	tdisp_ref_free(&tref);
	return ok;
}
