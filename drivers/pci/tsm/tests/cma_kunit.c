// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kernel-pci-cma
 *
 * Each test enumerates an emulated function with a CMA DOE mailbox and
 * drives it the way userspace does: by writing the function's sysfs
 * attributes, through a private mount of sysfs. So the TSM core's
 * attribute handlers, the DOE core and the driver all run for real, as
 * does the SPDM test responder's cryptography.
 */

#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mount.h>
#include <linux/net.h>
#include <linux/pci.h>
#include <linux/pci-tsm.h>
#include <linux/pm_runtime.h>
#include <linux/spdm.h>
#include <linux/slab.h>
#include <linux/tsm.h>
#include <linux/unaligned.h>
#include <net/genetlink.h>
#include <crypto/sha2.h>
#include <uapi/linux/pci_cma.h>

#include "../../pci.h"

#include "../../../../lib/spdm/spdm.h"
#include "../../../../lib/spdm/tests/spdm_test_responder.h"
#include "../cma.h"
#include "cma_test_dev.h"

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");

static struct vfsmount *cma_test_sysfs;

/* Write @val to attribute @attr of @pdev, as "echo -n" would */
static ssize_t cma_test_write(struct pci_dev *pdev, const char *attr,
			      const char *val)
{
	char *path __free(kfree) = kasprintf(GFP_KERNEL, "bus/pci/devices/%s/%s",
					     pci_name(pdev), attr);
	struct file *f;
	loff_t pos = 0;
	ssize_t rc;

	if (!path)
		return -ENOMEM;
	f = file_open_root_mnt(cma_test_sysfs, path, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = kernel_write(f, val, strlen(val), &pos);
	fput(f);
	return rc;
}

/* Read attribute @attr of @pdev into @buf, without the newline */
static ssize_t cma_test_read(struct pci_dev *pdev, const char *attr,
			     char *buf, size_t size)
{
	char *path __free(kfree) = kasprintf(GFP_KERNEL, "bus/pci/devices/%s/%s",
					     pci_name(pdev), attr);
	struct file *f;
	loff_t pos = 0;
	ssize_t rc;

	if (!path)
		return -ENOMEM;
	f = file_open_root_mnt(cma_test_sysfs, path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = kernel_read(f, buf, size - 1, &pos);
	fput(f);
	if (rc < 0)
		return rc;
	buf[rc] = '\0';
	strim(buf);
	return strlen(buf);
}

static const char *cma_test_tsm_name(struct kunit *test)
{
	struct tsm_dev *tsm_dev = pci_cma_tsm_dev();

	KUNIT_ASSERT_NOT_NULL(test, tsm_dev);
	return dev_name(&tsm_dev->dev);
}

static ssize_t cma_test_connect(struct cma_test_dev *emu, const char *tsm)
{
	return cma_test_write(emu->pdev, "tsm/connect", tsm);
}

/* The function reads as authenticated by @tsm, or as not when NULL */
static void cma_test_expect_auth(struct kunit *test, struct cma_test_dev *emu,
				 const char *tsm)
{
	char buf[32];

	KUNIT_ASSERT_GE(test, cma_test_read(emu->pdev, "authenticated", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, tsm ? tsm : "");
	if (!tsm)
		KUNIT_EXPECT_NULL(test, emu->pdev->tsm);
}

static void cma_test_remove_action(void *emu)
{
	cma_test_dev_remove(emu);
}

static struct cma_test_dev *cma_test_new(struct kunit *test,
					 unsigned int flags)
{
	struct cma_test_dev *emu = cma_test_dev_create(test, flags);
	int rc;

	KUNIT_ASSERT_NOT_NULL(test, emu);
	rc = kunit_add_action_or_reset(test, cma_test_remove_action, emu);
	KUNIT_ASSERT_EQ(test, rc, 0);
	return emu;
}

/* The TSM is registered under a parent that names the driver */
static void cma_test_registration(struct kunit *test)
{
	struct tsm_dev *tsm_dev = pci_cma_tsm_dev();

	KUNIT_ASSERT_NOT_NULL(test, tsm_dev);
	KUNIT_EXPECT_STREQ(test, dev_name(tsm_dev->dev.parent),
			   "kernel-pci-cma");
	KUNIT_EXPECT_STREQ(test, tsm_dev->dev.class->name, "tsm");
	KUNIT_EXPECT_EQ(test, strncmp(dev_name(&tsm_dev->dev), "tsm", 3), 0);
	KUNIT_EXPECT_NOT_NULL(test, tsm_dev->pci_ops->accept);
}

/* A function without a CMA mailbox is not offered at all */
static void cma_test_no_cma(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, CMA_TEST_NO_DOE);
	char buf[32];

	KUNIT_EXPECT_FALSE(test, is_pci_tsm_pf0(emu->pdev));
	KUNIT_EXPECT_EQ(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), -ENOENT);
	KUNIT_EXPECT_EQ(test, cma_test_read(emu->pdev, "authenticated", buf,
					    sizeof(buf)), -ENOENT);
}

/* A CMA-only function offers connect, and authenticates */
static void cma_test_connect_disconnect(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	u64 gen1, gen2;
	char buf[32];

	KUNIT_EXPECT_FALSE(test, emu->pdev->devcap & PCI_EXP_DEVCAP_TEE);
	KUNIT_EXPECT_FALSE(test, emu->pdev->ide_cap);
	KUNIT_EXPECT_TRUE(test, is_pci_tsm_pf0(emu->pdev));
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), 0);

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_GT(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, tsm);
	gen1 = pci_cma_generation(emu->pdev);
	KUNIT_EXPECT_GE(test, gen1, 2);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);
	/* VCA, DIGESTS, CERTIFICATE, CHALLENGE, MEASUREMENTS */
	KUNIT_EXPECT_GE(test, atomic_read(&emu->spdm_requests), 7);

	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);

	/* Again: new evidence, so a new generation */
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_test_expect_auth(test, emu, tsm);
	gen2 = pci_cma_generation(emu->pdev);
	KUNIT_EXPECT_GT(test, gen2, gen1);

	/* The device goes away while connected: everything is freed */
}

static void cma_test_double_connect(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	int requests;
	u64 gen;

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);
	requests = atomic_read(&emu->spdm_requests);

	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EBUSY);
	/* Refused without touching the device or the evidence */
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), requests);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), gen);
	cma_test_expect_auth(test, emu, tsm);
}

static void cma_test_unknown_tsm(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);

	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, "tsm9999"), -ENXIO);
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), 0);

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", "tsm9999"),
			-ENXIO);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/unlock",
					     "tsm9999"), -ENXIO);
	cma_test_expect_auth(test, emu, tsm);
}

/* Garbage in every attribute: -EINVAL, and nothing changes */
static void cma_test_garbage(struct kunit *test)
{
	static const char * const tsm_attrs[] = {
		"tsm/connect", "tsm/lock", "tsm/unlock", "tsm/disconnect",
	};
	/* An empty write never reaches the attribute, so is not tried */
	static const char * const tsm_garbage[] = {
		"\n", "tsm", "tsmx", "xtsm0", "kernel-pci-cma", "\xff\xfe",
	};
	static const char * const accept_garbage[] = {
		"\n", "0", "-1", "yes", "1x", "18446744073709551616", "0x",
	};
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	char trailing[24];
	int i, j;

	for (i = 0; i < ARRAY_SIZE(tsm_garbage); i++)
		KUNIT_EXPECT_EQ_MSG(test, cma_test_connect(emu, tsm_garbage[i]),
				    -EINVAL, "connect \"%s\"", tsm_garbage[i]);
	cma_test_expect_auth(test, emu, NULL);

	/* Trailing garbage after a valid name */
	snprintf(trailing, sizeof(trailing), "%sx", tsm);
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, trailing), -EINVAL);
	cma_test_expect_auth(test, emu, NULL);

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	for (i = 0; i < ARRAY_SIZE(tsm_attrs); i++)
		for (j = 0; j < ARRAY_SIZE(tsm_garbage); j++)
			KUNIT_EXPECT_EQ_MSG(test,
					    cma_test_write(emu->pdev, tsm_attrs[i],
							   tsm_garbage[j]),
					    -EINVAL, "%s \"%s\"", tsm_attrs[i],
					    tsm_garbage[j]);
	for (i = 0; i < ARRAY_SIZE(accept_garbage); i++)
		KUNIT_EXPECT_EQ_MSG(test, cma_test_write(emu->pdev, "tsm/accept",
							 accept_garbage[i]),
				    -EINVAL, "accept \"%s\"", accept_garbage[i]);
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);
}

static void cma_test_accept(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	char stale[24], current_gen[24];
	u64 gen;

	/* Nothing to accept yet */
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"),
			-ENXIO);

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);

	/* A verdict on other evidence is refused (older: see below) */
	snprintf(stale, sizeof(stale), "%llu", gen + 1);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", stale),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);

	snprintf(current_gen, sizeof(current_gen), "%llu\n", gen);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept",
					     current_gen), strlen(current_gen));
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen);
	cma_test_expect_auth(test, emu, tsm);

	/* Reconnect: the old verdict is gone, the old generation stale */
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept",
					     current_gen), -EAGAIN);

	/* "1" takes the current evidence */
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), 1);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev),
			pci_cma_generation(emu->pdev));
}

static bool cma_test_bus_master(struct pci_dev *pdev)
{
	u16 cmd;

	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	return cmd & PCI_COMMAND_MASTER;
}

/* Connect, accept and turn bus mastering on: a device in use */
static u64 cma_test_accepted(struct kunit *test, struct cma_test_dev *emu,
			     const char *tsm)
{
	u64 gen;

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), 1);
	gen = pci_cma_accepted_generation(emu->pdev);
	KUNIT_ASSERT_NE(test, gen, 0);
	pci_set_master(emu->pdev);
	KUNIT_EXPECT_TRUE(test, cma_test_bus_master(emu->pdev));
	return gen;
}

/* The same-device check, as the PCI core runs it after a reset */
static int cma_test_recheck(struct pci_dev *pdev)
{
	int rc = pm_runtime_resume_and_get(&pdev->dev);

	if (rc)
		return rc;
	pci_tsm_hold(pdev);
	rc = pci_tsm_confirm(pdev, "test reset");
	pm_runtime_put(&pdev->dev);
	return rc;
}

/*
 * The same device, as after a reset: four exchanges and one signature,
 * no certificate read; it stays accepted and nothing visible changes
 */
static void cma_test_recheck_same(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	u64 gen = cma_test_accepted(test, emu, tsm);
	unsigned int before = atomic_read(&emu->spdm_requests);

	emu->rsp->cert_requests = 0;
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests) - before, 4);
	KUNIT_EXPECT_EQ(test, emu->rsp->cert_requests, 0);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), gen);
	KUNIT_EXPECT_TRUE(test, cma_test_bus_master(emu->pdev));
	cma_test_expect_auth(test, emu, tsm);

	/* Nothing accepted: nothing to confirm, no word to the device */
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	before = atomic_read(&emu->spdm_requests);
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), before);
}

/*
 * The device is not accepted any more and cannot DMA; the core then ends
 * its connection (from a work item), and it can start over
 */
