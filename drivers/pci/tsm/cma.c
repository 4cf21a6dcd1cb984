// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-pci-cma: native PCIe device authentication as a TSM
 *
 * PCIe r7.0 sec 6.31 Component Measurement and Authentication (CMA) carries
 * DMTF SPDM (DSP0274) over a function's Data Object Exchange mailbox (sec
 * 6.30, feature 0001h:01h). This driver runs the SPDM requester of
 * lib/spdm over that mailbox and offers it to userspace as a TSM, through
 * the tsm/ attributes the PCI TSM core (drivers/pci/tsm.c) gives each
 * function:
 *
 * - tsm/connect: authenticate the function. The kernel checks that the
 *   device holds the private key of the certificate chain it presents in
 *   the selected slot, reads the measurements the device signs, and keeps
 *   the chain, the measurements, the transcripts and the signatures as
 *   evidence. It makes no trust decision: no keyring.
 * - tsm/accept: a userspace verifier has checked that evidence. The driver
 *   remembers which evidence generation was accepted, so that a stale
 *   verdict is refused and the device can later be recognised.
 * - tsm/disconnect: forget everything.
 *
 * The driver never binds a device driver: userspace does, after accept.
 */

#define dev_fmt(fmt) "CMA: " fmt

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/device/faux.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-doe.h>
#include <linux/pci-tsm.h>
#include <linux/pm_runtime.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/spdm.h>
#include <linux/tsm.h>
#include <crypto/sha2.h>
#include <kunit/visibility.h>

#include "cma.h"

/*
 * The largest SPDM message carried in one DOE object: responses up to this
 * size need no chunking. The DOE limit is 1 MiB; a GET_CERTIFICATE
 * portion cannot exceed 64 KiB anyway.
 */
#define PCI_CMA_TRANSPORT_SZ	SZ_64K

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
 *
 * Lifetime: created by the core's ->probe() at connect time and freed by
 * ->remove() when the function disconnects, is removed, or the TSM
 * unregisters. The core serialises every op on @pf0.lock.
 */
struct pci_cma {
	struct pci_tsm_pf0 pf0;
	struct spdm_state *spdm;
	u8 slot;
	u64 generation;
	struct pci_cma_accepted accepted;
};

/*
 * Evidence generations come from one counter for all functions, so that a
 * number never denotes two different sets of evidence, not even across a
 * disconnect and connect. The value 1 written to tsm/accept means "the
 * current evidence", so generations start at 2.
 */
static atomic64_t pci_cma_generation_seq = ATOMIC64_INIT(1);

static struct faux_device *pci_cma_fdev;
static struct tsm_dev *pci_cma_tsm;

static struct pci_cma *to_pci_cma(struct pci_tsm *tsm)
{
	return container_of(tsm, struct pci_cma, pf0.base_tsm);
}

/*
 * One SPDM exchange over the CMA DOE mailbox. pci_doe() gives up after the
 * DOE timeout of one second with -ETIMEDOUT, and returns -EIO if the
 * mailbox reports an error or has been aborted for good; the SPDM library
 * bounds the number of exchanges of each operation.
 */
static ssize_t pci_cma_doe_transport(void *priv, struct device *dev,
				     const void *request, size_t request_sz,
				     void *response, size_t response_sz)
{
	struct pci_doe_mb *doe_mb = priv;

	return pci_doe(doe_mb, PCI_VENDOR_ID_PCI_SIG, PCI_DOE_FEATURE_CMA,
		       request, request_sz, response, response_sz);
}

static void pci_cma_free(struct pci_cma *cma)
{
	spdm_destroy(cma->spdm);
	pci_tsm_pf0_destructor(&cma->pf0);
	kfree(cma);
}

static struct pci_tsm *pci_cma_probe(struct tsm_dev *tsm_dev,
				     struct pci_dev *pdev)
{
	struct pci_cma *cma;

	/* Subfunctions of a TDISP device are not managed (yet) */
	if (!is_pci_tsm_pf0(pdev))
		return NULL;

	cma = kzalloc_obj(*cma);
	if (!cma)
		return NULL;

	if (pci_tsm_pf0_constructor(pdev, &cma->pf0, tsm_dev))
		goto err;

