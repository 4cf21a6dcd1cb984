// SPDX-License-Identifier: GPL-2.0
/*
 * cma-verify: reference verifier for PCIe CMA-SPDM evidence
 *
 * The kernel's kernel-pci-cma driver authenticates a PCIe function with
 * SPDM and keeps the evidence; it does not decide whether the device is
 * trustworthy. This tool does: it reads the evidence over generic netlink
 * with a fresh nonce of its own, checks the certificate chain against
 * the roots it is told to trust, verifies the device's signature over the
 * exact transcript bytes itself, checks a TDISP interface report, compares
 * the signed measurements and the report with reference values, and only
 * then writes the generation it verified to tsm/accept and binds a
 * driver. It also checks saved evidence and recorded DOE exchanges
 * offline.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cma-verify.h"

static const char usage[] =
"Usage: cma-verify [OPTION]... DEVICE\n"
"       cma-verify [OPTION]... --evidence FILE\n"
"       cma-verify [OPTION]... --pcap FILE\n"
"\n"
"Verify a PCIe function that the kernel's kernel-pci-cma TSM driver has\n"
"authenticated (DEVICE, e.g. 0000:01:00.0: connect it first with\n"
"  echo tsmN > /sys/bus/pci/devices/DEVICE/tsm/connect),\n"
"evidence saved earlier (--evidence), or every signature of a recorded\n"
"DOE exchange (--pcap: pcap, link type 292; large responses in chunks\n"
"are put together; a signed message it cannot check rejects it).\n"
"\n"
"With DEVICE, the verifier sends a fresh random nonce over the pci-cma\n"
"generic netlink family (needs CAP_NET_ADMIN); the kernel gets new\n"
"signed measurements over it, and the verifier reads all the evidence:\n"
"certificate chains, the VCA exchange, the measurements, the signed\n"
"transcript, the signature and both nonces. It then checks:\n"
"  - the certificate chain of the slot used: SPDM chain format, root\n"
"    hash, and a path to a trusted root with every signature and\n"
"    validity period good;\n"
"  - the device's signature over the transcript bytes, rebuilt and\n"
"    checked message by message, with the chain's leaf key;\n"
"  - that the signed nonce is this verifier's fresh nonce;\n"
"  - a TDISP interface report (after tsm/lock), read in the same dump:\n"
"    its structure to the byte and its MMIO ranges;\n"
"  - the signed measurements and the report against reference values\n"
"    (--reference).\n"
"\n"
"Options:\n"
"  -r, --roots DIR          trusted root certificates: every PEM or DER\n"
"                           certificate in DIR's files (or one file)\n"
"      --trust-chain-root   trust the root certificate each chain carries\n"
"                           (for recorded test exchanges only)\n"
"  -m, --reference FILE     reference values for the measurements and\n"
"                           the TDISP interface report\n"
"  -i, --index N            get fresh measurements of index N only\n"
"                           (repeat for more; default: all)\n"
"      --no-nonce           do not get fresh measurements: verify the\n"
"                           evidence of the last connect, whose nonce is\n"
"                           the kernel's (freshness then fails)\n"
"  -s, --slot N             authenticate with certificate slot N first\n"
"  -o, --save FILE          save the evidence read, to verify it later\n"
"  -j, --json FILE          write the JSON report to FILE (- for stdout)\n"
"  -q, --quiet              no human summary\n"
"      --accept             if verified, write the generation verified to\n"
"                           DEVICE's tsm/accept\n"
"      --bind DRIVER        if verified and accepted, bind DRIVER\n"
"      --sysfs DIR          sysfs is at DIR (default /sys)\n"
"      --spans FILE         with --pcap: write the byte ranges of the file\n"
"                           that each verified signature covers\n"
"  -v, --verbose            say every check on stderr\n"
"  -h, --help               this text\n"
"\n"
"Reference values file: one measurement block per line, \"INDEX VALUE\",\n"
"VALUE the hex of the DMTF measurement value (the digest, or the raw\n"
"bits) or \"any\" (present, any value); a line \"other any\" allows blocks\n"
"the file does not list, which are otherwise rejected. Lines about the\n"
"TDISP interface report: \"report sha384 HEX\" (of the whole report),\n"
"\"report interface-info FLAGS\" and \"report range ADDRESS SIZE\n"
"ATTRIBUTES ID\" (then the report's MMIO ranges are exactly those lines',\n"
"in any order); FLAGS and ATTRIBUTES are \"none\" or names (as in the\n"
"JSON report) or numbers, comma-separated. A file of report lines only\n"
"does not compare measurements. '#' starts a comment.\n"
"\n"
"Saved evidence file: \"PCICMAEV\", format version 1 (u32), then records\n"
"of tag (u16), length (u32) and bytes, little-endian: tag 1 the device\n"
"name, 2 the generation (u64), 3 the verifier's nonce, 16+N the object\n"
"N of enum pci_cma_object (include/uapi/linux/pci_cma.h).\n"
"\n"
"Exit status: 0 verified (and accepted and bound, if asked), 1 rejected\n"
"(the reason is the first failed check; also when tsm/accept refuses\n"
"stale evidence), 2 error (bad usage, no netlink family, I/O).\n";

enum { OPT_TRUST_ROOT = 256, OPT_NO_NONCE, OPT_ACCEPT, OPT_BIND, OPT_SYSFS, OPT_SPANS };

static const struct option options[] = {
	{ "roots", required_argument, NULL, 'r' },
	{ "trust-chain-root", no_argument, NULL, OPT_TRUST_ROOT },
	{ "reference", required_argument, NULL, 'm' },
	{ "index", required_argument, NULL, 'i' },
	{ "no-nonce", no_argument, NULL, OPT_NO_NONCE },
	{ "slot", required_argument, NULL, 's' },
	{ "save", required_argument, NULL, 'o' },
	{ "evidence", required_argument, NULL, 'e' },
	{ "pcap", required_argument, NULL, 'p' },
	{ "json", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "accept", no_argument, NULL, OPT_ACCEPT },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "sysfs", required_argument, NULL, OPT_SYSFS },
	{ "spans", required_argument, NULL, OPT_SPANS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

/* Write @val to a sysfs attribute; 0 or the errno the kernel gave */
static int sysfs_write(const char *path, const char *val)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		err = errno;
	else if ((size_t)n != strlen(val))
		err = EIO;
	close(fd);
	return err;
}

