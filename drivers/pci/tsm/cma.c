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
 *   the selected slot, opens an SPDM secure session if the device offers
 *   key exchange and its mailbox carries secured CMA (feature 0001h:02h),
 *   reads the measurements the device signs (inside the session), and
 *   keeps the chain, the measurements, the transcripts and the signatures
 *   as evidence. It makes no trust decision: no keyring.
 * - tsm/lock (TDISP devices): lock the function's TDISP interface and read
 *   its interface report into the evidence (tdisp.c).
 * - tsm/accept: a userspace verifier has checked that evidence. The driver
 *   remembers which evidence generation was accepted, so that a stale
 *   verdict is refused and the device can later be recognised, and starts
 *   a locked interface (RUN).
 * - tsm/unlock: stop the interface.
 * - tsm/disconnect: forget everything.
 *
 * The driver never binds a device driver: userspace does, after accept.
 */

#define dev_fmt(fmt) "CMA: " fmt

#include <linux/atomic.h>
#include <linux/cleanup.h>
#include <linux/bitfield.h>
#include <linux/device/faux.h>
#include <linux/lockdep.h>
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

/*
 * The same-device check runs where the system waits for it (a resume, a
 * reset, error recovery): every exchange of it must start within this
 * bound, so that it ends within it plus one DOE timeout (one second). A
 * device that needs longer is rejected.
 */
#define PCI_CMA_CONFIRM_TIMEOUT_MS	(10 * MSEC_PER_SEC)

/*
 * Evidence generations come from one counter for all functions, so that a
 * number never denotes two different sets of evidence, not even across a
 * disconnect and connect. The value 1 written to tsm/accept means "the
 * current evidence", so generations start at 2.
 */
static atomic64_t pci_cma_generation_seq = ATOMIC64_INIT(1);

/**
 * pci_cma_new_generation() - a new evidence generation number
 *
 * Return: a number no evidence had before, at least 2.
 */
u64 pci_cma_new_generation(void)
{
	return atomic64_inc_return(&pci_cma_generation_seq);
}

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
	struct pci_cma *cma = priv;

	return pci_doe(cma->pf0.doe_mb, PCI_VENDOR_ID_PCI_SIG,
		       PCI_DOE_FEATURE_CMA, request, request_sz, response,
		       response_sz);
}

/* One secured message (DSP0277) over DOE: PCIe r7.0 sec 6.31.4 */
static ssize_t pci_cma_doe_secured_transport(void *priv, struct device *dev,
					     const void *request,
					     size_t request_sz, void *response,
					     size_t response_sz)
{
	struct pci_cma *cma = priv;

	return pci_doe(cma->secured_mb, PCI_VENDOR_ID_PCI_SIG,
		       PCI_DOE_FEATURE_SSESSION, request, request_sz, response,
		       response_sz);
}

/*
 * A responder that asked for a HeartbeatPeriod ends a session that hears
 * nothing for twice as long: send HEARTBEAT once a period, unless the
 * function is runtime suspended (it is not woken for this) or the session
 * has ended.
 */
static void pci_cma_heartbeat_work(struct work_struct *work)
{
	struct pci_cma *cma = container_of(to_delayed_work(work),
					   struct pci_cma, heartbeat);
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	struct spdm_session_info info;
	int active, rc = 0;

	active = pm_runtime_get_if_active(&pdev->dev);
	scoped_guard(mutex, &cma->pf0.lock) {
		if (spdm_session_info(cma->spdm, &info) ||
		    !info.heartbeat_period)
			goto out;
		/* Not while runtime PM is off (-EINVAL): a system sleep */
		if (active > 0)
			rc = spdm_heartbeat(cma->spdm);
	}
	if (rc)
		pci_warn(pdev, "secure session 0x%08x ended: HEARTBEAT failed (%pe)\n",
			 info.session_id, ERR_PTR(rc));
	else
		schedule_delayed_work(&cma->heartbeat,
				      info.heartbeat_period * HZ);
out:
	if (active > 0)
		pm_runtime_put(&pdev->dev);
}

