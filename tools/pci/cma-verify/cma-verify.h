/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cma-verify: reference verifier for PCIe CMA-SPDM evidence
 *
 * Shared declarations of the verifier's parts: the report (checks and
 * their verdict), the SPDM transcript engine that rebuilds and checks
 * every signature, certificate chain trust, the kernel's evidence over
 * generic netlink and in saved files, the TDISP interface report,
 * recorded DOE exchanges (pcap), and reference values for measurements
 * and the report.
 */
#ifndef CMA_VERIFY_H
#define CMA_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <vdso/bits.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#define SPDM_NONCE_SIZE		32
#define SPDM_NR_SLOTS		8
#define SPDM_MAX_BLOCKS		255

/* Exit codes */
#define EXIT_VERIFIED		0
#define EXIT_REJECTED		1
#define EXIT_ERROR		2

/* A growable byte buffer */
struct buf {
	u8 *p;
	size_t len;
};

void buf_add(struct buf *b, const void *p, size_t n);
void buf_set(struct buf *b, const void *p, size_t n);
void buf_free(struct buf *b);
bool buf_eq(const struct buf *b, const void *p, size_t n);

void *xzalloc(size_t n);
char *hex(const u8 *p, size_t n);	/* caller frees */
__printf(1, 2) __noreturn void die(const char *fmt, ...);
__printf(1, 2) void warnx(const char *fmt, ...);
extern int verbose;

/* The report: every check made, and facts about the device */
struct check {
	char *what;	/* what was checked, e.g. "CHALLENGE_AUTH signature" */
	char *detail;	/* the outcome in words */
	bool ok;
};

struct measurement {
	u8 index;
	u8 spec;	/* MeasurementSpecification */
	u8 type;	/* DMTFSpecMeasurementValueType, bit 7: raw */
	struct buf value;
};

/* A TDISP interface report's MMIO range */
struct tdisp_range {
	u64 first_page;		/* FIRST_PAGE, in 4 KiB pages */
	u32 pages;		/* NUMBER_OF_PAGES */
	u16 attrs;		/* RANGE_ATTRIBUTES */
	u16 id;			/* RANGE_ID */
};

#define TDISP_PAGE_SHIFT	12
#define SHA384_SIZE		48

/* A TDISP interface report that passed every check */
struct tdisp_report {
	bool present;
	size_t len;		/* of the whole report */
	u8 sha384[SHA384_SIZE];	/* of the whole report */
	u16 info;		/* INTERFACE_INFO */
	u16 msix_ctrl;		/* MSI_X_MESSAGE_CONTROL */
	u16 lnr_ctrl;		/* LNR_CONTROL */
	u32 tph_ctrl;		/* TPH_CONTROL */
	struct tdisp_range *ranges;
	u32 nr_ranges;
	struct buf dev_info;	/* DEVICE_SPECIFIC_INFO */
};

struct report {
	struct check *checks;
	size_t nr_checks, nr_failed;
	char **info_keys, **info_vals;
	size_t nr_info;
	struct measurement meas[SPDM_MAX_BLOCKS];
	size_t nr_meas;
	unsigned int nr_sigs;	/* SPDM signatures verified */
	unsigned int nr_certs;	/* certificate signatures verified */
	char **unchecked;	/* signed messages not checked, and why */
	size_t nr_unchecked;
	unsigned int nr_secured;	/* secured messages passed over (opaque) */
	struct tdisp_report tdi;
};

__printf(4, 5)
void check(struct report *r, bool ok, const char *what, const char *fmt, ...);
__printf(3, 4)
void info(struct report *r, const char *key, const char *fmt, ...);
/* A signed message that was not checked: a failed check, listed apart */
__printf(3, 4)
void unchecked(struct report *r, const char *what, const char *fmt, ...);
const char *info_get(const struct report *r, const char *key);
const struct check *first_failure(const struct report *r);
void report_json(const struct report *r, FILE *f);
void report_human(const struct report *r, FILE *f);
void report_free(struct report *r);

/* Byte ranges of the input that a verified signature covers */
struct span {
	long off;
	size_t len;
	const char *what;
};

/* The SPDM engine: feed it requests and responses in order */
struct spdm_ctx;
struct trust;

struct spdm_opts {
	struct report *rep;
	/* Chains known from elsewhere (the kernel's certN objects) */
	const struct buf *chains;
	/* Where chains must lead */
	struct trust *trust;
	bool trust_own_root;
};

