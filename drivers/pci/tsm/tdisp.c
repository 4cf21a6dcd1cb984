// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-pci-cma: TDISP, the TEE Device Interface Security Protocol
 *
 * PCIe r7.0 sec 11 lets a TSM lock a function's configuration (its TDISP
 * interface, TDI) and then start it, so that what was verified is what
 * runs. The messages ride in SPDM VENDOR_DEFINED_REQUEST (PCI-SIG
 * registry, protocol 1) inside the function's secure session, each one a
 * 16-byte TDISP header naming the interface, then its body.
 *
 * - LOCK_INTERFACE (tsm/lock) moves the TDI to CONFIG_LOCKED and returns
 *   a nonce; GET_DEVICE_INTERFACE_REPORT then reads the interface report
 *   (its MMIO ranges and controls), which becomes part of the evidence.
 * - START_INTERFACE with that nonce (tsm/accept) moves it to RUN.
 * - STOP_INTERFACE (tsm/unlock, disconnect) returns it to CONFIG_UNLOCKED.
 *
 * Everything the device sends is checked against its own sizes before
 * use; the report's MMIO range count must match its length exactly.
 */

#define dev_fmt(fmt) "CMA: " fmt

#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spdm.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <crypto/sha2.h>
#include <kunit/visibility.h>

#include "cma.h"

/* The TDISP header of every request and response */
struct pci_tdisp_hdr {
	u8 version;
	u8 type;
	u8 reserved[2];
	__le32 function_id;		/* INTERFACE_ID: the function ... */
	u8 reserved_id[8];		/* ... and reserved bytes */
} __packed;

#define PCI_TDISP_PROTOCOL_ID		1
#define PCI_TDISP_VERSION_10		0x10

/* Room for the largest request: the protocol ID, header, and a nonce */
#define PCI_TDISP_MAX_REQ \
	(1 + sizeof(struct pci_tdisp_hdr) + PCI_TDISP_NONCE_SIZE)
/* Largest report portion asked for at a time */
#define PCI_TDISP_PORTION		2048
#define PCI_TDISP_MAX_RSP \
	(1 + sizeof(struct pci_tdisp_hdr) + 4 + PCI_TDISP_PORTION)

/* TDISP_ERROR and its ERROR_CODE values */
#define PCI_TDISP_ERROR			0x7f
#define PCI_TDISP_ERR_INVALID_REQUEST	0x0001
#define PCI_TDISP_ERR_BUSY		0x0003
#define PCI_TDISP_ERR_INVALID_STATE	0x0004
#define PCI_TDISP_ERR_UNSUPPORTED	0x0007
#define PCI_TDISP_ERR_VERSION_MISMATCH	0x0041
#define PCI_TDISP_ERR_INVALID_NONCE	0x0102

/* LOCK_INTERFACE FLAGS: no firmware update while locked */
#define PCI_TDISP_LOCK_NO_FW_UPDATE	BIT(0)

static const char *pci_tdisp_request_name(u8 type)
{
	switch (type) {
	case PCI_TDISP_GET_VERSION:		return "GET_TDISP_VERSION";
	case PCI_TDISP_GET_CAPABILITIES:	return "GET_TDISP_CAPABILITIES";
	case PCI_TDISP_LOCK_INTERFACE:		return "LOCK_INTERFACE";
	case PCI_TDISP_GET_REPORT:		return "GET_DEVICE_INTERFACE_REPORT";
	case PCI_TDISP_GET_STATE:		return "GET_DEVICE_INTERFACE_STATE";
	case PCI_TDISP_START_INTERFACE:		return "START_INTERFACE";
	case PCI_TDISP_STOP_INTERFACE:		return "STOP_INTERFACE";
	}
	return "UNKNOWN";
}

static int pci_tdisp_error_to_errno(u32 code)
{
	switch (code) {
	case PCI_TDISP_ERR_BUSY:
		return -EBUSY;
	case PCI_TDISP_ERR_INVALID_REQUEST:
		return -EINVAL;
	case PCI_TDISP_ERR_UNSUPPORTED:
	case PCI_TDISP_ERR_VERSION_MISMATCH:
		return -EOPNOTSUPP;
	case PCI_TDISP_ERR_INVALID_STATE:
	case PCI_TDISP_ERR_INVALID_NONCE:
	default:
		return -EIO;
	}
}