/* The functions the driver serves, for netlink requests to find them */
static DEFINE_MUTEX(pci_cma_list_lock);
static LIST_HEAD(pci_cma_list);

static void pci_cma_free(struct kref *kref)
{
	struct pci_cma *cma = container_of(kref, struct pci_cma, kref);

	/* A request that held a reference may have opened a session since */
	cancel_delayed_work_sync(&cma->heartbeat);
	spdm_destroy(cma->spdm);
	kvfree(cma->tdi.report);
	pci_tsm_pf0_destructor(&cma->pf0);
	kfree(cma);
}

/**
 * pci_cma_find() - a function the driver serves, by its PCI name
 * @name: the name, as pci_name() gives it
 *
 * Return: the function's context with a reference that pci_cma_put()
 * drops, or NULL. Its evidence may be gone already: check
 * &pci_cma.generation under &pci_cma.pf0.lock.
 */
struct pci_cma *pci_cma_find(const char *name)
{
	struct pci_cma *cma;

	guard(mutex)(&pci_cma_list_lock);
	list_for_each_entry(cma, &pci_cma_list, node) {
		if (!strcmp(pci_name(cma->pf0.base_tsm.pdev), name)) {
			kref_get(&cma->kref);
			return cma;
		}
	}
	return NULL;
}

/**
 * pci_cma_put() - drop a reference that pci_cma_find() took
 * @cma: the function's context
 */
void pci_cma_put(struct pci_cma *cma)
{
	kref_put(&cma->kref, pci_cma_free);
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
	kref_init(&cma->kref);
	INIT_LIST_HEAD(&cma->node);
	INIT_DELAYED_WORK(&cma->heartbeat, pci_cma_heartbeat_work);

	if (pci_tsm_pf0_constructor(pdev, &cma->pf0, tsm_dev))
		goto err;

	cma->spdm = spdm_create(&pdev->dev, pci_cma_doe_transport, cma,
				PCI_CMA_TRANSPORT_SZ);
	if (!cma->spdm)
		goto err;
	cma->secured_mb = pci_find_doe_mailbox(pdev, PCI_VENDOR_ID_PCI_SIG,
					       PCI_DOE_FEATURE_SSESSION);
	if (cma->secured_mb)
		spdm_set_secured_transport(cma->spdm,
					   pci_cma_doe_secured_transport);

	scoped_guard(mutex, &pci_cma_list_lock)
		list_add(&cma->node, &pci_cma_list);
	return &cma->pf0.base_tsm;

err:
	pci_cma_put(cma);
	return NULL;
}

static void pci_cma_remove(struct pci_tsm *tsm)
{
	struct pci_cma *cma = to_pci_cma(tsm);

	scoped_guard(mutex, &pci_cma_list_lock)
		list_del_init(&cma->node);
	/* Not under pf0.lock, which the heartbeat takes */
	cancel_delayed_work_sync(&cma->heartbeat);
	/* A netlink request may still hold it; it finds no evidence */
	scoped_guard(mutex, &cma->pf0.lock)
		pci_cma_forget(cma);
	pci_cma_put(cma);
}

/**
 * pci_cma_forget() - make a function's evidence and acceptance unusable
 * @cma: the function's context
 *
 * The library may still hold bytes of the last exchange; with generation
 * 0 nothing reads or accepts them.
 *
 * Context: @cma->pf0.lock held.
 */
void pci_cma_forget(struct pci_cma *cma)
{
	lockdep_assert_held(&cma->pf0.lock);
	cma->generation = 0;
	kvfree(cma->accepted.chain);
	memset(&cma->accepted, 0, sizeof(cma->accepted));
}

