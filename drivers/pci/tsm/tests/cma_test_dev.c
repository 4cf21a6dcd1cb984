// SPDX-License-Identifier: GPL-2.0
/*
 * An emulated PCIe function with a CMA DOE mailbox, for KUnit tests
 *
 * The function sits alone on a root bus of its own, in a PCI domain no
 * real bus uses, and is enumerated by the PCI core like any other: the
 * core finds its PCI Express capability and its DOE extended capability,
 * and drivers/pci/doe.c runs discovery and every exchange through the
 * config accessors below. Those answer discovery themselves and hand each
 * SPDM request to the SPDM test responder of lib/spdm on a work item,
 * because config accessors run with the PCI config lock held and the
 * responder sleeps (it signs).
 *
 * The emulation follows PCIe r7.0 sec 6.30 closely enough for doe.c:
 * Busy while an object is processed, Data Object Ready while one can be
 * read, Error for a malformed object, and Abort clearing everything.
 *
 * The function advertises Function Level Reset, so the PCI core resets it
 * with pcie_flr(), and can lose power as in D3cold or system sleep: both
 * clear the Command register and the mailbox. Every change of the Command
 * register is logged with the SPDM request in the mailbox at that moment,
 * so that a test can tell whether Bus Master Enable came back before or
 * after the same-device check.
 */

#include <kunit/device.h>
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/pci.h>
#include <linux/pci-doe.h>
#include <linux/pm_runtime.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/unaligned.h>

#include "../../../../lib/spdm/spdm.h"
#include "../../../../lib/spdm/tests/spdm_test_responder.h"
#include "../cma.h"
#include "cma_test_dev.h"

#define CMA_TEST_DOMAIN		0xc3a	/* far above any real segment */

/* Each device gets a domain of its own, so that several can coexist */
static atomic_t cma_test_domain = ATOMIC_INIT(CMA_TEST_DOMAIN);

#define CMA_TEST_PCIE_CAP	0x40
#define CMA_TEST_DOE_CAP	PCI_CFG_SPACE_SIZE

static struct cma_test_dev *cma_test_dev_of(struct pci_bus *bus)
{
	return *(struct cma_test_dev **)
		pci_host_bridge_priv(pci_find_host_bridge(bus));
}