static void cma_test_expect_out(struct kunit *test, struct cma_test_dev *emu)
{
	int i;

	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);
	KUNIT_EXPECT_FALSE(test, cma_test_bus_master(emu->pdev));
	/* Nor may its driver turn DMA back on, until it is accepted again */
	pci_set_master(emu->pdev);
	KUNIT_EXPECT_FALSE(test, cma_test_bus_master(emu->pdev));
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), -ENXIO);
	for (i = 0; i < 250 && READ_ONCE(emu->pdev->tsm); i++)
		msleep(20);
	cma_test_expect_auth(test, emu, NULL);
}

static void cma_test_expect_rejected(struct kunit *test,
				     struct cma_test_dev *emu, const char *tsm,
				     int err)
{
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), err);
	cma_test_expect_out(test, emu);
}

/*
 * Runtime suspend, then lose power as in D3cold (the emulated function
 * has no platform to cut it, so its state says so). Skips the test if
 * the function does not runtime suspend.
 */
static void cma_test_d3cold(struct kunit *test, struct cma_test_dev *emu)
{
	struct device *dev = &emu->pdev->dev;
	int rc = pm_runtime_suspend(dev);

	if (rc < 0 || !pm_runtime_suspended(dev))
		kunit_skip(test, "the function does not runtime suspend: %d", rc);
	emu->pdev->current_state = PCI_D3cold;
}

KUNIT_DEFINE_ACTION_WRAPPER(cma_test_pm_forbid, pm_runtime_forbid, struct device *);

/*
 * Back from D3cold at runtime: the resume itself confirms the device
 * (from D3hot, power kept, it does not); a request that resumes the
 * device waits for the check rather than deadlocking on the TSM's locks
 */
static void cma_test_recheck_d3cold(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct device *dev = &emu->pdev->dev;
	unsigned int before;
	u64 gen;

	gen = cma_test_accepted(test, emu, tsm);
	pm_runtime_allow(dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cma_test_pm_forbid, dev), 0);

	cma_test_d3cold(test, emu);
	before = atomic_read(&emu->spdm_requests);
	emu->rsp->cert_requests = 0;
	KUNIT_EXPECT_EQ(test, pm_runtime_resume(dev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests) - before, 4);
	KUNIT_EXPECT_EQ(test, emu->rsp->cert_requests, 0);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen);
	KUNIT_EXPECT_TRUE(test, cma_test_bus_master(emu->pdev));

	KUNIT_ASSERT_GE(test, pm_runtime_suspend(dev), 0);
	before = atomic_read(&emu->spdm_requests);
	KUNIT_EXPECT_EQ(test, pm_runtime_resume(dev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), before);

	/* Changed while powered off; a sysfs request is what resumes it */
	cma_test_d3cold(test, emu);
	emu->rsp->meas_salt = 1;
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), -ENXIO);
	cma_test_expect_out(test, emu);
}

/* Each way the device can have changed ends its acceptance */
static void cma_test_recheck_changed(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct spdm_test_responder *rsp = emu->rsp;
	size_t len;
	u8 *chain;

	/* Different measurements */
	cma_test_accepted(test, emu, tsm);
	rsp->meas_salt = 1;
	cma_test_expect_rejected(test, emu, tsm, -EKEYREJECTED);
	/* Verified and accepted again as it now is, it stays */
	cma_test_accepted(test, emu, tsm);
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);

	/* The same chain, signed with a different leaf key */
	chain = kunit_kzalloc(test, rsp->chain_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	len = rsp->chain_len;
	memcpy(chain, rsp->chain, len);
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(rsp, rsp->asym), 0);
	memcpy(rsp->chain, chain, len);
	rsp->chain_len = len;
	cma_test_expect_rejected(test, emu, tsm, -EKEYREJECTED);

	/* A different chain (the device first gets a consistent identity) */
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(rsp, rsp->asym), 0);
	cma_test_accepted(test, emu, tsm);
	KUNIT_ASSERT_EQ(test, spdm_test_responder_set_key(rsp, rsp->asym), 0);
	cma_test_expect_rejected(test, emu, tsm, -EKEYREJECTED);

	/* A device that does not answer */
	cma_test_accepted(test, emu, tsm);
	emu->stall = true;
	cma_test_expect_rejected(test, emu, tsm, -ETIMEDOUT);
	emu->stall = false;
}

KUNIT_DEFINE_ACTION_WRAPPER(cma_test_put_cred, put_cred, const struct cred *);

/*
 * Every request attribute refuses a caller that is neither root nor has
 * a capability that overrides file permissions, before anything happens
 */
static void cma_test_unprivileged(struct kunit *test)
{
	static const char * const stores[] = {
		"tsm/connect", "tsm/disconnect", "tsm/lock", "tsm/unlock",
		"tsm/accept",
	};
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cred *cred = prepare_creds();
	unsigned int before;
	ssize_t rc;
	u64 gen;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, cred);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cma_test_put_cred,
							cred), 0);
	cred->fsuid = KUIDT_INIT(1000);
	cred->fsgid = KGIDT_INIT(1000);
	cap_clear(cred->cap_effective);

	/* Not connected: connect refused */
	scoped_with_creds(cred)
		rc = cma_test_write(emu->pdev, "tsm/connect", tsm);
	KUNIT_EXPECT_EQ(test, rc, -EACCES);
	cma_test_expect_auth(test, emu, NULL);

	/* Connected and accepted: nothing else gets through either */
	gen = cma_test_accepted(test, emu, tsm);
	before = atomic_read(&emu->spdm_requests);
	for (i = 0; i < ARRAY_SIZE(stores); i++) {
		scoped_with_creds(cred)
			rc = cma_test_write(emu->pdev, stores[i],
					    strcmp(stores[i], "tsm/accept") ? tsm : "1");
		KUNIT_EXPECT_EQ_MSG(test, rc, -EACCES, "%s", stores[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), before);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen);
	cma_test_expect_auth(test, emu, tsm);
}

/* lock without TDISP: -EOPNOTSUPP; the connection is unaffected */
static void cma_test_lock_no_tdisp(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/unlock", tsm),
			-EOPNOTSUPP);
	cma_test_expect_auth(test, emu, tsm);
}

/* A driver with runtime PM, as PCI drivers do it */
static int cma_test_drv_probe(struct pci_dev *pdev,
			      const struct pci_device_id *id)
{
	pm_runtime_put_noidle(&pdev->dev);
	return 0;
}

static void cma_test_drv_remove(struct pci_dev *pdev)
{
	pm_runtime_get_noresume(&pdev->dev);
}

static atomic_t cma_test_drv_resumes = ATOMIC_INIT(0);

static int cma_test_drv_runtime_suspend(struct device *dev)
{
	return 0;
}

static int cma_test_drv_runtime_resume(struct device *dev)
{
	atomic_inc(&cma_test_drv_resumes);
	return 0;
}

static const struct dev_pm_ops cma_test_drv_pm = {
	RUNTIME_PM_OPS(cma_test_drv_runtime_suspend, cma_test_drv_runtime_resume,
		       NULL)
};

static const struct pci_device_id cma_test_drv_ids[] = {
	{ PCI_DEVICE(CMA_TEST_VENDOR, CMA_TEST_DEVICE) },
	{ }
};

static struct pci_driver cma_test_drv = {
	.name = "cma-test-drv",
	.id_table = cma_test_drv_ids,
	.probe = cma_test_drv_probe,
	.remove = cma_test_drv_remove,
	.driver.pm = &cma_test_drv_pm,
};

static void cma_test_unregister_drv(void *drv)
{
	pci_unregister_driver(drv);
}

/* lock on a TDISP-capable function: -EBUSY with a driver bound */
static void cma_test_lock_driver_bound(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, CMA_TEST_TEE);
	const char *tsm = cma_test_tsm_name(test);
	int rc;

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));

	/* TDISP goes inside a secure session: this device holds none */
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			-ENOTCONN);
	KUNIT_EXPECT_EQ(test, emu->tdi.requests, 0);

	KUNIT_ASSERT_EQ(test, pci_register_driver(&cma_test_drv), 0);
	rc = kunit_add_action_or_reset(test, cma_test_unregister_drv,
				       &cma_test_drv);
	KUNIT_ASSERT_EQ(test, rc, 0);
	KUNIT_ASSERT_PTR_EQ(test, emu->pdev->dev.driver,
			    &cma_test_drv.driver);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/unlock", tsm),
			-EBUSY);
	cma_test_expect_auth(test, emu, tsm);
}

/*
 * A driver never gets a rejected device back through runtime PM: not at
 * the resume from D3cold whose check rejects it, nor at a later runtime
 * resume before the unbind (held off here by holding the device lock,
 * which the unbind needs)
 */
static void cma_test_rejected_runtime_pm(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct device *dev = &emu->pdev->dev;
	int rc, i;

	cma_test_accepted(test, emu, tsm);
	KUNIT_ASSERT_EQ(test, pci_register_driver(&cma_test_drv), 0);
	rc = kunit_add_action_or_reset(test, cma_test_unregister_drv,
				       &cma_test_drv);
	KUNIT_ASSERT_EQ(test, rc, 0);
	KUNIT_ASSERT_PTR_EQ(test, dev->driver, &cma_test_drv.driver);
	pm_runtime_allow(dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cma_test_pm_forbid, dev), 0);

	/* The same device: its driver gets it back */
	cma_test_d3cold(test, emu);
	atomic_set(&cma_test_drv_resumes, 0);
	KUNIT_EXPECT_EQ(test, pm_runtime_resume(dev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&cma_test_drv_resumes), 1);

	cma_test_d3cold(test, emu);
	emu->rsp->meas_salt = 1;
	atomic_set(&cma_test_drv_resumes, 0);
	device_lock(dev);
	KUNIT_EXPECT_EQ(test, pm_runtime_resume(dev), 0);
	KUNIT_EXPECT_TRUE(test, pci_tsm_rejected(emu->pdev));
	KUNIT_EXPECT_FALSE(test, cma_test_bus_master(emu->pdev));
	KUNIT_EXPECT_GE(test, pm_runtime_suspend(dev), 0);
	KUNIT_EXPECT_EQ(test, pm_runtime_resume(dev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&cma_test_drv_resumes), 0);
	device_unlock(dev);

	/* Then the driver goes */
	for (i = 0; i < 250 && READ_ONCE(dev->driver); i++)
		msleep(20);
	KUNIT_EXPECT_NULL(test, dev->driver);
	KUNIT_EXPECT_EQ(test, atomic_read(&cma_test_drv_resumes), 0);
}

/* A responder that stops answering: the DOE timeout ends the connect */
static void cma_test_stalled(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);

	emu->stall = true;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -ETIMEDOUT);
	/* The first exchange timed out, and the library gave up there */
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), 1);
	cma_test_expect_auth(test, emu, NULL);

	/* The mailbox was aborted, not lost: the device can connect */
	emu->stall = false;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_test_expect_auth(test, emu, tsm);
}

/* A failed authentication leaves the attributes in place */
static void cma_test_failed_stays_visible(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	char buf[32];

	emu->rsp->bad_signature = true;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EKEYREJECTED);
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"),
			-ENXIO);

	emu->rsp->bad_signature = false;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_test_expect_auth(test, emu, tsm);
}

/* Connect reads the signed measurements with a fresh nonce each time */
static void cma_test_measurements(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	u8 nonce[SPDM_NONCE_SIZE];

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->rsp->meas_requests, 1);
	KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev),
			emu->rsp->nr_meas);
	memcpy(nonce, emu->rsp->last_meas_nonce, sizeof(nonce));
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev), 0);

	emu->rsp->nr_meas = 9;
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->rsp->meas_requests, 2);
	KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev), 9);
	KUNIT_EXPECT_NE(test, memcmp(nonce, emu->rsp->last_meas_nonce,
				     sizeof(nonce)), 0);
}