/*
 * A secure session, when both sides can hold one: the device offers key
 * exchange and its mailbox carries secured CMA. A device that offers key
 * exchange but fails at it fails the connect. No session when the two
 * have no DHE group or AEAD in common, or the mailbox lacks feature
 * 0001h:02h: the library says so in the log.
 */
static int pci_cma_start_session(struct pci_cma *cma)
{
	const struct spdm_negotiated *neg = spdm_negotiated(cma->spdm);
	struct spdm_session_info info;
	int rc;

	if (!(neg->rsp_caps & SPDM_CAP_KEY_EX))
		return 0;
	rc = spdm_start_session(cma->spdm);
	if (rc == -EOPNOTSUPP)
		return 0;
	if (rc)
		return rc;
	if (!spdm_session_info(cma->spdm, &info) && info.heartbeat_period)
		schedule_delayed_work(&cma->heartbeat,
				      info.heartbeat_period * HZ);
	return 0;
}

/*
 * Close the session, if one is open, telling the device unless it is
 * runtime suspended (it may have no power; the session then ends with
 * the context or the next connect). The heartbeat stops by itself once
 * it finds no session.
 *
 * Context: @cma->pf0.lock held.
 */
static void pci_cma_end_session(struct pci_cma *cma)
{
	struct spdm_session_info info;

	lockdep_assert_held(&cma->pf0.lock);
	if (spdm_session_info(cma->spdm, &info) ||
	    pm_runtime_suspended(&cma->pf0.base_tsm.pdev->dev))
		return;
	spdm_end_session(cma->spdm);
}

/*
 * The interface was running when its evidence was accepted: lock it again
 * (after a stop, whatever state it came back in), and run it only if the
 * report is the one accepted.
 */
static int pci_cma_confirm_tdi(struct pci_cma *cma)
{
	u8 digest[SHA384_DIGEST_SIZE];
	int rc;

	/* The device may still think it runs, under the old session */
	cma->tdi.state = PCI_TDISP_STATE_ERROR;
	pci_cma_tdisp_stop(cma);
	rc = pci_cma_tdisp_lock(cma);
	if (rc)
		return rc;
	pci_cma_tdisp_report_digest(cma, digest);
	if (memcmp(digest, cma->accepted.report_digest, sizeof(digest))) {
		pci_warn(cma->pf0.base_tsm.pdev,
			 "TDISP interface report differs from the one accepted\n");
		pci_cma_tdisp_stop(cma);
		return -EKEYREJECTED;
	}
	return pci_cma_tdisp_start(cma);
}

/**
 * pci_cma_confirm() - confirm that an accepted function is the same device
 * @cma: the function's context
 * @event: what happened to the device, for the log ("reset", "resume")
 *
 * After a reset or a resume the device must show that it is still the
 * one userspace accepted, before anything trusts it again: the same SPDM
 * version and algorithms, the same certificate chain in the same slot, a
 * fresh signature by that chain's leaf key, and the same measurement
 * summary hash (spdm_confirm(): four exchanges, one signature). This is
 * no new verification and makes no trust decision. A function nothing
 * was accepted for has nothing to confirm.
 *
 * The whole check, session and TDISP interface included, is bounded by
 * %PCI_CMA_CONFIRM_TIMEOUT_MS (plus one DOE timeout). A device that
 * differs, fails to answer or needs longer is no longer accepted: its
 * evidence and acceptance are forgotten, and the TSM core rejects it (bus
 * mastering off until userspace has verified and accepted it again). Why
 * is kept for the disconnect that follows, which tells the netlink
 * monitor group. With nothing accepted, the evidence read before @event
 * is forgotten, so that it cannot be accepted.
 *
 * Context: @cma->pf0.lock held, the device in D0.
 *
 * Return: 0 if the device is the same or nothing was accepted, otherwise
 * the negative errno of spdm_confirm() (-EKEYREJECTED: it differs; the
 * library logs how).
 */