	cma->spdm = spdm_create(&pdev->dev, pci_cma_doe_transport,
				cma->pf0.doe_mb, PCI_CMA_TRANSPORT_SZ);
	if (!cma->spdm)
		goto err;

	return &cma->pf0.base_tsm;

err:
	pci_cma_free(cma);
	return NULL;
}

static void pci_cma_remove(struct pci_tsm *tsm)
{
	pci_cma_free(to_pci_cma(tsm));
}

/*
 * Part of the evidence: the device's measurements, signed over a fresh
 * kernel nonce, when the device can sign them. A verifier checks them
 * against its reference values, and may ask for fresh ones with its own
 * nonce. A device with unsigned measurements only has none to offer here:
 * its word alone cannot be evidence.
 */
static int pci_cma_measure(struct pci_cma *cma, unsigned int *nr)
{
	const struct spdm_negotiated *neg = spdm_negotiated(cma->spdm);
	u8 nonce[SPDM_NONCE_SIZE];
	int rc;

	*nr = 0;
	if (FIELD_GET(SPDM_CAP_MEAS, neg->rsp_caps) != SPDM_CAP_MEAS_SIGNED)
		return 0;

	get_random_bytes(nonce, sizeof(nonce));
	/* A failure is logged once by the library, naming the SPDM step */
	rc = spdm_get_measurements(cma->spdm, nonce, NULL, 0);
	if (rc)
		return rc;
	spdm_measurements(cma->spdm, nr);
	return 0;
}

static int pci_cma_connect(struct pci_dev *pdev)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);
	const struct spdm_negotiated *neg;
	unsigned int nr_meas;
	int rc;

	/* The mailbox answers only in D0 */
	rc = pm_runtime_resume_and_get(&pdev->dev);
	if (rc) {
		pci_warn(pdev, "connect: cannot resume the device to D0: %d\n",
			 rc);
		return rc;
	}

	/* A failure is logged once by the library, naming the SPDM step */
	rc = spdm_authenticate(cma->spdm, cma->slot, SPDM_MEAS_SUMMARY_NONE);
	if (!rc)
		rc = pci_cma_measure(cma, &nr_meas);
	pm_runtime_put(&pdev->dev);
	if (rc)
		return rc;

	cma->generation = atomic64_inc_return(&pci_cma_generation_seq);
	neg = spdm_negotiated(cma->spdm);
	pci_info(pdev, "authenticated with slot %u (SPDM %u.%u, %s, %s), %u signed measurements, evidence generation %llu\n",
		 cma->slot, neg->version >> 4, neg->version & 0xf,
		 spdm_asym_alg_name(neg->base_asym_alg),
		 spdm_hash_alg_name(neg->base_hash_alg), nr_meas,
		 cma->generation);
	return 0;
}

static void pci_cma_disconnect(struct pci_dev *pdev)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);

	/* ->remove() frees the evidence; make it unusable before that */
	cma->generation = 0;
	memset(&cma->accepted, 0, sizeof(cma->accepted));
	pci_info(pdev, "disconnected\n");
}

static int pci_cma_accept(struct pci_dev *pdev, u64 generation)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);
	const u8 *chain;
	size_t len;

	if (generation && generation != cma->generation) {
		pci_info(pdev, "accept: evidence generation %llu is stale, the current one is %llu\n",
			 generation, cma->generation);
		return -EAGAIN;
	}

	chain = spdm_cert_chain(cma->spdm, cma->slot, &len);
	if (!chain) {
		/* connect succeeded, so the chain is there */
		pci_WARN_ONCE(pdev, 1, "accept: no certificate chain\n");
		return -ENXIO;
	}

	cma->accepted.generation = cma->generation;
	cma->accepted.slot = cma->slot;
	sha384(chain, len, cma->accepted.chain_digest);
	pci_info(pdev, "accept: evidence generation %llu accepted\n",
		 cma->generation);
	return 0;
}

static struct pci_tsm_ops pci_cma_ops = {
	.probe = pci_cma_probe,
	.remove = pci_cma_remove,
	.connect = pci_cma_connect,
	.disconnect = pci_cma_disconnect,
	.accept = pci_cma_accept,
};

