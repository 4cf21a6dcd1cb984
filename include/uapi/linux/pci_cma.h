/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pci-cma.yaml */
/* YNL-GEN uapi header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _UAPI_LINUX_PCI_CMA_H
#define _UAPI_LINUX_PCI_CMA_H

#define PCI_CMA_FAMILY_NAME	"pci-cma"
#define PCI_CMA_FAMILY_VERSION	1

#define PCI_CMA_NONCE_SIZE	32
#define PCI_CMA_MAX_SLOT	7
#define PCI_CMA_MAX_MEAS_INDEX	254
#define PCI_CMA_MAX_CHUNK	65528

/**
 * enum pci_cma_object - Evidence objects.
 * @PCI_CMA_OBJECT_CERT0: The SPDM certificate chain of slot 0 as the device
 *   sent it: header, root hash, DER certificates.
 * @PCI_CMA_OBJECT_CERT1: The certificate chain of slot 1.
 * @PCI_CMA_OBJECT_CERT2: The certificate chain of slot 2.
 * @PCI_CMA_OBJECT_CERT3: The certificate chain of slot 3.
 * @PCI_CMA_OBJECT_CERT4: The certificate chain of slot 4.
 * @PCI_CMA_OBJECT_CERT5: The certificate chain of slot 5.
 * @PCI_CMA_OBJECT_CERT6: The certificate chain of slot 6.
 * @PCI_CMA_OBJECT_CERT7: The certificate chain of slot 7.
 * @PCI_CMA_OBJECT_VCA: GET_VERSION, VERSION, GET_CAPABILITIES, CAPABILITIES,
 *   NEGOTIATE_ALGORITHMS and ALGORITHMS, as exchanged.
 * @PCI_CMA_OBJECT_MEASUREMENTS: The measurement record (all blocks) of the
 *   last signed MEASUREMENTS.
 * @PCI_CMA_OBJECT_REPORT: The TDISP interface report (TDISP devices only).
 * @PCI_CMA_OBJECT_TRANSCRIPT: The bytes of the last signed exchange, without
 *   the signature: M1 for CHALLENGE_AUTH, L1 for MEASUREMENTS. From SPDM 1.2
 *   on the signature covers the combined prefix and the hash of these bytes.
 * @PCI_CMA_OBJECT_SIGNATURE: The signature over transcript, as the device sent
 *   it.
 * @PCI_CMA_OBJECT_REQUESTER_NONCE: The nonce the requester sent in the signed
 *   exchange.
 * @PCI_CMA_OBJECT_RESPONDER_NONCE: The nonce the device sent in the signed
 *   exchange.
 */
enum pci_cma_object {
	PCI_CMA_OBJECT_CERT0,
	PCI_CMA_OBJECT_CERT1,
	PCI_CMA_OBJECT_CERT2,
	PCI_CMA_OBJECT_CERT3,
	PCI_CMA_OBJECT_CERT4,
	PCI_CMA_OBJECT_CERT5,
	PCI_CMA_OBJECT_CERT6,
	PCI_CMA_OBJECT_CERT7,
	PCI_CMA_OBJECT_VCA,
	PCI_CMA_OBJECT_MEASUREMENTS,
	PCI_CMA_OBJECT_REPORT,
	PCI_CMA_OBJECT_TRANSCRIPT,
	PCI_CMA_OBJECT_SIGNATURE,
	PCI_CMA_OBJECT_REQUESTER_NONCE,
	PCI_CMA_OBJECT_RESPONDER_NONCE,

	/* private: */
	__PCI_CMA_OBJECT_MAX,
	PCI_CMA_OBJECT_MAX = (__PCI_CMA_OBJECT_MAX - 1)
};

/*
 * A set of evidence objects, bit N for object N.
 */
enum pci_cma_object_mask {
	PCI_CMA_OBJECT_MASK_CERT0 = 1,
	PCI_CMA_OBJECT_MASK_CERT1 = 2,
	PCI_CMA_OBJECT_MASK_CERT2 = 4,
	PCI_CMA_OBJECT_MASK_CERT3 = 8,
	PCI_CMA_OBJECT_MASK_CERT4 = 16,
	PCI_CMA_OBJECT_MASK_CERT5 = 32,
	PCI_CMA_OBJECT_MASK_CERT6 = 64,
	PCI_CMA_OBJECT_MASK_CERT7 = 128,
	PCI_CMA_OBJECT_MASK_VCA = 256,
	PCI_CMA_OBJECT_MASK_MEASUREMENTS = 512,
	PCI_CMA_OBJECT_MASK_REPORT = 1024,
	PCI_CMA_OBJECT_MASK_TRANSCRIPT = 2048,
	PCI_CMA_OBJECT_MASK_SIGNATURE = 4096,
	PCI_CMA_OBJECT_MASK_REQUESTER_NONCE = 8192,
	PCI_CMA_OBJECT_MASK_RESPONDER_NONCE = 16384,
};

/**
 * enum pci_cma_read_flags - How to read the objects.
 * @PCI_CMA_READ_FLAGS_DIGEST: Send the SHA-384 digest of each object instead
 *   of the object.
 */
enum pci_cma_read_flags {
	PCI_CMA_READ_FLAGS_DIGEST = 1,
};

enum {
	PCI_CMA_A_EVIDENCE_DEV_NAME = 1,
	PCI_CMA_A_EVIDENCE_GENERATION,
	PCI_CMA_A_EVIDENCE_PAD,
	PCI_CMA_A_EVIDENCE_OBJECT_MASK,
	PCI_CMA_A_EVIDENCE_FLAGS,
	PCI_CMA_A_EVIDENCE_NONCE,
	PCI_CMA_A_EVIDENCE_INDEX,
	PCI_CMA_A_EVIDENCE_SLOT,
	PCI_CMA_A_EVIDENCE_OBJECT,
	PCI_CMA_A_EVIDENCE_OFFSET,
	PCI_CMA_A_EVIDENCE_TOTAL_LEN,
	PCI_CMA_A_EVIDENCE_DATA,
	PCI_CMA_A_EVIDENCE_EVENT,
	PCI_CMA_A_EVIDENCE_ERROR,

	__PCI_CMA_A_EVIDENCE_MAX,
	PCI_CMA_A_EVIDENCE_MAX = (__PCI_CMA_A_EVIDENCE_MAX - 1)
};

enum {
	PCI_CMA_CMD_EVIDENCE_READ = 1,
	PCI_CMA_CMD_SLOT_SELECT,
	PCI_CMA_CMD_REJECT_NTF,

	__PCI_CMA_CMD_MAX,
	PCI_CMA_CMD_MAX = (__PCI_CMA_CMD_MAX - 1)
};

#define PCI_CMA_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_PCI_CMA_H */