static unsigned long parse_number(const char *s, unsigned long max, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v > max)
		die("%s: \"%s\" is not a number up to %lu", what, s, max);
	return v;
}

int main(int argc, char **argv)
{
	const char *roots = NULL, *ref = NULL, *save = NULL, *evfile = NULL;
	const char *pcap = NULL, *json = NULL, *bind = NULL, *spans = NULL;
	const char *sysfs = "/sys", *dev = NULL;
	bool trust_own_root = false, nonce = true, quiet = false, accept = false;
	u8 indices[254];
	unsigned int nr_indices = 0;
	struct evidence ev = { 0 };
	struct report r = { 0 };
	struct trust *t = NULL;
	const struct check *fail;
	int slot = -1, opt, rc, status;
	char path[4096], val[32];
	FILE *spans_f = NULL;

	while ((opt = getopt_long(argc, argv, "r:m:i:s:o:j:qvh", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			roots = optarg;
			break;
		case OPT_TRUST_ROOT:
			trust_own_root = true;
			break;
		case 'm':
			ref = optarg;
			break;
		case 'i':
			if (nr_indices == sizeof(indices))
				die("--index: at most %zu", sizeof(indices));
			indices[nr_indices++] = parse_number(optarg, 254, "--index");
			if (!indices[nr_indices - 1])
				die("--index: 1 to 254");
			break;
		case OPT_NO_NONCE:
			nonce = false;
			break;
		case 's':
			slot = parse_number(optarg, 7, "--slot");
			break;
		case 'o':
			save = optarg;
			break;
		case 'e':
			evfile = optarg;
			break;
		case 'p':
			pcap = optarg;
			break;
		case 'j':
			json = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_ACCEPT:
			accept = true;
			break;
		case OPT_BIND:
			bind = optarg;
			break;
		case OPT_SYSFS:
			sysfs = optarg;
			break;
		case OPT_SPANS:
			spans = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return EXIT_ERROR;
		}
	}
	if (optind < argc)
		dev = argv[optind++];
	if (optind < argc || !!dev + !!evfile + !!pcap != 1) {
		fputs(usage, stderr);
		return EXIT_ERROR;
	}
	if (pcap && (accept || bind || save || slot >= 0 || nr_indices || ref))
		die("--pcap verifies a recording: no device options with it");
	if (spans && !pcap)
		die("--spans goes with --pcap");
	if (bind && !accept)
		die("--bind needs --accept: a driver binds only to an accepted device");
	if (evfile && (slot >= 0 || nr_indices || save))
		die("--evidence verifies a saved file: --slot, --index and --save need DEVICE");
	if (!nonce && nr_indices)
		die("--index asks for fresh measurements: not with --no-nonce");

	if (roots)
		t = trust_load(roots, &r);

	if (pcap) {
		if (spans) {
			spans_f = fopen(spans, "w");
			if (!spans_f)
				die("cannot write %s", spans);
		}
		if (pcap_verify(pcap, &r, t, trust_own_root, spans_f))
			die("cannot read %s", pcap);
		if (spans_f)
			fclose(spans_f);
	} else {
		if (evfile) {
			rc = evidence_load(&ev, evfile);
			if (rc)
				die("%s: %s", evfile, rc == -EINVAL ? "not a saved evidence file" :
				    strerror(-rc));
		} else {
			if (slot >= 0 && evidence_slot_select(dev, slot, &ev.generation))
				return EXIT_ERROR;
			if (evidence_fetch(&ev, dev, nonce, nr_indices ? indices : NULL,
					   nr_indices))
				return EXIT_ERROR;
			rc = save ? evidence_save(&ev, save) : 0;
			if (rc)
				die("cannot save %s: %s", save, strerror(-rc));
		}
		evidence_verify(&ev, &r, t, trust_own_root);
		if (ref)
			refvals_check(&r, ref);
	}

	fail = first_failure(&r);
	status = fail ? EXIT_REJECTED : EXIT_VERIFIED;
	if (!fail && accept) {
		snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/tsm/accept", sysfs, ev.dev);
		snprintf(val, sizeof(val), "%llu\n", (unsigned long long)ev.generation);
		rc = sysfs_write(path, val);
		if (rc == EAGAIN) {
			check(&r, false, "accept",
			      "tsm/accept refused generation %llu: the evidence changed; verify again",
			      (unsigned long long)ev.generation);
			status = EXIT_REJECTED;
		} else if (rc) {
			warnx("%s: %s", path, strerror(rc));
			status = EXIT_ERROR;
		} else {
			check(&r, true, "accept", "generation %llu accepted",
			      (unsigned long long)ev.generation);
		}
		if (!rc && bind) {
			snprintf(path, sizeof(path), "%s/bus/pci/drivers/%s/bind", sysfs, bind);
			rc = sysfs_write(path, ev.dev);
			if (rc) {
				warnx("%s: %s", path, strerror(rc));
				status = EXIT_ERROR;
			} else {
				check(&r, true, "bind", "%s bound", bind);
			}
		}
	}

	if (json) {
		FILE *f = strcmp(json, "-") ? fopen(json, "w") : stdout;

		if (!f)
			die("cannot write %s", json);
		report_json(&r, f);
		if (f != stdout)
			fclose(f);
	}
	if (!quiet)
		report_human(&r, json && !strcmp(json, "-") ? stderr : stdout);
	trust_free(t);
	evidence_free(&ev);
	report_free(&r);
	return status;
}