/* Without signed measurements there are none in the evidence */
static void cma_test_unsigned_measurements(struct kunit *test)
{
	static const u32 meas_caps[] = {
		SPDM_CAP_MEAS_NONE, SPDM_CAP_MEAS_UNSIGNED,
	};
	const char *tsm = cma_test_tsm_name(test);

	for (int i = 0; i < ARRAY_SIZE(meas_caps); i++) {
		struct cma_test_dev *emu = cma_test_new(test, 0);

		emu->rsp->caps &= ~SPDM_CAP_MEAS;
		emu->rsp->caps |= FIELD_PREP(SPDM_CAP_MEAS, meas_caps[i]);
		KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
		cma_test_expect_auth(test, emu, tsm);
		KUNIT_EXPECT_EQ(test, emu->rsp->meas_requests, 0);
		KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev), 0);
	}
}

/*
 * Measurements that do not parse, or whose signature names another slot,
 * fail the connect: the device is not authenticated and has no evidence.
 */
static void cma_test_bad_measurements(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);

	emu->rsp->meas_len_lie = 4096;	/* past the end */
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EMSGSIZE);
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"),
			-ENXIO);

	emu->rsp->meas_len_lie = 0;
	emu->rsp->meas_slot_lie = 1;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EPROTO);
	cma_test_expect_auth(test, emu, NULL);

	emu->rsp->meas_slot_lie = 0;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev),
			emu->rsp->nr_meas);
}

/* A responder that holds sessions, with a heartbeat every @period s */
static void cma_test_session_caps(struct cma_test_dev *emu, u8 period)
{
	emu->rsp->caps |= SPDM_CAP_ENCRYPT | SPDM_CAP_MAC | SPDM_CAP_KEY_EX |
			  SPDM_CAP_HBEAT | SPDM_CAP_KEY_UPD;
	emu->rsp->heartbeat_period = period;
}

/*
 * Connect opens a secure session over DOE 0001h:02h and reads the
 * measurements inside it; HEARTBEAT keeps it alive; the same-device check
 * opens a new one; disconnect ends it on the device too
 */
static void cma_test_session(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	unsigned int before;
	int i;

	cma_test_session_caps(emu, 1);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->rsp->sess_phase, 2);
	KUNIT_EXPECT_EQ(test, emu->rsp->last_in_session, SPDM_GET_MEASUREMENTS);
	/* FINISH and GET_MEASUREMENTS went inside */
	KUNIT_EXPECT_EQ(test, emu->rsp->secured_requests, 2);
	KUNIT_EXPECT_EQ(test, emu->rsp->decrypt_failures, 0);
	KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev),
			emu->rsp->nr_meas);

	for (i = 0; i < 60 && !READ_ONCE(emu->rsp->heartbeats); i++)
		msleep(50);
	KUNIT_EXPECT_GE(test, emu->rsp->heartbeats, 1);

	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), 1);
	mutex_lock(&emu->rsp_lock);
	emu->rsp->heartbeat_period = 0;
	mutex_unlock(&emu->rsp_lock);
	before = atomic_read(&emu->spdm_requests);
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);
	/* VCA, CHALLENGE, then KEY_EXCHANGE and FINISH */
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests) - before, 6);
	KUNIT_EXPECT_EQ(test, emu->rsp->sess_phase, 2);
	KUNIT_EXPECT_EQ(test, emu->rsp->last_in_session, SPDM_FINISH);
	KUNIT_EXPECT_NE(test, pci_cma_accepted_generation(emu->pdev), 0);

	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->rsp->sessions_ended, 1);
	KUNIT_EXPECT_EQ(test, emu->rsp->sess_phase, 0);
}

/*
 * A device that offers key exchange but fails at it fails the connect;
 * without secured CMA on the mailbox there is no session, and no failure
 */
static void cma_test_session_failures(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	struct cma_test_dev *plain = cma_test_new(test, CMA_TEST_NO_SECURED);
	const char *tsm = cma_test_tsm_name(test);

	cma_test_session_caps(emu, 0);
	emu->rsp->sess_bad_verify = true;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EKEYREJECTED);
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);

	/* A secured response that does not authenticate */
	emu->rsp->sess_bad_verify = false;
	emu->rsp->sess_fault_from = 2;
	emu->rsp->sess_bad_tag = true;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EBADMSG);
	cma_test_expect_auth(test, emu, NULL);

	emu->rsp->sess_bad_tag = false;
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->rsp->sess_phase, 2);

	cma_test_session_caps(plain, 0);
	KUNIT_EXPECT_EQ(test, cma_test_connect(plain, tsm), strlen(tsm));
	cma_test_expect_auth(test, plain, tsm);
	KUNIT_EXPECT_EQ(test, plain->rsp->secured_requests, 0);
	KUNIT_EXPECT_EQ(test, plain->rsp->sess_phase, 0);
}

struct cma_test_async {
	struct cma_test_dev *emu;
	char tsm[16];
	ssize_t rc;
	struct completion done;
};

static int cma_test_connect_thread(void *data)
{
	struct cma_test_async *a = data;

	a->rc = cma_test_connect(a->emu, a->tsm);
	/* For cma_test_connect_wait() and cma_test_async_reap() both */
	complete_all(&a->done);
	return 0;
}

/* Whatever the test did, the thread ends before its device goes */
static void cma_test_async_reap(void *data)
{
	struct cma_test_async *a = data;

	wait_for_completion(&a->done);
	kfree(a);
}

/* Start @fn on @emu in a thread */
static struct cma_test_async *
cma_test_async_start(struct kunit *test, struct cma_test_dev *emu,
		     int (*fn)(void *data))
{
	struct cma_test_async *a = kzalloc_obj(*a);
	struct task_struct *t;
	int rc;

	KUNIT_ASSERT_NOT_NULL(test, a);
	a->emu = emu;
	strscpy(a->tsm, cma_test_tsm_name(test));
	init_completion(&a->done);
	t = kthread_run(fn, a, "cma-test-async");
	if (IS_ERR(t)) {
		kfree(a);
		KUNIT_FAIL_AND_ABORT(test, "kthread_run: %ld", PTR_ERR(t));
	}
	rc = kunit_add_action_or_reset(test, cma_test_async_reap, a);
	KUNIT_ASSERT_EQ(test, rc, 0);
	return a;
}

/* Start a connect of @emu in a thread */
static struct cma_test_async *
cma_test_connect_async_nowait(struct kunit *test, struct cma_test_dev *emu)
{
	return cma_test_async_start(test, emu, cma_test_connect_thread);
}

/* Start a connect of @emu in a thread; return once it talks to @emu */
static struct cma_test_async *cma_test_connect_async(struct kunit *test,
						     struct cma_test_dev *emu)
{
	struct cma_test_async *a = cma_test_connect_async_nowait(test, emu);

	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&emu->first_request,
							  30 * HZ), 0);
	return a;
}

static void cma_test_connect_wait(struct kunit *test, struct cma_test_async *a)
{
	/* Bounded: the DOE and SPDM timeouts end any exchange */
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&a->done, 120 * HZ),
			0);
}

/* The same-device check as a reset runs it: under the device lock */
static int cma_test_recheck_thread(void *data)
{
	struct cma_test_async *a = data;
	struct pci_dev *pdev = a->emu->pdev;

	device_lock(&pdev->dev);
	a->rc = cma_test_recheck(pdev);
	device_unlock(&pdev->dev);
	complete_all(&a->done);
	return 0;
}

/* Start the check in a thread; return once it talks to the device */
static struct cma_test_async *cma_test_recheck_async(struct kunit *test,
						     struct cma_test_dev *emu)
{
	unsigned int before = atomic_read(&emu->spdm_requests);
	struct cma_test_async *a;
	int i;

	a = cma_test_async_start(test, emu, cma_test_recheck_thread);
	for (i = 0; i < 250 && atomic_read(&emu->spdm_requests) == before; i++)
		msleep(20);
	KUNIT_ASSERT_NE_MSG(test, atomic_read(&emu->spdm_requests), before,
			    "the check did not start");
	return a;
}

/*
 * Requests of userspace that race a same-device check wait for it and
 * come after it: a disconnect after a check that passed; after one that
 * failed, a disconnect that finds the function already disconnected and
 * a connect that makes a new connection, which the rejection never tears
 * down; a removal
 */
static void cma_test_recheck_races(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_test_async *a;

	cma_test_accepted(test, emu, tsm);
	emu->delay_ms = 50;
	a = cma_test_recheck_async(test, emu);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, 0);
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_TRUE(test, cma_test_bus_master(emu->pdev));

	emu->delay_ms = 0;
	cma_test_accepted(test, emu, tsm);
	emu->delay_ms = 50;
	emu->rsp->meas_salt = 1;
	a = cma_test_recheck_async(test, emu);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			-ENXIO);
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, -EKEYREJECTED);
	msleep(100);	/* the rejection's work item */
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_NE(test, pci_cma_generation(emu->pdev), 0);
	/* Not accepted yet: no DMA; accepted, it may again */
	pci_set_master(emu->pdev);
	KUNIT_EXPECT_FALSE(test, cma_test_bus_master(emu->pdev));
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), 1);
	pci_set_master(emu->pdev);
	KUNIT_EXPECT_TRUE(test, cma_test_bus_master(emu->pdev));

	/* Removal waits for a check in flight; nothing is left behind */
	a = cma_test_recheck_async(test, emu);
	pci_stop_and_remove_bus_device_locked(emu->pdev);
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, 0);
	KUNIT_EXPECT_NULL(test, emu->pdev->tsm);
	KUNIT_EXPECT_FALSE(test, device_is_registered(&emu->pdev->dev));
}

/*
 * A resume's check against a connect in flight: the check waits for the
 * connect and leaves the new connection, which nobody accepted, alone. A
 * connect against a check in flight waits for it and finds the function
 * connected; the accepted device stays accepted.
 */
static void cma_test_resume_races(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_test_async *a;
	unsigned int before;
	char gen[24];
	int rc;

	cma_test_accepted(test, emu, tsm);
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	emu->delay_ms = 50;
	a = cma_test_connect_async(test, emu);
	/* As the PM core runs it: under the device lock */
	device_lock(&emu->pdev->dev);
	rc = cma_test_recheck(emu->pdev);
	device_unlock(&emu->pdev->dev);
	KUNIT_EXPECT_EQ(test, rc, 0);
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, strlen(tsm));
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);
	KUNIT_EXPECT_FALSE(test, pci_tsm_rejected(emu->pdev));
	/* Nothing accepted, nothing to confirm: no exchange */
	before = atomic_read(&emu->spdm_requests);
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->spdm_requests), before);

	/* The other order, on the device accepted now */
	snprintf(gen, sizeof(gen), "%llu", pci_cma_generation(emu->pdev));
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", gen),
			strlen(gen));
	a = cma_test_recheck_async(test, emu);
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), -EBUSY);
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, 0);
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev),
			pci_cma_generation(emu->pdev));
}