/**
 * pci_cma_tdisp_exchange() - one TDISP request and its response
 * @cma: the function's context, with a secure session
 * @type: the request's MessageType, e.g. %PCI_TDISP_LOCK_INTERFACE
 * @body: the request's body after the TDISP header
 * @body_len: its size
 * @rsp: buffer for the response's body
 * @rsp_size: its size
 *
 * Context: @cma->pf0.lock held, the device in D0.
 *
 * Return: the size of the response body, or a negative errno (logged
 * once, naming the request): -ENOTCONN without a secure session; -EPROTO
 * for a response that is not TDISP 1.0, answers another message or names
 * another interface; -EMSGSIZE if it does not fit; the errno of a
 * TDISP_ERROR (-EBUSY, -EINVAL, -EOPNOTSUPP, -EIO); or the error of the
 * SPDM exchange.
 */
VISIBLE_IF_KUNIT ssize_t pci_cma_tdisp_exchange(struct pci_cma *cma, u8 type,
						const void *body,
						size_t body_len, void *rsp,
						size_t rsp_size)
{
	static const u8 vendor_id[2] = { SPDM_VENDOR_ID_PCISIG & 0xff,
					 SPDM_VENDOR_ID_PCISIG >> 8 };
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	const size_t hdr_len = 1 + sizeof(struct pci_tdisp_hdr);
	const char *name = pci_tdisp_request_name(type);
	struct spdm_session_info info;
	u8 req[PCI_TDISP_MAX_REQ] = {};
	struct pci_tdisp_hdr *hdr = (void *)(req + 1);
	const struct pci_tdisp_hdr *rhdr;
	ssize_t len;
	u8 *buf;

	lockdep_assert_held(&cma->pf0.lock);
	if (spdm_session_info(cma->spdm, &info)) {
		pci_info(pdev, "TDISP %s: no secure session\n", name);
		return -ENOTCONN;
	}
	if (WARN_ON(body_len > sizeof(req) - hdr_len))
		return -EINVAL;

	req[0] = PCI_TDISP_PROTOCOL_ID;
	hdr->version = PCI_TDISP_VERSION_10;
	hdr->type = type;
	hdr->function_id = cpu_to_le32(pci_dev_id(pdev));
	memcpy(req + hdr_len, body, body_len);

	buf = kmalloc(PCI_TDISP_MAX_RSP, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = spdm_vendor_request(cma->spdm, SPDM_STANDARD_ID_PCISIG,
				  vendor_id, sizeof(vendor_id), req,
				  hdr_len + body_len, buf, PCI_TDISP_MAX_RSP);
	if (len < 0) {
		pci_info(pdev, "TDISP %s: SPDM exchange failed (%pe)\n", name,
			 ERR_PTR(len));
		goto out;
	}
	rhdr = (const void *)(buf + 1);
	if (len < hdr_len || buf[0] != PCI_TDISP_PROTOCOL_ID ||
	    rhdr->version != PCI_TDISP_VERSION_10 ||
	    rhdr->function_id != hdr->function_id) {
		pci_warn(pdev, "TDISP %s: malformed response (%zd bytes, protocol %u, version 0x%02x)\n",
			 name, len, len ? buf[0] : 0,
			 len >= hdr_len ? rhdr->version : 0);
		len = -EPROTO;
		goto out;
	}
	if (rhdr->type == PCI_TDISP_ERROR) {
		u32 code = len >= hdr_len + 8 ?
			   get_unaligned_le32(buf + hdr_len) : 0;

		pci_warn(pdev, "TDISP %s: device returned TDISP_ERROR 0x%04x, data 0x%08x\n",
			 name, code, len >= hdr_len + 8 ?
			 get_unaligned_le32(buf + hdr_len + 4) : 0);
		len = len >= hdr_len + 8 ? pci_tdisp_error_to_errno(code) :
					   -EPROTO;
		goto out;
	}
	if (rhdr->type != (type & 0x7f)) {
		pci_warn(pdev, "TDISP %s: answered with message 0x%02x\n",
			 name, rhdr->type);
		len = -EPROTO;
		goto out;
	}
	len -= hdr_len;
	if (len > rsp_size) {
		pci_warn(pdev, "TDISP %s: %zd byte response, expected at most %zu\n",
			 name, len, rsp_size);
		len = -EMSGSIZE;
		goto out;
	}
	memcpy(rsp, buf + hdr_len, len);
out:
	kfree_sensitive(buf);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_tdisp_exchange);

/* A request whose response has exactly @rsp_len bytes of body */
static int pci_cma_tdisp_exact(struct pci_cma *cma, u8 type, const void *body,
			       size_t body_len, void *rsp, size_t rsp_len)
{
	u8 scratch[1];
	ssize_t len;

	len = pci_cma_tdisp_exchange(cma, type, body, body_len,
				     rsp_len ? rsp : scratch,
				     rsp_len ?: sizeof(scratch));
	if (len < 0)
		return len;
	if (len != rsp_len) {
		pci_warn(cma->pf0.base_tsm.pdev,
			 "TDISP %s: %zd byte response, expected %zu\n",
			 pci_tdisp_request_name(type), len, rsp_len);
		return -EMSGSIZE;
	}
	return 0;
}

/**
 * pci_cma_tdisp_parse_report() - check an interface report's structure
 * @r: the report
 * @len: its size
 * @nr_ranges: set to its number of MMIO ranges
 *
 * The report is INTERFACE_INFO, reserved, MSI_X_MESSAGE_CONTROL,
 * LNR_CONTROL, TPH_CONTROL, MMIO_RANGE_COUNT, that many 16-byte ranges,
 * DEVICE_SPECIFIC_INFO_LEN and that many bytes: all of it, nothing more.
 * Every range has pages and does not wrap.
 *
 * Return: 0, or -EPROTO.
 */
VISIBLE_IF_KUNIT int pci_cma_tdisp_parse_report(const u8 *r, size_t len,
						u32 *nr_ranges)
{
	size_t off = PCI_TDISP_REPORT_HDR_SIZE;
	u32 count, dev_len;

	if (len < off + 4)
		return -EPROTO;
	count = get_unaligned_le32(r + off - 4);
	if (count > (len - off - 4) / PCI_TDISP_RANGE_SIZE)
		return -EPROTO;
	for (u32 i = 0; i < count; i++, off += PCI_TDISP_RANGE_SIZE) {
		u64 first = get_unaligned_le64(r + off);
		u32 pages = get_unaligned_le32(r + off + 8);

		if (!pages || first + pages < first ||
		    first + pages > (U64_MAX >> PCI_TDISP_PAGE_SHIFT))
			return -EPROTO;
	}
	dev_len = get_unaligned_le32(r + off);
	if (dev_len != len - off - 4)
		return -EPROTO;
	*nr_ranges = count;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_tdisp_parse_report);

/**
 * pci_cma_tdisp_check_ranges() - hold a report's MMIO ranges to the BARs
 * @pdev: the function the report describes
 * @r: the report, as pci_cma_tdisp_parse_report() accepted it
 * @nr_ranges: its number of MMIO ranges
 *
 * The lock asks for MMIO_REPORTING_OFFSET 0, so each range's FIRST_PAGE
 * is a bus address the function decodes: the whole range must lie inside
 * one of its memory BARs. A report that describes other MMIO than the
 * function's own would tie the accepted interface to the wrong memory.
 *
 * Return: 0, or -EPROTO (logged, naming the first range outside).
 */
VISIBLE_IF_KUNIT int pci_cma_tdisp_check_ranges(struct pci_dev *pdev, const u8 *r,
						u32 nr_ranges)
{
	const u8 *range = r + PCI_TDISP_REPORT_HDR_SIZE;

	for (u32 i = 0; i < nr_ranges; i++, range += PCI_TDISP_RANGE_SIZE) {
		u64 first = get_unaligned_le64(range);
		u32 pages = get_unaligned_le32(range + 8);
		u64 start = first << PCI_TDISP_PAGE_SHIFT;
		u64 end = ((first + pages) << PCI_TDISP_PAGE_SHIFT) - 1;
		struct pci_bus_region region = { .start = start, .end = end };
		struct resource res = { .flags = IORESOURCE_MEM };

		/*
		 * A memory BAR with an address that holds the whole range; a
		 * range past what a bus address can say is in none
		 */
		pcibios_bus_to_resource(pdev->bus, &res, &region);
		if (region.end != end || !pci_find_resource(pdev, &res)) {
			pci_warn(pdev, "TDISP GET_DEVICE_INTERFACE_REPORT: MMIO range %u [%#llx-%#llx] is not inside a memory BAR\n",
				 i, start, end);
			return -EPROTO;
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_tdisp_check_ranges);

/*
 * Read the report in portions: the first fixes the total, every later one
 * must start where the last ended and account for the rest exactly.
 */
static int pci_cma_tdisp_read_report(struct pci_cma *cma)
{
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	size_t total = 0, done = 0;
	u8 *buf, *report = NULL;
	int rc = -EPROTO;
	u32 nr_ranges;

	buf = kmalloc(4 + PCI_TDISP_PORTION, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	do {
		__le16 req[2] = { cpu_to_le16(done),
				  cpu_to_le16(PCI_TDISP_PORTION) };
		size_t portion, remainder;
		ssize_t len;

		len = pci_cma_tdisp_exchange(cma, PCI_TDISP_GET_REPORT, req,
					     sizeof(req), buf,
					     4 + PCI_TDISP_PORTION);
		if (len < 0) {
			rc = len;
			goto out;
		}
		if (len < 4)
			goto bad;
		portion = get_unaligned_le16(buf);
		remainder = get_unaligned_le16(buf + 2);
		if (!report) {
			total = portion + remainder;
			if (total < PCI_TDISP_REPORT_HDR_SIZE + 4 ||
			    total > PCI_TDISP_MAX_REPORT)
				goto bad;
			report = kvmalloc(total, GFP_KERNEL);
			if (!report) {
				rc = -ENOMEM;
				goto out;
			}
		}
		if (!portion || portion > PCI_TDISP_PORTION ||
		    len != 4 + portion || done + portion + remainder != total)
			goto bad;
		memcpy(report + done, buf + 4, portion);
		done += portion;
	} while (done < total);

	rc = pci_cma_tdisp_parse_report(report, total, &nr_ranges);
	if (rc) {
		pci_warn(pdev, "TDISP GET_DEVICE_INTERFACE_REPORT: malformed %zu byte report (MMIO_RANGE_COUNT %u)\n",
			 total, get_unaligned_le32(report + 12));
		goto out;
	}
	rc = pci_cma_tdisp_check_ranges(pdev, report, nr_ranges);
	if (rc)
		goto out;
	kvfree(cma->tdi.report);
	cma->tdi.report = report;
	cma->tdi.report_len = total;
	cma->tdi.nr_ranges = nr_ranges;
	report = NULL;
	rc = 0;
	goto out;
bad:
	pci_warn(pdev, "TDISP GET_DEVICE_INTERFACE_REPORT: portion at %zu of %zu does not add up\n",
		 done, total);
	rc = -EPROTO;
out:
	kvfree(report);
	kfree(buf);
	return rc;
}

static int pci_cma_tdisp_expect_state(struct pci_cma *cma, u8 want)
{
	u8 state;
	int rc;

	rc = pci_cma_tdisp_exact(cma, PCI_TDISP_GET_STATE, NULL, 0, &state,
				 sizeof(state));
	if (rc)
		return rc;
	if (state != want) {
		pci_warn(cma->pf0.base_tsm.pdev,
			 "TDISP GET_DEVICE_INTERFACE_STATE: state %u, expected %u\n",
			 state, want);
		return -EIO;
	}
	return 0;
}

/**
 * pci_cma_tdisp_lock() - lock the function's TDISP interface, read its
 *	report
 * @cma: the function's context, with a secure session
 *
 * GET_TDISP_VERSION (1.0 must be offered), GET_TDISP_CAPABILITIES,
 * LOCK_INTERFACE (no firmware update while locked), the report, and
 * GET_DEVICE_INTERFACE_STATE, which must say CONFIG_LOCKED. On failure
 * the interface is stopped again.
 *
 * Context: @cma->pf0.lock held, the device in D0.
 *
 * Return: 0 or a negative errno, logged with the TDISP step.
 */
int pci_cma_tdisp_lock(struct pci_cma *cma)
{
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	u8 versions[1 + 16], caps[PCI_TDISP_CAPS_SIZE];
	__le32 tsm_caps = 0;
	struct {
		__le16 flags;
		u8 default_stream_id;
		u8 reserved;
		__le64 mmio_reporting_offset;
		__le64 bind_p2p_address_mask;
	} __packed lock = {
		.flags = cpu_to_le16(PCI_TDISP_LOCK_NO_FW_UPDATE),
	};
	ssize_t len;
	int rc, i;

	lockdep_assert_held(&cma->pf0.lock);
	len = pci_cma_tdisp_exchange(cma, PCI_TDISP_GET_VERSION, NULL, 0,
				     versions, sizeof(versions));
	if (len < 0)
		return len;
	if (len < 1 || len != 1 + versions[0]) {
		pci_warn(pdev, "TDISP GET_TDISP_VERSION: %zd bytes for %u versions\n",
			 len, len ? versions[0] : 0);
		return -EPROTO;
	}
	for (i = 1; i < len && versions[i] != PCI_TDISP_VERSION_10; i++)
		;
	if (i == len) {
		pci_warn(pdev, "TDISP GET_TDISP_VERSION: 1.0 not offered\n");
		return -EOPNOTSUPP;
	}
	rc = pci_cma_tdisp_exact(cma, PCI_TDISP_GET_CAPABILITIES, &tsm_caps,
				 sizeof(tsm_caps), caps, sizeof(caps));
	if (rc)
		return rc;

	rc = pci_cma_tdisp_exact(cma, PCI_TDISP_LOCK_INTERFACE, &lock,
				 sizeof(lock), cma->tdi.nonce,
				 sizeof(cma->tdi.nonce));
	if (rc)
		return rc;
	cma->tdi.state = PCI_TDISP_STATE_LOCKED;
	rc = pci_cma_tdisp_read_report(cma);
	if (!rc)
		rc = pci_cma_tdisp_expect_state(cma, PCI_TDISP_STATE_LOCKED);
	if (rc)
		pci_cma_tdisp_stop(cma);
	return rc;
}

/**
 * pci_cma_tdisp_start() - move the locked interface to RUN
 * @cma: the function's context, its interface locked
 *
 * Context: @cma->pf0.lock held, the device in D0.
 *
 * Return: 0, or a negative errno, logged with the TDISP step.
 */
int pci_cma_tdisp_start(struct pci_cma *cma)
{
	int rc;

	lockdep_assert_held(&cma->pf0.lock);
	rc = pci_cma_tdisp_exact(cma, PCI_TDISP_START_INTERFACE,
				 cma->tdi.nonce, sizeof(cma->tdi.nonce),
				 NULL, 0);
	if (!rc)
		rc = pci_cma_tdisp_expect_state(cma, PCI_TDISP_STATE_RUN);
	if (rc)
		return rc;
	cma->tdi.state = PCI_TDISP_STATE_RUN;
	memzero_explicit(cma->tdi.nonce, sizeof(cma->tdi.nonce));
	return 0;
}

/**
 * pci_cma_tdisp_stop() - return the interface to CONFIG_UNLOCKED
 * @cma: the function's context
 *
 * Sends STOP_INTERFACE if the interface was locked or running and the
 * session is still open, and forgets the report and the nonce whatever
 * the answer.
 *
 * Context: @cma->pf0.lock held.
 */
void pci_cma_tdisp_stop(struct pci_cma *cma)
{
	lockdep_assert_held(&cma->pf0.lock);
	if (cma->tdi.state != PCI_TDISP_STATE_UNLOCKED)
		pci_cma_tdisp_exact(cma, PCI_TDISP_STOP_INTERFACE, NULL, 0,
				    NULL, 0);
	kvfree(cma->tdi.report);
	memzero_explicit(&cma->tdi, sizeof(cma->tdi));
}

/**
 * pci_cma_tdisp_report_digest() - SHA-384 of the interface report
 * @cma: the function's context
 * @digest: %SHA384_DIGEST_SIZE bytes
 *
 * Return: true, or false if there is no report.
 */
bool pci_cma_tdisp_report_digest(const struct pci_cma *cma, u8 *digest)
{
	if (!cma->tdi.report)
		return false;
	sha384(cma->tdi.report, cma->tdi.report_len, digest);
	return true;
}
