/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-pci-cma internals, shared by its parts and its KUnit tests
 */

#ifndef _DRIVERS_PCI_TSM_CMA_H
#define _DRIVERS_PCI_TSM_CMA_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/pci-tsm.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <crypto/sha2.h>

struct pci_dev;
struct pci_doe_mb;
struct spdm_state;
struct tsm_dev;

/**
 * struct pci_cma_summary - the measurement summary hash of a CHALLENGE_AUTH
 * @type: the MeasurementSummaryHashType asked for (SPDM_MEAS_SUMMARY_*)
 * @hash: the hash the device signed
 * @len: its size, 0 with %SPDM_MEAS_SUMMARY_NONE
 */
struct pci_cma_summary {
	u8 type;
	u8 hash[SHA512_DIGEST_SIZE];
	size_t len;
};

/* TDISP (PCIe r7.0 sec 11): request codes; a response is code - 0x80 */
#define PCI_TDISP_GET_VERSION		0x81
#define PCI_TDISP_GET_CAPABILITIES	0x82
#define PCI_TDISP_LOCK_INTERFACE	0x83
#define PCI_TDISP_GET_REPORT		0x84
#define PCI_TDISP_GET_STATE		0x85
#define PCI_TDISP_START_INTERFACE	0x86
#define PCI_TDISP_STOP_INTERFACE	0x87

/* TDI_STATE of DEVICE_INTERFACE_STATE */
#define PCI_TDISP_STATE_UNLOCKED	0
#define PCI_TDISP_STATE_LOCKED		1
#define PCI_TDISP_STATE_RUN		2
#define PCI_TDISP_STATE_ERROR		3

#define PCI_TDISP_NONCE_SIZE		32
#define PCI_TDISP_CAPS_SIZE		28	/* TDISP_CAPABILITIES body */
#define PCI_TDISP_REPORT_HDR_SIZE	16	/* up to MMIO_RANGE_COUNT */
#define PCI_TDISP_RANGE_SIZE		16
#define PCI_TDISP_PAGE_SHIFT		12	/* 4 KiB, whatever PAGE_SIZE is */
#define PCI_TDISP_MAX_REPORT		SZ_64K

/**
 * struct pci_cma_tdi - the function's TDISP interface
 * @state: PCI_TDISP_STATE_* as the driver last moved it
 * @nonce: START_INTERFACE_NONCE of LOCK_INTERFACE, until the start
 * @report: the interface report read after the lock, or NULL
 * @report_len: its size
 * @nr_ranges: its MMIO_RANGE_COUNT
 */
struct pci_cma_tdi {
	u8 state;
	u8 nonce[PCI_TDISP_NONCE_SIZE];
	u8 *report;
	size_t report_len;
	u32 nr_ranges;
};

/**
 * struct pci_cma_accepted - what userspace accepted: all that the
 *	same-device check compares a device with after a reset or resume
 * @generation: the evidence generation accepted, 0 if none
 * @slot: the certificate slot the device authenticated with
 * @chain_digest: SHA-384 of that slot's certificate chain
 * @chain: the chain itself (its leaf key verifies the check's signature)
 * @chain_len: its size
 * @version: the SPDM version negotiated
 * @base_asym_alg: the signature algorithm negotiated
 * @base_hash_alg: the hash algorithm negotiated
 * @summary: the measurement summary hash the device signed at connect
 * @tdi_run: the TDISP interface was locked, and accept started it
 * @report_digest: SHA-384 of its interface report, if @tdi_run
 */
struct pci_cma_accepted {
	u64 generation;
	u8 slot;
	u8 chain_digest[SHA384_DIGEST_SIZE];
	u8 *chain;
	size_t chain_len;
	u8 version;
	u32 base_asym_alg;
	u32 base_hash_alg;
	struct pci_cma_summary summary;
	bool tdi_run;
	u8 report_digest[SHA384_DIGEST_SIZE];
};

/**
 * struct pci_cma_rejection - why the same-device check rejected a function,
 *	kept until the function disconnects and the monitor group hears it
 * @generation: the generation that had been accepted; 0 if nothing is kept
 * @event: what the function came back from ("reset", "resume", ...)
 * @err: the check's negative errno
 */