/* Surprise removal while a connect is in flight */
static void cma_test_remove_during_connect(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	struct cma_test_async *a;

	emu->delay_ms = 100;
	a = cma_test_connect_async(test, emu);

	/* The device vanishes, then the PCI core removes it */
	WRITE_ONCE(emu->gone, true);
	pci_stop_and_remove_bus_device_locked(emu->pdev);

	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_TRUE_MSG(test, a->rc == -EIO || a->rc == -ETIMEDOUT,
			      "connect returned %zd", a->rc);
	KUNIT_EXPECT_NULL(test, emu->pdev->tsm);
	KUNIT_EXPECT_FALSE(test, device_is_registered(&emu->pdev->dev));
}

/* Leave the TSM registered for the tests that follow, whatever happened */
static void cma_test_reregister(void *unused)
{
	if (!pci_cma_tsm_dev())
		WARN_ON(pci_cma_register());
}

/* disconnect and a second connect wait for a connect in flight */
static void cma_test_disconnect_during_connect(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	struct cma_test_async *a;

	emu->delay_ms = 50;
	a = cma_test_connect_async(test, emu);

	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, a->tsm), -EBUSY);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect",
					     a->tsm), strlen(a->tsm));
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, strlen(a->tsm));
	cma_test_expect_auth(test, emu, NULL);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);
}

/* The function is runtime suspended: connect wakes it for the exchanges */
static void cma_test_runtime_pm(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct device *dev = &emu->pdev->dev;
	int rc;

	pm_runtime_allow(dev);
	rc = pm_runtime_suspend(dev);	/* 1: it already was */
	if (rc < 0 || !pm_runtime_suspended(dev)) {
		pm_runtime_forbid(dev);
		kunit_skip(test, "the function does not runtime suspend: %d", rc);
	}

	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_EXPECT_GE(test, atomic_read(&emu->spdm_requests), 6);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu->suspended_requests), 0);
	cma_test_expect_auth(test, emu, tsm);
	pm_runtime_forbid(dev);
}

/* Orderly removal while a connect is in flight: it ends, then disconnects */
static void cma_test_orderly_remove_during_connect(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	struct cma_test_async *a;

	emu->delay_ms = 50;
	a = cma_test_connect_async(test, emu);
	pci_stop_and_remove_bus_device_locked(emu->pdev);

	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, strlen(a->tsm));
	KUNIT_EXPECT_NULL(test, emu->pdev->tsm);
	KUNIT_EXPECT_FALSE(test, device_is_registered(&emu->pdev->dev));
}

static struct pci_tsm *cma_test_other_probe(struct tsm_dev *tsm_dev,
					    struct pci_dev *pdev)
{
	return NULL;
}

static void cma_test_other_remove(struct pci_tsm *tsm)
{
}

static int cma_test_other_connect(struct pci_dev *pdev)
{
	return -EIO;
}

static void cma_test_other_disconnect(struct pci_dev *pdev)
{
}

/* A TSM that wants nothing to do with the function */
static struct pci_tsm_ops cma_test_other_ops = {
	.probe = cma_test_other_probe,
	.remove = cma_test_other_remove,
	.connect = cma_test_other_connect,
	.disconnect = cma_test_other_disconnect,
};

static void cma_test_tsm_unregister(void *tsm_dev)
{
	tsm_unregister(tsm_dev);
}

/* Another TSM comes and goes: kernel-pci-cma is unaffected */
static void cma_test_other_tsm(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct tsm_dev *other;
	char buf[32];
	int rc;

	other = tsm_register(emu->pdev->dev.parent, &cma_test_other_ops);
	KUNIT_ASSERT_FALSE(test, IS_ERR(other));
	rc = kunit_add_action_or_reset(test, cma_test_tsm_unregister, other);
	KUNIT_ASSERT_EQ(test, rc, 0);
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, dev_name(&other->dev)),
			-ENXIO);
	cma_test_expect_auth(test, emu, NULL);

	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	kunit_release_action(test, cma_test_tsm_unregister, other);
	cma_test_expect_auth(test, emu, tsm);
	KUNIT_EXPECT_GT(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), 0);
}

/* The TSM unregisters (module unload) while a connect is in flight */
static void cma_test_unregister_during_connect(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	struct cma_test_async *a;
	char buf[32];
	int rc;

	rc = kunit_add_action_or_reset(test, cma_test_reregister, NULL);
	KUNIT_ASSERT_EQ(test, rc, 0);
	emu->delay_ms = 50;
	a = cma_test_connect_async(test, emu);

	/* Waits for the connect, then disconnects it */
	pci_cma_unregister();
	cma_test_connect_wait(test, a);
	KUNIT_EXPECT_EQ(test, a->rc, strlen(a->tsm));
	KUNIT_EXPECT_NULL(test, emu->pdev->tsm);
	KUNIT_EXPECT_NULL(test, pci_cma_tsm_dev());
	/* With no TSM left the tsm/ directory is gone */
	KUNIT_EXPECT_EQ(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), -ENOENT);

	/* Load again: the function, enumerated before, is offered again */
	KUNIT_ASSERT_EQ(test, pci_cma_register(), 0);
	KUNIT_EXPECT_EQ(test, cma_test_read(emu->pdev, "tsm/connect", buf,
					    sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, cma_test_connect(emu, cma_test_tsm_name(test)),
			strlen(cma_test_tsm_name(test)));
	cma_test_expect_auth(test, emu, cma_test_tsm_name(test));
}

static int cma_test_unregister_thread(void *data)
{
	pci_cma_unregister();
	complete_all(data);
	return 0;
}

/*
 * A connect that waits for the TSM core's lock while the TSM unregisters
 * must not attach to the departing TSM: it gets -ENXIO.
 */
static void cma_test_connect_queued_behind_unregister(struct kunit *test)
{
	struct cma_test_dev *emu1 = cma_test_new(test, 0);
	struct cma_test_dev *emu2 = cma_test_new(test, 0);
	DECLARE_COMPLETION_ONSTACK(unregistered);
	struct cma_test_async *a, *b;
	struct task_struct *t;
	int rc;

	rc = kunit_add_action_or_reset(test, cma_test_reregister, NULL);
	KUNIT_ASSERT_EQ(test, rc, 0);

	/* A connect holds the lock for a while... */
	emu1->delay_ms = 200;
	a = cma_test_connect_async(test, emu1);

	/* ...the unregistration queues for it... */
	t = kthread_run(cma_test_unregister_thread, &unregistered,
			"cma-test-unreg");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	msleep(200);

	/* ...and then a connect of another function, to the same TSM */
	b = cma_test_connect_async_nowait(test, emu2);

	wait_for_completion(&unregistered);
	cma_test_connect_wait(test, a);
	cma_test_connect_wait(test, b);
	KUNIT_EXPECT_EQ(test, a->rc, strlen(a->tsm));
	KUNIT_EXPECT_EQ(test, b->rc, -ENXIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&emu2->spdm_requests), 0);
	KUNIT_EXPECT_NULL(test, emu1->pdev->tsm);
	KUNIT_EXPECT_NULL(test, emu2->pdev->tsm);
}

static int cma_test_suite_init(struct kunit_suite *suite)
{
	struct file_system_type *type = get_fs_type("sysfs");

	if (!type)
		return -ENODEV;
	cma_test_sysfs = kern_mount(type);
	module_put(type->owner);
	if (IS_ERR(cma_test_sysfs))
		return PTR_ERR(cma_test_sysfs);
	if (!pci_cma_tsm_dev())
		return -ENODEV;
	return 0;
}

static void cma_test_suite_exit(struct kunit_suite *suite)
{
	kern_unmount(cma_test_sysfs);
}

/*
 * The pci-cma netlink family, driven through a real netlink socket as a
 * verifier would: policies, permissions, extack and the dump machinery
 * all run.
 */
#define CMA_NL_BUF	(128 * 1024)

struct cma_nl {
	struct socket *sock;
	const struct cred *cred;	/* the caller's, while sending */
	u32 seq;
	u8 *buf;
};

/* What came back for one request */
struct cma_nl_result {
	int err;			/* 0, or the errno of the reply */
	char msg[160];			/* the extack message, if any */
	unsigned int nr_msgs;		/* messages with data */
	u64 generation;			/* that all of them named */
	bool mixed;			/* they named different generations */
	bool disorder;			/* a piece came out of order */
	const u8 *obj[PCI_CMA_OBJECT_MAX + 1];
	size_t len[PCI_CMA_OBJECT_MAX + 1];
	size_t filled[PCI_CMA_OBJECT_MAX + 1];
	unsigned int pieces[PCI_CMA_OBJECT_MAX + 1];	/* with data */
	u8 slot;
};

KUNIT_DEFINE_ACTION_WRAPPER(cma_nl_fput, fput, struct file *);
KUNIT_DEFINE_ACTION_WRAPPER(cma_nl_kfree_skb, kfree_skb, struct sk_buff *);

static int cma_nl_setopt(struct cma_nl *nl, int opt)
{
	int one = 1;

	return nl->sock->ops->setsockopt(nl->sock, SOL_NETLINK, opt,
					 KERNEL_SOCKPTR(&one), sizeof(one));
}

/* A netlink socket of a caller with or without CAP_NET_ADMIN */
static void cma_nl_open(struct kunit *test, struct cma_nl *nl, bool admin)
{
	struct cred *cred = prepare_creds();
	struct file *f;

	KUNIT_ASSERT_NOT_NULL(test, cred);
	if (!admin)
		cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	nl->cred = cred;
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, cma_test_put_cred, cred), 0);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW,
					       NETLINK_GENERIC, &nl->sock), 0);
	/* netlink_capable() looks at the credentials the socket was opened with */
	scoped_with_creds(cred)
		f = sock_alloc_file(nl->sock, 0, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cma_nl_fput, f), 0);
	/* Error messages, without a copy of the request */
	KUNIT_ASSERT_EQ(test, cma_nl_setopt(nl, NETLINK_EXT_ACK), 0);
	KUNIT_ASSERT_EQ(test, cma_nl_setopt(nl, NETLINK_CAP_ACK), 0);
	nl->buf = kunit_kmalloc(test, CMA_NL_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nl->buf);
}

/* A request: the generic netlink header, then @skb's attributes */
static struct sk_buff *cma_nl_new(struct kunit *test, const char *dev_name)
{
	struct sk_buff *skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, cma_nl_kfree_skb, skb), 0);
	skb_put_zero(skb, NLMSG_HDRLEN + GENL_HDRLEN);
	if (dev_name)
		KUNIT_ASSERT_EQ(test, nla_put_string(skb, PCI_CMA_A_EVIDENCE_DEV_NAME,
						     dev_name), 0);
	return skb;
}

static void cma_nl_parse_err(struct cma_nl_result *r, const void *tlvs,
			     int len)
{
	const struct nlattr *m = nla_find(tlvs, len, NLMSGERR_ATTR_MSG);

	if (m)
		strscpy(r->msg, nla_data(m), sizeof(r->msg));
}

