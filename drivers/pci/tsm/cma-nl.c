// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pci-cma.yaml */
/* YNL-GEN kernel source */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "cma-nl.h"

#include <uapi/linux/pci_cma.h>

/* PCI_CMA_CMD_EVIDENCE_READ - dump */
static const struct nla_policy pci_cma_evidence_read_nl_policy[PCI_CMA_A_EVIDENCE_INDEX + 1] = {
	[PCI_CMA_A_EVIDENCE_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 64, },
	[PCI_CMA_A_EVIDENCE_OBJECT_MASK] = NLA_POLICY_MASK(NLA_U32, 0x7fff),
	[PCI_CMA_A_EVIDENCE_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
	[PCI_CMA_A_EVIDENCE_GENERATION] = { .type = NLA_U64, },
	[PCI_CMA_A_EVIDENCE_NONCE] = NLA_POLICY_EXACT_LEN(PCI_CMA_NONCE_SIZE),
	[PCI_CMA_A_EVIDENCE_INDEX] = NLA_POLICY_RANGE(NLA_U8, 1, PCI_CMA_MAX_MEAS_INDEX),
};

/* PCI_CMA_CMD_SLOT_SELECT - do */
static const struct nla_policy pci_cma_slot_select_nl_policy[PCI_CMA_A_EVIDENCE_SLOT + 1] = {
	[PCI_CMA_A_EVIDENCE_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 64, },
	[PCI_CMA_A_EVIDENCE_SLOT] = NLA_POLICY_MAX(NLA_U8, PCI_CMA_MAX_SLOT),
};

/* Ops table for pci_cma */
static const struct genl_split_ops pci_cma_nl_ops[] = {
	{
		.cmd		= PCI_CMA_CMD_EVIDENCE_READ,
		.start		= pci_cma_nl_evidence_read_start,
		.dumpit		= pci_cma_nl_evidence_read_dumpit,
		.done		= pci_cma_nl_evidence_read_done,
		.policy		= pci_cma_evidence_read_nl_policy,
		.maxattr	= PCI_CMA_A_EVIDENCE_INDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= PCI_CMA_CMD_SLOT_SELECT,
		.doit		= pci_cma_nl_slot_select_doit,
		.policy		= pci_cma_slot_select_nl_policy,
		.maxattr	= PCI_CMA_A_EVIDENCE_SLOT,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group pci_cma_nl_mcgrps[] = {
	[PCI_CMA_NLGRP_MONITOR] = { "monitor", },
};

struct genl_family pci_cma_nl_family __ro_after_init = {
	.name		= PCI_CMA_FAMILY_NAME,
	.version	= PCI_CMA_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= pci_cma_nl_ops,
	.n_split_ops	= ARRAY_SIZE(pci_cma_nl_ops),
	.mcgrps		= pci_cma_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(pci_cma_nl_mcgrps),
};
