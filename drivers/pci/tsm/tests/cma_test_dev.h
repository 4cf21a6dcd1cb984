/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An emulated PCIe function with a CMA DOE mailbox, on a root bus of its
 * own, for KUnit tests of kernel-pci-cma
 */

#ifndef _CMA_TEST_DEV_H
#define _CMA_TEST_DEV_H

#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct kunit;
struct spdm_test_responder;

/**
 * struct cma_test_tdi - the emulated function's TDISP interface, behind
 *	the SPDM responder's VENDOR_DEFINED_REQUEST (PCI-SIG, protocol 1)
 * @state: TDI_STATE, PCI_TDISP_STATE_*
 * @nonce: the START_INTERFACE_NONCE handed out by the last lock
 * @nr_ranges: MMIO ranges in the report
 * @dev_info_len: bytes of DEVICE_SPECIFIC_INFO in the report
 * @report_salt: changes the report's DEVICE_SPECIFIC_INFO bytes
 * @portion_max: largest report portion to send, 0 for what is asked
 * @range_count_lie: added to MMIO_RANGE_COUNT
 * @remainder_lie: added to REMAINDER_LENGTH of every portion but the first
 * @function_id_lie: XORed into the echoed FUNCTION_ID
 * @version: TDISP version to offer (0 for 1.0)
 * @error_on: answer this request code with TDISP_ERROR ...
 * @error_code: ... with this ERROR_CODE
 * @stay_unlocked: LOCK_INTERFACE answers, but the state does not change
 * @range_move: pages added to the last MMIO range's FIRST_PAGE
 * @requests: TDISP requests received
 * @outside_session: TDISP requests that came outside a secure session
 * @locks: LOCK_INTERFACE requests that locked
 * @starts: START_INTERFACE requests that started it
 * @stops: STOP_INTERFACE requests
 * @last_type: the last request code
 */
struct cma_test_tdi {
	u8 state;
	u8 nonce[32];
	unsigned int nr_ranges;
	unsigned int dev_info_len;
	u8 report_salt;
	unsigned int portion_max;
	int range_count_lie;
	int remainder_lie;
	u32 function_id_lie;
	u8 version;
	u8 error_on;
	u32 error_code;
	bool stay_unlocked;
	u64 range_move;
	unsigned int requests;
	unsigned int outside_session;
	unsigned int locks;
	unsigned int starts;
	unsigned int stops;
	u8 last_type;
};

/* IDs of the emulated function: Red Hat's vendor ID for emulated devices */
#define CMA_TEST_VENDOR		0x1b36
#define CMA_TEST_DEVICE		0x00c3

/*
 * BAR 0: 32-bit, non-prefetchable memory, which holds the MMIO ranges of
 * the emulated interface report (4 pages each, 16 pages apart)
 */
#define CMA_TEST_BAR0		0xfe000000
#define CMA_TEST_BAR0_SIZE	SZ_128K

/* Largest data object the emulated mailbox takes or sends, in dwords */
#define CMA_TEST_DOE_MAX_DW	(2 + 4096 / 4 + 1)

/* Entries of the Command register log; later ones are counted, not kept */
#define CMA_TEST_CMD_LOG	512

/* What changed the Command register */
enum cma_test_cmd_why {
	CMA_TEST_CMD_WRITE,		/* a config write */
	CMA_TEST_CMD_FLR,		/* a Function Level Reset */
	CMA_TEST_CMD_POWER_LOSS,	/* power removed (D3cold, S3, S4) */
};

/* In-flight request of a log entry: none, or one inside a secure session */
#define CMA_TEST_REQ_NONE	(-1)
#define CMA_TEST_REQ_SECURED	(-2)

/**
 * struct cma_test_cmd_entry - one change of the Command register
 * @cmd: the register's value after it
 * @why: %CMA_TEST_CMD_WRITE, %CMA_TEST_CMD_FLR or %CMA_TEST_CMD_POWER_LOSS
 * @req: the SPDM request code in the mailbox then (sent, its response not
 *	yet read), %CMA_TEST_REQ_NONE or %CMA_TEST_REQ_SECURED
 * @requests: SPDM requests the mailbox had taken by then
 */
struct cma_test_cmd_entry {
	u16 cmd;
	u8 why;
	int req;
	unsigned int requests;
};

/* Calls of the test drivers' callbacks, counted in cma_test_dev::drv_calls */
enum cma_test_drv_call {
	CMA_TEST_DRV_PROBE,
	CMA_TEST_DRV_REMOVE,
	CMA_TEST_DRV_ERROR_DETECTED,
	CMA_TEST_DRV_MMIO_ENABLED,
	CMA_TEST_DRV_SLOT_RESET,
	CMA_TEST_DRV_ERR_RESUME,
	CMA_TEST_DRV_RESET_PREPARE,
	CMA_TEST_DRV_RESET_DONE,
	CMA_TEST_DRV_RESUME_NOIRQ,
	CMA_TEST_DRV_RESUME_EARLY,
	CMA_TEST_DRV_RESUME,
	CMA_TEST_DRV_THAW_NOIRQ,
	CMA_TEST_DRV_THAW_EARLY,
	CMA_TEST_DRV_THAW,
	CMA_TEST_DRV_RESTORE_NOIRQ,
	CMA_TEST_DRV_RESTORE_EARLY,
	CMA_TEST_DRV_RESTORE,
	CMA_TEST_DRV_RUNTIME_RESUME,
	CMA_TEST_DRV_NR
};