/* One reply message: check it and put its piece in place */
static void cma_nl_parse_msg(struct kunit *test, struct cma_nl_result *r,
			     const struct nlmsghdr *nlh)
{
	struct nlattr *tb[PCI_CMA_A_EVIDENCE_MAX + 1];
	u32 obj, off, total, n;
	u64 gen;

	KUNIT_ASSERT_EQ(test, nla_parse(tb, PCI_CMA_A_EVIDENCE_MAX,
					nlmsg_data(nlh) + GENL_HDRLEN,
					nlmsg_len(nlh) - GENL_HDRLEN, NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_DEV_NAME]);
	KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_GENERATION]);
	gen = nla_get_u64(tb[PCI_CMA_A_EVIDENCE_GENERATION]);
	if (r->generation && r->generation != gen)
		r->mixed = true;
	r->generation = gen;
	if (tb[PCI_CMA_A_EVIDENCE_SLOT])
		r->slot = nla_get_u8(tb[PCI_CMA_A_EVIDENCE_SLOT]);
	if (!tb[PCI_CMA_A_EVIDENCE_OBJECT])
		return;

	/* Every piece stands on its own: object, offset, total size */
	KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_OFFSET]);
	KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_TOTAL_LEN]);
	obj = nla_get_u32(tb[PCI_CMA_A_EVIDENCE_OBJECT]);
	off = nla_get_u32(tb[PCI_CMA_A_EVIDENCE_OFFSET]);
	total = nla_get_u32(tb[PCI_CMA_A_EVIDENCE_TOTAL_LEN]);
	n = tb[PCI_CMA_A_EVIDENCE_DATA] ? nla_len(tb[PCI_CMA_A_EVIDENCE_DATA]) : 0;
	KUNIT_ASSERT_LE(test, obj, PCI_CMA_OBJECT_MAX);
	KUNIT_ASSERT_LE(test, n, PCI_CMA_MAX_CHUNK);
	r->nr_msgs++;
	if (!off) {
		/* An object starts once: again would be a piece out of order */
		if (r->pieces[obj])
			r->disorder = true;
		r->obj[obj] = total ? kunit_kzalloc(test, total, GFP_KERNEL) : NULL;
		r->len[obj] = total;
		r->filled[obj] = 0;
	}
	if (off != r->filled[obj] || total != r->len[obj] || n > total - off) {
		r->disorder = true;
		return;
	}
	if (n) {
		const u8 *pad = nla_data(tb[PCI_CMA_A_EVIDENCE_DATA]) + n;

		memcpy((u8 *)r->obj[obj] + off, nla_data(tb[PCI_CMA_A_EVIDENCE_DATA]), n);
		r->pieces[obj]++;
		/* No kernel memory in the attribute's padding either */
		for (unsigned int i = 0; i < nla_padlen(n); i++)
			KUNIT_EXPECT_EQ_MSG(test, pad[i], 0, "padding of object %u", obj);
	}
	r->filled[obj] += n;
}

/*
 * Send @skb as command @cmd and collect every reply until the end; if
 * @between is given, call it once after the first batch of replies.
 */
static void cma_nl_call(struct kunit *test, struct cma_nl *nl, u8 cmd,
			u16 flags, struct sk_buff *skb, struct cma_nl_result *r,
			void (*between)(struct kunit *test))
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)skb->data;
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct kvec iov = { skb->data, skb->len };
	struct msghdr msg = {};
	bool done = false;
	int len;

	memset(r, 0, sizeof(*r));
	nlh->nlmsg_len = skb->len;
	nlh->nlmsg_type = pci_cma_nl_family_id();
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g->cmd = cmd;
	g->version = PCI_CMA_FAMILY_VERSION;
	scoped_with_creds(nl->cred)
		len = kernel_sendmsg(nl->sock, &msg, &iov, 1, skb->len);
	KUNIT_ASSERT_EQ(test, len, skb->len);

	while (!done) {
		struct kvec riov = { nl->buf, CMA_NL_BUF };
		struct msghdr rmsg = {};

		scoped_with_creds(nl->cred)
			len = kernel_recvmsg(nl->sock, &rmsg, &riov, 1, CMA_NL_BUF,
					     MSG_DONTWAIT);
		KUNIT_ASSERT_GT_MSG(test, len, 0, "no reply before the end");
		for (nlh = (void *)nl->buf; nlmsg_ok(nlh, len);
		     nlh = nlmsg_next(nlh, &len)) {
			KUNIT_ASSERT_EQ(test, nlh->nlmsg_seq, nl->seq);
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = nlmsg_data(nlh);

				r->err = e->error;
				cma_nl_parse_err(r, e + 1, nlmsg_len(nlh) - sizeof(*e));
				done = true;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				int *e = nlmsg_data(nlh);

				r->err = *e;
				cma_nl_parse_err(r, e + 1, nlmsg_len(nlh) - sizeof(*e));
				done = true;
			} else {
				KUNIT_ASSERT_EQ(test, nlh->nlmsg_type, pci_cma_nl_family_id());
				cma_nl_parse_msg(test, r, nlh);
			}
		}
		if (between && !done) {
			between(test);
			between = NULL;
		}
	}
}

static void cma_nl_read(struct kunit *test, struct cma_nl *nl,
			struct sk_buff *skb, u32 mask, struct cma_nl_result *r)
{
	if (mask)
		KUNIT_ASSERT_EQ(test, nla_put_u32(skb, PCI_CMA_A_EVIDENCE_OBJECT_MASK,
						  mask), 0);
	cma_nl_call(test, nl, PCI_CMA_CMD_EVIDENCE_READ, NLM_F_DUMP, skb, r, NULL);
}

static void cma_nl_slot_select(struct kunit *test, struct cma_nl *nl,
			       const char *name, u8 slot,
			       struct cma_nl_result *r)
{
	struct sk_buff *skb = cma_nl_new(test, name);

	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, PCI_CMA_A_EVIDENCE_SLOT, slot), 0);
	cma_nl_call(test, nl, PCI_CMA_CMD_SLOT_SELECT, 0, skb, r, NULL);
}

#define CMA_NL_ALL	(GENMASK(PCI_CMA_OBJECT_MAX, 0))

/* Everything a verifier needs, exactly as the device sent and signed it */
static void cma_nl_test_read(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_nl_result r;
	struct cma_nl nl;
	unsigned int obj;

	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    CMA_NL_ALL, &r);
	KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
	KUNIT_EXPECT_FALSE(test, r.mixed);
	KUNIT_EXPECT_FALSE(test, r.disorder);
	KUNIT_EXPECT_EQ(test, r.generation, pci_cma_generation(emu->pdev));
	for (obj = 0; obj <= PCI_CMA_OBJECT_MAX; obj++)
		KUNIT_EXPECT_EQ_MSG(test, r.filled[obj], r.len[obj], "object %u", obj);

	/* The chain of slot 0 as the device holds it; the other slots empty */
	KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_CERT0], emu->rsp->chain_len);
	KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_CERT0], emu->rsp->chain,
			   emu->rsp->chain_len);
	KUNIT_EXPECT_EQ(test, r.len[PCI_CMA_OBJECT_CERT1], 0);
	KUNIT_EXPECT_EQ(test, r.len[PCI_CMA_OBJECT_REPORT], 0);
	/* VCA: exactly the messages exchanged, without DOE padding */
	KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_VCA], emu->rsp->vca_len);
	KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_VCA], emu->rsp->m1,
			   emu->rsp->vca_len);
	KUNIT_EXPECT_EQ(test, r.obj[PCI_CMA_OBJECT_VCA][1], 0x84);
	/* The last signed exchange is the measurements: L1 as the device signed it */
	KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_TRANSCRIPT], emu->rsp->signed_len);
	KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_TRANSCRIPT], emu->rsp->l1,
			   emu->rsp->signed_len);
	KUNIT_EXPECT_EQ(test, r.len[PCI_CMA_OBJECT_SIGNATURE], 64);
	KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_REQUESTER_NONCE], SPDM_NONCE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_REQUESTER_NONCE],
			   emu->rsp->last_meas_nonce, SPDM_NONCE_SIZE);
	KUNIT_EXPECT_EQ(test, r.len[PCI_CMA_OBJECT_RESPONDER_NONCE], SPDM_NONCE_SIZE);
	KUNIT_EXPECT_GT(test, r.len[PCI_CMA_OBJECT_MEASUREMENTS], 0);

	/* The digest flag: SHA-384 of each object instead */
	{
		struct sk_buff *skb = cma_nl_new(test, pci_name(emu->pdev));
		u8 digest[SHA384_DIGEST_SIZE];

		KUNIT_ASSERT_EQ(test, nla_put_u32(skb, PCI_CMA_A_EVIDENCE_FLAGS,
						  PCI_CMA_READ_FLAGS_DIGEST), 0);
		cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_CERT0, &r);
		KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
		sha384(emu->rsp->chain, emu->rsp->chain_len, digest);
		KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_CERT0], sizeof(digest));
		KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_CERT0], digest,
				   sizeof(digest));
	}
}

/* The verifier's nonce and indices: fresh measurements, a new generation */
static void cma_nl_test_nonce(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	u8 nonce[SPDM_NONCE_SIZE];
	struct cma_nl_result r;
	struct sk_buff *skb;
	struct cma_nl nl;
	char buf[24];
	u64 gen;

	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);

	get_random_bytes(nonce, sizeof(nonce));
	skb = cma_nl_new(test, pci_name(emu->pdev));
	KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE,
				      sizeof(nonce), nonce), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, PCI_CMA_A_EVIDENCE_INDEX, 3), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, PCI_CMA_A_EVIDENCE_INDEX, 1), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_MEASUREMENTS |
		    PCI_CMA_OBJECT_MASK_REQUESTER_NONCE, &r);
	KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
	KUNIT_EXPECT_GT(test, r.generation, gen);
	KUNIT_EXPECT_EQ(test, r.generation, pci_cma_generation(emu->pdev));
	KUNIT_EXPECT_MEMEQ(test, emu->rsp->last_meas_nonce, nonce, sizeof(nonce));
	KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_REQUESTER_NONCE], sizeof(nonce));
	KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_REQUESTER_NONCE], nonce,
			   sizeof(nonce));
	/* Two blocks, in the order asked for */
	KUNIT_ASSERT_GT(test, r.len[PCI_CMA_OBJECT_MEASUREMENTS], 4);
	KUNIT_EXPECT_EQ(test, r.obj[PCI_CMA_OBJECT_MEASUREMENTS][0], 3);
	KUNIT_EXPECT_EQ(test, pci_cma_nr_measurements(emu->pdev), 2);

	/* What the verifier saw before is stale now */
	snprintf(buf, sizeof(buf), "%llu", gen);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", buf), -EAGAIN);
	skb = cma_nl_new(test, pci_name(emu->pdev));
	KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(skb, PCI_CMA_A_EVIDENCE_GENERATION,
						gen, PCI_CMA_A_EVIDENCE_PAD), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_VCA, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EAGAIN);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r.msg, "evidence changed"));
	snprintf(buf, sizeof(buf), "%llu", pci_cma_generation(emu->pdev));
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", buf),
			strlen(buf));
}

/* The policy refused an attribute's value or size, and said so */
static void cma_nl_expect_policy(struct kunit *test, struct cma_nl_result *r)
{
	KUNIT_EXPECT_EQ(test, r->err, -ERANGE);
	KUNIT_EXPECT_NE(test, r->msg[0], '\0');
	KUNIT_EXPECT_EQ(test, r->nr_msgs, 0);
}

/* Fresh measurements the device gets wrong leave no evidence at all */
static void cma_nl_test_nonce_fails(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	u8 nonce[SPDM_NONCE_SIZE] = { 1 };
	struct cma_nl_result r;
	struct sk_buff *skb;
	struct cma_nl nl;

	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), 1);

	/* An index the device does not have: it answers with an ERROR */
	skb = cma_nl_new(test, pci_name(emu->pdev));
	KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE,
				      sizeof(nonce), nonce), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, PCI_CMA_A_EVIDENCE_INDEX, 200), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_MEASUREMENTS, &r);
	KUNIT_EXPECT_LT(test, r.err, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r.msg, "GET_MEASUREMENTS"));
	KUNIT_EXPECT_EQ(test, r.nr_msgs, 0);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), -ENXIO);

	/* Reconnected, and now a record that lies about its length */
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	emu->rsp->meas_len_lie = 4096;
	skb = cma_nl_new(test, pci_name(emu->pdev));
	KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE,
				      sizeof(nonce), nonce), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_MEASUREMENTS, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);
	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    PCI_CMA_OBJECT_MASK_VCA, &r);
	KUNIT_EXPECT_EQ(test, r.err, -ENXIO);
}

