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
 * that one function, so that lock, accept and the TDISP re-check run
 * end to end. Config space itself is left alone.
 */
#include <linux/module.h>
#include <linux/pci.h>

static char *dev = "0000:01:00.0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "the QEMU NVMe function to mark TEE-IO capable");

static struct pci_dev *marked;

static int __init devcap_tee_init(void)
{
	unsigned int domain, bus, slot, fn;
	struct pci_dev *pdev;
	char tail;

	if (sscanf(dev, "%x:%x:%x.%x%c", &domain, &bus, &slot, &fn, &tail) != 4 ||
	    bus > 0xff || slot > 0x1f || fn > 7)
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(slot, fn));
	if (!pdev)
		return -ENODEV;
	if (pdev->vendor != PCI_VENDOR_ID_REDHAT || pdev->device != 0x0010 ||
	    !pci_is_pcie(pdev)) {
		pci_err(pdev, "devcap_tee: not QEMU's NVMe function; left alone\n");
		pci_dev_put(pdev);
		return -ENODEV;
	}
	pdev->devcap |= PCI_EXP_DEVCAP_TEE;
	pci_info(pdev, "devcap_tee: DEVCAP TEE-IO Supported set (rig stand-in)\n");
	marked = pdev;
	return 0;
}

static void __exit devcap_tee_exit(void)
{
	marked->devcap &= ~PCI_EXP_DEVCAP_TEE;
	pci_dev_put(marked);
}

module_init(devcap_tee_init);
module_exit(devcap_tee_exit);
MODULE_DESCRIPTION("CMA-SPDM rig: mark QEMU's NVMe function TEE-IO capable");
MODULE_LICENSE("GPL");
