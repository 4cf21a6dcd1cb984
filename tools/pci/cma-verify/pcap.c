// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: recorded DOE exchanges
 *
 * A classic pcap file (little-endian, magic a1b2c3d4) with link type 292
 * (PCI DOE): each record is one DOE data object, an 8-byte DOE header
 * (vendor ID, type, reserved, length in dwords) then the payload.
 * Type 1 objects are SPDM messages, requests and responses in turn; DOE
 * discovery (type 0) and secured messages (type 2, opaque without the
 * session keys) are passed over, and the report counts the secured ones.
 * The SPDM messages go through the same engine as the kernel's evidence,
 * so every signature in the recording is checked, and one that cannot be
 * (a large response cut short, say) fails the recording by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma-verify.h"

#define PCAP_MAGIC	0xa1b2c3d4
#define LINKTYPE_DOE	292
#define DOE_HDR		8
#define DOE_VENDOR_PCI	0x0001
#define DOE_TYPE_SPDM	1

static u32 rd32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static bool read_file(const char *path, struct buf *b)
{
	u8 chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		buf_add(b, chunk, n);
	fclose(f);
	return true;
}

/* How many SPDM objects the records from @off on hold, as far as they go */
static unsigned int later_spdm(const struct buf *f, size_t off)
{
	unsigned int n = 0;
	size_t incl;

	while (f->len - off >= 16) {
		incl = rd32(f->p + off + 8);
		if (incl > f->len - off - 16)
			break;
		if (incl >= DOE_HDR && (f->p[off + 16] | f->p[off + 17] << 8) == DOE_VENDOR_PCI &&
		    f->p[off + 18] == DOE_TYPE_SPDM)
			n++;
		off += 16 + incl;
	}
	return n;
}

/**
 * pcap_verify() - check every signature of a recorded DOE exchange
 * @path: the pcap file
 * @r: the report
 * @t: trusted roots, or NULL
 * @trust_own_root: trust each chain's own root
 * @spans_out: if not NULL, list there the file's byte ranges that each
 *	verified signature covers ("OFFSET LENGTH WHAT" per line)
 *
 * Return: 0 (the report has the verdict), or -1 if @path cannot be read.
 */
int pcap_verify(const char *path, struct report *r, struct trust *t,
		bool trust_own_root, FILE *spans_out)
{
	struct spdm_opts o = { .rep = r, .trust = t, .trust_own_root = trust_own_root };
	const u8 *req = NULL;
	size_t req_len = 0, off, nr, i;
	unsigned int spdm = 0, secured = 0, other = 0;
	const struct span *sp;
	struct spdm_ctx *c;
	struct buf f = { 0 };
	long req_off = 0;
	bool ok = true;

	if (!read_file(path, &f))
		return -1;
	info(r, "input", "%s", path);
	if (f.len < 24 || rd32(f.p) != PCAP_MAGIC || rd32(f.p + 20) != LINKTYPE_DOE) {
		check(r, false, "pcap", "not a little-endian pcap of link type %u (DOE)",
		      LINKTYPE_DOE);
		buf_free(&f);
		return 0;
	}
	c = spdm_new(&o);
	for (off = 24; ok && off < f.len; ) {
		size_t incl, dwords, len;
		const u8 *pkt;

		incl = f.len - off >= 16 ? rd32(f.p + off + 8) : 0;
		if (f.len - off < 16 || incl > f.len - off - 16) {
			ok = false;
			check(r, false, "pcap", "record at offset %zu runs past the end", off);
			break;
		}
		pkt = f.p + off + 16;
		off += 16 + incl;
		if (incl < DOE_HDR) {
			ok = false;
			check(r, false, "pcap", "record at offset %zu: %zu bytes, no DOE header",
			      off - incl - 16, incl);
			break;
		}
		dwords = rd32(pkt + 4) & 0x3ffff;
		len = (dwords ? dwords : 0x40000) * 4;
		if (len < DOE_HDR || len > incl) {
			ok = false;
			check(r, false, "DOE", "object at %zu: Length %zu dwords in %zu bytes",
			      off - incl, dwords, incl);
			break;
		}
		if ((pkt[0] | pkt[1] << 8) != DOE_VENDOR_PCI || pkt[2] != DOE_TYPE_SPDM) {
			if (pkt[2] == 2)
				secured++;
			else
				other++;
			continue;
		}
		spdm++;
		if (len - DOE_HDR < 2) {
			ok = false;
			check(r, false, "DOE", "SPDM object at offset %zu has no SPDM header",
			      off - incl);
			break;
		}
		if (!req) {
			req = pkt + DOE_HDR;
			req_len = len - DOE_HDR;
			req_off = (long)(off - incl + DOE_HDR);
			continue;
		}
		ok = spdm_exchange(c, req, req_len, req_off, pkt + DOE_HDR,
				   len - DOE_HDR, (long)(off - incl + DOE_HDR));
		req = NULL;
	}
	if (ok && req)
		check(r, false, "pcap", "the last request has no response");
	/* Still in chunks, for whatever reason the input stopped */
	spdm_end(c);
	if (!ok)
		info(r, "stopped", "at the first failure: %u later SPDM object(s) not examined",
		     later_spdm(&f, off));
	info(r, "objects", "%u SPDM, %u secured (opaque), %u other DOE objects",
	     spdm, secured, other);
	r->nr_secured = secured;
	if (spdm_version(c))
		info(r, "version", "SPDM %u.%u", spdm_version(c) >> 4, spdm_version(c) & 0xf);
	if (!r->nr_sigs && !r->nr_failed)
		check(r, false, "pcap", "no signature in it to verify");

	sp = spdm_spans(c, &nr);
	for (i = 0; spans_out && i < nr; i++)
		fprintf(spans_out, "%ld %zu %s\n", sp[i].off, sp[i].len, sp[i].what);
	spdm_free(c);
	buf_free(&f);
	return 0;
}