/* Bad requests name what is wrong */
static void cma_nl_test_bad_requests(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	const char *name = pci_name(emu->pdev);
	u8 nonce[SPDM_NONCE_SIZE + 1] = {};
	struct cma_nl_result r;
	struct sk_buff *skb;
	struct cma_nl nl;

	cma_nl_open(test, &nl, true);

	/* Not connected: the function is unknown to the family */
	cma_nl_read(test, &nl, cma_nl_new(test, name), PCI_CMA_OBJECT_MASK_VCA, &r);
	KUNIT_EXPECT_EQ(test, r.err, -ENODEV);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r.msg, "dev-name"));
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));

	cma_nl_read(test, &nl, cma_nl_new(test, NULL), PCI_CMA_OBJECT_MASK_VCA, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r.msg, "dev-name"));

	cma_nl_read(test, &nl, cma_nl_new(test, name), 0, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EINVAL);

	cma_nl_read(test, &nl, cma_nl_new(test, name), BIT(PCI_CMA_OBJECT_MAX + 1), &r);
	KUNIT_EXPECT_EQ(test, r.err, -EINVAL);

	/* A nonce is exactly 32 bytes */
	skb = cma_nl_new(test, name);
	KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE, 31, nonce), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_VCA, &r);
	cma_nl_expect_policy(test, &r);
	skb = cma_nl_new(test, name);
	KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE, 33, nonce), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_VCA, &r);
	cma_nl_expect_policy(test, &r);

	/* Indices 1 to 254, and only with a nonce */
	skb = cma_nl_new(test, name);
	KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE, 32, nonce), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, PCI_CMA_A_EVIDENCE_INDEX, 0), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_VCA, &r);
	cma_nl_expect_policy(test, &r);
	skb = cma_nl_new(test, name);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, PCI_CMA_A_EVIDENCE_INDEX, 1), 0);
	cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_VCA, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r.msg, "index"));

	/* A slot beyond 7 */
	cma_nl_slot_select(test, &nl, name, 8, &r);
	cma_nl_expect_policy(test, &r);

	/* None of it touched the evidence */
	cma_test_expect_auth(test, emu, tsm);
}

/* Every operation needs CAP_NET_ADMIN */
static void cma_nl_test_permission(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_nl_result r;
	struct cma_nl nl;
	u64 gen;

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);
	cma_nl_open(test, &nl, false);

	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    PCI_CMA_OBJECT_MASK_CERT0, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EPERM);
	KUNIT_EXPECT_EQ(test, r.nr_msgs, 0);

	cma_nl_slot_select(test, &nl, pci_name(emu->pdev), 0, &r);
	KUNIT_EXPECT_EQ(test, r.err, -EPERM);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), gen);
}

/* Slot selection authenticates again: a new generation, or no evidence */
static void cma_nl_test_slot(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_nl_result r;
	struct cma_nl nl;
	u64 gen;

	emu->rsp->slots = BIT(0) | BIT(2);
	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);

	cma_nl_slot_select(test, &nl, pci_name(emu->pdev), 2, &r);
	KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
	KUNIT_EXPECT_GT(test, r.generation, gen);
	KUNIT_EXPECT_EQ(test, r.generation, pci_cma_generation(emu->pdev));
	KUNIT_EXPECT_EQ(test, r.slot, 2);
	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    PCI_CMA_OBJECT_MASK_CERT2, &r);
	KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
	KUNIT_EXPECT_EQ(test, r.len[PCI_CMA_OBJECT_CERT2], emu->rsp->chain_len);

	/* An empty slot: the authentication fails and leaves no evidence */
	cma_nl_slot_select(test, &nl, pci_name(emu->pdev), 5, &r);
	KUNIT_EXPECT_LT(test, r.err, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r.msg, "slot 5"));
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), -ENXIO);
	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    PCI_CMA_OBJECT_MASK_VCA, &r);
	KUNIT_EXPECT_EQ(test, r.err, -ENXIO);
}

/* A dump that spans many messages, each object in ordered pieces */
static void cma_nl_test_chunks(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_nl_result r;
	struct cma_nl nl;

	/* A chain near the SPDM limit of 64 KiB: several pieces */
	emu->rsp->chain_target = 60000;
	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)), CMA_NL_ALL, &r);
	KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
	KUNIT_EXPECT_FALSE(test, r.disorder);
	KUNIT_EXPECT_GT(test, r.nr_msgs, PCI_CMA_OBJECT_MAX + 2);
	KUNIT_ASSERT_EQ(test, r.len[PCI_CMA_OBJECT_CERT0], emu->rsp->chain_len);
	KUNIT_EXPECT_GT(test, r.len[PCI_CMA_OBJECT_CERT0], 50000);
	KUNIT_EXPECT_MEMEQ(test, r.obj[PCI_CMA_OBJECT_CERT0], emu->rsp->chain,
			   emu->rsp->chain_len);
}

/*
 * An object larger than one attribute carries (64 KiB) arrives whole and
 * in order, in several pieces. Without measurements the last signed
 * transcript is M1: the VCA, DIGESTS, every CERTIFICATE with its portion
 * of the chain, and CHALLENGE_AUTH. A chain at the SPDM limit of 64 KiB
 * makes it larger than that.
 */
static void cma_nl_test_large_object(struct kunit *test)
{
	const unsigned int t = PCI_CMA_OBJECT_TRANSCRIPT, vca = PCI_CMA_OBJECT_VCA;
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_nl_result r;
	struct cma_nl nl;

	emu->rsp->caps &= ~SPDM_CAP_MEAS;
	/* The responder stays a root certificate short of its target */
	emu->rsp->chain_target = U16_MAX + emu->rsp->root_len;
	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_ASSERT_LE(test, emu->rsp->chain_len, U16_MAX);
	KUNIT_ASSERT_EQ(test, emu->rsp->meas_requests, 0);

	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    PCI_CMA_OBJECT_MASK_VCA | PCI_CMA_OBJECT_MASK_TRANSCRIPT, &r);
	KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
	KUNIT_EXPECT_FALSE(test, r.disorder);
	KUNIT_ASSERT_GT(test, r.len[t], SZ_64K);
	KUNIT_ASSERT_EQ(test, r.filled[t], r.len[t]);
	KUNIT_EXPECT_GE(test, r.pieces[t], DIV_ROUND_UP(r.len[t], PCI_CMA_MAX_CHUNK));

	/* M1 as the device signed it (too big for a hexdump), after the VCA */
	KUNIT_ASSERT_EQ(test, r.len[t], emu->rsp->signed_len);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(r.obj[t], emu->rsp->m1, r.len[t]), 0,
			    "the transcript is not the M1 the device signed");
	KUNIT_ASSERT_GT(test, r.len[vca], 0);
	KUNIT_ASSERT_LT(test, r.len[vca], r.len[t]);
	KUNIT_EXPECT_MEMEQ(test, r.obj[t], r.obj[vca], r.len[vca]);
}

/* Connect test->priv again: new evidence while a dump is under way */
static void cma_nl_reconnect(struct kunit *test)
{
	struct cma_test_dev *emu = test->priv;
	const char *tsm = cma_test_tsm_name(test);

	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
}

/*
 * Connect @emu with over 128 KiB of objects (more rounds than the first
 * recvmsg drains), then dump them all, calling @between after the first
 * batch of replies. Return the generation that was read.
 */
static u64 cma_nl_big_dump(struct kunit *test, struct cma_test_dev *emu,
			   void (*between)(struct kunit *test),
			   struct cma_nl_result *r)
{
	const char *tsm = cma_test_tsm_name(test);
	struct sk_buff *skb;
	struct cma_nl nl;
	u64 gen;

	emu->rsp->caps &= ~SPDM_CAP_MEAS;
	emu->rsp->chain_target = U16_MAX + emu->rsp->root_len;
	cma_nl_open(test, &nl, true);
	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);

	skb = cma_nl_new(test, pci_name(emu->pdev));
	KUNIT_ASSERT_EQ(test, nla_put_u32(skb, PCI_CMA_A_EVIDENCE_OBJECT_MASK,
					  CMA_NL_ALL), 0);
	test->priv = emu;
	cma_nl_call(test, &nl, PCI_CMA_CMD_EVIDENCE_READ, NLM_F_DUMP, skb, r,
		    between);
	/* Some of the old generation came, and the dump said why it ended */
	KUNIT_EXPECT_EQ(test, r->err, -EAGAIN);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r->msg, "changed during the read"));
	KUNIT_EXPECT_GT(test, r->nr_msgs, 0);
	KUNIT_EXPECT_EQ(test, r->generation, gen);
	return gen;
}

/*
 * Evidence that changes between two rounds of a dump ends the dump with
 * -EAGAIN and says so: a verifier never gets a mix of two generations.
 */
static void cma_nl_test_generation_race(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	struct cma_nl_result r;
	u64 gen;

	gen = cma_nl_big_dump(test, emu, cma_nl_reconnect, &r);
	/* Nothing of the new one */
	KUNIT_EXPECT_NE(test, pci_cma_generation(emu->pdev), gen);
	KUNIT_EXPECT_LT(test, r.filled[PCI_CMA_OBJECT_TRANSCRIPT],
			r.len[PCI_CMA_OBJECT_TRANSCRIPT] ?: 1);
}

static void cma_nl_disconnect(struct kunit *test)
{
	struct cma_test_dev *emu = test->priv;
	const char *tsm = cma_test_tsm_name(test);

	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
}

static void cma_nl_remove(struct kunit *test)
{
	struct cma_test_dev *emu = test->priv;

	pci_stop_and_remove_bus_device_locked(emu->pdev);
}

/*
 * A dump holds the function's context, not its evidence: a disconnect or
 * a removal between two rounds ends the dump with -EAGAIN, after objects
 * of the old generation only, and the context goes with the dump's end
 * (KASAN and kmemleak watch both).
 */
static void cma_nl_test_dump_races(struct kunit *test)
{
	void (*between[])(struct kunit *test) = { cma_nl_disconnect, cma_nl_remove };

	for (unsigned int i = 0; i < ARRAY_SIZE(between); i++) {
		struct cma_test_dev *emu = cma_test_new(test, 0);
		struct cma_nl_result r;
		struct sk_buff *skb;
		struct cma_nl nl;

		cma_nl_big_dump(test, emu, between[i], &r);
		KUNIT_EXPECT_NULL(test, emu->pdev->tsm);
		/* Nothing to read any more */
		cma_nl_open(test, &nl, true);
		skb = cma_nl_new(test, pci_name(emu->pdev));
		KUNIT_ASSERT_EQ(test, nla_put_u32(skb, PCI_CMA_A_EVIDENCE_OBJECT_MASK,
						  CMA_NL_ALL), 0);
		cma_nl_call(test, &nl, PCI_CMA_CMD_EVIDENCE_READ, NLM_F_DUMP, skb,
			    &r, NULL);
		KUNIT_EXPECT_LT_MSG(test, r.err, 0, "case %u", i);
		KUNIT_EXPECT_EQ(test, r.nr_msgs, 0);
	}
}

