/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pci-cma.yaml */
/* YNL-GEN kernel header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _LINUX_PCI_CMA_GEN_H
#define _LINUX_PCI_CMA_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/pci_cma.h>

int pci_cma_nl_evidence_read_start(struct netlink_callback *cb);
int pci_cma_nl_evidence_read_done(struct netlink_callback *cb);

int pci_cma_nl_evidence_read_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb);
int pci_cma_nl_slot_select_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	PCI_CMA_NLGRP_MONITOR,
};

extern struct genl_family pci_cma_nl_family;

#endif /* _LINUX_PCI_CMA_GEN_H */
