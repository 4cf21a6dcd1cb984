// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: the TDISP interface report
 *
 * For a TDISP device, tsm/lock has the kernel read the function's
 * DEVICE_INTERFACE_REPORT (PCIe r7.0 sec 11) inside the SPDM secure
 * session, and the report joins the evidence ("report") under a new
 * generation. No signature of the device covers it: it comes from the
 * session the kernel read it in. The verifier checks its structure to
 * the byte, that its MMIO ranges are sane, and, with reference values,
 * its SHA-384 (the digest the kernel keeps when it accepts the evidence
 * and compares after a reset), its INTERFACE_INFO and its MMIO ranges.
 *
 * The report, all little-endian:
 *
 *	 0 INTERFACE_INFO (u16)		 8 TPH_CONTROL (u32)
 *	 2 reserved (u16)		12 MMIO_RANGE_COUNT (u32)
 *	 4 MSI_X_MESSAGE_CONTROL (u16)	16 the MMIO ranges, 16 bytes each
 *	 6 LNR_CONTROL (u16)
 *
 * An MMIO range is FIRST_PAGE (u64, in 4 KiB pages), NUMBER_OF_PAGES
 * (u32), RANGE_ATTRIBUTES (u16) and RANGE_ID (u16). After the ranges come
 * DEVICE_SPECIFIC_INFO_LEN (u32) and that many bytes, and nothing more.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cma-verify.h"

#define TDISP_FIXED_SIZE	16	/* up to and with MMIO_RANGE_COUNT */
#define TDISP_RANGE_SIZE	16
#define TDISP_INFO_LEN_SIZE	4	/* DEVICE_SPECIFIC_INFO_LEN */
/* The first page past the 64-bit address space */
#define TDISP_PAGE_LIMIT	(1ULL << (64 - TDISP_PAGE_SHIFT))

#define WHAT			"tdisp report"

/* INTERFACE_INFO bits, from bit 0 */
static const char * const info_names[] = {
	"no-update-after-lock", "dma-without-pasid", "dma-with-pasid", "ats",
	"prs",
};

/* RANGE_ATTRIBUTES bits, from bit 0 */
static const char * const attr_names[] = {
	"msix-table", "msix-pba", "non-tee-mem", "mem-attr-updatable",
};

static u16 get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

/* The name of @bit of a field whose known bits are @names */
static const char *bit_name(char *tmp, size_t size, unsigned int bit,
			    const char * const *names, unsigned int nr_names)
{
	if (bit < nr_names)
		return names[bit];
	snprintf(tmp, size, "bit%u", bit);
	return tmp;
}

/*
 * Flags as a reference values file gives them: "none", or the names of
 * the bits set, comma-separated ("bitN" for a bit without a name)
 */
static void flags_str(char *s, size_t size, unsigned int v,
		      const char * const *names, unsigned int nr_names)
{
	char tmp[16];
	size_t n = 0;
	unsigned int bit;

	snprintf(s, size, "none");
	for (bit = 0; bit < 16; bit++) {
		if (!(v & BIT(bit)) || n >= size)
			continue;
		n += snprintf(s + n, size - n, "%s%s", n ? "," : "",
			      bit_name(tmp, sizeof(tmp), bit, names, nr_names));
	}
}

static void flags_json(FILE *f, unsigned int v, const char * const *names,
		       unsigned int nr_names)
{
	const char *sep = "";
	unsigned int bit;
	char tmp[16];

	fputc('[', f);
	for (bit = 0; bit < 16; bit++) {
		if (!(v & BIT(bit)))
			continue;
		fprintf(f, "%s\"%s\"", sep,
			bit_name(tmp, sizeof(tmp), bit, names, nr_names));
		sep = ", ";
	}
	fputc(']', f);
}

