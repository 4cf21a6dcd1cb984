// SPDX-License-Identifier: GPL-2.0
/*
 * The end-to-end rig's stand-in for what a real machine's firmware does
 * on resume from S3, and SeaBIOS does not on QEMU's q35: map the ECAM
 * window (MMCONFIG) again. Not part of the series: it is built against
 * the guest kernel only, and loaded by rig/guest/e2e-init.
 *
 * The wake from S3 resets QEMU's machine, the MCH's PCIEXBAR register
 * with it, so ECAM is off. SeaBIOS's S3 resume path sets up the PIIX4's
 * power management again but not the q35 MCH's PCIEXBAR, so after a
 * resume every config access past the first 256 bytes of a function
 * (which Linux makes through ECAM) reads all ones and writes nothing:
 * the DOE mailbox at 0x100 of QEMU's NVMe function is gone, and the
 * same-device check in the noirq phase can only time out. This module
 * keeps the value the firmware programmed at boot and writes it back from
 * a syscore resume callback, which runs before any device's noirq
 * resume, through the legacy config mechanism (the first 256 bytes of
 * 00:00.0 do not need ECAM).
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/syscore_ops.h>

#define MCH_PCIEXBAR		0x60	/* 64 bits; bit 0 enables ECAM */
#define PCI_DEVICE_ID_Q35_MCH	0x29c0

static struct pci_dev *mch;
static u32 pciexbar_lo, pciexbar_hi;

static void q35_ecam_resume(void *data)
{
	u32 lo;

	pci_read_config_dword(mch, MCH_PCIEXBAR, &lo);
	if (lo == pciexbar_lo)
		return;
	pci_write_config_dword(mch, MCH_PCIEXBAR + 4, pciexbar_hi);
	pci_write_config_dword(mch, MCH_PCIEXBAR, pciexbar_lo);
	pr_info("q35_ecam: PCIEXBAR was %#x after the resume; ECAM at %#llx again\n",
		lo, ((u64)pciexbar_hi << 32 | pciexbar_lo) & ~0xfULL);
}

static const struct syscore_ops q35_ecam_ops = {
	.resume = q35_ecam_resume,
};

static struct syscore q35_ecam_syscore = {
	.ops = &q35_ecam_ops,
};

static int __init q35_ecam_init(void)
{
	mch = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));
	if (!mch)
		return -ENODEV;
	if (mch->vendor != PCI_VENDOR_ID_INTEL || mch->device != PCI_DEVICE_ID_Q35_MCH) {
		pci_dev_put(mch);
		return -ENODEV;
	}
	pci_read_config_dword(mch, MCH_PCIEXBAR, &pciexbar_lo);
	pci_read_config_dword(mch, MCH_PCIEXBAR + 4, &pciexbar_hi);
	if (!(pciexbar_lo & 1)) {
		pci_dev_put(mch);
		return -ENODEV;
	}
	register_syscore(&q35_ecam_syscore);
	return 0;
}
module_init(q35_ecam_init);

static void __exit q35_ecam_exit(void)
{
	unregister_syscore(&q35_ecam_syscore);
	pci_dev_put(mch);
}
module_exit(q35_ecam_exit);

MODULE_DESCRIPTION("CMA-SPDM e2e rig: restore q35's ECAM window on S3 resume");
MODULE_LICENSE("GPL");