/* What the monitor group heard: at most one message, as it is */
struct cma_nl_notice {
	unsigned int nr;
	u8 cmd;
	char dev_name[64];
	char event[32];
	u64 generation;
	int error;
};

static void cma_nl_monitor_read(struct kunit *test, struct cma_nl *nl,
				struct cma_nl_notice *n)
{
	struct kvec riov = { nl->buf, CMA_NL_BUF };
	struct nlattr *tb[PCI_CMA_A_EVIDENCE_MAX + 1];
	struct msghdr rmsg = {};
	struct nlmsghdr *nlh;
	int len;

	memset(n, 0, sizeof(*n));
	scoped_with_creds(nl->cred)
		len = kernel_recvmsg(nl->sock, &rmsg, &riov, 1, CMA_NL_BUF,
				     MSG_DONTWAIT);
	if (len == -EAGAIN)
		return;
	KUNIT_ASSERT_GT(test, len, 0);
	for (nlh = (void *)nl->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		n->nr++;
		KUNIT_ASSERT_EQ(test, nlh->nlmsg_type, pci_cma_nl_family_id());
		n->cmd = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
		KUNIT_ASSERT_EQ(test, nla_parse(tb, PCI_CMA_A_EVIDENCE_MAX,
						nlmsg_data(nlh) + GENL_HDRLEN,
						nlmsg_len(nlh) - GENL_HDRLEN, NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_DEV_NAME]);
		KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_GENERATION]);
		KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_EVENT]);
		KUNIT_ASSERT_NOT_NULL(test, tb[PCI_CMA_A_EVIDENCE_ERROR]);
		/* Nothing else: no evidence is ever multicast */
		KUNIT_EXPECT_NULL(test, tb[PCI_CMA_A_EVIDENCE_DATA]);
		KUNIT_EXPECT_NULL(test, tb[PCI_CMA_A_EVIDENCE_OBJECT]);
		nla_strscpy(n->dev_name, tb[PCI_CMA_A_EVIDENCE_DEV_NAME],
			    sizeof(n->dev_name));
		nla_strscpy(n->event, tb[PCI_CMA_A_EVIDENCE_EVENT], sizeof(n->event));
		n->generation = nla_get_u64(tb[PCI_CMA_A_EVIDENCE_GENERATION]);
		n->error = nla_get_s32(tb[PCI_CMA_A_EVIDENCE_ERROR]);
	}
}

/*
 * The monitor group hears of a function the same-device check rejected,
 * once it is disconnected; of nothing else (a device that passes, or a
 * plain disconnect)
 */
static void cma_nl_test_reject_notify(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	int group = pci_cma_nl_monitor_group();
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct cma_nl_notice n;
	struct cma_nl nl;
	u64 gen;

	cma_nl_open(test, &nl, true);
	/* Bound, as a listener must be: multicast skips port id 0 */
	KUNIT_ASSERT_EQ(test, kernel_bind(nl.sock, (struct sockaddr_unsized *)&sa,
					  sizeof(sa)), 0);
	KUNIT_ASSERT_EQ(test, nl.sock->ops->setsockopt(nl.sock, SOL_NETLINK,
						       NETLINK_ADD_MEMBERSHIP,
						       KERNEL_SOCKPTR(&group),
						       sizeof(group)), 0);

	gen = cma_test_accepted(test, emu, tsm);
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);
	cma_nl_monitor_read(test, &nl, &n);
	KUNIT_EXPECT_EQ(test, n.nr, 0);

	emu->rsp->meas_salt = 1;
	cma_test_expect_rejected(test, emu, tsm, -EKEYREJECTED);
	cma_nl_monitor_read(test, &nl, &n);
	KUNIT_EXPECT_EQ(test, n.nr, 1);
	KUNIT_EXPECT_EQ(test, n.cmd, PCI_CMA_CMD_REJECT_NTF);
	KUNIT_EXPECT_STREQ(test, n.dev_name, pci_name(emu->pdev));
	KUNIT_EXPECT_STREQ(test, n.event, "test reset");
	KUNIT_EXPECT_EQ(test, n.generation, gen);
	KUNIT_EXPECT_EQ(test, n.error, -EKEYREJECTED);

	/* Accepted again as it now is, then simply disconnected: no word */
	cma_test_accepted(test, emu, tsm);
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	cma_nl_monitor_read(test, &nl, &n);
	KUNIT_EXPECT_EQ(test, n.nr, 0);

	/* A device that does not answer is rejected with the step's errno */
	gen = cma_test_accepted(test, emu, tsm);
	emu->stall = true;
	cma_test_expect_rejected(test, emu, tsm, -ETIMEDOUT);
	emu->stall = false;
	cma_nl_monitor_read(test, &nl, &n);
	KUNIT_EXPECT_EQ(test, n.nr, 1);
	KUNIT_EXPECT_EQ(test, n.generation, gen);
	KUNIT_EXPECT_EQ(test, n.error, -ETIMEDOUT);
}

/*
 * A verifier's fresh read is what resumes an accepted device from D3cold:
 * the same-device check runs first, outside the DSM lock the read then
 * takes, and the read goes on
 */
static void cma_nl_test_d3cold_fresh_read(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	const char *tsm = cma_test_tsm_name(test);
	struct device *dev = &emu->pdev->dev;
	u8 nonce[SPDM_NONCE_SIZE];
	struct cma_nl_result r;
	struct sk_buff *skb;
	struct cma_nl nl;
	unsigned int before[2];
	u64 gen;
	int i;

	cma_nl_open(test, &nl, true);
	gen = cma_test_accepted(test, emu, tsm);
	pm_runtime_allow(dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cma_test_pm_forbid, dev), 0);

	/* What a fresh read costs with power kept, then after D3cold */
	for (i = 0; i < 2; i++) {
		if (i)
			cma_test_d3cold(test, emu);
		before[i] = atomic_read(&emu->spdm_requests);
		get_random_bytes(nonce, sizeof(nonce));
		skb = cma_nl_new(test, pci_name(emu->pdev));
		KUNIT_ASSERT_EQ(test, nla_put(skb, PCI_CMA_A_EVIDENCE_NONCE,
					      sizeof(nonce), nonce), 0);
		cma_nl_read(test, &nl, skb, PCI_CMA_OBJECT_MASK_MEASUREMENTS, &r);
		KUNIT_ASSERT_EQ_MSG(test, r.err, 0, "%s", r.msg);
		KUNIT_EXPECT_GT(test, r.generation, gen);
		KUNIT_EXPECT_MEMEQ(test, emu->rsp->last_meas_nonce, nonce,
				   sizeof(nonce));
		before[i] = atomic_read(&emu->spdm_requests) - before[i];
	}
	/* The check's four exchanges came first */
	KUNIT_EXPECT_EQ(test, before[1], before[0] + 4);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen);
}

static struct kunit_case cma_nl_test_cases[] = {
	KUNIT_CASE(cma_nl_test_read),
	KUNIT_CASE(cma_nl_test_nonce),
	KUNIT_CASE(cma_nl_test_nonce_fails),
	KUNIT_CASE(cma_nl_test_bad_requests),
	KUNIT_CASE(cma_nl_test_permission),
	KUNIT_CASE(cma_nl_test_slot),
	KUNIT_CASE(cma_nl_test_chunks),
	KUNIT_CASE(cma_nl_test_large_object),
	KUNIT_CASE(cma_nl_test_generation_race),
	KUNIT_CASE(cma_nl_test_dump_races),
	KUNIT_CASE_SLOW(cma_nl_test_reject_notify),
	KUNIT_CASE(cma_nl_test_d3cold_fresh_read),
	{}
};

/* A TDISP device: secure sessions and DEVCAP.TEE */
static struct cma_test_dev *cma_test_tdisp_new(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, CMA_TEST_TEE);

	cma_test_session_caps(emu, 0);
	return emu;
}

/* Read the report object over netlink and compare it with the device's */
static void cma_test_expect_report(struct kunit *test,
				   struct cma_test_dev *emu, bool present)
{
	u8 *want = kunit_kmalloc(test, PCI_TDISP_MAX_REPORT, GFP_KERNEL);
	struct cma_nl_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct cma_nl nl;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, r);
	len = cma_test_tdi_report(emu, want, PCI_TDISP_MAX_REPORT);
	cma_nl_open(test, &nl, true);
	cma_nl_read(test, &nl, cma_nl_new(test, pci_name(emu->pdev)),
		    PCI_CMA_OBJECT_MASK_REPORT, r);
	KUNIT_ASSERT_EQ_MSG(test, r->err, 0, "%s", r->msg);
	KUNIT_EXPECT_EQ(test, r->generation, pci_cma_generation(emu->pdev));
	if (!present) {
		KUNIT_EXPECT_EQ(test, r->len[PCI_CMA_OBJECT_REPORT], 0);
		return;
	}
	KUNIT_ASSERT_EQ(test, r->len[PCI_CMA_OBJECT_REPORT], len);
	KUNIT_EXPECT_MEMEQ(test, r->obj[PCI_CMA_OBJECT_REPORT], want, len);
}

/*
 * lock: TDISP version, capabilities, LOCK_INTERFACE, the report (now in
 * the evidence, under a new generation), CONFIG_LOCKED. accept: the new
 * generation only, START_INTERFACE, RUN. A reset: the same report, RUN
 * again. unlock: STOP_INTERFACE, the report gone.
 */
static void cma_test_tdisp_lock_accept(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_tdisp_new(test);
	const char *tsm = cma_test_tsm_name(test);
	u64 gen1, gen2;
	char buf[24];

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen1 = pci_cma_generation(emu->pdev);
	cma_test_expect_report(test, emu, false);

	emu->tdi.portion_max = 40;	/* the report comes in portions */
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_LOCKED);
	KUNIT_EXPECT_EQ(test, emu->tdi.outside_session, 0);
	KUNIT_EXPECT_EQ(test, emu->tdi.last_type, PCI_TDISP_GET_STATE);
	gen2 = pci_cma_generation(emu->pdev);
	KUNIT_EXPECT_GT(test, gen2, gen1);
	cma_test_expect_report(test, emu, true);
	/* Locked already */
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			-EBUSY);

	/* The verdict on the evidence before the lock does not start it */
	snprintf(buf, sizeof(buf), "%llu", gen1);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", buf),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_LOCKED);
	snprintf(buf, sizeof(buf), "%llu", gen2);
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", buf),
			strlen(buf));
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_RUN);
	KUNIT_EXPECT_EQ(test, emu->tdi.starts, 1);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen2);

	/* After a reset: stopped, locked, the same report, running again */
	emu->tdi.state = PCI_TDISP_STATE_UNLOCKED;
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), 0);
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_RUN);
	KUNIT_EXPECT_EQ(test, emu->tdi.locks, 2);
	KUNIT_EXPECT_EQ(test, emu->tdi.starts, 2);
	KUNIT_EXPECT_EQ(test, pci_cma_accepted_generation(emu->pdev), gen2);

	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/unlock", tsm),
			strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_UNLOCKED);
	KUNIT_EXPECT_GT(test, pci_cma_generation(emu->pdev), gen2);
	cma_test_expect_report(test, emu, false);

	/* Locked again, then disconnect: stopped, and the session ended */
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/disconnect", tsm),
			strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_UNLOCKED);
	KUNIT_EXPECT_EQ(test, emu->rsp->sessions_ended, 1);
}