/* A range as a reference values file gives it: ADDRESS SIZE ATTRIBUTES ID */
static void range_str(char *s, size_t size, const struct tdisp_range *rg)
{
	char attrs[256];

	flags_str(attrs, sizeof(attrs), rg->attrs, attr_names, ARRAY_SIZE(attr_names));
	snprintf(s, size, "0x%llx 0x%llx %s %u",
		 (unsigned long long)(rg->first_page << TDISP_PAGE_SHIFT),
		 (unsigned long long)rg->pages << TDISP_PAGE_SHIFT, attrs, rg->id);
}

static bool range_eq(const struct tdisp_range *a, const struct tdisp_range *b)
{
	return a->first_page == b->first_page && a->pages == b->pages &&
	       a->attrs == b->attrs && a->id == b->id;
}

static int range_cmp(const void *a, const void *b)
{
	const struct tdisp_range *x = a, *y = b;

	if (x->first_page != y->first_page)
		return x->first_page < y->first_page ? -1 : 1;
	return 0;
}

/* Every range has pages, ends within 64 bits, and overlaps no other */
static bool ranges_check(struct report *r, const struct tdisp_range *rg, u32 nr)
{
	struct tdisp_range *sorted;
	bool ok = true;
	u32 i;

	for (i = 0; i < nr; i++) {
		if (!rg[i].pages) {
			check(r, false, WHAT, "MMIO range %u (RANGE_ID %u): NUMBER_OF_PAGES is 0",
			      i, rg[i].id);
			return false;
		}
		if (rg[i].first_page >= TDISP_PAGE_LIMIT ||
		    rg[i].pages > TDISP_PAGE_LIMIT - rg[i].first_page) {
			check(r, false, WHAT,
			      "MMIO range %u (RANGE_ID %u): FIRST_PAGE 0x%llx and NUMBER_OF_PAGES %u end past the 64-bit address space",
			      i, rg[i].id, (unsigned long long)rg[i].first_page, rg[i].pages);
			return false;
		}
	}
	if (nr < 2)
		return true;
	/* Sorted by address, each range must end before the next starts */
	sorted = xzalloc(nr * sizeof(*sorted));
	memcpy(sorted, rg, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), range_cmp);
	for (i = 1; i < nr && ok; i++) {
		const struct tdisp_range *a = &sorted[i - 1], *b = &sorted[i];

		if (a->first_page + a->pages > b->first_page) {
			check(r, false, WHAT,
			      "MMIO ranges with RANGE_ID %u and %u overlap: 0x%llx, %u pages, and 0x%llx, %u pages",
			      a->id, b->id,
			      (unsigned long long)(a->first_page << TDISP_PAGE_SHIFT), a->pages,
			      (unsigned long long)(b->first_page << TDISP_PAGE_SHIFT), b->pages);
			ok = false;
		}
	}
	free(sorted);
	return ok;
}

/**
 * tdisp_report_check() - check an interface report and keep it in r->tdi
 * @r: the report of the checks
 * @p: the interface report
 * @len: its size
 *
 * Every length field is checked against the bytes there are before it is
 * used; the report must end exactly where its fields say.
 *
 * Return: true if well formed.
 */