static void cma_test_cfg_init(struct cma_test_dev *emu)
{
	u8 *cfg = emu->cfg;
	u32 devcap = PCI_EXP_DEVCAP_FLR | (emu->tee ? PCI_EXP_DEVCAP_TEE : 0);

	put_unaligned_le16(CMA_TEST_VENDOR, cfg + PCI_VENDOR_ID);
	put_unaligned_le16(CMA_TEST_DEVICE, cfg + PCI_DEVICE_ID);
	put_unaligned_le16(PCI_STATUS_CAP_LIST, cfg + PCI_STATUS);
	/* class "unassigned", so that no driver binds by class */
	put_unaligned_le32(PCI_CLASS_OTHERS << 16, cfg + PCI_CLASS_REVISION);
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	cfg[PCI_CAPABILITY_LIST] = CMA_TEST_PCIE_CAP;
	put_unaligned_le32(CMA_TEST_BAR0, cfg + PCI_BASE_ADDRESS_0);

	/* A Root Complex integrated Endpoint: it sits on a root bus */
	cfg[CMA_TEST_PCIE_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_EXP;
	put_unaligned_le16(FIELD_PREP(PCI_EXP_FLAGS_VERS, 2) |
			   FIELD_PREP(PCI_EXP_FLAGS_TYPE, PCI_EXP_TYPE_RC_END),
			   cfg + CMA_TEST_PCIE_CAP + PCI_EXP_FLAGS);
	put_unaligned_le32(devcap, cfg + CMA_TEST_PCIE_CAP + PCI_EXP_DEVCAP);

	/* Version 1, and the last extended capability */
	if (!emu->no_doe)
		put_unaligned_le32(PCI_EXT_CAP_ID_DOE | (1 << 16),
				   cfg + CMA_TEST_DOE_CAP);
}

/* Log the Command register's value: @emu->lock held */
static void cma_test_cmd_log(struct cma_test_dev *emu, enum cma_test_cmd_why why)
{
	struct cma_test_cmd_entry *e;

	lockdep_assert_held(&emu->lock);
	if (emu->cmd_len < CMA_TEST_CMD_LOG) {
		e = &emu->cmd_log[emu->cmd_len];
		e->cmd = get_unaligned_le16(emu->cfg + PCI_COMMAND);
		e->why = why;
		e->req = emu->inflight;
		e->requests = atomic_read(&emu->spdm_requests);
	}
	emu->cmd_len++;
}

static void cma_test_doe_reset(struct cma_test_dev *emu)
{
	emu->inflight = CMA_TEST_REQ_NONE;
	emu->seq++;
	emu->wlen = 0;
	emu->rlen = 0;
	emu->rpos = 0;
	emu->busy = false;
	emu->ready = false;
	emu->error = false;
}

static void cma_test_doe_answer(struct cma_test_dev *emu, u8 type,
				const void *payload, size_t len)
{
	const u8 *p = payload;
	size_t i;

	emu->rbuf[0] = FIELD_PREP(PCI_DOE_DATA_OBJECT_HEADER_1_VID,
				  PCI_VENDOR_ID_PCI_SIG) |
		       FIELD_PREP(PCI_DOE_DATA_OBJECT_HEADER_1_TYPE, type);

	emu->rbuf[1] = 2 + DIV_ROUND_UP(len, 4);
	/* The mailbox register holds the object's bytes in little-endian */
	for (i = 0; i < len; i += 4) {
		u8 dw[4] = {};

		memcpy(dw, p + i, min(len - i, 4));
		emu->rbuf[2 + i / 4] = get_unaligned_le32(dw);
	}
	emu->rlen = emu->rbuf[1];
	emu->rpos = 0;
	emu->busy = false;
	emu->ready = true;
}

/*
 * Discovery (PCIe r7.0 sec 6.30.1.1): features 0001h:00h, 0001h:01h and,
 * unless left out, 0001h:02h (secured CMA)
 */
static void cma_test_doe_discovery(struct cma_test_dev *emu)
{
	u8 index = FIELD_GET(PCI_DOE_DATA_OBJECT_DISC_REQ_3_INDEX,
			     emu->wbuf[2]);
	u8 last = emu->no_secured ? 1 : 2;
	__le32 rsp;

	if (index > last) {
		emu->error = true;
		return;
	}
	rsp = cpu_to_le32(FIELD_PREP(PCI_DOE_DATA_OBJECT_DISC_RSP_3_VID,
				     PCI_VENDOR_ID_PCI_SIG) |
			  FIELD_PREP(PCI_DOE_DATA_OBJECT_DISC_RSP_3_TYPE, index) |
			  FIELD_PREP(PCI_DOE_DATA_OBJECT_DISC_RSP_3_NEXT_INDEX,
				     index == last ? 0 : index + 1));
	cma_test_doe_answer(emu, PCI_DOE_FEATURE_DISCOVERY, &rsp, sizeof(rsp));
}

/* Go: check the object written and act on it */
static void cma_test_doe_go(struct cma_test_dev *emu)
{
	u32 len, vid, type, i;

	if (emu->wlen < 2) {
		emu->error = true;
		return;
	}
	vid = FIELD_GET(PCI_DOE_DATA_OBJECT_HEADER_1_VID, emu->wbuf[0]);
	type = FIELD_GET(PCI_DOE_DATA_OBJECT_HEADER_1_TYPE, emu->wbuf[0]);
	len = FIELD_GET(PCI_DOE_DATA_OBJECT_HEADER_2_LENGTH, emu->wbuf[1]);
	if (len != emu->wlen || vid != PCI_VENDOR_ID_PCI_SIG) {
		emu->error = true;
		return;
	}
	emu->wlen = 0;

	if (type == PCI_DOE_FEATURE_DISCOVERY && len == 3) {
		cma_test_doe_discovery(emu);
		return;
	}
	if (type != PCI_DOE_FEATURE_CMA &&
	    (type != PCI_DOE_FEATURE_SSESSION || emu->no_secured)) {
		emu->error = true;
		return;
	}
	emu->req_type = type;
	/* The request code is the second byte of the SPDM header */
	emu->inflight = type == PCI_DOE_FEATURE_CMA ?
			(len > 2 ? (emu->wbuf[2] >> 8) & 0xff : 0) :
			CMA_TEST_REQ_SECURED;

	if (atomic_inc_return(&emu->spdm_requests) == 1)
		complete(&emu->first_request);
	if (emu->pdev && pm_runtime_suspended(&emu->pdev->dev))
		atomic_inc(&emu->suspended_requests);
	emu->busy = true;
	if (emu->stall)
		return;
	emu->req_len = (len - 2) * 4;
	for (i = 0; i < len - 2; i++)
		put_unaligned_le32(emu->wbuf[2 + i], emu->req + 4 * i);
	queue_work(system_dfl_wq, &emu->work);
}

/*
 * Hold the answer to @emu->hold_code until @emu->release completes. The
 * mailbox cannot wait longer than the DOE timeout (1 s), so the responder
 * says ResponseNotReady, with a wait of about a second (RDTExponent 20),
 * to the request and to each RESPOND_IF_READY for it while held; then it
 * answers. The requester's retries bound the hold to some eight seconds.
 * Called with @emu->rsp_lock held.
 */
static void cma_test_hold(struct cma_test_dev *emu, u8 type, const u8 *req,
			  size_t len)
{
	u8 hold = READ_ONCE(emu->hold_code);
	struct spdm_test_responder *rsp = emu->rsp;

	lockdep_assert_held(&emu->rsp_lock);
	if (!hold || type != PCI_DOE_FEATURE_CMA || len < 4 ||
	    (req[1] != hold &&
	     (req[1] != SPDM_RESPOND_IF_READY || req[2] != hold)))
		return;
	if (completion_done(&emu->release)) {
		rsp->not_ready = 0;
		return;
	}
	rsp->not_ready = 1;
	rsp->not_ready_on = hold;
	rsp->rdt_exponent = 20;
	complete(&emu->held);
}

static void cma_test_doe_work(struct work_struct *work)
{
	struct cma_test_dev *emu = container_of(work, struct cma_test_dev,
						work);
	unsigned long flags, seq;
	size_t req_len;
	ssize_t len;
	u8 *req, *rsp, type;

	req = kmalloc(CMA_TEST_DOE_MAX_DW * 4, GFP_KERNEL);
	rsp = kmalloc(CMA_TEST_DOE_MAX_DW * 4, GFP_KERNEL);
	if (!req || !rsp)
		goto out;

	raw_spin_lock_irqsave(&emu->lock, flags);
	seq = emu->seq;
	type = emu->req_type;
	req_len = emu->req_len;
	memcpy(req, emu->req, req_len);
	raw_spin_unlock_irqrestore(&emu->lock, flags);

	if (emu->delay_ms)
		msleep(emu->delay_ms);

	mutex_lock(&emu->rsp_lock);
	cma_test_hold(emu, type, req, req_len);
	if (type == PCI_DOE_FEATURE_SSESSION)
		len = spdm_test_secured_transport(emu->rsp, NULL, req, req_len,
						  rsp, sizeof(emu->rbuf) - 8);
	else
		len = spdm_test_transport(emu->rsp, NULL, req, req_len, rsp,
					  sizeof(emu->rbuf) - 8);
	mutex_unlock(&emu->rsp_lock);

	raw_spin_lock_irqsave(&emu->lock, flags);
	if (seq == emu->seq && emu->busy) {
		if (len < 0 || len > sizeof(emu->rbuf) - 8) {
			emu->busy = false;
			emu->error = true;
			emu->inflight = CMA_TEST_REQ_NONE;
		} else {
			cma_test_doe_answer(emu, type, rsp, len);
		}
	}
	raw_spin_unlock_irqrestore(&emu->lock, flags);
out:
	kfree(req);
	kfree(rsp);
}

static u32 cma_test_doe_read(struct cma_test_dev *emu, int reg)
{
	switch (reg) {
	case PCI_DOE_STATUS:
		return FIELD_PREP(PCI_DOE_STATUS_BUSY, emu->busy) |
		       FIELD_PREP(PCI_DOE_STATUS_ERROR, emu->error) |
		       FIELD_PREP(PCI_DOE_STATUS_DATA_OBJECT_READY,
				  emu->ready);
	case PCI_DOE_READ:
		return emu->ready ? emu->rbuf[emu->rpos] : 0;
	default:
		return 0;
	}
}

static void cma_test_doe_write(struct cma_test_dev *emu, int reg, u32 val)
{
	switch (reg) {
	case PCI_DOE_CTRL:
		if (val & PCI_DOE_CTRL_ABORT)
			cma_test_doe_reset(emu);
		else if (val & PCI_DOE_CTRL_GO)
			cma_test_doe_go(emu);
		break;
	case PCI_DOE_WRITE:
		if (emu->wlen == CMA_TEST_DOE_MAX_DW)
			emu->error = true;
		else
			emu->wbuf[emu->wlen++] = val;
		break;
	case PCI_DOE_READ:
		if (emu->ready && ++emu->rpos >= emu->rlen) {
			emu->ready = false;
			emu->rlen = 0;
			emu->inflight = CMA_TEST_REQ_NONE;
		}
		break;
	}
}

static bool cma_test_is_doe(struct cma_test_dev *emu, int where)
{
	return !emu->no_doe && where >= CMA_TEST_DOE_CAP + PCI_DOE_CAP &&
	       where < CMA_TEST_DOE_CAP + PCI_DOE_READ + 4;
}

static int cma_test_read(struct pci_bus *bus, unsigned int devfn, int where,
			 int size, u32 *val)
{
	struct cma_test_dev *emu = cma_test_dev_of(bus);
	int shift = (where & 3) * 8;
	u32 dw;

	if (devfn || READ_ONCE(emu->gone) || where + size > PCI_CFG_SPACE_EXP_SIZE) {
		*val = ~0U;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}

	guard(raw_spinlock_irqsave)(&emu->lock);
	if (cma_test_is_doe(emu, where))
		dw = cma_test_doe_read(emu, (where & ~3) - CMA_TEST_DOE_CAP);
	else
		dw = get_unaligned_le32(emu->cfg + (where & ~3));

	*val = size == 4 ? dw : (dw >> shift) & GENMASK(size * 8 - 1, 0);
	return PCIBIOS_SUCCESSFUL;
}

/*
 * The 16-bit registers the core may change, written by byte, word or dword
 * as any access covers them; all else is read-only
 */
static const u16 cma_test_writable[] = {
	PCI_COMMAND,
	CMA_TEST_PCIE_CAP + PCI_EXP_DEVCTL,
	CMA_TEST_PCIE_CAP + PCI_EXP_DEVCTL2,
};

static bool cma_test_byte_writable(int off)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(cma_test_writable); i++)
		if (off >= cma_test_writable[i] && off < cma_test_writable[i] + 2)
			return true;
	return false;
}