/**
 * struct cma_test_dev - the emulated function and its root bus
 * @bus: the root bus
 * @pdev: the function, 00.0 on @bus; a reference is held
 * @rsp: the SPDM responder behind the CMA mailbox
 * @tdi: the TDISP interface behind @rsp
 * @tee: set DEVCAP.TEE, i.e. claim TDISP support (before creation)
 * @no_doe: leave out the DOE capability (before creation)
 * @no_secured: leave out secured CMA, DOE feature 0001h:02h (before
 *	creation)
 * @stall: take SPDM requests but never answer them
 * @gone: the device has been pulled out: config reads return all ones
 * @delay_ms: answer each SPDM request only after this long
 * @spdm_requests: SPDM requests received
 * @suspended_requests: SPDM requests received while the function was
 *	runtime suspended
 * @first_request: completed when the first SPDM request arrives
 * @hold_code: hold the answer to this SPDM request code (plain CMA, not in
 *	a session): the responder says ResponseNotReady to it, and to every
 *	RESPOND_IF_READY for it, until @release completes; 0 for none
 * @held: completed when a request of @hold_code is first held
 * @release: complete it to let the held request be answered
 * @drv_calls: calls of the test drivers' callbacks, by &enum
 *	cma_test_drv_call
 * @drv_state: the config space the test driver saved at probe
 * @lock: protects the config space and mailbox state; taken inside the
 *	PCI core's config lock, so a raw spinlock
 * @cfg: config space, little-endian
 * @cmd_log: every change of the Command register, in order
 * @cmd_len: changes so far (only the first %CMA_TEST_CMD_LOG are kept)
 * @inflight: the SPDM request code in the mailbox, %CMA_TEST_REQ_NONE or
 *	%CMA_TEST_REQ_SECURED
 * @wbuf: the data object being written to the mailbox
 * @wlen: dwords in @wbuf
 * @rbuf: the data object being read from the mailbox
 * @rlen: dwords in @rbuf
 * @rpos: the next dword of @rbuf to read
 * @busy: DOE Busy
 * @ready: DOE Data Object Ready
 * @error: DOE Error
 * @seq: bumped by an abort, so that a late answer is dropped
 * @req_type: the DOE feature of @req: 0001h:01h or 0001h:02h
 * @req: the SPDM request handed to @work
 * @req_len: its size in bytes
 * @work: runs the responder, which may sleep, outside the config lock
 * @rsp_lock: serialises the responder
 * @busn: the bus number range of the root bus
 * @mem: the root bus's memory window, which BAR 0 is claimed from (not in
 *	iomem_resource: nothing is mapped there)
 * @sysdata: x86's per-bus data, which carries the PCI domain
 */
struct cma_test_dev {
	struct pci_bus *bus;
	struct pci_dev *pdev;
	struct spdm_test_responder *rsp;
	struct cma_test_tdi tdi;

	bool tee;
	bool no_doe;
	bool no_secured;
	bool stall;
	bool gone;
	unsigned int delay_ms;
	atomic_t spdm_requests;
	atomic_t suspended_requests;
	struct completion first_request;
	u8 hold_code;
	struct completion held;
	struct completion release;
	atomic_t drv_calls[CMA_TEST_DRV_NR];
	struct pci_saved_state *drv_state;

	raw_spinlock_t lock;
	u8 cfg[PCI_CFG_SPACE_EXP_SIZE];
	struct cma_test_cmd_entry cmd_log[CMA_TEST_CMD_LOG];
	unsigned int cmd_len;
	int inflight;
	u32 wbuf[CMA_TEST_DOE_MAX_DW];
	unsigned int wlen;
	u32 rbuf[CMA_TEST_DOE_MAX_DW];
	unsigned int rlen;
	unsigned int rpos;
	bool busy;
	bool ready;
	bool error;
	unsigned long seq;
	u8 req_type;
	u8 req[CMA_TEST_DOE_MAX_DW * 4];
	size_t req_len;
	struct work_struct work;
	struct mutex rsp_lock;		/* serialises the responder */

	struct resource busn;
	struct resource mem;
#ifdef CONFIG_X86
	struct pci_sysdata sysdata;
#endif
};

/* Flags for cma_test_dev_create() */
#define CMA_TEST_TEE	BIT(0)	/* claim TDISP support (DEVCAP.TEE) */
#define CMA_TEST_NO_DOE	BIT(1)	/* no DOE capability, hence no CMA */
#define CMA_TEST_NO_SECURED BIT(2) /* no secured CMA (DOE 0001h:02h) */

struct cma_test_dev *cma_test_dev_create(struct kunit *test,
					 unsigned int flags);
void cma_test_dev_remove(struct cma_test_dev *emu);
struct cma_test_dev *cma_test_dev_of_pdev(struct pci_dev *pdev);
void cma_test_power_loss(struct cma_test_dev *emu);
unsigned int cma_test_cmd_mark(struct cma_test_dev *emu);
bool cma_test_cmd_entry(struct cma_test_dev *emu, unsigned int i,
			struct cma_test_cmd_entry *e);
bool cma_test_bme_between(struct cma_test_dev *emu, unsigned int from,
			  unsigned int to);
bool cma_test_bme_now(struct cma_test_dev *emu);
size_t cma_test_tdi_report(struct cma_test_dev *emu, u8 *out, size_t size);

#endif /* _CMA_TEST_DEV_H */