bool tdisp_report_check(struct report *r, const u8 *p, size_t len)
{
	struct tdisp_report *t = &r->tdi;
	struct tdisp_range *rg;
	u64 need, end;
	u32 count, info_len, i;
	size_t off;

	tdisp_report_free(t);
	if (len < TDISP_FIXED_SIZE + TDISP_INFO_LEN_SIZE) {
		check(r, false, WHAT,
		      "%zu bytes, fewer than the %d of a report with no MMIO range and no device-specific info",
		      len, TDISP_FIXED_SIZE + TDISP_INFO_LEN_SIZE);
		return false;
	}
	count = get32(p + 12);
	/* In 64 bits: 16 bytes times a u32 count cannot wrap */
	need = TDISP_FIXED_SIZE + (u64)count * TDISP_RANGE_SIZE + TDISP_INFO_LEN_SIZE;
	if (need > len) {
		check(r, false, WHAT,
		      "MMIO_RANGE_COUNT %u needs at least %llu bytes, the report has %zu",
		      count, (unsigned long long)need, len);
		return false;
	}
	off = TDISP_FIXED_SIZE + (size_t)count * TDISP_RANGE_SIZE;
	info_len = get32(p + off);
	end = need + info_len;
	if (end != len) {
		if (end > len)
			check(r, false, WHAT,
			      "MMIO_RANGE_COUNT %u and DEVICE_SPECIFIC_INFO_LEN %u make %llu bytes, past the end of the %zu-byte report",
			      count, info_len, (unsigned long long)end, len);
		else
			check(r, false, WHAT,
			      "MMIO_RANGE_COUNT %u and DEVICE_SPECIFIC_INFO_LEN %u make %llu bytes: %llu trailing byte(s) in the %zu-byte report",
			      count, info_len, (unsigned long long)end,
			      (unsigned long long)(len - end), len);
		return false;
	}

	rg = xzalloc(count * sizeof(*rg));
	for (i = 0; i < count; i++) {
		const u8 *q = p + TDISP_FIXED_SIZE + (size_t)i * TDISP_RANGE_SIZE;

		rg[i].first_page = get64(q);
		rg[i].pages = get32(q + 8);
		rg[i].attrs = get16(q + 12);
		rg[i].id = get16(q + 14);
	}
	if (!ranges_check(r, rg, count)) {
		free(rg);
		return false;
	}

	t->present = true;
	t->len = len;
	if (!EVP_Digest(p, len, t->sha384, NULL, EVP_sha384(), NULL))
		die("SHA-384 failed");
	t->info = get16(p);
	t->msix_ctrl = get16(p + 4);
	t->lnr_ctrl = get16(p + 6);
	t->tph_ctrl = get32(p + 8);
	t->ranges = rg;
	t->nr_ranges = count;
	buf_set(&t->dev_info, p + off + TDISP_INFO_LEN_SIZE, info_len);
	check(r, true, WHAT,
	      "%zu bytes: %u MMIO range(s) and %u bytes of device-specific info, to the byte",
	      len, count, info_len);
	return true;
}

void tdisp_report_json(const struct tdisp_report *t, FILE *f)
{
	char *s;
	u32 i;

	if (!t->present) {
		fputs("null", f);
		return;
	}
	s = hex(t->sha384, sizeof(t->sha384));
	fprintf(f, "{\n    \"length\": %zu,\n    \"sha384\": \"%s\"", t->len, s);
	free(s);
	fprintf(f, ",\n    \"interface_info\": %u,\n    \"interface_flags\": ", t->info);
	flags_json(f, t->info, info_names, ARRAY_SIZE(info_names));
	fprintf(f, ",\n    \"msi_x_message_control\": %u", t->msix_ctrl);
	fprintf(f, ",\n    \"lnr_control\": %u", t->lnr_ctrl);
	fprintf(f, ",\n    \"tph_control\": %u", t->tph_ctrl);
	fputs(",\n    \"mmio_ranges\": [", f);
	for (i = 0; i < t->nr_ranges; i++) {
		const struct tdisp_range *rg = &t->ranges[i];

		fprintf(f,
			"%s\n      {\"first_address\": \"0x%llx\", \"size\": \"0x%llx\", \"pages\": %u, \"attributes\": %u, \"attribute_flags\": ",
			i ? "," : "", (unsigned long long)(rg->first_page << TDISP_PAGE_SHIFT),
			(unsigned long long)rg->pages << TDISP_PAGE_SHIFT, rg->pages, rg->attrs);
		flags_json(f, rg->attrs, attr_names, ARRAY_SIZE(attr_names));
		fprintf(f, ", \"range_id\": %u}", rg->id);
	}
	fputs(t->nr_ranges ? "\n    ]" : "]", f);
	s = hex(t->dev_info.p, t->dev_info.len);
	fprintf(f, ",\n    \"device_specific_info\": \"%s\"\n  }", s);
	free(s);
}