struct spdm_ctx *spdm_new(const struct spdm_opts *o);
void spdm_free(struct spdm_ctx *c);
/*
 * One exchange. @req and @rsp may be longer than the message (DOE pads
 * to dwords): the engine takes the length the fields give. @req_off and
 * @rsp_off say where the messages lie in the input (-1: not a file).
 * Returns false once the input is malformed (and said so in the report).
 */
bool spdm_exchange(struct spdm_ctx *c, const u8 *req, size_t req_len,
		   long req_off, const u8 *rsp, size_t rsp_len,
		   long rsp_off);
/*
 * The input ended: a large response still in chunks then is reported
 * (its signature, if it has one, as not checked). False if it did.
 */
bool spdm_end(struct spdm_ctx *c);
/* The exact size of the SPDM message at @m (0: malformed, reported) */
size_t spdm_msg_size(struct spdm_ctx *c, const u8 *m, size_t avail,
		     const u8 *req);

/* What the last responder-signed CHALLENGE_AUTH or MEASUREMENTS held */
struct spdm_signed {
	u8 code;		/* 0x83 CHALLENGE or 0xe0 GET_MEASUREMENTS, 0: none */
	bool ok;		/* its signature verified */
	u8 slot;
	u8 req_nonce[SPDM_NONCE_SIZE];
	u8 rsp_nonce[SPDM_NONCE_SIZE];
	struct buf transcript;	/* what was signed, before prefix and hash */
	struct buf record;	/* MEASUREMENTS: the records of L1's responses */
};

const struct spdm_signed *spdm_last_signed(const struct spdm_ctx *c);
const struct buf *spdm_chain(const struct spdm_ctx *c, unsigned int slot);
u8 spdm_version(const struct spdm_ctx *c);
const struct span *spdm_spans(const struct spdm_ctx *c, size_t *nr);
const char *spdm_asym_name(u32 asym);
const char *spdm_hash_name(u32 hash);
/* Parse a measurement record into r->meas; false if malformed */
bool spdm_parse_record(struct report *r, const u8 *p, size_t len,
		       unsigned int nr_blocks);

/* Certificate chains: SPDM format and trust */
struct trust;
struct trust *trust_load(const char *dir, struct report *r);
void trust_free(struct trust *t);
/*
 * Check an SPDM certificate chain: its format and root hash, and (with
 * @t) that it leads to a trusted root with every signature and validity
 * period good. Returns the leaf certificate (caller frees) or NULL.
 */
X509 *chain_check(struct report *r, const char *name, const struct buf *chain,
		  const EVP_MD *md, struct trust *t, bool trust_own_root);

/* Reference values for measurements and the TDISP report */
bool refvals_check(struct report *r, const char *path);

/* The TDISP interface report: parse and check it into r->tdi */
bool tdisp_report_check(struct report *r, const u8 *p, size_t len);
void tdisp_report_json(const struct tdisp_report *t, FILE *f);
void tdisp_report_human(const struct tdisp_report *t, FILE *f);
void tdisp_report_free(struct tdisp_report *t);

/* What a reference values file says of the report ("report ..." lines) */
struct tdisp_ref {
	bool any;		/* some line about the report */
	bool have_sha384, have_info;
	u8 sha384[SHA384_SIZE];
	u16 info;
	struct tdisp_range *ranges;
	unsigned int nr_ranges;
};

void tdisp_ref_line(struct tdisp_ref *ref, char **tok, unsigned int nr,
		    const char *path, unsigned int lineno);
bool tdisp_ref_check(struct report *r, const struct tdisp_ref *ref,
		     const char *path);
void tdisp_ref_free(struct tdisp_ref *ref);

/* Evidence: the kernel's objects for one function */
#define EV_NR_OBJECTS	15	/* enum pci_cma_object */
struct evidence {
	char dev[64];
	u64 generation;
	struct buf obj[EV_NR_OBJECTS];
	bool have[EV_NR_OBJECTS];
	u8 nonce[SPDM_NONCE_SIZE];	/* the verifier's, if it sent one */
	bool fresh;			/* the evidence was read with it */
};

int evidence_fetch(struct evidence *ev, const char *dev, bool fresh,
		   const u8 *indices, unsigned int nr_indices);
int evidence_slot_select(const char *dev, u8 slot, u64 *generation);
int evidence_save(const struct evidence *ev, const char *path);
int evidence_load(struct evidence *ev, const char *path);
void evidence_free(struct evidence *ev);
void evidence_verify(const struct evidence *ev, struct report *r,
		     struct trust *t, bool trust_own_root);

/* Recorded DOE exchanges (pcap, link type 292) */
int pcap_verify(const char *path, struct report *r, struct trust *t,
		bool trust_own_root, FILE *spans_out);

#endif /* CMA_VERIFY_H */