int pci_cma_confirm(struct pci_cma *cma, const char *event)
{
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	const struct pci_cma_accepted *a = &cma->accepted;
	u64 generation = a->generation;
	struct spdm_identity id = {
		.version = a->version,
		.base_asym_alg = a->base_asym_alg,
		.base_hash_alg = a->base_hash_alg,
		.slot = a->slot,
		.chain = a->chain,
		.chain_len = a->chain_len,
		.summary_type = a->summary.type,
		.meas_summary = a->summary.hash,
		.meas_summary_len = a->summary.len,
	};
	int rc;

	lockdep_assert_held(&cma->pf0.lock);
	/* Nothing accepted yet: evidence read before @event is of no use */
	if (!generation) {
		if (cma->generation)
			pci_info(pdev, "%s: evidence read before it forgotten: connect again\n",
				 event);
		pci_cma_forget(cma);
		return 0;
	}

	/* The system may be waiting: one bound for the whole check */
	spdm_set_deadline(cma->spdm, jiffies +
			  msecs_to_jiffies(PCI_CMA_CONFIRM_TIMEOUT_MS));
	rc = spdm_confirm(cma->spdm, &id);
	/* The check started the connection over: the session too */
	if (!rc)
		rc = pci_cma_start_session(cma);
	if (!rc && a->tdi_run)
		rc = pci_cma_confirm_tdi(cma);
	spdm_clear_deadline(cma->spdm);
	if (!rc) {
		pci_dbg(pdev, "%s: the device accepted at generation %llu\n", event,
			generation);
		return 0;
	}
	pci_cma_forget(cma);
	cma->rejected = (struct pci_cma_rejection){
		.generation = generation,
		.err = rc,
	};
	strscpy(cma->rejected.event, event);
	pci_warn(pdev, "%s: not the device accepted at generation %llu (%pe): bus mastering off, evidence forgotten\n",
		 event, generation, ERR_PTR(rc));
	return rc;
}

/**
 * pci_cma_measure() - read signed measurements into the evidence
 * @cma: the function's context, authenticated
 * @nonce: the nonce to have them signed over, %SPDM_NONCE_SIZE bytes
 * @indices: measurement indices, or NULL for all
 * @nr_indices: their number
 * @nr: set to the number of blocks read
 *
 * Context: @cma->pf0.lock held, the device in D0.
 *
 * Return: 0, or the errno of spdm_get_measurements(), logged by the
 * library with the SPDM step.
 */
int pci_cma_measure(struct pci_cma *cma, const u8 *nonce, const u8 *indices,
		    unsigned int nr_indices, unsigned int *nr)
{
	int rc;

	lockdep_assert_held(&cma->pf0.lock);
	*nr = 0;
	rc = spdm_get_measurements(cma->spdm, nonce, indices, nr_indices);
	if (rc)
		return rc;
	spdm_measurements(cma->spdm, nr);
	return 0;
}

/* The summary hash of the CHALLENGE_AUTH just verified, for accept */
static void pci_cma_keep_summary(struct pci_cma *cma)
{
	struct spdm_signed_evidence ev;

	cma->summary.type = SPDM_MEAS_SUMMARY_NONE;
	cma->summary.len = 0;
	if (spdm_last_signed(cma->spdm, &ev) || !ev.meas_summary ||
	    ev.meas_summary_len > sizeof(cma->summary.hash))
		return;
	cma->summary.type = SPDM_MEAS_SUMMARY_ALL;
	memcpy(cma->summary.hash, ev.meas_summary, ev.meas_summary_len);
	cma->summary.len = ev.meas_summary_len;
}