void tdisp_report_human(const struct tdisp_report *t, FILE *f)
{
	char flags[256], *s;
	u64 pages = 0;
	u32 i;

	if (!t->present)
		return;
	for (i = 0; i < t->nr_ranges; i++)
		pages += t->ranges[i].pages;
	flags_str(flags, sizeof(flags), t->info, info_names, ARRAY_SIZE(info_names));
	s = hex(t->sha384, sizeof(t->sha384));
	fprintf(f,
		"%-14s %zu bytes, %u MMIO range%s of %llu KiB, INTERFACE_INFO %s, %zu bytes of device-specific info, SHA-384 %s\n",
		"tdisp report", t->len, t->nr_ranges, t->nr_ranges == 1 ? "" : "s",
		(unsigned long long)pages << (TDISP_PAGE_SHIFT - 10), flags,
		t->dev_info.len, s);
	free(s);
}

void tdisp_report_free(struct tdisp_report *t)
{
	free(t->ranges);
	buf_free(&t->dev_info);
	memset(t, 0, sizeof(*t));
}

/* Reference values: "report ..." lines */

static u64 ref_number(const char *s, u64 max, const char *what,
		      const char *path, unsigned int lineno)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (*s < '0' || *s > '9' || errno || *end || v > max)
		die("%s:%u: %s \"%s\" is not a number up to 0x%llx", path, lineno, what, s,
		    (unsigned long long)max);
	return v;
}

/* "none", or names, "bitN" or numbers, comma-separated */
static u16 ref_flags(const char *s, const char * const *names,
		     unsigned int nr_names, const char *what, const char *path,
		     unsigned int lineno)
{
	char *copy, *item, *save;
	unsigned int bit, v = 0;
	char tmp[16];

	if (!strcmp(s, "none"))
		return 0;
	copy = strdup(s);
	if (!copy)
		die("out of memory");
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		for (bit = 0; bit < 16; bit++)
			if (!strcmp(item, bit_name(tmp, sizeof(tmp), bit, names, nr_names)))
				break;
		if (bit < 16)
			v |= BIT(bit);
		else
			v |= ref_number(item, 0xffff, what, path, lineno);
	}
	free(copy);
	return v;
}

static bool hex_decode(u8 *out, size_t n, const char *s)
{
	unsigned int byte;
	size_t i;

	if (strlen(s) != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[2 * i]) || !isxdigit((unsigned char)s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &byte) != 1)
			return false;
		out[i] = byte;
	}
	return true;
}

/**
 * tdisp_ref_line() - take one "report ..." line of a reference values file
 * @ref: what the file says of the report so far
 * @tok: the line's fields, the first one "report"
 * @nr: how many
 * @path: the file, for errors
 * @lineno: the line, for errors
 *
 * Lines: "report sha384 HEX", "report interface-info FLAGS" and
 * "report range ADDRESS SIZE ATTRIBUTES ID". A bad line is an error.
 */