/*
 * What a Function Level Reset does to the emulated function (PCIe r7.0
 * sec 6.6.2), and power loss: the Command register clears, so the function
 * is no bus master, and the DOE mailbox drops what it held
 */
static void cma_test_lose_state(struct cma_test_dev *emu,
				enum cma_test_cmd_why why)
{
	lockdep_assert_held(&emu->lock);
	put_unaligned_le16(0, emu->cfg + PCI_COMMAND);
	cma_test_doe_reset(emu);
	cma_test_cmd_log(emu, why);
}

static int cma_test_write(struct pci_bus *bus, unsigned int devfn, int where,
			  int size, u32 val)
{
	struct cma_test_dev *emu = cma_test_dev_of(bus);
	int devctl = CMA_TEST_PCIE_CAP + PCI_EXP_DEVCTL;
	bool cmd = false, flr = false;
	int i;

	if (devfn || READ_ONCE(emu->gone) || where + size > PCI_CFG_SPACE_EXP_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;

	guard(raw_spinlock_irqsave)(&emu->lock);
	if (cma_test_is_doe(emu, where)) {
		if (size == 4)
			cma_test_doe_write(emu, where - CMA_TEST_DOE_CAP, val);
		return PCIBIOS_SUCCESSFUL;
	}
	if (where == PCI_BASE_ADDRESS_0 && size == 4) {
		/* The address bits a BAR of its size has; sizing reads them */
		put_unaligned_le32(val & ~(CMA_TEST_BAR0_SIZE - 1), emu->cfg + where);
		return PCIBIOS_SUCCESSFUL;
	}
	for (i = 0; i < size; i++) {
		int off = where + i;
		u8 byte = val >> (8 * i);

		if (!cma_test_byte_writable(off))
			continue;
		/* Initiate Function Level Reset: always reads 0 */
		if (off == devctl + 1 && (byte & (PCI_EXP_DEVCTL_BCR_FLR >> 8))) {
			flr = true;
			byte &= ~(PCI_EXP_DEVCTL_BCR_FLR >> 8);
		}
		emu->cfg[off] = byte;
		cmd |= off == PCI_COMMAND || off == PCI_COMMAND + 1;
	}
	if (cmd)
		cma_test_cmd_log(emu, CMA_TEST_CMD_WRITE);
	if (flr)
		cma_test_lose_state(emu, CMA_TEST_CMD_FLR);
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops cma_test_pci_ops = {
	.read = cma_test_read,
	.write = cma_test_write,
};

/* The interface report: two ranges and device-specific bytes by default */
size_t cma_test_tdi_report(struct cma_test_dev *emu, u8 *out, size_t size)
{
	struct cma_test_tdi *t = &emu->tdi;
	size_t len = 16 + 16 * t->nr_ranges + 4 + t->dev_info_len;

	if (len > size)
		return 0;
	memset(out, 0, len);
	put_unaligned_le16(0x0002, out);		/* DMA without PASID */
	put_unaligned_le32(t->nr_ranges + t->range_count_lie, out + 12);
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		u8 *r = out + 16 + 16 * i;

		put_unaligned_le64((CMA_TEST_BAR0 >> 12) + 0x10 * i +
				   (i == t->nr_ranges - 1 ? t->range_move : 0),
				   r);				/* FIRST_PAGE */
		put_unaligned_le32(4, r + 8);		/* NUMBER_OF_PAGES */
		put_unaligned_le16(i, r + 14);		/* RANGE_ID */
	}
	put_unaligned_le32(t->dev_info_len, out + 16 + 16 * t->nr_ranges);
	for (unsigned int i = 0; i < t->dev_info_len; i++)
		out[20 + 16 * t->nr_ranges + i] = i ^ t->report_salt;
	return len;
}

static size_t cma_test_tdi_error(u8 *out, u32 code)
{
	out[2] = 0x7f;
	put_unaligned_le32(code, out + 17);
	put_unaligned_le32(0, out + 21);
	return 17 + 8;
}

/*
 * TDISP behind VENDOR_DEFINED_REQUEST: the 16-byte header (after the
 * protocol ID) is echoed with the response code, then the body
 */
static size_t cma_test_tdisp(void *priv, const u8 *req, size_t len, u8 *out,
			     size_t size)
{
	struct cma_test_dev *emu = priv;
	struct cma_test_tdi *t = &emu->tdi;
	u8 type = len >= 3 ? req[2] : 0;
	u8 *body = out + 17;

	if (size < 17 + PCI_TDISP_CAPS_SIZE + 4 || len < 17 || req[0] != 1 ||
	    req[1] != 0x10)
		return 0;
	t->requests++;
	t->last_type = type;
	memcpy(out, req, 17);
	out[2] = type & 0x7f;
	put_unaligned_le32(get_unaligned_le32(req + 5) ^ t->function_id_lie,
			   out + 5);
	if (!emu->rsp->in_secured) {
		t->outside_session++;
		return cma_test_tdi_error(out, 0x0001);
	}
	if (t->error_on == type)
		return cma_test_tdi_error(out, t->error_code);

	switch (type) {
	case PCI_TDISP_GET_VERSION:
		body[0] = 1;
		body[1] = t->version ?: 0x10;
		return 17 + 2;
	case PCI_TDISP_GET_CAPABILITIES:
		memset(body, 0, PCI_TDISP_CAPS_SIZE);
		body[4 + 16] = 0x1f;	/* every LOCK_INTERFACE flag */
		for (u8 c = PCI_TDISP_GET_VERSION; c <= PCI_TDISP_STOP_INTERFACE; c++)
			body[4 + c / 8] |= BIT(c % 8);
		return 17 + PCI_TDISP_CAPS_SIZE;
	case PCI_TDISP_LOCK_INTERFACE:
		if (len < 17 + 20)
			return cma_test_tdi_error(out, 0x0001);
		if (t->state != PCI_TDISP_STATE_UNLOCKED)
			return cma_test_tdi_error(out, 0x0004);
		get_random_bytes(t->nonce, sizeof(t->nonce));
		if (!t->stay_unlocked) {
			t->state = PCI_TDISP_STATE_LOCKED;
			t->locks++;
		}
		memcpy(body, t->nonce, sizeof(t->nonce));
		return 17 + sizeof(t->nonce);
	case PCI_TDISP_GET_REPORT: {
		u8 *report = kmalloc(2 * PCI_TDISP_MAX_REPORT, GFP_KERNEL);
		size_t off, want, total, portion;

		if (len < 17 + 4 || !report ||
		    (t->state != PCI_TDISP_STATE_LOCKED &&
		     t->state != PCI_TDISP_STATE_RUN)) {
			kfree(report);
			return cma_test_tdi_error(out, 0x0004);
		}
		total = cma_test_tdi_report(emu, report,
					    2 * PCI_TDISP_MAX_REPORT);
		off = get_unaligned_le16(req + 17);
		want = get_unaligned_le16(req + 19);
		if (off > total) {
			kfree(report);
			return cma_test_tdi_error(out, 0x0001);
		}
		portion = min3(want, total - off, size - 17 - 4);
		if (t->portion_max)
			portion = min_t(size_t, portion, t->portion_max);
		put_unaligned_le16(portion, body);
		put_unaligned_le16(total - off - portion +
				   (off ? t->remainder_lie : 0), body + 2);
		memcpy(body + 4, report + off, portion);
		kfree(report);
		return 17 + 4 + portion;
	}
	case PCI_TDISP_GET_STATE:
		body[0] = t->state;
		return 17 + 1;
	case PCI_TDISP_START_INTERFACE:
		if (t->state != PCI_TDISP_STATE_LOCKED)
			return cma_test_tdi_error(out, 0x0004);
		if (len < 17 + 32 || memcmp(req + 17, t->nonce, 32))
			return cma_test_tdi_error(out, 0x0102);
		t->state = PCI_TDISP_STATE_RUN;
		t->starts++;
		return 17;
	case PCI_TDISP_STOP_INTERFACE:
		t->state = PCI_TDISP_STATE_UNLOCKED;
		t->stops++;
		return 17;
	}
	return cma_test_tdi_error(out, 0x0007);
}

static void cma_test_dev_free(struct cma_test_dev *emu)
{
	cancel_work_sync(&emu->work);
	spdm_test_responder_release(emu->rsp);
	kvfree(emu->rsp);
	kfree(emu);
}

/**
 * cma_test_dev_create() - enumerate a new emulated function
 * @test: the test, which owns the device's parent
 * @flags: %CMA_TEST_TEE, %CMA_TEST_NO_DOE, %CMA_TEST_NO_SECURED
 *
 * The SPDM responder starts as a well-behaved SPDM 1.2 one.
 *
 * Return: the device, or NULL; remove it with cma_test_dev_remove().
 */
struct cma_test_dev *cma_test_dev_create(struct kunit *test,
					 unsigned int flags)
{
	int domain = atomic_inc_return(&cma_test_domain);
	struct pci_host_bridge *bridge;
	struct cma_test_dev *emu;
	struct device *parent;
	char name[24];

	snprintf(name, sizeof(name), "cma-test-host-%x", domain);
	parent = kunit_device_register(test, name);
	if (IS_ERR(parent))
		return NULL;

	emu = kzalloc_obj(*emu);
	if (!emu)
		return NULL;
	emu->rsp = kvzalloc_obj(*emu->rsp);
	if (!emu->rsp) {
		kfree(emu);
		return NULL;
	}
	spdm_test_responder_init(emu->rsp, 0x12);
	emu->rsp->vendor = cma_test_tdisp;
	emu->rsp->vendor_priv = emu;
	emu->tdi.nr_ranges = 2;
	emu->tdi.dev_info_len = 8;
	raw_spin_lock_init(&emu->lock);
	mutex_init(&emu->rsp_lock);
	INIT_WORK(&emu->work, cma_test_doe_work);
	init_completion(&emu->first_request);
	init_completion(&emu->held);
	init_completion(&emu->release);
	emu->inflight = CMA_TEST_REQ_NONE;
	emu->tee = flags & CMA_TEST_TEE;
	emu->no_doe = flags & CMA_TEST_NO_DOE;
	emu->no_secured = flags & CMA_TEST_NO_SECURED;
	cma_test_cfg_init(emu);

	bridge = pci_alloc_host_bridge(sizeof(emu));
	if (!bridge) {
		cma_test_dev_free(emu);
		return NULL;
	}
	*(struct cma_test_dev **)pci_host_bridge_priv(bridge) = emu;
	bridge->dev.parent = parent;
	bridge->ops = &cma_test_pci_ops;
	bridge->busnr = 0;
	emu->busn = DEFINE_RES_NAMED(0, 1, "cma-test-bus", IORESOURCE_BUS);
	pci_add_resource(&bridge->windows, &emu->busn);
	emu->mem = DEFINE_RES_NAMED(CMA_TEST_BAR0, CMA_TEST_BAR0_SIZE,
				    "cma-test-mem", IORESOURCE_MEM);
	pci_add_resource(&bridge->windows, &emu->mem);
#ifdef CONFIG_X86
	emu->sysdata.domain = domain;
	emu->sysdata.node = NUMA_NO_NODE;
	bridge->sysdata = &emu->sysdata;
#else
	bridge->domain_nr = domain;
#endif

	pci_lock_rescan_remove();
	if (pci_scan_root_bus_bridge(bridge)) {
		pci_unlock_rescan_remove();
		pci_free_host_bridge(bridge);
		cma_test_dev_free(emu);
		return NULL;
	}
	emu->bus = bridge->bus;
	emu->pdev = pci_get_slot(emu->bus, 0);
	/* Where firmware put it, so that pci_enable_device() can enable it */
	if (emu->pdev && pci_claim_resource(emu->pdev, 0))
		pci_warn(emu->pdev, "BAR 0 not claimed\n");
	pci_bus_add_devices(emu->bus);
	pci_unlock_rescan_remove();

	if (!emu->pdev) {
		cma_test_dev_remove(emu);
		return NULL;
	}
	return emu;
}

/**
 * cma_test_dev_of_pdev() - the emulated device of a function
 * @pdev: a PCI function
 *
 * Return: the emulated device @pdev is, or NULL if it is another function.
 */
struct cma_test_dev *cma_test_dev_of_pdev(struct pci_dev *pdev)
{
	if (pdev->bus->ops != &cma_test_pci_ops)
		return NULL;
	return cma_test_dev_of(pdev->bus);
}

/**
 * cma_test_power_loss() - the function loses power, as in D3cold or when
 *	the system sleeps: its Command register and mailbox clear
 * @emu: the emulated device
 */
void cma_test_power_loss(struct cma_test_dev *emu)
{
	guard(raw_spinlock_irqsave)(&emu->lock);
	cma_test_lose_state(emu, CMA_TEST_CMD_POWER_LOSS);
}

/**
 * cma_test_cmd_mark() - a mark in the Command register's log
 * @emu: the emulated device
 *
 * Return: the index the next change of the Command register will have.
 */
unsigned int cma_test_cmd_mark(struct cma_test_dev *emu)
{
	guard(raw_spinlock_irqsave)(&emu->lock);
	return emu->cmd_len;
}

/**
 * cma_test_cmd_entry() - one entry of the Command register's log
 * @emu: the emulated device
 * @i: its index, from cma_test_cmd_mark()
 * @e: where to copy it
 *
 * Return: true if the log holds it, false if it does not (yet, or any more
 * than the first %CMA_TEST_CMD_LOG entries).
 */
bool cma_test_cmd_entry(struct cma_test_dev *emu, unsigned int i,
			struct cma_test_cmd_entry *e)
{
	guard(raw_spinlock_irqsave)(&emu->lock);
	if (i >= emu->cmd_len || i >= CMA_TEST_CMD_LOG)
		return false;
	*e = emu->cmd_log[i];
	return true;
}

/**
 * cma_test_bme_between() - was Bus Master Enable ever set between two marks
 * @emu: the emulated device
 * @from: the first mark
 * @to: the second, later mark
 *
 * An entry past what the log keeps counts as set: the answer is never a
 * false "no".
 *
 * Return: true if any change from @from to before @to left BME set.
 */
bool cma_test_bme_between(struct cma_test_dev *emu, unsigned int from,
			  unsigned int to)
{
	unsigned int i;

	guard(raw_spinlock_irqsave)(&emu->lock);
	for (i = from; i < to && i < emu->cmd_len; i++)
		if (i >= CMA_TEST_CMD_LOG ||
		    emu->cmd_log[i].cmd & PCI_COMMAND_MASTER)
			return true;
	return false;
}

/**
 * cma_test_bme_now() - is Bus Master Enable set in the device now
 * @emu: the emulated device
 *
 * Return: the bit, as the device holds it (no config accessor in between).
 */
bool cma_test_bme_now(struct cma_test_dev *emu)
{
	guard(raw_spinlock_irqsave)(&emu->lock);
	return get_unaligned_le16(emu->cfg + PCI_COMMAND) & PCI_COMMAND_MASTER;
}

/**
 * cma_test_dev_remove() - remove the function, if still there, and its bus
 * @emu: the emulated device
 */
void cma_test_dev_remove(struct cma_test_dev *emu)
{
	pci_lock_rescan_remove();
	pci_stop_root_bus(emu->bus);
	pci_remove_root_bus(emu->bus);
	pci_unlock_rescan_remove();
	pci_dev_put(emu->pdev);
	cma_test_dev_free(emu);
}