/**
 * pci_cma_authenticate() - authenticate a function and gather the evidence
 * @cma: the function's context
 * @slot: certificate slot to authenticate with; kept for later
 *
 * Authenticates with @slot, opens a secure session if both sides can,
 * and, if the device can sign its measurements, reads all of them over a
 * fresh kernel nonce (inside the session): the verifier checks them
 * against its reference values, and may ask for fresh ones with its own
 * nonce. A device with unsigned measurements only has none to offer: its
 * word alone cannot be evidence. Success makes a new evidence generation.
 * Failure leaves no evidence (generation 0) and no acceptance.
 *
 * Context: @cma->pf0.lock held.
 *
 * Return: 0 or a negative errno; a failure of SPDM is logged once by the
 * library, naming the step.
 */
int pci_cma_authenticate(struct pci_cma *cma, u8 slot)
{
	struct pci_dev *pdev = cma->pf0.base_tsm.pdev;
	const struct spdm_negotiated *neg;
	struct spdm_session_info info;
	unsigned int nr_meas = 0;
	u8 nonce[SPDM_NONCE_SIZE];
	char session[32];
	int rc;

	pci_cma_forget(cma);

	/*
	 * The mailbox answers only in D0. The caller resumed the function
	 * before it locked (see pci_tsm_confirm()); this holds it there.
	 */
	rc = pm_runtime_resume_and_get(&pdev->dev);
	if (rc) {
		pci_warn(pdev, "connect: cannot resume the device to D0: %d\n",
			 rc);
		return rc;
	}

	/*
	 * The measurement summary hash, if the device has measurements, is
	 * what a same-device check compares after a reset or resume
	 */
	rc = spdm_authenticate(cma->spdm, slot, SPDM_MEAS_SUMMARY_ALL);
	neg = spdm_negotiated(cma->spdm);
	if (!rc)
		pci_cma_keep_summary(cma);
	if (!rc)
		rc = pci_cma_start_session(cma);
	if (!rc && FIELD_GET(SPDM_CAP_MEAS, neg->rsp_caps) ==
		   SPDM_CAP_MEAS_SIGNED) {
		get_random_bytes(nonce, sizeof(nonce));
		rc = pci_cma_measure(cma, nonce, NULL, 0, &nr_meas);
	}
	if (rc)
		pci_cma_end_session(cma);
	pm_runtime_put(&pdev->dev);
	if (rc)
		return rc;

	cma->slot = slot;
	cma->generation = pci_cma_new_generation();
	if (spdm_session_info(cma->spdm, &info))
		strscpy(session, "no secure session");
	else
		snprintf(session, sizeof(session), "secure session 0x%08x",
			 info.session_id);
	pci_info(pdev, "authenticated with slot %u (SPDM %u.%u, %s, %s), %s, %u signed measurements, evidence generation %llu\n",
		 slot, neg->version >> 4, neg->version & 0xf,
		 spdm_asym_alg_name(neg->base_asym_alg),
		 spdm_hash_alg_name(neg->base_hash_alg), session, nr_meas,
		 cma->generation);
	return 0;
}

static int pci_cma_connect(struct pci_dev *pdev)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);

	return pci_cma_authenticate(cma, cma->slot);
}

static void pci_cma_disconnect(struct pci_dev *pdev)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);

	/* ->remove() frees the evidence; make it unusable before that */
	pci_cma_forget(cma);
	pci_cma_tdisp_stop(cma);
	pci_cma_end_session(cma);
	pci_info(pdev, "disconnected\n");
	/* Ended because the same-device check rejected it: say so */
	if (cma->rejected.generation) {
		pci_cma_nl_notify_reject(pdev, &cma->rejected);
		cma->rejected.generation = 0;
	}
}