void tdisp_ref_line(struct tdisp_ref *ref, char **tok, unsigned int nr,
		    const char *path, unsigned int lineno)
{
	struct tdisp_range rg = { 0 };
	u64 addr, size;
	unsigned int i;

	ref->any = true;
	if (nr == 3 && !strcmp(tok[1], "sha384")) {
		if (ref->have_sha384)
			die("%s:%u: a second \"report sha384\"", path, lineno);
		if (!hex_decode(ref->sha384, sizeof(ref->sha384), tok[2]))
			die("%s:%u: want the SHA-384 as %zu hex digits", path, lineno,
			    2 * sizeof(ref->sha384));
		ref->have_sha384 = true;
	} else if (nr == 3 && !strcmp(tok[1], "interface-info")) {
		if (ref->have_info)
			die("%s:%u: a second \"report interface-info\"", path, lineno);
		ref->info = ref_flags(tok[2], info_names, ARRAY_SIZE(info_names),
				      "INTERFACE_INFO", path, lineno);
		ref->have_info = true;
	} else if (nr == 6 && !strcmp(tok[1], "range")) {
		addr = ref_number(tok[2], ~0ULL, "address", path, lineno);
		size = ref_number(tok[3], ~0ULL, "size", path, lineno);
		rg.first_page = addr >> TDISP_PAGE_SHIFT;
		if ((addr | size) & ((1 << TDISP_PAGE_SHIFT) - 1) || !size ||
		    size >> TDISP_PAGE_SHIFT > 0xffffffffULL ||
		    size >> TDISP_PAGE_SHIFT > TDISP_PAGE_LIMIT - rg.first_page)
			die("%s:%u: want 1 to 2^32-1 whole 4 KiB pages in 64 bits",
			    path, lineno);
		rg.pages = size >> TDISP_PAGE_SHIFT;
		rg.attrs = ref_flags(tok[4], attr_names, ARRAY_SIZE(attr_names),
				     "RANGE_ATTRIBUTES", path, lineno);
		rg.id = ref_number(tok[5], 0xffff, "RANGE_ID", path, lineno);
		for (i = 0; i < ref->nr_ranges; i++)
			if (range_eq(&ref->ranges[i], &rg))
				die("%s:%u: the same range twice", path, lineno);
		ref->ranges = realloc(ref->ranges, (ref->nr_ranges + 1) * sizeof(rg));
		if (!ref->ranges)
			die("out of memory");
		ref->ranges[ref->nr_ranges++] = rg;
	} else {
		die("%s:%u: want \"report sha384 HEX\", \"report interface-info FLAGS\" or %s",
		    path, lineno, "\"report range ADDRESS SIZE ATTRIBUTES ID\"");
	}
}

/**
 * tdisp_ref_check() - compare the report with reference values
 * @r: the report of the checks, r->tdi the interface report
 * @ref: what the reference values file says of it
 * @path: the file, for the report
 *
 * With "report range" lines, the report's MMIO ranges must be exactly
 * those, in any order.
 *
 * Return: true if it matches, or the file says nothing of the report.
 */
bool tdisp_ref_check(struct report *r, const struct tdisp_ref *ref,
		     const char *path)
{
	const struct tdisp_report *t = &r->tdi;
	char want[512], got[512];
	bool ok = true, *used;
	u32 i, j;

	if (!ref->any)
		return true;
	if (!t->present) {
		check(r, false, "reference values",
		      "no valid TDISP interface report to compare with the report lines of %s",
		      path);
		return false;
	}
	if (ref->have_sha384 && memcmp(t->sha384, ref->sha384, sizeof(t->sha384))) {
		char *a = hex(t->sha384, sizeof(t->sha384));
		char *b = hex(ref->sha384, sizeof(ref->sha384));

		check(r, false, "reference values", "report SHA-384 %s, expected %s", a, b);
		free(a);
		free(b);
		ok = false;
	}
	if (ref->have_info && t->info != ref->info) {
		flags_str(got, sizeof(got), t->info, info_names, ARRAY_SIZE(info_names));
		flags_str(want, sizeof(want), ref->info, info_names, ARRAY_SIZE(info_names));
		check(r, false, "reference values", "report INTERFACE_INFO %s, expected %s",
		      got, want);
		ok = false;
	}
	if (ref->nr_ranges) {
		used = xzalloc(ref->nr_ranges);
		for (i = 0; i < t->nr_ranges; i++) {
			for (j = 0; j < ref->nr_ranges; j++)
				if (!used[j] && range_eq(&t->ranges[i], &ref->ranges[j]))
					break;
			if (j < ref->nr_ranges) {
				used[j] = true;
				continue;
			}
			range_str(got, sizeof(got), &t->ranges[i]);
			check(r, false, "reference values", "report range %s: not in %s",
			      got, path);
			ok = false;
		}
		for (j = 0; j < ref->nr_ranges; j++) {
			if (used[j])
				continue;
			range_str(want, sizeof(want), &ref->ranges[j]);
			check(r, false, "reference values", "report range %s: not in the report",
			      want);
			ok = false;
		}
		free(used);
	}
	if (ok)
		check(r, true, "reference values", "the TDISP interface report matches %s",
		      path);
	return ok;
}

void tdisp_ref_free(struct tdisp_ref *ref)
{
	free(ref->ranges);
	memset(ref, 0, sizeof(*ref));
}