/* A report that changed across a reset: not the device accepted */
static void cma_test_tdisp_report_changed(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_tdisp_new(test);
	const char *tsm = cma_test_tsm_name(test);

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			strlen(tsm));
	KUNIT_ASSERT_EQ(test, cma_test_write(emu->pdev, "tsm/accept", "1"), 1);
	pci_set_master(emu->pdev);
	emu->tdi.report_salt = 0x5a;
	emu->tdi.state = PCI_TDISP_STATE_UNLOCKED;
	KUNIT_EXPECT_EQ(test, cma_test_recheck(emu->pdev), -EKEYREJECTED);
	/* Not left locked, and out of use */
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_UNLOCKED);
	cma_test_expect_out(test, emu);
}

struct cma_tdisp_hostile {
	const char *name;
	void (*setup)(struct cma_test_tdi *t);
	int err;
};

static void tdi_range_count_more(struct cma_test_tdi *t)
{
	t->range_count_lie = 1;
}

static void tdi_range_count_less(struct cma_test_tdi *t)
{
	t->range_count_lie = -1;
}

static void tdi_range_count_huge(struct cma_test_tdi *t)
{
	t->range_count_lie = 0x10000000;
}

static void tdi_remainder_lie(struct cma_test_tdi *t)
{
	t->portion_max = 16;
	t->remainder_lie = 1;
}

/* The last range's last page just past BAR 0 */
static void tdi_range_past_bar(struct cma_test_tdi *t)
{
	t->range_move = (CMA_TEST_BAR0_SIZE >> 12) - 0x10 * (t->nr_ranges - 1) - 3;
}

/* The last range far from any BAR */
static void tdi_range_outside(struct cma_test_tdi *t)
{
	t->range_move = 0x100000;
}

static void tdi_report_huge(struct cma_test_tdi *t)
{
	t->dev_info_len = PCI_TDISP_MAX_REPORT;
}

static void tdi_function_id(struct cma_test_tdi *t)
{
	t->function_id_lie = 1;
}

static void tdi_version(struct cma_test_tdi *t)
{
	t->version = 0x20;
}

static void tdi_lock_error(struct cma_test_tdi *t)
{
	t->error_on = PCI_TDISP_LOCK_INTERFACE;
	t->error_code = 0x0104;
}

static void tdi_busy(struct cma_test_tdi *t)
{
	t->error_on = PCI_TDISP_GET_REPORT;
	t->error_code = 0x0003;
}

static void tdi_not_locked(struct cma_test_tdi *t)
{
	t->stay_unlocked = true;
}

static const struct cma_tdisp_hostile cma_tdisp_hostile_cases[] = {
	{ "MMIO_RANGE_COUNT one more", tdi_range_count_more, -EPROTO },
	{ "MMIO_RANGE_COUNT one less", tdi_range_count_less, -EPROTO },
	{ "MMIO_RANGE_COUNT huge", tdi_range_count_huge, -EPROTO },
	{ "MMIO range past the BAR's end", tdi_range_past_bar, -EPROTO },
	{ "MMIO range outside every BAR", tdi_range_outside, -EPROTO },
	{ "REMAINDER_LENGTH lies", tdi_remainder_lie, -EPROTO },
	{ "report over 64 KiB", tdi_report_huge, -EPROTO },
	{ "another FUNCTION_ID", tdi_function_id, -EPROTO },
	{ "no TDISP 1.0", tdi_version, -EOPNOTSUPP },
	{ "LOCK_INTERFACE TDISP_ERROR", tdi_lock_error, -EIO },
	{ "report Busy", tdi_busy, -EBUSY },
	{ "not locked after LOCK_INTERFACE", tdi_not_locked, -EIO },
};

static void cma_tdisp_hostile_desc(const struct cma_tdisp_hostile *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cma_tdisp_hostile, cma_tdisp_hostile_cases,
		  cma_tdisp_hostile_desc);

/*
 * Each lie fails the lock with its errno: the interface is stopped again,
 * the evidence and its generation stay as they were, and no report is in
 * it. The same function then locks with an honest device.
 */
static void cma_test_tdisp_hostile(struct kunit *test)
{
	const struct cma_tdisp_hostile *c = test->param_value;
	struct cma_test_dev *emu = cma_test_tdisp_new(test);
	const char *tsm = cma_test_tsm_name(test);
	struct cma_test_tdi honest;
	u64 gen;

	KUNIT_ASSERT_EQ(test, cma_test_connect(emu, tsm), strlen(tsm));
	gen = pci_cma_generation(emu->pdev);
	honest = emu->tdi;
	c->setup(&emu->tdi);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			c->err);
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_UNLOCKED);
	KUNIT_EXPECT_EQ(test, pci_cma_generation(emu->pdev), gen);
	cma_test_expect_auth(test, emu, tsm);

	emu->tdi = honest;
	cma_test_expect_report(test, emu, false);
	KUNIT_EXPECT_EQ(test, cma_test_write(emu->pdev, "tsm/lock", tsm),
			strlen(tsm));
	KUNIT_EXPECT_EQ(test, emu->tdi.state, PCI_TDISP_STATE_LOCKED);
}

/* The report parser on its own: every length at its edge */
static void cma_test_tdisp_parse_report(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	u8 *r = kunit_kzalloc(test, 4096, GFP_KERNEL);
	size_t len;
	u32 nr;

	KUNIT_ASSERT_NOT_NULL(test, r);
	len = cma_test_tdi_report(emu, r, 4096);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, len, &nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 2);
	/* Short by one, long by one, or cut inside the header */
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, len - 1, &nr), -EPROTO);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, len + 1, &nr), -EPROTO);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, 19, &nr), -EPROTO);
	/* DEVICE_SPECIFIC_INFO_LEN past the end */
	put_unaligned_le32(9, r + 16 + 32);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, len, &nr), -EPROTO);
	put_unaligned_le32(8, r + 16 + 32);
	/* A range of no pages, and one that wraps */
	put_unaligned_le32(0, r + 16 + 8);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, len, &nr), -EPROTO);
	put_unaligned_le32(4, r + 16 + 8);
	put_unaligned_le64(U64_MAX - 1, r + 16);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, len, &nr), -EPROTO);
	/* No ranges and no device-specific bytes: the smallest report */
	memset(r, 0, 20);
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_parse_report(r, 20, &nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 0);
}

/*
 * The ranges against the function's BARs: the PCI core sized the emulated
 * BAR 0; a range must lie wholly inside it
 */
static void cma_test_tdisp_check_ranges(struct kunit *test)
{
	struct cma_test_dev *emu = cma_test_new(test, 0);
	u8 r[PCI_TDISP_REPORT_HDR_SIZE + PCI_TDISP_RANGE_SIZE] = {};
	static const struct {
		s64 first;	/* pages from the BAR's start */
		u32 pages;
		int err;
	} c[] = {
		{ 0, 1, 0 },
		{ 0, CMA_TEST_BAR0_SIZE >> 12, 0 },	/* the whole BAR */
		{ 0, (CMA_TEST_BAR0_SIZE >> 12) + 1, -EPROTO },
		{ (CMA_TEST_BAR0_SIZE >> 12) - 1, 1, 0 },	/* its last page */
		{ CMA_TEST_BAR0_SIZE >> 12, 1, -EPROTO },
		{ -1, 1, -EPROTO },			/* the page before */
		{ -1, 2, -EPROTO },
	};

	KUNIT_EXPECT_EQ(test, pci_resource_start(emu->pdev, 0), CMA_TEST_BAR0);
	KUNIT_EXPECT_EQ(test, pci_resource_len(emu->pdev, 0), CMA_TEST_BAR0_SIZE);
	KUNIT_EXPECT_TRUE(test, pci_resource_flags(emu->pdev, 0) & IORESOURCE_MEM);
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		put_unaligned_le64((CMA_TEST_BAR0 >> 12) + c[i].first,
				   r + PCI_TDISP_REPORT_HDR_SIZE);
		put_unaligned_le32(c[i].pages, r + PCI_TDISP_REPORT_HDR_SIZE + 8);
		KUNIT_EXPECT_EQ_MSG(test, pci_cma_tdisp_check_ranges(emu->pdev, r, 1),
				    c[i].err, "range %u", i);
	}
	/* A report without ranges */
	KUNIT_EXPECT_EQ(test, pci_cma_tdisp_check_ranges(emu->pdev, r, 0), 0);
}

static struct kunit_case cma_test_cases[] = {
	KUNIT_CASE(cma_test_registration),
	KUNIT_CASE(cma_test_no_cma),
	KUNIT_CASE(cma_test_connect_disconnect),
	KUNIT_CASE(cma_test_double_connect),
	KUNIT_CASE(cma_test_unknown_tsm),
	KUNIT_CASE(cma_test_garbage),
	KUNIT_CASE(cma_test_accept),
	KUNIT_CASE(cma_test_recheck_same),
	KUNIT_CASE_SLOW(cma_test_recheck_changed),
	KUNIT_CASE_SLOW(cma_test_recheck_d3cold),
	KUNIT_CASE_SLOW(cma_test_recheck_races),
	KUNIT_CASE_SLOW(cma_test_resume_races),
	KUNIT_CASE(cma_test_unprivileged),
	KUNIT_CASE(cma_test_lock_no_tdisp),
	KUNIT_CASE(cma_test_lock_driver_bound),
	KUNIT_CASE_SLOW(cma_test_rejected_runtime_pm),
	KUNIT_CASE(cma_test_stalled),
	KUNIT_CASE(cma_test_failed_stays_visible),
	KUNIT_CASE(cma_test_measurements),
	KUNIT_CASE(cma_test_unsigned_measurements),
	KUNIT_CASE(cma_test_bad_measurements),
	KUNIT_CASE_SLOW(cma_test_session),
	KUNIT_CASE(cma_test_session_failures),
	KUNIT_CASE(cma_test_tdisp_lock_accept),
	KUNIT_CASE(cma_test_tdisp_report_changed),
	KUNIT_CASE_PARAM(cma_test_tdisp_hostile, cma_tdisp_hostile_gen_params),
	KUNIT_CASE(cma_test_tdisp_parse_report),
	KUNIT_CASE(cma_test_tdisp_check_ranges),
	KUNIT_CASE(cma_test_other_tsm),
	KUNIT_CASE(cma_test_runtime_pm),
	KUNIT_CASE_SLOW(cma_test_disconnect_during_connect),
	KUNIT_CASE_SLOW(cma_test_remove_during_connect),
	KUNIT_CASE_SLOW(cma_test_orderly_remove_during_connect),
	KUNIT_CASE_SLOW(cma_test_unregister_during_connect),
	KUNIT_CASE_SLOW(cma_test_connect_queued_behind_unregister),
	{}
};

static struct kunit_suite cma_test_suite = {
	.name = "pci_cma",
	.suite_init = cma_test_suite_init,
	.suite_exit = cma_test_suite_exit,
	.test_cases = cma_test_cases,
};

static struct kunit_suite cma_nl_suite = {
	.name = "pci_cma_netlink",
	.suite_init = cma_test_suite_init,
	.suite_exit = cma_test_suite_exit,
	.test_cases = cma_nl_test_cases,
};

kunit_test_suites(&cma_test_suite, &cma_nl_suite);

MODULE_DESCRIPTION("KUnit tests for kernel-pci-cma");
MODULE_LICENSE("GPL");