static int pci_cma_accept(struct pci_dev *pdev, u64 generation)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);
	const struct spdm_negotiated *neg = spdm_negotiated(cma->spdm);
	const u8 *chain;
	u8 *copy;
	size_t len;

	if (!cma->generation) {
		pci_info(pdev, "accept: no evidence; connect again\n");
		return -ENXIO;
	}
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

	copy = kvmemdup(chain, len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	/* A locked interface runs once its evidence is accepted */
	if (cma->tdi.state == PCI_TDISP_STATE_LOCKED) {
		int rc = pci_cma_tdisp_start(cma);

		if (rc) {
			kvfree(copy);
			return rc;
		}
	}
	kvfree(cma->accepted.chain);
	cma->accepted = (struct pci_cma_accepted){
		.generation = cma->generation,
		.slot = cma->slot,
		.chain = copy,
		.chain_len = len,
		.version = neg->version,
		.base_asym_alg = neg->base_asym_alg,
		.base_hash_alg = neg->base_hash_alg,
		.summary = cma->summary,
		.tdi_run = cma->tdi.state == PCI_TDISP_STATE_RUN,
	};
	sha384(chain, len, cma->accepted.chain_digest);
	if (cma->accepted.tdi_run)
		pci_cma_tdisp_report_digest(cma, cma->accepted.report_digest);
	pci_info(pdev, "accept: evidence generation %llu accepted%s\n",
		 cma->generation,
		 cma->accepted.tdi_run ? ", TDISP interface in RUN" : "");
	return 0;
}

/* tsm/lock: the core has checked TDISP support and that no driver is bound */
static int pci_cma_tdi_lock(struct pci_dev *pdev)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);
	int rc;

	if (!cma->generation) {
		pci_info(pdev, "lock: no evidence; connect again\n");
		return -ENXIO;
	}
	if (cma->tdi.state != PCI_TDISP_STATE_UNLOCKED) {
		pci_info(pdev, "lock: the TDISP interface is locked already\n");
		return -EBUSY;
	}
	rc = pci_cma_tdisp_lock(cma);
	if (rc)
		return rc;
	/* The report joins the evidence: the verifier must read it again */
	cma->generation = pci_cma_new_generation();
	pci_info(pdev, "lock: TDISP interface locked, report of %zu bytes with %u MMIO ranges, evidence generation %llu\n",
		 cma->tdi.report_len, cma->tdi.nr_ranges, cma->generation);
	return 0;
}

/* tsm/unlock: stop the interface; the report leaves the evidence */
static void pci_cma_tdi_unlock(struct pci_dev *pdev)
{
	struct pci_cma *cma = to_pci_cma(pdev->tsm);

	if (cma->tdi.state == PCI_TDISP_STATE_UNLOCKED)
		return;
	pci_cma_tdisp_stop(cma);
	cma->accepted.tdi_run = false;
	if (cma->generation)
		cma->generation = pci_cma_new_generation();
	pci_info(pdev, "unlock: TDISP interface stopped, evidence generation %llu\n",
		 cma->generation);
}

static int pci_cma_confirm_op(struct pci_dev *pdev, const char *event)
{
	return pci_cma_confirm(to_pci_cma(pdev->tsm), event);
}

static struct pci_tsm_ops pci_cma_ops = {
	.probe = pci_cma_probe,
	.remove = pci_cma_remove,
	.connect = pci_cma_connect,
	.disconnect = pci_cma_disconnect,
	.accept = pci_cma_accept,
	.tdi_lock = pci_cma_tdi_lock,
	.tdi_unlock = pci_cma_tdi_unlock,
	.confirm = pci_cma_confirm_op,
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
 * Creates the faux device "kernel-pci-cma", registers a TSM class
 * device (/sys/class/tsm/tsmN) under it and offers the pci-cma netlink
 * family. From then on every function with a CMA mailbox offers
 * tsm/connect, whether it was enumerated before or after.
 *
 * Return: 0 or a negative errno.
 */
VISIBLE_IF_KUNIT int pci_cma_register(void)
{
	struct tsm_dev *tsm_dev;
	int rc;

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

	rc = pci_cma_nl_register();
	if (rc) {
		tsm_unregister(tsm_dev);
		pci_cma_tsm = NULL;
		faux_device_destroy(pci_cma_fdev);
		pci_cma_fdev = NULL;
		return rc;
	}
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
	pci_cma_nl_unregister();
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
