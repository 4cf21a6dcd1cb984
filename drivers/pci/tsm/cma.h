/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-pci-cma internals shared with its KUnit tests
 */

#ifndef _DRIVERS_PCI_TSM_CMA_H
#define _DRIVERS_PCI_TSM_CMA_H

#include <linux/types.h>

struct pci_dev;
struct tsm_dev;

#if IS_ENABLED(CONFIG_KUNIT)
int pci_cma_register(void);
void pci_cma_unregister(void);
#endif
#if IS_ENABLED(CONFIG_PCI_TSM_CMA_KUNIT_TEST)
u64 pci_cma_generation(struct pci_dev *pdev);
u64 pci_cma_accepted_generation(struct pci_dev *pdev);
unsigned int pci_cma_nr_measurements(struct pci_dev *pdev);
struct tsm_dev *pci_cma_tsm_dev(void);
#endif

#endif /* _DRIVERS_PCI_TSM_CMA_H */
