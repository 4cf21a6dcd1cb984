// SPDX-License-Identifier: GPL-2.0
/*
 * The end-to-end rig's stand-in for a TEE-IO capable function. Not part
 * of the series: it is built against the guest kernel only, and loaded
 * by rig/guest/e2e-init for the TDISP cases (cma.tdisp=1).
 *
 * QEMU's NVMe function (1b36:0010) speaks SPDM over DOE, and the rig's
 * responder behind it serves TDISP in a secure session, but the function's
 * Device Capabilities register never sets TEE-IO Supported. The TSM core
 * rightly refuses tsm/lock on such a function. This module sets the bit
 * in the copy the PCI core cached at enumeration (pci_dev::devcap), for
 * the functions named and no other, so that lock, accept and the TDISP
 * re-check run end to end. Config space itself is left alone.
 */
#include <linux/module.h>
#include <linux/pci.h>

#define DEVCAP_TEE_MAX 16

static char *devs[DEVCAP_TEE_MAX] = { "0000:01:00.0" };
static int nr_devs = 1;
module_param_array(devs, charp, &nr_devs, 0444);
MODULE_PARM_DESC(devs, "the QEMU NVMe functions to mark TEE-IO capable, comma-separated");

static struct pci_dev *marked[DEVCAP_TEE_MAX];

static struct pci_dev *devcap_tee_get(const char *name)
{
	unsigned int domain, bus, slot, fn;
	struct pci_dev *pdev;
	char tail;

	if (sscanf(name, "%x:%x:%x.%x%c", &domain, &bus, &slot, &fn, &tail) != 4 ||
	    bus > 0xff || slot > 0x1f || fn > 7)
		return ERR_PTR(-EINVAL);
	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(slot, fn));
	if (!pdev)
		return ERR_PTR(-ENODEV);
	if (pdev->vendor != PCI_VENDOR_ID_REDHAT || pdev->device != 0x0010 ||
	    !pci_is_pcie(pdev)) {
		pci_err(pdev, "devcap_tee: not QEMU's NVMe function; left alone\n");
		pci_dev_put(pdev);
		return ERR_PTR(-ENODEV);
	}
	return pdev;
}

static void devcap_tee_clear(void)
{
	int i;

	for (i = 0; i < DEVCAP_TEE_MAX && marked[i]; i++) {
		marked[i]->devcap &= ~PCI_EXP_DEVCAP_TEE;
		pci_dev_put(marked[i]);
		marked[i] = NULL;
	}
}

static int __init devcap_tee_init(void)
{
	struct pci_dev *pdev;
	int i;

	/* Every name is checked before any bit is set */
	for (i = 0; i < nr_devs; i++) {
		pdev = devcap_tee_get(devs[i]);
		if (IS_ERR(pdev)) {
			devcap_tee_clear();
			return PTR_ERR(pdev);
		}
		marked[i] = pdev;
	}
	for (i = 0; i < nr_devs; i++) {
		marked[i]->devcap |= PCI_EXP_DEVCAP_TEE;
		pci_info(marked[i], "devcap_tee: DEVCAP TEE-IO Supported set (rig stand-in)\n");
	}
	return 0;
}

static void __exit devcap_tee_exit(void)
{
	devcap_tee_clear();
}

module_init(devcap_tee_init);
module_exit(devcap_tee_exit);
MODULE_DESCRIPTION("CMA-SPDM rig: mark QEMU's NVMe functions TEE-IO capable");
MODULE_LICENSE("GPL");
