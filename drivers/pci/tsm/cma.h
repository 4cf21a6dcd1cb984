/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-pci-cma internals, shared by its parts and its KUnit tests
 */

#ifndef _DRIVERS_PCI_TSM_CMA_H
#define _DRIVERS_PCI_TSM_CMA_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/pci-tsm.h>
#include <linux/types.h>
#include <crypto/sha2.h>

struct pci_dev;
struct spdm_state;
struct tsm_dev;

/**
 * struct pci_cma_accepted - what userspace accepted
 * @generation: the evidence generation accepted, 0 if none
 * @slot: the certificate slot the device authenticated with
 * @chain_digest: SHA-384 of that slot's certificate chain
 */
struct pci_cma_accepted {
	u64 generation;
	u8 slot;
	u8 chain_digest[SHA384_DIGEST_SIZE];
};

/**
 * struct pci_cma - the driver's context for one function
 * @pf0: the TSM core's context, which it owns through pci_dev->tsm
 * @spdm: the SPDM requester context talking to the CMA mailbox
 * @slot: the certificate slot to authenticate with
 * @generation: evidence generation, 0 while there is no evidence
 * @accepted: what userspace accepted
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
	u8 slot;
	u64 generation;
	struct pci_cma_accepted accepted;
	struct kref kref;
	struct list_head node;
};

u64 pci_cma_new_generation(void);
struct pci_cma *pci_cma_find(const char *name);
void pci_cma_put(struct pci_cma *cma);
int pci_cma_authenticate(struct pci_cma *cma, u8 slot);
void pci_cma_forget(struct pci_cma *cma);
int pci_cma_measure(struct pci_cma *cma, const u8 *nonce, const u8 *indices,
		    unsigned int nr_indices, unsigned int *nr);

int pci_cma_nl_register(void);
void pci_cma_nl_unregister(void);

#if IS_ENABLED(CONFIG_KUNIT)
int pci_cma_register(void);
void pci_cma_unregister(void);
#endif
#if IS_ENABLED(CONFIG_PCI_TSM_CMA_KUNIT_TEST)
u64 pci_cma_generation(struct pci_dev *pdev);
u64 pci_cma_accepted_generation(struct pci_dev *pdev);
unsigned int pci_cma_nr_measurements(struct pci_dev *pdev);
struct tsm_dev *pci_cma_tsm_dev(void);
int pci_cma_nl_family_id(void);
#endif

#endif /* _DRIVERS_PCI_TSM_CMA_H */