#if IS_ENABLED(CONFIG_PCI_TSM_CMA_KUNIT_TEST)
/**
 * pci_cma_generation() - the evidence generation of a connected function
 * @pdev: PCI function
 *
 * Context: the caller keeps @pdev connected, e.g. by holding the TSM core's
 * locks or, in tests, by not racing a disconnect.
 *
 * Return: the generation, 0 if @pdev has no evidence from this driver.
 */
VISIBLE_IF_KUNIT u64 pci_cma_generation(struct pci_dev *pdev)
{
	if (!pdev->tsm || pdev->tsm->tsm_dev != pci_cma_tsm)
		return 0;
	return to_pci_cma(pdev->tsm)->generation;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_generation);

/**
 * pci_cma_accepted_generation() - the evidence generation userspace accepted
 * @pdev: PCI function
 *
 * Context: as for pci_cma_generation().
 *
 * Return: the generation, 0 if none was accepted.
 */
VISIBLE_IF_KUNIT u64 pci_cma_accepted_generation(struct pci_dev *pdev)
{
	if (!pdev->tsm || pdev->tsm->tsm_dev != pci_cma_tsm)
		return 0;
	return to_pci_cma(pdev->tsm)->accepted.generation;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_accepted_generation);

/**
 * pci_cma_nr_measurements() - signed measurement blocks in the evidence
 * @pdev: PCI function
 *
 * Context: as for pci_cma_generation().
 *
 * Return: their number, 0 if there are none or no evidence.
 */
VISIBLE_IF_KUNIT unsigned int pci_cma_nr_measurements(struct pci_dev *pdev)
{
	unsigned int nr = 0;

	if (pdev->tsm && pdev->tsm->tsm_dev == pci_cma_tsm &&
	    to_pci_cma(pdev->tsm)->generation)
		spdm_measurements(to_pci_cma(pdev->tsm)->spdm, &nr);
	return nr;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_nr_measurements);

/**
 * pci_cma_tsm_dev() - the TSM device of kernel-pci-cma
 *
 * Return: the registered TSM device, or NULL.
 */
VISIBLE_IF_KUNIT struct tsm_dev *pci_cma_tsm_dev(void)
{
	return pci_cma_tsm;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_tsm_dev);
#endif

/**
 * pci_cma_register() - register the kernel-pci-cma TSM
 *
 * Creates the faux device "kernel-pci-cma" and registers a TSM class
 * device (/sys/class/tsm/tsmN) under it. From then on every function with
 * a CMA mailbox offers tsm/connect, whether it was enumerated before or
 * after.
 *
 * Return: 0 or a negative errno.
 */
VISIBLE_IF_KUNIT int pci_cma_register(void)
{
	struct tsm_dev *tsm_dev;

	pci_cma_fdev = faux_device_create("kernel-pci-cma", NULL, NULL);
	if (!pci_cma_fdev)
		return -ENOMEM;

	tsm_dev = tsm_register(&pci_cma_fdev->dev, &pci_cma_ops);
	if (IS_ERR(tsm_dev)) {
		faux_device_destroy(pci_cma_fdev);
		pci_cma_fdev = NULL;
		return PTR_ERR(tsm_dev);
	}
	pci_cma_tsm = tsm_dev;
	dev_info(&pci_cma_fdev->dev, "registered as %s\n",
		 dev_name(&tsm_dev->dev));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_register);

/**
 * pci_cma_unregister() - unregister the kernel-pci-cma TSM
 *
 * Disconnects every function connected through it; waits for a connect in
 * progress to finish first.
 */
VISIBLE_IF_KUNIT void pci_cma_unregister(void)
{
	if (!pci_cma_tsm)
		return;
	tsm_unregister(pci_cma_tsm);
	pci_cma_tsm = NULL;
	faux_device_destroy(pci_cma_fdev);
	pci_cma_fdev = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(pci_cma_unregister);

/* After the "tsm" class, which registers at device_initcall in drivers/virt */
static int __init pci_cma_init(void)
{
	return pci_cma_register();
}
late_initcall(pci_cma_init);

static void __exit pci_cma_exit(void)
{
	pci_cma_unregister();
}
module_exit(pci_cma_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Native PCIe CMA-SPDM device authentication TSM");