struct pci_cma_rejection {
	u64 generation;
	char event[32];
	int err;
};

/**
 * struct pci_cma - the driver's context for one function
 * @pf0: the TSM core's context, which it owns through pci_dev->tsm
 * @spdm: the SPDM requester context talking to the CMA mailbox
 * @secured_mb: the mailbox for secured CMA (DOE feature 0001h:02h), or
 *	NULL: then the function gets no secure session
 * @heartbeat: keeps the secure session alive, if the device asked for a
 *	HeartbeatPeriod
 * @slot: the certificate slot to authenticate with
 * @generation: evidence generation, 0 while there is no evidence
 * @summary: the measurement summary hash of the last authentication
 * @tdi: the TDISP interface
 * @accepted: what userspace accepted
 * @rejected: why the same-device check rejected the function, if it did
 * @kref: references: the TSM core's, from ->probe() to ->remove(), and
 *	one for each netlink request working on the function
 * @node: entry in the list of functions the driver serves
 *
 * Lifetime: created by the core's ->probe() at connect time. ->remove(),
 * when the function disconnects, is removed, or the TSM unregisters,
 * drops the core's reference; the last reference frees it. Every op of
 * the core and every netlink request runs under @pf0.lock, and finds no
 * evidence (@generation 0) once the function has disconnected.
 */
struct pci_cma {
	struct pci_tsm_pf0 pf0;
	struct spdm_state *spdm;
	struct pci_doe_mb *secured_mb;
	struct delayed_work heartbeat;
	u8 slot;
	u64 generation;
	struct pci_cma_summary summary;
	struct pci_cma_tdi tdi;
	struct pci_cma_accepted accepted;
	struct pci_cma_rejection rejected;
	struct kref kref;
	struct list_head node;
};

u64 pci_cma_new_generation(void);
struct pci_cma *pci_cma_find(const char *name);
void pci_cma_put(struct pci_cma *cma);
int pci_cma_authenticate(struct pci_cma *cma, u8 slot);
void pci_cma_forget(struct pci_cma *cma);
int pci_cma_confirm(struct pci_cma *cma, const char *event);
int pci_cma_measure(struct pci_cma *cma, const u8 *nonce, const u8 *indices,
		    unsigned int nr_indices, unsigned int *nr);

int pci_cma_tdisp_lock(struct pci_cma *cma);
int pci_cma_tdisp_start(struct pci_cma *cma);
void pci_cma_tdisp_stop(struct pci_cma *cma);
bool pci_cma_tdisp_report_digest(const struct pci_cma *cma, u8 *digest);

void pci_cma_nl_notify_reject(struct pci_dev *pdev,
			      const struct pci_cma_rejection *r);
int pci_cma_nl_register(void);
void pci_cma_nl_unregister(void);

#if IS_ENABLED(CONFIG_KUNIT)
int pci_cma_register(void);
void pci_cma_unregister(void);
#endif
#if IS_ENABLED(CONFIG_KUNIT)
ssize_t pci_cma_tdisp_exchange(struct pci_cma *cma, u8 type, const void *body,
			       size_t body_len, void *rsp, size_t rsp_size);
int pci_cma_tdisp_parse_report(const u8 *r, size_t len, u32 *nr_ranges);
int pci_cma_tdisp_check_ranges(struct pci_dev *pdev, const u8 *r, u32 nr_ranges);
#endif
#if IS_ENABLED(CONFIG_PCI_TSM_CMA_KUNIT_TEST)
u64 pci_cma_generation(struct pci_dev *pdev);
u64 pci_cma_accepted_generation(struct pci_dev *pdev);
unsigned int pci_cma_nr_measurements(struct pci_dev *pdev);
struct tsm_dev *pci_cma_tsm_dev(void);
int pci_cma_nl_family_id(void);
int pci_cma_nl_monitor_group(void);
#endif

#endif /* _DRIVERS_PCI_TSM_CMA_H */
